#include "observation_builder.h"

#include "caom2/validator.h"
#include "caom2/xml_reader.h"

#include <QDir>
#include <QTest>

#include <functional>
#include <limits>

using namespace testdata;
using caom2::Observation;

using Mutation = std::function<void(Observation &)>;
Q_DECLARE_METATYPE(Mutation)
using Points = std::vector<caom2::Point>;
Q_DECLARE_METATYPE(Points)

namespace {

QString describe(const std::vector<caom2::ValidationIssue> &issues)
{
    QString text;
    for (const auto &issue : issues)
        text += QString::fromStdString("\n  " + issue.path + ": " + issue.message);
    return text;
}

caom2::Polygon &rawPolygon(Observation &o)
{
    return std::get<caom2::Polygon>(*planeOf(o, "raw").position->bounds);
}
std::vector<caom2::Vertex> &rawSamples(Observation &o)
{
    return rawPolygon(o).samples.vertices;
}
caom2::SampledInterval &rawEnergyBounds(Observation &o)
{
    return *planeOf(o, "raw").energy->bounds;
}

std::string chunkPath(const std::string &part, std::uint16_t number)
{
    return part + ".chunks[id=" + testId(number).toString() + "]";
}

void makeDerived(Observation &o)
{
    o.kind = caom2::ObservationKind::Derived;
    o.algorithm.name = "stack";
}

} // namespace

class TestValidator : public QObject {
    Q_OBJECT

private slots:
    void builtObservationIsValid();
    void rule_data();
    void rule();
    void polygonWindingAnywhereOnTheSky_data();
    void polygonWindingAnywhereOnTheSky();
    void samples_data();
    void samples();

private:
    static void add(const char *name, const std::string &path, const char *fragment, Mutation mutation)
    {
        add(name, path, fragment, 1, std::move(mutation));
    }
    static void add(const char *name, const std::string &path, const char *fragment, int count, Mutation mutation)
    {
        QTest::newRow(name) << mutation << QString::fromStdString(path) << QString::fromUtf8(fragment) << count;
    }
};

void TestValidator::builtObservationIsValid()
{
    const auto issues = caom2::validateObservation(makeObservation());
    QVERIFY2(issues.empty(), qPrintable(describe(issues)));
}

// One row per rule: a valid observation with exactly that rule broken, the path of the issue and a fragment
// of its message (which names the offending value). `count` is the number of issues the break causes.
void TestValidator::rule_data()
{
    QTest::addColumn<Mutation>("mutation");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("fragment");
    QTest::addColumn<int>("count");

    // Path components and URIs
    add("collection space", "collection", "'TE ST' contains a space", [](Observation &o) { o.collection = "TE ST"; });
    add("collection backslash", "collection", "contains '\\'", [](Observation &o) { o.collection = "TE\\ST"; });
    add("collection empty", "collection", "required", [](Observation &o) { o.collection.clear(); });
    add("observationID slash", "observationID", "contains '/'", [](Observation &o) { o.observationID = "obs/1"; });
    add("observationID percent", "observationID", "'obs%1'", [](Observation &o) { o.observationID = "obs%1"; });
    add("productID percent", "planes[productID=r%w].productID", "contains '%'",
        [](Observation &o) { planeOf(o, "raw").productID = "r%w"; });
    add("member not caom", "members", "'ivo://x/y' is not a caom: URI", [](Observation &o) {
        makeDerived(o);
        o.members = {{uri("ivo://x/y")}};
    });
    add("member components", "members", "'caom:TEST/a/b' has 3 path components", [](Observation &o) {
        makeDerived(o);
        o.members = {{uri("caom:TEST/a/b")}};
    });
    add("member space", "members", "a space", [](Observation &o) {
        makeDerived(o);
        o.members = {{uri("caom:TEST/a b")}};
    });
    add("input components", kCal + ".provenance.inputs", "'caom:TEST/obs1' has 2 path components",
        [](Observation &o) { planeOf(o, "cal").provenance->inputs = {{uri("caom:TEST/obs1")}}; });
    add("input empty component", kCal + ".provenance.inputs", "empty path component",
        [](Observation &o) { planeOf(o, "cal").provenance->inputs = {{uri("caom:TEST//raw")}}; });

    // Observation classes
    add("derived exposure", "algorithm.name", "'exposure'",
        [](Observation &o) { o.kind = caom2::ObservationKind::Derived; });
    add("simple with members", "members", "SimpleObservation has no members",
        [](Observation &o) { o.members = {{uri("caom:TEST/obs2")}}; });

    // Required values
    add("algorithm name", "algorithm.name", "name is required", [](Observation &o) { o.algorithm.name.clear(); });
    add("proposal id", "proposal.id", "id is required", [](Observation &o) { o.proposal->id.clear(); });
    add("target name blank", "target.name", "name is required", [](Observation &o) { o.target->name = "  "; });
    add("target coordsys", "targetPosition.coordsys", "coordsys is required",
        [](Observation &o) { o.targetPosition->coordsys.clear(); });
    add("telescope name", "telescope.name", "required", [](Observation &o) { o.telescope->name.clear(); });
    add("instrument name", "instrument.name", "required", [](Observation &o) { o.instrument->name.clear(); });
    add("provenance name", kRaw + ".provenance.name", "required",
        [](Observation &o) { planeOf(o, "raw").provenance->name.clear(); });
    add("transition species", kRaw + ".energy.transition.species", "required",
        [](Observation &o) { planeOf(o, "raw").energy->transition->species.clear(); });
    add("transition", kRaw + ".energy.transition.transition", "required",
        [](Observation &o) { planeOf(o, "raw").energy->transition->transition.clear(); });
    add("observable ucd", kCal + ".observable.ucd", "required",
        [](Observation &o) { planeOf(o, "cal").observable->ucd.clear(); });
    add("custom ctype", kCal + ".custom.ctype", "required",
        [](Observation &o) { planeOf(o, "cal").custom->ctype.clear(); });
    add("artifact uri", kRaw + ".artifacts[uri=].uri", "uri is required",
        [](Observation &o) { rawFits(o).uri.text.clear(); });
    add("part name", kRawFits + ".parts[name=].name", "name is required",
        [](Observation &o) { rawPart(o, 0).name.clear(); });
    add("axis ctype", kRawChunk + ".position.axis.axis1.ctype", "ctype is required",
        [](Observation &o) { rawChunk(o).position->axis.axis1.ctype.clear(); });
    add("slice axis ctype", kCubeChunk + ".observable.dependent.axis.ctype", "ctype is required",
        [](Observation &o) { cubeChunkOf(o).observable->dependent.axis.ctype.clear(); });
    add("specsys", kRawChunk + ".energy.specsys", "specsys is required",
        [](Observation &o) { rawChunk(o).energy->specsys.clear(); });

    // Value rules
    add("circle radius zero", kCal + ".position.bounds.radius", "radius 0 must be greater than 0",
        [](Observation &o) { std::get<caom2::Circle>(*planeOf(o, "cal").position->bounds).radius = 0; });
    add("dimension naxis1", kRaw + ".position.dimension.naxis1", "naxis1 0 must be greater than 0",
        [](Observation &o) { planeOf(o, "raw").position->dimension->naxis1 = 0; });
    add("function dimension naxis2", kRawChunk + ".position.axis.function.dimension.naxis2", "naxis2 -1",
        [](Observation &o) { rawChunk(o).position->axis.function->dimension.naxis2 = -1; });
    add("interval upper below lower", kCal + ".position.resolutionBounds.upper", "upper 0.5 is less than lower 0.6",
        [](Observation &o) { planeOf(o, "cal").position->resolutionBounds->upper = 0.5; });
    add("stokes", kCubeChunk + ".polarization.axis.axis.ctype", "'POL'; it must be STOKES",
        [](Observation &o) { cubeChunkOf(o).polarization->axis.axis.ctype = "POL"; });
    add("range2d same pix", kRawChunk + ".position.axis.range", "same coord1.pix 0.5",
        [](Observation &o) { rawChunk(o).position->axis.range->end.coord1.pix = 0.5; });
    add("range2d same val", kRawChunk + ".position.axis.range", "same coord2.val 41.02",
        [](Observation &o) { rawChunk(o).position->axis.range->end.coord2.val = 41.02; });
    add("coord polygon vertices", kRawChunk + ".position.axis.bounds.vertices", "2 vertices",
        [](Observation &o) { std::get<caom2::CoordPolygon2D>(*rawChunk(o).position->axis.bounds).vertices.resize(2); });
    add("product type", kRawFits + ".productType", "'banana' is neither",
        [](Observation &o) { rawFits(o).productType.term = "banana"; });
    add("product type extension term", kRawChunk + ".productType", "'http://x.org/v#a b'",
        [](Observation &o) { rawChunk(o).productType->term = "http://x.org/v#a b"; });
    add("product type extension ok", {}, "", 0,
        [](Observation &o) { rawFits(o).productType.term = "http://x.org/v#cube"; });
    add("data product type", kRaw + ".dataProductType", "'catalog'",
        [](Observation &o) { planeOf(o, "raw").dataProductType->term = "catalog"; });
    add("keyword pipe", "proposal.keywords", "'a|b' contains '|'",
        [](Observation &o) { o.proposal->keywords.push_back("a|b"); });
    add("provenance keyword pipe", kRaw + ".provenance.keywords", "'x|'",
        [](Observation &o) { planeOf(o, "raw").provenance->keywords = {"x|"}; });
    add("checksum without algorithm", kRawFits + ".contentChecksum",
        "'9367eea5' is not of the form <algorithm>:<hex value>",
        [](Observation &o) { rawFits(o).contentChecksum->text = "9367eea5"; });
    add("checksum not hex", kRawFits + ".contentChecksum", "'md5:xyz' has characters other than hex digits",
        [](Observation &o) { rawFits(o).contentChecksum->text = "md5:xyz"; });

    // Polygon and its samples
    const std::string bounds = kRaw + ".position.bounds";
    add("polygon points", bounds + ".points", "2 points", [](Observation &o) { rawPolygon(o).points.resize(2); });
    add("polygon longitude", bounds + ".points[0].cval1", "longitude 361 is outside [0, 360]",
        [](Observation &o) { rawPolygon(o).points[0].cval1 = 361; });
    add("polygon latitude", bounds + ".points[1].cval2", "latitude -91 is outside [-90, 90]",
        [](Observation &o) { rawPolygon(o).points[1].cval2 = -91; });
    add("polygon self intersection", bounds + ".points", "edges points[0]-points[1] and points[2]-points[3] intersect",
        [](Observation &o) { std::swap(rawPolygon(o).points[1], rawPolygon(o).points[2]); });
    add("polygon clockwise", bounds + ".points", "clockwise",
        [](Observation &o) { std::reverse(rawPolygon(o).points.begin(), rawPolygon(o).points.end()); });
    add("samples too few", bounds + ".samples.vertices", "3 vertices", [](Observation &o) { rawSamples(o).resize(3); });
    add("samples first", bounds + ".samples.vertices[0].type", "first vertex must be MOVE, found LINE",
        [](Observation &o) { rawSamples(o)[0].type = caom2::SegmentType::Line; });
    add("samples last", bounds + ".samples.vertices[4].type", "last vertex must be CLOSE, found LINE",
        [](Observation &o) { rawSamples(o)[4].type = caom2::SegmentType::Line; });
    add("samples move in loop", bounds + ".samples.vertices[2].type", "opened at vertices[0] is still open",
        [](Observation &o) { rawSamples(o)[2].type = caom2::SegmentType::Move; });
    add("samples close twice", bounds + ".samples.vertices[5].type", "CLOSE without a MOVE", [](Observation &o) {
        rawSamples(o).push_back({0, 0, caom2::SegmentType::Close});
    });
    add("samples line outside loop", bounds + ".samples.vertices[5].type", "LINE outside a loop", 2,
        [](Observation &o) {
            rawSamples(o).push_back({10.5, 41.5, caom2::SegmentType::Line});
            rawSamples(o).push_back({0, 0, caom2::SegmentType::Close});
        });
    add("samples intersection", bounds + ".samples.vertices",
        "vertices[0]-vertices[1] and vertices[2]-vertices[3] intersect", [](Observation &o) {
            std::swap(rawSamples(o)[1].cval1, rawSamples(o)[2].cval1);
            std::swap(rawSamples(o)[1].cval2, rawSamples(o)[2].cval2);
        });

    // Sampled intervals
    const std::string energy = kRaw + ".energy.bounds";
    add("interval no samples", energy + ".samples", "no samples",
        [](Observation &o) { rawEnergyBounds(o).samples.clear(); });
    add("sample below lower", energy + ".samples[0].lower", "sample [3e-07, 5e-07] extends below the lower bound 4e-07",
        [](Observation &o) { rawEnergyBounds(o).samples[0].lower = 3e-7; });
    add("sample above upper", energy + ".samples[1].upper", "extends above the upper bound 7e-07",
        [](Observation &o) { rawEnergyBounds(o).samples[1].upper = 8e-7; });
    add("samples overlap", energy + ".samples[1].lower", "overlaps or touches the previous sample [4e-07, 5e-07]",
        [](Observation &o) { rawEnergyBounds(o).samples[1].lower = 4.5e-7; });
    add("samples touch", energy + ".samples[1].lower", "overlaps or touches",
        [](Observation &o) { rawEnergyBounds(o).samples[1].lower = 5e-7; });
    add("sample upside down", energy + ".samples[0].upper", "upper 4e-07 is less than lower 5e-07", [](Observation &o) {
        rawEnergyBounds(o).samples[0] = {5e-7, 4e-7};
    });
    add("interval upside down", kRaw + ".time.bounds.upper", "upper 58979.5 is less than lower 58979.6", 3,
        [](Observation &o) {
            planeOf(o, "raw").time->bounds->lower = 58979.6;
            planeOf(o, "raw").time->bounds->upper = 58979.5;
        });
    add("custom bounds", kCal + ".custom.bounds.samples", "no samples",
        [](Observation &o) { planeOf(o, "cal").custom->bounds->samples.clear(); });

    // Chunk axes (naxis cleared where the break would also leave an axis unassigned)
    add("position axes paired", kRawChunk + ".positionAxis2", "positionAxis1 is 1 but positionAxis2 is not set",
        [](Observation &o) {
            rawChunk(o).positionAxis2.reset();
            rawChunk(o).naxis.reset();
        });
    add("axis zero", kRawChunk + ".energyAxis", "energyAxis is 0; FITS axes count from 1", [](Observation &o) {
        rawChunk(o).energyAxis = 0;
        rawChunk(o).naxis.reset();
    });
    add("axis used twice", kRawChunk + ".timeAxis", "axis 1 is used by both positionAxis1 and timeAxis",
        [](Observation &o) {
            rawChunk(o).timeAxis = 1;
            rawChunk(o).naxis.reset();
        });
    add("axis without wcs", kRawChunk + ".energyAxis", "energyAxis is 3 but the chunk has no energy WCS",
        [](Observation &o) { rawChunk(o).energy.reset(); });
    add("position axes without wcs", kRawChunk + ".positionAxis1", "no position WCS",
        [](Observation &o) { rawChunk(o).position.reset(); });
    add("custom axis without wcs", kCubeChunk + ".customAxis", "customAxis is 4 but the chunk has no custom WCS",
        [](Observation &o) { cubeChunkOf(o).custom.reset(); });
    add("naxis huge", kCubeChunk + ".naxis",
        "naxis is 2147483647 but axes 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, ...",
        [](Observation &o) { cubeChunkOf(o).naxis = std::numeric_limits<std::int32_t>::max(); });
    add("naxis unassigned", kCubeChunk + ".naxis", "naxis is 5 but axis 5 is not assigned",
        [](Observation &o) { cubeChunkOf(o).naxis = 5; });

    // Identities
    add("duplicate productID", kRaw, "productID 'raw' is used by 2 siblings",
        [](Observation &o) { o.planes.push_back(rawPlane()); });
    add("duplicate artifact uri", kRawPreview, "uri 'ad:TEST/obs1_preview.png' is used by 2 siblings",
        [](Observation &o) { planeOf(o, "raw").artifacts.push_back(planeOf(o, "raw").artifacts.back()); });
    add("duplicate part name", kRawPart1, "name '1' is used by 2 siblings",
        [](Observation &o) { rawFits(o).parts.push_back(rawPart(o, 1)); });
    add("duplicate chunk id", chunkPath(kRawPart1, 101), "is used by 2 siblings",
        [](Observation &o) { rawPart(o, 1).chunks[1].id = testId(101); });
}

void TestValidator::rule()
{
    QFETCH(Mutation, mutation);
    QFETCH(QString, path);
    QFETCH(QString, fragment);
    QFETCH(int, count);
    Observation observation = makeObservation();
    mutation(observation);
    const auto issues = caom2::validateObservation(observation);
    QVERIFY2(issues.size() == static_cast<std::size_t>(count), qPrintable(describe(issues)));
    if (count == 0)
        return;
    const bool found = std::any_of(issues.begin(), issues.end(), [&](const caom2::ValidationIssue &issue) {
        return QString::fromStdString(issue.path) == path && QString::fromStdString(issue.message).contains(fragment);
    });
    QVERIFY2(found,
             qPrintable(QStringLiteral("no issue at %1 containing \"%2\":").arg(path, fragment) + describe(issues)));
}

// Counter-clockwise on the sky means east (growing longitude) to the left of the direction of travel with north
// up, seen from inside the sphere. Around the north pole that is decreasing longitude, around the south pole
// increasing longitude; across longitude 0 the wrap must not matter.
void TestValidator::polygonWindingAnywhereOnTheSky_data()
{
    QTest::addColumn<Points>("points");
    QTest::newRow("equator") << Points{{10.75, 0.25}, {10.75, -0.25}, {10.25, -0.25}, {10.25, 0.25}};
    QTest::newRow("across longitude 0") << Points{{0.25, 0.25}, {0.25, -0.25}, {359.75, -0.25}, {359.75, 0.25}};
    QTest::newRow("around the north pole") << Points{{270, 89.5}, {180, 89.5}, {90, 89.5}, {0, 89.5}};
    QTest::newRow("around the south pole") << Points{{0, -89.5}, {90, -89.5}, {180, -89.5}, {270, -89.5}};
    QTest::newRow("large triangle") << Points{{120, 30}, {160, 0}, {100, -40}};
}

void TestValidator::polygonWindingAnywhereOnTheSky()
{
    QFETCH(Points, points);
    const auto withBounds = [](const Points &corners) {
        caom2::Polygon polygon;
        polygon.points = corners;
        for (const caom2::Point &p : corners)
            polygon.samples.vertices.push_back(
                {p.cval1, p.cval2,
                 polygon.samples.vertices.empty() ? caom2::SegmentType::Move : caom2::SegmentType::Line});
        polygon.samples.vertices.push_back({0, 0, caom2::SegmentType::Close});
        Observation observation = makeObservation();
        planeOf(observation, "raw").position->bounds = polygon;
        return caom2::validateObservation(observation);
    };
    const auto counterClockwise = withBounds(points);
    QVERIFY2(counterClockwise.empty(), qPrintable(describe(counterClockwise)));
    const auto clockwise = withBounds(Points(points.rbegin(), points.rend()));
    QCOMPARE(clockwise.size(), std::size_t(1));
    QCOMPARE(clockwise[0].path, kRaw + ".position.bounds.points");
    QVERIFY(QString::fromStdString(clockwise[0].message).contains(QStringLiteral("clockwise")));
}

// Every sample document passes, except two whose chunks really break CaomWCSValidator's axis rules (read from
// the XML): the 40 MegaPrime chunks that declare naxis 2 but put energy and time on axes 3 and 4, and the 16
// chunks of the 2.3 reference sample that put observableAxis and positionAxis1 both on axis 1.
void TestValidator::samples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("fragment");
    const QStringList files =
        QDir(QStringLiteral(MIRROR_TEST_DATA_DIR)).entryList({QStringLiteral("*.xml")}, QDir::Files);
    QVERIFY(files.size() >= 31);
    for (const QString &file : files) {
        if (file == QStringLiteral("visit_obs_start_megacam_sci.xml"))
            QTest::newRow(qPrintable(file))
                << file << 40 << QStringLiteral("naxis is 2 but axes 1, 2 are not assigned");
        else if (file == QStringLiteral("sample-composite-caom23.xml"))
            QTest::newRow(qPrintable(file))
                << file << 16 << QStringLiteral("axis 1 is used by both positionAxis1 and observableAxis");
        else
            QTest::newRow(qPrintable(file)) << file << 0 << QString();
    }
}

void TestValidator::samples()
{
    QFETCH(QString, file);
    QFETCH(int, count);
    QFETCH(QString, fragment);
    const auto read = caom2::readObservationFile(QStringLiteral(MIRROR_TEST_DATA_DIR "/%1").arg(file).toStdString());
    QVERIFY2(read.ok, read.error.toString().c_str());
    const auto issues = caom2::validateObservation(read.document.observation);
    QVERIFY2(issues.size() == static_cast<std::size_t>(count), qPrintable(describe(issues)));
    for (const auto &issue : issues)
        QVERIFY2(QString::fromStdString(issue.message).contains(fragment), issue.message.c_str());
}

QTEST_GUILESS_MAIN(TestValidator)

#include "tst_validator.moc"
