// The hostile-input catalogue, listing lines: rows a partner's observation-state listing could hold. Each is
// refused with a message naming the line and the cause (the documents are in tst_cli_hostile).
#include "net/listing_parser.h"

#include <QTest>

class TestHostileListings : public QObject {
    Q_OBJECT

private slots:
    // Listing lines a partner could send: each is refused with a message naming the line and the cause.
    // (A row whose trailing empty columns were dropped still names its observation and is read; a control
    // character in an observationID is read here and refused by the harvest as a skip of that row alone:
    // tst_hostile_network.)
    void listingLinesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("cause");
        const QByteArray good = "GEMINI\tGN-2014A\t2023-11-15T14:30:00.123\tmd5:0123456789abcdef0123456789abcdef";
        QTest::newRow("too few fields") << QByteArray("GEMINI") << QStringLiteral("field");
        QTest::newRow("too many fields") << good + "\textra\tmore" << QStringLiteral("field");
        QTest::newRow("empty observationID")
            << QByteArray("GEMINI\t\t2023-11-15T14:30:00.123\tmd5:0123456789abcdef0123456789abcdef")
            << QStringLiteral("empty");
        QTest::newRow("timestamp that is not one")
            << QByteArray("GEMINI\tGN-2014A\tyesterday\tmd5:0123456789abcdef0123456789abcdef")
            << QStringLiteral("time");
        QTest::newRow("checksum without algorithm")
            << QByteArray("GEMINI\tGN-2014A\t2023-11-15T14:30:00.123\t0123456789abcdef") << QStringLiteral("checksum");
    }

    void listingLinesAreRefused()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, cause);
        const auto parsed = net::parseStateLine(std::string_view(line.constData(), std::size_t(line.size())), 42);
        QVERIFY2(!parsed, line.constData());
        const QString message = QString::fromStdString(parsed.error().message);
        QVERIFY2(message.contains(QStringLiteral("42")), qPrintable(message));
        QVERIFY2(message.contains(cause, Qt::CaseInsensitive), qPrintable(message));
    }
};

QTEST_APPLESS_MAIN(TestHostileListings)
#include "tst_hostile_listings.moc"
