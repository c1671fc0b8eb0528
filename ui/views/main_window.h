#pragma once

#include <QMainWindow>
#include <QPointer>

#include <functional>
#include <map>
#include <optional>

class QAction;
class QCloseEvent;
class QDockWidget;
class QLabel;
class QToolButton;
class QProgressBar;
class QTabWidget;
class QTimer;

namespace mirror {
class Settings;
} // namespace mirror

namespace mirror::models {
class CollectionCountsModel;
class StoreChangeWatcher;
} // namespace mirror::models

namespace store {
class StoreReader;
} // namespace store

namespace mirror::ui {

class BrowserPage;
class ComparePage;
class DiscrepanciesPage;
class JobsPage;
class NavigatorPanel;
class SettingsDialog;
class DashboardPage;
class PublicationsPage;
class StoreSession;

// The console's frame: partner navigator on the left, one tab per task in the centre (Browser, Jobs,
// Discrepancies, Compare, Dashboard), the store in use and current activity in the status
// bar, and the usual menus. Window geometry, docks, the current tab and the browser's splitter are remembered as
// machine-local state.
//
// Child widgets carry object names ("partners", "mainTabs", "storeStatus", "activityStatus", "partnersDock",
// "browserPage") so tests and later views can find them without accessors that would freeze the layout.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    // settings: not owned; outlives the window.
    explicit MainWindow(Settings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens the store named in the settings; when it does not exist yet, offers the demo store in the browser
    // (if the settings allow) instead of creating an empty one.
    void openConfiguredStore();
    // A SQLite file that does not exist is created only if the operator says so (setCreateStoreQuestion).
    void openStore(const QString &location);
    // Asks whether to create a new, empty store at `where` (a path as shown to people); true to create. The default
    // asks in a dialog; tests replace it.
    void setCreateStoreQuestion(std::function<bool(const QString &where)> ask) { m_askToCreateStore = std::move(ask); }
    void openDemo();
    void openDemoAt(const QString &path);
    void showSettings();

    StoreSession *session() const { return m_session; }
    BrowserPage *browser() const { return m_browser; }
    DashboardPage *dashboard() const { return m_dashboard; }
    // The partner sources in the settings changed outside the settings dialog (the demo's partners started).
    void reloadSources();
    // Opens the browser on what `source` holds of `collection`, showing only observations in `state` ("" any).
    void showObservations(const QString &source, const QString &collection, const QString &state);
    DiscrepanciesPage *discrepancies() const { return m_discrepancies; }
    ComparePage *comparePage() const { return m_compare; }
    // Shows the Compare tab comparing one observation between these copies ("local" or partner names);
    // `discrepancyKey`: the finding it was opened from.
    void openCompare(const QString &collection, const QString &observationID, const QStringList &copies,
                     std::optional<qint64> discrepancyKey = {});
    // "Compare with partner" on a collection: a validate without repair as a job; when it ends, the Discrepancies
    // tab shows what that run found for the partner and collection.
    void compareCollectionWithPartner(const QString &source, const QString &collection);
    // Shows one observation in the browser: `source`'s part of the collection, filtered to its ID.
    void browseObservation(const QString &source, const QString &collection, const QString &observationID);
    // The Jobs tab; other views start jobs through JobsPage::launch().
    JobsPage *jobsPage() const { return m_jobs; }
    SettingsDialog *settingsDialog() const; // nullptr until showSettings()
    // What Help › About says (rich text).
    static QString aboutText();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createNavigator();
    void createJobs();
    void showNavigatorMenu(const QString &source, const QString &collection, const QPoint &globalPos);
    void browseDifferences(const QString &source, const QString &collection);
    void createTabs();
    void setTabIcons();
    void createMenus();
    void createStatusBar();
    void connectSession();
    void restoreLayout();
    void saveLayout() const;
    void showAbout();
    void chooseStoreFile();
    void copyFromFocus();
    void onReaderChanged(store::StoreReader *reader);
    void onStoreOpened(const QString &displayName);
    void onCountsRefreshed();
    void setActivity(const QString &text, int done = -1, int total = -1);

    Settings *m_settings = nullptr;
    StoreSession *m_session = nullptr;
    models::CollectionCountsModel *m_counts = nullptr;
    QDockWidget *m_partnersDock = nullptr;
    NavigatorPanel *m_navigator = nullptr;
    QTabWidget *m_tabs = nullptr;
    BrowserPage *m_browser = nullptr;
    DashboardPage *m_dashboard = nullptr;
    PublicationsPage *m_publications = nullptr;
    DiscrepanciesPage *m_discrepancies = nullptr;
    ComparePage *m_compare = nullptr;
    std::map<quint64, std::pair<QString, QString>> m_comparingJobs; // job row id -> (source, collection)
    JobsPage *m_jobs = nullptr;
    QLabel *m_storeStatus = nullptr;
    QLabel *m_activity = nullptr;
    QToolButton *m_jobsIndicator = nullptr; // "1 job running": shown while jobs run, opens the Jobs tab
    QProgressBar *m_progress = nullptr;
    QTimer *m_countsTimer = nullptr;
    models::StoreChangeWatcher *m_changes = nullptr; // follows writes by other programs
    QPointer<SettingsDialog> m_settingsDialog;
    std::function<bool(const QString &)> m_askToCreateStore;
    bool m_choseCollection = false;
    bool m_autoSelecting = false; // selecting a collection for the operator: stay on the current tab
};

} // namespace mirror::ui
