#pragma once

#include "net/repository_client.h"
#include "sync/job_control.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

// Reads an observation-state listing window page by page, the way the reference should have (spec
// caom2-sync.md §1.8, Ours): the next page starts at the last row's timestamp and rows already seen at that
// timestamp are dropped, so boundary rows are neither lost nor doubled; a page holding a single timestamp
// is re-read whole with the server's cap instead of looping; a page cut short is read again. Pages are
// handed over complete, so a listing that fails never leaves half a page in the pipeline.
namespace harvest {

struct ListingWindow {
    std::string collection;
    std::string filter;                // MAST-style extra query, observation listings only
    std::optional<std::int64_t> start; // inclusive; none = from the beginning
    std::optional<std::int64_t> end;   // inclusive
    int pageSize = 10000;
    int serverCap = 100000;
    int pageAttempts = 3; // a page cut short is read again this many times in all
};

class StateLister {
public:
    StateLister(net::RepositoryClient &client, ListingWindow window, JobControl &control);

    // Calls onPage for each page (never empty) in order; onPage returning false stops the listing (Ok).
    // Errors: the listing's own (Transient after pageAttempts, Parse, Auth...), or "cannot page past
    // timestamp T" when more rows than the server's cap share one timestamp; Cancelled.
    mirror::Result<std::int64_t> run(const std::function<bool(std::vector<net::StateRow> &&)> &onPage);
    // Pages read again after a cut, plus the client's own retries.
    std::int64_t retries() const { return m_rereads + m_client.retries(); }

private:
    mirror::Result<std::vector<net::StateRow>> readPage(const net::ListingQuery &query);

    net::RepositoryClient &m_client;
    ListingWindow m_window;
    JobControl &m_control;
    std::int64_t m_rereads = 0;
};

// The same paging for deletion listings (ordered by deletion time; order ignored by servers).
class DeletionLister {
public:
    DeletionLister(net::RepositoryClient &client, ListingWindow window, JobControl &control);
    mirror::Result<std::int64_t> run(const std::function<bool(std::vector<net::DeletionRow> &&)> &onPage);
    // Pages read again after a cut, plus the client's own retries.
    std::int64_t retries() const { return m_rereads + m_client.retries(); }

private:
    net::RepositoryClient &m_client;
    ListingWindow m_window;
    JobControl &m_control;
    std::int64_t m_rereads = 0;
};

} // namespace harvest
