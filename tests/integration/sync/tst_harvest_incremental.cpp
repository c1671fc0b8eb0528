// Incremental harvest against a partner served on loopback (spec caom2-sync.md §6 scenarios 9, 11-13, 16, 17,
// 19-21), into a local store on each engine. Expected values come from what the test put into the partner,
// never from the harvester's own output.
#include "partner_archive.h"

#include "store/deletion_event_store.h"
#include "test_stores.h"

#include "store/harvest_state_store.h"
#include "store/observation_lookup.h"
#include "sync/harvest_job.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QTest>

using namespace testsupport;

namespace {

const QString hst = QStringLiteral("HST");

harvest::HarvestReport harvestOnce(const harvest::HarvestTarget &target, const std::shared_ptr<store::Store> &local,
                                   store::Clock clock = store::systemClock())
{
    harvest::HarvestRequest request;
    request.target = target;
    request.mode = harvest::HarvestMode::Incremental;
    harvest::JobControl control;
    return harvest::runHarvest(request, local, control, clock);
}

std::optional<store::ObservationKey> find(const std::shared_ptr<store::Store> &s, const caom2::Observation &o)
{
    auto found = store::ObservationLookup(s).byUri(QString::fromStdString(o.collection),
                                                   QString::fromStdString(o.observationID));
    return found.ok() ? *found : std::nullopt;
}

qint64 countRows(const std::shared_ptr<store::Store> &s, const QString &sql)
{
    QSqlQuery query(s->database());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

} // namespace

class TestHarvestIncremental : public QObject {
    Q_OBJECT

private slots:
    // Scenario 9: an empty store takes all 1,000 observations, checksums equal to the partner's, cursor at
    // the newest listed timestamp; a second run fetches nothing.
    void harvestsEverything_data() { addEngineColumn(); }
    void harvestsEverything()
    {
        QFETCH(QString, engine);
        PartnerArchive partner;
        QVERIFY(partner.start());
        QVERIFY(partner.addGenerated("HST", 0, 1000));
        TestStore local(engine);
        auto store = local.openOrDie();
        const auto target = harvestTarget(partner.capabilitiesUrl(), hst);

        const auto report = harvestOnce(target, store);
        QVERIFY2(report.outcome == store::RunOutcome::Succeeded, qPrintable(report.error));
        QCOMPARE(report.counts.ingested, qint64(1000));
        QCOMPARE(report.counts.failed, qint64(0));
        qint64 newest = 0;
        for (std::uint64_t i = 0; i < 1000; ++i) {
            const caom2::Observation expected = PartnerArchive::observation("HST", i);
            const auto got = find(store, expected);
            QVERIFY2(got.has_value(), expected.observationID.c_str());
            QCOMPARE(got->accMetaChecksum.toStdString(), *expected.accMetaChecksum);
            QCOMPARE(got->id.toStdString(), expected.id.toString());
            newest = std::max<qint64>(newest, expected.maxLastModified->msSinceEpoch);
        }
        QCOMPARE(report.cursorAfter.lastModified.value_or(0), newest);

        const auto again = harvestOnce(target, store);
        QCOMPARE(again.outcome, store::RunOutcome::Succeeded);
        QCOMPARE(again.counts.fetched, qint64(0));
        QCOMPARE(again.counts.ingested, qint64(0));
        QCOMPARE(again.cursorAfter.lastModified, report.cursorAfter.lastModified);
    }

    // Scenario 11: an observation updated at the partner is updated here on the next run, and only it.
    void updatesWhatChanged_data() { addEngineColumn(); }
    void updatesWhatChanged()
    {
        QFETCH(QString, engine);
        PartnerArchive partner;
        QVERIFY(partner.start());
        QVERIFY(partner.addGenerated("HST", 0, 20));
        TestStore local(engine);
        auto store = local.openOrDie();
        const auto target = harvestTarget(partner.capabilitiesUrl(), hst);
        QCOMPARE(harvestOnce(target, store).counts.ingested, qint64(20));

        caom2::Observation changed = PartnerArchive::observation("HST", 5, QDateTime::currentMSecsSinceEpoch() - 10);
        changed.type = "FLAT (re-classified)";
        caom2::assignChecksums(changed);
        QVERIFY(partner.put({changed}));
        const auto report = harvestOnce(target, store);
        QVERIFY2(report.outcome == store::RunOutcome::Succeeded, qPrintable(report.error));
        QCOMPARE(report.counts.updated, qint64(1));
        QCOMPARE(report.counts.ingested, qint64(0));
        QCOMPARE(find(store, changed)->accMetaChecksum.toStdString(), *changed.accMetaChecksum);
    }

    // Scenario 12: a row appearing behind the cursor (the volatile head) is still picked up: the window
    // re-scans `lookback` before the cursor.
    void volatileHeadIsNotLost()
    {
        PartnerArchive partner;
        QVERIFY(partner.start());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(partner.put({PartnerArchive::observation("HST", 0, now - 2000)}));
        TestStore local(QStringLiteral("sqlite"));
        auto store = local.openOrDie();
        auto target = harvestTarget(partner.capabilitiesUrl(), hst);
        target.tuning.lookback = std::chrono::minutes(2);
        QCOMPARE(harvestOnce(target, store).counts.ingested, qint64(1));
        // Committed late at the partner, stamped 60 s before the cursor.
        const caom2::Observation late = PartnerArchive::observation("HST", 1, now - 62000);
        QVERIFY(partner.put({late}));
        const auto report = harvestOnce(target, store);
        QCOMPARE(report.counts.ingested, qint64(1));
        QVERIFY(find(store, late).has_value());
        QVERIFY(*report.cursorAfter.lastModified >= now - 2000); // the cursor did not move back
    }

    // Scenario 16: our clock 10 minutes ahead of the partner's. By our clock alone the window would end
    // 9 minutes into the partner's future, list its volatile head and move the cursor past rows that later
    // commit with older stamps (here 3 minutes older, beyond the 20 s look-back): those would be lost. The
    // window ends by the partner's clock (its Date header) instead, so nothing is skipped.
    void clientClockAheadSkipsNothing()
    {
        PartnerArchive partner;
        QVERIFY(partner.start());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const caom2::Observation old = PartnerArchive::observation("HST", 0, now - 600000);
        const caom2::Observation head = PartnerArchive::observation("HST", 1, now - 30000); // inside the lag
        QVERIFY(partner.put({old, head}));
        TestStore local(QStringLiteral("sqlite"));
        auto store = local.openOrDie();
        auto target = harvestTarget(partner.capabilitiesUrl(), hst);
        target.tuning.lag = std::chrono::seconds(60);
        target.tuning.lookback = std::chrono::seconds(20);
        const store::Clock tenMinutesAhead = [] { return QDateTime::currentMSecsSinceEpoch() + 600000; };

        const auto first = harvestOnce(target, store, tenMinutesAhead);
        QVERIFY2(first.outcome == store::RunOutcome::Succeeded, qPrintable(first.error));
        QVERIFY(find(store, old).has_value());
        QVERIFY2(!find(store, head).has_value(), "the partner's head (inside the lag by its clock) was listed");
        QVERIFY(first.windowEnd.has_value());
        QVERIFY(*first.windowEnd <= QDateTime::currentMSecsSinceEpoch() - 60000 + 1000);
        QVERIFY(first.partnerClockSkewMs.has_value());
        QVERIFY(*first.partnerClockSkewMs < -590000 && *first.partnerClockSkewMs > -610000);
        QVERIFY2(first.notes.join(u'\n').contains(QStringLiteral("behind ours")), qPrintable(first.notes.join(u'\n')));

        // A long transaction at the partner commits a row stamped 3 minutes ago: still ahead of our cursor.
        const caom2::Observation late = PartnerArchive::observation("HST", 2, now - 180000);
        QVERIFY(partner.put({late}));
        const auto second = harvestOnce(target, store, tenMinutesAhead);
        QVERIFY2(second.outcome == store::RunOutcome::Succeeded, qPrintable(second.error));
        QVERIFY2(find(store, late).has_value(), "a row committed late behind the cursor was skipped");
        QCOMPARE(second.cursorAfter.lastModified.value_or(0), late.maxLastModified->msSinceEpoch);
    }

    // Scenario 13: 250 observations sharing one maxLastModified, pages of 100: all of them, and the run ends.
    void manyRowsOnOneTimestamp_data() { addEngineColumn(); }
    void manyRowsOnOneTimestamp()
    {
        QFETCH(QString, engine);
        PartnerArchive partner;
        QVERIFY(partner.start());
        std::vector<caom2::Observation> tied;
        for (std::uint64_t i = 0; i < 250; ++i)
            tied.push_back(PartnerArchive::observation("HST", i, 1700000000000));
        QVERIFY(partner.put(tied));
        TestStore local(engine);
        auto store = local.openOrDie();
        auto target = harvestTarget(partner.capabilitiesUrl(), hst);
        target.tuning.pageSize = 100;
        const auto report = harvestOnce(target, store);
        QVERIFY2(report.outcome == store::RunOutcome::Succeeded, qPrintable(report.error));
        QCOMPARE(report.counts.ingested, qint64(250));
        QCOMPARE(countRows(store, QStringLiteral("SELECT COUNT(*) FROM observation")), qint64(250));
    }

    // Scenario 17: a deletion at the partner removes the local copy and leaves our own deletion event.
    void remoteDeletionApplied_data() { addEngineColumn(); }
    void remoteDeletionApplied()
    {
        QFETCH(QString, engine);
        PartnerArchive partner;
        QVERIFY(partner.start());
        QVERIFY(partner.addGenerated("HST", 0, 10));
        TestStore local(engine);
        auto store = local.openOrDie();
        const auto target = harvestTarget(partner.capabilitiesUrl(), hst);
        QCOMPARE(harvestOnce(target, store).counts.ingested, qint64(10));
        const caom2::Observation gone = PartnerArchive::observation("HST", 3);
        QTest::qWait(20); // the deletion is stamped after the first run's window
        QVERIFY(partner.remove(hst, QString::fromStdString(gone.observationID)));
        const auto report = harvestOnce(target, store);
        QVERIFY2(report.outcome == store::RunOutcome::Succeeded, qPrintable(report.error));
        QCOMPARE(report.counts.deleted, qint64(1));
        QVERIFY(!find(store, gone).has_value());
        QCOMPARE(countRows(store,
                           QStringLiteral("SELECT COUNT(*) FROM DeletedObservation WHERE id = '%1'")
                               .arg(QString::fromStdString(gone.id.toString()))),
                 qint64(1));
        QCOMPARE(countRows(store, QStringLiteral("SELECT COUNT(*) FROM observation")), qint64(9));
    }

    // Scenario 19: a deletion event older than the local copy's maxLastModified is ignored, and said. The
    // partner deletes an observation and re-creates it (same UUID) a moment later; we harvest the new
    // version before we see the deletion (its event falls before our deletion cursor), then meet the event.
    void staleDeletionKeepsNewerCopy()
    {
        PartnerArchive partner;
        QVERIFY(partner.start());
        const caom2::Observation original =
            PartnerArchive::observation("HST", 0, QDateTime::currentMSecsSinceEpoch() - 5000);
        QVERIFY(partner.put({original}));
        TestStore local(QStringLiteral("sqlite"));
        auto store = local.openOrDie();
        const auto target = harvestTarget(partner.capabilitiesUrl(), hst);
        QCOMPARE(harvestOnce(target, store).counts.ingested, qint64(1));

        const qint64 deletedAround = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(partner.remove(hst, QString::fromStdString(original.observationID)));
        QTest::qWait(1100); // beyond the fixture's one-second look-back
        caom2::Observation recreated = PartnerArchive::observation("HST", 0, QDateTime::currentMSecsSinceEpoch());
        recreated.type = "FLAT (re-created)"; // new content: an unchanged checksum would not be fetched again
        caom2::assignChecksums(recreated);
        QVERIFY(partner.put({recreated}));
        // Miss the event: our deletion cursor already lies past it (look-back included), wherever the partner
        // stamped it.
        store::DeletionWindow everything;
        everything.collection = hst;
        everything.limit = 10;
        auto events = store::DeletionEventStore(partner.store()).list(everything);
        QVERIFY(events.ok() && events->size() == 1);
        store::HarvestStateStore states(store);
        const qint64 pastTheEvent = events->front().lastModified + 1050;
        QVERIFY(states.put(target.harvestSource, store::HarvestEntity::deletedObservation, {pastTheEvent, {}}).ok());
        const auto second = harvestOnce(target, store);
        QVERIFY2(second.outcome == store::RunOutcome::Succeeded, qPrintable(second.error));
        QCOMPARE(second.counts.deleted, qint64(0));
        QCOMPARE(find(store, recreated)->maxLastModified.value_or(-1), recreated.maxLastModified->msSinceEpoch);

        // Now the event comes into the window: it predates the copy we hold.
        QVERIFY(states.put(target.harvestSource, store::HarvestEntity::deletedObservation, {deletedAround - 60000, {}})
                    .ok());
        const auto report = harvestOnce(target, store);
        QCOMPARE(report.counts.staleDeletions, qint64(1));
        QCOMPARE(report.counts.deleted, qint64(0));
        QVERIFY(find(store, recreated).has_value());
    }

    // Scenario 20: deleted and re-created with a new UUID at the partner, deletion event missed: the local
    // copy ends with the new UUID only, and we record the old UUID's deletion for our own mirrors.
    void recreatedUnderNewUuid_data() { addEngineColumn(); }
    void recreatedUnderNewUuid()
    {
        QFETCH(QString, engine);
        PartnerArchive partner;
        QVERIFY(partner.start());
        QVERIFY(partner.addGenerated("HST", 0, 5));
        TestStore local(engine);
        auto store = local.openOrDie();
        const auto target = harvestTarget(partner.capabilitiesUrl(), hst);
        QCOMPARE(harvestOnce(target, store).counts.ingested, qint64(5));
        const caom2::Observation old = PartnerArchive::observation("HST", 2);
        QVERIFY(partner.remove(hst, QString::fromStdString(old.observationID)));
        QSqlQuery forget(partner.store()->database());
        QVERIFY(forget.exec(QStringLiteral("DELETE FROM DeletedObservation"))); // the missed event
        caom2::Observation reborn = PartnerArchive::observation("HST", 2, QDateTime::currentMSecsSinceEpoch() - 10);
        reborn.id = *caom2::Uuid::parse("3f2a6c1e-9b7d-4e5f-8a1b-2c3d4e5f6a7b");
        caom2::assignChecksums(reborn);
        QVERIFY(partner.put({reborn}));

        const auto report = harvestOnce(target, store);
        QVERIFY2(report.outcome == store::RunOutcome::Succeeded, qPrintable(report.error));
        const auto got = find(store, reborn);
        QVERIFY(got.has_value());
        QCOMPARE(got->id, QStringLiteral("3f2a6c1e-9b7d-4e5f-8a1b-2c3d4e5f6a7b"));
        QCOMPARE(countRows(store, QStringLiteral("SELECT COUNT(*) FROM observation")), qint64(5));
        QCOMPARE(countRows(store,
                           QStringLiteral("SELECT COUNT(*) FROM DeletedObservation WHERE id = '%1'")
                               .arg(QString::fromStdString(old.id.toString()))),
                 qint64(1));
    }

    // Scenario 21: the first harvest of a collection replays none of the partner's historical deletions.
    void firstHarvestIgnoresHistoricalDeletions()
    {
        PartnerArchive partner;
        QVERIFY(partner.start());
        TestStore local(QStringLiteral("sqlite"));
        auto store = local.openOrDie();
        // Observations we hold already (say, imported), whose UUIDs the partner's history lists as deleted.
        std::vector<store::UpsertItem> held;
        for (std::uint64_t i = 0; i < 100; ++i)
            held.emplace_back(PartnerArchive::observation("HST", i));
        QVERIFY(store::ObservationStore(store).upsert(held).ok());
        {
            QSqlDatabase db = partner.store()->database();
            store::Transaction transaction(db);
            QSqlQuery insert(db);
            insert.prepare(QStringLiteral(
                "INSERT INTO DeletedObservation (id, collection, observationID, lastModified) VALUES (?, ?, ?, ?)"));
            for (int i = 0; i < 10000; ++i) {
                const QString id = i < 100 ? QString::fromStdString(PartnerArchive::observation("HST", i).id.toString())
                                           : QUuid::createUuid().toString(QUuid::WithoutBraces);
                insert.addBindValue(id);
                insert.addBindValue(hst);
                insert.addBindValue(QStringLiteral("old-%1").arg(i));
                insert.addBindValue(store::toSqlTimestamp(1700000000000 + i * 1000LL + 5000000));
                QVERIFY(insert.exec());
            }
            QVERIFY(transaction.commit().ok());
        }
        const auto target = harvestTarget(partner.capabilitiesUrl(), hst);
        const auto report = harvestOnce(target, store);
        QVERIFY2(report.outcome == store::RunOutcome::Succeeded, qPrintable(report.error));
        QCOMPARE(report.counts.deleted, qint64(0));
        QCOMPARE(countRows(store, QStringLiteral("SELECT COUNT(*) FROM observation")), qint64(100));
    }

    // Scenario 18: 60,000 pending deletion events from a server capping pages at 1,000: every page applied
    // (the reference applies only the last).
    void everyDeletionPageApplied()
    {
        PartnerArchive partner({QStringLiteral("--max-rec"), QStringLiteral("1000")});
        QVERIFY(partner.start());
        QVERIFY(partner.addGenerated("HST", 0, 200));
        TestStore local(QStringLiteral("sqlite"));
        auto store = local.openOrDie();
        const auto target = harvestTarget(partner.capabilitiesUrl(), hst);
        QCOMPARE(harvestOnce(target, store).counts.ingested, qint64(200));
        store::HarvestStateStore states(store);
        const qint64 cursor =
            *states.get(target.harvestSource, store::HarvestEntity::deletedObservation)->cursor.lastModified;
        {
            // Events for our 200 observations spread over all 60 pages, the rest for strangers.
            QSqlDatabase db = partner.store()->database();
            store::Transaction transaction(db);
            QSqlQuery insert(db);
            insert.prepare(QStringLiteral(
                "INSERT INTO DeletedObservation (id, collection, observationID, lastModified) VALUES (?, ?, ?, ?)"));
            for (int i = 0; i < 60000; ++i) {
                const bool ours = i % 300 == 0;
                const caom2::Observation o = PartnerArchive::observation("HST", std::uint64_t(i / 300));
                insert.addBindValue(ours ? QString::fromStdString(o.id.toString())
                                         : QUuid::createUuid().toString(QUuid::WithoutBraces));
                insert.addBindValue(hst);
                insert.addBindValue(ours ? QString::fromStdString(o.observationID) : QStringLiteral("x-%1").arg(i));
                insert.addBindValue(store::toSqlTimestamp(cursor + 1 + i / 20)); // 20 events per millisecond
                QVERIFY(insert.exec());
            }
            // The partner no longer lists them either (its rows go without events of their own).
            QVERIFY(insert.exec(QStringLiteral("DELETE FROM observation WHERE collection = 'HST'")));
            QVERIFY(transaction.commit().ok());
        }
        // The window ends at the partner's own clock (its Date header), which is the real one: the events reach
        // 3 s past the first harvest's cursor, so the second harvest waits until the partner has lived past them
        // (on a fast machine the inserts above take less than that, and the last events would be left for later).
        const qint64 lastEvent = cursor + 1 + 59999 / 20;
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentMSecsSinceEpoch() > lastEvent + 1000, 15000);
        const store::Clock later = [cursor] { return cursor + 10000; };
        const auto report = harvestOnce(target, store, later);
        QVERIFY2(report.outcome == store::RunOutcome::Succeeded, qPrintable(report.error));
        QCOMPARE(report.counts.deleted, qint64(200));
        QCOMPARE(countRows(store, QStringLiteral("SELECT COUNT(*) FROM observation")), qint64(0));
        QCOMPARE(*states.get(target.harvestSource, store::HarvestEntity::deletedObservation)->cursor.lastModified,
                 cursor + 1 + 59999 / 20);
    }
};

QTEST_GUILESS_MAIN(TestHarvestIncremental)
#include "tst_harvest_incremental.moc"
