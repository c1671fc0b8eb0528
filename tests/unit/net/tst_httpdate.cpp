// HTTP dates: the three forms RFC 9110 accepts, read to the second, and the one form we write. Expected
// values are the RFC's own example (784111777 s after 1970) and dates worked out by hand.
#include "net/http_date.h"

#include <QTest>

class TestHttpDate : public QObject {
    Q_OBJECT

private slots:
    void parsesEveryForm_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        const qint64 rfcExample = 784111777000;
        QTest::newRow("IMF-fixdate") << "Sun, 06 Nov 1994 08:49:37 GMT" << rfcExample;
        QTest::newRow("RFC 850") << "Sunday, 06-Nov-94 08:49:37 GMT" << rfcExample;
        QTest::newRow("asctime") << "Sun Nov  6 08:49:37 1994" << rfcExample;
        QTest::newRow("leap day") << "Thu, 29 Feb 2024 23:59:59 GMT" << qint64(1709251199000);
        QTest::newRow("epoch") << "Thu, 01 Jan 1970 00:00:00 GMT" << qint64(0);
    }
    void parsesEveryForm()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        const auto parsed = net::parseHttpDate(text.toStdString());
        QVERIFY(parsed.has_value());
        QCOMPARE(*parsed, ms);
    }

    void refusesWhatIsNotADate_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << "";
        QTest::newRow("words") << "tomorrow at noon";
        QTest::newRow("seconds") << "120";
    }
    void refusesWhatIsNotADate()
    {
        QFETCH(QString, text);
        QVERIFY(!net::parseHttpDate(text.toStdString()).has_value());
    }

    void writesImfFixdate()
    {
        QCOMPARE(QString::fromStdString(net::formatHttpDate(784111777000)),
                 QStringLiteral("Sun, 06 Nov 1994 08:49:37 GMT"));
        // Milliseconds are dropped, not rounded: a Date never claims a second that has not begun.
        QCOMPARE(QString::fromStdString(net::formatHttpDate(1709251199999)),
                 QStringLiteral("Thu, 29 Feb 2024 23:59:59 GMT"));
        QCOMPARE(QString::fromStdString(net::formatHttpDate(-1)), QStringLiteral("Wed, 31 Dec 1969 23:59:59 GMT"));
    }

    void roundTripsToTheSecond()
    {
        for (qint64 ms : {qint64(0), qint64(951782400123), qint64(1795000000999), qint64(4102444800000)}) {
            const auto parsed = net::parseHttpDate(net::formatHttpDate(ms));
            QVERIFY(parsed.has_value());
            QCOMPARE(*parsed, ms - ms % 1000);
        }
    }
};

QTEST_GUILESS_MAIN(TestHttpDate)
#include "tst_httpdate.moc"
