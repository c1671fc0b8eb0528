#include "sync/artifact_job.h"

#include "artifact/artifact_path.h"
#include "common/logging.h"
#include "net/url.h"
#include "store/run_detail_store.h"
#include "sync/artifact_passes.h"

#include <QElapsedTimer>

namespace harvest {

namespace {

const std::pair<ArtifactMode, const char *> modeNames[] = {
    {ArtifactMode::Discover, "discover"},
    {ArtifactMode::Download, "download"},
    {ArtifactMode::Validate, "validate"},
    {ArtifactMode::Diff, "diff"},
};

// The run record's counters of an artifact run, so far or at its end.
store::RunCounts runCountsOf(const ArtifactCounts &c)
{
    store::RunCounts counts;
    counts.itemsOk = c.downloaded + c.present + c.queued;
    counts.itemsSkipped = c.neverReleased;
    counts.itemsFailed = c.failed + c.findings;
    counts.deletions = c.obsolete;
    counts.bytes = c.bytes;
    return counts;
}

} // namespace

QString artifactModeName(ArtifactMode mode)
{
    for (const auto &[m, name] : modeNames)
        if (m == mode)
            return QString::fromLatin1(name);
    return {};
}

std::optional<ArtifactMode> artifactModeFromName(const QString &name)
{
    for (const auto &[m, text] : modeNames)
        if (name == QLatin1String(text))
            return m;
    return std::nullopt;
}

QString artifactRunKind(ArtifactMode mode)
{
    switch (mode) {
    case ArtifactMode::Discover: return QStringLiteral("discover");
    case ArtifactMode::Download: return QStringLiteral("download");
    case ArtifactMode::Validate: return QStringLiteral("artifact-validate");
    case ArtifactMode::Diff: return QStringLiteral("artifact-diff");
    }
    return {};
}

QString artifactFindingName(ArtifactFindingClass cls)
{
    switch (cls) {
    case ArtifactFindingClass::Missing: return QStringLiteral("missing");
    case ArtifactFindingClass::Corrupt: return QStringLiteral("corrupt");
    case ArtifactFindingClass::Unexpected: return QStringLiteral("unexpected");
    case ArtifactFindingClass::Stale: return QStringLiteral("stale");
    case ArtifactFindingClass::NotInPartner: return QStringLiteral("not-in-partner");
    }
    return {};
}

int ArtifactReport::exitCode() const
{
    switch (outcome) {
    case store::RunOutcome::Succeeded: return counts.failed > 0 || counts.findings > 0 ? 1 : 0;
    case store::RunOutcome::Partial: return 1;
    case store::RunOutcome::Cancelled: return 3;
    case store::RunOutcome::Running:
    case store::RunOutcome::Failed: return 2;
    }
    return 2;
}

mirror::Result<std::string> artifactSourceUrl(const ArtifactRequest &request, const QString &uri)
{
    if (uri.startsWith(QLatin1String("https://")) || uri.startsWith(QLatin1String("http://")))
        return uri.toStdString();
    auto relative = artifact::relativePathFor(uri);
    if (!relative)
        return relative.error();
    std::string base = request.filesUrl.toStdString();
    if (base.empty()) {
        base = request.target.endpoints.observationsUrl;
        while (!base.empty() && base.back() == '/')
            base.pop_back();
        const auto slash = base.rfind('/');
        if (slash == std::string::npos || slash < base.find("://") + 3)
            return mirror::Error{mirror::ErrorCategory::Fatal,
                                 "no file endpoint for " + request.target.sourceName.toStdString()
                                     + ": its observations URL has no path to put /files beside"};
        base = base.substr(0, slash) + "/files";
    }
    std::string path;
    for (const QString &segment : relative->split(QLatin1Char('/'))) {
        if (!path.empty())
            path += '/';
        path += net::encodePathSegment(segment.toStdString());
    }
    return net::joinUrl(base, path);
}

std::chrono::milliseconds artifactBackoff(const ArtifactRequest &request, int attempts)
{
    auto delay = request.backoffBase;
    for (int i = 1; i < attempts && delay < request.backoffCap; ++i)
        delay *= 2;
    return std::min(delay, request.backoffCap);
}

namespace detail {

mirror::Error cancelledError()
{
    return {mirror::ErrorCategory::Cancelled, "cancelled"};
}

mirror::Result<artifact::ArtifactRoot> openRoot(const ArtifactRequest &request, bool create)
{
    return artifact::ArtifactRoot::open(request.artifactRoot, create);
}

} // namespace detail

ArtifactReport runArtifactJob(const ArtifactRequest &request, std::shared_ptr<store::Store> store, JobControl &control,
                              const ArtifactProgressSink &progress, store::Clock clock)
{
    ArtifactReport report;
    report.mode = request.mode;
    report.source = request.target.sourceName;
    report.collection = request.target.collection;
    QElapsedTimer timer;
    timer.start();
    store::RunRecordStore runs(store, clock);
    auto run = runs.start(artifactRunKind(request.mode), artifactModeName(request.mode), request.target.sourceName,
                          request.target.collection);
    if (!run) {
        report.error = QString::fromStdString(run.error().message);
        report.errorCategory = run.error().category;
        return report;
    }
    report.runKey = *run;
    // Every progress report carries the counters so far (the passes call this on the job's thread, which owns
    // the report).
    // About once a second the run record gets the counters so far and a heartbeat, so that status and the
    // dashboard can tell a download going on now (and how far it is) from one whose process died.
    store::RunDetailStore details(store, clock);
    QElapsedTimer sinceBeat;
    sinceBeat.start();
    const ArtifactProgressSink withCounts = [&](const ArtifactProgress &p) {
        if (sinceBeat.elapsed() >= 1000) {
            sinceBeat.restart();
            if (auto updated = runs.updateCounts(report.runKey, runCountsOf(report.counts)); !updated)
                qCWarning(lcSync, "cannot update the run record: %s", updated.error().message.c_str());
            (void)details.heartbeat(report.runKey); // best effort: a missed beat only makes the run look older
        }
        if (!progress)
            return;
        ArtifactProgress counted = p;
        counted.counts = report.counts;
        progress(counted);
    };
    detail::ArtifactContext context{request, store, control, withCounts, clock, report};
    mirror::Result<void> done;
    switch (request.mode) {
    case ArtifactMode::Discover: done = detail::discoverArtifacts(context); break;
    case ArtifactMode::Download: done = detail::downloadArtifacts(context); break;
    case ArtifactMode::Validate: done = detail::validateArtifacts(context); break;
    case ArtifactMode::Diff: done = detail::diffArtifacts(context); break;
    }
    if (done)
        report.outcome = report.counts.failed > 0 ? store::RunOutcome::Partial : store::RunOutcome::Succeeded;
    else {
        report.error = QString::fromStdString(done.error().message);
        report.errorCategory = done.error().category;
        report.outcome = done.error().category == mirror::ErrorCategory::Cancelled ? store::RunOutcome::Cancelled
                                                                                   : store::RunOutcome::Failed;
        qCWarning(lcSync, "artifact %s of %s/%s ended: %s", qPrintable(artifactModeName(request.mode)),
                  qPrintable(request.target.sourceName), qPrintable(request.target.collection),
                  done.error().message.c_str());
    }
    if (auto finished = runs.finish(report.runKey, report.outcome, runCountsOf(report.counts), report.error); !finished)
        qCWarning(lcSync, "cannot record the end of run %lld: %s", static_cast<long long>(report.runKey),
                  finished.error().message.c_str());
    report.elapsedMs = timer.elapsed();
    return report;
}

} // namespace harvest
