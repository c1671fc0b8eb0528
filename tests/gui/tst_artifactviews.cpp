// What the console shows of the artifact files, without a window: the files per collection (the store's grouped
// count on both engines, and the dashboard's Files table over it), and the browser's Local copy group of an
// artifact (present and verified with its path; gone from disk; changed on disk; never downloaded).
#include "test_stores.h"

#include "caom2/generator.h"
#include "models/artifact_states_model.h"
#include "models/download_queue_model.h"
#include "models/entity_detail_model.h"
#include "models/model_roles.h"
#include "store/artifact_copy_store.h"
#include "store/artifact_summary.h"
#include "store/harvest_state_store.h"
#include "store/observation_store.h"
#include "store/skip_record_store.h"
#include "store/store_reader.h"
#include "sync/local_copy.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mirror::models;

namespace {

caom2::Observation generated(const std::string &collection, std::uint64_t index)
{
    caom2::GeneratorOptions options;
    options.collection = collection;
    return caom2::generateObservation(options, index);
}

std::vector<caom2::Artifact> artifactsOf(const caom2::Observation &o)
{
    std::vector<caom2::Artifact> all;
    for (const auto &plane : o.planes)
        for (const auto &a : plane.artifacts)
            all.push_back(a);
    return all;
}

store::ArtifactCopy copyOf(const caom2::Artifact &a, const QString &path, const QString &state)
{
    return store::ArtifactCopy{QString::fromStdString(a.uri.text),
                               path,
                               a.contentLength ? std::optional<qint64>(*a.contentLength) : std::nullopt,
                               a.contentChecksum ? QString::fromStdString(a.contentChecksum->text) : QString(),
                               state == store::ArtifactCopyState::verified ? std::optional<qint64>(1'760'000'000'000)
                                                                           : std::nullopt,
                               state};
}

QString valueOf(const EntityDetailModel &model, const QStringList &names)
{
    return model.find(names).siblingAtColumn(EntityDetailModel::ValueColumn).data().toString();
}

} // namespace

class TestArtifactViews : public QObject {
    Q_OBJECT

private slots:
    void statesByCollection_data() { testsupport::addEngineColumn(); }
    void statesByCollection()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        QVERIFY2(fixture.ok(), qPrintable(fixture.error()));
        auto s = fixture.openOrDie();
        std::vector<store::UpsertItem> items;
        const caom2::Observation hst0 = generated("HST", 0);
        const caom2::Observation hst1 = generated("HST", 1);
        const caom2::Observation jwst0 = generated("JWST", 50); // other URIs (copies are keyed by URI)
        for (const auto *o : {&hst0, &hst1, &jwst0})
            items.emplace_back(caom2::Observation(*o));
        QVERIFY(store::ObservationStore(s).upsert(items));

        // Nothing ever queued or copied: no rows (and no scan of the artifact index).
        auto none = store::artifactStatesByCollection(s);
        QVERIFY2(none, none ? "" : none.error().message.c_str());
        QVERIFY(none->empty());

        const auto hst = artifactsOf(hst0);
        const auto hstMore = artifactsOf(hst1);
        QVERIFY(hst.size() >= 2 && !hstMore.empty());
        store::ArtifactCopyStore copies(s);
        QVERIFY(copies.upsert(copyOf(hst[0], QStringLiteral("/m/a"), store::ArtifactCopyState::verified)));
        QVERIFY(copies.upsert(copyOf(hst[1], QStringLiteral("/m/b"), store::ArtifactCopyState::corrupt)));
        store::SkipRecordStore skips(s);
        store::SkipFailure queued;
        queued.source = QStringLiteral("PARTNER?HST");
        queued.cname = store::HarvestEntity::artifact;
        queued.skipID = QString::fromStdString(hstMore[0].uri.text);
        queued.errorMessage = QStringLiteral("Public: new");
        QVERIFY(skips.record(queued));

        auto counted = store::artifactStatesByCollection(s);
        QVERIFY2(counted, counted ? "" : counted.error().message.c_str());
        QCOMPARE(counted->size(), std::size_t(2));
        const store::ArtifactStateCount &h = counted->at(0);
        QCOMPARE(h.collection, QStringLiteral("HST"));
        QCOMPARE(h.described, qint64(hst.size() + hstMore.size()));
        qint64 describedBytes = 0;
        for (const auto &list : {hst, hstMore})
            for (const auto &a : list)
                describedBytes += a.contentLength.value_or(0);
        QCOMPARE(h.describedBytes, describedBytes);
        QCOMPARE(h.verified, qint64(1));
        QCOMPARE(h.verifiedBytes, qint64(hst[0].contentLength.value_or(0)));
        QCOMPARE(h.corrupt, qint64(1));
        QCOMPARE(h.missing, qint64(0));
        QCOMPARE(h.queued, qint64(1));
        const store::ArtifactStateCount &j = counted->at(1);
        QCOMPARE(j.collection, QStringLiteral("JWST"));
        QCOMPARE(j.described, qint64(artifactsOf(jwst0).size()));
        QCOMPARE(j.verified + j.corrupt + j.missing + j.queued, qint64(0));
    }

    void filesTableReadsStatesInWords()
    {
        ArtifactStatesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        store::ArtifactStateCount complete{QStringLiteral("HST"), 4, 4 << 20, 4, 4 << 20, 0, 0, 0};
        store::ArtifactStateCount troubled{QStringLiteral("JWST"), 10, 10 << 20, 6, 6 << 20, 2, 1, 1};
        model.setRows({complete, troubled});
        QCOMPARE(model.rowCount(), 2);
        const auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(cell(0, ArtifactStatesModel::VerifiedColumn), QStringLiteral("\u2714 4 (all)"));
        QCOMPARE(cell(0, ArtifactStatesModel::VerifiedBytesColumn), QStringLiteral("4.0 MiB"));
        QCOMPARE(cell(1, ArtifactStatesModel::VerifiedColumn), QStringLiteral("6"));
        QCOMPARE(cell(1, ArtifactStatesModel::QueuedColumn), QStringLiteral("\u23f3 2"));
        QCOMPARE(cell(1, ArtifactStatesModel::CorruptColumn), QStringLiteral("\u2716 1"));
        QCOMPARE(cell(1, ArtifactStatesModel::MissingColumn), QStringLiteral("\u2716 1"));
        QCOMPARE(cell(1, ArtifactStatesModel::DescribedBytesColumn), QStringLiteral("10.0 MiB"));
        // Not colour alone: the problem has a glyph and a tooltip too; numbers stay numbers underneath.
        QVERIFY(!model.index(1, ArtifactStatesModel::CorruptColumn).data(Qt::ToolTipRole).toString().isEmpty());
        QCOMPARE(model.index(1, ArtifactStatesModel::CorruptColumn).data(ModelRole::RawValue).toLongLong(), 1);
        QCOMPARE(model.index(1, ArtifactStatesModel::CollectionColumn).data(ModelRole::Collection).toString(),
                 QStringLiteral("JWST"));
        model.setRows({});
        QCOMPARE(model.rowCount(), 0);
    }

    // The dashboard's Download queue: only partner collections with something queued or a download running,
    // files and bytes per state, failures by glyph and words as well as colour, the download going on now.
    void downloadQueueTable()
    {
        DownloadQueueModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        harvest::TargetHealth idle;
        idle.source = QStringLiteral("CADC");
        idle.collection = QStringLiteral("CFHT");
        harvest::TargetHealth busy;
        busy.source = QStringLiteral("MAST");
        busy.collection = QStringLiteral("HST");
        busy.downloads.dueFiles = 12;
        busy.downloads.dueBytes = 3 << 20;
        busy.downloads.releaseFiles = 1;
        busy.downloads.releaseBytes = 2048;
        busy.downloads.failedFiles = 2;
        busy.downloads.failedBytes = 4096;
        busy.downloads.failedDueFiles = 1;
        store::RunRecord running;
        running.kind = QStringLiteral("download");
        running.startedAt = 1'700'000'000'000;
        running.counts.itemsOk = 5;
        running.counts.bytes = 5 << 20;
        busy.downloadingNow = running;
        model.setTargets({idle, busy});
        QCOMPARE(model.rowCount(), 1);
        const auto cell = [&](int column) { return model.index(0, column).data().toString(); };
        QCOMPARE(cell(DownloadQueueModel::Partner), QStringLiteral("MAST"));
        QCOMPARE(cell(DownloadQueueModel::Due), QStringLiteral("12 (3.0 MiB)"));
        QCOMPARE(cell(DownloadQueueModel::WaitingForRelease), QStringLiteral("1 (2.0 KiB)"));
        QCOMPARE(cell(DownloadQueueModel::Failed), QStringLiteral("\u2716 2 (4.0 KiB), 1 due for another try"));
        QCOMPARE(cell(DownloadQueueModel::DownloadingNow),
                 QStringLiteral("\u21e3 since 2023-11-14 22:13:20 UTC: 5 files, 5.0 MiB so far"));
        QVERIFY(!model.index(0, DownloadQueueModel::Failed).data(Qt::ToolTipRole).toString().isEmpty());
        QCOMPARE(model.index(0, DownloadQueueModel::Failed).data(ModelRole::RawValue).toLongLong(), 2);
        QCOMPARE(model.index(0, DownloadQueueModel::Due).data(ModelRole::Source).toString(), QStringLiteral("MAST"));

        // The download ended and its files are in: the row stays while failures wait, then goes.
        busy.downloadingNow.reset();
        busy.downloads.dueFiles = 0;
        model.setTargets({idle, busy});
        QCOMPARE(cell(DownloadQueueModel::DownloadingNow), QStringLiteral("not running"));
        QCOMPARE(cell(DownloadQueueModel::Due), QStringLiteral("\u2014"));
        busy.downloads = {};
        model.setTargets({idle, busy});
        QCOMPARE(model.rowCount(), 0);
    }

    void detailSaysWhetherTheLocalCopyIsHere()
    {
        testsupport::TestStore fixture(QStringLiteral("sqlite"));
        auto s = fixture.openOrDie();
        const caom2::Observation o = generated("HST", 3);
        std::vector<store::UpsertItem> items;
        items.emplace_back(caom2::Observation(o));
        QVERIFY(store::ObservationStore(s).upsert(items));
        const auto artifacts = artifactsOf(o);
        QVERIFY(artifacts.size() >= 2);
        const caom2::Artifact &here = artifacts[0];
        QTemporaryDir root;
        const QString path = root.filePath(QStringLiteral("file.fits"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.write(QByteArray(int(here.contentLength.value_or(0) % 5000), 'x')) >= 0);
        file.close();
        store::ArtifactCopy copy = copyOf(here, path, store::ArtifactCopyState::verified);
        copy.contentLength = QFileInfo(path).size(); // as a download records it
        QVERIFY(store::ArtifactCopyStore(s).upsert(copy));

        store::StoreReader reader(s);
        EntityDetailModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setReader(&reader);
        const auto show = [&](const caom2::Artifact &a) {
            for (const auto &plane : o.planes)
                for (const auto &b : plane.artifacts)
                    if (b.uri.text == a.uri.text)
                        model.showEntity(
                            EntityRef{QStringLiteral("HST"),
                                      QString::fromStdString(o.observationID),
                                      {QString::fromStdString(plane.productID), QString::fromStdString(a.uri.text)}});
        };
        show(here);
        QTRY_VERIFY_WITH_TIMEOUT(model.find({QStringLiteral("Local copy")}).isValid(), 10000);
        QCOMPARE(valueOf(model, {QStringLiteral("Local copy")}), QStringLiteral("\u2714 Here, verified"));
        QCOMPARE(valueOf(model, {QStringLiteral("Local copy"), QStringLiteral("Path")}), path);
        QVERIFY(
            valueOf(model, {QStringLiteral("Local copy"), QStringLiteral("Verified")}).endsWith(QLatin1String("UTC")));
        QVERIFY(!model.find({QStringLiteral("Local copy")}).data(ModelRole::Mismatch).toBool());

        // Changed on disk behind the store's back: the detail says so on the next reading.
        QVERIFY(file.open(QIODevice::Append));
        QVERIFY(file.write("more") == 4);
        file.close();
        model.reload();
        QTRY_COMPARE_WITH_TIMEOUT(valueOf(model, {QStringLiteral("Local copy")}),
                                  QStringLiteral("\u2716 Changed on disk"), 10000);
        QVERIFY(model.find({QStringLiteral("Local copy")}).data(ModelRole::Mismatch).toBool());
        QVERIFY(QFile::remove(path));
        model.reload();
        QTRY_COMPARE_WITH_TIMEOUT(valueOf(model, {QStringLiteral("Local copy")}),
                                  QStringLiteral("\u2716 Gone from disk"), 10000);
        // One group, however often it is read again.
        int groups = 0;
        for (int row = 0; row < model.rowCount(); ++row)
            groups += model.index(row, 0).data().toString() == QStringLiteral("Local copy") ? 1 : 0;
        QCOMPARE(groups, 1);

        // Another artifact, never downloaded.
        show(artifacts[1]);
        QTRY_COMPARE_WITH_TIMEOUT(valueOf(model, {QStringLiteral("Local copy")}),
                                  QStringLiteral("\u2014 Not downloaded"), 10000);
        QVERIFY(!model.find({QStringLiteral("Local copy"), QStringLiteral("Path")}).isValid());
    }
};

QTEST_MAIN(TestArtifactViews)
#include "tst_artifactviews.moc"
