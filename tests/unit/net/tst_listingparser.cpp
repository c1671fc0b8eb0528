// The listing formats of spec caom2-sync.md §1.4, including the odd cases (quoted fields, empty columns,
// CR line ends, bodies cut mid-line) that a tolerant client must read or refuse.
#include "net/listing_parser.h"

#include <QTest>

#include <string>
#include <vector>

using namespace net;

class TestListingParser : public QObject {
    Q_OBJECT

private slots:
    void splitsTabs_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QByteArrayList>("fields");
        QTest::addColumn<bool>("quoted");
        QTest::newRow("plain") << QByteArray("a\tb\tc") << QByteArrayList{"a", "b", "c"} << false;
        QTest::newRow("empty last") << QByteArray("a\tb\t") << QByteArrayList{"a", "b", ""} << false;
        QTest::newRow("quoted tab") << QByteArray("a\t\"b\tc\"\td") << QByteArrayList{"a", "b\tc", "d"} << true;
        QTest::newRow("doubled quote") << QByteArray("\"say \"\"hi\"\"\"\tx") << QByteArrayList{"say \"hi\"", "x"}
                                       << true;
        QTest::newRow("quote inside unquoted") << QByteArray("ab\"c\td") << QByteArrayList{"ab\"c", "d"} << false;
        // Bare quotes, as our serve writes them (it quotes only TAB, CR and LF): read literally.
        QTest::newRow("bare say\"hi\"") << QByteArray("say\"hi\"\tx") << QByteArrayList{"say\"hi\"", "x"} << false;
        QTest::newRow("bare quoted word") << QByteArray("\"x\"\ty") << QByteArrayList{"\"x\"", "y"} << false;
        QTest::newRow("bare opening quote")
            << QByteArray("\"open\tb\tc") << QByteArrayList{"\"open", "b", "c"} << false;
        QTest::newRow("bare quote then text") << QByteArray("\"ab\"c\td") << QByteArrayList{"\"ab\"c", "d"} << false;
        QTest::newRow("bare quote hides a tab")
            << QByteArray("\"a\tb\"c\td") << QByteArrayList{"\"a", "b\"c", "d"} << false;
        QTest::newRow("lone quote") << QByteArray("\"\tz") << QByteArrayList{"\"", "z"} << false;
        QTest::newRow("quoted newline") << QByteArray("\"x\ny\"\tz") << QByteArrayList{"x\ny", "z"} << true;
    }
    void splitsTabs()
    {
        QFETCH(QByteArray, line);
        QFETCH(QByteArrayList, fields);
        QFETCH(bool, quoted);
        bool sawQuotes = false;
        const auto split = splitTsvLine(line.toStdString(), &sawQuotes);
        QByteArrayList got;
        for (const auto &field : split)
            got << QByteArray::fromStdString(field);
        QCOMPARE(got, fields);
        QCOMPARE(sawQuotes, quoted);
    }

    void readsStateRow()
    {
        const auto row =
            parseStateLine("HST\tx0bi0302t\t2024-11-06T21:33:00.120\tmd5:b867568f4c08afe0717ab818486d82b0", 1);
        QVERIFY(row.ok());
        QCOMPARE(row->collection, std::string("HST"));
        QCOMPARE(row->observationID, std::string("x0bi0302t"));
        // 2024-11-06T21:33:00.120Z = 1730928780 s + 120 ms
        QCOMPARE(*row->maxLastModified, std::int64_t(1730928780120));
        QCOMPARE(row->accMetaChecksum, std::string("md5:b867568f4c08afe0717ab818486d82b0"));
    }

    void acceptsNullColumnsAndCr()
    {
        const auto row = parseStateLine("HST\tobs 1\t\t\r", 7);
        QVERIFY(row.ok());
        QVERIFY(!row->maxLastModified);
        QVERIFY(row->accMetaChecksum.empty());
        const auto dropped = parseStateLine("HST\tobs2\t2024-01-01T00:00:00.000", 8);
        QVERIFY(dropped.ok());
        QVERIFY(dropped->accMetaChecksum.empty());
    }

    void refusesBadStateRows_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QByteArray>("cause");
        QTest::newRow("one field") << QByteArray("HST") << QByteArray("expected 4");
        QTest::newRow("five fields") << QByteArray("a\tb\t2024-01-01T00:00:00.000\tmd5:0\textra")
                                     << QByteArray("found 5");
        QTest::newRow("bad time") << QByteArray("HST\tx\tyesterday\tmd5:0") << QByteArray("not a timestamp");
        QTest::newRow("bad checksum") << QByteArray("HST\tx\t2024-01-01T00:00:00.000\tabc") << QByteArray("checksum");
        QTest::newRow("empty id") << QByteArray("HST\t\t2024-01-01T00:00:00.000\tmd5:0") << QByteArray("empty");
    }
    void refusesBadStateRows()
    {
        QFETCH(QByteArray, line);
        QFETCH(QByteArray, cause);
        const auto row = parseStateLine(line.toStdString(), 42);
        QVERIFY(!row.ok());
        const QString message = QString::fromStdString(row.error().message);
        QVERIFY2(message.contains(QLatin1String("line 42")), qPrintable(message));
        QVERIFY2(message.contains(QString::fromUtf8(cause)), qPrintable(message));
        QCOMPARE(row.error().category, mirror::ErrorCategory::Parse);
    }

    void readsDeletionRow()
    {
        const auto row =
            parseDeletionLine("9b0c5d7e-1f2a-4b3c-8d4e-5f6a7b8c9d0e\tHST\tobs+1\t2020-02-29T12:00:00.5", 1);
        QVERIFY(row.ok());
        QCOMPARE(row->collection, std::string("HST"));
        QCOMPARE(row->observationID, std::string("obs+1"));
        QCOMPARE(row->deletedAt, std::int64_t(1582977600500)); // 2020-02-29T12:00:00Z + 500 ms
        QVERIFY(!parseDeletionLine("not-a-uuid\tHST\tx\t2020-01-01T00:00:00.000", 2).ok());
    }

    void timestampsRoundTrip()
    {
        QCOMPARE(formatIvoaTimestamp(1730928780120), std::string("2024-11-06T21:33:00.120"));
        QCOMPARE(*parseIvoaTimestamp("2024-11-06T21:33:00.120"), std::int64_t(1730928780120));
        QCOMPARE(*parseIvoaTimestamp("2024-11-06 21:33:00.120"), std::int64_t(1730928780120));
        QCOMPARE(*parseIvoaTimestamp("2024-11-06T21:33:00.120Z"), std::int64_t(1730928780120));
        QVERIFY(!parseIvoaTimestamp("06/11/2024"));
    }

    // Lines arrive in chunks cut anywhere; a quoted newline does not end a line; the tail without a
    // newline is held back and reported as unclean.
    void assemblesLinesAcrossChunks()
    {
        const std::string body = "a\tb\n\"x\ny\"\tz\nlast\tline\nunfinished";
        for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
            std::vector<std::string> lines;
            LineAssembler assembler([&](std::string_view line) {
                lines.emplace_back(line);
                return true;
            });
            for (std::size_t at = 0; at < body.size(); at += chunk)
                QVERIFY(assembler.feed(body.data() + at, std::min(chunk, body.size() - at)));
            QCOMPARE(lines.size(), std::size_t(3));
            QCOMPARE(lines[1], std::string("\"x\ny\"\tz"));
            QVERIFY(!assembler.endedCleanly());
            QCOMPARE(assembler.pendingBytes(), std::string("unfinished").size());
        }
        LineAssembler clean([](std::string_view) { return true; });
        const std::string complete = "a\tb\n";
        QVERIFY(clean.feed(complete.data(), complete.size()));
        QVERIFY(clean.endedCleanly());
    }

    // A listing from our serve: identifiers with bare quotes, even first and unbalanced, stay one row each,
    // while the reference's quoted newline still joins two physical lines into one row.
    void assemblesRowsWithBareQuotes()
    {
        const std::string body = "HST\t\"open\t2024-01-01T00:00:00.000\tmd5:0\n"
                                 "HST\tsay\"hi\"\t2024-01-01T00:00:00.001\tmd5:1\n"
                                 "HST\t\"x\"\t2024-01-01T00:00:00.002\tmd5:2\n"
                                 "HST\t\"two\nlines\"\t2024-01-01T00:00:00.003\tmd5:3\n";
        for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
            std::vector<std::string> ids;
            LineAssembler assembler([&](std::string_view line) {
                const auto row = parseStateLine(line, std::int64_t(ids.size() + 1));
                ids.push_back(row.ok() ? row->observationID : "error: " + row.error().message);
                return true;
            });
            for (std::size_t at = 0; at < body.size(); at += chunk)
                QVERIFY(assembler.feed(body.data() + at, std::min(chunk, body.size() - at)));
            QVERIFY(assembler.endedCleanly());
            QCOMPARE(ids, (std::vector<std::string>{"\"open", "say\"hi\"", "\"x\"", "two\nlines"}));
        }
        const std::string deletions = "9b0c5d7e-1f2a-4b3c-8d4e-5f6a7b8c9d0e\tHST\t\"open\t2020-01-01T00:00:00.000\n";
        std::vector<std::string> lines;
        LineAssembler deletionLines([&](std::string_view line) {
            lines.emplace_back(line);
            return true;
        });
        QVERIFY(deletionLines.feed(deletions.data(), deletions.size()));
        QCOMPARE(lines.size(), std::size_t(1));
        QCOMPARE(parseDeletionLine(lines[0], 1)->observationID, std::string("\"open"));
    }

    void assemblerStopsWhenAsked()
    {
        int seen = 0;
        LineAssembler assembler([&](std::string_view) { return ++seen < 2; });
        const std::string body = "1\n2\n3\n";
        QVERIFY(!assembler.feed(body.data(), body.size()));
        QCOMPARE(seen, 2);
    }
};

QTEST_APPLESS_MAIN(TestListingParser)
#include "tst_listingparser.moc"
