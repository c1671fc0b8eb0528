#include "observation_builder.h"

#include "caom2/checksum.h"
#include "caom2/checksum_diagnosis.h"
#include "caom2/comparison.h"
#include "caom2/xml_reader.h"

#include <QTest>

#include <algorithm>
#include <functional>

using namespace testdata;
using caom2::CompareState;
using caom2::Comparison;
using caom2::Observation;

using Mutation = std::function<void(Observation &)>;
Q_DECLARE_METATYPE(Mutation)

namespace {

// Expected lines are written as std::string (the paths are): one list of them.
QStringList lines(std::initializer_list<std::string> items)
{
    QStringList out;
    for (const std::string &item : items)
        out << QString::fromStdString(item);
    return out;
}

QString stateName(CompareState state)
{
    return QString::fromStdString(std::string(toString(state)));
}

QString nodeName(const caom2::ComparisonNode &node)
{
    return node.path.empty() ? QStringLiteral("(observation)") : QString::fromStdString(node.path);
}

// "path state" for every node whose own state is not equal, in tree order.
QStringList ownStates(const Comparison &comparison)
{
    QStringList lines;
    for (const caom2::ComparisonNode &node : comparison.nodes)
        if (node.own != CompareState::Equal)
            lines << nodeName(node) + QLatin1Char(' ') + QString::fromStdString(std::string(toString(node.own)));
    return lines;
}

const caom2::ComparisonNode &nodeAt(const Comparison &comparison, const std::string &path)
{
    for (const caom2::ComparisonNode &node : comparison.nodes)
        if (node.path == path)
            return node;
    qFatal("no node %s", path.c_str());
    return comparison.nodes.front();
}

// Non-aggregate field rows as "path: v0 | v1 [| v2]", "-" for a copy without the value.
QStringList fieldRows(const Comparison &comparison)
{
    QStringList lines;
    for (const caom2::FieldRow &row : comparison.fields) {
        if (row.aggregate)
            continue;
        QStringList values;
        for (const auto &value : row.values)
            values << (value ? QString::fromStdString(*value) : QStringLiteral("-"));
        lines << QString::fromStdString(row.path) + QStringLiteral(": ") + values.join(QStringLiteral(" | "));
    }
    return lines;
}

Comparison compareTwo(const Observation &a, const Observation &b, bool attributes = true)
{
    caom2::CompareOptions options;
    options.includeEntityAttributes = attributes;
    return caom2::compareObservations({{"local", &a, true}, {"MAST", &b, true}}, options);
}

QString firstParting(const Comparison &comparison)
{
    return comparison.firstParting ? nodeName(comparison.nodes[*comparison.firstParting]) : QStringLiteral("none");
}

caom2::Observation readSample(const char *name)
{
    const auto result = caom2::readObservationFile(std::string(MIRROR_TEST_DATA_DIR "/") + name);
    if (!result.ok)
        qFatal("cannot read %s: %s", name, result.error.toString().c_str());
    return result.document.observation;
}

template <typename T>
void reverseChildren(std::vector<T> &children)
{
    std::reverse(children.begin(), children.end());
}

} // namespace

class TestComparison : public QObject {
    Q_OBJECT

private slots:
    void identicalCopiesAreEqualEverywhere();
    void oneDifference_data();
    void oneDifference();
    void identityMatchingIgnoresOrder();
    void missingArtifactIsMarkedWhereCopiesPart();
    void observationMissingFromOneCopy();
    void threeWay();
    void unreadableCopyIsNotCompared();
    void checksumsPerCopyPerLevel();
    void aggregateOnlyDifferenceStillDiffers();
    void differingNodesAreTheStops();
    void diagnosisNamesCauseAndOrder();
    void diagnosisExplainedByPythonOrder();
    void diagnosisExplainedByLegacyOrder();
};

void TestComparison::identicalCopiesAreEqualEverywhere()
{
    const Observation a = makeObservation();
    const Comparison c = compareTwo(a, makeObservation());
    QVERIFY(c.identical());
    QVERIFY(c.fields.empty());
    QVERIFY(!c.firstParting);
    // Observation, 2 planes, 3 artifacts and their parts and chunks: every one aligned, none differing.
    QVERIFY(c.nodes.size() > 6);
    for (const auto &node : c.nodes) {
        QCOMPARE(stateName(node.own), stateName(CompareState::Equal));
        QCOMPARE(node.copies.size(), std::size_t(2));
        QVERIFY(node.copies[0].present && node.copies[1].present);
        QCOMPARE(node.copies[0].metaChecksum, node.copies[1].metaChecksum);
    }
}

void TestComparison::oneDifference_data()
{
    QTest::addColumn<Mutation>("mutation");
    QTest::addColumn<QStringList>("states");
    QTest::addColumn<QStringList>("fields");
    QTest::addColumn<QString>("parting");

    const std::string &raw = kRaw;
    const std::string &fits = kRawFits;
    const std::string &part0 = kRawPart0;
    const std::string &chunk = kRawChunk;

    QTest::newRow("observation field") << Mutation([](Observation &o) { o.sequenceNumber = 8; })
                                       << QStringList{QStringLiteral("(observation) differs")}
                                       << QStringList{QStringLiteral("sequenceNumber: 7 | 8")}
                                       << QStringLiteral("(observation)");
    QTest::newRow("plane field") << Mutation([](Observation &o) {
        planeOf(o, "raw").calibrationLevel = caom2::CalibrationLevel::Calibrated;
    }) << lines({raw + " differs"})
                                 << lines({raw + ".calibrationLevel: 1 | 2"}) << QString::fromStdString(raw);
    QTest::newRow("artifact field") << Mutation([](Observation &o) { rawFits(o).contentLength = 1; })
                                    << lines({fits + " differs"}) << lines({fits + ".contentLength: 4026283 | 1"})
                                    << QString::fromStdString(fits);
    QTest::newRow("part field") << Mutation([](Observation &o) { rawPart(o, 0).productType.reset(); })
                                << lines({part0 + " differs"}) << lines({part0 + ".productType: science | -"})
                                << QString::fromStdString(part0);
    QTest::newRow("chunk field") << Mutation([](Observation &o) { rawChunk(o).naxis = 3; })
                                 << lines({chunk + " differs"}) << lines({chunk + ".naxis: 4 | 3"})
                                 << QString::fromStdString(chunk);
    QTest::newRow("entity attribute") << Mutation([](Observation &o) {
        rawFits(o).lastModified = testDate("2030-01-01T00:00:00.000");
    }) << lines({fits + " differs"}) << lines({fits + ".lastModified: - | 2030-01-01T00:00:00.000"})
                                      << QStringLiteral("none"); // not hashed: the checksums agree
    QTest::newRow("extra plane") << Mutation([](Observation &o) {
        caom2::Plane extra;
        extra.id = testId(900);
        extra.productID = "preview";
        o.planes.push_back(extra);
    }) << QStringList{QStringLiteral("planes[productID=preview] missing")}
                                 << QStringList{} << QStringLiteral("(observation)");
}

void TestComparison::oneDifference()
{
    QFETCH(Mutation, mutation);
    QFETCH(QStringList, states);
    QFETCH(QStringList, fields);
    QFETCH(QString, parting);
    const Observation a = makeObservation();
    Observation b = a;
    mutation(b);
    const Comparison c = compareTwo(a, b);
    QCOMPARE(ownStates(c), states);
    QCOMPARE(fieldRows(c), fields);
    QCOMPARE(firstParting(c), parting);
    QVERIFY(!c.identical());
    // The worst state rolls up to every ancestor of the differing node.
    const CompareState worst =
        states.first().endsWith(QStringLiteral("missing")) ? CompareState::Missing : CompareState::Differs;
    QCOMPARE(stateName(c.nodes.front().rolledUp), stateName(worst));
    for (const auto &node : c.nodes)
        if (node.own == CompareState::Equal && node.children.empty())
            QCOMPARE(stateName(node.rolledUp), stateName(CompareState::Equal));
}

void TestComparison::identityMatchingIgnoresOrder()
{
    const Observation a = makeObservation();
    Observation b = a;
    rawChunk(b).naxis = 3;
    reverseChildren(b.planes);
    for (auto &plane : b.planes) {
        reverseChildren(plane.artifacts);
        for (auto &artifact : plane.artifacts)
            reverseChildren(artifact.parts);
    }
    const Comparison c = compareTwo(a, b);
    QCOMPARE(ownStates(c), lines({kRawChunk + " differs"}));
    // Aligned nodes come in identity order whatever each copy's document order: cal before raw.
    QCOMPARE(c.nodes[c.nodes.front().children.at(0)].label, std::string("cal"));
    QCOMPARE(c.nodes[c.nodes.front().children.at(1)].label, std::string("raw"));
}

void TestComparison::missingArtifactIsMarkedWhereCopiesPart()
{
    const Observation a = makeObservation();
    Observation b = a;
    auto &artifacts = planeOf(b, "raw").artifacts;
    artifacts.erase(std::remove_if(artifacts.begin(), artifacts.end(),
                                   [](const caom2::Artifact &x) { return x.uri.text == "ad:TEST/obs1_preview.png"; }),
                    artifacts.end());
    const Comparison c = compareTwo(a, b);
    QCOMPARE(ownStates(c), lines({kRawPreview + " missing"}));
    const auto &preview = nodeAt(c, kRawPreview);
    QVERIFY(preview.copies[0].present);
    QVERIFY(!preview.copies[1].present);
    QVERIFY(preview.copies[1].metaChecksum.empty());
    // The raw plane's own fields agree, its set of artifacts does not: that is where the copies part.
    const auto &plane = nodeAt(c, kRaw);
    QVERIFY(!plane.metaParts);
    QVERIFY(plane.accParts);
    QVERIFY(plane.partsHere);
    QCOMPARE(stateName(plane.rolledUp), stateName(CompareState::Missing));
    QCOMPARE(firstParting(c), QString::fromStdString(kRaw));
    QVERIFY(!nodeAt(c, "").partsHere); // the observation's acc only echoes the plane
    QVERIFY(nodeAt(c, "").accParts);
}

void TestComparison::observationMissingFromOneCopy()
{
    const Observation a = makeObservation();
    const Comparison c = caom2::compareObservations({{"local", &a, true}, {"CADC", nullptr, true}});
    QCOMPARE(stateName(c.nodes.front().own), stateName(CompareState::Missing));
    QCOMPARE(c.differingNodes(), std::vector<std::size_t>{0}); // one stop, not one per descendant
    QCOMPARE(firstParting(c), QStringLiteral("(observation)"));
    QVERIFY(!c.identical());

    const Comparison none = caom2::compareObservations({{"local", nullptr, true}, {"CADC", nullptr, true}});
    QVERIFY(none.nodes.empty());
}

void TestComparison::threeWay()
{
    const Observation local = makeObservation();
    Observation mast = local;
    rawChunk(mast).naxis = 3;
    Observation cadc = local;
    planeOf(cadc, "cal").artifacts.clear();
    rawChunk(cadc).naxis = 5;
    const Comparison c =
        caom2::compareObservations({{"local", &local, true}, {"MAST", &mast, true}, {"CADC", &cadc, true}});
    QCOMPARE(c.copyNames, (std::vector<std::string>{"local", "MAST", "CADC"}));
    QCOMPARE(ownStates(c),
             lines({kCalCube + " missing", kCalCube + ".parts[name=0] missing", kCubeChunk + " missing",
                    kRawChunk + " differs"}));
    QCOMPARE(fieldRows(c), lines({kRawChunk + ".naxis: 4 | 3 | 5"}));
    const auto &cube = nodeAt(c, kCalCube);
    QVERIFY(cube.copies[0].present && cube.copies[1].present && !cube.copies[2].present);

    // A field differing only between the two partners is found too, and local shares MAST's value.
    Observation mast2 = local;
    Observation cadc2 = local;
    rawFits(cadc2).contentType = "image/fits";
    const Comparison d =
        caom2::compareObservations({{"local", &local, true}, {"MAST", &mast2, true}, {"CADC", &cadc2, true}});
    QCOMPARE(fieldRows(d), lines({kRawFits + ".contentType: application/fits | application/fits | image/fits"}));
}

void TestComparison::unreadableCopyIsNotCompared()
{
    const Observation a = makeObservation();
    const Comparison c = caom2::compareObservations({{"local", &a, true}, {"ESDC", nullptr, false}});
    QVERIFY(!c.nodes.empty());
    for (const auto &node : c.nodes)
        QCOMPARE(stateName(node.own), stateName(CompareState::NotCompared));
    QVERIFY(c.differingNodes().empty());

    // With three copies and one unreadable, the other two are still compared with each other.
    Observation b = a;
    rawChunk(b).naxis = 3;
    const Comparison d =
        caom2::compareObservations({{"local", &a, true}, {"MAST", &b, true}, {"ESDC", nullptr, false}});
    QCOMPARE(ownStates(d), lines({kRawChunk + " differs"}));
}

void TestComparison::checksumsPerCopyPerLevel()
{
    Observation a = makeObservation();
    caom2::assignChecksums(a);
    Observation b = a;
    cubeChunkOf(b).naxis = 2;
    caom2::assignChecksums(b);
    const Comparison c = compareTwo(a, b);

    // Every level carries both copies' recomputed and declared values; here they agree within each copy.
    for (const auto &node : c.nodes)
        for (const auto &copy : node.copies) {
            QVERIFY(copy.present);
            QCOMPARE(copy.declaredMetaChecksum.value_or(""), copy.metaChecksum);
            QCOMPARE(copy.declaredAccMetaChecksum.value_or(""), copy.accMetaChecksum);
        }
    // The chunk's own checksum differs; its part, artifact, plane and observation differ only in acc.
    const auto &chunk = nodeAt(c, kCubeChunk);
    QVERIFY(chunk.metaParts && chunk.partsHere);
    QCOMPARE(firstParting(c), QString::fromStdString(kCubeChunk));
    for (const std::string &echo : {kCalCube + ".parts[name=0]", kCalCube, kCal, std::string()}) {
        const auto &node = nodeAt(c, echo);
        QVERIFY2(node.accParts && !node.metaParts && !node.partsHere, echo.c_str());
        QCOMPARE(stateName(node.own), stateName(CompareState::Equal)); // the differing acc is an echo of the chunk
        QCOMPARE(stateName(node.rolledUp), stateName(CompareState::Differs));
    }
    QVERIFY(!nodeAt(c, kRaw).accParts);
    // The declared metaChecksum of the chunk differs too, and is shown as a field of the chunk.
    QVERIFY(fieldRows(c).contains(QString::fromStdString(kCubeChunk + ".metaChecksum: " + chunk.copies[0].metaChecksum
                                                         + " | " + chunk.copies[1].metaChecksum)));
}

void TestComparison::aggregateOnlyDifferenceStillDiffers()
{
    // A partner declaring a different accMetaChecksum for identical content: nothing below explains it.
    Observation a = makeObservation();
    caom2::assignChecksums(a);
    Observation b = a;
    b.accMetaChecksum = "md5:00000000000000000000000000000000";
    const Comparison c = compareTwo(a, b);
    QCOMPARE(stateName(c.nodes.front().own), stateName(CompareState::Differs));
    QVERIFY(!c.identical());
    QCOMPARE(c.diagnoses.size(), std::size_t(2));
    QVERIFY(c.diagnoses[0].agrees());
    QVERIFY(!c.diagnoses[1].agrees());
}

void TestComparison::differingNodesAreTheStops()
{
    const Observation a = makeObservation();
    Observation b = a;
    b.sequenceNumber = 9;
    rawFits(b).contentLength = 1;
    cubeChunkOf(b).naxis = 2;
    planeOf(b, "cal").artifacts.clear();
    const Comparison c = compareTwo(a, b);
    QStringList stops;
    for (const std::size_t i : c.differingNodes())
        stops << nodeName(c.nodes[i]);
    QCOMPARE(stops, lines({"(observation)", kCalCube, kRawFits}));
}

void TestComparison::diagnosisNamesCauseAndOrder()
{
    Observation o = makeObservation();
    caom2::assignChecksums(o);
    rawFits(o).contentLength = 7; // changed after the checksums were computed
    const caom2::ChecksumDiagnosis d = caom2::diagnoseChecksums(o);
    QVERIFY(!d.agrees());
    QCOMPARE(d.firstMismatchPath, kRawFits);
    QCOMPARE(d.firstMismatchKind, std::string("metaChecksum"));
    QVERIFY(!d.explainedBy);
    const QString summary = QString::fromStdString(d.summary());
    QVERIFY2(summary.contains(QString::fromStdString(kRawFits)) && summary.contains(QStringLiteral("fields changed")),
             qPrintable(summary));

    Observation clean = makeObservation();
    caom2::assignChecksums(clean);
    QVERIFY(caom2::diagnoseChecksums(clean).agrees());
    QVERIFY(caom2::diagnoseChecksums(clean).summary().empty());
}

void TestComparison::diagnosisExplainedByPythonOrder()
{
    Observation wircam = readSample("visit_obs_start_wircam.xml");
    caom2::assignChecksums(wircam, caom2::ChildOrder::Python); // as caom2tools would declare them
    const caom2::ChecksumDiagnosis d = caom2::diagnoseChecksums(wircam);
    QVERIFY(!d.agrees());
    QCOMPARE(d.firstMismatchKind, std::string("accMetaChecksum"));
    QCOMPARE(d.explainedBy, std::optional<caom2::ChildOrder>(caom2::ChildOrder::Python));
    QVERIFY(QString::fromStdString(d.summary()).contains(QStringLiteral("caom2tools")));
}

void TestComparison::diagnosisExplainedByLegacyOrder()
{
    const Observation legacy = readSample("sample-derived-caom24-compareTo-sorted.xml");
    const caom2::ChecksumDiagnosis d = caom2::diagnoseChecksums(legacy);
    QVERIFY(!d.agrees());
    QCOMPARE(d.declaredValues, 62);
    QCOMPARE(d.explainedBy, std::optional<caom2::ChildOrder>(caom2::ChildOrder::JavaLegacy));
    QVERIFY(QString::fromStdString(d.summary()).contains(QStringLiteral("2019-07-17")));
}

QTEST_APPLESS_MAIN(TestComparison)
#include "tst_comparison.moc"
