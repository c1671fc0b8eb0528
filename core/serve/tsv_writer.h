#pragma once

#include <QByteArray>
#include <QString>

// Listing fields. Real clients split a listing on TAB and never unquote (caom2repo, the Java RepoClient), so
// by default only what a TSV cannot hold (TAB, CR, LF) is quoted and a '"' is written as it is; the reference
// service's CSV writer also quotes values holding '"', which every known client then reads wrongly
// (`ListingQuoting::ReferenceCsv` reproduces it for tests). With `ascii`, non-ASCII characters become '?'
// (the reference's US-ASCII listings), otherwise UTF-8.
namespace serve {

enum class ListingQuoting {
    Tsv,          // quote values holding TAB, CR or LF (default)
    ReferenceCsv, // quote values holding TAB, '"', CR or LF, as the reference's writer does
};

void appendTsvField(QByteArray &line, const QString &value, bool ascii, ListingQuoting quoting);

} // namespace serve
