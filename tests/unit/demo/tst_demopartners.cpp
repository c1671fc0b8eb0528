// The demo's partners hold slightly different copies of the demo collections, deterministically: MAST differs
// exactly where the demo store recorded a difference, CADC and ESDC lack and change others, ESDC holds a few of
// its own; the store a partner serves holds exactly its copies.
#include "artifact/artifact_path.h"
#include "caom2/checksum.h"
#include "caom2/comparison.h"
#include "demo/demo_content.h"
#include "demo/demo_files.h"
#include "demo/demo_partners.h"
#include "demo/demo_publications.h"
#include "store/artifact_index.h"
#include "store/observation_store.h"
#include "store/publication_store.h"
#include "store/store.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <set>

class TestDemoPartners : public QObject {
    Q_OBJECT

private slots:
    void copiesDifferAsPlanned()
    {
        const demo::GeneratedCollection &hst = demo::generatedCollections().front();
        QCOMPARE(hst.collection, QStringLiteral("HST"));
        int mastOther = 0;
        int demoDiffers = 0;
        int cadcMissing = 0;
        int cadcOther = 0;
        for (std::uint64_t i = 0; i < hst.count; ++i) {
            const std::string own = *demo::demoObservation(hst, i).accMetaChecksum;
            const auto mast = demo::partnerCopy(QStringLiteral("MAST"), hst, i);
            QVERIFY(mast);
            const bool differs = demo::troubleOf(hst, i) == demo::DemoTrouble::Differs;
            demoDiffers += differs ? 1 : 0;
            if (*mast->accMetaChecksum != own) {
                ++mastOther;
                QVERIFY(differs);
            }
            const auto cadc = demo::partnerCopy(QStringLiteral("CADC"), hst, i);
            if (!cadc)
                ++cadcMissing;
            else if (*cadc->accMetaChecksum != own)
                ++cadcOther;
        }
        QCOMPARE(mastOther, demoDiffers);
        QVERIFY(demoDiffers > 0);
        // "Slightly different": a few percent, not none and not most.
        QVERIFY(cadcMissing > 10 && cadcMissing < static_cast<int>(hst.count) / 20);
        QVERIFY(cadcOther > 10 && cadcOther < static_cast<int>(hst.count) / 20);
        // Only ESDC holds observations past the demo's own.
        QVERIFY(demo::partnerCopy(QStringLiteral("ESDC"), hst, hst.count));
        QVERIFY(!demo::partnerCopy(QStringLiteral("CADC"), hst, hst.count));
        QVERIFY(!demo::partnerCopy(QStringLiteral("ESDC"), hst, hst.count + demo::partnerExtras));
        // Every copy carries checksums that verify, as a real partner's do.
        const auto other = demo::partnerCopy(QStringLiteral("CADC"), hst, 7);
        QVERIFY(other && *other->accMetaChecksum != *demo::demoObservation(hst, 7).accMetaChecksum);
        caom2::Observation recomputed = *other;
        caom2::assignChecksums(recomputed);
        QCOMPARE(*recomputed.accMetaChecksum, *other->accMetaChecksum);
    }

    void recordedDifferenceIsAReprocessing()
    {
        // The partner a demo checksum discrepancy names holds a reprocessed copy: the same planes, artifacts,
        // parts and chunks, one plane's own field and one chunk's own field differing, so a comparison has a
        // difference at plane and at chunk level to show.
        const demo::GeneratedCollection &hst = demo::generatedCollections().front();
        std::uint64_t index = 0;
        while (demo::troubleOf(hst, index) != demo::DemoTrouble::Differs)
            ++index;
        const caom2::Observation ours = demo::demoObservation(hst, index);
        const auto theirs = demo::partnerCopy(hst.comparedWith, hst, index);
        QVERIFY(theirs);
        QVERIFY(*theirs->accMetaChecksum != *ours.accMetaChecksum);
        const caom2::Comparison c = caom2::compareObservations({{"local", &ours, true}, {"partner", &*theirs, true}});
        std::set<caom2::EntityKind> differing;
        for (const std::size_t node : c.differingNodes()) {
            QVERIFY(c.nodes[node].own == caom2::CompareState::Differs); // nothing only in one copy
            differing.insert(c.nodes[node].kind);
        }
        QVERIFY(differing == (std::set<caom2::EntityKind>{caom2::EntityKind::Plane, caom2::EntityKind::Chunk}));
        // And its declared checksums are its own fields' (a partner's copy, not a corrupted one).
        caom2::Observation recomputed = *theirs;
        caom2::assignChecksums(recomputed);
        QCOMPARE(*recomputed.accMetaChecksum, *theirs->accMetaChecksum);
    }

    // The partners publish a file for every artifact any of them describes, and every copy of the metadata
    // (the demo store's, each partner's own version) describes exactly that file: a download from a demo partner
    // ends verified.
    void partnersPublishTheFilesTheirMetadataDescribes()
    {
        QTemporaryDir cache;
        qputenv("XDG_CACHE_HOME", cache.path().toUtf8());
        auto files = demo::ensureDemoPartnerFiles();
        QVERIFY2(files, files ? "" : files.error().message.c_str());
        QVERIFY(files->startsWith(cache.path()));
        auto partnerStore = demo::ensureDemoPartnerStore(QStringLiteral("ESDC"));
        QVERIFY(partnerStore);
        store::StoreLocation location;
        location.engine = store::Engine::SQLite;
        location.sqlitePath = *partnerStore;
        auto opened = store::Store::open(location);
        QVERIFY(opened);
        std::set<QString> described;
        int checked = 0;
        for (const demo::GeneratedCollection &c : demo::generatedCollections()) {
            auto artifacts = store::ArtifactIndex(*opened).collectionArtifacts(c.collection);
            QVERIFY(artifacts && !artifacts->empty());
            for (std::size_t i = 0; i < artifacts->size(); ++i) {
                const store::IndexedArtifact &a = (*artifacts)[i];
                described.insert(a.uri);
                const QString path = *files + QLatin1Char('/') + *artifact::relativePathFor(a.uri);
                QVERIFY2(QFileInfo(path).isFile(), qPrintable(path));
                QCOMPARE(QFileInfo(path).size(), a.contentLength.value_or(-1));
                QVERIFY(*a.contentLength >= 1024 && *a.contentLength <= 4096);
                if (i % 50 != 0)
                    continue; // the bytes of a sample: hashing all of them adds nothing
                QFile file(path);
                QVERIFY(file.open(QIODevice::ReadOnly));
                QCOMPARE(a.checksum,
                         QStringLiteral("md5:")
                             + QString::fromLatin1(
                                 QCryptographicHash::hash(file.readAll(), QCryptographicHash::Md5).toHex()));
                ++checked;
            }
        }
        QVERIFY(checked > 50);
        // Files for what the other partners hold too (CADC's reprocessed copies name the same files).
        const demo::GeneratedCollection &hst = demo::generatedCollections().front();
        const auto cadc = demo::partnerCopy(QStringLiteral("CADC"), hst, 7);
        QVERIFY(cadc);
        const caom2::Artifact &theirs = cadc->planes.front().artifacts.front();
        const caom2::Observation own = demo::demoObservation(hst, 7);
        const caom2::Artifact &ours = own.planes.front().artifacts.front();
        QCOMPARE(theirs.contentChecksum->text, ours.contentChecksum->text);
        // Nothing but those files (and their directories) under the root; a second call finds them written.
        int onDisk = 0;
        for (QDirIterator it(*files, QDir::Files, QDirIterator::Subdirectories); it.hasNext(); it.next())
            ++onDisk;
        QVERIFY(onDisk >= static_cast<int>(described.size()));
        QCOMPARE(*demo::ensureDemoPartnerFiles(), *files);
        QVERIFY(!QFileInfo::exists(*files + QStringLiteral(".building")));
    }

    void partnerStoreHoldsItsCopies()
    {
        QTemporaryDir cache;
        qputenv("XDG_CACHE_HOME", cache.path().toUtf8());
        auto path = demo::ensureDemoPartnerStore(QStringLiteral("ESDC"));
        QVERIFY2(path, path ? "" : path.error().message.c_str());
        QVERIFY(path->startsWith(cache.path()));
        store::StoreLocation location;
        location.engine = store::Engine::SQLite;
        location.sqlitePath = *path;
        auto opened = store::Store::open(location);
        QVERIFY(opened);
        for (const demo::GeneratedCollection &c : demo::generatedCollections()) {
            qint64 expected = 0;
            for (std::uint64_t i = 0; i < c.count + demo::partnerExtras; ++i)
                expected += demo::partnerCopy(QStringLiteral("ESDC"), c, i) ? 1 : 0;
            QSqlQuery query(opened.value()->database());
            QVERIFY(query.exec(
                QStringLiteral("SELECT COUNT(*) FROM observation WHERE collection = '%1'").arg(c.collection)));
            QVERIFY(query.next());
            QCOMPARE(query.value(0).toLongLong(), expected);
        }
        // It publishes the demo's links, a few more than the demo store holds (a sync brings them).
        store::FeedQuery everything;
        everything.limit = 100000;
        const auto feed = store::PublicationStore(opened.value()).feed(everything);
        QVERIFY(feed);
        QVERIFY2(feed->size() > std::size_t(demo::partnerOnlyLinks), qPrintable(QString::number(feed->size())));
        // A second call finds it built.
        QCOMPARE(*demo::ensureDemoPartnerStore(QStringLiteral("ESDC")), *path);
        QVERIFY(!QFileInfo::exists(*path + QStringLiteral(".building")));
    }
};

QTEST_GUILESS_MAIN(TestDemoPartners)
#include "tst_demopartners.moc"
