#include "sync/state_lister.h"

#include "common/logging.h"
#include "net/listing_parser.h"
#include "net/retry_delay.h"
#include "net/url.h"

#include <limits>
#include <set>

namespace harvest {
namespace {

template <typename Row>
mirror::Result<std::vector<Row>>
readWithRetries(JobControl &control, int attempts, const std::string &what, std::int64_t &rereads,
                const std::function<mirror::Result<net::ListingSummary>(std::vector<Row> &)> &read)
{
    for (int attempt = 1;; ++attempt) {
        std::vector<Row> rows;
        auto listed = read(rows);
        if (listed)
            return rows;
        if (control.cancelled())
            return mirror::Error{mirror::ErrorCategory::Cancelled, "cancelled while listing " + what};
        if (listed.error().category != mirror::ErrorCategory::Transient || attempt >= attempts)
            return listed.error();
        qCWarning(lcSync, "%s: %s; reading the page again (attempt %d of %d)", what.c_str(),
                  listed.error().message.c_str(), attempt + 1, attempts);
        if (!net::detail::interruptibleSleep(std::chrono::milliseconds(500 * attempt), control.cancelFlag()))
            return mirror::Error{mirror::ErrorCategory::Cancelled, "cancelled while listing " + what};
        ++rereads;
    }
}

// A page may hold at most the rows asked for (the protocol's maxrec): a service that sends more ignores the
// limit or streams a listing that never ends, and reading on would only grow memory. Returns false (stop
// reading) at the first row past the limit, with `overran` set.
template <typename Row>
bool keepWithinPage(std::vector<Row> &rows, const Row &row, const net::ListingQuery &query, bool *overran)
{
    if (query.maxRecords > 0 && rows.size() >= static_cast<std::size_t>(query.maxRecords)) {
        *overran = true;
        return false;
    }
    rows.push_back(row);
    return true;
}

mirror::Error pageOverrun(const std::string &what, const std::string &serviceUrl, const net::ListingQuery &query)
{
    return mirror::Error{mirror::ErrorCategory::Fatal,
                         what + " from " + net::redactUrl(serviceUrl) + ": the service sent more rows than the "
                             + std::to_string(query.maxRecords)
                             + " asked for (maxrec), so the listing may never end; it was not read further and "
                               "nothing of that page was kept"};
}

// The shared paging rule. `timeOf` gives a row's ordering time, `keyOf` its identity at that time.
template <typename Row, typename TimeOf, typename KeyOf>
mirror::Result<std::int64_t>
pageThrough(const ListingWindow &window, JobControl &control, const std::string &what,
            const std::function<mirror::Result<std::vector<Row>>(const net::ListingQuery &)> &readPage,
            const std::function<bool(std::vector<Row> &&)> &onPage, TimeOf timeOf, KeyOf keyOf)
{
    net::ListingQuery query;
    query.collection = window.collection;
    query.start = window.start;
    query.end = window.end;
    query.maxRecords = window.pageSize;
    // Servers cap pages silently (100,000 for the reference, less for some), so a short page does not
    // prove the end: paging goes on from the last timestamp until a page brings nothing new. That costs one
    // request per listing and is safe with any cap.
    // Timestamp the next page starts at; a plain value with a sentinel (GCC 12 warns wrongly about an
    // optional here).
    constexpr std::int64_t noBoundary = std::numeric_limits<std::int64_t>::min();
    std::int64_t boundary = noBoundary;
    std::set<std::string> seenAtBoundary; // rows at `boundary` already handed over
    // A server's silent cap, once seen: the size of a page shorter than asked that was not the last.
    std::size_t knownCap = 0;
    std::optional<std::size_t> previousShortPage;
    std::int64_t total = 0;
    for (;;) {
        if (!control.checkpoint())
            return mirror::Error{mirror::ErrorCategory::Cancelled, "cancelled while listing " + what};
        auto page = readPage(query);
        if (!page)
            return page.error();
        // Rows from before the page's start were not asked for: a service that ignores `start` sends the same
        // first rows for every page, and taking them as new would page forever.
        if (query.start)
            std::erase_if(*page, [&](const Row &row) {
                const std::optional<std::int64_t> time = timeOf(row);
                return time && *time < *query.start;
            });
        if (page->empty())
            return total;
        const std::optional<std::int64_t> first = timeOf(page->front());
        const std::optional<std::int64_t> last = timeOf(page->back());
        std::vector<Row> fresh;
        for (Row &row : *page)
            if (!(timeOf(row) == boundary && seenAtBoundary.count(keyOf(row))))
                fresh.push_back(std::move(row));

        if (previousShortPage && !fresh.empty())
            knownCap = std::max(knownCap, *previousShortPage);
        const std::size_t fullPage =
            knownCap ? std::min<std::size_t>(knownCap, std::size_t(query.maxRecords)) : std::size_t(query.maxRecords);
        if (fresh.empty()) {
            // Only rows handed over already. The end, unless a full page of them shares one instant: then
            // more rows may sit at that instant than one page holds.
            const bool stuckOnOneInstant = first && first == last && *last == boundary && page->size() >= fullPage;
            if (!stuckOnOneInstant)
                return total; // only rows already handed over: the end
            // More rows share this instant than a page holds: read them all at once, then step past it.
            net::ListingQuery instant = query;
            instant.start = *last;
            instant.end = *last;
            instant.maxRecords = window.serverCap;
            auto all = readPage(instant);
            if (!all)
                return all.error();
            // A server capping below the rows of one instant cannot be paged past by time at all; a whole
            // serverCap of them is reported rather than looped on.
            if (all->size() >= static_cast<std::size_t>(window.serverCap)) {
                return mirror::Error{mirror::ErrorCategory::Fatal,
                                     what + ": cannot page past timestamp " + net::formatIvoaTimestamp(*last)
                                         + ": at least " + std::to_string(all->size())
                                         + " rows share it, as many as the server returns at once"};
            }
            std::vector<Row> rest;
            for (Row &row : *all)
                if (!seenAtBoundary.count(keyOf(row)))
                    rest.push_back(std::move(row));
            total += static_cast<std::int64_t>(rest.size());
            if (!rest.empty() && !onPage(std::move(rest)))
                return total;
            query.start = *last + 1;
            boundary = noBoundary;
            seenAtBoundary.clear();
            continue;
        }

        const std::optional<std::int64_t> lastTime = timeOf(fresh.back());
        if (lastTime != boundary)
            seenAtBoundary.clear();
        for (const Row &row : fresh)
            if (timeOf(row) == lastTime)
                seenAtBoundary.insert(keyOf(row));
        total += static_cast<std::int64_t>(fresh.size());
        if (!onPage(std::move(fresh)))
            return total;
        if (!lastTime)
            return total; // rows without a time cannot be paged past (never seen from a real service)
        previousShortPage = page->size() < std::size_t(query.maxRecords) ? std::optional(page->size()) : std::nullopt;
        query.start = *lastTime;
        boundary = *lastTime;
    }
}

} // namespace

StateLister::StateLister(net::RepositoryClient &client, ListingWindow window, JobControl &control)
    : m_client(client),
      m_window(std::move(window)),
      m_control(control)
{}

mirror::Result<std::vector<net::StateRow>> StateLister::readPage(const net::ListingQuery &query)
{
    net::ListingQuery withFilter = query;
    withFilter.extraQuery = m_window.filter;
    const std::string what = "listing of " + m_window.collection;
    return readWithRetries<net::StateRow>(
        m_control, m_window.pageAttempts, what, m_rereads, [&](std::vector<net::StateRow> &rows) {
            bool overran = false;
            auto listed = m_client.listObservations(
                withFilter, [&](const net::StateRow &row) { return keepWithinPage(rows, row, query, &overran); },
                m_control.cancelFlag());
            if (overran)
                return mirror::Result<net::ListingSummary>(
                    pageOverrun(what, m_client.endpoints().observationsUrl, query));
            return listed;
        });
}

mirror::Result<std::int64_t> StateLister::run(const std::function<bool(std::vector<net::StateRow> &&)> &onPage)
{
    return pageThrough<net::StateRow>(
        m_window, m_control, "listing of " + m_window.collection,
        [this](const net::ListingQuery &query) { return readPage(query); }, onPage,
        [](const net::StateRow &row) { return row.maxLastModified; },
        [](const net::StateRow &row) { return row.observationID; });
}

DeletionLister::DeletionLister(net::RepositoryClient &client, ListingWindow window, JobControl &control)
    : m_client(client),
      m_window(std::move(window)),
      m_control(control)
{}

mirror::Result<std::int64_t> DeletionLister::run(const std::function<bool(std::vector<net::DeletionRow> &&)> &onPage)
{
    const std::string what = "deletion listing of " + m_window.collection;
    return pageThrough<net::DeletionRow>(
        m_window, m_control, what,
        [&](const net::ListingQuery &query) {
            return readWithRetries<net::DeletionRow>(
                m_control, m_window.pageAttempts, what, m_rereads, [&](std::vector<net::DeletionRow> &rows) {
                    bool overran = false;
                    auto listed = m_client.listDeletions(
                        query, [&](const net::DeletionRow &row) { return keepWithinPage(rows, row, query, &overran); },
                        m_control.cancelFlag());
                    if (overran)
                        return mirror::Result<net::ListingSummary>(
                            pageOverrun(what, m_client.endpoints().deletionsUrl, query));
                    return listed;
                });
        },
        onPage, [](const net::DeletionRow &row) { return std::optional<std::int64_t>(row.deletedAt); },
        [](const net::DeletionRow &row) { return row.id; });
}

} // namespace harvest
