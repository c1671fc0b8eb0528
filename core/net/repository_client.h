#pragma once

#include "common/result.h"
#include "net/capabilities.h"
#include "net/http_client.h"
#include "net/listing_parser.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

// The repository protocol client (spec caom2-sync.md §1.2-1.6): collections, observation-state and
// deletion listings parsed as they stream in, and single observation documents. One client per thread
// (it owns one HttpClient, so its requests reuse one connection).
namespace net {

struct ListingQuery {
    std::string collection;
    std::optional<std::int64_t> start; // inclusive, ms since 1970 UTC
    std::optional<std::int64_t> end;   // inclusive
    int maxRecords = 0;                // 0: the server's default (its cap)
    bool descending = false;           // observation listings only; deletion listings ignore it
    // MAST-style extra filter ("telescope=X" of a configured "HLSP?telescope=X"): observation listings only.
    std::string extraQuery;
};

struct ListingSummary {
    std::optional<std::int64_t> serverDateMs; // the answer's Date header, when it had a readable one
    std::int64_t rows = 0;
    std::int64_t bytes = 0;
    bool quotedFields = false; // the server quoted a field (legal, unusual: logged)
    int attempts = 1;
};

struct CollectionList {
    std::vector<std::string> names;
    std::optional<std::int64_t> serverDateMs; // the Date header: whole seconds, nullopt when absent or unreadable
};

struct FetchedDocument {
    std::string xml;  // the body, UTF-8
    std::string etag; // the service's accMetaChecksum, "" when it sent none
    int attempts = 1;
};

class RepositoryClient {
public:
    RepositoryClient(ServiceEndpoints endpoints, HttpOptions options);

    const ServiceEndpoints &endpoints() const { return m_endpoints; }
    // Requests its HTTP client tried again (HttpClient::retries()).
    std::int64_t retries() const { return m_http.retries(); }

    // The collections the service offers, with its clock read off the same answer's Date header.
    mirror::Result<CollectionList> readCollections(const std::atomic<bool> *cancelled = nullptr);
    mirror::Result<std::vector<std::string>> listCollections(const std::atomic<bool> *cancelled = nullptr);

    // The partner's clock, read from the Date header of its collection list (a small answer every service
    // gives): milliseconds since 1970, whole seconds, or nullopt when the service sends no usable Date.
    mirror::Result<std::optional<std::int64_t>> readServerClock(const std::atomic<bool> *cancelled = nullptr);

    // Streams the rows to `onRow` in the order served (return false to stop early: Ok, not an error).
    // A body cut short (mid-line, or short of Content-Length) is a Transient error after the complete rows
    // were delivered; a line that does not parse is a Parse error naming the line.
    mirror::Result<ListingSummary> listObservations(const ListingQuery &query,
                                                    const std::function<bool(const StateRow &)> &onRow,
                                                    const std::atomic<bool> *cancelled = nullptr);
    // Errors with Fatal "deletions not available" when the service publishes none.
    mirror::Result<ListingSummary> listDeletions(const ListingQuery &query,
                                                 const std::function<bool(const DeletionRow &)> &onRow,
                                                 const std::atomic<bool> *cancelled = nullptr);

    // nullopt when the service answers 404 (deleted or never there). The path is percent-encoded, so any
    // identifier CAOM allows round-trips.
    mirror::Result<std::optional<FetchedDocument>> getObservation(const std::string &collection,
                                                                  const std::string &observationID,
                                                                  const std::atomic<bool> *cancelled = nullptr);

    // The URL getObservation requests (for messages and tests).
    std::string observationUrl(const std::string &collection, const std::string &observationID) const;

private:
    using LineHandler = std::function<mirror::Result<bool>(std::string_view line, std::int64_t lineNumber)>;
    mirror::Result<ListingSummary> streamListing(const std::string &url, std::string_view what,
                                                 const LineHandler &onLine, const std::atomic<bool> *cancelled,
                                                 int fieldsPerRow = 4);
    std::string listingUrl(const std::string &base, const ListingQuery &query, bool withOrderAndFilter) const;

    ServiceEndpoints m_endpoints;
    HttpClient m_http;
};

} // namespace net
