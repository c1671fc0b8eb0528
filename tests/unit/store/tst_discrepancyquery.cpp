// The discrepancy list an operator pages through, on both engines: filters (source, collection, class, text in
// any letter case, time, run, open only), sorts with stable windows, counts per class, and acknowledgements
// that keep the note and the time.
#include "cli_runner.h"
#include "test_stores.h"

#include "store/discrepancy_query.h"
#include "store/discrepancy_store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace store;

namespace {

const QString mast = QStringLiteral("MAST");
const QString cadc = QStringLiteral("CADC");

Discrepancy make(const QString &source, const QString &collection, const QString &id, DiscrepancyClass cls,
                 std::optional<qint64> run = std::nullopt)
{
    Discrepancy d;
    d.source = source;
    d.collection = collection;
    d.observationID = id;
    d.cls = cls;
    d.localChecksum = QStringLiteral("md5:00000000000000000000000000000001");
    d.runKey = run;
    return d;
}

// The value, or the test run ends with the store's message (a failed query says why).
template <typename T>
T must(mirror::Result<T> result)
{
    if (!result)
        qFatal("%s", result.error().message.c_str());
    return std::move(*result);
}

QStringList ids(const std::vector<DiscrepancyRow> &rows)
{
    QStringList out;
    for (const DiscrepancyRow &row : rows)
        out << row.discrepancy.observationID;
    return out;
}

} // namespace

class TestDiscrepancyQuery : public QObject {
    Q_OBJECT

private slots:
    void filtersSortsAndCounts_data() { testsupport::addEngineColumn(); }
    void filtersSortsAndCounts()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        auto opened = fixture.openOrDie();
        qint64 now = 1718000000000;
        DiscrepancyStore writer(opened, [&now] { return now; });
        QVERIFY(writer.add(
            {make(mast, QStringLiteral("HST"), QStringLiteral("hst_b"), DiscrepancyClass::ChecksumDiffers, 7),
             make(mast, QStringLiteral("HST"), QStringLiteral("hst_a"), DiscrepancyClass::MissingLocally, 7)}));
        now += 60000;
        QVERIFY(writer.add({make(cadc, QStringLiteral("CFHT"), QStringLiteral("c1"), DiscrepancyClass::ChecksumDiffers),
                            make(mast, QStringLiteral("JWST"), QStringLiteral("jw_100%"), DiscrepancyClass::Pending)}));

        DiscrepancyQuery query(opened, [] { return qint64(1718000999000); });
        DiscrepancyFilter all;
        QCOMPARE(must(query.count(all)), qint64(4));
        QCOMPARE(ids(must(query.window(all, DiscrepancySort::Observation, false, 10))),
                 (QStringList{QStringLiteral("c1"), QStringLiteral("hst_a"), QStringLiteral("hst_b"),
                              QStringLiteral("jw_100%")}));
        // Newest first, ties by key: the later batch, then the earlier one in insertion order reversed.
        QCOMPARE(ids(must(query.window(all, DiscrepancySort::Detected, true, 10))),
                 (QStringList{QStringLiteral("jw_100%"), QStringLiteral("c1"), QStringLiteral("hst_a"),
                              QStringLiteral("hst_b")}));
        // Windows neither overlap nor skip.
        QCOMPARE(ids(must(query.window(all, DiscrepancySort::Detected, true, 2, 2))),
                 (QStringList{QStringLiteral("hst_a"), QStringLiteral("hst_b")}));

        DiscrepancyFilter bySource;
        bySource.source = mast;
        QCOMPARE(must(query.count(bySource)), qint64(3));
        bySource.collection = QStringLiteral("HST");
        QCOMPARE(must(query.count(bySource)), qint64(2));

        DiscrepancyFilter byText;
        byText.text = QStringLiteral("HST_"); // any letter case
        QCOMPARE(ids(must(query.window(byText, DiscrepancySort::Observation, false, 10))),
                 (QStringList{QStringLiteral("hst_a"), QStringLiteral("hst_b")}));
        byText.text = QStringLiteral("100%");
        QCOMPARE(must(query.count(byText)), qint64(1));

        DiscrepancyFilter byClass;
        byClass.classes = {QStringLiteral("checksum-differs")};
        QCOMPARE(must(query.count(byClass)), qint64(2));
        // Counts per class ignore the class filter, so every toggle shows what it would add.
        const auto counts = must(query.countsByClass(byClass));
        QCOMPARE(counts.size(), std::size_t(3));
        QCOMPARE(counts[0].cls, QStringLiteral("checksum-differs"));
        QCOMPARE(counts[0].count, qint64(2));

        DiscrepancyFilter byTime;
        byTime.detectedFrom = 1718000000000 + 1;
        QCOMPARE(must(query.count(byTime)), qint64(2));
        byTime.detectedFrom.reset();
        byTime.detectedTo = 1718000000000;
        QCOMPARE(must(query.count(byTime)), qint64(2));

        DiscrepancyFilter byRun;
        byRun.runKey = 7;
        QCOMPARE(must(query.count(byRun)), qint64(2));
    }

    void acknowledgeKeepsTheNote_data() { testsupport::addEngineColumn(); }
    void acknowledgeKeepsTheNote()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        auto opened = fixture.openOrDie();
        DiscrepancyStore writer(opened, [] { return qint64(1718000000000); });
        QVERIFY(writer.add({make(mast, QStringLiteral("HST"), QStringLiteral("a"), DiscrepancyClass::ChecksumDiffers),
                            make(mast, QStringLiteral("HST"), QStringLiteral("b"), DiscrepancyClass::ChecksumDiffers),
                            make(mast, QStringLiteral("HST"), QStringLiteral("c"), DiscrepancyClass::Pending)}));
        DiscrepancyQuery query(opened, [] { return qint64(1718000555000); });
        const auto rows = must(query.window({}, DiscrepancySort::Observation, false, 10));
        QCOMPARE(rows.size(), std::size_t(3));
        const QString note = QStringLiteral("MAST recomputes checksums on 5 June — told Jane, ticket 4411");
        QCOMPARE(must(query.acknowledge({rows[0].discrepancy.key, rows[1].discrepancy.key}, note)), 2);
        QCOMPARE(must(query.acknowledge({999999}, note)), 0);

        const auto found = must(query.find(rows[0].discrepancy.key));
        QVERIFY(found);
        QVERIFY(found->discrepancy.acknowledged);
        QCOMPARE(found->note, note);
        QCOMPARE(found->acknowledgedAt, std::optional<qint64>(1718000555000));
        QVERIFY(!must(query.find(999999)));

        DiscrepancyFilter open;
        open.includeAcknowledged = false;
        QCOMPARE(ids(must(query.window(open, DiscrepancySort::Observation, false, 10))),
                 QStringList{QStringLiteral("c")});
        // The writer's own list still sees the acknowledgement flag the query set.
        QCOMPARE(writer.list(mast, QStringLiteral("HST"), 10)->back().acknowledged, true);
    }

    // caom-sync discrepancies and acknowledge on the same store: filters, JSON, the note kept, and bad IDs
    // refused without changing anything.
    void commandLine_data() { testsupport::addEngineColumn(); }
    void commandLine()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        {
            DiscrepancyStore writer(fixture.openOrDie());
            QVERIFY(
                writer.add({make(mast, QStringLiteral("HST"), QStringLiteral("a"), DiscrepancyClass::ChecksumDiffers),
                            make(cadc, QStringLiteral("HST"), QStringLiteral("b"), DiscrepancyClass::MissingLocally)}));
        }
        const QString storeArgument = fixture.argument();
        auto listed =
            testsupport::runCaomSync({QStringLiteral("discrepancies"), QStringLiteral("--store"), storeArgument,
                                      QStringLiteral("--source"), mast, QStringLiteral("--json")});
        QCOMPARE(listed.exitCode, 0);
        const QJsonArray rows = QJsonDocument::fromJson(listed.out).array();
        QCOMPARE(rows.size(), 1);
        const QJsonObject row = rows.at(0).toObject();
        QCOMPARE(row.value(QStringLiteral("observationID")).toString(), QStringLiteral("a"));
        QCOMPARE(row.value(QStringLiteral("class")).toString(), QStringLiteral("checksum-differs"));
        const QString id = QString::number(row.value(QStringLiteral("id")).toInteger());

        auto refused =
            testsupport::runCaomSync({QStringLiteral("acknowledge"), QStringLiteral("--store"), storeArgument, id,
                                      QStringLiteral("424242"), QStringLiteral("--note"), QStringLiteral("seen")});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("no discrepancy 424242"), refused.err.constData());
        auto noNote =
            testsupport::runCaomSync({QStringLiteral("acknowledge"), QStringLiteral("--store"), storeArgument, id});
        QCOMPARE(noNote.exitCode, 2);

        auto acknowledged =
            testsupport::runCaomSync({QStringLiteral("acknowledge"), QStringLiteral("--store"), storeArgument, id,
                                      QStringLiteral("--note"), QStringLiteral("partner re-ingests on Monday")});
        QCOMPARE(acknowledged.exitCode, 0);
        auto open = testsupport::runCaomSync({QStringLiteral("discrepancies"), QStringLiteral("--store"), storeArgument,
                                              QStringLiteral("--open"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(open.out).array().size(), 1); // only CADC's is still open
        auto text = testsupport::runCaomSync({QStringLiteral("discrepancies"), QStringLiteral("--store"), storeArgument,
                                              QStringLiteral("--class"), QStringLiteral("checksum-differs")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("partner re-ingests on Monday"), text.out.constData());
        QVERIFY(!text.out.contains("HST/b"));
        auto badClass = testsupport::runCaomSync({QStringLiteral("discrepancies"), QStringLiteral("--store"),
                                                  storeArgument, QStringLiteral("--class"), QStringLiteral("odd")});
        QCOMPARE(badClass.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestDiscrepancyQuery)
#include "tst_discrepancyquery.moc"
