// caom-sync status: what was synced, skipped, failed and when, per source and collection, read from the
// store (cursors, run records, skip records, discrepancies, leases): every source and collection it has
// records of, and those the settings configure (harvest::collectStatus decides which).
#include "command.h"
#include "store_option.h"

#include "common/settings.h"
#include "net/listing_parser.h"
#include "store/harvest_state_store.h"
#include "sync/artifact_report_format.h"
#include "sync/sync_status.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cli {
namespace {

QJsonValue timeJson(const std::optional<qint64> &ms)
{
    return ms ? QJsonValue(QString::fromStdString(net::formatIvoaTimestamp(*ms))) : QJsonValue();
}

using harvest::TargetStatus;

QJsonObject toJson(const TargetStatus &t, qint64 now)
{
    QJsonArray runs;
    for (const store::RunRecord &run : t.lastRuns)
        runs.append(QJsonObject{{QStringLiteral("kind"), run.kind},
                                {QStringLiteral("outcome"), store::runOutcomeName(run.outcome)},
                                {QStringLiteral("started"), timeJson(run.startedAt)},
                                {QStringLiteral("ended"), timeJson(run.endedAt)},
                                {QStringLiteral("ok"), run.counts.itemsOk},
                                {QStringLiteral("skipped"), run.counts.itemsSkipped},
                                {QStringLiteral("failed"), run.counts.itemsFailed},
                                {QStringLiteral("deleted"), run.counts.deletions},
                                {QStringLiteral("error"), run.errorSummary}});
    QJsonObject skips;
    for (const store::SkipCount &count : t.skips)
        if (count.cname == store::HarvestEntity::observation)
            skips.insert(count.reasonClass, count.count);
    QJsonObject discrepancies;
    for (const store::DiscrepancyCount &count : t.discrepancies)
        discrepancies.insert(store::discrepancyClassName(count.cls), count.count);
    QJsonObject observations;
    for (const auto &[state, count] : t.shownStates)
        observations.insert(state, count);
    QJsonObject json{{QStringLiteral("source"), t.source},
                     {QStringLiteral("collection"), t.collection},
                     {QStringLiteral("harvestKey"), t.harvestKey},
                     {QStringLiteral("configured"), t.configured},
                     {QStringLiteral("cursor"), timeJson(t.cursor)},
                     {QStringLiteral("deletionCursor"), timeJson(t.deletionCursor)},
                     {QStringLiteral("lagSeconds"), t.cursor ? QJsonValue((now - *t.cursor) / 1000) : QJsonValue()},
                     {QStringLiteral("lastRuns"), runs},
                     {QStringLiteral("skipRecords"), skips},
                     {QStringLiteral("discrepancies"), discrepancies},
                     {QStringLiteral("observations"), observations}};
    if (t.lease && t.lease->expiresAt > now)
        json.insert(QStringLiteral("harvestingNow"), t.lease->holder);
    const store::DownloadQueueCounts &q = t.downloads;
    QJsonObject downloads{{QStringLiteral("dueFiles"), q.dueFiles},
                          {QStringLiteral("dueBytes"), q.dueBytes},
                          {QStringLiteral("waitingForReleaseFiles"), q.releaseFiles},
                          {QStringLiteral("waitingForReleaseBytes"), q.releaseBytes},
                          {QStringLiteral("failedFiles"), q.failedFiles},
                          {QStringLiteral("failedBytes"), q.failedBytes},
                          {QStringLiteral("failedDueFiles"), q.failedDueFiles}};
    if (t.downloadingNow)
        downloads.insert(QStringLiteral("inFlight"),
                         QJsonObject{{QStringLiteral("started"), timeJson(t.downloadingNow->startedAt)},
                                     {QStringLiteral("filesDone"), t.downloadingNow->counts.itemsOk},
                                     {QStringLiteral("bytesDone"), t.downloadingNow->counts.bytes}});
    json.insert(QStringLiteral("downloadQueue"), downloads);
    return json;
}

QString toText(const TargetStatus &t, qint64 now)
{
    QString text = t.source.isEmpty()
        ? QStringLiteral("harvest state %1 (no source in the settings uses it)\n").arg(t.harvestKey)
        : QStringLiteral("%1 / %2%3\n")
              .arg(t.source, t.collection, t.configured ? QString() : QStringLiteral(" (no longer configured)"));
    text += QStringLiteral("  cursor %1")
                .arg(t.cursor ? QString::fromStdString(net::formatIvoaTimestamp(*t.cursor))
                              : QStringLiteral("none (never harvested)"));
    if (t.cursor)
        text += QStringLiteral(" (%1 h behind now)").arg(double(now - *t.cursor) / 3600000.0, 0, 'f', 1);
    text += QLatin1Char('\n');
    if (t.lease && t.lease->expiresAt > now)
        text += QStringLiteral("  being harvested now by %1\n").arg(t.lease->holder);
    QStringList shown;
    for (const auto &[state, count] : t.shownStates)
        shown << QStringLiteral("%1 %2").arg(count).arg(state);
    if (!shown.isEmpty())
        text += QStringLiteral("  observations: %1\n").arg(shown.join(QStringLiteral(", ")));
    for (const store::RunRecord &run : t.lastRuns)
        text += QStringLiteral("  last %1: %2 at %3, %4 ok, %5 skipped, %6 failed, %7 deleted%8\n")
                    .arg(run.kind, store::runOutcomeName(run.outcome),
                         QString::fromStdString(net::formatIvoaTimestamp(run.startedAt)))
                    .arg(run.counts.itemsOk)
                    .arg(run.counts.itemsSkipped)
                    .arg(run.counts.itemsFailed)
                    .arg(run.counts.deletions)
                    .arg(run.errorSummary.isEmpty() ? QString() : QStringLiteral(" - ") + run.errorSummary);
    QStringList skips;
    for (const store::SkipCount &count : t.skips)
        if (count.cname == store::HarvestEntity::observation)
            skips << QStringLiteral("%1 %2").arg(count.count).arg(count.reasonClass);
    if (t.downloads.files() > 0 || t.downloadingNow) {
        text += QStringLiteral("  download queue: %1\n").arg(harvest::downloadQueueText(t.downloads));
        if (t.downloadingNow)
            text += QStringLiteral("  downloading now %1\n").arg(harvest::downloadingNowText(*t.downloadingNow));
    }
    text += QStringLiteral("  skip records: %1\n")
                .arg(skips.isEmpty() ? QStringLiteral("none") : skips.join(QStringLiteral(", ")));
    QStringList found;
    for (const store::DiscrepancyCount &count : t.discrepancies)
        found << QStringLiteral("%1 %2").arg(count.count).arg(store::discrepancyClassName(count.cls));
    text += QStringLiteral("  discrepancies: %1\n")
                .arg(found.isEmpty() ? QStringLiteral("none") : found.join(QStringLiteral(", ")));
    return text;
}

} // namespace

int runStatus(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Per source and collection the store knows of (or the settings configure): the harvest cursor and how far "
        "behind it is, the last run of\n"
        "each kind with its outcome and counts, skip records by reason, discrepancies by class, and whether\n"
        "a harvester holds it now; the files waiting to be downloaded (due, waiting for their release date,\n"
        "failed) with their bytes, and a download going on now."));
    parser.addOption(storeOption());
    parser.addOption({QStringLiteral("source"), QStringLiteral("Only this source."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    auto store = openStore(parser, QStringLiteral("status"));
    if (!store)
        return Failed;
    const mirror::Settings settings;
    auto targets = harvest::collectStatus(store, settings.sources(), parser.value(QStringLiteral("source")));
    if (!targets) {
        printErr(QStringLiteral("caom-sync status: %1\n").arg(fromStd(targets.error().message)));
        return Failed;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QJsonArray json;
    QString text;
    for (const TargetStatus &target : *targets) {
        json.append(toJson(target, now));
        text += toText(target, now);
    }
    if (parser.isSet(QStringLiteral("json")))
        printOut(QString::fromUtf8(QJsonDocument(json).toJson()));
    else
        printOut(text.isEmpty() ? QStringLiteral("nothing harvested into this store yet, and no source with "
                                                 "collections configured (see 'caom-sync sources')\n")
                                : text);
    return Success;
}

} // namespace cli
