// The CAOM 2.3/2.4 XML writer: Java number text, escaping, exact layout, version downgrade reports,
// refusals, and the read -> write -> schema-validate -> read round trip over every sample document.
#include "caom2/checksum.h"
#include "caom2/normalize.h"
#include "caom2/number_format.h"
#include "caom2/xml_reader.h"
#include "caom2/xml_write_buffer.h"
#include "caom2/xml_writer.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

Q_DECLARE_METATYPE(caom2::Observation)

using namespace caom2;

namespace {

QString dataDir()
{
    return QStringLiteral(MIRROR_TEST_DATA_DIR);
}

QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

Uuid uuid(std::string_view text)
{
    return *Uuid::parse(text);
}

Date date(std::string_view text)
{
    return *Date::parse(text);
}

// ---- hand-built models -------------------------------------------------------------------------------

Observation minimalObservation()
{
    Observation observation;
    observation.id = uuid("00000000-0000-0000-9d25-b0383f3182a5");
    observation.collection = "TEST";
    observation.observationID = "obs1";
    return observation;
}

SampledInterval sampledInterval(double lower, double upper)
{
    SampledInterval interval;
    interval.lower = lower;
    interval.upper = upper;
    interval.samples = {{lower, (lower + upper) / 2}, {(lower + upper) / 2 + 1e-9, upper}};
    return interval;
}

CoordAxis1D coordAxis1D(const char *ctype, const char *cunit)
{
    CoordAxis1D axis;
    axis.axis = {ctype, cunit ? std::optional<std::string>(cunit) : std::nullopt};
    axis.error = CoordError{0.5, 0.25};
    axis.range = CoordRange1D{{0.5, 1.0}, {100.5, 2.0}};
    axis.bounds = CoordBounds1D{{{{0.5, 1.0}, {50.5, 1.5}}, {{50.5, 1.5}, {100.5, 2.0}}}};
    axis.function = CoordFunction1D{100, 0.01, {0.5, 1.0}};
    return axis;
}

// A chunk with every field set; `withCustom` adds the 2.4-only custom axis and WCS.
Chunk fullChunk(const char *id, bool withCustom)
{
    Chunk chunk;
    chunk.id = uuid(id);
    chunk.lastModified = date("2024-01-02T03:04:05.006");
    chunk.productType = ProductType{"science"};
    chunk.naxis = withCustom ? 6 : 5;
    chunk.observableAxis = 5;
    chunk.positionAxis1 = 1;
    chunk.positionAxis2 = 2;
    chunk.energyAxis = 3;
    chunk.timeAxis = 4;
    chunk.polarizationAxis = withCustom ? std::optional<std::int32_t>() : std::optional<std::int32_t>(5);
    if (withCustom)
        chunk.customAxis = 6;
    ObservableAxis observable;
    observable.dependent.axis.ctype = "flux";
    observable.dependent.axis.cunit = "Jy";
    observable.dependent.bin = 1;
    Slice independent;
    independent.axis.ctype = "wavelength";
    independent.bin = 2;
    observable.independent = independent;
    chunk.observable = observable;

    SpatialWCS position;
    position.axis.axis1 = {"RA---TAN", "deg"};
    position.axis.axis2 = {"DEC--TAN", "deg"};
    position.axis.error1 = CoordError{1e-5, 2e-5};
    position.axis.error2 = CoordError{std::nullopt, 3e-5};
    position.axis.range = CoordRange2D{{{0.5, 10.0}, {0.5, -20.0}}, {{2048.5, 10.5}, {4096.5, -19.5}}};
    position.axis.bounds = CoordBounds2D{CoordPolygon2D{{{10.0, -20.0}, {10.5, -20.0}, {10.5, -19.5}, {10.0, -19.5}}}};
    position.axis.function = CoordFunction2D{{2048, 4096}, {{1024.5, 10.25}, {2048.5, -19.75}}, -5e-5, 0.0, 0.0, 5e-5};
    position.coordsys = "ICRS";
    position.equinox = 2000.0;
    position.resolution = 0.7;
    chunk.position = position;

    SpectralWCS energy;
    energy.axis = coordAxis1D("WAVE", "m");
    energy.specsys = "TOPOCENT";
    energy.ssysobs = "TOPOCENT";
    energy.ssyssrc = "BARYCENT";
    energy.restfrq = 1.420405752e9;
    energy.restwav = 0.21106114;
    energy.velosys = 12.5;
    energy.zsource = 0.001;
    energy.velang = 45.0;
    energy.bandpassName = "r'";
    energy.resolvingPower = 3000.0;
    energy.transition = EnergyTransition{"H", "21cm"};
    chunk.energy = energy;

    TemporalWCS time;
    time.axis = coordAxis1D("TIME", "d");
    time.timesys = "UTC";
    time.trefpos = "TOPOCENTER";
    time.mjdref = 50000.0;
    time.exposure = 300.0;
    time.resolution = 300.0;
    chunk.time = time;

    if (withCustom) {
        chunk.custom = CustomWCS{coordAxis1D("FARADAY", "rad/m^2")};
    } else {
        CoordAxis1D stokes = coordAxis1D("STOKES", nullptr);
        stokes.bounds.reset();
        stokes.function = CoordFunction1D{4, 1.0, {1.0, 1.0}};
        chunk.polarization = PolarizationWCS{stokes};
    }
    return chunk;
}

// A derived observation using every field of the 2.4 model, so the 2.3 downgrade drops one of each.
Observation richObservation()
{
    Observation observation;
    observation.id = uuid("4bd3e0d5-51b5-4b0f-9d56-a1b93b2e7e10");
    observation.lastModified = date("2024-11-06T21:32:57.123");
    observation.maxLastModified = date("2024-11-06T21:32:58.000");
    observation.metaChecksum = "md5:0123456789abcdef0123456789abcdef";
    observation.accMetaChecksum = "md5:fedcba9876543210fedcba9876543210";
    observation.metaProducer = Uri{"test:observation/writer-1.0?a=1&b=\"2\""};
    observation.kind = ObservationKind::Derived;
    observation.collection = "TEST";
    observation.observationID = "obs&<1>";
    observation.metaRelease = date("2025-01-01T00:00:00.000");
    observation.metaReadGroups = {Uri{"ivo://cadc.nrc.ca/gms?A"}, Uri{"ivo://cadc.nrc.ca/gms?B"}};
    observation.sequenceNumber = 42;
    observation.algorithm.name = "stack";
    observation.type = "OBJECT";
    observation.intent = ObservationIntentType::Science;
    observation.proposal = Proposal{"P-1",
                                    "Jane \"Q\" Doe",
                                    "Project",
                                    "Title with <angle> & 'quotes'\n\ttabbed\rCR",
                                    {"alpha", "beta gamma", "\xc3\xa9t\xc3\xa9 \xf0\x9f\x94\xad"}};
    observation.target =
        Target{"M31", Uri{"ivo://example.org/target?M31"}, TargetType::Object, false, -0.001, true, {"galaxy"}};
    observation.targetPosition = TargetPosition{"ICRS", 2000.0, {10.684708, 41.26875}};
    observation.requirements = Requirements{Status::Fail};
    observation.telescope = Telescope{"CFHT 3.6m", -5464301.77, -2493489.8, 2151085.16, {"mauna kea"}};
    observation.instrument = Instrument{"MegaPrime", {"camera", "imager"}};
    observation.environment = Environment{0.7, 0.25, 45.5, 0.05, 5.0e-7, -2.5, true};

    Plane plane;
    plane.id = uuid("00000000-0000-0000-0000-000000000101");
    plane.metaProducer = Uri{"test:plane/writer-1.0"};
    plane.productID = "p1";
    plane.creatorID = Uri{"ivo://example.org/creator?p1"};
    plane.metaRelease = date("2025-01-01T00:00:00.000");
    plane.metaReadGroups = {Uri{"ivo://cadc.nrc.ca/gms?A"}};
    plane.dataRelease = date("2026-01-01T00:00:00.500");
    plane.dataReadGroups = {Uri{"ivo://cadc.nrc.ca/gms?C"}};
    plane.dataProductType = DataProductType{"cube"};
    plane.calibrationLevel = CalibrationLevel::Calibrated;
    plane.provenance = Provenance{"pipeline",
                                  "1.2",
                                  "proj",
                                  "producer",
                                  "run-7",
                                  Uri{"http://example.org/run/7"},
                                  date("2024-06-30T12:00:00.250"),
                                  {"k1", "k2"},
                                  {PlaneUri{Uri{"caom:TEST/a/p0"}}, PlaneUri{Uri{"caom:TEST/b/p0"}}}};
    plane.observable = Observable{"phot.flux.density"};
    plane.metrics = Metrics{1e5, 0.1, 0.01, 1e-26, 24.5, 12.0};
    plane.quality = DataQuality{Quality::Junk};
    Polygon polygon;
    polygon.points = {{10.0, -20.0}, {10.5, -20.0}, {10.5, -19.5}, {10.0, -19.5}};
    polygon.samples.vertices = {{10.0, -20.0, SegmentType::Move},
                                {10.5, -20.0, SegmentType::Line},
                                {10.5, -19.5, SegmentType::Line},
                                {10.0, -19.5, SegmentType::Line},
                                {0.0, 0.0, SegmentType::Close}};
    plane.position = Position{Shape{polygon}, Dimension2D{2048, 4096}, 0.7, Interval{0.5, 0.9}, 5e-5, false};
    plane.energy = Energy{sampledInterval(4e-7, 6e-7),
                          100,
                          3000.0,
                          Interval{2500.0, 3500.0},
                          2e-9,
                          "r'",
                          {EnergyBand::Optical, EnergyBand::UV},
                          6.2e-7,
                          EnergyTransition{"H", "alpha"}};
    plane.time = Time{sampledInterval(60000.5, 60000.75), 1, 300.0, Interval{250.0, 350.0}, 0.0034722, 300.0};
    plane.polarization = Polarization{{PolarizationState::I, PolarizationState::Q}, 2};
    plane.custom = CustomAxis{"FARADAY", sampledInterval(-100.0, 100.0), 50};

    Artifact artifact;
    artifact.id = uuid("00000000-0000-0000-0000-000000000201");
    artifact.uri = Uri{"ad:TEST/p1.fits"};
    artifact.productType = ProductType{"science"};
    artifact.releaseType = ReleaseType::Data;
    artifact.contentRelease = date("2026-01-01T00:00:00.000");
    artifact.contentReadGroups = {Uri{"ivo://cadc.nrc.ca/gms?C"}};
    artifact.contentType = "application/fits";
    artifact.contentLength = 12345678910;
    artifact.contentChecksum = Uri{"md5:d41d8cd98f00b204e9800998ecf8427e"};
    Part part;
    part.id = uuid("00000000-0000-0000-0000-000000000301");
    part.name = "0";
    part.productType = ProductType{"science"};
    part.chunks = {fullChunk("00000000-0000-0000-0000-000000000401", true),
                   fullChunk("00000000-0000-0000-0000-000000000402", false)};
    part.chunks[1].position->axis.bounds = CoordBounds2D{CoordCircle2D{{10.25, -19.75}, 0.5}};
    artifact.parts = {part};
    plane.artifacts = {artifact};

    Plane second;
    second.id = uuid("00000000-0000-0000-0000-000000000102");
    second.productID = "p2";
    second.calibrationLevel = CalibrationLevel::Planned;
    second.position = Position{
        Shape{Circle{{10.0, 20.0}, 0.5}}, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt};
    second.energy = Energy{};
    second.energy->energyBands = {EnergyBand::Radio};
    second.metrics = Metrics{};
    second.metrics->sampleSNR = 3.0; // the 2.3 document keeps an empty <metrics/>

    observation.planes = {plane, second};
    observation.members = {ObservationUri{Uri{"caom:TEST/a"}}, ObservationUri{Uri{"caom:TEST/b"}}};
    normalizeSets(observation);
    return observation;
}

// ---- what a 2.3 document can hold ---------------------------------------------------------------------

bool isProductType23(const std::optional<ProductType> &type)
{
    static const std::vector<std::string> terms = {"science", "calibration", "auxiliary", "info",     "preview",
                                                   "catalog", "noise",       "weight",    "thumbnail"};
    return !type || std::find(terms.begin(), terms.end(), type->term) != terms.end();
}

// Independent of the writer: the model a 2.3 document written from `observation` must read back as, and
// how many values are lost on the way (one per field, the way WriteReport::dropped counts them).
Observation downgradeTo23(Observation observation, int &dropped)
{
    const auto dropOptional = [&dropped](auto &value) {
        if (value) {
            value.reset();
            ++dropped;
        }
    };
    const auto dropSet = [&dropped](auto &values) {
        if (!values.empty()) {
            values.clear();
            ++dropped;
        }
    };
    dropOptional(observation.metaProducer);
    dropSet(observation.metaReadGroups);
    if (observation.target)
        dropOptional(observation.target->targetID);
    for (Plane &plane : observation.planes) {
        dropOptional(plane.metaProducer);
        dropSet(plane.metaReadGroups);
        dropSet(plane.dataReadGroups);
        dropOptional(plane.observable);
        if (plane.metrics)
            dropOptional(plane.metrics->sampleSNR);
        if (plane.position)
            dropOptional(plane.position->resolutionBounds);
        if (plane.energy) {
            dropOptional(plane.energy->resolvingPowerBounds);
            if (plane.energy->energyBands.size() > 1)
                dropSet(plane.energy->energyBands);
        }
        if (plane.time)
            dropOptional(plane.time->resolutionBounds);
        dropOptional(plane.custom);
        for (Artifact &artifact : plane.artifacts) {
            dropOptional(artifact.metaProducer);
            dropOptional(artifact.contentRelease);
            dropSet(artifact.contentReadGroups);
            for (Part &part : artifact.parts) {
                dropOptional(part.metaProducer);
                if (!isProductType23(part.productType))
                    dropOptional(part.productType);
                for (Chunk &chunk : part.chunks) {
                    dropOptional(chunk.metaProducer);
                    if (!isProductType23(chunk.productType))
                        dropOptional(chunk.productType);
                    dropOptional(chunk.customAxis);
                    dropOptional(chunk.custom);
                }
            }
        }
    }
    return observation;
}

// ---- checks -------------------------------------------------------------------------------------------

// Validates a document with xmllint against the schema of its version. Empty when valid, otherwise why.
QString schemaProblems(const std::string &xml, int version, const QString &scratchDir)
{
    const QString file = scratchDir + QStringLiteral("/written-%1.xml").arg(version);
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QStringLiteral("cannot write ") + file;
    out.write(xml.data(), static_cast<qint64>(xml.size()));
    out.close();

    const QString schema = dataDir() + QStringLiteral("/xsd/CAOM-2.%1.xsd").arg(version % 10);
    QProcess xmllint;
    xmllint.start(QStringLiteral("xmllint"), {QStringLiteral("--noout"), QStringLiteral("--schema"), schema, file});
    if (!xmllint.waitForStarted(10000))
        return QStringLiteral("xmllint could not be started (is libxml2-utils installed?): ") + xmllint.errorString();
    if (!xmllint.waitForFinished(120000))
        return QStringLiteral("xmllint did not finish");
    if (xmllint.exitStatus() != QProcess::NormalExit || xmllint.exitCode() != 0)
        return QString::fromUtf8(xmllint.readAllStandardError()).left(4000);
    return {};
}

// Where two models differ, shown as the first differing line of their 2.4 documents.
QString firstDifference(const Observation &expected, const Observation &actual)
{
    const WriteResult left = writeObservation(expected);
    const WriteResult right = writeObservation(actual);
    const QStringList leftLines = qs(left.xml).split(QLatin1Char('\n'));
    const QStringList rightLines = qs(right.xml).split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < std::min(leftLines.size(), rightLines.size()); ++i) {
        if (leftLines[i] != rightLines[i])
            return QStringLiteral("line %1:\n expected %2\n actual   %3").arg(i + 1).arg(leftLines[i], rightLines[i]);
    }
    return QStringLiteral("models differ in something the 2.4 documents do not show (e.g. NaN values)");
}

QString checksumDifference(const Observation &expected, const Observation &actual)
{
    const auto left = computeChecksums(expected);
    const auto right = computeChecksums(actual);
    if (left.size() != right.size())
        return QStringLiteral("entity counts differ: %1 vs %2").arg(left.size()).arg(right.size());
    for (std::size_t i = 0; i < left.size(); ++i) {
        if (left[i].path != right[i].path || left[i].metaChecksum != right[i].metaChecksum
            || left[i].accMetaChecksum != right[i].accMetaChecksum)
            return QStringLiteral("entity '%1': %2 %3 vs '%4': %5 %6")
                .arg(qs(left[i].path), qs(left[i].metaChecksum), qs(left[i].accMetaChecksum), qs(right[i].path),
                     qs(right[i].metaChecksum), qs(right[i].accMetaChecksum));
    }
    return {};
}

} // namespace

class TestXmlWriter : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void javaDouble_data();
    void javaDouble();
    void escaping_data();
    void escaping();
    void dates();
    void minimalDocumentLayout();
    void richDocument24();
    void richDocument23();
    void nanIsWritten();
    void productTypesIn23();
    void refusals_data();
    void refusals();
    void samples_data();
    void samples();
    void lenientModeKeepsWhatTheReaderAccepts();

private:
    QTemporaryDir m_scratch;
};

void TestXmlWriter::initTestCase()
{
    QVERIFY(m_scratch.isValid());
    QVERIFY2(QFile::exists(dataDir() + QStringLiteral("/xsd/XLINK.xsd")), "the schemas import XLINK.xsd");
}

void TestXmlWriter::javaDouble_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");

    const auto row = [](const char *name, double value, const char *text) {
        QTest::newRow(name) << value << QString::fromLatin1(text);
    };
    row("2.0", 2.0, "2.0");
    row("0.05", 0.05, "0.05");
    row("123.456", 123.456, "123.456");
    row("4.5E-4", 4.5e-4, "4.5E-4");
    row("1.0E7", 1e7, "1.0E7");
    row("1.0E-8", 1e-8, "1.0E-8");
    row("0.0", 0.0, "0.0");
    row("-0.0", -0.0, "-0.0");
    row("1e300", 1e300, "1.0E300");
    row("1234567.0", 1234567.0, "1234567.0");
    row("9999999.0", 9999999.0, "9999999.0");
    row("9999999.999", 9999999.999, "9999999.999");
    row("12345678.0", 12345678.0, "1.2345678E7");
    row("123456789012.0", 123456789012.0, "1.23456789012E11");
    row("2^53", 9007199254740992.0, "9.007199254740992E15");
    row("0.001", 0.001, "0.001");
    row("0.0001", 0.0001, "1.0E-4");
    row("0.00123", 0.00123, "0.00123");
    row("100.0", 100.0, "100.0");
    row("-1.5", -1.5, "-1.5");
    row("2.2", 2.2, "2.2");
    row("1/3", 1.0 / 3.0, "0.3333333333333333");
    row("2/3", 2.0 / 3.0, "0.6666666666666666");
    row("0.1+0.2", 0.1 + 0.2, "0.30000000000000004");
    row("-12.75", -12.75, "-12.75");
    row("1e21", 1e21, "1.0E21");
    row("1e23", 1e23, "1.0E23");
    row("-2.5e-10", -2.5e-10, "-2.5E-10");
    row("1.420405752e9", 1.420405752e9, "1.420405752E9");
    row("max", std::numeric_limits<double>::max(), "1.7976931348623157E308");
    row("min normal", std::numeric_limits<double>::min(), "2.2250738585072014E-308");
    row("min subnormal", std::numeric_limits<double>::denorm_min(), "4.9E-324"); // Java's 2-digit rule
    row("-min subnormal", -std::numeric_limits<double>::denorm_min(), "-4.9E-324");
    row("NaN", std::numeric_limits<double>::quiet_NaN(), "NaN");
    row("Infinity", std::numeric_limits<double>::infinity(), "Infinity");
    row("-Infinity", -std::numeric_limits<double>::infinity(), "-Infinity");
}

void TestXmlWriter::javaDouble()
{
    QFETCH(double, value);
    QFETCH(QString, expected);

    const std::string text = javaDoubleToString(value);
    QCOMPARE(qs(text), expected);
    QVERIFY(text.size() <= kJavaDoubleMaxChars);

    // Any correctly rounded parser must give the same binary64 value back (NaN: any NaN).
    double back = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), back);
    QVERIFY(ec == std::errc());
    QCOMPARE(end, text.data() + text.size());
    if (std::isnan(value))
        QVERIFY(std::isnan(back));
    else
        QCOMPARE(std::bit_cast<std::uint64_t>(back), std::bit_cast<std::uint64_t>(value));

    std::string appended = "x=";
    appendJavaDouble(appended, value);
    QCOMPARE(qs(appended), QStringLiteral("x=") + expected);
}

void TestXmlWriter::escaping_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("attribute");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("plain") << QByteArray("abc") << false << true << QByteArray("abc");
    QTest::newRow("empty") << QByteArray("") << true << true << QByteArray("");
    QTest::newRow("markup in text") << QByteArray("a<b>&c\"d'e") << false << true
                                    << QByteArray("a&lt;b&gt;&amp;c\"d'e");
    QTest::newRow("markup in attribute") << QByteArray("a<b>&c\"d'e") << true << true
                                         << QByteArray("a&lt;b&gt;&amp;c&quot;d'e");
    QTest::newRow("CDATA end") << QByteArray("]]>") << false << true << QByteArray("]]&gt;");
    QTest::newRow("white space in text") << QByteArray("a\tb\nc\rd") << false << true << QByteArray("a\tb\nc&#13;d");
    QTest::newRow("white space in attribute")
        << QByteArray("a\tb\nc\rd") << true << true << QByteArray("a&#9;b&#10;c&#13;d");
    QTest::newRow("UTF-8 2, 3, 4 bytes") << QByteArray("\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\xad") << false << true
                                         << QByteArray("\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\xad");
    QTest::newRow("U+FFFD allowed") << QByteArray("\xef\xbf\xbd") << false << true << QByteArray("\xef\xbf\xbd");
    QTest::newRow("DEL allowed") << QByteArray("\x7f") << false << true << QByteArray("\x7f");
    QTest::newRow("NUL") << QByteArray("a\0b", 3) << false << false << QByteArray();
    QTest::newRow("C0 control") << QByteArray("a\x01z") << false << false << QByteArray();
    QTest::newRow("ESC in attribute") << QByteArray("a\x1bz") << true << false << QByteArray();
    QTest::newRow("U+FFFE") << QByteArray("\xef\xbf\xbe") << false << false << QByteArray();
    QTest::newRow("U+FFFF") << QByteArray("\xef\xbf\xbf") << false << false << QByteArray();
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << false << false << QByteArray();
    QTest::newRow("overlong 2-byte") << QByteArray("\xc0\xaf") << false << false << QByteArray();
    QTest::newRow("overlong 3-byte") << QByteArray("\xe0\x80\xaf") << false << false << QByteArray();
    QTest::newRow("above U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << false << false << QByteArray();
    QTest::newRow("F5 lead") << QByteArray("\xf5\x80\x80\x80") << false << false << QByteArray();
    QTest::newRow("lone continuation") << QByteArray("a\x80") << false << false << QByteArray();
    QTest::newRow("truncated sequence") << QByteArray("a\xe2\x82") << false << false << QByteArray();
    QTest::newRow("Latin-1 byte") << QByteArray("caf\xe9") << false << false << QByteArray();
}

void TestXmlWriter::escaping()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, attribute);
    QFETCH(bool, ok);
    QFETCH(QByteArray, expected);

    std::string out;
    QCOMPARE(
        appendXmlEscaped(out, std::string_view(input.constData(), static_cast<std::size_t>(input.size())), attribute),
        ok);
    if (ok)
        QCOMPARE(QByteArray::fromStdString(out), expected);
}

void TestXmlWriter::dates()
{
    // The writer formats dates itself (no allocation, no printf); it must agree with Date::toString.
    const auto formatted = [](std::int64_t ms) {
        std::string out;
        appendDate(out, Date{ms});
        return out;
    };
    QCOMPARE(qs(formatted(0)), QStringLiteral("1970-01-01T00:00:00.000"));
    QCOMPARE(qs(formatted(-1)), QStringLiteral("1969-12-31T23:59:59.999"));
    QCOMPARE(qs(formatted(date("2000-02-29T23:59:59.999").msSinceEpoch)), QStringLiteral("2000-02-29T23:59:59.999"));
    QCOMPARE(qs(formatted(date("2012-07-11T13:26:37.1").msSinceEpoch)), QStringLiteral("2012-07-11T13:26:37.100"));

    constexpr std::int64_t year1 = -62135596800000;                        // 0001-01-01
    constexpr std::int64_t year10000 = 253402300800000;                    // 10000-01-01
    constexpr std::int64_t step = 86400000LL * 13 + 3600000LL * 5 + 61001; // wanders through days and times
    int compared = 0;
    for (std::int64_t ms = year1 - 400 * step; ms < year10000 + 400 * step; ms += step, ++compared)
        QCOMPARE(formatted(ms), Date{ms}.toString());
    for (const std::int64_t ms : {std::int64_t{-86400000}, std::int64_t{-1000}, std::int64_t{-1001},
                                  std::int64_t{951782400000}, std::int64_t{4102444800000}})
        QCOMPARE(formatted(ms), Date{ms}.toString());
    QVERIFY(compared > 200000);
}

void TestXmlWriter::minimalDocumentLayout()
{
    Observation observation = minimalObservation();
    observation.lastModified = date("2012-07-11T13:26:37.1");
    observation.metaChecksum = "md5:00000000000000000000000000000001";
    observation.metaProducer = Uri{"test:x?a&b"};

    WriteReport report;
    report.dropped = {"stale entry"}; // a report describes one write: it is cleared first
    const WriteResult result = writeObservation(observation, {}, &report);
    QVERIFY2(result.ok, result.error.c_str());
    QVERIFY(report.dropped.empty());
    const std::string expected =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<caom2:Observation xmlns:caom2=\"http://www.opencadc.org/caom2/xml/v2.4\""
        " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"caom2:SimpleObservation\""
        " caom2:id=\"00000000-0000-0000-9d25-b0383f3182a5\" caom2:lastModified=\"2012-07-11T13:26:37.100\""
        " caom2:metaChecksum=\"md5:00000000000000000000000000000001\" caom2:metaProducer=\"test:x?a&amp;b\">\n"
        "  <caom2:collection>TEST</caom2:collection>\n"
        "  <caom2:observationID>obs1</caom2:observationID>\n"
        "  <caom2:algorithm>\n"
        "    <caom2:name>exposure</caom2:name>\n"
        "  </caom2:algorithm>\n"
        "</caom2:Observation>\n";
    QCOMPARE(qs(result.xml), qs(expected));
    QVERIFY2(schemaProblems(result.xml, 24, m_scratch.path()).isEmpty(),
             qPrintable(schemaProblems(result.xml, 24, m_scratch.path())));

    // Without checksums, and as 2.3: no metaProducer, CompositeObservation for a derived observation.
    observation.kind = ObservationKind::Derived;
    observation.algorithm.name = "stack";
    const WriteResult v23 = writeObservation(observation, {23, false}, &report);
    QVERIFY2(v23.ok, v23.error.c_str());
    QVERIFY(v23.xml.find("xmlns:caom2=\"http://www.opencadc.org/caom2/xml/v2.3\"") != std::string::npos);
    QVERIFY(v23.xml.find("xsi:type=\"caom2:CompositeObservation\"") != std::string::npos);
    QVERIFY(v23.xml.find("metaChecksum") == std::string::npos);
    QVERIFY(v23.xml.find("metaProducer") == std::string::npos);
    QCOMPARE(report.dropped, std::vector<std::string>{"metaProducer"});
    QVERIFY(v23.xml.find('\r') == std::string::npos);
    const QString problems = schemaProblems(v23.xml, 23, m_scratch.path());
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

void TestXmlWriter::richDocument24()
{
    const Observation observation = richObservation();
    WriteReport report;
    const WriteResult result = writeObservation(observation, {}, &report);
    QVERIFY2(result.ok, result.error.c_str());
    QVERIFY(report.dropped.empty());
    const QString problems = schemaProblems(result.xml, 24, m_scratch.path());
    QVERIFY2(problems.isEmpty(), qPrintable(problems));

    // Spot checks of text the schema does not pin down.
    const auto contains = [&result](std::string_view text) { return result.xml.find(text) != std::string::npos; };
    QVERIFY(contains("<caom2:observationID>obs&amp;&lt;1&gt;</caom2:observationID>"));
    QVERIFY(contains("caom2:metaProducer=\"test:observation/writer-1.0?a=1&amp;b=&quot;2&quot;\""));
    QVERIFY(contains("<caom2:title>Title with &lt;angle&gt; &amp; 'quotes'\n\ttabbed&#13;CR</caom2:title>"));
    QVERIFY(contains("<caom2:contentLength>12345678910</caom2:contentLength>"));
    QVERIFY(contains("<caom2:wavelengthTau>5.0E-7</caom2:wavelengthTau>"));
    QVERIFY(contains("<caom2:dataRelease>2026-01-01T00:00:00.500</caom2:dataRelease>"));
    QVERIFY(contains("<caom2:calibrationLevel>-1</caom2:calibrationLevel>"));
    QVERIFY(contains("<caom2:bounds xsi:type=\"caom2:Polygon\">"));
    QVERIFY(contains("<caom2:energyBands>\n          <caom2:emBand>Optical</caom2:emBand>\n"
                     "          <caom2:emBand>UV</caom2:emBand>\n        </caom2:energyBands>"));
    QVERIFY(contains("<caom2:type>2</caom2:type>"));
    QVERIFY(!contains("\r"));
    // members come after planes, as the schema's DerivedObservation extension demands
    QVERIFY(result.xml.find("<caom2:members>") > result.xml.find("</caom2:planes>"));

    const ReadResult back = readObservation(result.xml, "rich-2.4");
    QVERIFY2(back.ok, back.error.toString().c_str());
    QCOMPARE(back.document.caomVersion, 24);
    QVERIFY2(back.document.observation == observation,
             qPrintable(firstDifference(observation, back.document.observation)));
    const QString checksums = checksumDifference(observation, back.document.observation);
    QVERIFY2(checksums.isEmpty(), qPrintable(checksums));
}

void TestXmlWriter::richDocument23()
{
    const Observation observation = richObservation();
    WriteReport report;
    const WriteResult result = writeObservation(observation, {23, true}, &report);
    QVERIFY2(result.ok, result.error.c_str());
    const QString problems = schemaProblems(result.xml, 23, m_scratch.path());
    QVERIFY2(problems.isEmpty(), qPrintable(problems));

    const std::string plane = "planes[productID=p1]";
    const std::string artifact = plane + ".artifacts[uri=ad:TEST/p1.fits]";
    const std::string chunk = artifact + ".parts[name=0].chunks[id=00000000-0000-0000-0000-000000000401]";
    const std::vector<std::string> expected = {
        "metaProducer",
        "metaReadGroups",
        "target.targetID",
        plane + ".metaProducer",
        plane + ".metaReadGroups",
        plane + ".dataReadGroups",
        plane + ".observable",
        plane + ".metrics.sampleSNR",
        plane + ".position.resolutionBounds",
        plane + ".energy.resolvingPowerBounds",
        plane + ".energy.energyBands",
        plane + ".time.resolutionBounds",
        plane + ".custom",
        artifact + ".contentRelease",
        artifact + ".contentReadGroups",
        chunk + ".customAxis",
        chunk + ".custom",
        "planes[productID=p2].metrics.sampleSNR",
    };
    QCOMPARE(report.dropped, expected);

    // The second plane's single band fits 2.3's one emBand; its metrics are left empty.
    QVERIFY(result.xml.find("<caom2:emBand>Radio</caom2:emBand>") != std::string::npos);
    QVERIFY(result.xml.find("<caom2:metrics />") != std::string::npos);
    QVERIFY(result.xml.find("energyBands") == std::string::npos);
    QVERIFY(result.xml.find("DerivedObservation") == std::string::npos);

    int droppedCount = 0;
    const Observation expectedModel = downgradeTo23(observation, droppedCount);
    QCOMPARE(droppedCount, static_cast<int>(expected.size()));
    const ReadResult back = readObservation(result.xml, "rich-2.3");
    QVERIFY2(back.ok, back.error.toString().c_str());
    QCOMPARE(back.document.caomVersion, 23);
    QVERIFY2(back.document.observation == expectedModel,
             qPrintable(firstDifference(expectedModel, back.document.observation)));
}

void TestXmlWriter::nanIsWritten()
{
    // xs:double has NaN and Java's Double.parseDouble reads it; only the infinities are refused.
    Observation observation = minimalObservation();
    observation.environment = Environment{};
    observation.environment->seeing = std::numeric_limits<double>::quiet_NaN();
    const WriteResult result = writeObservation(observation);
    QVERIFY2(result.ok, result.error.c_str());
    QVERIFY(result.xml.find("<caom2:seeing>NaN</caom2:seeing>") != std::string::npos);
    const QString problems = schemaProblems(result.xml, 24, m_scratch.path());
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

void TestXmlWriter::productTypesIn23()
{
    // 2.3 closed the ProductType vocabulary; optional part/chunk terms outside it are dropped and reported.
    Observation observation = minimalObservation();
    Plane plane;
    plane.id = uuid("00000000-0000-0000-0000-000000000101");
    plane.productID = "p";
    Artifact artifact;
    artifact.id = uuid("00000000-0000-0000-0000-000000000201");
    artifact.uri = Uri{"ad:TEST/x"};
    artifact.productType = ProductType{"auxiliary"};
    Part part;
    part.id = uuid("00000000-0000-0000-0000-000000000301");
    part.name = "0";
    part.productType = ProductType{"this"};
    Chunk chunk;
    chunk.id = uuid("00000000-0000-0000-0000-000000000401");
    chunk.productType = ProductType{"http://www.opencadc.org/caom2/ProductType#bias"};
    part.chunks.push_back(chunk);
    artifact.parts.push_back(part);
    plane.artifacts.push_back(artifact);
    observation.planes.push_back(plane);

    WriteReport report;
    const WriteResult v24 = writeObservation(observation, {24, true}, &report);
    QVERIFY2(v24.ok, v24.error.c_str());
    QVERIFY(report.dropped.empty());
    QVERIFY(v24.xml.find("<caom2:productType>this</caom2:productType>") != std::string::npos);
    QString problems = schemaProblems(v24.xml, 24, m_scratch.path());
    QVERIFY2(problems.isEmpty(), qPrintable(problems));

    const WriteResult v23 = writeObservation(observation, {23, true}, &report);
    QVERIFY2(v23.ok, v23.error.c_str());
    const std::string partPath = "planes[productID=p].artifacts[uri=ad:TEST/x].parts[name=0]";
    const std::vector<std::string> expected = {
        partPath + ".productType", partPath + ".chunks[id=00000000-0000-0000-0000-000000000401].productType"};
    QCOMPARE(report.dropped, expected);
    QVERIFY(v23.xml.find("<caom2:productType>auxiliary</caom2:productType>") != std::string::npos);
    problems = schemaProblems(v23.xml, 23, m_scratch.path());
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

void TestXmlWriter::refusals_data()
{
    QTest::addColumn<Observation>("observation");
    QTest::addColumn<int>("version");
    QTest::addColumn<QString>("errorStart"); // the path the error names

    const auto withPlane = [](const auto &edit) {
        Observation observation = minimalObservation();
        Plane plane;
        plane.id = uuid("00000000-0000-0000-0000-000000000101");
        plane.productID = "p";
        edit(plane);
        observation.planes.push_back(plane);
        return observation;
    };

    Observation control = minimalObservation();
    control.collection = "a\x01z";
    QTest::newRow("control character") << control << 24 << QStringLiteral("collection:");

    Observation badUtf8 = minimalObservation();
    badUtf8.proposal = Proposal{"p", std::nullopt, std::nullopt, std::string("caf\xe9"), {}};
    QTest::newRow("invalid UTF-8") << badUtf8 << 24 << QStringLiteral("proposal.title:");

    Observation badKeyword = minimalObservation();
    badKeyword.instrument = Instrument{"i", {std::string("a\0b", 3)}};
    QTest::newRow("NUL in keyword") << badKeyword << 23 << QStringLiteral("instrument.keywords.keyword:");

    Observation badAttribute = minimalObservation();
    badAttribute.metaProducer = Uri{"test:\x02"};
    QTest::newRow("control in attribute") << badAttribute << 24 << QStringLiteral("metaProducer:");

    Observation infinite = minimalObservation();
    infinite.target = Target{
        "t", std::nullopt, std::nullopt, std::nullopt, std::numeric_limits<double>::infinity(), std::nullopt, {}};
    QTest::newRow("infinite double") << infinite << 24 << QStringLiteral("target.redshift:");

    QTest::newRow("polygon with 2 points") << withPlane([](Plane &plane) {
        Polygon polygon;
        polygon.points = {{1, 1}, {2, 2}};
        polygon.samples.vertices = {{1, 1, SegmentType::Move}, {2, 2, SegmentType::Line}, {0, 0, SegmentType::Close}};
        plane.position = Position{};
        plane.position->bounds = Shape{polygon};
    }) << 24 << QStringLiteral("planes[productID=p].position.bounds.points:");

    QTest::newRow("sampled interval without samples") << withPlane([](Plane &plane) {
        SampledInterval bounds; // no samples
        bounds.lower = 1.0;
        bounds.upper = 2.0;
        Time time;
        time.bounds = bounds;
        plane.time = time;
    }) << 23 << QStringLiteral("planes[productID=p].time.bounds.samples:");

    QTest::newRow("POLA") << withPlane([](Plane &plane) {
        plane.polarization = Polarization{{PolarizationState::POLA}, 1};
    }) << 24 << QStringLiteral("planes[productID=p].polarization.states.state:");

    QTest::newRow("calibration level out of range")
        << withPlane([](Plane &plane) { plane.calibrationLevel = static_cast<CalibrationLevel>(7); }) << 24
        << QStringLiteral("planes[productID=p].calibrationLevel:");

    QTest::newRow("bad group URI") << withPlane([](Plane &plane) {
        plane.dataReadGroups = {Uri{"http://example.org/group"}};
    }) << 24 << QStringLiteral("planes[productID=p].dataReadGroups.groupURI:");

    QTest::newRow("bad plane URI") << withPlane([](Plane &plane) {
        plane.provenance = Provenance{};
        plane.provenance->name = "x";
        plane.provenance->inputs = {PlaneUri{Uri{"caom:TEST/only-two"}}};
    }) << 24 << QStringLiteral("planes[productID=p].provenance.inputs.planeURI:");

    QTest::newRow("2.4 product type in 2.3 artifact") << withPlane([](Plane &plane) {
        Artifact artifact;
        artifact.uri = Uri{"ad:TEST/x"};
        artifact.productType = ProductType{"this"};
        plane.artifacts.push_back(artifact);
    }) << 23 << QStringLiteral("planes[productID=p].artifacts[uri=ad:TEST/x].productType:");

    QTest::newRow("chunk WCS polygon with 2 vertices")
        << withPlane([](Plane &plane) {
               Chunk chunk;
               chunk.id = uuid("00000000-0000-0000-0000-000000000401");
               chunk.position = SpatialWCS{};
               chunk.position->axis.axis1.ctype = "RA";
               chunk.position->axis.axis2.ctype = "DEC";
               chunk.position->axis.bounds = CoordBounds2D{CoordPolygon2D{{{1, 1}, {2, 2}}}};
               Part part;
               part.name = "0";
               part.chunks.push_back(chunk);
               Artifact artifact;
               artifact.uri = Uri{"ad:TEST/x"};
               artifact.productType = ProductType{"science"};
               artifact.parts.push_back(part);
               plane.artifacts.push_back(artifact);
           })
        << 24
        << QStringLiteral("planes[productID=p].artifacts[uri=ad:TEST/x].parts[name=0]"
                          ".chunks[id=00000000-0000-0000-0000-000000000401].position.axis.bounds.polygon.vertices:");

    Observation simpleWithMembers = minimalObservation();
    simpleWithMembers.members = {ObservationUri{Uri{"caom:TEST/a"}}};
    QTest::newRow("members of a simple observation") << simpleWithMembers << 24 << QStringLiteral("members:");

    Observation badMember = minimalObservation();
    badMember.kind = ObservationKind::Derived;
    badMember.algorithm.name = "stack";
    badMember.members = {ObservationUri{Uri{"caom:TEST/a b"}}};
    QTest::newRow("bad observation URI") << badMember << 24 << QStringLiteral("members.observationURI:");

    QTest::newRow("version 2.2") << minimalObservation() << 22 << QStringLiteral("cannot write CAOM version 22");
}

void TestXmlWriter::refusals()
{
    QFETCH(Observation, observation);
    QFETCH(int, version);
    QFETCH(QString, errorStart);

    WriteReport report;
    const WriteResult result = writeObservation(observation, {version, true}, &report);
    QVERIFY(!result.ok);
    QVERIFY(result.xml.empty());
    QVERIFY2(qs(result.error).startsWith(errorStart), result.error.c_str());
}

void TestXmlWriter::samples_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(dataDir());
    const QStringList files = dir.entryList({QStringLiteral("*.xml")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 31);
    for (const QString &file : files)
        QTest::newRow(file.toUtf8().constData()) << dir.filePath(file);
}

void TestXmlWriter::samples()
{
    QFETCH(QString, path);

    const ReadResult first = readObservationFile(path.toStdString());
    // Every sample is readable (tst_xmlreader checks it too): a refusal here is a failure, not a skip.
    QVERIFY2(first.ok, qPrintable(QStringLiteral("the reader refuses this document: ") + qs(first.error.toString())));
    const Observation &model = first.document.observation;

    // 2.4: nothing is lost, the document validates and reads back as the same model and checksums.
    WriteReport report24;
    const WriteResult v24 = writeObservation(model, {24, true}, &report24);
    QVERIFY2(v24.ok, v24.error.c_str());
    QVERIFY(report24.dropped.empty());
    QString problems = schemaProblems(v24.xml, 24, m_scratch.path());
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    const ReadResult again = readObservation(v24.xml, "written-2.4");
    QVERIFY2(again.ok, again.error.toString().c_str());
    QCOMPARE(again.document.caomVersion, 24);
    QVERIFY2(again.document.observation == model, qPrintable(firstDifference(model, again.document.observation)));
    QString checksums = checksumDifference(model, again.document.observation);
    QVERIFY2(checksums.isEmpty(), qPrintable(checksums));
    const WriteResult rewritten = writeObservation(again.document.observation);
    QVERIFY(rewritten.ok);
    QVERIFY2(rewritten.xml == v24.xml, "writing the re-read model gives different bytes");

    // 2.3: exactly the 2.4-only values are dropped and reported; the rest reads back unchanged.
    WriteReport report23;
    const WriteResult v23 = writeObservation(model, {23, true}, &report23);
    QVERIFY2(v23.ok, v23.error.c_str());
    problems = schemaProblems(v23.xml, 23, m_scratch.path());
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    int droppedCount = 0;
    const Observation expected23 = downgradeTo23(model, droppedCount);
    QCOMPARE(static_cast<int>(report23.dropped.size()), droppedCount);
    if (droppedCount == 0)
        QVERIFY(expected23 == model);
    const ReadResult again23 = readObservation(v23.xml, "written-2.3");
    QVERIFY2(again23.ok, again23.error.toString().c_str());
    QCOMPARE(again23.document.caomVersion, 23);
    QVERIFY2(again23.document.observation == expected23,
             qPrintable(firstDifference(expected23, again23.document.observation)));
    checksums = checksumDifference(expected23, again23.document.observation);
    QVERIFY2(checksums.isEmpty(), qPrintable(checksums));
}

// What only the schema forbids is refused in strict mode but written in lenient mode (the store's), and
// reading that document back gives the same model: a mirror keeps exactly what the partner published.
void TestXmlWriter::lenientModeKeepsWhatTheReaderAccepts()
{
    Observation observation = minimalObservation();
    observation.target = Target{
        "t", std::nullopt, std::nullopt, std::nullopt, std::numeric_limits<double>::infinity(), std::nullopt, {}};
    Plane plane;
    plane.id = uuid("00000000-0000-0000-0000-000000000101");
    plane.productID = "p";
    plane.polarization = Polarization{{PolarizationState::POLA}, 1};
    plane.dataReadGroups = {Uri{"http://example.org/group"}};
    Polygon polygon;
    polygon.points = {{1, 1}, {2, 2}};
    polygon.samples.vertices = {{1, 1, SegmentType::Move}, {2, 2, SegmentType::Line}, {0, 0, SegmentType::Close}};
    plane.position = Position{};
    plane.position->bounds = Shape{polygon};
    observation.planes.push_back(plane);

    QVERIFY(!writeObservation(observation, {24, true}).ok);
    WriteOptions lenient;
    lenient.schemaStrict = false;
    const WriteResult written = writeObservation(observation, lenient);
    QVERIFY2(written.ok, written.error.c_str());
    QVERIFY(written.xml.find("Infinity") != std::string::npos);
    const ReadResult read = readObservation(written.xml, "lenient.xml");
    QVERIFY2(read.ok, read.error.toString().c_str());
    QVERIFY(read.document.observation == observation);
    QCOMPARE(computeChecksums(read.document.observation)[0].accMetaChecksum,
             computeChecksums(observation)[0].accMetaChecksum);

    // Text XML 1.0 cannot carry is refused in both modes: there is no way to keep it.
    Observation control = minimalObservation();
    control.collection = "a\x01z";
    QVERIFY(!writeObservation(control, lenient).ok);
}

QTEST_GUILESS_MAIN(TestXmlWriter)
#include "tst_xmlwriter.moc"
