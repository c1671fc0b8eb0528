#include "observation_builder.h"

#include "caom2/diff.h"
#include "caom2/diff_format.h"
#include "caom2/xml_reader.h"

#include <QDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

using namespace testdata;
using caom2::Observation;

using Mutation = std::function<void(Observation &)>;
Q_DECLARE_METATYPE(Mutation)

namespace {

const std::string kAbsent = "<absent>";

// One expected difference: "path | left | right", "<absent>" for a side without the value.
QString row(const std::string &path, const std::string &left, const std::string &right)
{
    return QString::fromStdString(path + " | " + left + " | " + right);
}

QStringList render(const std::vector<caom2::FieldDifference> &differences)
{
    QStringList lines;
    for (const auto &d : differences)
        lines << row(d.path, d.leftPresent ? d.left : kAbsent, d.rightPresent ? d.right : kAbsent);
    return lines;
}

std::string idText(std::uint16_t number)
{
    return "id=" + testId(number).toString();
}

std::string chunkPath(const std::string &part, std::uint16_t number)
{
    return part + ".chunks[id=" + testId(number).toString() + "]";
}

caom2::Observation readSample(const QString &name)
{
    const auto result = caom2::readObservationFile(QStringLiteral(MIRROR_TEST_DATA_DIR "/%1").arg(name).toStdString());
    if (!result.ok)
        qFatal("cannot read %s: %s", qPrintable(name), result.error.toString().c_str());
    return result.document.observation;
}

template <typename T>
void reverseChildren(std::vector<T> &children)
{
    std::reverse(children.begin(), children.end());
}

} // namespace

class TestDiff : public QObject {
    Q_OBJECT

private slots:
    void identicalObservationsHaveNoDifference();
    void fieldChange_data();
    void fieldChange();
    void setChange_data();
    void setChange();
    void childChange_data();
    void childChange();
    void entityAttributes_data();
    void entityAttributes();
    void absentEntityReadsAbsent();
    void outputOrderIsStableAndMirrored();
    void repeatedChunkIdsMatchByPosition();
    void nanEqualsNan();
    void valueText_data();
    void valueText();
    void samplesMatchThemselvesInAnyChildOrder_data();
    void samplesMatchThemselvesInAnyChildOrder();
    void realPair();

private:
    static void addRow(const char *name, const QStringList &expected, Mutation mutation)
    {
        QTest::newRow(name) << mutation << expected;
    }
    static void mutationColumns()
    {
        QTest::addColumn<Mutation>("mutation");
        QTest::addColumn<QStringList>("expected");
    }
    static void checkMutation(bool includeAttributes = true)
    {
        QFETCH(Mutation, mutation);
        QFETCH(QStringList, expected);
        const Observation left = makeObservation();
        Observation right = left;
        mutation(right);
        caom2::DiffOptions options;
        options.includeEntityAttributes = includeAttributes;
        QCOMPARE(render(caom2::diffObservations(left, right, options)), expected);
    }
};

void TestDiff::identicalObservationsHaveNoDifference()
{
    const Observation observation = makeObservation();
    QVERIFY(caom2::diffObservations(observation, observation).empty());
    QVERIFY(caom2::diffObservations(observation, makeObservation()).empty());
}

void TestDiff::fieldChange_data()
{
    mutationColumns();
    addRow("string", {row("collection", "TEST", "TEST2")}, [](Observation &o) { o.collection = "TEST2"; });
    addRow("int32", {row("sequenceNumber", "7", "8")}, [](Observation &o) { o.sequenceNumber = 8; });
    addRow("date", {row("metaRelease", "2024-01-01T00:00:00.000", "2024-02-03T04:05:06.789")},
           [](Observation &o) { o.metaRelease = testDate("2024-02-03T04:05:06.789"); });
    addRow("enum", {row("intent", "science", "calibration")},
           [](Observation &o) { o.intent = caom2::ObservationIntentType::Calibration; });
    addRow("kind", {row("kind", "SimpleObservation", "DerivedObservation")},
           [](Observation &o) { o.kind = caom2::ObservationKind::Derived; });
    addRow("optional removed", {row("type", "OBJECT", kAbsent)}, [](Observation &o) { o.type.reset(); });
    addRow("empty string is present", {row("type", "OBJECT", "")}, [](Observation &o) { o.type = ""; });
    addRow("optional added", {row("proposal.title", kAbsent, "Deep field")},
           [](Observation &o) { o.proposal->title = "Deep field"; });
    addRow("double", {row("target.redshift", "0.5", "0.25")}, [](Observation &o) { o.target->redshift = 0.25; });
    addRow("double shortest", {row("telescope.geoLocationX", "-5464301.77", "-5464301.78")},
           [](Observation &o) { o.telescope->geoLocationX = -5464301.78; });
    addRow("bool", {row("environment.photometric", "true", "false")},
           [](Observation &o) { o.environment->photometric = false; });
    addRow("value object added", {row("requirements", kAbsent, "{flag=fail}")},
           [](Observation &o) { o.requirements = caom2::Requirements{}; });
    addRow("value object removed",
           {row("environment",
                "{ambientTemp=2.5, elevation=75, humidity=20, photometric=true, seeing=0.7, tau=0.05, "
                "wavelengthTau=2.2e-06}",
                kAbsent)},
           [](Observation &o) { o.environment.reset(); });
    addRow("vocabulary", {row(kRaw + ".dataProductType", "image", "cube")},
           [](Observation &o) { planeOf(o, "raw").dataProductType->term = "cube"; });
    addRow("calibration level", {row(kRaw + ".calibrationLevel", "1", "2")},
           [](Observation &o) { planeOf(o, "raw").calibrationLevel = caom2::CalibrationLevel::Calibrated; });
    addRow("uri", {row(kRaw + ".creatorID", "ivo://cadc.nrc.ca/TEST?obs1/raw", "ivo://cadc.nrc.ca/TEST?obs1/r")},
           [](Observation &o) { planeOf(o, "raw").creatorID->text = "ivo://cadc.nrc.ca/TEST?obs1/r"; });
    addRow("polygon point", {row(kRaw + ".position.bounds.points[2].cval1", "10.25", "10.3")}, [](Observation &o) {
        std::get<caom2::Polygon>(*planeOf(o, "raw").position->bounds).points[2].cval1 = 10.3;
    });
    addRow("segment type", {row(kRaw + ".position.bounds.samples.vertices[0].type", "MOVE", "LINE")},
           [](Observation &o) {
               std::get<caom2::Polygon>(*planeOf(o, "raw").position->bounds).samples.vertices[0].type =
                   caom2::SegmentType::Line;
           });
    addRow("list shorter", {row(kRaw + ".position.bounds.points[3]", "{cval1=10.25, cval2=41.5}", kAbsent)},
           [](Observation &o) { std::get<caom2::Polygon>(*planeOf(o, "raw").position->bounds).points.pop_back(); });
    addRow("list longer", {row(kRaw + ".time.bounds.samples[1]", kAbsent, "{lower=58979.7, upper=58979.8}")},
           [](Observation &o) {
               planeOf(o, "raw").time->bounds->samples.push_back({58979.7, 58979.8});
           });
    addRow("sampled interval", {row(kRaw + ".energy.bounds.samples[1].upper", "7e-07", "6.5e-07")},
           [](Observation &o) { planeOf(o, "raw").energy->bounds->samples[1].upper = 6.5e-7; });
    addRow("variant alternative", {row(kCal + ".position.bounds", "Circle", "Polygon")},
           [](Observation &o) { planeOf(o, "cal").position->bounds = squarePolygon(1, 2, 1); });
    addRow("variant field", {row(kCal + ".position.bounds.radius", "0.4", "0.5")},
           [](Observation &o) { std::get<caom2::Circle>(*planeOf(o, "cal").position->bounds).radius = 0.5; });
    addRow("plane observable", {row(kCal + ".observable.ucd", "phot.flux.density", "phot.count")},
           [](Observation &o) { planeOf(o, "cal").observable->ucd = "phot.count"; });
    addRow("plane custom", {row(kCal + ".custom.dimension", "10", "11")},
           [](Observation &o) { planeOf(o, "cal").custom->dimension = 11; });
    addRow("int64", {row(kRawFits + ".contentLength", "4026283", "4026284")},
           [](Observation &o) { rawFits(o).contentLength = 4026284; });
    addRow("product type", {row(kRawFits + ".productType", "science", "auxiliary")},
           [](Observation &o) { rawFits(o).productType.term = "auxiliary"; });
    addRow("release type", {row(kRawFits + ".releaseType", "data", "meta")},
           [](Observation &o) { rawFits(o).releaseType = caom2::ReleaseType::Meta; });
    addRow("part field", {row(kRawPart0 + ".productType", "science", kAbsent)},
           [](Observation &o) { rawPart(o, 0).productType.reset(); });
    addRow("chunk wcs", {row(kRawChunk + ".position.axis.function.cd11", "-5e-05", "-6e-05")},
           [](Observation &o) { rawChunk(o).position->axis.function->cd11 = -6.0e-5; });
    addRow("negative zero", {row(kRawChunk + ".position.axis.function.cd12", "0", "-0")},
           [](Observation &o) { rawChunk(o).position->axis.function->cd12 = -0.0; });
    addRow("chunk wcs object", {row(kRawChunk + ".position.axis.error1", "{rnder=0.01, syser=0.1}", kAbsent)},
           [](Observation &o) { rawChunk(o).position->axis.error1.reset(); });
    addRow("chunk string", {row(kRawChunk + ".energy.specsys", "TOPOCENT", "BARYCENT")},
           [](Observation &o) { rawChunk(o).energy->specsys = "BARYCENT"; });
    addRow("chunk axis number", {row(kRawChunk + ".energyAxis", "3", "5")},
           [](Observation &o) { rawChunk(o).energyAxis = 5; });
    addRow("chunk coord bounds alternative",
           {row(kCubeChunk + ".position.axis.bounds", "CoordCircle2D", "CoordPolygon2D")},
           [](Observation &o) { cubeChunkOf(o).position->axis.bounds = caom2::CoordPolygon2D{}; });
    addRow("chunk polarization", {row(kCubeChunk + ".polarization.axis.function.delta", "1", "2")},
           [](Observation &o) { cubeChunkOf(o).polarization->axis.function->delta = 2; });
    addRow("chunk observable", {row(kCubeChunk + ".observable.dependent.bin", "1", "2")},
           [](Observation &o) { cubeChunkOf(o).observable->dependent.bin = 2; });
}

void TestDiff::fieldChange()
{
    checkMutation();
}

void TestDiff::setChange_data()
{
    mutationColumns();
    addRow("keyword added", {row("proposal.keywords[deep]", kAbsent, "deep")},
           [](Observation &o) { o.proposal->keywords.push_back("deep"); });
    addRow("keyword removed", {row("proposal.keywords[survey]", "survey", kAbsent)},
           [](Observation &o) { o.proposal->keywords.pop_back(); });
    addRow("keyword replaced",
           {row("proposal.keywords[galaxy]", "galaxy", kAbsent), row("proposal.keywords[nebula]", kAbsent, "nebula")},
           [](Observation &o) {
               o.proposal->keywords = {"nebula", "survey"};
           });
    addRow("set order does not matter", {}, [](Observation &o) { reverseChildren(o.proposal->keywords); });
    addRow("group replaced",
           {row("metaReadGroups[ivo://cadc.nrc.ca/gms?TEST-b]", "ivo://cadc.nrc.ca/gms?TEST-b", kAbsent),
            row("metaReadGroups[ivo://cadc.nrc.ca/gms?TEST-c]", kAbsent, "ivo://cadc.nrc.ca/gms?TEST-c")},
           [](Observation &o) { o.metaReadGroups[1] = uri("ivo://cadc.nrc.ca/gms?TEST-c"); });
    addRow("plane groups cleared",
           {row(kRaw + ".dataReadGroups[ivo://cadc.nrc.ca/gms?TEST-data]", "ivo://cadc.nrc.ca/gms?TEST-data", kAbsent)},
           [](Observation &o) { planeOf(o, "raw").dataReadGroups.clear(); });
    addRow("artifact groups",
           {row(kCalCube + ".contentReadGroups[ivo://cadc.nrc.ca/gms?TEST-data]", "ivo://cadc.nrc.ca/gms?TEST-data",
                kAbsent)},
           [](Observation &o) { artifactOf(o, "cal", "ad:TEST/obs1_cal.fits").contentReadGroups.clear(); });
    addRow("member added", {row("members[caom:TEST/obsA]", kAbsent, "caom:TEST/obsA")},
           [](Observation &o) { o.members.push_back({uri("caom:TEST/obsA")}); });
    addRow("input added", {row(kCal + ".provenance.inputs[caom:TEST/obs0/raw]", kAbsent, "caom:TEST/obs0/raw")},
           [](Observation &o) { planeOf(o, "cal").provenance->inputs.push_back({uri("caom:TEST/obs0/raw")}); });
    addRow("band added", {row(kRaw + ".energy.energyBands[Infrared]", kAbsent, "Infrared")},
           [](Observation &o) { planeOf(o, "raw").energy->energyBands.push_back(caom2::EnergyBand::Infrared); });
    addRow("state removed", {row(kCal + ".polarization.states[Q]", "Q", kAbsent)}, [](Observation &o) {
        auto &states = planeOf(o, "cal").polarization->states;
        states.erase(states.begin() + 1);
    });
}

void TestDiff::setChange()
{
    checkMutation();
}

void TestDiff::childChange_data()
{
    mutationColumns();
    addRow("plane removed", {row(kCal, idText(11), kAbsent)}, [](Observation &o) { o.planes.pop_back(); });
    addRow("plane added", {row("planes[productID=extra]", kAbsent, idText(12))}, [](Observation &o) {
        o.planes.push_back(calPlane());
        o.planes.back().productID = "extra";
        o.planes.back().id = testId(12);
    });
    addRow("plane renamed", {row(kRaw, idText(10), kAbsent), row("planes[productID=raw2]", kAbsent, idText(10))},
           [](Observation &o) { planeOf(o, "raw").productID = "raw2"; });
    addRow("artifact removed", {row(kRawPreview, idText(21), kAbsent)},
           [](Observation &o) { planeOf(o, "raw").artifacts.pop_back(); });
    addRow("artifact added", {row(kRaw + ".artifacts[uri=ad:TEST/obs1_thumb.png]", kAbsent, idText(23))},
           [](Observation &o) {
               caom2::Artifact artifact = planeOf(o, "raw").artifacts.back();
               artifact.uri = uri("ad:TEST/obs1_thumb.png");
               artifact.id = testId(23);
               planeOf(o, "raw").artifacts.push_back(artifact);
           });
    addRow("part removed", {row(kRawPart1, idText(31), kAbsent)}, [](Observation &o) { rawFits(o).parts.pop_back(); });
    addRow("chunk removed", {row(chunkPath(kRawPart1, 102), idText(102), kAbsent)},
           [](Observation &o) { rawPart(o, 1).chunks.pop_back(); });
    addRow("chunk added", {row(chunkPath(kRawPart1, 99), kAbsent, idText(99))},
           [](Observation &o) { rawPart(o, 1).chunks.push_back(imageChunk(99)); });
    addRow("chunk id changed",
           {row(kRawChunk, idText(100), kAbsent), row(chunkPath(kRawPart0, 103), kAbsent, idText(103))},
           [](Observation &o) { rawChunk(o).id = testId(103); });
    addRow("planes reordered", {}, [](Observation &o) { reverseChildren(o.planes); });
    addRow("artifacts reordered", {}, [](Observation &o) { reverseChildren(planeOf(o, "raw").artifacts); });
    addRow("parts reordered", {}, [](Observation &o) { reverseChildren(rawFits(o).parts); });
    addRow("chunks reordered", {}, [](Observation &o) { reverseChildren(rawPart(o, 1).chunks); });
}

void TestDiff::childChange()
{
    checkMutation();
}

void TestDiff::entityAttributes_data()
{
    QTest::addColumn<Mutation>("mutation");
    QTest::addColumn<bool>("includeAttributes");
    QTest::addColumn<QStringList>("expected");
    const Mutation newId = [](Observation &o) { o.id = testId(2); };
    QTest::newRow("id") << newId << true << QStringList{row("id", testId(1).toString(), testId(2).toString())};
    QTest::newRow("id ignored") << newId << false << QStringList{};
    const Mutation modified = [](Observation &o) {
        planeOf(o, "raw").lastModified = testDate("2025-01-02T03:04:05.006");
    };
    QTest::newRow("lastModified") << modified << true
                                  << QStringList{row(kRaw + ".lastModified", "2024-11-06T21:32:57.123",
                                                     "2025-01-02T03:04:05.006")};
    QTest::newRow("lastModified ignored") << modified << false << QStringList{};
    const Mutation maxModified = [](Observation &o) { rawFits(o).maxLastModified = testDate("2025-01-02"); };
    QTest::newRow("maxLastModified") << maxModified << true
                                     << QStringList{
                                            row(kRawFits + ".maxLastModified", kAbsent, "2025-01-02T00:00:00.000")};
    const Mutation checksums = [](Observation &o) {
        planeOf(o, "raw").metaChecksum = "md5:00000000000000000000000000000000";
        planeOf(o, "raw").accMetaChecksum.reset();
    };
    QTest::newRow("stored checksums") << checksums << true
                                      << QStringList{row(kRaw + ".metaChecksum", "md5:1ad06cc7e3687cf41c7de6af3aad1886",
                                                         "md5:00000000000000000000000000000000"),
                                                     row(kRaw + ".accMetaChecksum",
                                                         "md5:f727075cc96cbfb592a4ccbdfc164b49", kAbsent)};
    QTest::newRow("stored checksums ignored") << checksums << false << QStringList{};
    const Mutation producer = [](Observation &o) { rawChunk(o).metaProducer = uri("test:producer/1.0"); };
    QTest::newRow("metaProducer") << producer << true
                                  << QStringList{row(kRawChunk + ".metaProducer", kAbsent, "test:producer/1.0")};
    QTest::newRow("fields still compared") << Mutation([](Observation &o) {
        o.id = testId(2);
        rawFits(o).contentLength = 1;
    }) << false << QStringList{row(kRawFits + ".contentLength", "4026283", "1")};
}

void TestDiff::entityAttributes()
{
    QFETCH(bool, includeAttributes);
    checkMutation(includeAttributes);
}

void TestDiff::absentEntityReadsAbsent()
{
    const Observation left = makeObservation();
    Observation right = left;
    right.planes.pop_back();
    const auto differences = caom2::diffObservations(left, right);
    QCOMPARE(differences.size(), std::size_t(1));
    QCOMPARE(differences[0].path, kCal);
    QCOMPARE(differences[0].left, idText(11));
    QVERIFY(differences[0].leftPresent);
    QCOMPARE(differences[0].right, std::string("(absent)"));
    QVERIFY(!differences[0].rightPresent);
}

void TestDiff::outputOrderIsStableAndMirrored()
{
    const Observation left = makeObservation();
    Observation right = left;
    rawChunk(right).energyAxis = 5;
    rawFits(right).contentLength = 1;
    artifactOf(right, "raw", "ad:TEST/obs1_preview.png").contentType = "image/jpeg";
    planeOf(right, "raw").calibrationLevel = caom2::CalibrationLevel::Product;
    planeOf(right, "cal").calibrationLevel = caom2::CalibrationLevel::Product;
    right.sequenceNumber = 1;
    right.kind = caom2::ObservationKind::Derived;
    right.id = testId(2);
    const QStringList expected{
        row("id", testId(1).toString(), testId(2).toString()),
        row("kind", "SimpleObservation", "DerivedObservation"),
        row("sequenceNumber", "7", "1"),
        row(kCal + ".calibrationLevel", "2", "3"),
        row(kRaw + ".calibrationLevel", "1", "3"),
        row(kRawPreview + ".contentType", "image/png", "image/jpeg"),
        row(kRawFits + ".contentLength", "4026283", "1"),
        row(kRawChunk + ".energyAxis", "3", "5"),
    };
    QCOMPARE(render(caom2::diffObservations(left, right)), expected);

    const auto mirrored = caom2::diffObservations(right, left);
    const auto forward = caom2::diffObservations(left, right);
    QCOMPARE(mirrored.size(), forward.size());
    for (std::size_t i = 0; i < forward.size(); ++i) {
        QCOMPARE(mirrored[i].path, forward[i].path);
        QCOMPARE(mirrored[i].left, forward[i].right);
        QCOMPARE(mirrored[i].right, forward[i].left);
    }
}

void TestDiff::repeatedChunkIdsMatchByPosition()
{
    Observation left = makeObservation();
    rawPart(left, 1).chunks[1].id = testId(101); // both chunks of part 1 now share one id
    Observation right = left;
    rawPart(right, 1).chunks[1].naxis = 3;
    rawPart(right, 1).chunks.push_back(imageChunk(101));
    const std::string repeated = chunkPath(kRawPart1, 101);
    const QStringList expected{row(repeated + "[1].naxis", "4", "3"), row(repeated + "[2]", kAbsent, idText(101))};
    QCOMPARE(render(caom2::diffObservations(left, right)), expected);
    QVERIFY(caom2::diffObservations(left, left).empty());
}

void TestDiff::nanEqualsNan()
{
    Observation left = makeObservation();
    planeOf(left, "raw").metrics->background = std::numeric_limits<double>::quiet_NaN();
    Observation right = left;
    QVERIFY(caom2::diffObservations(left, right).empty());
    planeOf(right, "raw").metrics->background = 1.0;
    QCOMPARE(render(caom2::diffObservations(left, right)), QStringList{row(kRaw + ".metrics.background", "nan", "1")});
}

void TestDiff::valueText_data()
{
    QTest::addColumn<QString>("actual");
    QTest::addColumn<QString>("expected");
    const auto add = [](const char *name, const std::string &actual, const char *expected) {
        QTest::newRow(name) << QString::fromStdString(actual) << QString::fromUtf8(expected);
    };
    add("double fraction", caom2::valueText(0.1), "0.1");
    add("double integral", caom2::valueText(2.0), "2");
    add("double small", caom2::valueText(1.0e-7), "1e-07");
    add("double large", caom2::valueText(1.0e22), "1e+22");
    add("double round trip", caom2::valueText(4.769230769230769), "4.769230769230769");
    add("negative zero", caom2::valueText(-0.0), "-0");
    add("date", caom2::valueText(*caom2::Date::parse("2012-07-11T13:26:37.123")), "2012-07-11T13:26:37.123");
    add("uuid lowercase", caom2::valueText(*caom2::Uuid::parse("1D000000-0000-4000-8000-0000000000FF")),
        "1d000000-0000-4000-8000-0000000000ff");
    add("energy band", caom2::valueText(caom2::EnergyBand::XRay), "X-ray");
    add("calibration level", caom2::valueText(caom2::CalibrationLevel::Planned), "-1");
    add("segment type", caom2::valueText(caom2::SegmentType::Move), "MOVE");
    add("plane uri", caom2::valueText(caom2::PlaneUri{uri("caom:a/b/c")}), "caom:a/b/c");
    add("object", caom2::valueText(caom2::Interval{1, 2.5}), "{lower=1, upper=2.5}");
    add("absent field left out", caom2::valueText(caom2::Axis{"RA", std::nullopt}), "{ctype=RA}");
    add("variant", caom2::valueText(caom2::Shape{caom2::Circle{{1, 2}, 0.5}}),
        "Circle{center={cval1=1, cval2=2}, radius=0.5}");
    add("list", caom2::valueText(caom2::MultiPolygon{{{1, 2, caom2::SegmentType::Move}}}),
        "{vertices=[{cval1=1, cval2=2, type=MOVE}]}");
}

void TestDiff::valueText()
{
    QFETCH(QString, actual);
    QFETCH(QString, expected);
    QCOMPARE(actual, expected);
}

void TestDiff::samplesMatchThemselvesInAnyChildOrder_data()
{
    QTest::addColumn<QString>("file");
    const QStringList files =
        QDir(QStringLiteral(MIRROR_TEST_DATA_DIR)).entryList({QStringLiteral("*.xml")}, QDir::Files);
    QVERIFY(files.size() >= 31);
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << file;
}

void TestDiff::samplesMatchThemselvesInAnyChildOrder()
{
    QFETCH(QString, file);
    const Observation observation = readSample(file);
    QVERIFY(caom2::diffObservations(observation, observation).empty());
    Observation shuffled = observation;
    reverseChildren(shuffled.planes);
    for (auto &plane : shuffled.planes) {
        reverseChildren(plane.artifacts);
        for (auto &artifact : plane.artifacts) {
            reverseChildren(artifact.parts);
            for (auto &part : artifact.parts)
                reverseChildren(part.chunks);
        }
    }
    QCOMPARE(render(caom2::diffObservations(observation, shuffled)), QStringList{});
}

// Expected values read from the two documents: they differ in every entity's id and timestamps, in the
// stale plane/artifact/part checksums, in one resolvingPower, in two preview contentChecksums, and the chunk
// was re-created with a new id.
void TestDiff::realPair()
{
    const Observation expected = readSample(QStringLiteral("diff-expected-CAOM-2.3.xml"));
    const Observation actual = readSample(QStringLiteral("diff-actual-CAOM-2.3.xml"));
    const std::string plane = "planes[productID=dao_c182_2020_006313]";
    const std::string fits = plane + ".artifacts[uri=ad:DAO/dao_c182_2020_006313.fits.gz]";
    const std::string png1024 = plane + ".artifacts[uri=ad:DAO/dao_c182_2020_006313_1024.png]";
    const std::string png256 = plane + ".artifacts[uri=ad:DAO/dao_c182_2020_006313_256.png]";
    const std::string part = fits + ".parts[name=0]";
    const std::string t0 = "2020-05-10T12:08:31.924";
    const std::string t1 = "2020-05-14T15:48:31.635";
    const std::string t2 = "2020-05-14T15:49:41.759";
    const auto entity = [](const std::string &path, const char *id0, const char *id1, const std::string &modified,
                           const std::string &maxModified, const char *meta0, const char *meta1, const char *acc0,
                           const char *acc1) {
        QStringList rows{
            row(path.empty() ? "id" : path + ".id", id0, id1),
            row(path.empty() ? "lastModified" : path + ".lastModified", "2020-05-10T12:08:31.924", modified),
            row(path.empty() ? "maxLastModified" : path + ".maxLastModified", "2020-05-10T12:08:31.924", maxModified)};
        if (meta0)
            rows << row(path + ".metaChecksum", meta0, meta1) << row(path + ".accMetaChecksum", acc0, acc1);
        return rows;
    };
    QStringList rows;
    rows << entity({}, "5dac72fb-6e17-494c-aada-5692711dc742", "3017e512-d790-4f36-9447-6c5fe2cfc75b", t1, t2, nullptr,
                   nullptr, nullptr, nullptr);
    rows << entity(plane, "5837ba6a-0ca3-4e39-8035-fdf7831ca655", "20a98d21-5905-42b4-a9c5-8c247bd432e2", t1, t2,
                   "md5:1ad06cc7e3687cf41c7de6af3aad1886", "md5:a6933417c2eaedae0d7578fa877cf9c8",
                   "md5:f727075cc96cbfb592a4ccbdfc164b49", "md5:4506ef0682c6921a2f569a0b31fabcc5");
    rows << row(plane + ".energy.resolvingPower", "4.76923076923", "4.769230769230769");
    rows << entity(fits, "f5be8b87-ea3a-4145-886b-004e1989b633", "6f1c7799-1db1-44fe-a070-0012a126eebc", t1, t1,
                   "md5:66ee4c3ce590d6d4033d599f0bb214ca", "md5:d4b269eb8f07f0f72e98d0b32b338c32",
                   "md5:7fb9cd654da88fdcbbf8002d9cb1750a", "md5:db0e66a2ef08a82a68aff2722fbddbea");
    rows << entity(part, "4b9e686d-016a-44d3-a237-84a8abe9b198", "0accfcf0-8d53-4493-8cfb-1f390f960234", t1, t1,
                   "md5:8b485196909498b337892de6dc5b06ed", "md5:2b8db8b227bb1c67cdc9e938d212420f",
                   "md5:7b4d1bd66b2d16b6eddea9db581c279d", "md5:42e379f76a4ba168d8a5502033355a0d");
    const std::string removedChunk = part + ".chunks[id=0c7beb2b-b3ce-4958-a720-17b140d4cf32]";
    const std::string addedChunk = part + ".chunks[id=c99869ff-0151-4d1a-add9-42850b3fcae8]";
    rows << row(removedChunk, "id=0c7beb2b-b3ce-4958-a720-17b140d4cf32", kAbsent)
         << row(addedChunk, kAbsent, "id=c99869ff-0151-4d1a-add9-42850b3fcae8");
    rows << entity(png1024, "89feac38-c20d-47d2-a701-c30b4b20f48a", "9a2e3336-af59-4dd0-9b0a-100d791f06e4", t2, t2,
                   "md5:942189a76ee156361559fd5cce76f7a4", "md5:83c888f545e357efdca61927dd9e901f",
                   "md5:13806a9afbb26b7e6c1b645a6e137120", "md5:48ce3df2108bf4ec6fb1e2ef0d8abaed");
    rows << row(png1024 + ".contentChecksum", "md5:4e4c6e83edc597af2c24dbf88ea75996",
                "md5:1137129597bfd11c1acbfd0c532562c6");
    rows << entity(png256, "8cc87e04-2ecf-40cb-804a-fb301ceb5259", "54603ffe-054f-4a81-9d71-50a6c2623728", t2, t2,
                   "md5:ecb09ce111b00113e713a584b6372125", "md5:727583810d3062b173349acc76824ab8",
                   "md5:77bb1673339ac5017b7bb761471d14c6", "md5:12c54bdc0a1c682361a3a3ec156505c3");
    rows << row(png256 + ".contentChecksum", "md5:9d035028ccf5f4b074e4f74fd621e2d0",
                "md5:723c500d7f1ef5b5507f64ae27cb1144");
    QCOMPARE(render(caom2::diffObservations(expected, actual)), rows);

    caom2::DiffOptions fieldsOnly;
    fieldsOnly.includeEntityAttributes = false;
    const QStringList fieldRows{rows.filter(QStringLiteral(".energy.")).value(0),
                                rows.filter(QStringLiteral("chunks[id=")).value(0),
                                rows.filter(QStringLiteral("chunks[id=")).value(1),
                                rows.filter(QStringLiteral("1024.png].contentChecksum")).value(0),
                                rows.filter(QStringLiteral("256.png].contentChecksum")).value(0)};
    QCOMPARE(render(caom2::diffObservations(expected, actual, fieldsOnly)), fieldRows);
}

QTEST_GUILESS_MAIN(TestDiff)

#include "tst_diff.moc"
