#pragma once

#include <QString>
#include <QUrlQuery>

#include <optional>

// The listing parameters with the reference's rules (repository-service.md §5.2): names case-insensitive;
// maxrec missing or above the cap = the cap, not a positive integer = 400; start/end in
// yyyy-MM-ddTHH:mm:ss.SSS UTC (anything after the milliseconds ignored), inclusive; order asc|desc.
namespace serve {

struct ListingParameters {
    int maxRecords = 0;
    std::optional<qint64> start;
    std::optional<qint64> end;
    bool descending = false;
};

// nullopt with `error` set to the 400 message when a parameter is invalid.
std::optional<ListingParameters> parseListingParameters(const QUrlQuery &query, int cap, QString *error);

// A query parameter's value by name, the name compared ignoring case as the protocol says; nullopt when absent.
std::optional<QString> queryParameter(const QUrlQuery &query, const QString &name);

// The reference's strict time format; nullopt when `text` does not start with one.
std::optional<qint64> parseStrictTimestamp(const QString &text);

} // namespace serve
