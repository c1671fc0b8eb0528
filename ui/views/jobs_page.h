#pragma once

#include "views/job_runner.h"

#include <QWidget>

#include <functional>
#include <memory>
#include <utility>
#include <vector>

class QLabel;
class QPushButton;
class QTabWidget;
class QTextBrowser;
class QTreeView;

namespace store {
class Store;
} // namespace store

namespace mirror {
class Settings;
} // namespace mirror

namespace mirror::models {
class JobListModel;
} // namespace mirror::models

namespace mirror::ui {

class JobScheduler;
class LogPage;
class MessageWidget;
class RunsElsewhereWatcher;

// The Jobs tab: the console's harvests, queued, running and finished, beside the runs other programs are doing
// on the same store. Pause, resume and cancel for the selected job and for all; the selected job's summary
// below (the facts of `caom-sync harvest --json`, copyable as JSON) with links to what it found in the browser
// and to its messages in the log view beside it.
//
// Other views start jobs through launch(): e.g. a validate without repair of one collection of one source:
//     JobRequest request{.source = "MAST", .collections = {"HST"}, .mode = harvest::HarvestMode::Validate};
//     mainWindow->jobsPage()->launch(request);
//
// Object names: "jobsView", "jobSummary", "newJobButton", "pauseJobButton", "resumeJobButton",
// "cancelJobButton", "pauseAllButton", "resumeAllButton", "cancelAllButton", "clearFinishedButton",
// "copyJobJsonButton", "jobsMessage".
class JobsPage : public QWidget {
    Q_OBJECT

public:
    // settings: not owned; outlives the page (the sources are read from it at each launch).
    explicit JobsPage(Settings *settings, QWidget *parent = nullptr);
    ~JobsPage() override;

    // The store jobs write to; nullptr when none is open.
    void setStore(std::shared_ptr<store::Store> store);
    // (source, collection) pairs the store holds, offered in the New job dialog.
    void setKnownCollections(std::vector<std::pair<QString, QString>> known) { m_known = std::move(known); }

    // Starts the job (queued behind a running job of the same source), after asking the operator to confirm a
    // repair or a prune. Returns the job's row id, or 0 when it was not started (refused: the reason is shown
    // in the panel; or not confirmed).
    quint64 launch(const JobRequest &request);
    // The New job dialog, with `source` (and `collection`) ticked when given.
    void showLaunchDialog(const QString &source = QString(), const QString &collection = QString());

    // Replaces the confirmation question for repair and prune (tests): true to go ahead.
    void setConfirmation(std::function<bool(const QString &title, const QString &text)> ask)
    {
        m_confirm = std::move(ask);
    }

    models::JobListModel *model() const { return m_model; }
    JobRunner *runner() const { return m_runner; }
    RunsElsewhereWatcher *elsewhereWatcher() const { return m_elsewhere; }
    LogPage *logPage() const { return m_log; }
    JobScheduler *scheduler() const { return m_scheduler; }
    // Selects the job with this row id; its summary shows below the list.
    void select(quint64 id);
    // The summary shown below the list, as plain text.
    QString summaryText() const;
    // The JSON facts of the job's finished collections: an array like `caom-sync harvest --json` prints.
    QByteArray summaryJson(quint64 id) const;

signals:
    // The operator followed a summary's link: show that collection in the browser, only its differences.
    void browseRequested(const QString &source, const QString &collection, bool onlyDifferences);
    // What is running changed: `summary` says it in a few words ("2 jobs running, 1 paused"; empty when
    // nothing runs), `active` counts this console's running or queued jobs.
    void activityChanged(const QString &summary, int active);

private:
    // An artifact job without a root of its own gets the settings' artifact root.
    JobRequest withArtifactRoot(JobRequest request) const;
    quint64 selectedId() const;
    void updateButtons();
    void updateSummary();
    void onJobEnded(quint64 id);
    void showSummaryLink(const QUrl &link);

    Settings *m_settings = nullptr;
    models::JobListModel *m_model = nullptr;
    JobRunner *m_runner = nullptr;
    RunsElsewhereWatcher *m_elsewhere = nullptr;
    MessageWidget *m_message = nullptr;
    QTreeView *m_view = nullptr;
    QTextBrowser *m_summary = nullptr;
    QTabWidget *m_details = nullptr;
    LogPage *m_log = nullptr;
    JobScheduler *m_scheduler = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_resume = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_pauseAll = nullptr;
    QPushButton *m_resumeAll = nullptr;
    QPushButton *m_cancelAll = nullptr;
    QPushButton *m_clearFinished = nullptr;
    QPushButton *m_copyJson = nullptr;
    std::vector<std::pair<QString, QString>> m_known;
    std::function<bool(const QString &, const QString &)> m_confirm;
};

} // namespace mirror::ui
