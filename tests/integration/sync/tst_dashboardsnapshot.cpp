// The dashboard's facts from a store on each engine: bars by state per partner and collection (the display
// rule's states, refined by discrepancies and skip records), freshness with its word, problems that keep the
// status from looking good until dealt with, recent runs and throughput. Expected values come from what the
// test wrote into the store.
#include "test_stores.h"

#include "caom2/generator.h"
#include "store/discrepancy_store.h"
#include "store/harvest_state_store.h"
#include "store/observation_lookup.h"
#include "store/observation_store.h"
#include "store/skip_record_store.h"
#include "sync/dashboard_snapshot.h"
#include "sync/harvest_target.h"

#include <QTest>

using namespace testsupport;
using harvest::BarState;

namespace {

constexpr qint64 hour = 3600 * 1000LL;
constexpr qint64 now = 1718000000000 - 1718000000000 % hour + 30 * 60 * 1000; // half past an hour
const QString mast = QStringLiteral("MAST");
const QString hst = QStringLiteral("HST");
const QString jwst = QStringLiteral("JWST");
const QString endpoint = QStringLiteral("ivo://mast.stsci.edu/caom2repo");

std::vector<QString> storeObservations(const std::shared_ptr<store::Store> &s, const QString &collection, int count)
{
    caom2::GeneratorOptions options;
    options.collection = collection.toStdString();
    std::vector<store::UpsertItem> items;
    std::vector<QString> ids;
    for (int i = 0; i < count; ++i) {
        items.emplace_back(caom2::generateObservation(options, static_cast<std::uint64_t>(i)), mast);
        ids.push_back(QString::fromStdString(items.back().observation.observationID));
    }
    if (!store::ObservationStore(s).upsert(items))
        qFatal("cannot store observations");
    return ids;
}

qint64 finishedRun(const std::shared_ptr<store::Store> &s, const QString &collection, const QString &kind, qint64 start,
                   qint64 end, store::RunOutcome outcome, qint64 itemsOk, const QString &error = {})
{
    qint64 clock = start;
    store::RunRecordStore runs(s, [&clock] { return clock; });
    auto key = runs.start(kind, kind, mast, collection);
    if (!key)
        qFatal("cannot start a run");
    clock = end;
    store::RunCounts counts;
    counts.itemsOk = itemsOk;
    if (!runs.finish(*key, outcome, counts, error))
        qFatal("cannot finish a run");
    return *key;
}

harvest::DashboardSnapshot snapshotOf(const std::shared_ptr<store::Store> &s)
{
    mirror::PartnerSource source;
    source.name = mast;
    source.endpointKind = mirror::EndpointKind::RegistryResource;
    source.endpoint = endpoint;
    source.collections = {hst, jwst};
    harvest::DashboardOptions options;
    options.now = now;
    auto snapshot = harvest::collectDashboard(s, {source}, options);
    if (!snapshot)
        qFatal("%s", snapshot.error().message.c_str());
    return *snapshot;
}

const harvest::StateBar *barOf(const harvest::DashboardSnapshot &snapshot, const QString &collection)
{
    for (const auto &bar : snapshot.bars)
        if (bar.collection == collection)
            return &bar;
    return nullptr;
}

const harvest::TargetHealth *healthOf(const harvest::DashboardSnapshot &snapshot, const QString &collection)
{
    for (const auto &target : snapshot.targets)
        if (target.collection == collection)
            return &target;
    return nullptr;
}

qint64 count(const harvest::StateBar &bar, BarState state)
{
    return bar.counts[static_cast<std::size_t>(state)];
}

} // namespace

class TestDashboardSnapshot : public QObject {
    Q_OBJECT

private slots:
    void pureParts()
    {
        harvest::DashboardOptions options;
        options.now = now;
        QCOMPARE(harvest::freshnessOf(std::nullopt, options), harvest::Freshness::Never);
        QCOMPARE(harvest::freshnessOf(now - 5 * hour, options), harvest::Freshness::Fresh);
        QCOMPARE(harvest::freshnessOf(now - 7 * hour, options), harvest::Freshness::Ageing);
        QCOMPARE(harvest::freshnessOf(now - 49 * hour, options), harvest::Freshness::Old);
        QCOMPARE(harvest::freshnessName(harvest::Freshness::Ageing), QStringLiteral("ageing"));

        std::vector<store::RunRecord> runs(3);
        runs[0].kind = QStringLiteral("incremental");
        runs[0].startedAt = now - 2 * hour;
        runs[0].endedAt = now - 2 * hour + 10;
        runs[0].counts.itemsOk = 40;
        runs[1] = runs[0];
        runs[1].endedAt = now - 2 * hour + 20;
        runs[1].counts.itemsOk = 2;
        runs[2] = runs[0];
        runs[2].kind = QStringLiteral("validate"); // not a harvest: left out
        const auto points = harvest::throughputOf(runs, now - 3 * hour, now, hour);
        QCOMPARE(points.size(), std::size_t(4)); // the period starts half-way into its first bucket
        QCOMPARE(points[0].bucketStart, now - 3 * hour - 30 * 60 * 1000);
        QCOMPARE(points[1].observations, qint64(42));
        QCOMPARE(points[1].runs, qint64(2));
        QCOMPARE(points[2].observations, qint64(0));
    }

    void barsHealthAndRuns_data() { addEngineColumn(); }
    void barsHealthAndRuns()
    {
        QFETCH(QString, engine);
        TestStore fixture(engine);
        auto s = fixture.openOrDie();
        const auto ids = storeObservations(s, hst, 10);
        storeObservations(s, jwst, 4);
        const QString key = harvest::harvestSourceKey(endpoint, hst);

        // #1: a refresh failed (kept stale, with a skip record); one more observation never arrived at all.
        QVERIFY(store::ObservationLookup(s).setState(hst, ids[1], store::ObservationState::stale));
        store::SkipRecordStore skips(s);
        for (const QString &id : {ids[1], QStringLiteral("never-arrived")}) {
            store::SkipFailure failure;
            failure.source = key;
            failure.cname = store::HarvestEntity::observation;
            failure.skipID = QStringLiteral("caom:HST/") + id;
            failure.errorMessage = QStringLiteral("timeout");
            QVERIFY(skips.record(failure));
        }
        // Validate found: #2 differs, #3 is not listed by MAST, "remote-1" is MAST's only.
        std::vector<store::Discrepancy> found(3);
        const std::array<std::pair<QString, store::DiscrepancyClass>, 3> classes{{
            {ids[2], store::DiscrepancyClass::ChecksumDiffers},
            {ids[3], store::DiscrepancyClass::MissingRemotely},
            {QStringLiteral("remote-1"), store::DiscrepancyClass::MissingLocally},
        }};
        for (std::size_t i = 0; i < found.size(); ++i) {
            found[i].source = mast;
            found[i].collection = hst;
            found[i].observationID = classes[i].first;
            found[i].cls = classes[i].second;
            found[i].localChecksum = QStringLiteral("md5:a");
            found[i].remoteChecksum = QStringLiteral("md5:b");
        }
        QVERIFY(store::DiscrepancyStore(s).add(found));

        finishedRun(s, hst, QStringLiteral("incremental"), now - 26 * hour, now - 26 * hour + 1000,
                    store::RunOutcome::Succeeded, 100);
        finishedRun(s, hst, QStringLiteral("incremental"), now - 2 * hour, now - 2 * hour + 1000,
                    store::RunOutcome::Failed, 3, QStringLiteral("cannot reach the service"));
        finishedRun(s, jwst, QStringLiteral("incremental"), now - hour, now - hour + 500, store::RunOutcome::Succeeded,
                    4);

        const auto snapshot = snapshotOf(s);
        const harvest::StateBar *h = barOf(snapshot, hst);
        QVERIFY(h);
        QCOMPARE(h->source, mast);
        QCOMPARE(count(*h, BarState::InSync), qint64(7));
        QCOMPARE(count(*h, BarState::Differs), qint64(1));
        QCOMPARE(count(*h, BarState::LocalOnly), qint64(1));
        QCOMPARE(count(*h, BarState::RemoteOnly), qint64(1));
        QCOMPARE(count(*h, BarState::Skipped), qint64(2));
        QCOMPARE(count(*h, BarState::Stale), qint64(0));
        QCOMPARE(h->total(), qint64(12));
        const harvest::StateBar *j = barOf(snapshot, jwst);
        QVERIFY(j);
        QCOMPARE(count(*j, BarState::InSync), qint64(4));
        QCOMPARE(j->total(), qint64(4));
        // Observations of a partner the store has no records of (imported, say) still get their bar.
        caom2::GeneratorOptions other;
        other.collection = "OTHER";
        QVERIFY(store::ObservationStore(s).upsert({store::UpsertItem(caom2::generateObservation(other, 0))}));
        const auto withOther = snapshotOf(s); // kept: the bar below points into it
        const harvest::StateBar *o = barOf(withOther, QStringLiteral("OTHER"));
        QVERIFY(o);
        QCOMPARE(o->source, QString());
        QCOMPARE(count(*o, BarState::InSync), qint64(1));

        // HST: last success 26 h ago (ageing), and the failed run, the skips and the findings all need the
        // operator. JWST is fresh and clean.
        const harvest::TargetHealth *hh = healthOf(snapshot, hst);
        QCOMPARE(hh->freshness, harvest::Freshness::Ageing);
        QCOMPARE(hh->lastSuccess, std::optional<qint64>(now - 26 * hour + 1000));
        QCOMPARE(hh->problems.size(), 3);
        QVERIFY(hh->problems[0].contains(QStringLiteral("failed")));
        QVERIFY(hh->problems[0].contains(QStringLiteral("cannot reach the service")));
        QVERIFY(hh->problems[1].startsWith(QStringLiteral("2 ")));
        QVERIFY(hh->problems[2].startsWith(QStringLiteral("3 ")));
        const harvest::TargetHealth *jh = healthOf(snapshot, jwst);
        QCOMPARE(jh->freshness, harvest::Freshness::Fresh);
        QVERIFY(jh->problems.isEmpty());
        QCOMPARE(snapshot.targetsNeedingAttention(), 1);

        // Runs of the period, newest first; throughput from the harvests in it.
        QCOMPARE(snapshot.runs.size(), std::size_t(3));
        QCOMPARE(snapshot.runs[0].collection, jwst);
        QCOMPARE(snapshot.runs[1].outcome, store::RunOutcome::Failed);
        qint64 processed = 0;
        for (const auto &point : snapshot.throughput)
            processed += point.observations;
        QCOMPARE(processed, qint64(107));
        // JWST's run ended half an hour before the last bucket (now is half past the hour) began.
        QCOMPARE(snapshot.throughput[snapshot.throughput.size() - 2].observations, qint64(4));
        QCOMPARE(snapshot.throughput.back().observations, qint64(0));

        // Acknowledged findings and a successful run later, only the skip records remain a problem.
        auto listed = store::DiscrepancyStore(s).list(mast, hst, 10);
        for (const auto &d : *listed)
            QVERIFY(store::DiscrepancyStore(s).acknowledge(d.key));
        finishedRun(s, hst, QStringLiteral("incremental"), now - 1000, now - 500, store::RunOutcome::Succeeded, 0);
        const auto later = snapshotOf(s);
        hh = healthOf(later, hst);
        QCOMPARE(hh->freshness, harvest::Freshness::Fresh);
        QCOMPARE(hh->problems.size(), 1);
        QCOMPARE(count(*barOf(later, hst), BarState::RemoteOnly), qint64(0));
        QCOMPARE(count(*barOf(later, hst), BarState::Differs), qint64(0));
        QCOMPARE(count(*barOf(later, hst), BarState::InSync), qint64(9));
    }
};

QTEST_GUILESS_MAIN(TestDashboardSnapshot)
#include "tst_dashboardsnapshot.moc"
