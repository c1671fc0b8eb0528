#include "net/url.h"

#include <QTest>

// Identifiers carry characters that are URL syntax; the encoding must turn each into data, and decoding
// must give the identifier back byte for byte.
class TestUrl : public QObject {
    Q_OBJECT

private slots:
    void encodePathSegment_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("plain") << QByteArray("obs-1_2.3~x") << QByteArray("obs-1_2.3~x");
        QTest::newRow("plus") << QByteArray("a+b") << QByteArray("a%2Bb");
        QTest::newRow("hash") << QByteArray("a#b") << QByteArray("a%23b");
        QTest::newRow("question") << QByteArray("a?b") << QByteArray("a%3Fb");
        QTest::newRow("ampersand") << QByteArray("a&b=c") << QByteArray("a%26b%3Dc");
        QTest::newRow("space") << QByteArray("a b") << QByteArray("a%20b");
        QTest::newRow("slash") << QByteArray("a/b") << QByteArray("a%2Fb");
        QTest::newRow("percent") << QByteArray("100%") << QByteArray("100%25");
        QTest::newRow("e-acute") << QByteArray("caf\xc3\xa9") << QByteArray("caf%C3%A9");
        QTest::newRow("japanese") << QByteArray("\xe6\x97\xa5\xe6\x9c\xac") << QByteArray("%E6%97%A5%E6%9C%AC");
        QTest::newRow("empty") << QByteArray() << QByteArray();
    }

    void encodePathSegment()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, encoded);
        const std::string in = raw.toStdString();
        QCOMPARE(QByteArray::fromStdString(net::encodePathSegment(in)), encoded);
        QCOMPARE(QByteArray::fromStdString(net::encodeQueryValue(in)), encoded);
        // Round trip: decoding gives back exactly the bytes we started from.
        QCOMPARE(QByteArray::fromStdString(net::decodePercent(net::encodePathSegment(in))), raw);
    }

    void decodePercent_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("decoded");
        QTest::newRow("lower-case hex") << QStringLiteral("caf%c3%a9") << QByteArray("caf\xc3\xa9");
        QTest::newRow("plus stays plus") << QStringLiteral("a+b") << QByteArray("a+b");
        QTest::newRow("once only") << QStringLiteral("%2541") << QByteArray("%41");
        QTest::newRow("bad hex kept") << QStringLiteral("%zz%4") << QByteArray("%zz%4");
        QTest::newRow("trailing percent") << QStringLiteral("a%") << QByteArray("a%");
    }

    void decodePercent()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, decoded);
        QCOMPARE(QByteArray::fromStdString(net::decodePercent(text.toStdString())), decoded);
    }

    void joinUrl_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("joined");
        QTest::newRow("no slashes") << QStringLiteral("https://h/obs") << QStringLiteral("HST")
                                    << QStringLiteral("https://h/obs/HST");
        QTest::newRow("base slash") << QStringLiteral("https://h/obs/") << QStringLiteral("HST")
                                    << QStringLiteral("https://h/obs/HST");
        QTest::newRow("both slashes") << QStringLiteral("https://h/obs/") << QStringLiteral("/HST")
                                      << QStringLiteral("https://h/obs/HST");
        QTest::newRow("path slash") << QStringLiteral("https://h/obs") << QStringLiteral("/HST")
                                    << QStringLiteral("https://h/obs/HST");
        QTest::newRow("empty base") << QString() << QStringLiteral("HST") << QStringLiteral("HST");
    }

    void joinUrl()
    {
        QFETCH(QString, base);
        QFETCH(QString, path);
        QFETCH(QString, joined);
        QCOMPARE(QString::fromStdString(net::joinUrl(base.toStdString(), path.toStdString())), joined);
    }

    void redactUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("redacted");
        QTest::newRow("user and password")
            << QStringLiteral("https://alice:s3cret@host:8443/a?b=c") << QStringLiteral("https://host:8443/a?b=c");
        QTest::newRow("user only") << QStringLiteral("http://alice@host/") << QStringLiteral("http://host/");
        QTest::newRow("at in password") << QStringLiteral("https://u:p@ss@host/x") << QStringLiteral("https://host/x");
        QTest::newRow("no userinfo") << QStringLiteral("https://host/p@th?q=a@b")
                                     << QStringLiteral("https://host/p@th?q=a@b");
        QTest::newRow("postgresql") << QStringLiteral("postgresql://mirror:pw@db/mirror")
                                    << QStringLiteral("postgresql://db/mirror");
        QTest::newRow("not a url") << QStringLiteral("plain text") << QStringLiteral("plain text");
    }

    void redactUrl()
    {
        QFETCH(QString, url);
        QFETCH(QString, redacted);
        const QString out = QString::fromStdString(net::redactUrl(url.toStdString()));
        QCOMPARE(out, redacted);
        QVERIFY(!out.contains(QStringLiteral("s3cret")));
    }
};

QTEST_GUILESS_MAIN(TestUrl)
#include "tst_url.moc"
