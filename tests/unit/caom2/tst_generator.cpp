// The observation generator: each shape holds what it says, its documents are valid CAOM whose checksums verify
// when read back, and the HST shape still gives the observations it always gave (benchmarks compare stores made
// months apart).
#include "caom2/checksum.h"
#include "caom2/generator.h"
#include "caom2/xml_reader.h"
#include "caom2/xml_writer.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <string>

using namespace caom2;

namespace {

GeneratorOptions optionsFor(GeneratorShape shape)
{
    GeneratorOptions options;
    options.collection = "HST";
    options.seed = 1;
    options.shape = shape;
    return options;
}

// The written document read back: what a mirror that harvested it would hold.
ObservationDocument roundTrip(const Observation &observation)
{
    const WriteResult written = writeObservation(observation);
    if (!written.ok)
        qFatal("the generated observation cannot be written: %s", written.error.c_str());
    const ReadResult read = readObservation(written.xml, "generated.xml");
    if (!read.ok)
        qFatal("the written document cannot be read: %s", read.error.toString().c_str());
    return read.document;
}

// Empty when xmllint finds the document valid against the CAOM 2.4 schema, otherwise why not.
QString schemaProblems(const std::string &xml)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("generated.xml"));
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write ") + file;
    out.write(xml.data(), static_cast<qint64>(xml.size()));
    out.close();
    QProcess xmllint;
    xmllint.start(QStringLiteral("xmllint"),
                  {QStringLiteral("--noout"), QStringLiteral("--schema"),
                   QStringLiteral(MIRROR_TEST_DATA_DIR "/xsd/CAOM-2.4.xsd"), file});
    if (!xmllint.waitForStarted(10000))
        return QStringLiteral("xmllint could not be started (is libxml2-utils installed?)");
    if (!xmllint.waitForFinished(60000))
        return QStringLiteral("xmllint did not finish");
    if (xmllint.exitStatus() != QProcess::NormalExit || xmllint.exitCode() != 0)
        return QString::fromUtf8(xmllint.readAllStandardError()).left(2000);
    return {};
}

} // namespace

class TestGenerator : public QObject {
    Q_OBJECT

private slots:
    void shapeNames()
    {
        QVERIFY(generatorShapeFromName("hst") == std::optional(GeneratorShape::Hst));
        QVERIFY(generatorShapeFromName("minimal") == std::optional(GeneratorShape::Minimal));
        QVERIFY(!generatorShapeFromName("Minimal"));
        QVERIFY(!generatorShapeFromName(""));
    }

    void minimalHoldsOnePlaneWithOneFileAndNoParts()
    {
        const GeneratorOptions options = optionsFor(GeneratorShape::Minimal);
        for (std::uint64_t index : {0ULL, 1ULL, 25ULL, 9'999'999ULL}) {
            const Observation o = generateObservation(options, index);
            QCOMPARE(o.planes.size(), std::size_t(1));
            const Plane &plane = o.planes.front();
            QCOMPARE(plane.productID, o.observationID + "_flt");
            QVERIFY(plane.calibrationLevel == std::optional(CalibrationLevel::Calibrated));
            QCOMPARE(plane.artifacts.size(), std::size_t(1));
            const Artifact &artifact = plane.artifacts.front();
            QCOMPARE(artifact.uri.text, "mast:HST/product/" + o.observationID + "_flt.fits");
            QVERIFY(artifact.parts.empty());
            QVERIFY(artifact.contentLength && *artifact.contentLength >= 10'000'000);
            QVERIFY(artifact.contentChecksum && artifact.contentChecksum->text.starts_with("md5:"));
            QCOMPARE(artifact.contentChecksum->text.size(), std::size_t(36));
            // The observation-level values are the HST shape's: same identity, same instrument, same proposal.
            const Observation hst = generateObservation(optionsFor(GeneratorShape::Hst), index);
            QCOMPARE(o.observationID, hst.observationID);
            QVERIFY(o.id == hst.id);
            QVERIFY(o.maxLastModified == hst.maxLastModified);
            QVERIFY(o.instrument == hst.instrument);
            QVERIFY(o.proposal == hst.proposal);
            QCOMPARE(hst.planes.size(), std::size_t(3));
        }
    }

    void minimalDocumentIsSmall()
    {
        const WriteResult minimal = writeObservation(generateObservation(optionsFor(GeneratorShape::Minimal), 7));
        const WriteResult hst = writeObservation(generateObservation(optionsFor(GeneratorShape::Hst), 7));
        QVERIFY(minimal.ok && hst.ok);
        QVERIFY2(minimal.xml.size() < 4000, std::to_string(minimal.xml.size()).c_str());
        QVERIFY2(hst.xml.size() > 15000, std::to_string(hst.xml.size()).c_str());
    }

    void minimalIsValidCaomWithChecksumsThatVerify()
    {
        const Observation generated = generateObservation(optionsFor(GeneratorShape::Minimal), 42);
        const WriteResult written = writeObservation(generated);
        QVERIFY(written.ok);
        QCOMPARE(schemaProblems(written.xml), QString());
        const ObservationDocument read = roundTrip(generated);
        // Every entity's two stored checksums (observation, plane, artifact) came from the document and agree
        // with what the reader's model computes.
        const Verification verified = verifyChecksums(read.observation);
        QCOMPARE(verified.entities.size(), std::size_t(3));
        QCOMPARE(verified.storedValues, 6);
        QCOMPARE(verified.mismatches, 0);
        QVERIFY(read.observation.metaChecksum && read.observation.accMetaChecksum);
    }

    void aChangedValueNoLongerVerifies()
    {
        // The check above can fail: a document whose artifact length was changed after its checksums were
        // computed is caught, and the artifact is named as the cause.
        const Observation generated = generateObservation(optionsFor(GeneratorShape::Minimal), 42);
        std::string xml = writeObservation(generated).xml;
        const std::string length = std::to_string(*generated.planes.front().artifacts.front().contentLength);
        const std::size_t at = xml.find(">" + length + "<");
        QVERIFY(at != std::string::npos);
        xml.replace(at + 1, length.size(),
                    std::to_string(*generated.planes.front().artifacts.front().contentLength + 1));
        const ReadResult read = readObservation(xml, "changed.xml");
        QVERIFY(read.ok);
        const Verification verified = verifyChecksums(read.document.observation);
        QVERIFY(!verified.ok());
        QVERIFY(verified.firstMismatch);
        QVERIFY(verified.entities[*verified.firstMismatch].kind == EntityKind::Artifact);
    }

    void sameIndexSameObservation()
    {
        const GeneratorOptions options = optionsFor(GeneratorShape::Minimal);
        QVERIFY(generateObservation(options, 123) == generateObservation(options, 123));
        QVERIFY(!(generateObservation(options, 123) == generateObservation(options, 124)));
    }

    void hstShapeIsUnchanged()
    {
        // accMetaChecksums of the first and third HST-shaped observations (collection HST, seed 1) as made by the
        // program before the shapes existed (caom-sync generate --count 3, then caom-sync ls).
        const GeneratorOptions options = optionsFor(GeneratorShape::Hst);
        QCOMPARE(*generateObservation(options, 0).accMetaChecksum, std::string("md5:e5974231bae747bc261aaa37ca9d842c"));
        QCOMPARE(*generateObservation(options, 2).accMetaChecksum, std::string("md5:350bbc806913cede4d2c881f6d533ca2"));
    }
};

QTEST_GUILESS_MAIN(TestGenerator)
#include "tst_generator.moc"
