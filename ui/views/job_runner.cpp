#include "views/job_runner.h"

#include "common/logging.h"
#include "models/job_list_model.h"
#include "net/listing_parser.h"
#include "sync/engine.h"

#include <QDateTime>

#include <algorithm>

namespace mirror::ui {

QString modeLabel(const JobRequest &request)
{
    if (request.artifactMode)
        switch (*request.artifactMode) {
        case harvest::ArtifactMode::Discover: return JobRunner::tr("files: discover");
        case harvest::ArtifactMode::Download: return JobRunner::tr("files: download");
        case harvest::ArtifactMode::Validate: return JobRunner::tr("files: validate (depth %1)").arg(request.depth);
        case harvest::ArtifactMode::Diff: return JobRunner::tr("files: compare with the partner");
        }
    switch (request.mode) {
    case harvest::HarvestMode::Incremental: return JobRunner::tr("incremental");
    case harvest::HarvestMode::Retry:
        return request.retryReason
            ? JobRunner::tr("retry (%1 failures)").arg(QString::fromUtf8(mirror::categoryName(*request.retryReason)))
            : JobRunner::tr("retry skipped");
    case harvest::HarvestMode::Validate:
        return request.repair ? JobRunner::tr("validate and repair") : JobRunner::tr("validate");
    case harvest::HarvestMode::Full: return request.prune ? JobRunner::tr("full and prune") : JobRunner::tr("full");
    }
    return {};
}

QString commandLine(const JobRequest &request)
{
    if (request.artifactMode) {
        QStringList words{QStringLiteral("caom-sync"), QStringLiteral("artifacts"), QStringLiteral("--source"),
                          request.source};
        for (const QString &collection : request.collections)
            words << QStringLiteral("--collection") << collection;
        words << QStringLiteral("--mode") << harvest::artifactModeName(*request.artifactMode);
        if (*request.artifactMode == harvest::ArtifactMode::Validate)
            words << QStringLiteral("--depth") << QString::number(request.depth);
        if (!request.artifactRoot.isEmpty())
            words << QStringLiteral("--artifact-root") << request.artifactRoot;
        return words.join(QLatin1Char(' '));
    }
    QStringList words{QStringLiteral("caom-sync"), QStringLiteral("harvest"), QStringLiteral("--source"),
                      request.source};
    for (const QString &collection : request.collections)
        words << QStringLiteral("--collection") << collection;
    words << QStringLiteral("--mode") << harvest::harvestModeName(request.mode);
    if (request.mode == harvest::HarvestMode::Validate && request.repair)
        words << QStringLiteral("--repair");
    if (request.mode == harvest::HarvestMode::Full && request.fullFrom)
        words << QStringLiteral("--from") << QString::fromStdString(net::formatIvoaTimestamp(*request.fullFrom));
    if (request.mode == harvest::HarvestMode::Full && request.prune)
        words << QStringLiteral("--prune") << QStringLiteral("--yes");
    if (request.mode == harvest::HarvestMode::Retry && request.retryReason)
        words << QStringLiteral("--reason") << QString::fromUtf8(mirror::categoryName(*request.retryReason));
    return words.join(QLatin1Char(' '));
}

JobRunner::JobRunner(models::JobListModel *model, QObject *parent)
    : QObject(parent),
      m_model(model),
      m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{}

JobRunner::~JobRunner() = default; // the engine cancels its jobs and lets their threads end by themselves

void JobRunner::setStore(std::shared_ptr<store::Store> store)
{
    if (store == m_store)
        return;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const models::JobRow *job = m_model->rowAt(row);
        if (job->state == models::JobState::Running || job->state == models::JobState::Queued)
            m_model->markNotStarted(job->id,
                                    job->state == models::JobState::Running
                                        ? tr("Cancelled: another store was opened")
                                        : tr("Not started: another store was opened"),
                                    m_now());
    }
    m_queue.clear();
    m_engine.reset(); // cancels what ran on the old store; its threads finish by themselves
    m_store = std::move(store);
    if (!m_store)
        return;
    m_engine = std::make_unique<harvest::Engine>(m_store);
    connect(m_engine.get(), &harvest::Engine::progressChanged, m_model, &models::JobListModel::updateProgress);
    connect(m_engine.get(), &harvest::Engine::collectionFinished, m_model, &models::JobListModel::addResult);
    connect(m_engine.get(), &harvest::Engine::jobFinished, this, &JobRunner::onJobFinished);
}

Result<quint64> JobRunner::launch(const PartnerSource &source, const JobRequest &request)
{
    if (!m_engine)
        return Error{ErrorCategory::Fatal,
                     tr("Open a store first: the job would have nowhere to write.").toStdString()};
    Pending pending;
    pending.source = source.name;
    QString mode;
    if (request.artifactMode) {
        harvest::SourceArtifacts artifacts;
        artifacts.source = source;
        artifacts.collections = request.collections;
        artifacts.base.mode = *request.artifactMode;
        artifacts.base.depth = std::clamp(request.depth, 1, 3);
        artifacts.base.artifactRoot = request.artifactRoot;
        pending.artifacts = std::move(artifacts);
        mode = harvest::artifactRunKind(*request.artifactMode);
    } else {
        harvest::SourceHarvest harvest;
        harvest.source = source;
        harvest.collections = request.collections;
        harvest.base.mode = request.mode;
        harvest.base.repair = request.mode == harvest::HarvestMode::Validate && request.repair;
        harvest.base.prune = request.mode == harvest::HarvestMode::Full && request.prune;
        if (request.mode == harvest::HarvestMode::Full)
            harvest.base.fullFrom = request.fullFrom;
        if (request.mode == harvest::HarvestMode::Retry)
            harvest.base.retryReason = request.retryReason;
        pending.harvest = std::move(harvest);
        mode = harvest::harvestModeName(request.mode);
    }
    pending.id = m_model->addQueued(source.name, request.collections, mode, modeLabel(request), m_now());
    qCInfo(lcConsole, "job %llu asked: %s", static_cast<unsigned long long>(pending.id),
           qPrintable(commandLine(request)));
    m_queue.push_back(std::move(pending));
    const quint64 id = m_queue.back().id;
    startNext();
    return id;
}

bool JobRunner::sourceBusy(const QString &source) const
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const models::JobRow *job = m_model->rowAt(row);
        if (job->state == models::JobState::Running && job->source.compare(source, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

void JobRunner::startNext()
{
    if (!m_engine)
        return;
    for (auto it = m_queue.begin(); it != m_queue.end();) {
        if (sourceBusy(it->source)) {
            ++it;
            continue;
        }
        const quint64 id = it->id;
        Pending pending = std::move(*it);
        it = m_queue.erase(it);
        const harvest::JobId engineJob = pending.artifacts ? m_engine->start(std::move(*pending.artifacts))
                                                           : m_engine->start(std::move(*pending.harvest));
        m_model->markStarted(id, engineJob, m_now());
    }
}

void JobRunner::onJobFinished(const harvest::JobEnd &end)
{
    const int row = m_model->rowOfEngineJob(end.job);
    const quint64 id = row >= 0 ? m_model->rowAt(row)->id : 0;
    m_model->finish(end, m_now());
    qCInfo(lcConsole, "job %llu (%s %s) ended with exit code %d", static_cast<unsigned long long>(id),
           qPrintable(end.mode), qPrintable(end.source), end.exitCode);
    startNext();
    if (id)
        emit jobFinished(id);
}

void JobRunner::pause(quint64 id)
{
    if (const models::JobRow *job = m_model->jobById(id); job && m_engine && job->state == models::JobState::Running)
        m_engine->pause(job->engineJob);
}

void JobRunner::resume(quint64 id)
{
    if (const models::JobRow *job = m_model->jobById(id); job && m_engine && job->state == models::JobState::Running)
        m_engine->resume(job->engineJob);
}

void JobRunner::cancel(quint64 id)
{
    const models::JobRow *job = m_model->jobById(id);
    if (!job)
        return;
    if (job->state == models::JobState::Queued) {
        std::erase_if(m_queue, [id](const Pending &pending) { return pending.id == id; });
        m_model->markNotStarted(id, tr("Cancelled before it started"), m_now());
        return;
    }
    if (job->state == models::JobState::Running && m_engine)
        m_engine->cancel(job->engineJob);
}

void JobRunner::pauseAll()
{
    for (int row = 0; row < m_model->rowCount(); ++row)
        pause(m_model->rowAt(row)->id);
}

void JobRunner::resumeAll()
{
    for (int row = 0; row < m_model->rowCount(); ++row)
        resume(m_model->rowAt(row)->id);
}

void JobRunner::cancelAll()
{
    std::vector<quint64> ids;
    for (int row = 0; row < m_model->rowCount(); ++row)
        if (m_model->rowAt(row)->active())
            ids.push_back(m_model->rowAt(row)->id);
    // Queued ones first, so none of them starts when a running one ends.
    for (quint64 id : ids)
        if (m_model->jobById(id)->state == models::JobState::Queued)
            cancel(id);
    for (quint64 id : ids)
        cancel(id);
}

} // namespace mirror::ui
