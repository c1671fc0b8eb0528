#include "common/settings.h"
#include "views/main_window.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QTreeWidget>

#include <memory>

using mirror::ui::MainWindow;

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void hasTitle();
    void hasSixTabs();
    void tabsSayWhatIsComing();
    void navigatorListsConfiguredPartners();
    void statusBarNamesStore();
    void offersDemoWithoutStore();
    void hasStandardMenus();
    void quitIsCtrlQ();
    void restoresGeometryAndDocks();
    void tabsAndToolbarCarryIcons();

private:
    std::unique_ptr<MainWindow> shownWindow();
    QString localFile() const { return m_dir->filePath(QStringLiteral("local.conf")); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<mirror::Settings> m_settings;
};

void TestMainWindow::initTestCase()
{
    // Test mode points QSettings' user scope at ~/.qttest, so nothing here touches an operator's real layout.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("CAOM Mirror"));
    QCoreApplication::setApplicationName(QStringLiteral("caom-console"));
}

void TestMainWindow::init()
{
    // Fresh settings files for every test: the shared preferences and the machine-local layout.
    m_settings.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    qputenv("XDG_DATA_HOME", m_dir->filePath(QStringLiteral("data")).toUtf8());
    m_settings = std::make_unique<mirror::Settings>(m_dir->filePath(QStringLiteral("settings.ini")), localFile());
}

std::unique_ptr<MainWindow> TestMainWindow::shownWindow()
{
    auto window = std::make_unique<MainWindow>(m_settings.get());
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    return window;
}

void TestMainWindow::hasTitle()
{
    // No store yet: the title is left to the desktop, which shows the application's display name; it is never
    // written into the title as well (that would show "CAOM Mirror Console — CAOM Mirror Console").
    MainWindow window(m_settings.get());
    QCOMPARE(window.windowTitle(), QString());
}

void TestMainWindow::hasSixTabs()
{
    MainWindow window(m_settings.get());
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    QVERIFY(tabs);
    QCOMPARE(window.centralWidget(), tabs);
    const QStringList expected = {QStringLiteral("Browser"),       QStringLiteral("Jobs"),
                                  QStringLiteral("Discrepancies"), QStringLiteral("Compare"),
                                  QStringLiteral("Dashboard"),     QStringLiteral("Publications")};
    QStringList titles;
    for (int i = 0; i < tabs->count(); ++i)
        titles << tabs->tabText(i);
    QCOMPARE(titles, expected);
}

void TestMainWindow::tabsSayWhatIsComing()
{
    // No pane may be blank: each tab still to come names what it will show and how to do it today. The
    // Browser (tab 0) and the Dashboard are real.
    MainWindow window(m_settings.get());
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    QVERIFY(tabs);
    QCOMPARE(tabs->widget(0)->objectName(), QStringLiteral("browserPage"));
    QCOMPARE(tabs->widget(1)->objectName(), QStringLiteral("jobsPage"));
    for (int i = 2; i < tabs->count(); ++i) {
        QWidget *page = tabs->widget(i);
        if (page->objectName() == QLatin1String("dashboardPage"))
            continue; // real too (tst_dashboard)
        if (page->objectName() == QLatin1String("discrepanciesPage"))
            continue; // real, like the Browser
        if (page->objectName() == QLatin1String("comparePage"))
            continue; // real (tst_compare)
        if (page->objectName() == QLatin1String("publicationsPage"))
            continue; // real (tst_publications)
        auto *badge = page->findChild<QLabel *>(QStringLiteral("comingNextBadge"));
        auto *heading = page->findChild<QLabel *>(QStringLiteral("placeholderHeading"));
        auto *meanwhile = page->findChild<QLabel *>(QStringLiteral("placeholderMeanwhile"));
        QVERIFY2(badge && heading && meanwhile, qPrintable(tabs->tabText(i)));
        QCOMPARE(badge->text(), QStringLiteral("Not in the console yet"));
        QVERIFY(!heading->text().isEmpty());
        QVERIFY(!meanwhile->text().isEmpty());
    }
}

void TestMainWindow::navigatorListsConfiguredPartners()
{
    mirror::PartnerSource mast;
    mast.name = QStringLiteral("MAST");
    mast.endpoint = QStringLiteral("https://mast.example.org/caom2");
    mast.collections = {QStringLiteral("HST"), QStringLiteral("JWST")};
    mirror::PartnerSource esdc;
    esdc.name = QStringLiteral("ESDC");
    esdc.endpoint = QStringLiteral("https://esdc.example.org/caom2");
    esdc.enabled = false;
    QVERIFY(m_settings->setSources({mast, esdc}));

    MainWindow window(m_settings.get());
    auto *partners = window.findChild<QTreeWidget *>(QStringLiteral("partners"));
    QVERIFY(partners);
    QCOMPARE(partners->topLevelItemCount(), 2);
    QCOMPARE(partners->topLevelItem(0)->text(0), QStringLiteral("MAST"));
    QCOMPARE(partners->topLevelItem(0)->childCount(), 2);
    // Configured but not harvested, or disabled: said in words, not by colour alone.
    QCOMPARE(partners->topLevelItem(0)->child(0)->text(0), QStringLiteral("HST (not harvested yet)"));
    QCOMPARE(partners->topLevelItem(1)->text(0), QStringLiteral("ESDC (disabled)"));
    // The troubled states have a column each, named by glyph and word.
    QCOMPARE(partners->headerItem()->text(2), QStringLiteral("stale"));
    QCOMPARE(partners->headerItem()->text(3), QStringLiteral("differs"));
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("partnersDock"));
    QVERIFY(dock);
    QCOMPARE(dock->windowTitle(), QStringLiteral("Partners"));
    QCOMPARE(window.dockWidgetArea(dock), Qt::LeftDockWidgetArea);
}

void TestMainWindow::statusBarNamesStore()
{
    MainWindow window(m_settings.get());
    auto *store = window.statusBar()->findChild<QLabel *>(QStringLiteral("storeStatus"));
    QVERIFY(store);
    QCOMPARE(store->text(), QStringLiteral("Store: none open"));
}

void TestMainWindow::offersDemoWithoutStore()
{
    // No store at the configured (default) place: the browser offers the demo instead of creating one.
    MainWindow window(m_settings.get());
    window.openConfiguredStore();
    auto *heading = window.findChild<QLabel *>(QStringLiteral("startHeading"));
    auto *demo = window.findChild<QPushButton *>(QStringLiteral("openDemoButton"));
    QVERIFY(heading && demo);
    QCOMPARE(heading->text(), QStringLiteral("No local store yet"));
    QVERIFY(!demo->isHidden());
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("data/caom-mirror/mirror.sqlite"))));
    auto *store = window.statusBar()->findChild<QLabel *>(QStringLiteral("storeStatus"));
    QCOMPARE(store->text(), QStringLiteral("Store: none yet"));
}

void TestMainWindow::hasStandardMenus()
{
    MainWindow window(m_settings.get());
    QStringList titles;
    for (const QAction *action : window.menuBar()->actions())
        titles << action->text();
    QCOMPARE(titles,
             (QStringList{QStringLiteral("&File"), QStringLiteral("&Edit"), QStringLiteral("&View"),
                          QStringLiteral("&Jobs"), QStringLiteral("&Help")}));

    // View can bring back a closed navigator; that is the only way once its close button was used.
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("partnersDock"));
    QVERIFY(dock);
    const QMenu *viewMenu = window.menuBar()->actions().at(2)->menu();
    QVERIFY(viewMenu->actions().contains(dock->toggleViewAction()));

    // The usual keys: open, settings, copy, find, refresh.
    const auto shortcutOf = [&](const char *name) {
        const auto *action = window.findChild<QAction *>(QLatin1String(name));
        return action ? action->shortcut() : QKeySequence();
    };
    QCOMPARE(shortcutOf("openStoreAction"), QKeySequence(QKeySequence::Open));
    QCOMPARE(shortcutOf("settingsAction"), QKeySequence(Qt::CTRL | Qt::Key_Comma));
    QCOMPARE(shortcutOf("copyAction"), QKeySequence(QKeySequence::Copy));
    QCOMPARE(shortcutOf("filterAction"), QKeySequence(QKeySequence::Find));
    QCOMPARE(shortcutOf("refreshAction"), QKeySequence(QKeySequence::Refresh));
}

void TestMainWindow::quitIsCtrlQ()
{
    auto window = shownWindow();
    QVERIFY(window);
    auto *quit = window->findChild<QAction *>(QStringLiteral("quitAction"));
    QVERIFY(quit);
    QCOMPARE(quit->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->trigger();
    QVERIFY(!window->isVisible());
    // Quitting goes through closeEvent, so it saves the layout like closing the window does, in the
    // machine-local file rather than the shared settings.
    QVERIFY(QSettings(localFile(), QSettings::IniFormat).contains(QStringLiteral("mainWindow/geometry")));
    QVERIFY(
        !QSettings(m_settings->sharedFileName(), QSettings::IniFormat).contains(QStringLiteral("mainWindow/geometry")));
}

void TestMainWindow::restoresGeometryAndDocks()
{
    const QSize chosenSize(1013, 687);
    {
        auto first = shownWindow();
        QVERIFY(first);
        QVERIFY(first->size() != chosenSize);
        first->resize(chosenSize);
        QTRY_COMPARE(first->size(), chosenSize);
        first->findChild<QDockWidget *>(QStringLiteral("partnersDock"))->hide();
        first->close();
    }
    const QSettings local(localFile(), QSettings::IniFormat);
    QVERIFY(local.contains(QStringLiteral("mainWindow/geometry")));
    QVERIFY(local.contains(QStringLiteral("mainWindow/state")));

    auto second = shownWindow();
    QVERIFY(second);
    QCOMPARE(second->size(), chosenSize);
    QVERIFY(second->findChild<QDockWidget *>(QStringLiteral("partnersDock"))->isHidden());
}

void TestMainWindow::tabsAndToolbarCarryIcons()
{
    MainWindow window(m_settings.get());
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    QVERIFY(tabs);
    for (int i = 0; i < tabs->count(); ++i)
        QVERIFY2(!tabs->tabIcon(i).isNull(), qPrintable(tabs->tabText(i)));
    auto *toolBar = window.findChild<QToolBar *>(QStringLiteral("mainToolBar"));
    QVERIFY(toolBar);
    QStringList names;
    for (QAction *action : toolBar->actions()) {
        if (action->isSeparator())
            continue;
        names << action->objectName();
        // Icon and word together: the toolbar never asks the operator to guess from a picture.
        QVERIFY2(!action->icon().isNull(), qPrintable(action->objectName()));
        QVERIFY(!action->text().isEmpty());
    }
    QCOMPARE(toolBar->toolButtonStyle(), Qt::ToolButtonTextBesideIcon);
    for (const char *name : {"openStoreAction", "refreshAction", "newJobAction", "exportReportAction"})
        QVERIFY2(names.contains(QLatin1String(name)), name);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
