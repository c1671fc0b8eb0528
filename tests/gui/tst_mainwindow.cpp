#include "views/main_window.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using mirror::ui::MainWindow;

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void hasTitle();
    void hasFiveTabs();
    void tabsSayWhatIsComing();
    void navigatorListsThreePartners();
    void statusBarNamesStore();
    void hasStandardMenus();
    void quitIsCtrlQ();
    void restoresGeometryAndDocks();

private:
    static std::unique_ptr<MainWindow> shownWindow();
};

void TestMainWindow::initTestCase()
{
    // Test mode points QSettings' user scope at ~/.qttest, so nothing here touches an operator's real layout.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("CAOM Mirror"));
    QCoreApplication::setApplicationName(QStringLiteral("caom-console"));
    QVERIFY2(QSettings().fileName().contains(QStringLiteral(".qttest")), qPrintable(QSettings().fileName()));
}

void TestMainWindow::init()
{
    QSettings().clear();
}

std::unique_ptr<MainWindow> TestMainWindow::shownWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    return window;
}

void TestMainWindow::hasTitle()
{
    MainWindow window;
    QCOMPARE(window.windowTitle(), QStringLiteral("CAOM Mirror Console"));
}

void TestMainWindow::hasFiveTabs()
{
    MainWindow window;
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    QVERIFY(tabs);
    QCOMPARE(window.centralWidget(), tabs);
    const QStringList expected = {QStringLiteral("Browser"), QStringLiteral("Jobs"), QStringLiteral("Discrepancies"),
                                  QStringLiteral("Compare"), QStringLiteral("Dashboard")};
    QStringList titles;
    for (int i = 0; i < tabs->count(); ++i)
        titles << tabs->tabText(i);
    QCOMPARE(titles, expected);
}

void TestMainWindow::tabsSayWhatIsComing()
{
    // No pane may be blank: each names what it will show and what it waits for.
    MainWindow window;
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    QVERIFY(tabs);
    for (int i = 0; i < tabs->count(); ++i) {
        QWidget *page = tabs->widget(i);
        auto *badge = page->findChild<QLabel *>(QStringLiteral("comingNextBadge"));
        auto *heading = page->findChild<QLabel *>(QStringLiteral("placeholderHeading"));
        auto *waitsFor = page->findChild<QLabel *>(QStringLiteral("placeholderWaitsFor"));
        QVERIFY2(badge && heading && waitsFor, qPrintable(tabs->tabText(i)));
        QCOMPARE(badge->text(), QStringLiteral("Coming next"));
        QVERIFY(!heading->text().isEmpty());
        QVERIFY(waitsFor->text().startsWith(QStringLiteral("Arrives with ")));
    }
}

void TestMainWindow::navigatorListsThreePartners()
{
    MainWindow window;
    auto *partners = window.findChild<QTreeWidget *>(QStringLiteral("partners"));
    QVERIFY(partners);
    QCOMPARE(partners->topLevelItemCount(), 3);
    const QStringList names = {QStringLiteral("MAST"), QStringLiteral("CADC"), QStringLiteral("ESDC")};
    for (int i = 0; i < names.size(); ++i) {
        const QTreeWidgetItem *item = partners->topLevelItem(i);
        QCOMPARE(item->text(0), names.at(i));
        QVERIFY2(item->text(1).contains(QStringLiteral("not configured")), qPrintable(item->text(1)));
    }
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("partnersDock"));
    QVERIFY(dock);
    QCOMPARE(dock->windowTitle(), QStringLiteral("Partners"));
    QCOMPARE(window.dockWidgetArea(dock), Qt::LeftDockWidgetArea);
}

void TestMainWindow::statusBarNamesStore()
{
    MainWindow window;
    auto *store = window.statusBar()->findChild<QLabel *>(QStringLiteral("storeStatus"));
    QVERIFY(store);
    QCOMPARE(store->text(), QStringLiteral("Store: none yet"));
}

void TestMainWindow::hasStandardMenus()
{
    MainWindow window;
    QStringList titles;
    for (const QAction *action : window.menuBar()->actions())
        titles << action->text();
    QCOMPARE(titles, (QStringList{QStringLiteral("&File"), QStringLiteral("&View"), QStringLiteral("&Help")}));

    // View can bring back a closed navigator; that is the only way once its close button was used.
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("partnersDock"));
    QVERIFY(dock);
    const QMenu *viewMenu = window.menuBar()->actions().at(1)->menu();
    QVERIFY(viewMenu->actions().contains(dock->toggleViewAction()));
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
    // Quitting goes through closeEvent, so it saves the layout like closing the window does.
    QVERIFY(QSettings().contains(QStringLiteral("mainWindow/geometry")));
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
    QVERIFY(QSettings().contains(QStringLiteral("mainWindow/geometry")));
    QVERIFY(QSettings().contains(QStringLiteral("mainWindow/state")));

    auto second = shownWindow();
    QVERIFY(second);
    QCOMPARE(second->size(), chosenSize);
    QVERIFY(second->findChild<QDockWidget *>(QStringLiteral("partnersDock"))->isHidden());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
