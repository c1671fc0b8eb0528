// Opening a store from the console (issue 17.9): a file that is not a store is named with the cause, and the
// window stays consistent with the store actually open; a path with no store behind it is not silently made into
// a new, empty store.
#include "common/settings.h"
#include "model_test_store.h"
#include "views/browser_page.h"
#include "views/browser_start_card.h"
#include "views/main_window.h"
#include "views/message_widget.h"
#include "views/store_session.h"

#include <QLabel>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using mirror::ui::MainWindow;
using mirror::ui::StoreSession;

class TestStoreOpening : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void notAStoreIsNamedAndThePreviousStoreStaysShown();
    void notAStoreWithNothingOpen();
    void missingStoreIsCreatedOnlyWhenTheOperatorSaysSo();

private:
    QString storeStatus() const { return m_window->findChild<QLabel *>(QStringLiteral("storeStatus"))->text(); }
    QString browserMessage() const
    {
        return m_window->browser()->findChild<mirror::ui::MessageWidget *>(QStringLiteral("browserMessage"))->text();
    }
    QString notAStoreFile() const;

    QTemporaryDir m_dir;
    std::unique_ptr<mirror::Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    QStringList m_asked;
    bool m_answer = false;
};

void TestStoreOpening::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_CACHE_HOME", m_dir.filePath(QStringLiteral("cache")).toUtf8());
    qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
}

void TestStoreOpening::init()
{
    m_settings = std::make_unique<mirror::Settings>(m_dir.filePath(QStringLiteral("config/settings.ini")),
                                                    m_dir.filePath(QStringLiteral("config/local.conf")));
    m_window = std::make_unique<MainWindow>(m_settings.get());
    m_asked.clear();
    m_answer = false;
    m_window->setCreateStoreQuestion([this](const QString &where) {
        m_asked << where;
        return m_answer;
    });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestStoreOpening::cleanup()
{
    m_window.reset();
    m_settings.reset();
}

QString TestStoreOpening::notAStoreFile() const
{
    const QString path = m_dir.filePath(QStringLiteral("notes.txt"));
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write("These are notes, not a store.\n");
    return path;
}

void TestStoreOpening::notAStoreIsNamedAndThePreviousStoreStaysShown()
{
    auto filled = modeltest::filledStore(8, 0);
    const QString storePath = filled->fixture.location().sqlitePath;
    QSignalSpy opened(m_window->session(), &StoreSession::opened);
    m_window->openStore(storePath);
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->browser()->collection(), modeltest::hst, 10000);
    const QString shownStore = storeStatus();
    QVERIFY2(shownStore.contains(QFileInfo(storePath).fileName()), qPrintable(shownStore));
    const QString title = m_window->windowTitle();

    const QString notes = notAStoreFile();
    QSignalSpy failed(m_window->session(), &StoreSession::openFailed);
    m_window->openStore(notes);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("notes.txt")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("not a store")), qPrintable(message));
    QVERIFY(m_asked.isEmpty()); // it exists: nothing to create

    // The window still shows the store that is open, consistently, and says what failed.
    QVERIFY(m_window->session()->isOpen());
    QCOMPARE(storeStatus(), shownStore);
    QCOMPARE(m_window->windowTitle(), title);
    QVERIFY2(browserMessage().contains(QStringLiteral("notes.txt")), qPrintable(browserMessage()));
    auto *stack = m_window->findChild<QStackedWidget *>(QStringLiteral("browserStack"));
    QVERIFY(stack->currentWidget() != m_window->browser()->startCard());
    QCOMPARE(m_window->browser()->collection(), modeltest::hst);
    auto *partners = m_window->findChild<QTreeWidget *>(QStringLiteral("partners"));
    QCOMPARE(partners->findItems(modeltest::hst, Qt::MatchExactly | Qt::MatchRecursive).size(), 1);
}

void TestStoreOpening::notAStoreWithNothingOpen()
{
    const QString notes = notAStoreFile();
    QSignalSpy failed(m_window->session(), &StoreSession::openFailed);
    m_window->openStore(notes);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
    QVERIFY(!m_window->session()->isOpen());
    QCOMPARE(storeStatus(), QStringLiteral("Store: none open"));
    auto *stack = m_window->findChild<QStackedWidget *>(QStringLiteral("browserStack"));
    QCOMPARE(stack->currentWidget(), m_window->browser()->startCard());
    QString shown;
    for (const QLabel *label : m_window->browser()->startCard()->findChildren<QLabel *>())
        shown += label->text() + QLatin1Char('\n');
    QVERIFY2(shown.contains(QStringLiteral("notes.txt")) && shown.contains(QStringLiteral("not a store")),
             qPrintable(shown));
}

void TestStoreOpening::missingStoreIsCreatedOnlyWhenTheOperatorSaysSo()
{
    const QString mistyped = m_dir.filePath(QStringLiteral("mirorr.sqlite"));
    QSignalSpy started(m_window->session(), &StoreSession::openingStarted);
    m_window->openStore(mistyped);
    QCOMPARE(m_asked.size(), 1);
    QVERIFY2(m_asked.front().contains(QStringLiteral("mirorr.sqlite")), qPrintable(m_asked.front()));
    QCOMPARE(started.count(), 0);
    QVERIFY(!QFile::exists(mistyped));
    QVERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("mirorr.sqlite")),
             qPrintable(m_window->statusBar()->currentMessage()));

    m_answer = true;
    QSignalSpy opened(m_window->session(), &StoreSession::opened);
    m_window->openStore(mistyped);
    QCOMPARE(m_asked.size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
    QVERIFY(QFile::exists(mistyped));
}

QTEST_MAIN(TestStoreOpening)
#include "tst_storeopening.moc"
