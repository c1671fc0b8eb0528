// MainWindow's menus, toolbar, tab icons and the Partners panel's context menu: what the operator can ask
// for, kept apart from the window's layout and store handling (main_window.cpp).
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
#include "views/main_window.h"
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

void MainWindow::showNavigatorMenu(const QString &source, const QString &collection, const QPoint &globalPos)
{
    QMenu menu(this);
    const QString what = collection.isEmpty() ? source : tr("%1 from %2").arg(collection, source);
    QAction *newJob = menu.addAction(tr("New job for %1\u2026").arg(what));
    newJob->setObjectName(QStringLiteral("navigatorNewJob"));
    connect(newJob, &QAction::triggered, this, [this, source, collection] {
        m_tabs->setCurrentWidget(m_jobs);
        m_jobs->showLaunchDialog(source, collection);
    });
    const auto quick = [&](const QString &text, harvest::HarvestMode mode, const QString &name) {
        QAction *action = menu.addAction(text);
        action->setObjectName(name);
        connect(action, &QAction::triggered, this, [this, source, collection, mode] {
            JobRequest request;
            request.source = source;
            if (!collection.isEmpty())
                request.collections = {collection};
            request.mode = mode;
            m_tabs->setCurrentWidget(m_jobs);
            m_jobs->launch(request);
        });
    };
    quick(tr("Harvest new and changed now"), harvest::HarvestMode::Incremental, QStringLiteral("navigatorIncremental"));
    quick(tr("Retry skipped now"), harvest::HarvestMode::Retry, QStringLiteral("navigatorRetry"));
    quick(tr("Validate now (no changes)"), harvest::HarvestMode::Validate, QStringLiteral("navigatorValidate"));
    if (!collection.isEmpty()) {
        QAction *compare = menu.addAction(tr("Compare with %1 and show the discrepancies").arg(source));
        compare->setObjectName(QStringLiteral("navigatorCompare"));
        connect(compare, &QAction::triggered, this,
                [this, source, collection] { compareCollectionWithPartner(source, collection); });
    }
    // Sources of imported observations are not configured: nothing to harvest from.
    const bool configured = m_settings->source(source).ok();
    for (QAction *action : menu.actions())
        action->setEnabled(configured);
    if (!configured)
        menu.addAction(tr("%1 is not a configured source").arg(source.isEmpty() ? tr("Imported") : source))
            ->setEnabled(false);
    if (!collection.isEmpty()) {
        // What any partner found about the collection, whichever partner its copies were harvested from.
        menu.addSeparator();
        QAction *findings = menu.addAction(tr("Show the differences found in %1").arg(collection));
        findings->setObjectName(QStringLiteral("navigatorDiscrepancies"));
        connect(findings, &QAction::triggered, this, [this, collection] {
            m_discrepancies->showOpenDifferences(QString(), collection);
            m_tabs->setCurrentWidget(m_discrepancies);
        });
    }
    menu.exec(globalPos);
}

void MainWindow::setTabIcons()
{
    for (int index = 0; index < m_tabs->count(); ++index) {
        const QWidget *page = m_tabs->widget(index);
        std::optional<models::IconName> name;
        if (page == m_browser)
            name = models::IconName::Browser;
        else if (page == m_jobs)
            name = models::IconName::Jobs;
        else if (page == m_discrepancies)
            name = models::IconName::Discrepancies;
        else if (page == m_dashboard)
            name = models::IconName::Dashboard;
        else if (page == m_compare)
            name = models::IconName::Compare;
        else if (page == m_publications)
            name = models::IconName::Publications;
        if (name)
            m_tabs->setTabIcon(index, models::icon(*name));
    }
}

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *openAction = fileMenu->addAction(tr("&Open Store\u2026"));
    openAction->setObjectName(QStringLiteral("openStoreAction"));
    openAction->setShortcut(QKeySequence::Open);
    connect(openAction, &QAction::triggered, this, &MainWindow::chooseStoreFile);
    QAction *configuredAction = fileMenu->addAction(tr("Open &Configured Store"));
    configuredAction->setObjectName(QStringLiteral("openConfiguredAction"));
    connect(configuredAction, &QAction::triggered, this, [this] { openStore(m_settings->storeLocation()); });
    QAction *demoAction = fileMenu->addAction(tr("Open &Demo Store"));
    demoAction->setObjectName(QStringLiteral("openDemoAction"));
    connect(demoAction, &QAction::triggered, this, &MainWindow::openDemo);
    QAction *reportAction = fileMenu->addAction(tr("&Export Report\u2026"));
    reportAction->setObjectName(QStringLiteral("exportReportAction"));
    connect(reportAction, &QAction::triggered, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export the report into"));
        if (!dir.isEmpty())
            m_dashboard->exportReport(dir, m_session->displayName());
    });
    fileMenu->addSeparator();
    QAction *settingsAction = fileMenu->addAction(tr("&Settings\u2026"));
    settingsAction->setObjectName(QStringLiteral("settingsAction"));
    settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(settingsAction, &QAction::triggered, this, &MainWindow::showSettings);
    fileMenu->addSeparator();
    QAction *quitAction = fileMenu->addAction(tr("&Quit"));
    quitAction->setObjectName(QStringLiteral("quitAction"));
    // Ctrl+Q on every platform the console targets; QKeySequence::Quit is empty on some desktops.
    quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quitAction->setMenuRole(QAction::QuitRole);
    // close() rather than quit() so the layout is saved by closeEvent on the same path as the title bar's X.
    connect(quitAction, &QAction::triggered, this, &QWidget::close);

    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    QAction *copyAction = editMenu->addAction(tr("&Copy"));
    copyAction->setObjectName(QStringLiteral("copyAction"));
    copyAction->setShortcut(QKeySequence::Copy);
    connect(copyAction, &QAction::triggered, this, &MainWindow::copyFromFocus);
    QAction *findAction = editMenu->addAction(tr("&Filter Observations"));
    findAction->setObjectName(QStringLiteral("filterAction"));
    findAction->setShortcut(QKeySequence::Find);
    connect(findAction, &QAction::triggered, this, [this] {
        m_tabs->setCurrentWidget(m_browser);
        m_browser->filterBar()->focusIdFilter();
    });
    QAction *clearFilterAction = editMenu->addAction(tr("C&lear Filter"));
    connect(clearFilterAction, &QAction::triggered, m_browser->filterBar(), &BrowserFilterBar::clear);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *partnersToggle = m_partnersDock->toggleViewAction();
    partnersToggle->setText(tr("&Partners"));
    viewMenu->addAction(partnersToggle);
    viewMenu->addSeparator();
    for (int index = 0; index < m_tabs->count(); ++index) {
        QAction *showTab = viewMenu->addAction(m_tabs->tabText(index));
        if (index < 9)
            showTab->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + index)));
        connect(showTab, &QAction::triggered, m_tabs, [this, index] { m_tabs->setCurrentIndex(index); });
    }
    viewMenu->addSeparator();
    QAction *refreshAction = viewMenu->addAction(tr("&Refresh"));
    refreshAction->setObjectName(QStringLiteral("refreshAction"));
    refreshAction->setShortcut(QKeySequence::Refresh);
    connect(refreshAction, &QAction::triggered, this, [this] {
        m_counts->refresh();
        m_browser->refresh();
    });

    QMenu *jobsMenu = menuBar()->addMenu(tr("&Jobs"));
    QAction *newJobAction = jobsMenu->addAction(tr("&New Job\u2026"));
    newJobAction->setObjectName(QStringLiteral("newJobAction"));
    newJobAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    newJobAction->setToolTip(tr("Harvest, retry, validate or re-check partner collections (Ctrl+J)"));
    connect(newJobAction, &QAction::triggered, this, [this] {
        m_tabs->setCurrentWidget(m_jobs);
        m_jobs->showLaunchDialog();
    });
    // The toolbar holds what an operator does every day, each with its icon and its word.
    openAction->setIcon(models::icon(models::IconName::OpenStore));
    refreshAction->setIcon(models::icon(models::IconName::Refresh));
    newJobAction->setIcon(models::icon(models::IconName::NewJob));
    reportAction->setIcon(models::icon(models::IconName::ExportReport));
    findAction->setIcon(models::icon(models::IconName::Filter));
    settingsAction->setIcon(models::icon(models::IconName::Settings));
    QToolBar *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setIconSize(QSize(16, 16));
    toolBar->setMovable(false);
    toolBar->addAction(openAction);
    toolBar->addAction(refreshAction);
    toolBar->addSeparator();
    toolBar->addAction(newJobAction);
    toolBar->addAction(findAction);
    toolBar->addSeparator();
    toolBar->addAction(reportAction);
    toolBar->addAction(settingsAction);

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *guideAction = helpMenu->addAction(tr("&User guide"));
    guideAction->setObjectName(QStringLiteral("userGuideAction"));
    guideAction->setShortcut(QKeySequence::HelpContents);
    connect(guideAction, &QAction::triggered, this, [this] {
        auto *guide = findChild<UserGuideWindow *>(QStringLiteral("userGuide"));
        if (!guide) {
            guide = new UserGuideWindow(this);
            guide->setAttribute(Qt::WA_DeleteOnClose);
        }
        guide->show();
        guide->raise();
        guide->activateWindow();
    });
    helpMenu->addSeparator();
    QAction *aboutAction = helpMenu->addAction(tr("&About CAOM Mirror Console"));
    aboutAction->setMenuRole(QAction::AboutRole);
    connect(aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    QAction *aboutQtAction = helpMenu->addAction(tr("About &Qt"));
    aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(aboutQtAction, &QAction::triggered, this, [this] { QMessageBox::aboutQt(this); });
}

} // namespace mirror::ui
