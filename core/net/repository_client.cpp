#include "net/repository_client.h"

#include "caom2/xml_reader.h"
#include "common/logging.h"
#include "net/http_date.h"
#include "net/url.h"

namespace net {
namespace {

// Outcome of a listing the sink stopped early: a parse failure, or the caller having seen enough.
struct StopReason {
    std::optional<mirror::Error> error;
    bool callerStopped = false;
};

std::string collectionError(std::string_view collection)
{
    return "listing of collection " + std::string(collection);
}

// A line handler that parses each line with `parse` and hands the row to `onRow`; parse errors name `what`.
template <typename Row, typename Parse>
auto rowsTo(const std::string &what, Parse parse, const std::function<bool(const Row &)> &onRow)
{
    return [what, parse, &onRow](std::string_view line, std::int64_t lineNumber) -> mirror::Result<bool> {
        auto row = parse(line, lineNumber);
        if (!row) {
            mirror::Error error = row.error();
            error.message = what + ": " + error.message;
            return error;
        }
        return onRow(*row);
    };
}

} // namespace

RepositoryClient::RepositoryClient(ServiceEndpoints endpoints, HttpOptions options)
    : m_endpoints(std::move(endpoints)),
      m_http(std::move(options))
{}

std::string RepositoryClient::observationUrl(const std::string &collection, const std::string &observationID) const
{
    return joinUrl(m_endpoints.observationsUrl, encodePathSegment(collection) + "/" + encodePathSegment(observationID));
}

std::string RepositoryClient::listingUrl(const std::string &base, const ListingQuery &query,
                                         bool withOrderAndFilter) const
{
    std::string url = joinUrl(base, encodePathSegment(query.collection));
    std::string parameters;
    const auto add = [&](std::string_view name, const std::string &value) {
        parameters += parameters.empty() ? '?' : '&';
        parameters.append(name).append(1, '=').append(encodeQueryValue(value));
    };
    if (query.maxRecords > 0)
        add("maxrec", std::to_string(query.maxRecords));
    if (query.start)
        add("start", formatIvoaTimestamp(*query.start));
    if (query.end)
        add("end", formatIvoaTimestamp(*query.end));
    if (withOrderAndFilter) {
        if (query.descending)
            add("order", "desc");
        if (!query.extraQuery.empty())
            parameters.append(1, parameters.empty() ? '?' : '&').append(query.extraQuery); // operator-written, as is
    }
    return url + parameters;
}

mirror::Result<ListingSummary> RepositoryClient::streamListing(const std::string &url, std::string_view what,
                                                               const LineHandler &onLine,
                                                               const std::atomic<bool> *cancelled, int fieldsPerRow)
{
    StopReason stop;
    ListingSummary summary;
    std::int64_t lineNumber = 0;
    LineAssembler lines(
        [&](std::string_view line) {
            ++lineNumber;
            if (line.empty() || line == "\r")
                return true; // tolerated: a blank line carries no row
            // A bare '"' is an ordinary character (serve writes them so); only real CSV quoting is worth a note.
            if (!summary.quotedFields && line.find('"') != std::string_view::npos)
                (void)splitTsvLine(line, &summary.quotedFields);
            auto handled = onLine(line, lineNumber);
            if (!handled) {
                stop.error = handled.error();
                return false;
            }
            if (!*handled) {
                stop.callerStopped = true;
                return false;
            }
            ++summary.rows;
            return true;
        },
        fieldsPerRow);

    HttpRequest request;
    request.url = url;
    request.cancelled = cancelled;
    auto response = m_http.perform(request, [&](const char *data, std::size_t size) {
        summary.bytes += static_cast<std::int64_t>(size);
        return lines.feed(data, size);
    });
    if (stop.error)
        return *stop.error;
    if (stop.callerStopped)
        return summary;
    if (!response)
        return response.error();
    summary.attempts = response->attempts;
    if (response->status != 200)
        return statusError(*response, std::string(what));
    if (const auto date = response->header("date"))
        summary.serverDateMs = parseHttpDate(*date);
    if (!lines.endedCleanly()) {
        return mirror::Error{mirror::ErrorCategory::Transient,
                             std::string(what) + " from " + redactUrl(url) + " was cut short: it ended mid-line after "
                                 + std::to_string(summary.rows) + " rows (" + std::to_string(summary.bytes)
                                 + " bytes)"};
    }
    if (summary.quotedFields)
        qCInfo(lcNetRepository, "%s: the service quoted some fields (read as CSV quoting)", std::string(what).c_str());
    qCDebug(lcNetRepository, "%s: %lld rows, %lld bytes", std::string(what).c_str(),
            static_cast<long long>(summary.rows), static_cast<long long>(summary.bytes));
    return summary;
}

mirror::Result<std::vector<std::string>> RepositoryClient::listCollections(const std::atomic<bool> *cancelled)
{
    auto listed = readCollections(cancelled);
    if (!listed)
        return listed.error();
    return std::move(listed->names);
}

mirror::Result<CollectionList> RepositoryClient::readCollections(const std::atomic<bool> *cancelled)
{
    CollectionList collections;
    auto listed = streamListing(
        m_endpoints.observationsUrl, "collection list",
        [&](std::string_view line, std::int64_t) -> mirror::Result<bool> {
            auto fields = splitTsvLine(line);
            std::string name = fields.front();
            while (!name.empty() && (name.back() == '\r' || name.back() == ' '))
                name.pop_back();
            if (!name.empty())
                collections.names.push_back(std::move(name));
            return true;
        },
        cancelled, 1); // one field per row: a name opening with '"' must not swallow the rows after it
    if (!listed)
        return listed.error();
    collections.serverDateMs = listed->serverDateMs;
    return collections;
}

mirror::Result<std::optional<std::int64_t>> RepositoryClient::readServerClock(const std::atomic<bool> *cancelled)
{
    HttpRequest request;
    request.url = m_endpoints.observationsUrl;
    request.cancelled = cancelled;
    auto response = m_http.perform(request, [](const char *, std::size_t) { return true; }); // body not needed
    if (!response)
        return response.error();
    if (response->status != 200)
        return statusError(*response, "collection list");
    const auto date = response->header("date");
    return date ? parseHttpDate(*date) : std::nullopt;
}

mirror::Result<ListingSummary> RepositoryClient::listObservations(const ListingQuery &query,
                                                                  const std::function<bool(const StateRow &)> &onRow,
                                                                  const std::atomic<bool> *cancelled)
{
    const std::string what = collectionError(query.collection);
    return streamListing(listingUrl(m_endpoints.observationsUrl, query, true), what,
                         rowsTo<StateRow>(what, parseStateLine, onRow), cancelled);
}

mirror::Result<ListingSummary> RepositoryClient::listDeletions(const ListingQuery &query,
                                                               const std::function<bool(const DeletionRow &)> &onRow,
                                                               const std::atomic<bool> *cancelled)
{
    if (m_endpoints.deletionsUrl.empty()) {
        return mirror::Error{mirror::ErrorCategory::Fatal,
                             "deletions not available: the service publishes no deletion listing"};
    }
    const std::string what = "deletion " + collectionError(query.collection);
    return streamListing(listingUrl(m_endpoints.deletionsUrl, query, false), what,
                         rowsTo<DeletionRow>(what, parseDeletionLine, onRow), cancelled);
}

mirror::Result<std::optional<FetchedDocument>> RepositoryClient::getObservation(const std::string &collection,
                                                                                const std::string &observationID,
                                                                                const std::atomic<bool> *cancelled)
{
    HttpRequest request;
    request.url = observationUrl(collection, observationID);
    request.cancelled = cancelled;
    // Past the reader's limit no document can be read, so its bytes are not worth holding: a gzip body that
    // inflates a thousandfold stops here, not after filling memory.
    request.maxBodyBytes = caom2::ReadLimits{}.maxDocumentBytes;
    auto response = m_http.perform(request);
    const std::string what = "observation caom:" + collection + "/" + observationID;
    if (!response) {
        mirror::Error error = response.error();
        error.message = what + ": " + error.message;
        return error;
    }
    if (response->status == 404)
        return std::optional<FetchedDocument>();
    if (response->status != 200)
        return statusError(*response, what);
    FetchedDocument document;
    document.xml = std::move(response->body);
    document.etag = response->header("etag").value_or(std::string());
    // Some servers quote entity tags as HTTP says; the reference sends the checksum URI bare.
    if (document.etag.size() >= 2 && document.etag.front() == '"' && document.etag.back() == '"')
        document.etag = document.etag.substr(1, document.etag.size() - 2);
    document.attempts = response->attempts;
    return std::optional<FetchedDocument>(std::move(document));
}

} // namespace net
