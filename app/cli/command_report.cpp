// caom-sync report: the report for the partners' meetings, headless (for a weekly timer): report.html (inline
// SVG charts, tables, the period and the sources; opens with no network) and runs.csv, discrepancies.csv and
// skipped.csv, written by harvest::writeReport as the console's "Export report…" does.
#include "command.h"
#include "store_option.h"

#include "common/settings.h"
#include "sync/report_writer.h"

#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QTimeZone>

namespace cli {
namespace {

// YYYY-MM-DD (midnight UTC) or an ISO date-time.
std::optional<qint64> parseSince(const QString &text)
{
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (date.isValid())
        return QDateTime(date, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;
    if (time.timeSpec() == Qt::LocalTime)
        time.setTimeZone(QTimeZone::utc()); // a time without a zone is UTC, as everywhere in caom-sync
    return time.toMSecsSinceEpoch();
}

} // namespace

int runReport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes a report of the mirror for the partners' meetings into DIR: report.html (charts and tables,\n"
        "self-contained: it opens in a browser with no network) and runs.csv, discrepancies.csv and skipped.csv\n"
        "with the rows it summarises. Existing files of those names in DIR are replaced."));
    parser.addOption(storeOption());
    parser.addOption({QStringLiteral("out"), QStringLiteral("The directory to write into (created if missing)."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("since"),
                      QStringLiteral("Start of the period: YYYY-MM-DD (UTC) or an ISO date-time. Default: a week ago."),
                      QStringLiteral("DATE")});
    parser.addOption(
        {QStringLiteral("source"), QStringLiteral("Only this partner (repeat for several)."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("collection"), QStringLiteral("Only this collection (repeat for several)."),
                      QStringLiteral("C")});
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    if (!parser.isSet(QStringLiteral("out"))) {
        printErr(QStringLiteral("caom-sync report: --out DIR is required (where to write the report)\n"));
        return Failed;
    }
    harvest::ReportRequest request;
    request.outDir = parser.value(QStringLiteral("out"));
    request.now = QDateTime::currentMSecsSinceEpoch();
    if (parser.isSet(QStringLiteral("since"))) {
        request.since = parseSince(parser.value(QStringLiteral("since")));
        if (!request.since) {
            printErr(QStringLiteral("caom-sync report: --since %1 is not a date (YYYY-MM-DD) or an ISO date-time\n")
                         .arg(parser.value(QStringLiteral("since"))));
            return Failed;
        }
        if (*request.since >= request.now) {
            printErr(QStringLiteral("caom-sync report: --since %1 is not in the past\n")
                         .arg(parser.value(QStringLiteral("since"))));
            return Failed;
        }
    }
    request.sources = parser.values(QStringLiteral("source"));
    request.collections = parser.values(QStringLiteral("collection"));
    auto store = openStore(parser, QStringLiteral("report"));
    if (!store)
        return Failed;
    request.storeName = store->location().redacted();
    const mirror::Settings settings;
    auto written = harvest::writeReport(store, settings.sources(), request);
    if (!written) {
        printErr(QStringLiteral("caom-sync report: %1\n").arg(fromStd(written.error().message)));
        return Failed;
    }
    printOut(QStringLiteral("wrote %1 (%2 runs, %3 discrepancies, %4 skip records in the CSV files beside it)\n")
                 .arg(QDir::toNativeSeparators(written->html))
                 .arg(written->runs)
                 .arg(written->discrepancies)
                 .arg(written->skips));
    return Success;
}

} // namespace cli
