// The console's log: messages kept in memory in order and filed under the job of the thread that logged them,
// the rotating file (size bound, old files kept and numbered), and secrets cut out before anything is kept.
#include "common/log_hub.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

namespace {
Q_LOGGING_CATEGORY(lcTest, "mirror.test.log", QtInfoMsg)
} // namespace

class TestLogHub : public QObject {
    Q_OBJECT

private slots:
    void cleanup() { mirror::LogHub::uninstall(); }

    void messagesAreKeptInOrderWithTheirJob()
    {
        mirror::LogHub::install(QString());
        const auto before = mirror::LogHub::since(0);
        const quint64 last = before.empty() ? 0 : before.back().sequence;
        qCInfo(lcTest, "first");
        std::thread worker([] {
            const mirror::LogJobScope scope(QStringLiteral("MAST incremental, job 1"));
            qCWarning(lcTest, "from the job");
            {
                const mirror::LogJobScope inner(QStringLiteral("inner"));
                qCInfo(lcTest, "nested");
            }
            qCInfo(lcTest, "back in the job");
        });
        worker.join();
        qCDebug(lcTest, "not enabled: never kept");
        const auto records = mirror::LogHub::since(last);
        QCOMPARE(records.size(), std::size_t(4));
        QCOMPARE(records[0].text, QStringLiteral("first"));
        QCOMPARE(records[0].job, QString());
        QCOMPARE(records[0].category, QStringLiteral("mirror.test.log"));
        QCOMPARE(records[1].level, QtWarningMsg);
        QCOMPARE(records[1].job, QStringLiteral("MAST incremental, job 1"));
        QCOMPARE(records[2].job, QStringLiteral("inner"));
        QCOMPARE(records[3].job, QStringLiteral("MAST incremental, job 1"));
        QVERIFY(records[0].sequence < records[1].sequence);
        QVERIFY(mirror::LogHub::since(records.back().sequence).empty());
    }

    void fileRotatesAndKeepsOldFiles()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("state/caom-mirror/console.log"));
        mirror::LogHub::install(path, 4096, 2);
        const QString line = QString(100, QLatin1Char('x'));
        for (int i = 0; i < 200; ++i)
            qCInfo(lcTest, "%d %s", i, qPrintable(line));
        QVERIFY(QFile::exists(path));
        QVERIFY(QFile::exists(path + QStringLiteral(".1")));
        QVERIFY(QFile::exists(path + QStringLiteral(".2")));
        QVERIFY(!QFile::exists(path + QStringLiteral(".3"))); // only `keep` old files
        for (const QString &name : QStringList{path, path + QStringLiteral(".1")})
            QVERIFY2(QFileInfo(name).size() <= 4096, qPrintable(name));
        QFile current(path);
        QVERIFY(current.open(QIODevice::ReadOnly));
        const QByteArray text = current.readAll();
        QVERIFY(text.contains("199 xxx")); // the newest line is in the current file
        QVERIFY(text.contains(" info     mirror.test.log: "));
        // Only its owner may read it.
        QCOMPARE(QFileInfo(path).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
    }

    void defaultFileIsUnderTheStateFolder()
    {
        qputenv("XDG_STATE_HOME", "/tmp/state-for-test");
        QCOMPARE(mirror::LogHub::defaultLogFilePath(), QStringLiteral("/tmp/state-for-test/caom-mirror/console.log"));
        qputenv("XDG_STATE_HOME", "relative/is/ignored");
        QCOMPARE(mirror::LogHub::defaultLogFilePath(),
                 QDir::homePath() + QStringLiteral("/.local/state/caom-mirror/console.log"));
        qunsetenv("XDG_STATE_HOME");
    }

    void secretsAreCutOut_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bearer") << QStringLiteral("Authorization: Bearer s3cr3t-T0ken.x")
                                << QStringLiteral("Authorization: Bearer ***");
        QTest::newRow("url token") << QStringLiteral("GET https://h/x?collection=HST&token=abc123&x=1")
                                   << QStringLiteral("GET https://h/x?collection=HST&token=***&x=1");
        QTest::newRow("password in url") << QStringLiteral("postgresql://mirror:pw0rd@db/caom")
                                         << QStringLiteral("postgresql://mirror:***@db/caom");
        QTest::newRow("plain") << QStringLiteral("incremental MAST/HST finished: succeeded")
                               << QStringLiteral("incremental MAST/HST finished: succeeded");
    }
    void secretsAreCutOut()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(mirror::redactSecrets(text), expected);
    }
};

QTEST_GUILESS_MAIN(TestLogHub)
#include "tst_loghub.moc"
