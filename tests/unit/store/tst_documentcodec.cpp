// How documents are kept in the store: a document whose checksums all derive again is kept without them and read
// back byte for byte as written; any other document keeps the checksums it came with; damage is refused.
#include "caom2/checksum.h"
#include "caom2/generator.h"
#include "caom2/xml_reader.h"
#include "caom2/xml_writer.h"
#include "store/document_codec.h"

#include <QDir>
#include <QTest>

#include <string>

using namespace store;

namespace {

// The document as the store keeps every document: our writer's CAOM 2.4, checksums as the model holds them.
QByteArray canonicalXml(const caom2::Observation &observation)
{
    caom2::WriteOptions options;
    options.caomVersion = 24;
    options.schemaStrict = false;
    const caom2::WriteResult written = caom2::writeObservation(observation, options);
    if (!written.ok)
        qFatal("cannot write %s: %s", observation.observationID.c_str(), written.error.c_str());
    return QByteArray::fromStdString(written.xml);
}

QByteArray encoded(const caom2::Observation &observation)
{
    auto stored = encodeDocument(observation, caom2::computeChecksums(observation));
    if (!stored)
        qFatal("cannot encode %s: %s", observation.observationID.c_str(), stored.error().message.c_str());
    return *stored;
}

caom2::Observation generated(std::uint64_t index)
{
    caom2::GeneratorOptions options;
    options.collection = "CODEC";
    return caom2::generateObservation(options, index); // its checksums verify
}

// Every sample observation in tests/data that reads.
std::vector<std::pair<QString, caom2::Observation>> samples()
{
    std::vector<std::pair<QString, caom2::Observation>> result;
    const QDir dir(QStringLiteral(MIRROR_TEST_DATA_DIR));
    for (const QString &name : dir.entryList({QStringLiteral("*.xml")}, QDir::Files, QDir::Name)) {
        caom2::ReadResult read = caom2::readObservationFile(dir.filePath(name).toStdString());
        if (read.ok)
            result.emplace_back(name, std::move(read.document.observation));
    }
    return result;
}

} // namespace

class TestDocumentCodec : public QObject {
    Q_OBJECT

private slots:
    void everySampleWithDerivableChecksumsReadsBackAsWritten()
    {
        const auto all = samples();
        QVERIFY2(all.size() >= 20, "the samples in tests/data are read");
        for (auto [name, observation] : all) {
            caom2::assignChecksums(observation); // samples without checksums, or with old ones, get derivable ones
            const QByteArray stored = encoded(observation);
            QVERIFY2(isKeptWithoutChecksums(stored), qPrintable(name));
            const auto xml = decodeDocumentXml(stored);
            QVERIFY2(xml, qPrintable(name));
            QVERIFY2(*xml == canonicalXml(observation), qPrintable(name));
            const auto read = decodeDocument(stored, name);
            QVERIFY2(read, qPrintable(name));
            QVERIFY2(*read == observation, qPrintable(name));
        }
    }

    void samplesAsTheyCameKeepTheirChecksums()
    {
        int keptAsTheyCame = 0;
        for (const auto &[name, observation] : samples()) {
            const QByteArray stored = encoded(observation);
            const auto sums = caom2::computeChecksums(observation);
            const bool allAgree = std::all_of(sums.begin(), sums.end(), [](const caom2::EntityChecksums &c) {
                return c.storedMetaChecksum && c.storedAccMetaChecksum && c.metaAgrees() && c.accAgrees();
            });
            QCOMPARE(isKeptWithoutChecksums(stored), allAgree);
            keptAsTheyCame += allAgree ? 0 : 1;
            const auto xml = decodeDocumentXml(stored);
            QVERIFY2(xml, qPrintable(name));
            QVERIFY2(*xml == canonicalXml(observation), qPrintable(name));
        }
        QVERIFY2(keptAsTheyCame > 0, "some samples carry no checksums or old ones");
    }

    void generatedObservationsReadBackAsWrittenInFewerBytes()
    {
        for (std::uint64_t i = 0; i < 50; ++i) {
            const caom2::Observation observation = generated(i);
            const QByteArray stored = encoded(observation);
            QVERIFY(isKeptWithoutChecksums(stored));
            QCOMPARE(*decodeDocumentXml(stored), canonicalXml(observation));

            caom2::Observation withOneOld = observation;
            withOneOld.planes.front().metaChecksum = "md5:00000000000000000000000000000000";
            const QByteArray asItCame = encoded(withOneOld);
            QVERIFY(!isKeptWithoutChecksums(asItCame));
            QVERIFY2(stored.size() * 10 < asItCame.size() * 9, "checksums are more than a tenth of the bytes");
        }
    }

    void aDifferingChecksumIsKeptAsItCame()
    {
        caom2::Observation observation = generated(7);
        const std::string partners = "md5:0123456789abcdef0123456789abcdef";
        observation.planes.back().artifacts.front().accMetaChecksum = partners;
        const QByteArray stored = encoded(observation);
        QVERIFY(!isKeptWithoutChecksums(stored));
        const auto xml = decodeDocumentXml(stored);
        QVERIFY(xml);
        QVERIFY(xml->contains(QByteArray::fromStdString(partners)));
        QCOMPARE(*xml, canonicalXml(observation));
        QCOMPARE(decodeDocument(stored, QStringLiteral("CODEC/7"))->planes.back().artifacts.front().accMetaChecksum,
                 std::optional<std::string>(partners));
    }

    void aMissingChecksumStaysMissing()
    {
        caom2::Observation observation = generated(8);
        observation.planes.front().artifacts.front().metaChecksum.reset();
        const QByteArray stored = encoded(observation);
        QVERIFY(!isKeptWithoutChecksums(stored));
        const auto read = decodeDocument(stored, QStringLiteral("CODEC/8"));
        QVERIFY(read);
        QVERIFY(!read->planes.front().artifacts.front().metaChecksum);
        QVERIFY(read->planes.front().artifacts.front().accMetaChecksum);
    }

    void damageIsRefusedAndNamesTheObservation()
    {
        const QByteArray stored = encoded(generated(9));
        QByteArray wrongDigest = stored;
        wrongDigest[5] = static_cast<char>(wrongDigest[5] ^ 0x01); // inside the kept accMetaChecksum
        const auto xml = decodeDocumentXml(wrongDigest);
        QVERIFY(!xml);
        QVERIFY2(QString::fromStdString(xml.error().message).contains(QStringLiteral("damaged")),
                 xml.error().message.c_str());
        const auto read = decodeDocument(wrongDigest, QStringLiteral("CODEC/9"));
        QVERIFY(!read);
        QVERIFY2(read.error().message.rfind("CODEC/9: ", 0) == 0, read.error().message.c_str());

        QVERIFY(!decodeDocumentXml(stored.left(10)));
        QByteArray unknownCodec = stored;
        unknownCodec[0] = 'Q';
        const auto unknown = decodeDocument(unknownCodec, QStringLiteral("CODEC/9"));
        QVERIFY(!unknown);
        QVERIFY2(QString::fromStdString(unknown.error().message).contains(QStringLiteral("unknown encoding")),
                 unknown.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestDocumentCodec)
#include "tst_documentcodec.moc"
