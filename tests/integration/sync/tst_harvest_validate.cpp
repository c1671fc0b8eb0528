// Validate, repair and full re-harvest against a partner on loopback (spec caom2-sync.md §6 scenarios 27-29,
// 31, 32, and 16 as it bears on validate), into stores on each engine.
#include "partner_archive.h"
#include "test_stores.h"

#include "store/discrepancy_store.h"
#include "store/observation_lookup.h"
#include "sync/harvest_job.h"

#include <QSqlQuery>
#include <QTest>

using namespace testsupport;

namespace {

const QString hst = QStringLiteral("HST");

harvest::HarvestReport run(const harvest::HarvestTarget &target, const std::shared_ptr<store::Store> &local,
                           harvest::HarvestMode mode, bool repairOrPrune = false)
{
    harvest::HarvestRequest request;
    request.target = target;
    request.mode = mode;
    request.repair = repairOrPrune;
    request.prune = repairOrPrune;
    harvest::JobControl control;
    return harvest::runHarvest(request, local, control);
}

qint64 found(const harvest::HarvestReport &report, store::DiscrepancyClass cls)
{
    if (!report.validation)
        return -1;
    const auto it = report.validation->found.find(cls);
    return it == report.validation->found.end() ? 0 : it->second;
}

qint64 totalFound(const harvest::HarvestReport &report)
{
    qint64 total = 0;
    for (const auto &[cls, count] : report.validation->found)
        total += count;
    return total;
}

std::optional<store::ObservationKey> find(const std::shared_ptr<store::Store> &s, const caom2::Observation &o)
{
    auto key = store::ObservationLookup(s).byUri(QString::fromStdString(o.collection),
                                                 QString::fromStdString(o.observationID));
    return key.ok() ? *key : std::nullopt;
}

// A partner with 50 observations and a local store harvested from it.
struct Mirror {
    PartnerArchive partner;
    std::unique_ptr<TestStore> local;
    std::shared_ptr<store::Store> store;
    harvest::HarvestTarget target;

    bool set(const QString &engine)
    {
        if (!partner.start() || !partner.addGenerated("HST", 0, 50))
            return false;
        local = std::make_unique<TestStore>(engine);
        store = local->openOrDie();
        target = harvestTarget(partner.capabilitiesUrl(), hst);
        return run(target, store, harvest::HarvestMode::Incremental).counts.ingested == 50;
    }

    // The partner edits observation `index` in its database (new content, same timestamps). Empty on failure.
    caom2::Observation editAtPartner(std::uint64_t index)
    {
        caom2::Observation edited = PartnerArchive::observation("HST", index);
        edited.type = "edited in the partner's database";
        caom2::assignChecksums(edited);
        return partner.put({edited}) ? edited : caom2::Observation();
    }
};

} // namespace

class TestHarvestValidate : public QObject {
    Q_OBJECT

private slots:
    void inSyncFindsNothing_data() { addEngineColumn(); }
    void inSyncFindsNothing()
    {
        QFETCH(QString, engine);
        Mirror mirror;
        QVERIFY(mirror.set(engine));
        const auto report = run(mirror.target, mirror.store, harvest::HarvestMode::Validate);
        QVERIFY2(report.outcome == store::RunOutcome::Succeeded, qPrintable(report.error));
        QCOMPARE(report.validation->remote, qint64(50));
        QCOMPARE(report.validation->local, qint64(50));
        QCOMPARE(report.validation->matching, qint64(50));
        QCOMPARE(totalFound(report), qint64(0));
    }

    // Scenario 27: changed at the partner without a new maxLastModified: found by checksum, repaired, and
    // a second validate finds nothing.
    void silentChangeFoundAndRepaired_data() { addEngineColumn(); }
    void silentChangeFoundAndRepaired()
    {
        QFETCH(QString, engine);
        Mirror mirror;
        QVERIFY(mirror.set(engine));
        const caom2::Observation edited = mirror.editAtPartner(4);
        QVERIFY(!edited.observationID.empty());

        const auto report = run(mirror.target, mirror.store, harvest::HarvestMode::Validate, true);
        QCOMPARE(found(report, store::DiscrepancyClass::ChecksumDiffers), qint64(1));
        QCOMPARE(totalFound(report), qint64(1));
        QCOMPARE(report.validation->repaired, qint64(1));
        QCOMPARE(find(mirror.store, edited)->accMetaChecksum.toStdString(), *edited.accMetaChecksum);
        // Repaired: what was found no longer holds, so nothing stays open to show it as differing.
        auto listed = store::DiscrepancyStore(mirror.store).list(QStringLiteral("PARTNER"), hst, 10);
        QVERIFY(listed.ok());
        QCOMPARE(listed->size(), std::size_t(0));

        const auto second = run(mirror.target, mirror.store, harvest::HarvestMode::Validate);
        QCOMPARE(totalFound(second), qint64(0));
    }

    // Without repair the finding stays listed for the operator; a later validate that the operator cancels
    // while it compares withdraws its partial findings and keeps that earlier picture.
    void findingsStayUntilAComparisonCompletes_data() { addEngineColumn(); }
    void findingsStayUntilAComparisonCompletes()
    {
        QFETCH(QString, engine);
        Mirror mirror;
        QVERIFY(mirror.set(engine));
        const caom2::Observation edited = mirror.editAtPartner(7);
        QVERIFY(!edited.observationID.empty());
        const auto report = run(mirror.target, mirror.store, harvest::HarvestMode::Validate);
        QCOMPARE(report.outcome, store::RunOutcome::Partial); // unrepaired differences
        const auto listedIds = [&] {
            QStringList ids;
            auto listed = store::DiscrepancyStore(mirror.store).list(QStringLiteral("PARTNER"), hst, 100);
            for (const auto &d : listed.ok() ? *listed : std::vector<store::Discrepancy>())
                ids << d.observationID;
            return ids;
        };
        QCOMPARE(listedIds(), QStringList{QString::fromStdString(edited.observationID)});

        harvest::HarvestRequest request;
        request.target = mirror.target;
        request.mode = harvest::HarvestMode::Validate;
        harvest::JobControl control;
        control.cancel(); // the comparison stops at its first checkpoint
        const auto cancelled = harvest::runHarvest(request, mirror.store, control);
        QCOMPARE(cancelled.outcome, store::RunOutcome::Cancelled);
        QCOMPARE(listedIds(), QStringList{QString::fromStdString(edited.observationID)});
    }

    // Scenario 28: an observation we hold that the partner no longer has (missed deletion): reported, and
    // repair deletes it after the partner confirms with a 404.
    void localOnlyRemovedOnRepair_data() { addEngineColumn(); }
    void localOnlyRemovedOnRepair()
    {
        QFETCH(QString, engine);
        Mirror mirror;
        QVERIFY(mirror.set(engine));
        const caom2::Observation gone = PartnerArchive::observation("HST", 7);
        QVERIFY(mirror.partner.remove(hst, QString::fromStdString(gone.observationID)));
        // ...and an observation from another source: reported, never deleted by this source's repair.
        store::UpsertItem foreign(PartnerArchive::observation("HST", 900), QStringLiteral("OTHER"));
        QVERIFY(store::ObservationStore(mirror.store).upsert({foreign}).ok());

        const auto report = run(mirror.target, mirror.store, harvest::HarvestMode::Validate, true);
        QCOMPARE(found(report, store::DiscrepancyClass::MissingRemotely), qint64(2));
        QVERIFY(!find(mirror.store, gone).has_value());
        QVERIFY(find(mirror.store, PartnerArchive::observation("HST", 900)).has_value());
    }

    // Scenario 29: remote-only rows: older than the cursor → missed harvest, repaired; newer → pending only.
    void remoteOnlyMissedOrPending()
    {
        Mirror mirror;
        QVERIFY(mirror.set(QStringLiteral("sqlite")));
        const caom2::Observation missed = PartnerArchive::observation("HST", 500, 1700000000500); // behind the cursor
        const caom2::Observation fresh =
            PartnerArchive::observation("HST", 501, QDateTime::currentMSecsSinceEpoch() - 1000); // after it
        QVERIFY(mirror.partner.put({missed, fresh}));
        const auto report = run(mirror.target, mirror.store, harvest::HarvestMode::Validate, true);
        QCOMPARE(found(report, store::DiscrepancyClass::MissingLocally), qint64(1));
        QCOMPARE(found(report, store::DiscrepancyClass::Pending), qint64(1));
        QVERIFY(find(mirror.store, missed).has_value());
        QVERIFY(!find(mirror.store, fresh).has_value()); // the next incremental harvest's job
    }

    // Scenario 29 with our clock 10 minutes ahead (scenario 16): a remote-only row behind the cursor but
    // within the lag by the partner's clock may still be settling there, so it is pending, not repaired.
    void settlingRowsJudgedByThePartnersClock()
    {
        Mirror mirror;
        QVERIFY(mirror.set(QStringLiteral("sqlite")));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(mirror.partner.put({PartnerArchive::observation("HST", 600, now - 2000)}));
        QCOMPARE(run(mirror.target, mirror.store, harvest::HarvestMode::Incremental).counts.ingested, qint64(1));
        const caom2::Observation settling = PartnerArchive::observation("HST", 601, now - 20000); // behind the cursor
        QVERIFY(mirror.partner.put({settling}));

        harvest::HarvestRequest request;
        request.target = mirror.target;
        request.target.tuning.lag = std::chrono::seconds(60);
        request.mode = harvest::HarvestMode::Validate;
        request.repair = true;
        harvest::JobControl control;
        const auto report = harvest::runHarvest(request, mirror.store, control,
                                                [] { return QDateTime::currentMSecsSinceEpoch() + 600000; });
        QVERIFY2(report.outcome == store::RunOutcome::Succeeded, qPrintable(report.error));
        QCOMPARE(found(report, store::DiscrepancyClass::Pending), qint64(1));
        QCOMPARE(found(report, store::DiscrepancyClass::MissingLocally), qint64(0));
        QCOMPARE(report.counts.fetched, qint64(0));
        QVERIFY(!find(mirror.store, settling).has_value());
    }

    // Scenario 31: same checksum, another maxLastModified: information only, nothing repaired.
    void timestampOnlyIsInformation()
    {
        Mirror mirror;
        QVERIFY(mirror.set(QStringLiteral("sqlite")));
        const caom2::Observation retimed = PartnerArchive::observation("HST", 9, 1650000000000);
        QVERIFY(mirror.partner.put({retimed}));
        const auto report = run(mirror.target, mirror.store, harvest::HarvestMode::Validate, true);
        QVERIFY2(report.outcome == store::RunOutcome::Succeeded, qPrintable(report.error));
        QCOMPARE(found(report, store::DiscrepancyClass::TimestampDiffers), qint64(1));
        QCOMPARE(totalFound(report), qint64(1));
        QCOMPARE(report.validation->repaired, qint64(0));
        QCOMPARE(report.counts.fetched, qint64(0));
    }

    // Scenario 32: full re-harvest re-verifies every document, writes nothing when in sync, and with prune
    // removes what the partner no longer has.
    void fullRewritesOnlyWhatChanged_data() { addEngineColumn(); }
    void fullRewritesOnlyWhatChanged()
    {
        QFETCH(QString, engine);
        Mirror mirror;
        QVERIFY(mirror.set(engine));
        const auto clean = run(mirror.target, mirror.store, harvest::HarvestMode::Full);
        QVERIFY2(clean.outcome == store::RunOutcome::Succeeded, qPrintable(clean.error));
        QCOMPARE(clean.counts.fetched, qint64(50));
        QCOMPARE(clean.counts.unchanged, qint64(50));
        QCOMPARE(clean.counts.updated + clean.counts.ingested, qint64(0));

        const caom2::Observation gone = PartnerArchive::observation("HST", 11);
        QVERIFY(mirror.partner.remove(hst, QString::fromStdString(gone.observationID)));
        const auto pruned = run(mirror.target, mirror.store, harvest::HarvestMode::Full, true);
        QVERIFY2(pruned.outcome == store::RunOutcome::Succeeded, qPrintable(pruned.error));
        QCOMPARE(pruned.counts.fetched, qint64(49));
        QVERIFY(!find(mirror.store, gone).has_value());
    }
};

QTEST_GUILESS_MAIN(TestHarvestValidate)
#include "tst_harvest_validate.moc"
