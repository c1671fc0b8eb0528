// The hash a download and a validate compute over a file's bytes: the published test vectors of each
// algorithm, and the same digest whichever way the bytes are split into pieces as they arrive.
#include "artifact/content_hash.h"

#include <QCryptographicHash>
#include <QTest>

#include <algorithm>
#include <string>

class TestContentHash : public QObject {
    Q_OBJECT

private slots:
    void knownDigests_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("hex");
        // RFC 1321 appendix A.5, FIPS 180-2 appendix A and B.
        QTest::newRow("md5 empty") << QStringLiteral("md5") << QByteArray()
                                   << QByteArray("d41d8cd98f00b204e9800998ecf8427e");
        QTest::newRow("md5 abc") << QStringLiteral("md5") << QByteArray("abc")
                                 << QByteArray("900150983cd24fb0d6963f7d28e17f72");
        QTest::newRow("md5 alphabet") << QStringLiteral("md5") << QByteArray("abcdefghijklmnopqrstuvwxyz")
                                      << QByteArray("c3fcd3d76192e4007dfb496cca67e13b");
        QTest::newRow("sha1 abc") << QStringLiteral("sha1") << QByteArray("abc")
                                  << QByteArray("a9993e364706816aba3e25717850c26c9cd0d89d");
        QTest::newRow("sha256 abc") << QStringLiteral("sha256") << QByteArray("abc")
                                    << QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
    void knownDigests()
    {
        QFETCH(QString, algorithm);
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, hex);
        artifact::ContentHash hash(algorithm);
        hash.addData(input.constData(), std::size_t(input.size()));
        QCOMPARE(hash.hexResult(), hex);
    }

    // A transfer hands the hash whatever piece the network delivered: one byte, a block, a block and a bit.
    void piecesMakeTheSameDigest()
    {
        std::string bytes;
        for (int i = 0; i < 1000000; ++i)
            bytes.push_back(char('a' + i % 26));
        artifact::ContentHash whole(QStringLiteral("md5"));
        whole.addData(bytes.data(), bytes.size());
        const QByteArray expected = whole.hexResult();
        // No published vector for this input: the whole is checked against Qt's independent implementation, and
        // every split against the whole.
        QCOMPARE(
            expected,
            QCryptographicHash::hash(QByteArrayView(bytes.data(), qsizetype(bytes.size())), QCryptographicHash::Md5)
                .toHex());
        for (std::size_t piece : {std::size_t(1), std::size_t(63), std::size_t(4096), std::size_t(65537)}) {
            artifact::ContentHash split(QStringLiteral("md5"));
            for (std::size_t at = 0; at < bytes.size(); at += piece)
                split.addData(bytes.data() + at, std::min(piece, bytes.size() - at));
            QCOMPARE(split.hexResult(), expected);
        }
    }
};

QTEST_GUILESS_MAIN(TestContentHash)
#include "tst_contenthash.moc"
