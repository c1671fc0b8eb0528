// Harvest leases on both engines: one holder at a time, renewal, release, and take-over once a holder
// stopped renewing — also between two separately opened stores (two processes' connections).
#include "store/harvest_lease_store.h"
#include "test_stores.h"

#include <QTest>

using namespace store;

namespace {

const QString key = QStringLiteral("ivo://mast.stsci.edu/caom2repo?HST");

struct ManualClock {
    std::shared_ptr<qint64> now = std::make_shared<qint64>(1718000000000);
    Clock clock() const
    {
        return [now = now] { return *now; };
    }
    void advance(qint64 ms) { *now += ms; }
};

} // namespace

class TestHarvestLeaseStore : public QObject {
    Q_OBJECT

private slots:
    void oneHolderAtATime_data() { testsupport::addEngineColumn(); }
    void oneHolderAtATime()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        ManualClock clock;
        HarvestLeaseStore leases(fixture.openOrDie(), clock.clock());
        QCOMPARE(*leases.acquire(key, QStringLiteral("a"), 60000), true);
        QCOMPARE(*leases.acquire(key, QStringLiteral("b"), 60000), false);
        QCOMPARE((*leases.holderOf(key))->holder, QStringLiteral("a"));
        QCOMPARE((*leases.holderOf(key))->expiresAt, 1718000060000);
        // Re-acquiring one's own lease renews it and keeps the acquisition time.
        clock.advance(10000);
        QCOMPARE(*leases.acquire(key, QStringLiteral("a"), 60000), true);
        QCOMPARE((*leases.holderOf(key))->acquiredAt, 1718000000000);
        QCOMPARE((*leases.holderOf(key))->expiresAt, 1718000070000);
        // Other keys are independent.
        QCOMPARE(*leases.acquire(QStringLiteral("other?JWST"), QStringLiteral("b"), 60000), true);
        QCOMPARE(leases.list()->size(), std::size_t(2));
    }

    void expiredLeaseIsTakenOver_data() { testsupport::addEngineColumn(); }
    void expiredLeaseIsTakenOver()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        ManualClock clock;
        HarvestLeaseStore leases(fixture.openOrDie(), clock.clock());
        QVERIFY(*leases.acquire(key, QStringLiteral("dead"), 60000));
        clock.advance(59999);
        QCOMPARE(*leases.acquire(key, QStringLiteral("next"), 60000), false); // still live
        clock.advance(2);
        QCOMPARE(*leases.acquire(key, QStringLiteral("next"), 60000), true);
        QCOMPARE((*leases.holderOf(key))->holder, QStringLiteral("next"));
        QCOMPARE((*leases.holderOf(key))->acquiredAt, 1718000060001);
        // The old holder finds out when it tries to renew, and its release does not free the new lease.
        QCOMPARE(*leases.renew(key, QStringLiteral("dead"), 60000), false);
        QVERIFY(leases.release(key, QStringLiteral("dead")).ok());
        QCOMPARE((*leases.holderOf(key))->holder, QStringLiteral("next"));
        QCOMPARE(*leases.renew(key, QStringLiteral("next"), 60000), true);
        QVERIFY(leases.release(key, QStringLiteral("next")).ok());
        QVERIFY(!leases.holderOf(key)->has_value());
    }

    // Two stores opened on one location, as two harvesters would: the same rules hold across connections.
    void twoConnectionsContend_data() { testsupport::addEngineColumn(); }
    void twoConnectionsContend()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        auto first = fixture.openOrDie();
        auto second = fixture.openOrDie();
        QVERIFY(first.get() != second.get());
        ManualClock clock;
        HarvestLeaseStore one(first, clock.clock());
        HarvestLeaseStore two(second, clock.clock());
        QCOMPARE(*one.acquire(key, QStringLiteral("one"), 1000), true);
        QCOMPARE(*two.acquire(key, QStringLiteral("two"), 1000), false);
        clock.advance(1001);
        QCOMPARE(*two.acquire(key, QStringLiteral("two"), 1000), true);
        QCOMPARE(*one.renew(key, QStringLiteral("one"), 1000), false);
    }
};

QTEST_GUILESS_MAIN(TestHarvestLeaseStore)
#include "tst_harvestleasestore.moc"
