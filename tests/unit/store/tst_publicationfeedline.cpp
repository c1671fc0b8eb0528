// The publication feed's line format (docs/publications.md): records written and read back unchanged, and every
// kind of bad line refused with a cause an operator can act on.
#include "store/publication_feed_line.h"

#include <QTest>

using namespace store;

class TestPublicationFeedLine : public QObject {
    Q_OBJECT

private slots:
    void roundTrips()
    {
        PublicationLink link;
        link.proposal = {QStringLiteral("JWST-GO-1234"),
                         QStringLiteral("Doe, Jane"),
                         QStringLiteral("Dusty \"tori\""),
                         QStringLiteral("1"),
                         {QStringLiteral("AGN"), QStringLiteral("dust")},
                         QStringLiteral("Ünïcode")};
        link.publication = {QStringLiteral("2024A&A...681A..12D"),
                            QStringLiteral("10.1051/0004-6361/202347000"),
                            QStringLiteral("A title"),
                            {QStringLiteral("Doe, J."), QStringLiteral("Roe, R.")},
                            2024,
                            QStringLiteral("A&A")};
        link.lastModified = 1717236000123;
        const QByteArray line = writeFeedLine(link);
        QVERIFY(!line.contains('\n'));
        QVERIFY(line.contains("\"lastModified\":\"2024-06-01T10:00:00.123\""));
        auto read = readFeedLine(line);
        QVERIFY2(read, read ? "" : read.error().message.c_str());
        QCOMPARE(*read, link);

        PublicationLink removed;
        removed.proposal.id = QStringLiteral("P");
        removed.publication.bibcode = QStringLiteral("B");
        removed.lastModified = 5;
        removed.deleted = true;
        QCOMPARE(
            writeFeedLine(removed),
            QByteArray("{\"deleted\":true,\"lastModified\":\"1970-01-01T00:00:00.005\",\"proposal\":{\"id\":\"P\"},"
                       "\"publication\":{\"bibcode\":\"B\"}}"));
        QCOMPARE(*readFeedLine(writeFeedLine(removed)), removed);
    }

    void acceptsWhatPartnersWrite()
    {
        auto read = readFeedLine(
            "{\"lastModified\":\"2024-06-01T10:00:00Z\",\"proposal\":{\"id\":\"1\",\"cycle\":27,\"title\":"
            "\"two\\nlines\","
            "\"extra\":1},\"publication\":{\"bibcode\":\"B\",\"year\":2020,\"authors\":[\"A\",\"\"]},\"unknown\":[]}");
        QVERIFY2(read, read ? "" : read.error().message.c_str());
        QCOMPARE(read->lastModified, qint64(1717236000000));
        QCOMPARE(read->proposal.cycle, QStringLiteral("27"));
        QCOMPARE(read->proposal.title, QStringLiteral("two lines"));
        QCOMPARE(read->publication.authors, QStringList{QStringLiteral("A")});
        QCOMPARE(read->publication.year, std::optional<int>(2020));
        QVERIFY(!read->deleted);
    }

    void refusesBadLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("cause");
        const QByteArray ok = "\"lastModified\":\"2024-06-01T10:00:00.000\"";
        QTest::newRow("not json") << QByteArray("{\"lastModified\": ") << QStringLiteral("not JSON");
        QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("not a JSON object");
        QTest::newRow("no time") << QByteArray("{\"proposal\":{\"id\":\"1\"},\"publication\":{\"bibcode\":\"B\"}}")
                                 << QStringLiteral("lastModified is missing");
        QTest::newRow("bad time") << QByteArray("{\"lastModified\":\"June\",\"proposal\":{\"id\":\"1\"},"
                                                "\"publication\":{\"bibcode\":\"B\"}}")
                                  << QStringLiteral("lastModified \"June\" is not a time");
        QTest::newRow("no proposal") << "{" + ok + ",\"publication\":{\"bibcode\":\"B\"}}"
                                     << QStringLiteral("proposal is missing");
        QTest::newRow("empty id") << "{" + ok + ",\"proposal\":{\"id\":\"\"},\"publication\":{\"bibcode\":\"B\"}}"
                                  << QStringLiteral("proposal.id is missing");
        QTest::newRow("numeric id") << "{" + ok + ",\"proposal\":{\"id\":7},\"publication\":{\"bibcode\":\"B\"}}"
                                    << QStringLiteral("proposal.id is not a text");
        QTest::newRow("no bibcode") << "{" + ok + ",\"proposal\":{\"id\":\"1\"},\"publication\":{}}"
                                    << QStringLiteral("publication.bibcode is missing");
        QTest::newRow("bad year") << "{" + ok
                + ",\"proposal\":{\"id\":\"1\"},\"publication\":{\"bibcode\":\"B\",\"year\":20.5}}"
                                  << QStringLiteral("publication.year is not a four-digit year");
        QTest::newRow("huge year") << "{" + ok
                + ",\"proposal\":{\"id\":\"1\"},\"publication\":{\"bibcode\":\"B\",\"year\":1e300}}"
                                   << QStringLiteral("publication.year is not a four-digit year");
        QTest::newRow("authors text") << "{" + ok
                + ",\"proposal\":{\"id\":\"1\"},\"publication\":{\"bibcode\":\"B\","
                  "\"authors\":\"Doe\"}}"
                                      << QStringLiteral("publication.authors is not a list of texts");
        QTest::newRow("deleted text") << "{" + ok
                + ",\"deleted\":\"yes\",\"proposal\":{\"id\":\"1\"},\"publication\":{\"bibcode\":\"B\"}}"
                                      << QStringLiteral("deleted is neither true nor false");
    }
    void refusesBadLines()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, cause);
        auto read = readFeedLine(line);
        QVERIFY(!read);
        QCOMPARE(read.error().category, mirror::ErrorCategory::Parse);
        QVERIFY2(QString::fromStdString(read.error().message).startsWith(cause), read.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestPublicationFeedLine)
#include "tst_publicationfeedline.moc"
