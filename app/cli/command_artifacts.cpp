// caom-sync artifacts: the artifact files of a source's collections, one mode at a time: discover (queue what
// the harvested metadata wants here), download (fetch the queue, verified), validate (the files against the
// metadata, depth 1-3), diff (the partner's artifacts against the files, changing nothing).
#include "command.h"
#include "interrupt_watch.h"
#include "store_option.h"

#include "common/settings.h"
#include "net/http_client.h"
#include "sync/artifact_job.h"
#include "sync/source_resolver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <mutex>
#include <thread>

namespace cli {

namespace {

QString bytesText(double bytes)
{
    const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 4) {
        bytes /= 1024;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(bytes, 0, 'f', unit == 0 ? 0 : 1).arg(QLatin1String(units[unit]));
}

QString progressText(const harvest::ArtifactProgress &p)
{
    QString line = p.phase + QStringLiteral(": %1").arg(p.filesDone);
    if (p.filesTotal)
        line += QStringLiteral("/%1").arg(*p.filesTotal);
    line += QStringLiteral(" files");
    if (p.bytesDone > 0 || p.bytesTotal) {
        line += QStringLiteral(", ") + bytesText(double(p.bytesDone));
        if (p.bytesTotal)
            line += QStringLiteral(" of ") + bytesText(double(*p.bytesTotal));
        line += QStringLiteral(", ") + bytesText(p.bytesPerSecond) + QStringLiteral("/s");
    }
    if (p.etaSeconds)
        line += QStringLiteral(", about %1 s left").arg(*p.etaSeconds);
    return line;
}

QString reportText(const harvest::ArtifactReport &r)
{
    const auto &n = r.counts;
    QString text =
        QStringLiteral("%1/%2 artifacts %3: %4")
            .arg(r.source, r.collection, harvest::artifactModeName(r.mode), store::runOutcomeName(r.outcome));
    switch (r.mode) {
    case harvest::ArtifactMode::Discover:
        text += QStringLiteral(", %1 artifact(s) examined, %2 queued (%3 until their release), %4 never released, "
                               "%5 already here")
                    .arg(n.examined)
                    .arg(n.queued)
                    .arg(n.proprietary)
                    .arg(n.neverReleased)
                    .arg(n.present);
        break;
    case harvest::ArtifactMode::Download:
        text += QStringLiteral(", %1 file(s) downloaded (%2), %3 already here, %4 obsolete, %5 failed")
                    .arg(n.downloaded)
                    .arg(bytesText(double(n.bytes)))
                    .arg(n.present)
                    .arg(n.obsolete)
                    .arg(n.failed);
        if (r.elapsedMs > 0 && n.bytes > 0)
            text += QStringLiteral(", %1/s").arg(bytesText(double(n.bytes) * 1000.0 / double(r.elapsedMs)));
        break;
    case harvest::ArtifactMode::Validate:
    case harvest::ArtifactMode::Diff:
        text += QStringLiteral(", %1 artifact(s) checked, %2 finding(s)").arg(n.examined).arg(n.findings);
        if (r.mode == harvest::ArtifactMode::Validate)
            text += QStringLiteral(", %1 queued for download").arg(n.queued);
        break;
    }
    text += QStringLiteral(" in %1 s\n").arg(double(r.elapsedMs) / 1000.0, 0, 'f', 1);
    for (const auto &f : r.findings)
        text += QStringLiteral("  %1  %2  %3\n")
                    .arg(harvest::artifactFindingName(f.cls), -14)
                    .arg(f.uri.isEmpty() ? f.path : f.uri, f.detail);
    for (const QString &failure : r.failures)
        text += QStringLiteral("  failed  %1\n").arg(failure);
    if (!r.error.isEmpty())
        text += QStringLiteral("  error: %1\n").arg(r.error);
    return text;
}

QJsonObject reportJson(const harvest::ArtifactReport &r)
{
    const auto &n = r.counts;
    QJsonArray findings;
    for (const auto &f : r.findings)
        findings.append(QJsonObject{{QStringLiteral("class"), harvest::artifactFindingName(f.cls)},
                                    {QStringLiteral("uri"), f.uri},
                                    {QStringLiteral("path"), f.path},
                                    {QStringLiteral("observationID"), f.observationID},
                                    {QStringLiteral("detail"), f.detail},
                                    {QStringLiteral("expectedChecksum"), f.expectedChecksum},
                                    {QStringLiteral("actualChecksum"), f.actualChecksum}});
    QJsonObject json{
        {QStringLiteral("source"), r.source},
        {QStringLiteral("collection"), r.collection},
        {QStringLiteral("mode"), harvest::artifactModeName(r.mode)},
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
        {QStringLiteral("elapsedMs"), r.elapsedMs},
        {QStringLiteral("findings"), findings},
        {QStringLiteral("failures"), QJsonArray::fromStringList(r.failures)},
    };
    if (!r.error.isEmpty())
        json.insert(QStringLiteral("error"), r.error);
    return json;
}

} // namespace

int runArtifacts(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Mirror the artifact files of a configured source's collections into the artifact root.\n"
        "Modes: discover (queue the released files the harvested metadata describes and this mirror lacks),\n"
        "download (fetch the queue; every file verified by length and checksum before it is installed),\n"
        "validate (the files against the metadata: --depth 1 present with their length, 2 checksums\n"
        "recomputed, 3 also against the partner's current metadata; missing and corrupt files are queued),\n"
        "diff (the partner's artifacts against the files here; changes nothing).\n\n"
        "Exit status: 0 success, 1 finished with failed files or findings, 2 failed, 3 cancelled."));
    parser.addOption(storeOption());
    parser.addOption({QStringLiteral("source"), QStringLiteral("The configured source."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("collection"),
                      QStringLiteral("A collection (repeatable). Default: the source's configured collections."),
                      QStringLiteral("C")});
    parser.addOption(
        {QStringLiteral("mode"), QStringLiteral("discover, download, validate or diff."), QStringLiteral("MODE")});
    parser.addOption({QStringLiteral("artifact-root"),
                      QStringLiteral("The artifact root (default: artifacts/root of the settings file, else "
                                     "~/.local/share/caom-mirror/artifacts)."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("depth"), QStringLiteral("validate: 1, 2 or 3 (default 1)."), QStringLiteral("N"),
                      QStringLiteral("1")});
    parser.addOption({QStringLiteral("transfers"),
                      QStringLiteral("download: parallel transfers to the source (default 4)."), QStringLiteral("N"),
                      QStringLiteral("4")});
    parser.addOption({QStringLiteral("bandwidth"),
                      QStringLiteral("download: at most this many bytes per second in all, e.g. 500K or 20M."),
                      QStringLiteral("RATE")});
    parser.addOption({QStringLiteral("files-url"),
                      QStringLiteral("Where files are fetched from: URL + '/' + {scheme}/{path} (default: the "
                                     "source's files endpoint beside its observations endpoint)."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the run reports as JSON.")});
    parser.addOption({QStringLiteral("quiet"), QStringLiteral("No progress line, even on a terminal.")});
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;

    const auto usageError = [](const QString &message) {
        printErr(QStringLiteral("caom-sync artifacts: %1\n").arg(message));
        return Failed;
    };
    const auto mode = harvest::artifactModeFromName(parser.value(QStringLiteral("mode")));
    if (!mode)
        return usageError(QStringLiteral("give --mode discover, download, validate or diff"));
    bool depthOk = false;
    const int depth = parser.value(QStringLiteral("depth")).toInt(&depthOk);
    if (!depthOk || depth < 1 || depth > 3)
        return usageError(QStringLiteral("--depth is 1, 2 or 3"));
    bool transfersOk = false;
    const int transfers = parser.value(QStringLiteral("transfers")).toInt(&transfersOk);
    if (!transfersOk || transfers < 1 || transfers > 64)
        return usageError(QStringLiteral("--transfers is a number from 1 to 64"));
    std::optional<qint64> bandwidth = 0;
    if (parser.isSet(QStringLiteral("bandwidth")))
        bandwidth = parseByteSize(parser.value(QStringLiteral("bandwidth")));
    if (!bandwidth)
        return usageError(QStringLiteral("--bandwidth wants a rate such as 500K or 20M"));
    const QString sourceName = parser.value(QStringLiteral("source"));
    if (sourceName.isEmpty())
        return usageError(QStringLiteral("give a source with --source (see 'caom-sync sources list')"));
    mirror::Settings settings;
    auto source = settings.source(sourceName);
    if (!source)
        return usageError(fromStd(source.error().message) + QStringLiteral(" (see 'caom-sync sources list')"));
    const QString root = parser.isSet(QStringLiteral("artifact-root")) ? parser.value(QStringLiteral("artifact-root"))
                                                                       : settings.artifactRoot();

    InterruptWatch interrupts;
    auto store = openStore(parser, QStringLiteral("artifacts"), StoreUse::MustExist);
    if (!store)
        return Failed;
    net::initialiseHttp();
    harvest::HarvestRequest base;
    auto plan =
        harvest::planHarvest(*source, parser.values(QStringLiteral("collection")), base, InterruptWatch::flag());
    if (!plan) {
        if (InterruptWatch::interrupted())
            return Cancelled;
        return usageError(fromStd(plan.error().message));
    }
    for (const QString &note : plan->notes)
        printErr(QStringLiteral("caom-sync artifacts: note: %1\n").arg(note));

    const bool json = parser.isSet(QStringLiteral("json"));
    const bool quiet = parser.isSet(QStringLiteral("quiet")) || !stderrIsTerminal();
    std::mutex printing;
    const harvest::ArtifactProgressSink progress = [&](const harvest::ArtifactProgress &p) {
        if (quiet)
            return;
        std::lock_guard lock(printing);
        printErr(QStringLiteral("\r%1").arg(progressText(p), -100));
    };
    QJsonArray reports;
    int worst = Success;
    for (const harvest::HarvestRequest &planned : plan->requests) {
        harvest::ArtifactRequest request;
        request.target = planned.target;
        request.mode = *mode;
        request.artifactRoot = root;
        request.filesUrl = parser.value(QStringLiteral("files-url"));
        request.depth = depth;
        request.transfersPerHost = transfers;
        request.bandwidthBytesPerSecond = *bandwidth;
        harvest::JobControl control;
        harvest::ArtifactReport report;
        // The job runs beside this thread, which turns Ctrl-C into a cancel within 100 ms.
        std::thread job([&] { report = harvest::runArtifactJob(request, store, control, progress); });
        std::atomic<bool> finished{false};
        std::thread watcher([&] {
            while (!finished.load()) {
                if (InterruptWatch::interrupted() && !control.cancelled()) {
                    printErr(QStringLiteral("\ncaom-sync artifacts: cancelling...\n"));
                    control.cancel();
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        });
        job.join();
        finished = true;
        watcher.join();
        if (!quiet)
            printErr(QStringLiteral("\r%1\r").arg(QString(), 100));
        if (json)
            reports.append(reportJson(report));
        else
            printOut(reportText(report));
        const int code = report.exitCode();
        worst = code == Cancelled || worst == Cancelled ? Cancelled : std::max(worst, code);
        if (code == Cancelled)
            break;
    }
    if (json)
        printOut(QString::fromUtf8(QJsonDocument(reports).toJson()));
    return worst;
}

} // namespace cli
