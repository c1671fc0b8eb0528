// EntityDetailModel: every field of an entity, grouped as the CAOM2 model groups them, with stored and
// computed checksums; checked on the CAOM 2.4 derived sample (a known value of each group) and through a
// StoreReader on a stored observation; QAbstractItemModelTester (Fatal) throughout.
#include "caom2/xml_reader.h"
#include "model_test_store.h"
#include "models/entity_detail_model.h"
#include "models/model_roles.h"
#include "store/store_reader.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using mirror::models::EntityDetailModel;
using mirror::models::EntityRef;
using mirror::models::RowStatus;
namespace ModelRole = mirror::models::ModelRole;

namespace {

// "Target position/coordinates/cval2" → {"Target position", "coordinates", "cval2"}
QStringList p(const char *slashSeparated)
{
    return QString::fromUtf8(slashSeparated).split(QLatin1Char('/'));
}

std::shared_ptr<const caom2::Observation> sample()
{
    caom2::ReadResult read = caom2::readObservationFile(MIRROR_TEST_DATA_DIR "/sample-derived-caom24.xml");
    if (!read.ok)
        qFatal("cannot read the sample: %s", read.error.toString().c_str());
    return std::make_shared<const caom2::Observation>(std::move(read.document.observation));
}

QStringList topNames(const EntityDetailModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names << model.index(row, 0).data().toString();
    return names;
}

// The value shown for the row at `names`, or a marker saying it is missing.
QString valueAt(const EntityDetailModel &model, const QStringList &names)
{
    const QModelIndex index = model.find(names);
    if (!index.isValid())
        return QStringLiteral("<missing %1>").arg(names.join(QLatin1Char('/')));
    return index.siblingAtColumn(EntityDetailModel::ValueColumn).data().toString();
}

} // namespace

class TestEntityDetailModel : public QObject {
    Q_OBJECT

private slots:
    void observationGroups_data();
    void observationGroups();
    void planeGroups_data();
    void planeGroups();
    void artifactAndPart();
    void chunkWcsAxes();
    void absentFieldsAreListed();
    void checksumMismatchIsFlagged();
    void selectByPositionMatchesIdentity();
    void unknownEntity();
    void showsStoredEntityThroughReader();
    void readerFailureShowsErrorRow();
};

void TestEntityDetailModel::observationGroups_data()
{
    QTest::addColumn<QStringList>("path");
    QTest::addColumn<QString>("value");
    auto row = [](const char *name, QStringList path, const char *value) {
        QTest::newRow(name) << path << QString::fromUtf8(value);
    };
    row("collection", p("Identity/collection"), "TEST");
    row("observationID", p("Identity/observationID"), "observationID");
    row("id", p("Identity/id"), "2e9bfa08-630d-4df9-94dd-e139f7ee1a39");
    row("kind", p("Identity/observation type"), "DerivedObservation");
    row("type", p("Identity/type"), "field");
    row("intent", p("Identity/intent"), "science");
    row("sequenceNumber", p("Identity/sequenceNumber"), "123");
    row("metaReadGroups", p("Identity/metaReadGroups"), "[ivo://cadc.nrc.ca/gms?A, ivo://cadc.nrc.ca/gms?B]");
    row("metaProducer", p("Identity/metaProducer"), "test:observation/rountrip-1.0");
    row("algorithm", p("Algorithm/name"), "algorithmName");
    row("proposal", p("Proposal/pi"), "proposalPi");
    row("target", p("Target/name"), "targetName");
    row("target redshift", p("Target/redshift"), "1.5");
    row("target position", p("Target position/coordsys"), "FK5");
    row("target coordinates", p("Target position/coordinates/cval2"), "2");
    row("telescope", p("Telescope/geoLocationZ"), "3");
    row("instrument", p("Instrument/name"), "instrumentName");
    row("environment", p("Environment/seeing"), "0.08");
    row("requirements", p("Requirements/flag"), "fail");
    row("metaChecksum", p("Checksums/metaChecksum (stored)"), "md5:5a502c87acd929a940d995ff10f77c72");
    row("accMetaChecksum", p("Checksums/accMetaChecksum (computed)"), "md5:b867568f4c08afe0717ab818486d82b0");
}

void TestEntityDetailModel::observationGroups()
{
    QFETCH(QStringList, path);
    QFETCH(QString, value);
    EntityDetailModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setObservation(sample());
    QCOMPARE(topNames(model),
             (p("Identity/Algorithm/Proposal/Target/Target "
                "position/Telescope/Instrument/Environment/Requirements/Checksums")));
    QCOMPARE(valueAt(model, path), value);
    QVERIFY(!model.checksumMismatch());
    QCOMPARE(model.currentKind(), store::NodeKind::Observation);
}

void TestEntityDetailModel::planeGroups_data()
{
    QTest::addColumn<QStringList>("path");
    QTest::addColumn<QString>("value");
    auto row = [](const char *name, QStringList path, const char *value) {
        QTest::newRow(name) << path << QString::fromUtf8(value);
    };
    row("productID", p("Identity/productID"), "productID0");
    row("calibrationLevel", p("Identity/calibrationLevel"), "3");
    row("dataProductType", p("Identity/dataProductType"), "image");
    row("provenance", p("Provenance/runID"), "provenanceRunID");
    row("provenance inputs", p("Provenance/inputs"), "[caom:foo/bar/plane1, caom:foo/bar/plane2]");
    row("observable", p("Observable/ucd"), "phot.count");
    row("metrics", p("Metrics/magLimit"), "27.5");
    row("quality", p("Quality/flag"), "junk");
    row("position bounds", p("Position/bounds"), "");
    row("position points", p("Position/bounds/points/[1]/cval2"), "4");
    row("custom", p("Custom/ctype"), "FARADAY");
    row("metaChecksum", p("Checksums/metaChecksum (stored)"), "md5:9c3a951435818f035e25cb70f73e9b6c");
}

void TestEntityDetailModel::planeGroups()
{
    QFETCH(QStringList, path);
    QFETCH(QString, value);
    EntityDetailModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setObservation(sample());
    QVERIFY(model.selectEntity({QStringLiteral("productID0")}));
    QCOMPARE(model.currentKind(), store::NodeKind::Plane);
    QCOMPARE(topNames(model),
             (p("Identity/Provenance/Observable/Metrics/Quality/Position/Energy/Time/Polarization/Custom/Checksums")));
    if (value.isEmpty()) // a value object: its row summarises it
        QVERIFY(valueAt(model, path).startsWith(QStringLiteral("Polygon{")));
    else
        QCOMPARE(valueAt(model, path), value);
}

void TestEntityDetailModel::artifactAndPart()
{
    EntityDetailModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setObservation(sample());
    QVERIFY(model.selectEntity({QStringLiteral("productID0"), QStringLiteral("ad:foo/bar0")}));
    QCOMPARE(topNames(model), (p("Artifact/Checksums")));
    QCOMPARE(valueAt(model, p("Artifact/uri")), QStringLiteral("ad:foo/bar0"));
    QCOMPARE(valueAt(model, p("Checksums/metaChecksum (stored)")),
             QStringLiteral("md5:7c637e752543440d79330b1e7ab3de37"));
    QVERIFY(model.selectEntity({QStringLiteral("productID0"), QStringLiteral("ad:foo/bar0"), QStringLiteral("x0")}));
    QCOMPARE(valueAt(model, p("Part/name")), QStringLiteral("x0"));
    QCOMPARE(model.current().path.size(), 3);
}

void TestEntityDetailModel::chunkWcsAxes()
{
    EntityDetailModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setObservation(sample());
    QVERIFY(model.selectEntity({QStringLiteral("productID0"), QStringLiteral("ad:foo/bar0"), QStringLiteral("x0"),
                                QStringLiteral("10f443a1-4d2a-4db2-8f9b-263697fa9d6d")}));
    QCOMPARE(model.currentKind(), store::NodeKind::Chunk);
    QCOMPARE(topNames(model), (p("Chunk/Observable/Position/Energy/Time/Polarization/Custom/Checksums")));
    // Each WCS axis with its sub-structures.
    QCOMPARE(valueAt(model, p("Position/axis/axis1/ctype")), QStringLiteral("RA"));
    QCOMPARE(valueAt(model, p("Position/axis/axis2/ctype")), QStringLiteral("DEC"));
    QCOMPARE(valueAt(model, p("Energy/axis/axis/ctype")), QStringLiteral("WAVE"));
    QCOMPARE(valueAt(model, p("Observable/dependent/axis/ctype")), QStringLiteral("sliceCtype"));
    QVERIFY(model.find(p("Position/axis/function/refCoord/coord1/val")).isValid());
    QVERIFY(model.find(p("Time/axis/axis/ctype")).isValid());
    QVERIFY(model.find(p("Chunk/positionAxis1")).isValid());
    QCOMPARE(valueAt(model, p("Checksums/metaChecksum (stored)")),
             QStringLiteral("md5:df229391682766a27c75310c1d0865c6"));
}

void TestEntityDetailModel::absentFieldsAreListed()
{
    caom2::Observation minimal;
    // Built, not assigned from literals: GCC 12 warns wrongly (-Wrestrict) about the short literal's copy.
    minimal.collection = std::string(1, 'C');
    minimal.observationID = std::string(1, 'o');
    EntityDetailModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setObservation(std::make_shared<const caom2::Observation>(minimal));
    const QModelIndex proposal = model.find(p("Proposal"));
    QVERIFY(proposal.isValid());
    QVERIFY(proposal.data(ModelRole::Absent).toBool());
    QCOMPARE(model.rowCount(proposal), 0);
    QVERIFY(model.find(p("Identity/intent")).data(ModelRole::Absent).toBool());
    QVERIFY(!model.find(p("Identity/collection")).data(ModelRole::Absent).toBool());
    // Stored checksums absent (never written), computed ones present.
    QVERIFY(model.find(p("Checksums/metaChecksum (stored)")).data(ModelRole::Absent).toBool());
    QVERIFY(valueAt(model, p("Checksums/metaChecksum (computed)")).startsWith(QStringLiteral("md5:")));
    QVERIFY(!model.checksumMismatch());
}

void TestEntityDetailModel::checksumMismatchIsFlagged()
{
    auto changed = std::make_shared<caom2::Observation>(*sample());
    changed->target->name = "someone else"; // the stored checksums now disagree with the content
    EntityDetailModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setObservation(changed);
    QVERIFY(model.checksumMismatch());
    const QModelIndex stored = model.find(p("Checksums/metaChecksum (stored)"));
    QVERIFY(stored.data(ModelRole::Mismatch).toBool());
    QVERIFY(stored.siblingAtColumn(1).data().toString().startsWith(QStringLiteral("\u2260")));
    QVERIFY(stored.data(Qt::ForegroundRole).value<QColor>().isValid());
    QVERIFY(!stored.data(Qt::ToolTipRole).toString().isEmpty());
    QVERIFY(model.find(p("Checksums")).data(ModelRole::Mismatch).toBool());
    // The plane below is unchanged: no mismatch there.
    QVERIFY(model.selectEntity({QStringLiteral("productID0")}));
    QVERIFY(!model.checksumMismatch());
}

void TestEntityDetailModel::selectByPositionMatchesIdentity()
{
    EntityDetailModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setObservation(sample());
    QSignalSpy shown(&model, &EntityDetailModel::entityShown);
    QVERIFY(model.selectPosition({0, 0, 0, 0}));
    QCOMPARE(shown.count(), 1);
    const EntityRef byPosition = model.current();
    QCOMPARE(byPosition.kind(), store::NodeKind::Chunk);
    QVERIFY(model.selectEntity(byPosition.path));
    QCOMPARE(model.current(), byPosition);
    QVERIFY(!model.selectPosition({0, 99}));
    QCOMPARE(model.rowCount(), 0);
}

void TestEntityDetailModel::unknownEntity()
{
    EntityDetailModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setObservation(sample());
    QVERIFY(!model.selectEntity({QStringLiteral("no such plane")}));
    QCOMPARE(model.rowCount(), 0);
}

void TestEntityDetailModel::showsStoredEntityThroughReader()
{
    auto filled = modeltest::filledStore(3, 0);
    store::ObservationStore observations(filled->store);
    const auto rows = observations.window(modeltest::collectionFilter(modeltest::hst), 1).value();
    auto stored = observations.load(rows[0].collection, rows[0].observationID).value();
    QVERIFY(stored);
    const caom2::Plane &plane = stored->planes.front();

    store::StoreReader reader(filled->store);
    EntityDetailModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setReader(&reader);
    QSignalSpy shown(&model, &EntityDetailModel::entityShown);
    const EntityRef ref{rows[0].collection, rows[0].observationID, {QString::fromStdString(plane.productID)}};
    model.showEntity(ref);
    QCOMPARE(model.rowCount(), 1); // "Loading…"
    QCOMPARE(model.index(0, 0).data(ModelRole::RowStatus).toInt(), int(RowStatus::Loading));
    QVERIFY(shown.wait(5000));
    QCOMPARE(model.current(), ref);
    QCOMPARE(valueAt(model, p("Identity/productID")), QString::fromStdString(plane.productID));
    QVERIFY(model.document().contains("<caom2:Observation"));
    QVERIFY(!model.checksumMismatch());

    // Same observation: selected at once, no reading.
    model.showEntity(EntityRef{rows[0].collection, rows[0].observationID, {}});
    QCOMPARE(shown.count(), 2);
    QCOMPARE(valueAt(model, p("Identity/observationID")), rows[0].observationID);
}

void TestEntityDetailModel::readerFailureShowsErrorRow()
{
    auto filled = modeltest::filledStore(1, 0);
    store::StoreReader reader(filled->store);
    EntityDetailModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setReader(&reader);
    QSignalSpy failed(&model, &EntityDetailModel::loadFailed);
    model.showEntity(EntityRef{modeltest::hst, QStringLiteral("no-such-observation"), {}});
    QVERIFY(failed.wait(5000));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, 0).data(ModelRole::RowStatus).toInt(), int(RowStatus::Error));
    QVERIFY(model.index(0, 0).data().toString().contains(QStringLiteral("no-such-observation")));
}

QTEST_GUILESS_MAIN(TestEntityDetailModel)
#include "tst_entitydetailmodel.moc"
