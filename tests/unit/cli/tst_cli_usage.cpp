// caom-sync's answers to an operator's slips: a bare command, a mistyped --store, a source it does not know;
// and status telling what the store holds even when the settings say nothing of it.
#include "cli_runner.h"
#include "test_stores.h"

#include "store/run_record_store.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace testsupport;

class TestCliUsage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // No settings file: no source is configured.
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8());
        qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
    }

    void bareCommandIsAUsageError()
    {
        const CliRun run = runCaomSync({});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.out.isEmpty());
        QVERIFY(run.err.contains("Usage: caom-sync <command>"));
        const CliRun help = runCaomSync({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("Usage: caom-sync <command>"));
    }

    // A mistyped --store never becomes a new empty store that reads as "nothing here".
    void missingStoreIsRefused_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::newRow("ls") << QStringList{QStringLiteral("ls")};
        QTest::newRow("status") << QStringList{QStringLiteral("status")};
        QTest::newRow("discrepancies") << QStringList{QStringLiteral("discrepancies")};
        QTest::newRow("export") << QStringList{QStringLiteral("export"), QStringLiteral("--collection"),
                                               QStringLiteral("HST"), QStringLiteral("--out"),
                                               m_dir.filePath(QStringLiteral("out"))};
        QTest::newRow("serve") << QStringList{QStringLiteral("serve"), QStringLiteral("--listen"),
                                              QStringLiteral("127.0.0.1:0")};
    }
    void missingStoreIsRefused()
    {
        QFETCH(QStringList, command);
        const QString path = m_dir.filePath(QStringLiteral("typo/mirorr.sqlite"));
        const CliRun run = runCaomSync(command + QStringList{QStringLiteral("--store"), path});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("there is no store at") && run.err.contains("mirorr.sqlite"), run.err.constData());
        QVERIFY(!QFileInfo::exists(path));
    }

    void creatingCommandsSaySo()
    {
        const QString path = m_dir.filePath(QStringLiteral("new/mirror.sqlite"));
        const CliRun run =
            runCaomSync({QStringLiteral("generate"), QStringLiteral("--store"), path, QStringLiteral("--collection"),
                         QStringLiteral("HST"), QStringLiteral("--count"), QStringLiteral("3")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains("created a new store at") && run.err.contains("new/mirror.sqlite"),
                 run.err.constData());
        QVERIFY(QFileInfo::exists(path));
        const CliRun again = runCaomSync({QStringLiteral("ls"), QStringLiteral("--store"), path});
        QCOMPARE(again.exitCode, 0);
        QVERIFY(!again.err.contains("created"));
    }

    // Status reports from the store: runs of a source the settings do not name are shown, marked.
    void statusShowsWhatTheStoreKnows()
    {
        TestStore local(QStringLiteral("sqlite"));
        auto store = local.openOrDie();
        store::RunRecordStore runs(store);
        auto run = runs.start(QStringLiteral("incremental"), QStringLiteral("incremental"), QStringLiteral("GONE"),
                              QStringLiteral("JWST"));
        QVERIFY(run.ok());
        store::RunCounts counts;
        counts.itemsOk = 42;
        QVERIFY(runs.finish(*run, store::RunOutcome::Succeeded, counts).ok());
        store.reset();

        const CliRun status = runCaomSync(
            {QStringLiteral("status"), QStringLiteral("--store"), local.argument(), QStringLiteral("--json")});
        QCOMPARE(status.exitCode, 0);
        const QJsonArray targets = QJsonDocument::fromJson(status.out).array();
        QCOMPARE(targets.size(), 1);
        const QJsonObject target = targets.at(0).toObject();
        QCOMPARE(target.value(QStringLiteral("source")).toString(), QStringLiteral("GONE"));
        QCOMPARE(target.value(QStringLiteral("collection")).toString(), QStringLiteral("JWST"));
        QCOMPARE(target.value(QStringLiteral("configured")).toBool(true), false);
        QCOMPARE(
            target.value(QStringLiteral("lastRuns")).toArray().at(0).toObject().value(QStringLiteral("ok")).toInt(),
            42);

        const CliRun text = runCaomSync({QStringLiteral("status"), QStringLiteral("--store"), local.argument()});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("GONE / JWST (no longer configured)"), text.out.constData());

        const CliRun known = runCaomSync({QStringLiteral("status"), QStringLiteral("--store"), local.argument(),
                                          QStringLiteral("--source"), QStringLiteral("gone")});
        QCOMPARE(known.exitCode, 0);
        const CliRun unknown = runCaomSync({QStringLiteral("status"), QStringLiteral("--store"), local.argument(),
                                            QStringLiteral("--source"), QStringLiteral("NOPE")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains("no source named NOPE"), unknown.err.constData());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestCliUsage)
#include "tst_cli_usage.moc"
