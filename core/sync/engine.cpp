#include "sync/engine.h"

#include "common/log_hub.h"
#include "common/logging.h"
#include "sync/artifact_report_format.h"
#include "sync/source_resolver.h"

#include <functional>

namespace harvest {

// What a job thread shares with the engine. The engine may be destroyed while a job still runs (the console
// closing): the thread then finds no engine and reports to no one, instead of to a dead object.
struct EngineLink {
    std::mutex mutex;
    Engine *engine = nullptr;

    // Runs `function` on the engine's thread, if the engine still exists.
    void post(std::function<void(Engine &)> function)
    {
        std::lock_guard lock(mutex);
        if (Engine *target = engine)
            QMetaObject::invokeMethod(
                target, [target, function = std::move(function)] { function(*target); }, Qt::QueuedConnection);
    }
};

struct Engine::Job {
    JobId id = 0;
    QString source;
    QString mode;
    std::optional<SourceHarvest> toPlan;      // resolved on the job's thread
    std::vector<HarvestRequest> requests;     // or given ready
    std::optional<ArtifactRequest> artifacts; // an artifact job: its mode and options, targets from the plan
    JobControl control;
    std::thread thread;

    mutable std::mutex mutex;
    QString collection; // the one being harvested now

    void setCollection(const QString &name)
    {
        std::lock_guard lock(mutex);
        collection = name;
    }
    QString currentCollection() const
    {
        std::lock_guard lock(mutex);
        return collection;
    }
};

QString jobLogLabel(const QString &source, const QString &mode, JobId job)
{
    return QStringLiteral("%1 %2, job %3").arg(source, mode).arg(job);
}

Engine::Engine(std::shared_ptr<store::Store> store, QObject *parent, store::Clock clock)
    : QObject(parent),
      m_store(std::move(store)),
      m_clock(std::move(clock)),
      m_link(std::make_shared<EngineLink>())
{
    qRegisterMetaType<harvest::JobProgress>();
    qRegisterMetaType<harvest::JobResult>();
    qRegisterMetaType<harvest::JobEnd>();
    m_link->engine = this;
    m_progressTimer.setInterval(1000);
    connect(&m_progressTimer, &QTimer::timeout, this, &Engine::reportProgress);
}

Engine::~Engine()
{
    {
        std::lock_guard lock(m_link->mutex);
        m_link->engine = nullptr;
    }
    // Each thread owns a share of its job and of the store: it stops at its next checkpoint (within a
    // second) and cleans up by itself; no one waits for it here.
    for (auto &[id, job] : m_jobs) {
        job->control.cancel();
        if (job->thread.joinable())
            job->thread.detach();
    }
}

JobId Engine::start(SourceHarvest harvest)
{
    auto job = std::make_shared<Job>();
    job->source = harvest.source.name;
    job->mode = harvestModeName(harvest.base.mode);
    job->toPlan = std::move(harvest);
    return launch(std::move(job));
}

JobId Engine::start(SourceArtifacts artifacts)
{
    auto job = std::make_shared<Job>();
    job->source = artifacts.source.name;
    job->mode = artifactRunKind(artifacts.base.mode);
    job->toPlan = SourceHarvest{std::move(artifacts.source), std::move(artifacts.collections), HarvestRequest{}};
    job->artifacts = std::move(artifacts.base);
    return launch(std::move(job));
}

namespace {

// One collection's artifact run on the job's thread: its progress (files, bytes, rate, ETA) reaches the job's
// control, so the engine reports it like a harvest's.
JobResult runArtifacts(const ArtifactRequest &base, const HarvestTarget &target,
                       const std::shared_ptr<store::Store> &store, JobControl &control, const store::Clock &clock)
{
    ArtifactRequest request = base;
    request.target = target;
    ProgressSnapshot starting; // not the previous collection's figures
    starting.phase = QStringLiteral("starting");
    control.setMeasured(starting);
    const ArtifactProgressSink progress = [&control](const ArtifactProgress &p) {
        ProgressSnapshot s;
        s.phase = p.phase;
        s.done = p.filesDone;
        s.total = p.filesTotal;
        s.etaSeconds = p.etaSeconds;
        s.counts = harvestCountsOf(p.counts);
        s.bytesDone = p.bytesDone;
        s.bytesTotal = p.bytesTotal;
        s.bytesPerSecond = p.bytesPerSecond;
        control.setMeasured(s);
    };
    JobResult result;
    result.artifacts = runArtifactJob(request, store, control, progress, clock);
    const ArtifactReport &a = *result.artifacts;
    result.report.runKey = a.runKey;
    // A run that ended normally with failed files or findings is a partial one in the harvest's terms (exit 1).
    result.report.outcome =
        a.outcome == store::RunOutcome::Succeeded && a.exitCode() == 1 ? store::RunOutcome::Partial : a.outcome;
    result.report.counts = harvestCountsOf(a.counts);
    result.report.error = a.error;
    result.report.errorCategory = a.errorCategory;
    return result;
}

} // namespace

JobId Engine::start(HarvestRequest request)
{
    auto job = std::make_shared<Job>();
    job->source = request.target.sourceName;
    job->mode = harvestModeName(request.mode);
    job->requests.push_back(std::move(request));
    return launch(std::move(job));
}

JobId Engine::launch(std::shared_ptr<Job> job)
{
    const JobId id = m_nextJob++;
    job->id = id;
    m_jobs.emplace(id, job);
    // The thread holds its own shares of everything it uses, so it outlives the engine safely.
    job->thread = std::thread([job, store = m_store, clock = m_clock, link = m_link] {
        const mirror::LogJobScope logScope(jobLogLabel(job->source, job->mode, job->id));
        JobEnd end;
        end.job = job->id;
        end.source = job->source;
        end.mode = job->mode;
        std::vector<HarvestRequest> requests = job->requests;
        if (job->toPlan) {
            job->control.setPhase(QStringLiteral("resolving the source"));
            auto plan = planHarvest(job->toPlan->source, job->toPlan->collections, job->toPlan->base,
                                    job->control.cancelFlag(), clock);
            if (!plan) {
                end.planError = QString::fromStdString(plan.error().message);
                end.planErrorCategory = plan.error().category;
                end.exitCode = plan.error().category == mirror::ErrorCategory::Cancelled ? 3 : 2;
            } else {
                requests = std::move(plan->requests);
                end.notes = plan->notes;
            }
        }
        for (const HarvestRequest &request : requests) {
            if (job->control.cancelled()) {
                end.exitCode = std::max(end.exitCode, 3);
                break;
            }
            job->setCollection(request.target.collection);
            JobResult result;
            const QString mode = job->artifacts ? job->mode : harvestModeName(request.mode);
            qCInfo(lcSync, "%s %s/%s started", qPrintable(mode), qPrintable(request.target.sourceName),
                   qPrintable(request.target.collection));
            if (job->artifacts)
                result = runArtifacts(*job->artifacts, request.target, store, job->control, clock);
            else
                result.report = runHarvest(request, store, job->control, clock);
            result.job = job->id;
            result.source = request.target.sourceName;
            result.collection = request.target.collection;
            result.mode = mode;
            qCInfo(lcSync, "%s %s/%s finished: %s", qPrintable(result.mode), qPrintable(result.source),
                   qPrintable(result.collection), qPrintable(store::runOutcomeName(result.report.outcome)));
            if (!result.report.heldElsewhere())
                end.exitCode = std::max(end.exitCode, result.report.exitCode());
            link->post([result](Engine &engine) { emit engine.collectionFinished(result); });
        }
        store->releaseThreadConnection();
        link->post([end](Engine &engine) { engine.finishJob(end); });
    });
    if (!m_progressTimer.isActive())
        m_progressTimer.start();
    return id;
}

void Engine::pause(JobId job)
{
    if (auto it = m_jobs.find(job); it != m_jobs.end())
        it->second->control.pause();
}

void Engine::resume(JobId job)
{
    if (auto it = m_jobs.find(job); it != m_jobs.end())
        it->second->control.resume();
}

void Engine::cancel(JobId job)
{
    if (auto it = m_jobs.find(job); it != m_jobs.end())
        it->second->control.cancel();
}

void Engine::cancelAll()
{
    for (auto &[id, job] : m_jobs)
        job->control.cancel();
}

bool Engine::running(JobId job) const
{
    return m_jobs.count(job) > 0;
}

std::size_t Engine::runningCount() const
{
    return m_jobs.size();
}

void Engine::reportProgress()
{
    for (auto &[id, job] : m_jobs) {
        JobProgress progress;
        progress.job = id;
        progress.source = job->source;
        progress.collection = job->currentCollection();
        progress.mode = job->mode;
        progress.snapshot = job->control.snapshot();
        emit progressChanged(progress);
    }
    if (m_jobs.empty())
        m_progressTimer.stop();
}

void Engine::finishJob(const JobEnd &end)
{
    const auto it = m_jobs.find(end.job);
    if (it == m_jobs.end())
        return;
    // The thread posted this as its last act: joining it waits for nothing but its return.
    if (it->second->thread.joinable())
        it->second->thread.join();
    m_jobs.erase(it);
    emit jobFinished(end);
}

} // namespace harvest
