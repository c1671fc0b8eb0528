#include "sync/artifact_report_format.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimeZone>

namespace harvest {

QString byteSizeText(double bytes)
{
    const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 4) {
        bytes /= 1024;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(bytes, 0, 'f', unit == 0 ? 0 : 1).arg(QLatin1String(units[unit]));
}

QString downloadQueueText(const store::DownloadQueueCounts &q)
{
    const auto files = [](qint64 n) { return n == 1 ? QStringLiteral("1 file") : QStringLiteral("%1 files").arg(n); };
    QStringList parts;
    if (q.dueFiles > 0)
        parts << QStringLiteral("%1 due (%2)").arg(files(q.dueFiles), byteSizeText(double(q.dueBytes)));
    if (q.releaseFiles > 0)
        parts << QStringLiteral("%1 waiting for their release date (%2)")
                     .arg(files(q.releaseFiles), byteSizeText(double(q.releaseBytes)));
    if (q.failedFiles > 0)
        parts << QStringLiteral("%1 failed (%2, %3 due for another try)")
                     .arg(files(q.failedFiles), byteSizeText(double(q.failedBytes)))
                     .arg(q.failedDueFiles);
    return parts.isEmpty() ? QStringLiteral("empty") : parts.join(QStringLiteral(", "));
}

QString downloadingNowText(const store::RunRecord &run)
{
    return QStringLiteral("since %1 UTC: %2 files, %3 so far")
        .arg(QDateTime::fromMSecsSinceEpoch(run.startedAt, QTimeZone::utc())
                 .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
        .arg(run.counts.itemsOk)
        .arg(byteSizeText(double(run.counts.bytes)));
}

QString artifactProgressText(const ArtifactProgress &p)
{
    QString line = p.phase + QStringLiteral(": %1").arg(p.filesDone);
    if (p.filesTotal)
        line += QStringLiteral("/%1").arg(*p.filesTotal);
    line += QStringLiteral(" files");
    if (p.bytesDone > 0 || p.bytesTotal) {
        line += QStringLiteral(", ") + byteSizeText(double(p.bytesDone));
        if (p.bytesTotal)
            line += QStringLiteral(" of ") + byteSizeText(double(*p.bytesTotal));
        line += QStringLiteral(", ") + byteSizeText(p.bytesPerSecond) + QStringLiteral("/s");
    }
    if (p.etaSeconds)
        line += QStringLiteral(", about %1 s left").arg(*p.etaSeconds);
    return line;
}

QString artifactReportText(const ArtifactReport &r)
{
    const auto &n = r.counts;
    QString text = QStringLiteral("%1/%2 artifacts %3: %4")
                       .arg(r.source, r.collection, artifactModeName(r.mode), store::runOutcomeName(r.outcome));
    switch (r.mode) {
    case ArtifactMode::Discover:
        text += QStringLiteral(", %1 artifact(s) examined, %2 queued (%3 until their release), %4 never released, "
                               "%5 already here")
                    .arg(n.examined)
                    .arg(n.queued)
                    .arg(n.proprietary)
                    .arg(n.neverReleased)
                    .arg(n.present);
        break;
    case ArtifactMode::Download:
        text += QStringLiteral(", %1 file(s) downloaded (%2), %3 already here, %4 obsolete, %5 failed")
                    .arg(n.downloaded)
                    .arg(byteSizeText(double(n.bytes)))
                    .arg(n.present)
                    .arg(n.obsolete)
                    .arg(n.failed);
        if (r.elapsedMs > 0 && n.bytes > 0)
            text += QStringLiteral(", %1/s").arg(byteSizeText(double(n.bytes) * 1000.0 / double(r.elapsedMs)));
        if (n.retries > 0)
            text += QStringLiteral(", %1 request(s) tried again").arg(n.retries);
        break;
    case ArtifactMode::Validate:
    case ArtifactMode::Diff:
        text += QStringLiteral(", %1 artifact(s) checked, %2 finding(s)").arg(n.examined).arg(n.findings);
        if (r.mode == ArtifactMode::Validate)
            text += QStringLiteral(", %1 queued for download").arg(n.queued);
        break;
    }
    text += QStringLiteral(" in %1 s\n").arg(double(r.elapsedMs) / 1000.0, 0, 'f', 1);
    for (const auto &f : r.findings)
        text += QStringLiteral("  %1  %2  %3\n")
                    .arg(artifactFindingName(f.cls), -14)
                    .arg(f.uri.isEmpty() ? f.path : f.uri, f.detail);
    for (const QString &failure : r.failures)
        text += QStringLiteral("  failed  %1\n").arg(failure);
    if (!r.error.isEmpty())
        text += QStringLiteral("  error: %1\n").arg(r.error);
    return text;
}

QJsonObject artifactReportJson(const ArtifactReport &r)
{
    const auto &n = r.counts;
    QJsonArray findings;
    for (const auto &f : r.findings)
        findings.append(QJsonObject{{QStringLiteral("class"), artifactFindingName(f.cls)},
                                    {QStringLiteral("uri"), f.uri},
                                    {QStringLiteral("path"), f.path},
                                    {QStringLiteral("observationID"), f.observationID},
                                    {QStringLiteral("detail"), f.detail},
                                    {QStringLiteral("expectedChecksum"), f.expectedChecksum},
                                    {QStringLiteral("actualChecksum"), f.actualChecksum}});
    QJsonObject json{
        {QStringLiteral("source"), r.source},
        {QStringLiteral("collection"), r.collection},
        {QStringLiteral("mode"), artifactModeName(r.mode)},
        {QStringLiteral("run"), r.runKey},
        {QStringLiteral("outcome"), store::runOutcomeName(r.outcome)},
        {QStringLiteral("examined"), n.examined},
        {QStringLiteral("queued"), n.queued},
        {QStringLiteral("proprietary"), n.proprietary},
        {QStringLiteral("neverReleased"), n.neverReleased},
        {QStringLiteral("present"), n.present},
        {QStringLiteral("downloaded"), n.downloaded},
        {QStringLiteral("bytes"), n.bytes},
        {QStringLiteral("obsolete"), n.obsolete},
        {QStringLiteral("failed"), n.failed},
        {QStringLiteral("retries"), n.retries},
        {QStringLiteral("elapsedMs"), r.elapsedMs},
        {QStringLiteral("findings"), findings},
        {QStringLiteral("failures"), QJsonArray::fromStringList(r.failures)},
    };
    if (!r.error.isEmpty())
        json.insert(QStringLiteral("error"), r.error);
    return json;
}

HarvestCounts harvestCountsOf(const ArtifactCounts &counts)
{
    HarvestCounts c;
    c.listed = counts.examined;
    c.fetched = counts.downloaded;
    c.ingested = counts.queued;
    c.unchanged = counts.present;
    c.deleted = counts.obsolete;
    c.failed = counts.failed;
    c.bytes = counts.bytes;
    c.discrepancies = counts.findings;
    c.retries = counts.retries;
    return c;
}

} // namespace harvest
