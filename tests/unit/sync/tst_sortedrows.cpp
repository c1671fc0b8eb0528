// The bounded-memory re-sort validation relies on: any input order and run size give byte order of
// observationID, with every row's fields intact, through spilled runs as well as in memory.
#include "sync/sorted_rows.h"

#include <QTest>

#include <algorithm>
#include <random>

using namespace harvest;

class TestSortedRows : public QObject {
    Q_OBJECT

private slots:
    void sortsAcrossRuns_data()
    {
        QTest::addColumn<int>("runSize");
        QTest::addColumn<int>("rows");
        QTest::newRow("in memory") << 1000 << 500;
        QTest::newRow("one spilled run and a tail") << 300 << 500;
        QTest::newRow("many runs") << 7 << 500;
        QTest::newRow("empty") << 10 << 0;
    }
    void sortsAcrossRuns()
    {
        QFETCH(int, runSize);
        QFETCH(int, rows);
        std::vector<SortableRow> input;
        for (int i = 0; i < rows; ++i) {
            // IDs whose byte order differs from insertion order and from numeric order; some non-ASCII.
            SortableRow row;
            row.observationID = (i % 3 == 0 ? "é-" : "obs-") + std::to_string((i * 7919) % 1000);
            if (i % 5)
                row.maxLastModified = 1700000000000 + i;
            row.accMetaChecksum = i % 4 ? "md5:" + std::to_string(i) : std::string();
            input.push_back(row);
        }
        std::mt19937 shuffle(42);
        std::shuffle(input.begin(), input.end(), shuffle);
        SortedRows sorted(static_cast<std::size_t>(runSize));
        for (const auto &row : input)
            QVERIFY(sorted.add(row).ok());
        QVERIFY(sorted.finish().ok());
        if (rows > runSize)
            QVERIFY(sorted.runs() > 0);

        std::vector<SortableRow> expected = input;
        std::stable_sort(expected.begin(), expected.end(),
                         [](const SortableRow &a, const SortableRow &b) { return a.observationID < b.observationID; });
        std::vector<SortableRow> got;
        for (;;) {
            auto next = sorted.next();
            QVERIFY(next.ok());
            if (!next->has_value())
                break;
            got.push_back(**next);
        }
        QCOMPARE(got.size(), expected.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            QCOMPARE(got[i].observationID, expected[i].observationID);
            // Equal IDs may come in either order; each row must keep its own fields.
            const auto original = std::find_if(input.begin(), input.end(), [&](const SortableRow &r) {
                return r.observationID == got[i].observationID && r.maxLastModified == got[i].maxLastModified
                    && r.accMetaChecksum == got[i].accMetaChecksum;
            });
            QVERIFY(original != input.end());
        }
    }
};

QTEST_APPLESS_MAIN(TestSortedRows)
#include "tst_sortedrows.moc"
