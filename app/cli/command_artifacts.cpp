// caom-sync artifacts: the artifact files of a source's collections, one mode at a time: discover (queue what
// the harvested metadata wants here), download (fetch the queue, verified), validate (the files against the
// metadata, depth 1-3), diff (the partner's artifacts against the files, changing nothing).
#include "command.h"
#include "interrupt_watch.h"
#include "store_option.h"

#include "common/settings.h"
#include "net/http_client.h"
#include "sync/artifact_job.h"
#include "sync/artifact_report_format.h"
#include "sync/source_resolver.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <mutex>
#include <thread>

namespace cli {

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
        printErr(QStringLiteral("\r%1").arg(harvest::artifactProgressText(p), -100));
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
            reports.append(harvest::artifactReportJson(report));
        else
            printOut(harvest::artifactReportText(report));
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
