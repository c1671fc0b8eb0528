// What a partner lists is kept per (source, collection) by the passes that read its listing: incremental
// harvests record every listed row and forget deleted ones; validate records the whole listing and forgets
// what the partner no longer lists. Expected values come from what the test put into the partner.
#include "partner_archive.h"
#include "test_stores.h"

#include "store/partner_comparison.h"
#include "store/source_listing_store.h"
#include "sync/harvest_job.h"

#include <QTest>

#include <map>
#include <set>

using namespace testsupport;

namespace {

const QString hst = QStringLiteral("HST");
const QString partnerName = QStringLiteral("PARTNER");

harvest::HarvestReport run(const harvest::HarvestTarget &target, const std::shared_ptr<store::Store> &local,
                           harvest::HarvestMode mode)
{
    harvest::HarvestRequest request;
    request.target = target;
    request.mode = mode;
    harvest::JobControl control;
    return harvest::runHarvest(request, local, control);
}

std::map<QString, QString> listed(const std::shared_ptr<store::Store> &s)
{
    std::map<QString, QString> rows;
    auto read = store::SourceListingStore(s).list(partnerName, hst, 100000);
    if (!read)
        qFatal("%s", read.error().message.c_str());
    for (const store::ListingRow &row : *read)
        rows[row.observationID] = row.accMetaChecksum;
    return rows;
}

std::map<QString, QString> expectedRows(std::uint64_t count, const std::set<std::uint64_t> &without = {})
{
    std::map<QString, QString> rows;
    for (std::uint64_t i = 0; i < count; ++i)
        if (!without.count(i)) {
            const caom2::Observation o = PartnerArchive::observation("HST", i);
            rows[QString::fromStdString(o.observationID)] = QString::fromStdString(*o.accMetaChecksum);
        }
    return rows;
}

} // namespace

class TestHarvestListing : public QObject {
    Q_OBJECT

private slots:
    void incrementalRecordsAndForgets_data() { addEngineColumn(); }
    void incrementalRecordsAndForgets()
    {
        QFETCH(QString, engine);
        PartnerArchive partner;
        QVERIFY(partner.start());
        QVERIFY(partner.addGenerated("HST", 0, 30));
        TestStore local(engine);
        auto store = local.openOrDie();
        const auto target = harvestTarget(partner.capabilitiesUrl(), hst, partnerName);
        const auto first = run(target, store, harvest::HarvestMode::Incremental);
        QVERIFY2(first.outcome == store::RunOutcome::Succeeded, qPrintable(first.error));
        QVERIFY(listed(store) == expectedRows(30));

        // A deletion at the partner reaches the kept listing with the next run.
        const caom2::Observation gone = PartnerArchive::observation("HST", 4);
        QTest::qWait(20); // the deletion is stamped after the first run's window
        QVERIFY(partner.remove(hst, QString::fromStdString(gone.observationID)));
        const auto second = run(target, store, harvest::HarvestMode::Incremental);
        QVERIFY2(second.outcome == store::RunOutcome::Succeeded, qPrintable(second.error));
        QVERIFY(listed(store) == expectedRows(30, {4}));

        // Harvested as listed: the partner and the local copy agree on every observation.
        store::ComparisonRequest request;
        request.collection = hst;
        auto compared = store::comparePartners(store, request);
        QVERIFY(compared);
        QCOMPARE(compared->observations, qint64(29));
        QCOMPARE(compared->agree, qint64(29));
    }

    void validateRefreshesTheWholeListing_data() { addEngineColumn(); }
    void validateRefreshesTheWholeListing()
    {
        QFETCH(QString, engine);
        PartnerArchive partner;
        QVERIFY(partner.start());
        QVERIFY(partner.addGenerated("HST", 0, 20));
        TestStore local(engine);
        auto store = local.openOrDie();
        const auto target = harvestTarget(partner.capabilitiesUrl(), hst, partnerName);
        QCOMPARE(run(target, store, harvest::HarvestMode::Incremental).counts.ingested, qint64(20));

        // The partner edits one observation in place (same timestamps: an incremental run would not see it)
        // and loses another; validate's listing brings both into the kept rows without repairing anything.
        caom2::Observation edited = PartnerArchive::observation("HST", 7);
        edited.type = "edited in the partner's database";
        caom2::assignChecksums(edited);
        QVERIFY(partner.put({edited}));
        QVERIFY(partner.remove(hst, QString::fromStdString(PartnerArchive::observation("HST", 9).observationID)));
        const auto report = run(target, store, harvest::HarvestMode::Validate);
        // Differences found and not repaired: a validate run says so with "partial".
        QVERIFY2(report.outcome == store::RunOutcome::Partial, qPrintable(report.error));
        auto expected = expectedRows(20, {9});
        expected[QString::fromStdString(edited.observationID)] = QString::fromStdString(*edited.accMetaChecksum);
        QVERIFY(listed(store) == expected);

        store::ComparisonRequest request;
        request.collection = hst;
        auto compared = store::comparePartners(store, request);
        QVERIFY(compared);
        QCOMPARE(compared->observations, qint64(20));
        QCOMPARE(compared->agree, qint64(18));
        QCOMPARE(compared->differ, qint64(1));
        QCOMPARE(compared->missing, qint64(1));
        QCOMPARE(compared->parties.front().lacks, qint64(1));
    }
};

QTEST_GUILESS_MAIN(TestHarvestListing)
#include "tst_harvest_listing.moc"
