// Checksums against values computed by the reference implementation: the golden files in tests/data/expected
// (every entity of every sample) and the single-value test vectors of the spec (caom2-model.md §4.5).
#include "caom2/checksum.h"
#include "caom2/checksum_encoder.h"
#include "caom2/md5.h"
#include "caom2/xml_reader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

using namespace caom2;

namespace {

QString dataDir()
{
    return QStringLiteral(MIRROR_TEST_DATA_DIR);
}

// Path of a sample in tests/data, as the library takes it.
std::string sample(const QString &name)
{
    return QString(dataDir() + QLatin1Char('/') + name).toStdString();
}

template <typename T>
QByteArray md5OfEncoding(const T &value)
{
    std::string bytes;
    detail::ChecksumEncoder encoder(bytes, nullptr);
    encoder.encode(value);
    return QCryptographicHash::hash(QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())),
                                    QCryptographicHash::Md5)
        .toHex();
}

Uuid uuid(const char *text)
{
    return *Uuid::parse(text);
}

} // namespace

class TestChecksum : public QObject {
    Q_OBJECT

private slots:
    void goldenValues_data()
    {
        QTest::addColumn<QString>("xmlFile");
        const QStringList files = QDir(dataDir()).entryList({QStringLiteral("*.xml")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 31);
        for (const QString &file : files)
            QTest::newRow(qPrintable(file)) << file;
    }

    // Every entity of every sample: our computed values equal the reference's, including where the file's
    // stored values are stale.
    void goldenValues()
    {
        QFETCH(QString, xmlFile);
        QFile goldenFile(dataDir() + QStringLiteral("/expected/") + QFileInfo(xmlFile).completeBaseName()
                         + QStringLiteral(".json"));
        QVERIFY2(goldenFile.open(QIODevice::ReadOnly), qPrintable(goldenFile.fileName()));
        const QJsonObject golden = QJsonDocument::fromJson(goldenFile.readAll()).object();

        const ReadResult read = readObservationFile(sample(xmlFile));
        QVERIFY2(read.ok, read.error.toString().c_str());
        QCOMPARE(read.document.caomVersion, golden.value(QStringLiteral("caomVersion")).toInt());
        QCOMPARE(read.document.observation.kind == ObservationKind::Simple ? QStringLiteral("SimpleObservation")
                                                                           : QStringLiteral("DerivedObservation"),
                 golden.value(QStringLiteral("observationType")).toString());

        const std::vector<EntityChecksums> computed = computeChecksums(read.document.observation);
        const QJsonArray expected = golden.value(QStringLiteral("entities")).toArray();
        QCOMPARE(static_cast<qsizetype>(computed.size()), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const QJsonObject e = expected.at(i).toObject();
            const EntityChecksums &c = computed[static_cast<std::size_t>(i)];
            const QString where = QStringLiteral("entity %1 %2").arg(i).arg(e.value(QStringLiteral("id")).toString());
            QCOMPARE(QString::fromStdString(std::string(toString(c.kind))), e.value(QStringLiteral("kind")).toString());
            QCOMPARE(QString::fromStdString(c.id.toString()), e.value(QStringLiteral("id")).toString());
            QVERIFY2(QString::fromStdString(c.metaChecksum) == e.value(QStringLiteral("metaChecksum")).toString(),
                     qPrintable(where + QStringLiteral(" metaChecksum")));
            QVERIFY2(QString::fromStdString(c.accMetaChecksum) == e.value(QStringLiteral("accMetaChecksum")).toString(),
                     qPrintable(where + QStringLiteral(" accMetaChecksum")));
            const QJsonValue storedMeta = e.value(QStringLiteral("storedMetaChecksum"));
            QCOMPARE(c.storedMetaChecksum.has_value(), !storedMeta.isNull());
            if (c.storedMetaChecksum)
                QCOMPARE(QString::fromStdString(*c.storedMetaChecksum), storedMeta.toString());
        }
    }

    void singleValueVectors()
    {
        // Spec §4.5, computed by the reference.
        QCOMPARE(md5OfEncoding(true), QByteArray("55a54008ad1ba589aa210d2629c1df41"));
        QCOMPARE(md5OfEncoding(false), QByteArray("93b885adfe0da089cdf634904fd59f71"));
        QCOMPARE(md5OfEncoding(std::string("hello")), QByteArray("5d41402abc4b2a76b9719d911017c592"));
        QCOMPARE(md5OfEncoding(std::string("  hello\t")), QByteArray("5d41402abc4b2a76b9719d911017c592"));
        QCOMPARE(md5OfEncoding(Uri{"ad:file"}), QByteArray("effad6d4f11ff5a2a8fdd4880b7f2081"));
        QCOMPARE(md5OfEncoding(std::int32_t{3}), QByteArray("584a15a90f2f959d0703594ad447ae93"));
        QCOMPARE(md5OfEncoding(std::int32_t{-1}), QByteArray("a54f0041a9e15b050f25c463f1db7449"));
        QCOMPARE(md5OfEncoding(std::int64_t{1024}), QByteArray("bdc9dad378592f54a744bbf1b84ab1f4"));
        QCOMPARE(md5OfEncoding(std::int64_t{12345678910}), QByteArray("f61cbb413a37d320af998a215530bc78"));
        QCOMPARE(md5OfEncoding(2.2), QByteArray("0fec383169e99d1a6bebd89d1cd8fad9"));
        QCOMPARE(md5OfEncoding(0.05), QByteArray("77470f9437fafcb032d431e2d6fcb343"));
        QCOMPARE(md5OfEncoding(*Date::parse("2012-07-11T13:26:37.123")),
                 QByteArray("aedbcf5e27a17fc2daa5a0e0d7840009"));
        QCOMPARE(md5OfEncoding(*Date::parse("2012-07-11T13:26:37.000")),
                 QByteArray("aedbcf5e27a17fc2daa5a0e0d7840009"));
        QCOMPARE(md5OfEncoding(*Date::parse("2024-11-06T21:32:57.456")),
                 QByteArray("27d9a25d71fa2fe093fc1ea863a1818f"));
        QCOMPARE(md5OfEncoding(CalibrationLevel::Product), QByteArray("584a15a90f2f959d0703594ad447ae93"));
        // A uuid is hashed as its 16 bytes.
        std::string bytes;
        detail::ChecksumEncoder encoder(bytes, nullptr);
        encoder.putUuid(uuid("00000000-0000-0000-9d25-b0383f3182a5"));
        QCOMPARE(QCryptographicHash::hash(QByteArray::fromStdString(bytes), QCryptographicHash::Md5).toHex(),
                 QByteArray("5b71d023d4729575d550536dce8439e6"));
    }

    void atomEncodings()
    {
        auto encoded = [](const auto &value) {
            std::string bytes;
            detail::ChecksumEncoder encoder(bytes, nullptr);
            encoder.encode(value);
            return QByteArray::fromStdString(bytes).toHex();
        };
        QCOMPARE(encoded(std::nan("")), QByteArray("7ff8000000000000")); // every NaN is Java's canonical NaN
        QCOMPARE(encoded(-0.0), QByteArray("8000000000000000"));
        QCOMPARE(encoded(Date{-1500}), QByteArray("ffffffffffffffff"));   // -1.5 s truncates toward zero
        QCOMPARE(encoded(Uri{"ad:é"}), QByteArray("61643a254333254139")); // non-ASCII percent-encoded
        QCOMPARE(encoded(std::string("   ")), QByteArray(""));            // present but empty
        QCOMPARE(encoded(SegmentType::Move), QByteArray("00000002"));
        QCOMPARE(encoded(EnergyBand::XRay), QByteArray("582d726179")); // "X-ray"
    }

    // The worked example of spec §4.5: a part's acc value from its meta digest and two chunks.
    void workedExamplePart()
    {
        const ReadResult read = readObservationFile(sample(QStringLiteral("sample-derived-caom24.xml")));
        QVERIFY(read.ok);
        const Part *part = nullptr;
        for (const Plane &p : read.document.observation.planes)
            for (const Artifact &a : p.artifacts)
                for (const Part &candidate : a.parts)
                    if (candidate.id == uuid("033d7f7b-4876-46bc-ab5e-99215bec6252"))
                        part = &candidate;
        QVERIFY(part);
        QCOMPARE(toChecksumUri(metaDigest(*part)), std::string("md5:c847ee0a1c143b68953c6c7fe23325d0"));
        QCOMPARE(toChecksumUri(accDigest(*part)), std::string("md5:27f9dd4ee8a91bfdb9a0c93c3df4b926"));
    }

    // Spec §4.6 and the sample README: the three child orders differ exactly where documented.
    void childOrders()
    {
        const ReadResult wircam = readObservationFile(sample(QStringLiteral("visit_obs_start_wircam.xml")));
        QVERIFY(wircam.ok);
        QCOMPARE(toChecksumUri(accDigest(wircam.document.observation, ChildOrder::Java)),
                 std::string("md5:a29dc22ae234d6dd763f9768d82194be"));
        QCOMPARE(toChecksumUri(accDigest(wircam.document.observation, ChildOrder::Python)),
                 std::string("md5:9fe7888c6b5b811539ba343dba5aec1d"));

        const ReadResult legacy =
            readObservationFile(sample(QStringLiteral("sample-derived-caom24-compareTo-sorted.xml")));
        QVERIFY(legacy.ok);
        QVERIFY(!verifyChecksums(legacy.document.observation, ChildOrder::Java).ok());
        const Verification withLegacyOrder = verifyChecksums(legacy.document.observation, ChildOrder::JavaLegacy);
        QVERIFY(withLegacyOrder.ok());
        QCOMPARE(withLegacyOrder.storedValues, 62);
    }

    // Verification names the root cause: the stale plane, not the observation whose acc echoes it.
    void verificationNamesRootCause()
    {
        const ReadResult read = readObservationFile(sample(QStringLiteral("double_uris.xml")));
        QVERIFY(read.ok);
        const Verification v = verifyChecksums(read.document.observation);
        QVERIFY(!v.ok());
        QVERIFY(v.firstMismatch.has_value());
        const EntityVerification &cause = v.entities[*v.firstMismatch];
        QVERIFY(cause.kind == EntityKind::Plane);
        QCOMPARE(cause.id.toString(), std::string("00000000-0000-0000-0678-016616e53a7c"));
        QVERIFY(!cause.metaAgrees());
    }

    // Changing any one hashed field changes the entity's metaChecksum and its ancestors' acc values, but
    // not its siblings'; changing lastModified or stored checksums changes nothing.
    void sensitivity()
    {
        const ReadResult read = readObservationFile(sample(QStringLiteral("sample-derived-caom24.xml")));
        QVERIFY(read.ok);
        Observation changed = read.document.observation;
        const auto before = computeChecksums(changed);
        changed.planes[0].artifacts[0].contentLength = *changed.planes[0].artifacts[0].contentLength + 1;
        changed.planes[0].lastModified = Date{0};
        changed.metaChecksum = "md5:00";
        const auto after = computeChecksums(changed);
        QCOMPARE(after[0].metaChecksum, before[0].metaChecksum);        // observation's own state unchanged
        QVERIFY(after[0].accMetaChecksum != before[0].accMetaChecksum); // but its descendants changed
        QCOMPARE(after[1].metaChecksum, before[1].metaChecksum);        // plane: lastModified is never hashed
        QVERIFY(after[2].metaChecksum != before[2].metaChecksum);       // the artifact itself
    }

    void assignedChecksumsVerify()
    {
        const ReadResult read = readObservationFile(sample(QStringLiteral("2384125.expected.xml")));
        QVERIFY(read.ok);
        Observation observation = read.document.observation;
        QVERIFY(!verifyChecksums(observation).ok()); // a stale fixture
        assignChecksums(observation);
        const Verification v = verifyChecksums(observation);
        QVERIFY(v.ok());
        QCOMPARE(v.storedValues, 2 * static_cast<int>(v.entities.size()));
    }

    // Our MD5 against RFC 1321's test suite and against Qt's for every length around the block and padding
    // boundaries, fed whole and in uneven pieces.
    void md5MatchesReference()
    {
        auto hex = [](const std::array<std::uint8_t, 16> &d) {
            return QByteArray(reinterpret_cast<const char *>(d.data()), 16).toHex();
        };
        auto ours = [&](std::string_view text) {
            detail::Md5 hash;
            hash.add(text);
            return hex(hash.finish());
        };
        QCOMPARE(ours(""), QByteArray("d41d8cd98f00b204e9800998ecf8427e"));
        QCOMPARE(ours("abc"), QByteArray("900150983cd24fb0d6963f7d28e17f72"));
        QCOMPARE(ours("message digest"), QByteArray("f96b697d7cb7938d525a2f31aaf161d0"));
        QCOMPARE(ours("12345678901234567890123456789012345678901234567890123456789012345678901234567890"),
                 QByteArray("57edf4a22be3c955ac49da2e2107b67a"));
        std::string bytes;
        for (int length = 0; length <= 300; ++length) {
            const QByteArray expected =
                QCryptographicHash::hash(QByteArray(bytes.data(), qsizetype(bytes.size())), QCryptographicHash::Md5)
                    .toHex();
            QCOMPARE(ours(bytes), expected);
            detail::Md5 pieces; // 1, 2, 3, ... bytes at a time
            for (std::size_t at = 0, piece = 1; at < bytes.size(); at += piece, ++piece)
                pieces.add(std::string_view(bytes).substr(at, piece));
            QCOMPARE(hex(pieces.finish()), expected);
            bytes.push_back(static_cast<char>((length * 131 + 7) & 0xFF));
        }
    }

    // verifyChecksums agrees with the reference's values for every entity of every sample, including the stale
    // ones, and keeps text (the identity path, the stored value) only for the entities that differ.
    void verificationMatchesGolden_data() { goldenValues_data(); }
    void verificationMatchesGolden()
    {
        QFETCH(QString, xmlFile);
        QFile goldenFile(dataDir() + QStringLiteral("/expected/") + QFileInfo(xmlFile).completeBaseName()
                         + QStringLiteral(".json"));
        QVERIFY2(goldenFile.open(QIODevice::ReadOnly), qPrintable(goldenFile.fileName()));
        const QJsonArray expected =
            QJsonDocument::fromJson(goldenFile.readAll()).object().value(QStringLiteral("entities")).toArray();
        const ReadResult read = readObservationFile(sample(xmlFile));
        QVERIFY2(read.ok, read.error.toString().c_str());
        const Verification v = verifyChecksums(read.document.observation);
        QCOMPARE(static_cast<qsizetype>(v.entities.size()), expected.size());
        int differing = 0;
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const QJsonObject e = expected.at(i).toObject();
            const EntityVerification &c = v.entities[static_cast<std::size_t>(i)];
            const std::string meta = e.value(QStringLiteral("metaChecksum")).toString().toStdString();
            const std::string acc = e.value(QStringLiteral("accMetaChecksum")).toString().toStdString();
            QCOMPARE(c.metaChecksum(), meta);
            QCOMPARE(c.accMetaChecksum(), acc);
            const QJsonValue storedMeta = e.value(QStringLiteral("storedMetaChecksum"));
            const QJsonValue storedAcc = e.value(QStringLiteral("storedAccMetaChecksum"));
            QCOMPARE(c.storedMetaChecksum().has_value(), !storedMeta.isNull());
            if (!storedMeta.isNull()) {
                QCOMPARE(*c.storedMetaChecksum(), storedMeta.toString().toStdString());
                QCOMPARE(c.metaAgrees(), storedMeta.toString().toStdString() == meta);
            }
            QCOMPARE(c.storedAccMetaChecksum().has_value(), !storedAcc.isNull());
            if (!storedAcc.isNull()) {
                QCOMPARE(*c.storedAccMetaChecksum(), storedAcc.toString().toStdString());
                QCOMPARE(c.accAgrees(), storedAcc.toString().toStdString() == acc);
            }
            const bool agrees = c.metaAgrees() && c.accAgrees();
            differing += (c.metaAgrees() ? 0 : 1) + (c.accAgrees() ? 0 : 1);
            if (agrees) {
                QVERIFY(c.path.empty() && c.storedMetaText.empty() && c.storedAccText.empty());
            } else if (c.kind != EntityKind::Observation) {
                QVERIFY2(!c.path.empty(), qPrintable(QStringLiteral("entity %1 differs but has no path").arg(i)));
            }
        }
        QCOMPARE(v.mismatches, differing);
        QCOMPARE(v.ok(), differing == 0);
        QCOMPARE(v.firstMismatch.has_value(), differing > 0);
    }

    // A stored value is compared as the text it is: only "md5:" and 32 lowercase hex digits can agree.
    void storedValueComparedAsWritten()
    {
        const ReadResult read = readObservationFile(sample(QStringLiteral("sample-derived-caom24.xml")));
        QVERIFY(read.ok);
        Observation o = read.document.observation;
        assignChecksums(o);
        const std::string right = *o.metaChecksum;
        QVERIFY(verifyChecksums(o).ok());
        QCOMPARE(parseChecksumUri(right).value(), metaDigest(o));
        std::string upper = right;
        for (char &c : upper)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        // In the last place: the characters either side of the digits' and letters' ranges, a byte above ASCII.
        std::vector<std::string> wrongs{upper, right.substr(0, 35), right + "0", "sha1:" + right.substr(4),
                                        std::string("md5:") + std::string(32, 'g')};
        for (const char neighbour : {'/', ':', '`', 'g', 'F', '\xe9'})
            wrongs.push_back(right.substr(0, 35) + neighbour);
        for (const std::string &wrong : wrongs) {
            o.metaChecksum = wrong;
            const Verification v = verifyChecksums(o);
            QVERIFY2(!v.ok(), wrong.c_str());
            QCOMPARE(v.mismatches, 1);
            QCOMPARE(v.firstMismatch.value(), std::size_t(0));
            QCOMPARE(v.entities[0].storedMetaText, wrong);
            QCOMPARE(v.entities[0].storedMetaChecksum().value(), wrong);
            QCOMPARE(v.entities[0].metaChecksum(), right);
            QVERIFY(v.entities[0].path.empty()); // the observation itself
            QVERIFY(!parseChecksumUri(wrong));
        }
    }

    // Siblings that share an id count once in their parent's accMetaChecksum (spec §4.6): the Java collection
    // keeps the one it iterates last (planes by productID), the Python library the last in the document.
    void siblingsSharingAnIdCountOnce()
    {
        const ReadResult read = readObservationFile(sample(QStringLiteral("sample-derived-caom24.xml")));
        QVERIFY(read.ok);
        Observation o = read.document.observation;
        QVERIFY(!o.planes.empty());
        const Plane model = o.planes[0];
        Plane first = model; // document order: "b" first, then "a", both with one id; "c" with a smaller id
        Plane second = model;
        Plane other = model;
        first.productID = "b";
        second.productID = "a";
        other.productID = "c";
        first.id = second.id = uuid("00000000-0000-4000-8000-000000000002");
        other.id = uuid("00000000-0000-4000-8000-000000000001");
        first.artifacts.resize(1);
        second.artifacts.clear(); // so the two planes' digests differ
        o.planes = {first, second, other};

        auto combined = [&](const Plane &kept) {
            QByteArray bytes;
            for (const Digest &d : {metaDigest(o), accDigest(other), accDigest(kept)})
                bytes.append(reinterpret_cast<const char *>(d.data()), static_cast<qsizetype>(d.size()));
            const QByteArray hash = QCryptographicHash::hash(bytes, QCryptographicHash::Md5);
            Digest digest{};
            std::copy(hash.begin(), hash.end(), digest.begin());
            return digest;
        };
        QVERIFY(accDigest(first) != accDigest(second));
        QCOMPARE(accDigest(o, ChildOrder::Java), combined(first));    // productID "b" is iterated after "a"
        QCOMPARE(accDigest(o, ChildOrder::Python), combined(second)); // "a" is last in the document
        std::swap(o.planes[0], o.planes[1]);                          // the document order does not matter to Java
        QCOMPARE(accDigest(o, ChildOrder::Java), combined(first));
        QCOMPARE(accDigest(o, ChildOrder::Python), combined(first));
    }

    void uuidOrderAndText()
    {
        const Uuid a = uuid("aaa00000-0000-0000-5522-013d41d79af3"); // version 0, large value
        const Uuid b = uuid("0b8c5a2e-1234-4abc-8def-0123456789ab"); // version 4
        QCOMPARE(a.version(), 0);
        QCOMPARE(b.version(), 4);
        QCOMPARE(uuid("0B8C5A2E-1234-4ABC-8DEF-0123456789AB").toString(), b.toString());
        QVERIFY(!Uuid::parse("0b8c5a2e12344abc8def0123456789ab"));
        QVERIFY(!Uuid::parse("0b8c5a2e-1234-4abc-8def-0123456789ag"));
        for (const char *wrong : {"0b8c5a2e-1234-4abc-8def-0123456789a/",
                                  "0b8c5a2e-1234-4abc-8def-0123456789a:", "0b8c5a2e-1234-4abc-8def-0123456789a@",
                                  "0b8c5a2e-1234-4abc-8def-0123456789aG", "0b8c5a2e-1234-4abc-8def-0123456789a`",
                                  "\xe9"
                                  "b8c5a2e-1234-4abc-8def-0123456789ab"})
            QVERIFY2(!Uuid::parse(wrong), wrong);
    }
};

QTEST_GUILESS_MAIN(TestChecksum)
#include "tst_checksum.moc"
