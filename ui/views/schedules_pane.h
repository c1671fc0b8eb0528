#pragma once

#include <QWidget>

class QPushButton;
class QTreeView;

namespace mirror {
class Settings;
} // namespace mirror

namespace mirror::ui {

class JobScheduler;

// The schedules under the jobs list: each source or collection harvested incrementally every N minutes while the
// console is open, when it runs next and how it went last time. Add, remove, change the interval in place, and
// see the same schedule as a systemd timer for a machine that harvests without the console.
//
// Object names: "schedulesView", "addScheduleButton", "removeScheduleButton", "scheduleTimerButton".
class SchedulesPane : public QWidget {
    Q_OBJECT

public:
    SchedulesPane(Settings *settings, JobScheduler *scheduler, QWidget *parent = nullptr);

    void addSchedule();
    void showTimerUnits();

private:
    void updateButtons();

    Settings *m_settings = nullptr;
    JobScheduler *m_scheduler = nullptr;
    QTreeView *m_view = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_timer = nullptr;
};

} // namespace mirror::ui
