// What each partner lists, kept per (source, collection), and partners compared side by side with each other
// and with the local copy — on both engines, and on a store created before the table existed.
#include "caom2/generator.h"
#include "store/observation_store.h"
#include "store/partner_comparison.h"
#include "store/source_listing_store.h"
#include "test_stores.h"

#include <QSqlQuery>
#include <QTest>

using namespace store;

namespace {

const QString hst = QStringLiteral("HST");
const QString mast = QStringLiteral("MAST");
const QString cadc = QStringLiteral("CADC");
const QString esdc = QStringLiteral("ESDC");

struct ManualClock {
    std::shared_ptr<qint64> now = std::make_shared<qint64>(1718000000000);
    Clock clock() const
    {
        return [now = now] { return *now; };
    }
};

ListingRow row(const QString &id, const QString &checksum, std::optional<qint64> modified = 1000)
{
    return {id, checksum, modified, 0};
}

QStringList ids(const std::vector<ListingRow> &rows)
{
    QStringList out;
    for (const ListingRow &r : rows)
        out << r.observationID;
    return out;
}

// The local copy of HST: `count` generated observations; returns their (observationID, accMetaChecksum)
// as the store holds them.
std::vector<std::pair<QString, QString>> storeLocal(const std::shared_ptr<Store> &s, int count)
{
    caom2::GeneratorOptions options;
    options.collection = "HST";
    options.seed = 7;
    std::vector<UpsertItem> items;
    for (int i = 0; i < count; ++i)
        items.emplace_back(caom2::generateObservation(options, static_cast<std::uint64_t>(i)));
    if (!ObservationStore(s).upsert(items))
        qFatal("cannot store the local observations");
    QSqlQuery query(s->database());
    if (!query.exec(
            QStringLiteral("SELECT observation_id, acc_meta_checksum FROM observation ORDER BY observation_id")))
        qFatal("cannot read the local observations");
    std::vector<std::pair<QString, QString>> local;
    while (query.next())
        local.emplace_back(query.value(0).toString(), query.value(1).toString());
    return local;
}

} // namespace

class TestSourceListing : public QObject {
    Q_OBJECT

private slots:
    void recordsReplacesAndForgets_data() { testsupport::addEngineColumn(); }
    void recordsReplacesAndForgets()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        ManualClock clock;
        SourceListingStore listings(fixture.openOrDie(), clock.clock());
        QVERIFY(listings.record(mast, hst,
                                {row(QStringLiteral("b"), QStringLiteral("md5:1")),
                                 row(QStringLiteral("a"), QStringLiteral("md5:2"), std::nullopt)}));
        // A later sighting replaces the row; a batch naming one observation twice keeps the last.
        *clock.now += 5000;
        QVERIFY(listings.record(mast, hst,
                                {row(QStringLiteral("b"), QStringLiteral("md5:3"), 2000),
                                 row(QStringLiteral("c"), QString()),
                                 row(QStringLiteral("c"), QStringLiteral("md5:4"), 3000)}));
        QVERIFY(listings.record(cadc, hst, {row(QStringLiteral("a"), QStringLiteral("md5:2"))}));
        auto rows = listings.list(mast, hst, 10);
        QVERIFY(rows);
        QCOMPARE(ids(*rows), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QCOMPARE(rows->at(0).accMetaChecksum, QStringLiteral("md5:2"));
        QVERIFY(!rows->at(0).maxLastModified);
        QCOMPARE(rows->at(0).seenAt, 1718000000000);
        QCOMPARE(rows->at(1).accMetaChecksum, QStringLiteral("md5:3"));
        QCOMPARE(rows->at(1).maxLastModified, std::optional<qint64>(2000));
        QCOMPARE(rows->at(1).seenAt, 1718000005000);
        QCOMPARE(rows->at(2).accMetaChecksum, QStringLiteral("md5:4"));

        auto holdings = listings.holdings(hst);
        QVERIFY(holdings);
        QCOMPARE(holdings->size(), std::size_t(2));
        QCOMPARE(holdings->at(0).source, cadc);
        QCOMPARE(holdings->at(0).observations, 1);
        QCOMPARE(holdings->at(1).source, mast);
        QCOMPARE(holdings->at(1).observations, 3);
        QCOMPARE(holdings->at(1).lastSeen, std::optional<qint64>(1718000005000));

        // A complete listing that started after "a" was last seen did not name it: it goes, at MAST only.
        QCOMPARE(*listings.forgetUnseenSince(mast, hst, 1718000005000), 1);
        QCOMPARE(ids(*listings.list(mast, hst, 10)), (QStringList{QStringLiteral("b"), QStringLiteral("c")}));
        QCOMPARE(listings.list(cadc, hst, 10)->size(), std::size_t(1));

        // A 404 removes the row; a deletion event only when it is newer than the listed modification.
        auto s = fixture.openOrDie();
        QSqlDatabase db = s->database();
        QCOMPARE(*SourceListingStore(s).remove(db, mast, hst, {QStringLiteral("b"), QStringLiteral("zz")}), 1);
        QCOMPARE(*SourceListingStore(s).removeDeleted(db, mast, hst, QStringLiteral("c"), 2500), false);
        QCOMPARE(*SourceListingStore(s).removeDeleted(db, mast, hst, QStringLiteral("c"), 3001), true);
        QVERIFY(listings.list(mast, hst, 10)->empty());
    }

    // More rows than one statement carries, with a duplicate across the statement boundary.
    void recordsLargeBatches_data() { testsupport::addEngineColumn(); }
    void recordsLargeBatches()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        SourceListingStore listings(fixture.openOrDie());
        std::vector<ListingRow> rows;
        for (int i = 0; i < 450; ++i)
            rows.push_back(
                row(QStringLiteral("obs%1").arg(i, 4, 10, QLatin1Char('0')), QStringLiteral("md5:%1").arg(i)));
        rows.push_back(row(QStringLiteral("obs0003"), QStringLiteral("md5:again")));
        QVERIFY(listings.record(esdc, hst, rows));
        auto stored = listings.list(esdc, hst, 1000);
        QCOMPARE(stored->size(), std::size_t(450));
        QCOMPARE(stored->at(3).accMetaChecksum, QStringLiteral("md5:again"));
        QCOMPARE(stored->at(449).observationID, QStringLiteral("obs0449"));
        QCOMPARE(listings.list(esdc, hst, 10, 445)->size(), std::size_t(5));
    }

    // Three partners and the local copy: which observations agree, differ, or are missing where.
    void comparesPartnersAndLocal_data() { testsupport::addEngineColumn(); }
    void comparesPartnersAndLocal()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        auto s = fixture.openOrDie();
        const auto local = storeLocal(s, 6);
        QCOMPARE(local.size(), std::size_t(6));
        std::vector<ListingRow> same;
        for (const auto &[id, checksum] : local)
            same.push_back(row(id, checksum));
        SourceListingStore listings(s);
        // MAST holds all six as we do. CADC differs on #1 and lacks #2. ESDC lacks #3, has an extra "zz", and
        // lists #4 without a checksum (compares equal, as validate does).
        QVERIFY(listings.record(mast, hst, same));
        std::vector<ListingRow> atCadc = same;
        atCadc[1].accMetaChecksum = QStringLiteral("md5:other");
        atCadc.erase(atCadc.begin() + 2);
        QVERIFY(listings.record(cadc, hst, atCadc));
        std::vector<ListingRow> atEsdc = same;
        atEsdc[4].accMetaChecksum.clear();
        atEsdc.erase(atEsdc.begin() + 3);
        atEsdc.push_back(row(QStringLiteral("zz"), QStringLiteral("md5:z")));
        QVERIFY(listings.record(esdc, hst, atEsdc));
        QVERIFY(listings.record(mast, QStringLiteral("JWST"), {row(local[1].first, QStringLiteral("md5:jwst"))}));

        ComparisonRequest request;
        request.collection = hst;
        request.sources = {mast, cadc, esdc};
        auto compared = comparePartners(s, request);
        QVERIFY2(compared, compared ? "" : compared.error().message.c_str());
        QCOMPARE(compared->observations, 7);
        QCOMPARE(compared->agree, 3); // #0, #4 (no checksum at ESDC), #5
        QCOMPARE(compared->differ, 1);
        QCOMPARE(compared->missing, 3); // #2 at CADC, #3 at ESDC, zz everywhere but ESDC
        QCOMPARE(compared->parties.size(), std::size_t(4));
        const ComparisonParty &m = compared->parties[0];
        QCOMPARE(m.source, mast);
        QCOMPARE(m.holds, 6);
        QCOMPARE(m.lacks, 1);
        QCOMPARE(m.differs, 1); // it disagrees with CADC on #1
        QCOMPARE(compared->parties[1].holds, 5);
        QCOMPARE(compared->parties[1].lacks, 2);
        QCOMPARE(compared->parties[1].differs, 1);
        QCOMPARE(compared->parties[2].holds, 6);
        QCOMPARE(compared->parties[2].lacks, 1);
        QVERIFY(compared->parties[3].local);
        QCOMPARE(compared->parties[3].holds, 6);
        QCOMPARE(compared->parties[3].lacks, 1);

        QCOMPARE(compared->disagreements.size(), std::size_t(4));
        const ComparedObservation &differing = compared->disagreements[0];
        QCOMPARE(differing.observationID, local[1].first);
        QCOMPARE(differing.agreement, Agreement::Differ);
        QCOMPARE(differing.checksums[1], std::optional<QString>(QStringLiteral("md5:other")));
        QCOMPARE(differing.checksums[3], std::optional<QString>(local[1].second));
        QCOMPARE(compared->disagreements[3].observationID, QStringLiteral("zz"));
        QVERIFY(!compared->disagreements[3].checksums[0]);

        // Without the local copy, only the partners count; with a row limit, the table is cut and says so.
        request.includeLocal = false;
        request.rowLimit = 2;
        compared = comparePartners(s, request);
        QCOMPARE(compared->parties.size(), std::size_t(3));
        QCOMPARE(compared->observations, 7);
        QCOMPARE(compared->disagreements.size(), std::size_t(2));
        QVERIFY(compared->disagreementsTruncated);

        // No sources named: every partner listing the collection, in name order.
        request.sources.clear();
        compared = comparePartners(s, request);
        QCOMPARE(compared->parties.size(), std::size_t(3));
        QCOMPARE(compared->parties[0].source, cadc);

        auto comparable = comparableCollections(s);
        QVERIFY(comparable);
        QCOMPARE(*comparable, (QStringList{hst}));
    }

    // A store written before the table existed is migrated and gains it, keeping what it had.
    void migratesOlderStore_data() { testsupport::addEngineColumn(); }
    void migratesOlderStore()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        QVERIFY2(fixture.ok(), qPrintable(fixture.error()));
        {
            auto old = Store::openAtVersion(fixture.location(), 4);
            QVERIFY2(old, old ? "" : old.error().message.c_str());
            storeLocal(old.value(), 2);
            QVERIFY(!SourceListingStore(old.value()).holdings()); // no table yet
        }
        auto current = Store::open(fixture.location());
        QVERIFY2(current, current ? "" : current.error().message.c_str());
        QVERIFY(
            SourceListingStore(current.value()).record(mast, hst, {row(QStringLiteral("x"), QStringLiteral("md5:x"))}));
        QCOMPARE(SourceListingStore(current.value()).holdings()->size(), std::size_t(1));
        ComparisonRequest request;
        request.collection = hst;
        auto compared = comparePartners(current.value(), request);
        QCOMPARE(compared->observations, 3);
        QCOMPARE(compared->parties.back().holds, 2);
    }
};

QTEST_GUILESS_MAIN(TestSourceListing)
#include "tst_sourcelisting.moc"
