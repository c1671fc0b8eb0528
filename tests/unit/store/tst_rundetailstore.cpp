// Run details of schema 4 on both engines: window, cursors and counters recorded and read back; a run whose
// heartbeat went quiet is closed as interrupted at its last heartbeat, a live one is left alone.
#include "store/run_detail_store.h"
#include "store/run_record_store.h"
#include "test_stores.h"

#include <QTest>

using namespace store;

namespace {

// A store on `engine` with a hand-moved clock, and the two stores a run's record lives in.
struct Stores {
    explicit Stores(const QString &engine) : fixture(engine), store(fixture.openOrDie()) {}
    testsupport::TestStore fixture;
    std::shared_ptr<Store> store;
    std::shared_ptr<qint64> now = std::make_shared<qint64>(1718000000000);
    Clock clock = [now = now] { return *now; };
    RunRecordStore runs{store, clock};
    RunDetailStore details{store, clock};
};

} // namespace

class TestRunDetailStore : public QObject {
    Q_OBJECT

private slots:
    void detailsRoundTrip_data() { testsupport::addEngineColumn(); }
    void detailsRoundTrip()
    {
        QFETCH(QString, engine);
        Stores stores(engine);
        RunRecordStore &runs = stores.runs;
        RunDetailStore &details = stores.details;
        const qint64 run = *runs.start(QStringLiteral("incremental"), QStringLiteral("incremental"),
                                       QStringLiteral("MAST"), QStringLiteral("HST"));
        RunDetail written;
        written.windowStart = 1700000000000;
        written.windowEnd = 1717999700000;
        written.cursorAfter = 1717999600123;
        written.listed = 10;
        written.fetched = 9;
        written.ingested = 7;
        written.updated = 1;
        written.unchanged = 1;
        written.deleted = 2;
        written.skippedNew = 1;
        written.skippedCleared = 3;
        written.host = QStringLiteral("mirror-1:4242");
        QVERIFY(details.record(run, written).ok());
        const auto read = *details.get(run);
        QVERIFY(read.has_value());
        QCOMPARE(read->windowStart, written.windowStart);
        QCOMPARE(read->windowEnd, written.windowEnd);
        QVERIFY(!read->cursorBefore.has_value());
        QCOMPARE(read->cursorAfter, written.cursorAfter);
        QCOMPARE(read->listed, qint64(10));
        QCOMPARE(read->skippedCleared, qint64(3));
        QCOMPARE(read->host, written.host);
    }

    void quietRunsAreClosedAsInterrupted_data() { testsupport::addEngineColumn(); }
    void quietRunsAreClosedAsInterrupted()
    {
        QFETCH(QString, engine);
        Stores stores(engine);
        const auto &now = stores.now;
        RunRecordStore &runs = stores.runs;
        RunDetailStore &details = stores.details;
        const qint64 dead = *runs.start(QStringLiteral("incremental"), QStringLiteral("incremental"),
                                        QStringLiteral("MAST"), QStringLiteral("HST"));
        *now += 5000;
        QVERIFY(details.heartbeat(dead).ok()); // last sign of life at +5 s
        const qint64 alive = *runs.start(QStringLiteral("validate"), QStringLiteral("validate"), QStringLiteral("MAST"),
                                         QStringLiteral("JWST"));
        *now += 200000;
        QVERIFY(details.heartbeat(alive).ok());
        *now += 1000;
        QCOMPARE(*details.markInterrupted(180000), 1);
        const auto closed = *runs.get(dead);
        QCOMPARE(closed->outcome, RunOutcome::Failed);
        QCOMPARE(*closed->endedAt, qint64(1718000005000));
        QVERIFY(closed->errorSummary.startsWith(QLatin1String("interrupted")));
        QCOMPARE((*runs.get(alive))->outcome, RunOutcome::Running);
        QCOMPARE(*details.markInterrupted(180000), 0);
    }
};

QTEST_GUILESS_MAIN(TestRunDetailStore)
#include "tst_rundetailstore.moc"
