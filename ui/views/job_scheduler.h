#pragma once

#include "common/harvest_schedule.h"
#include "views/job_runner.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <map>

namespace mirror {
class Settings;
} // namespace mirror

namespace mirror::models {
class JobListModel;
class ScheduleModel;
} // namespace mirror::models

namespace mirror::ui {

// Runs the schedules of the settings file while the console is open: each enabled schedule starts an
// incremental harvest every N minutes, counted from when the store was opened (or from its last start). A
// schedule that comes due while its source is still harvesting here, or while another program holds that
// collection (a run elsewhere in the jobs list), is skipped and says so in its row and in the log; the engine's
// own lease check catches the rest (the job then ends "skipped: being harvested elsewhere").
class JobScheduler : public QObject {
    Q_OBJECT

public:
    using Launch = std::function<quint64(const JobRequest &)>;

    JobScheduler(Settings *settings, models::JobListModel *jobs, Launch launch, QObject *parent = nullptr);

    models::ScheduleModel *model() const { return m_model; }
    // Jobs run only with a store open; opening one starts the clock of every schedule.
    void setActive(bool storeOpen);
    // Re-reads the schedules from the settings file.
    void reload();
    // Checks what is due now (the timer does it every few seconds).
    void tick();

    void setClock(std::function<qint64()> nowMs) { m_now = std::move(nowMs); }
    void setTickInterval(int ms) { m_timer.setInterval(ms); }

signals:
    // A schedule started a job (its row id in the jobs list).
    void jobStarted(quint64 id);

private:
    void save();
    void planAll();
    QString busyReason(const HarvestSchedule &schedule) const;

    Settings *m_settings = nullptr;
    models::JobListModel *m_jobs = nullptr;
    models::ScheduleModel *m_model = nullptr;
    Launch m_launch;
    QTimer m_timer;
    bool m_active = false;
    std::function<qint64()> m_now;
    std::map<quint64, HarvestSchedule> m_started; // jobs this scheduler started, until they end
};

} // namespace mirror::ui
