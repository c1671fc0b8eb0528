#include "views/job_scheduler.h"

#include "common/logging.h"
#include "common/settings.h"
#include "models/job_list_model.h"
#include "models/schedule_model.h"

#include <QDateTime>
#include <QLocale>

namespace mirror::ui {

namespace {

constexpr int tickMs = 10000;

QString clockText(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).toLocalTime(), QStringLiteral("HH:mm"));
}

bool sameSource(const QString &a, const QString &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

JobScheduler::JobScheduler(Settings *settings, models::JobListModel *jobs, Launch launch, QObject *parent)
    : QObject(parent),
      m_settings(settings),
      m_jobs(jobs),
      m_model(new models::ScheduleModel(this)),
      m_launch(std::move(launch)),
      m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_timer.setInterval(tickMs);
    connect(&m_timer, &QTimer::timeout, this, &JobScheduler::tick);
    connect(m_model, &models::ScheduleModel::schedulesEdited, this, [this] {
        save();
        planAll();
    });
    // How a started job ended goes into its schedule's row: a lease held elsewhere is a skip, not a failure.
    connect(m_jobs, &models::JobListModel::jobEnded, this, [this](quint64 id) {
        const auto it = m_started.find(id);
        const models::JobRow *job = m_jobs->jobById(id);
        if (it == m_started.end() || !job)
            return;
        const HarvestSchedule schedule = it->second;
        m_started.erase(it);
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const HarvestSchedule &s = m_model->rowAt(row).schedule;
            if (!sameSource(s.source, schedule.source) || s.collection != schedule.collection)
                continue;
            const QString when = clockText(job->startedAt.value_or(m_now()));
            const bool allSkipped = !job->results.empty()
                && std::all_of(job->results.begin(), job->results.end(),
                               [](const harvest::JobResult &r) { return r.report.heldElsewhere(); });
            m_model->setLastEvent(row,
                                  allSkipped ? tr("skipped %1: being harvested elsewhere").arg(when)
                                             : tr("ran %1: %2").arg(when, models::JobListModel::statusText(*job)));
        }
    });
    reload();
}

void JobScheduler::reload()
{
    m_model->setSchedules(m_settings->schedules());
    planAll();
}

void JobScheduler::save()
{
    if (auto saved = m_settings->setSchedules(m_model->schedules()); !saved)
        qCWarning(lcConsole, "schedules not saved: %s", saved.error().message.c_str());
    else
        (void)m_settings->sync();
}

void JobScheduler::setActive(bool storeOpen)
{
    m_active = storeOpen;
    // A new store starts every clock afresh: nothing runs the moment a store opens.
    for (int row = 0; row < m_model->rowCount(); ++row)
        m_model->setNextRun(row, std::nullopt);
    planAll();
    if (m_active)
        m_timer.start();
    else
        m_timer.stop();
}

void JobScheduler::planAll()
{
    const qint64 now = m_now();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const HarvestSchedule &s = m_model->rowAt(row).schedule;
        if (!m_active || !s.enabled) {
            m_model->setNextRun(row, std::nullopt);
            continue;
        }
        const auto next = m_model->rowAt(row).nextRunMs;
        const qint64 interval = qint64(s.everyMinutes) * 60 * 1000;
        // An interval shortened by an edit takes effect at once, a lengthened one at the next start.
        if (!next || *next > now + interval)
            m_model->setNextRun(row, now + interval);
    }
}

QString JobScheduler::busyReason(const HarvestSchedule &schedule) const
{
    for (int row = 0; row < m_jobs->rowCount(); ++row) {
        const models::JobRow *job = m_jobs->rowAt(row);
        if (!sameSource(job->source, schedule.source))
            continue;
        if (job->active())
            return tr("its source is still harvesting here");
        const bool sameCollection = schedule.collection.isEmpty() || job->collection == schedule.collection;
        if (job->state == models::JobState::RunningElsewhere && sameCollection)
            return tr("being harvested elsewhere (%1 run started %2)")
                .arg(job->mode, job->startedAt ? clockText(*job->startedAt) : QString());
    }
    return {};
}

void JobScheduler::tick()
{
    if (!m_active)
        return;
    const qint64 now = m_now();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const models::ScheduleRow &r = m_model->rowAt(row);
        if (!r.schedule.enabled || !r.nextRunMs || *r.nextRunMs > now)
            continue;
        const HarvestSchedule schedule = r.schedule;
        m_model->setNextRun(row, now + qint64(schedule.everyMinutes) * 60 * 1000);
        const QString what = schedule.collection.isEmpty()
            ? schedule.source
            : QStringLiteral("%1/%2").arg(schedule.source, schedule.collection);
        if (const QString busy = busyReason(schedule); !busy.isEmpty()) {
            m_model->setLastEvent(row, tr("skipped %1: %2").arg(clockText(now), busy));
            qCInfo(lcConsole, "scheduled incremental harvest of %s skipped: %s", qPrintable(what), qPrintable(busy));
            continue;
        }
        JobRequest request;
        request.source = schedule.source;
        if (!schedule.collection.isEmpty())
            request.collections = {schedule.collection};
        request.mode = harvest::HarvestMode::Incremental;
        const quint64 id = m_launch(request);
        if (id == 0) {
            m_model->setLastEvent(row, tr("not started %1: see the message above the jobs").arg(clockText(now)));
            continue;
        }
        m_model->setLastEvent(row, tr("started %1").arg(clockText(now)));
        m_started[id] = schedule;
        qCInfo(lcConsole, "scheduled incremental harvest of %s started", qPrintable(what));
        emit jobStarted(id);
    }
}

} // namespace mirror::ui
