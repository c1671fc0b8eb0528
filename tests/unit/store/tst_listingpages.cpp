// The state listing read page by page (keyset pagination, as `serve` reads it): every row exactly once, in the
// order the whole listing has, whatever the page size, with ties, rows without a timestamp, bounds, limits and
// both directions; and each page answered from the covering listing index alone. On both engines.
#include "caom2/checksum.h"
#include "caom2/generator.h"
#include "store/observation_listing.h"
#include "store/observation_store.h"
#include "test_stores.h"

#include <QSqlQuery>
#include <QTest>

#include <algorithm>

using namespace store;

namespace {

const QString hst = QStringLiteral("HST");

// What the test stored: observationID, maxLastModified (nullopt: none) and the order of insertion, which is
// the order of the row key.
struct Stored {
    QString id;
    std::optional<qint64> modified;
    int inserted;
};

// 23 observations: timestamps with ties (three rows share each), and every fifth row without one.
std::vector<Stored> fill(const std::shared_ptr<Store> &s)
{
    caom2::GeneratorOptions options;
    options.collection = "HST";
    std::vector<Stored> stored;
    std::vector<UpsertItem> items;
    for (int i = 0; i < 23; ++i) {
        caom2::Observation o = caom2::generateObservation(options, std::uint64_t(i));
        o.observationID = "obs" + std::to_string(100 + i);
        const qint64 modified = 1700000000000 + (i / 3) * 1000;
        o.lastModified = caom2::Date{modified};
        o.maxLastModified = caom2::Date{modified};
        caom2::assignChecksums(o);
        items.emplace_back(o);
        stored.push_back({QString::fromStdString(o.observationID), modified, i});
    }
    // One upsert per row, so the row key follows the order of `stored`.
    for (const UpsertItem &item : items)
        if (!ObservationStore(s).upsert({item}))
            qFatal("cannot store the observations");
    QSqlQuery query(s->database());
    for (Stored &row : stored)
        if (row.inserted % 5 == 4) {
            query.prepare(QStringLiteral("UPDATE observation SET max_last_modified = NULL WHERE observation_id = ?"));
            query.addBindValue(row.id);
            if (!query.exec())
                qFatal("cannot clear a timestamp");
            row.modified.reset();
        }
    return stored;
}

// The expected order, written from the rule: by timestamp then insertion, NULLs where the engine sorts them.
QStringList expected(std::vector<Stored> rows, const StateListingQuery &q, bool nullsFirstAscending)
{
    rows.erase(std::remove_if(rows.begin(), rows.end(),
                              [&](const Stored &r) {
                                  if ((q.start || q.end) && !r.modified)
                                      return true;
                                  return (q.start && *r.modified < *q.start) || (q.end && *r.modified > *q.end);
                              }),
               rows.end());
    const bool nullsFirst = nullsFirstAscending != q.descending;
    std::sort(rows.begin(), rows.end(), [&](const Stored &a, const Stored &b) {
        if (a.modified.has_value() != b.modified.has_value())
            return a.modified.has_value() != nullsFirst;
        if (a.modified && *a.modified != *b.modified)
            return q.descending ? *a.modified > *b.modified : *a.modified < *b.modified;
        return q.descending ? a.inserted > b.inserted : a.inserted < b.inserted;
    });
    QStringList ids;
    for (int i = 0; i < int(rows.size()) && i < q.limit; ++i)
        ids << rows[std::size_t(i)].id;
    return ids;
}

QStringList readPaged(const std::shared_ptr<Store> &s, const StateListingQuery &q, int pageRows, int *pages)
{
    ObservationListing listing(s);
    ListingCursor cursor;
    QStringList ids;
    *pages = 0;
    while (!cursor.finished) {
        int rows = 0;
        if (!listing.nextPage(q, cursor, pageRows, [&](const StateListingRow &row) {
                ids << row.observationID;
                ++rows;
            }))
            qFatal("cannot read a page");
        if (rows > pageRows)
            qFatal("a page longer than asked for");
        ++*pages;
        if (*pages > 1000)
            qFatal("the pages never end");
    }
    return ids;
}

} // namespace

class TestListingPages : public QObject {
    Q_OBJECT

private slots:
    void pagesListEveryRowOnceInOrder_data() { testsupport::addEngineColumn(); }
    void pagesListEveryRowOnceInOrder()
    {
        QFETCH(QString, engine);
        testsupport::TestStore test(engine);
        auto s = test.openOrDie();
        const auto stored = fill(s);
        const bool sqlite = engine == QLatin1String("sqlite");

        struct Case {
            const char *name;
            std::optional<qint64> start, end;
            int limit;
            bool descending;
        };
        const Case cases[] = {
            {"everything", {}, {}, 100000, false},
            {"everything, newest first", {}, {}, 100000, true},
            {"bounded (NULLs left out)", 1700000001000, 1700000005000, 100000, false},
            {"bounded, newest first", 1700000001000, 1700000005000, 100000, true},
            {"limited inside a tie", {}, {}, 8, false},
            {"limited, newest first", {}, {}, 7, true},
        };
        for (const Case &c : cases) {
            StateListingQuery q;
            q.collection = hst;
            q.start = c.start;
            q.end = c.end;
            q.limit = c.limit;
            q.descending = c.descending;
            const QStringList want = expected(stored, q, sqlite);
            QVERIFY2(!want.isEmpty(), c.name);
            for (int pageRows : {1, 2, 3, 4, 1000}) {
                int pages = 0;
                const QStringList got = readPaged(s, q, pageRows, &pages);
                QVERIFY2(got == want,
                         qPrintable(QStringLiteral("%1, pages of %2: got %3, want %4")
                                        .arg(QLatin1String(c.name))
                                        .arg(pageRows)
                                        .arg(got.join(QLatin1Char(' ')), want.join(QLatin1Char(' ')))));
                QVERIFY2(pages <= int(want.size()) / pageRows + 3, c.name); // pages, not row-by-row queries
            }
            // The single query lists the same rows in the same order.
            QStringList whole;
            QVERIFY(ObservationListing(s).list(q, [&](const StateListingRow &row) {
                whole << row.observationID;
                return true;
            }));
            QCOMPARE(whole, want);
        }
    }

    void unknownCollectionEndsAtOnce_data() { testsupport::addEngineColumn(); }
    void unknownCollectionEndsAtOnce()
    {
        QFETCH(QString, engine);
        testsupport::TestStore test(engine);
        auto s = test.openOrDie();
        fill(s);
        StateListingQuery q;
        q.collection = QStringLiteral("NONE");
        int pages = 0;
        QVERIFY(readPaged(s, q, 5, &pages).isEmpty());
        QVERIFY(pages <= 1);
    }

    // A page is read from the covering index alone: the table's rows (and their documents) are not touched.
    void pagesUseTheCoveringIndex_data() { testsupport::addEngineColumn(); }
    void pagesUseTheCoveringIndex()
    {
        QFETCH(QString, engine);
        testsupport::TestStore test(engine);
        auto s = test.openOrDie();
        fill(s);
        QSqlQuery query(s->database());
        const QString page = QStringLiteral(
            "SELECT obs_key, observation_id, max_last_modified, acc_meta_checksum FROM observation"
            " WHERE collection = 'HST' AND max_last_modified IS NOT NULL"
            " AND (max_last_modified, obs_key) > (1700000001000, 3) ORDER BY max_last_modified, obs_key LIMIT 5");
        QString plan;
        if (engine == QLatin1String("sqlite")) {
            QVERIFY(query.exec(QStringLiteral("EXPLAIN QUERY PLAN ") + page));
            while (query.next())
                plan += query.value(3).toString() + QLatin1Char('\n');
            QVERIFY2(plan.contains(QStringLiteral("USING COVERING INDEX observation_listing")), qPrintable(plan));
        } else {
            // A table this small would be scanned whole: tell the planner not to, and vacuum so the index alone
            // can answer (PostgreSQL's visibility map).
            QVERIFY(query.exec(QStringLiteral("VACUUM ANALYZE observation")));
            QVERIFY(query.exec(QStringLiteral("SET enable_seqscan = off")));
            QVERIFY(query.exec(QStringLiteral("EXPLAIN ") + page));
            while (query.next())
                plan += query.value(0).toString() + QLatin1Char('\n');
            QVERIFY(query.exec(QStringLiteral("RESET enable_seqscan")));
            QVERIFY2(plan.contains(QStringLiteral("Index Only Scan using observation_listing")), qPrintable(plan));
        }
        QVERIFY2(!plan.contains(QStringLiteral("TEMP B-TREE")) && !plan.contains(QStringLiteral("Sort")),
                 qPrintable(plan)); // the index gives the order: nothing is sorted
    }
};

QTEST_GUILESS_MAIN(TestListingPages)
#include "tst_listingpages.moc"
