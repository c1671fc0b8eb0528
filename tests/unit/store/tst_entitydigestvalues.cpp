// Entity ids and checksums as the store keeps them since schema version 10 (16 bytes) and as everyone reads them
// (text): the bytes are the digest's own, and the text comes back exactly as it went in, whatever its form.

// <QTest> first: moc (Qt 6.4) cannot parse <compare> when a file's first include brings it in.
#include <QTest>

#include "store/entity_digest_values.h"

using namespace store;

class TestEntityDigestValues : public QObject {
    Q_OBJECT

private slots:
    void uuidRoundTrips_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("lower case") << QStringLiteral("761410f1-5e53-458f-905e-fb9aae08d3a2")
                                    << QStringLiteral("761410f1-5e53-458f-905e-fb9aae08d3a2");
        // caom2 reads either case and prints lower case, as the store did when it kept text.
        QTest::newRow("upper case") << QStringLiteral("761410F1-5E53-458F-905E-FB9AAE08D3A2")
                                    << QStringLiteral("761410f1-5e53-458f-905e-fb9aae08d3a2");
        QTest::newRow("small value") << QStringLiteral("00000000-0000-0000-0000-00000000abcd")
                                     << QStringLiteral("00000000-0000-0000-0000-00000000abcd");
    }

    void uuidRoundTrips()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const auto id = caom2::Uuid::parse(text.toStdString());
        QVERIFY(id);
        const QByteArray bytes = uuidBytes(*id);
        QCOMPARE(bytes.size(), 16);
        QCOMPARE(bytes, QByteArray::fromHex(text.toLatin1().replace('-', QByteArray())));
        QCOMPARE(storedUuidText(QVariant(bytes)), expected);
        // A row written before version 10 holds the text itself.
        QCOMPARE(storedUuidText(QVariant(expected)), expected);
    }

    void checksumRoundTrips_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("storedSize");
        QTest::newRow("md5") << QStringLiteral("md5:0b13d67ec8304064ba980b664667246a") << 16;
        QTest::newRow("md5, all digits") << QStringLiteral("md5:00000000000000000000000000000000") << 16;
        // Never written by this program; kept as their text so that nothing is lost or changed.
        QTest::newRow("md5, upper case") << QStringLiteral("md5:0B13D67EC8304064BA980B664667246A") << 36;
        QTest::newRow("not hexadecimal") << QStringLiteral("md5:0b13d67ec8304064ba980b664667246z") << 36;
        QTest::newRow("too short") << QStringLiteral("md5:0b13d67e") << 12;
        QTest::newRow("sha256") << QStringLiteral("sha256:") + QString(64, QLatin1Char('a')) << 71;
        QTest::newRow("empty") << QString() << 0;
    }

    void checksumRoundTrips()
    {
        QFETCH(QString, text);
        QFETCH(int, storedSize);
        const QByteArray stored = checksumBytes(text.toStdString());
        QCOMPARE(stored.size(), storedSize);
        if (storedSize == 16)
            QCOMPARE(stored, QByteArray::fromHex(text.mid(4).toLatin1()));
        QCOMPARE(storedChecksumText(QVariant(stored)), text);
        QCOMPARE(storedChecksumText(QVariant(text)), text);
    }
};

QTEST_GUILESS_MAIN(TestEntityDigestValues)
#include "tst_entitydigestvalues.moc"
