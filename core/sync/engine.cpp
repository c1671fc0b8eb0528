#include "sync/engine.h"

#include "common/logging.h"

namespace harvest {

Engine::Engine(std::shared_ptr<store::Store> store, QObject *parent, store::Clock clock)
    : QObject(parent),
      m_store(std::move(store)),
      m_clock(std::move(clock))
{
    qRegisterMetaType<harvest::JobProgress>();
    qRegisterMetaType<harvest::JobResult>();
    m_progressTimer.setInterval(1000);
    connect(&m_progressTimer, &QTimer::timeout, this, &Engine::reportProgress);
}

Engine::~Engine()
{
    for (auto &[id, job] : m_jobs)
        job->control.cancel();
    for (auto &[id, job] : m_jobs)
        if (job->thread.joinable())
            job->thread.join();
}

JobId Engine::start(HarvestRequest request)
{
    const JobId id = m_nextJob++;
    auto job = std::make_unique<Job>();
    job->request = std::move(request);
    Job *raw = job.get();
    m_jobs.emplace(id, std::move(job));
    raw->thread = std::thread([this, id, raw] {
        HarvestReport report = runHarvest(raw->request, m_store, raw->control, m_clock);
        m_store->releaseThreadConnection();
        QMetaObject::invokeMethod(
            this, [this, id, report] { finishJob(id, report); }, Qt::QueuedConnection);
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
    const auto it = m_jobs.find(job);
    return it != m_jobs.end() && !it->second->finished;
}

std::size_t Engine::runningCount() const
{
    std::size_t count = 0;
    for (const auto &[id, job] : m_jobs)
        count += job->finished ? 0 : 1;
    return count;
}

void Engine::reportProgress()
{
    for (auto &[id, job] : m_jobs) {
        if (job->finished)
            continue;
        JobProgress progress;
        progress.job = id;
        progress.source = job->request.target.sourceName;
        progress.collection = job->request.target.collection;
        progress.mode = harvestModeName(job->request.mode);
        progress.snapshot = job->control.snapshot();
        emit progressChanged(progress);
    }
    if (runningCount() == 0)
        m_progressTimer.stop();
}

void Engine::finishJob(JobId id, const HarvestReport &report)
{
    const auto it = m_jobs.find(id);
    if (it == m_jobs.end())
        return;
    Job &job = *it->second;
    if (job.thread.joinable())
        job.thread.join();
    job.finished = true;
    JobResult result;
    result.job = id;
    result.source = job.request.target.sourceName;
    result.collection = job.request.target.collection;
    result.mode = harvestModeName(job.request.mode);
    result.report = report;
    qCInfo(lcSync, "%s %s/%s finished: %s", qPrintable(result.mode), qPrintable(result.source),
           qPrintable(result.collection), qPrintable(store::runOutcomeName(report.outcome)));
    m_jobs.erase(it);
    emit jobFinished(result);
}

} // namespace harvest
