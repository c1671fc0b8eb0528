#include "sync/harvest_report_format.h"

#include "net/listing_parser.h"
#include "store/discrepancy_store.h"
#include "sync/artifact_report_format.h"

#include <QJsonArray>

namespace harvest {
namespace {

QString timeText(const std::optional<qint64> &ms)
{
    return ms ? QString::fromStdString(net::formatIvoaTimestamp(*ms)) : QStringLiteral("-");
}

QJsonValue timeJson(const std::optional<qint64> &ms)
{
    return ms ? QJsonValue(QString::fromStdString(net::formatIvoaTimestamp(*ms))) : QJsonValue();
}

QJsonObject countsJson(const HarvestCounts &c)
{
    return QJsonObject{{QStringLiteral("listed"), c.listed},
                       {QStringLiteral("fetched"), c.fetched},
                       {QStringLiteral("ingested"), c.ingested},
                       {QStringLiteral("updated"), c.updated},
                       {QStringLiteral("unchanged"), c.unchanged},
                       {QStringLiteral("deleted"), c.deleted},
                       {QStringLiteral("staleDeletions"), c.staleDeletions},
                       {QStringLiteral("skippedNew"), c.skippedNew},
                       {QStringLiteral("skippedCleared"), c.skippedCleared},
                       {QStringLiteral("failed"), c.failed},
                       {QStringLiteral("bytes"), c.bytes},
                       {QStringLiteral("discrepancies"), c.discrepancies},
                       {QStringLiteral("retries"), c.retries}};
}

} // namespace

QString progressLine(const JobProgress &progress)
{
    const auto &s = progress.snapshot;
    QString line =
        QStringLiteral("%1 %2/%3: %4 %5").arg(progress.mode, progress.source, progress.collection, s.phase).arg(s.done);
    if (s.total)
        line += QStringLiteral("/%1").arg(*s.total);
    line += QStringLiteral(" (%1/s)").arg(s.ratePerSecond, 0, 'f', 0);
    if (s.etaSeconds)
        line += QStringLiteral(", about %1 s left").arg(*s.etaSeconds);
    if (s.paused)
        line += QStringLiteral(" [paused]");
    if (s.counts.failed)
        line += QStringLiteral(", %1 failed").arg(s.counts.failed);
    return line;
}

QString reportText(const JobResult &result)
{
    if (result.artifacts)
        return artifactReportText(*result.artifacts);
    const HarvestReport &r = result.report;
    const HarvestCounts &c = r.counts;
    QString text = QStringLiteral("%1 %2/%3: %4")
                       .arg(result.mode, result.source, result.collection, store::runOutcomeName(r.outcome));
    if (!r.error.isEmpty())
        text += QStringLiteral(" - %1").arg(r.error);
    text += QStringLiteral("\n  listed %1, fetched %2, new %3, updated %4, unchanged %5, deleted %6, failed %7 "
                           "(new skip records %8, cleared %9)\n")
                .arg(c.listed)
                .arg(c.fetched)
                .arg(c.ingested)
                .arg(c.updated)
                .arg(c.unchanged)
                .arg(c.deleted)
                .arg(c.failed)
                .arg(c.skippedNew)
                .arg(c.skippedCleared);
    if (c.staleDeletions)
        text += QStringLiteral("  %1 deletion events older than the local copy were ignored\n").arg(c.staleDeletions);
    if (c.retries)
        text += QStringLiteral("  %1 requests to the partner failed and were tried again\n").arg(c.retries);
    const bool validating = result.mode == harvestModeName(HarvestMode::Validate);
    if (r.windowEnd && validating)
        text += QStringLiteral("  rows newer than %1 count as pending (they may still be settling)\n")
                    .arg(timeText(r.windowEnd));
    else if (r.windowEnd)
        text += QStringLiteral("  window %1 .. %2, cursor %3 -> %4\n")
                    .arg(timeText(r.windowStart), timeText(r.windowEnd), timeText(r.cursorBefore.lastModified),
                         timeText(r.cursorAfter.lastModified));
    if (r.validation) {
        text += QStringLiteral("  remote %1, local %2, matching %3")
                    .arg(r.validation->remote)
                    .arg(r.validation->local)
                    .arg(r.validation->matching);
        for (const auto &[cls, count] : r.validation->found)
            text += QStringLiteral(", %1 %2").arg(store::discrepancyClassName(cls)).arg(count);
        text += QStringLiteral(", repaired %1\n").arg(r.validation->repaired);
    }
    for (const QString &note : r.notes)
        text += QStringLiteral("  note: %1\n").arg(note);
    return text;
}

QJsonObject reportJson(const JobResult &result)
{
    if (result.artifacts)
        return artifactReportJson(*result.artifacts);
    const HarvestReport &r = result.report;
    QJsonObject json{{QStringLiteral("source"), result.source},
                     {QStringLiteral("collection"), result.collection},
                     {QStringLiteral("mode"), result.mode},
                     {QStringLiteral("run"), r.runKey},
                     {QStringLiteral("outcome"), store::runOutcomeName(r.outcome)},
                     {QStringLiteral("error"), r.error},
                     {QStringLiteral("exitCode"), r.exitCode()},
                     {QStringLiteral("counts"), countsJson(r.counts)},
                     {QStringLiteral("windowStart"), timeJson(r.windowStart)},
                     {QStringLiteral("windowEnd"), timeJson(r.windowEnd)},
                     {QStringLiteral("cursorBefore"), timeJson(r.cursorBefore.lastModified)},
                     {QStringLiteral("cursorAfter"), timeJson(r.cursorAfter.lastModified)},
                     {QStringLiteral("notes"), QJsonArray::fromStringList(r.notes)}};
    if (r.errorCategory)
        json.insert(QStringLiteral("errorCategory"),
                    QString::fromUtf8(mirror::categoryName(*r.errorCategory).data(),
                                      qsizetype(mirror::categoryName(*r.errorCategory).size())));
    if (r.heldElsewhere())
        json.insert(QStringLiteral("heldBy"), r.heldBy);
    if (r.partnerClockSkewMs) // seconds, as operators compare clocks
        json.insert(QStringLiteral("partnerClockSkewSeconds"), double(*r.partnerClockSkewMs / 1000));
    if (r.validation) {
        QJsonObject found;
        for (const auto &[cls, count] : r.validation->found)
            found.insert(store::discrepancyClassName(cls), count);
        json.insert(QStringLiteral("validation"),
                    QJsonObject{{QStringLiteral("remote"), r.validation->remote},
                                {QStringLiteral("local"), r.validation->local},
                                {QStringLiteral("matching"), r.validation->matching},
                                {QStringLiteral("found"), found},
                                {QStringLiteral("repaired"), r.validation->repaired}});
    }
    return json;
}

} // namespace harvest
