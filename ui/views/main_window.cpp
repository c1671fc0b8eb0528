#include "views/main_window.h"

#include "common/settings.h"
#include "models/collection_counts_model.h"
#include "models/icon_set.h"
#include "models/job_list_model.h"
#include "models/store_change_watcher.h"
#include "store/store_location.h"
#include "store/store_probe.h"
#include "sync/runtime_components.h"
#include "views/browser_filter_bar.h"
#include "views/browser_page.h"
#include "views/browser_start_card.h"
#include "views/compare_page.h"
#include "views/dashboard_page.h"
#include "views/discrepancies_page.h"
#include "views/job_runner.h"
#include "views/jobs_page.h"
#include "views/navigator_panel.h"
#include "views/publications_page.h"
#include "views/settings_dialog.h"
#include "views/store_session.h"
#include "views/user_guide_window.h"
#include "views/view_copier.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QCoreApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QScreen>
#include <QSignalBlocker>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

#include <optional>

namespace mirror::ui {

namespace {

// Bumped when docks or toolbars change in a way an old saved state would restore wrongly.
constexpr int layoutVersion = 2;
// Live counts: the store keeps them as counters, so reading them is cheap.
constexpr int countsRefreshMs = 5000;

} // namespace

MainWindow::MainWindow(Settings *settings, QWidget *parent) : QMainWindow(parent), m_settings(settings)
{
    // The title names the store once one is open; the product's name is added by the desktop (the application's
    // display name), so it is never written here as well.
    // saveState() finds docks and toolbars by object name; without one they are silently not restored.
    setObjectName(QStringLiteral("mainWindow"));

    m_session = new StoreSession(this);
    m_counts = new models::CollectionCountsModel(nullptr, this);
    m_changes = new models::StoreChangeWatcher(this);
    connect(m_changes, &models::StoreChangeWatcher::storeChanged, this, [this] {
        // A harvest, validate or import by another program: counts, list, tree and detail pane follow in place.
        m_counts->refresh();
        m_browser->followStoreChange();
        m_dashboard->storeChanged();
        m_publications->storeChanged();
    });
    createNavigator();
    createTabs();
    setTabIcons();
    createMenus();
    createStatusBar();
    connectSession();
    restoreLayout();
}

MainWindow::~MainWindow()
{
    // The models let go of the reader before the session destroys it.
    m_counts->setReader(nullptr);
    m_changes->setReader(nullptr);
    m_browser->setReader(nullptr);
    m_dashboard->setReader(nullptr);
    m_publications->setReader(nullptr);
}

void MainWindow::createNavigator()
{
    m_navigator = new NavigatorPanel(m_counts, this);
    m_navigator->setSources(m_settings->sources());
    connect(m_navigator, &NavigatorPanel::collectionSelected, this,
            [this](const QString &source, const QString &collection) {
                m_choseCollection = true;
                m_browser->showCollection(source, collection, m_counts->total(collection, source));
                // The operator's choice shows the browser; the console's own choice (a store's first
                // collection, appearing while a harvest fills an empty store) leaves the tab they are on.
                if (!m_autoSelecting)
                    m_tabs->setCurrentWidget(m_browser);
            });

    m_partnersDock = new QDockWidget(tr("Partners"), this);
    m_partnersDock->setObjectName(QStringLiteral("partnersDock"));
    m_partnersDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    m_partnersDock->setWidget(m_navigator);
    addDockWidget(Qt::LeftDockWidgetArea, m_partnersDock);
}

void MainWindow::createTabs()
{
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);

    m_browser = new BrowserPage(m_settings, this);
    m_tabs->addTab(m_browser, tr("Browser"));
    connect(m_browser, &BrowserPage::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text, 4000); });
    BrowserStartCard *start = m_browser->startCard();
    connect(start, &BrowserStartCard::openDemoRequested, this, &MainWindow::openDemo);
    connect(start, &BrowserStartCard::openStoreRequested, this, &MainWindow::chooseStoreFile);
    connect(start, &BrowserStartCard::settingsRequested, this, &MainWindow::showSettings);

    createJobs();

    m_discrepancies = new DiscrepanciesPage(this);
    m_tabs->addTab(m_discrepancies, tr("Discrepancies"));
    connect(m_discrepancies, &DiscrepanciesPage::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text, 4000); });
    m_discrepancies->setSettings(m_settings);
    connect(m_discrepancies, &DiscrepanciesPage::browseRequested, this, &MainWindow::browseObservation);
    connect(m_discrepancies, &DiscrepanciesPage::observationsRefetched, this, [this] {
        m_browser->refresh();
        m_counts->refresh();
        m_dashboard->storeChanged(); // its count of differences to deal with moved
    });
    connect(m_discrepancies, &DiscrepanciesPage::retryRequested, this,
            [this](const QString &source, const QString &collection) {
                JobRequest request;
                request.source = source;
                request.collections = {collection};
                request.mode = harvest::HarvestMode::Retry;
                if (m_jobs->launch(request) == 0)
                    m_tabs->setCurrentWidget(m_jobs); // it says there why the job did not start
            });

    m_compare = new ComparePage(m_settings, this);
    m_tabs->addTab(m_compare, tr("Compare"));
    connect(m_compare, &ComparePage::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text, 4000); });
    connect(m_compare, &ComparePage::browseRequested, this, &MainWindow::browseObservation);
    connect(m_compare, &ComparePage::acknowledgeRequested, this,
            [this](qint64 key, const QString &note) { m_discrepancies->acknowledgeKeys({key}, note); });
    connect(m_compare, &ComparePage::observationRefetched, this, [this] {
        m_discrepancies->refresh();
        m_browser->refresh();
        m_dashboard->storeChanged();
    });
    connect(m_discrepancies, &DiscrepanciesPage::compareRequested, this,
            [this](const QString &source, const QString &collection, const QString &observationID, qint64 key) {
                openCompare(collection, observationID, {QStringLiteral("local"), source}, key);
            });
    connect(m_browser, &BrowserPage::compareRequested, this,
            [this](const QString &source, const QString &collection, const QString &observationID) {
                // Imported observations came from no partner: compare with the first one configured.
                QString partner = source;
                if (!m_settings->source(partner).ok() && !m_settings->sources().empty())
                    partner = m_settings->sources().front().name;
                openCompare(collection, observationID, {QStringLiteral("local"), partner});
            });

    m_dashboard = new DashboardPage(this);
    m_dashboard->setSources(m_settings->sources());
    m_tabs->addTab(m_dashboard, tr("Dashboard"));
    connect(m_dashboard, &DashboardPage::observationsRequested, this, &MainWindow::showObservations);
    connect(m_dashboard, &DashboardPage::discrepanciesRequested, this,
            [this](const QString &source, const QString &collection) {
                m_discrepancies->showOpenDifferences(source, collection);
                m_tabs->setCurrentWidget(m_discrepancies);
            });
    connect(m_dashboard, &DashboardPage::reportFinished, this, [this](bool ok, const QString &text) {
        statusBar()->showMessage(ok ? tr("Report written: %1").arg(text) : tr("\u2716 %1").arg(text), 10000);
    });

    m_publications = new PublicationsPage(this);
    m_tabs->addTab(m_publications, tr("Publications"));
    connect(m_publications, &PublicationsPage::observationRequested, this, &MainWindow::browseObservation);

    setCentralWidget(m_tabs);
}

void MainWindow::createJobs()
{
    m_jobs = new JobsPage(m_settings, this);
    m_tabs->addTab(m_jobs, tr("Jobs"));
    connect(m_jobs, &JobsPage::browseRequested, this,
            [this](const QString &source, const QString &collection) { browseDifferences(source, collection); });
    connect(m_navigator, &NavigatorPanel::contextMenuRequested, this, &MainWindow::showNavigatorMenu);
    // A comparison of a whole collection ends in the Discrepancies tab, showing what its run found.
    connect(m_jobs->model(), &models::JobListModel::jobEnded, this, [this](quint64 id) {
        const auto found = m_comparingJobs.find(id);
        if (found == m_comparingJobs.end())
            return;
        const auto [source, collection] = found->second;
        m_comparingJobs.erase(found);
        std::optional<qint64> runKey;
        if (const models::JobRow *row = m_jobs->model()->jobById(id))
            for (const harvest::JobResult &result : row->results)
                if (result.collection == collection && result.report.runKey > 0)
                    runKey = result.report.runKey;
        m_discrepancies->showTarget(source, collection, runKey);
        m_tabs->setCurrentWidget(m_discrepancies);
    });
}

void MainWindow::compareCollectionWithPartner(const QString &source, const QString &collection)
{
    JobRequest request;
    request.source = source;
    request.collections = {collection};
    request.mode = harvest::HarvestMode::Validate;
    request.repair = false;
    m_tabs->setCurrentWidget(m_jobs);
    if (const quint64 id = m_jobs->launch(request); id != 0)
        m_comparingJobs[id] = {source, collection};
}

void MainWindow::browseDifferences(const QString &source, const QString &collection)
{
    m_choseCollection = true;
    m_navigator->selectCollection(collection, source);
    m_browser->showCollection(source, collection, m_counts->total(collection, source));
    if (auto *only = m_browser->findChild<QCheckBox *>(QStringLiteral("filterOnlyDifferences")))
        only->setChecked(true);
    m_tabs->setCurrentWidget(m_browser);
}

void MainWindow::createStatusBar()
{
    // Permanent widgets, so transient messages never hide which store the console is working on.
    m_activity = new QLabel(this);
    m_activity->setObjectName(QStringLiteral("activityStatus"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("activityProgress"));
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_storeStatus = new QLabel(tr("Store: none open"), this);
    m_storeStatus->setObjectName(QStringLiteral("storeStatus"));
    m_storeStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_jobsIndicator = new QToolButton(this);
    m_jobsIndicator->setObjectName(QStringLiteral("jobsIndicator"));
    m_jobsIndicator->setAutoRaise(true);
    m_jobsIndicator->setToolTip(tr("Show the jobs"));
    m_jobsIndicator->hide();
    // Jobs keep running while the operator browses: the status bar says so on every tab.
    connect(m_jobs, &JobsPage::activityChanged, this, [this](const QString &summary) {
        m_jobsIndicator->setText(QStringLiteral("\u25B6 ") + summary);
        m_jobsIndicator->setVisible(!summary.isEmpty());
    });
    connect(m_jobsIndicator, &QToolButton::clicked, this, [this] { m_tabs->setCurrentWidget(m_jobs); });
    statusBar()->addPermanentWidget(m_jobsIndicator);
    statusBar()->addPermanentWidget(m_activity);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_storeStatus);

    m_countsTimer = new QTimer(this);
    m_countsTimer->setInterval(countsRefreshMs);
    connect(m_countsTimer, &QTimer::timeout, m_counts, &models::CollectionCountsModel::refresh);
}

void MainWindow::connectSession()
{
    connect(m_session, &StoreSession::openingStarted, this, [this](const QString &what, bool demo) {
        m_browser->startCard()->showOpening(what, demo);
        if (!m_browser->collection().isEmpty() || !m_session->isOpen())
            m_browser->showStartCard();
        setActivity(demo ? tr("Preparing the demo store\u2026") : tr("Opening %1\u2026").arg(what), 0, 0);
    });
    connect(m_session, &StoreSession::demoProgressChanged, this, [this](const demo::DemoProgress &progress) {
        m_browser->startCard()->showProgress(progress);
        setActivity(progress.phase + QStringLiteral("\u2026"), static_cast<int>(progress.done),
                    static_cast<int>(progress.total));
    });
    connect(m_session, &StoreSession::readerChanged, this, &MainWindow::onReaderChanged);
    connect(m_session, &StoreSession::opened, this, &MainWindow::onStoreOpened);
    connect(m_session, &StoreSession::openFailed, this, [this](const QString &message) {
        setActivity(QString());
        if (m_session->isOpen()) {
            // The store open before stays open: the window keeps showing it (navigator, browser, status bar and
            // title agree) and says what failed, naming what is still shown.
            const QString still = m_session->isDemo() ? tr("the demo store") : m_session->displayName();
            m_browser->showError(tr("%1. Still showing %2.").arg(message, still));
            if (m_browser->collection().isEmpty()) {
                m_browser->startCard()->showEmptyStore(m_session->displayName());
                onCountsRefreshed();
            }
            m_browser->showBrowsing();
            statusBar()->showMessage(tr("%1. Still showing %2.").arg(message, still), 8000);
            return;
        }
        m_browser->startCard()->showFailed(tr("The console could not open the store."), message);
        m_browser->showStartCard();
        m_storeStatus->setText(tr("Store: none open"));
        statusBar()->showMessage(message, 8000);
    });
    connect(m_counts, &models::CollectionCountsModel::countsRefreshed, this, &MainWindow::onCountsRefreshed);
    connect(m_counts, &models::CollectionCountsModel::loadFailed, this,
            [this](const QString &message) { setActivity(tr("\u2716 Reading counts failed: %1").arg(message)); });
}

void MainWindow::onReaderChanged(store::StoreReader *reader)
{
    m_choseCollection = false;
    m_counts->setReader(reader);
    m_changes->setReader(reader);
    m_browser->setReader(reader);
    m_dashboard->setReader(reader);
    m_publications->setReader(reader);
    m_discrepancies->setStore(reader ? reader->store() : nullptr);
    m_compare->setStore(reader ? reader->store() : nullptr);
}

void MainWindow::openCompare(const QString &collection, const QString &observationID, const QStringList &copies,
                             std::optional<qint64> discrepancyKey)
{
    m_tabs->setCurrentWidget(m_compare);
    m_compare->compare(collection, observationID, copies, discrepancyKey);
}

void MainWindow::browseObservation(const QString &source, const QString &collection, const QString &observationID)
{
    m_browser->filterBar()->clear();
    if (auto *id = m_browser->filterBar()->findChild<QLineEdit *>(QStringLiteral("filterId"))) {
        const QSignalBlocker quiet(id);
        id->setText(observationID);
    }
    showObservations(source, collection, QString());
    m_browser->selectObservation(observationID);
}

void MainWindow::reloadSources()
{
    m_navigator->setSources(m_settings->sources());
    m_dashboard->setSources(m_settings->sources());
    m_compare->reloadSources();
}

void MainWindow::showObservations(const QString &source, const QString &collection, const QString &state)
{
    // The state choice is set before the collection is shown, so the browser asks the store once, filtered.
    if (auto *choice = m_browser->filterBar()->findChild<QComboBox *>(QStringLiteral("filterState"))) {
        const int at = choice->findData(state);
        QSignalBlocker quiet(choice);
        choice->setCurrentIndex(at >= 0 ? at : 0);
    }
    m_choseCollection = true;
    m_navigator->selectCollection(collection, source);
    m_browser->showCollection(source, collection, m_counts->total(collection, source));
    m_tabs->setCurrentWidget(m_browser);
}

void MainWindow::onStoreOpened(const QString &displayName)
{
    setActivity(QString());
    const QString what = m_session->isDemo() ? tr("demo store %1").arg(displayName) : displayName;
    m_storeStatus->setText(tr("Store: %1").arg(what));
    m_storeStatus->setToolTip(m_session->isDemo()
                                  ? tr("Generated demonstration data, rebuilt whenever it is missing or out of date. "
                                       "Nothing here came from a partner.")
                                  : tr("The local store the console reads from."));
    setWindowTitle(m_session->isDemo() ? tr("Demo store") : displayName);
    m_counts->refresh();
    m_countsTimer->start();
    m_jobs->setStore(m_session->store());
}

void MainWindow::onCountsRefreshed()
{
    std::vector<std::pair<QString, QString>> known;
    for (const auto &count : m_counts->counts())
        if (known.empty() || known.back() != std::pair(count.source, count.collection))
            known.emplace_back(count.source, count.collection);
    m_jobs->setKnownCollections(std::move(known));
    if (m_counts->counts().empty()) {
        if (m_session->isOpen() && !m_session->isBusy()) {
            m_browser->startCard()->showEmptyStore(m_session->displayName());
            m_browser->showStartCard();
        }
        return;
    }
    if (!m_browser->collection().isEmpty()) {
        m_browser->setCollectionTotal(m_counts->total(m_browser->collection(), m_browser->source()));
        return;
    }
    // A store just opened: show its largest collection rather than an empty browser. The navigator may
    // already have that row selected (the same collection in the store opened before), and then it says nothing.
    if (!m_choseCollection) {
        if (const auto largest = m_navigator->largestCollection()) {
            const auto &[source, collection] = *largest;
            m_autoSelecting = true;
            m_navigator->selectCollection(collection, source);
            m_autoSelecting = false;
            if (m_browser->collection() != collection || m_browser->source() != source)
                m_browser->showCollection(source, collection, m_counts->total(collection, source));
            m_choseCollection = true;
        }
    }
}

void MainWindow::setActivity(const QString &text, int done, int total)
{
    m_activity->setText(text);
    if (done < 0) {
        m_progress->hide();
        return;
    }
    m_progress->setRange(0, std::max(0, total));
    m_progress->setValue(std::max(0, done));
    m_progress->show();
}

void MainWindow::openConfiguredStore()
{
    const QString location = m_settings->storeLocation();
    auto parsed = store::parseStoreLocation(location);
    if (parsed && !store::storeExists(parsed.value())
        && m_settings->value(SettingKey::OfferDemoWithoutStore).toBool()) {
        // First start: offer the demo rather than silently creating an empty store.
        m_browser->startCard()->showNoStore(withHomeAbbreviated(parsed->redacted()));
        m_browser->showStartCard();
        m_storeStatus->setText(tr("Store: none yet"));
        return;
    }
    openStore(location);
}

void MainWindow::openStore(const QString &location)
{
    // A mistyped path must not silently become a new, empty store: ask first.
    if (auto parsed = store::parseStoreLocation(location);
        parsed && parsed->engine == store::Engine::SQLite && !store::storeExists(parsed.value())) {
        const QString where = withHomeAbbreviated(parsed->redacted());
        const bool create = m_askToCreateStore
            ? m_askToCreateStore(where)
            : QMessageBox::question(this, tr("Create a new store?"),
                                    tr("There is no store at %1.\n\nCreate a new, "
                                       "empty store there?")
                                        .arg(where),
                                    QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
                == QMessageBox::Yes;
        if (!create) {
            const QString what = tr("No store was opened: there is none at %1.").arg(where);
            statusBar()->showMessage(what, 8000);
            if (m_session->isOpen())
                m_browser->showError(what);
            return;
        }
    }
    m_session->open(location);
}

void MainWindow::openDemo()
{
    m_session->openDemo();
}

void MainWindow::openDemoAt(const QString &path)
{
    m_session->openDemoAt(path);
}

void MainWindow::chooseStoreFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a SQLite store"), QString(),
                                                      tr("SQLite stores (*.sqlite *.db);;All files (*)"));
    if (!path.isEmpty())
        openStore(path);
}

void MainWindow::showSettings()
{
    if (!m_settingsDialog) {
        m_settingsDialog = new SettingsDialog(m_settings, this);
        connect(m_settingsDialog, &SettingsDialog::settingsApplied, this, [this](bool storeChanged) {
            m_navigator->setSources(m_settings->sources());
            m_dashboard->setSources(m_settings->sources());
            m_compare->reloadSources();
            if (storeChanged)
                openStore(m_settings->storeLocation());
        });
    } else {
        m_settingsDialog->reload();
    }
    m_settingsDialog->show();
    m_settingsDialog->raise();
    m_settingsDialog->activateWindow();
}

SettingsDialog *MainWindow::settingsDialog() const
{
    return m_settingsDialog.data();
}

void MainWindow::copyFromFocus()
{
    QWidget *focus = QApplication::focusWidget();
    if (auto *line = qobject_cast<QLineEdit *>(focus)) {
        line->copy();
        return;
    }
    if (auto *text = qobject_cast<QPlainTextEdit *>(focus)) {
        text->copy();
        return;
    }
    for (QWidget *widget = focus; widget; widget = widget->parentWidget()) {
        if (ViewCopier *copier = ViewCopier::of(widget)) {
            copier->copyCurrent();
            return;
        }
    }
    statusBar()->showMessage(tr("Select a value in the browser to copy it."), 3000);
}

void MainWindow::restoreLayout()
{
    const bool restored = restoreGeometry(m_settings->value(SettingKey::MainWindowGeometry).toByteArray());
    if (!restored) {
        // First start: a comfortable size that still fits a small laptop screen.
        QSize size(1280, 800);
        if (const QScreen *current = screen())
            size = size.boundedTo(current->availableGeometry().size() * 0.9);
        resize(size);
        // The partners take a fifth of the width (enough for an icon, a name and three counts), the browser the rest.
        resizeDocks({m_partnersDock}, {std::max(290, size.width() / 5)}, Qt::Horizontal);
    }
    restoreState(m_settings->value(SettingKey::MainWindowState).toByteArray(), layoutVersion);
    const int tab = m_settings->value(SettingKey::MainWindowTab).toInt();
    if (tab >= 0 && tab < m_tabs->count())
        m_tabs->setCurrentIndex(tab);
    m_browser->restoreLayout(*m_settings);
}

void MainWindow::saveLayout() const
{
    (void)m_settings->setValue(SettingKey::MainWindowGeometry, saveGeometry());
    (void)m_settings->setValue(SettingKey::MainWindowState, saveState(layoutVersion));
    (void)m_settings->setValue(SettingKey::MainWindowTab, m_tabs->currentIndex());
    m_browser->saveLayout(*m_settings);
    (void)m_settings->sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    if (m_settingsDialog)
        m_settingsDialog->close();
    QMainWindow::closeEvent(event);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About CAOM Mirror Console"), aboutText());
}

namespace {

// Qt, libcurl, OpenSSL, SQLite and the CAOM versions, one per line, as `--version` prints them.
QString runtimeLines()
{
    QStringList lines;
    for (const QString &component : harvest::runtimeComponents())
        lines << component.toHtmlEscaped();
    return lines.join(QStringLiteral("<br>"));
}

} // namespace

QString MainWindow::aboutText()
{
    return tr("<h3>CAOM Mirror Console %1</h3>"
              "<p>Keeps CAOM2 metadata mirrors of HST and JWST holdings in sync between MAST, CADC "
              "and ESA's ESDC.</p>"
              "<p>The console browses a local store (SQLite or PostgreSQL) down to every field of "
              "every chunk, with checksums and sync state, and keeps the partner sources.</p>"
              "<p>Its command-line twin <tt>caom-sync</tt> does the rest: <b>harvest</b> from a partner "
              "(incremental, retry, validate with repair, full), <b>serve</b> a store to other mirrors "
              "with the repository protocol, <b>status</b> of every source and collection (cursor, "
              "runs, skipped observations, differences), and <b>sources</b>, import, export, ls, "
              "checksum, diff, convert and validate of documents.</p>"
              "<p><small>%2</small></p>")
        .arg(QCoreApplication::applicationVersion().toHtmlEscaped(), runtimeLines());
}

} // namespace mirror::ui
