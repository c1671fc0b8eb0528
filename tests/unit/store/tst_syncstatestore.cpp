// The sync-state tables on both engines: harvest cursors (exact to the millisecond, transactional with the
// caller), skip records (attempts, first failure, due order), deletion windows, run records, discrepancies
// and artifact copies.
#include "store/artifact_copy_store.h"
#include "store/deletion_event_store.h"
#include "store/discrepancy_store.h"
#include "store/harvest_state_store.h"
#include "store/observation_store.h"
#include "store/run_record_store.h"
#include "store/skip_record_store.h"
#include "test_stores.h"

#include <QSqlQuery>
#include <QTest>

using namespace store;

namespace {

const QString hst = QStringLiteral("ivo://cadc.nrc.ca/ams?HST");
const QString cfht = QStringLiteral("ivo://cadc.nrc.ca/ams?CFHT");

// A clock the test moves by hand, so that written times can be compared exactly.
struct ManualClock {
    std::shared_ptr<qint64> now = std::make_shared<qint64>(1718000000123);

    Clock clock() const
    {
        return [now = now] { return *now; };
    }
    void set(qint64 ms) { *now = ms; }
};

SkipFailure failure(const QString &skipID, qint64 tryAfter,
                    mirror::ErrorCategory reason = mirror::ErrorCategory::PerItem, const QString &source = hst)
{
    return SkipFailure{source,   HarvestEntity::observation,          skipID,
                       tryAfter, QStringLiteral("failed: ") + skipID, reason};
}

QStringList skipIDs(const std::vector<SkipRecord> &records)
{
    QStringList ids;
    for (const SkipRecord &r : records)
        ids << r.skipID;
    return ids;
}

QString message(const mirror::Error &error)
{
    return QString::fromStdString(error.message);
}

} // namespace

class TestSyncStateStore : public QObject {
    Q_OBJECT

private slots:
    // ---- HarvestState ----

    void cursorIsEmptyWithoutRow_data() { testsupport::addEngineColumn(); }

    void cursorIsEmptyWithoutRow()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        HarvestStateStore states(fixture.openOrDie());
        auto state = states.get(hst, HarvestEntity::observation);
        QVERIFY2(state, state ? "" : state.error().message.c_str());
        QCOMPARE(state->source, hst);
        QCOMPARE(state->cname, HarvestEntity::observation);
        QVERIFY(!state->stateID);
        QVERIFY(!state->lastModified);
        QCOMPARE(state->cursor, HarvestCursor{});
    }

    void cursorRoundTripsToTheMillisecond_data() { testsupport::addEngineColumn(); }

    // Whatever the engine keeps (PostgreSQL timestamp, SQLite text), the cursor comes back identical: a cursor
    // one millisecond off either repeats or skips an observation.
    void cursorRoundTripsToTheMillisecond()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        ManualClock clock;
        HarvestStateStore states(fixture.openOrDie(), clock.clock());
        const QUuid id = QUuid::fromString(QStringLiteral("7b2f34a0-90c1-4e61-9a8f-00d1c0ffee01"));
        // Also wall-clock times that do not exist in some local time zones (daylight-saving gaps in America
        // and Europe): run with TZ=America/Vancouver or Europe/Berlin to check nothing reads them as local time.
        const qint64 times[] = {0,
                                1,
                                999,
                                1718000000123,
                                1718000000999,
                                946684799999,
                                951782400001 /* 2000-02-29 */,
                                4102444799999 /* 2099-12-31 23:59:59.999 */,
                                1710037800123 /* 2024-03-10 02:30 */,
                                1711852200456 /* 2024-03-31 02:30 */};
        std::optional<QUuid> stateID;
        for (const qint64 ms : times) {
            clock.set(ms + 7);
            QVERIFY(states.put(hst, HarvestEntity::observation, HarvestCursor{ms, id}));
            auto state = states.get(hst, HarvestEntity::observation);
            QVERIFY(state);
            QCOMPARE(state->cursor.lastModified, std::optional<qint64>(ms));
            QCOMPARE(state->cursor.id, std::optional<QUuid>(id));
            QCOMPARE(state->lastModified, std::optional<qint64>(ms + 7));
            QVERIFY(state->stateID);
            if (stateID) // an update keeps the row's identity
                QCOMPARE(*state->stateID, *stateID);
            stateID = state->stateID;
        }
        // A reset cursor (full re-harvest) is stored as no cursor at all.
        QVERIFY(states.put(hst, HarvestEntity::observation, HarvestCursor{}));
        auto state = states.get(hst, HarvestEntity::observation);
        QVERIFY(state);
        QCOMPARE(state->cursor, HarvestCursor{});
        QCOMPARE(state->stateID, stateID);
    }

    void cursorFollowsTheCallersTransaction_data() { testsupport::addEngineColumn(); }

    // The engine commits an observation and its cursor together: a rolled-back transaction leaves no cursor,
    // a committed one leaves it.
    void cursorFollowsTheCallersTransaction()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        auto s = fixture.openOrDie();
        HarvestStateStore states(s);
        QSqlDatabase db = s->database();
        {
            Transaction transaction(db);
            QVERIFY(transaction.started());
            QVERIFY(states.put(db, hst, HarvestEntity::observation, HarvestCursor{1718000000123, QUuid::createUuid()}));
            // Visible inside the transaction...
            QVERIFY(states.get(hst, HarvestEntity::observation)->stateID);
        } // ...and gone with its rollback.
        auto afterRollback = states.get(hst, HarvestEntity::observation);
        QVERIFY(afterRollback);
        QVERIFY(!afterRollback->stateID);
        QCOMPARE(afterRollback->cursor, HarvestCursor{});

        {
            Transaction transaction(db);
            QVERIFY(states.put(db, hst, HarvestEntity::observation, HarvestCursor{1718000000456, std::nullopt}));
            QVERIFY(transaction.commit());
        }
        auto afterCommit = states.get(hst, HarvestEntity::observation);
        QVERIFY(afterCommit);
        QCOMPARE(afterCommit->cursor.lastModified, std::optional<qint64>(1718000000456));
        QVERIFY(!afterCommit->cursor.id);
    }

    void statesListAndReset_data() { testsupport::addEngineColumn(); }

    void statesListAndReset()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        HarvestStateStore states(fixture.openOrDie());
        QVERIFY(states.put(hst, HarvestEntity::observation, HarvestCursor{1000, std::nullopt}));
        QVERIFY(states.put(hst, HarvestEntity::deletedObservation, HarvestCursor{2000, std::nullopt}));
        QVERIFY(states.put(cfht, HarvestEntity::observation, HarvestCursor{3000, std::nullopt}));
        auto all = states.list();
        QVERIFY(all);
        QCOMPARE(all->size(), std::size_t(3));
        QCOMPARE(all->at(0).source, cfht);
        QCOMPARE(all->at(1).cname, HarvestEntity::deletedObservation);
        QCOMPARE(all->at(1).cursor.lastModified, std::optional<qint64>(2000));
        QCOMPARE(all->at(2).cname, HarvestEntity::observation);

        auto one = states.remove(hst, HarvestEntity::deletedObservation);
        QVERIFY(one);
        QCOMPARE(one.value(), 1);
        QCOMPARE(states.list()->size(), std::size_t(2));
        QVERIFY(states.put(hst, HarvestEntity::deletedObservation, HarvestCursor{2000, std::nullopt}));
        auto whole = states.remove(hst);
        QVERIFY(whole);
        QCOMPARE(whole.value(), 2);
        QVERIFY(!states.get(hst, HarvestEntity::observation)->stateID);
        QVERIFY(states.get(cfht, HarvestEntity::observation)->stateID);
        QCOMPARE(states.remove(hst).value(), 0);
    }

    void errorsNameWhatFailed_data() { testsupport::addEngineColumn(); }

    // Both engines refuse what the reference's column sizes refuse, and a failing statement says whose state
    // it was about.
    void errorsNameWhatFailed()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        auto s = fixture.openOrDie();
        HarvestStateStore states(s);
        SkipRecordStore skips(s);

        auto tooLong = states.put(QString(300, QLatin1Char('s')), HarvestEntity::observation, HarvestCursor{});
        QVERIFY(!tooLong);
        QVERIFY2(message(tooLong.error()).contains(QStringLiteral("HarvestState.source")),
                 tooLong.error().message.c_str());
        auto longSkip = skips.record(failure(QStringLiteral("caom:HST/") + QString(600, QLatin1Char('x')), 1000));
        QVERIFY(!longSkip);
        QVERIFY2(message(longSkip.error()).contains(QStringLiteral("skipID")), longSkip.error().message.c_str());
        QVERIFY(skips.list(SkipQuery{})->empty());

        QSqlQuery query(s->database());
        QVERIFY(query.exec(QStringLiteral("DROP TABLE HarvestState")));
        auto broken = states.get(hst, HarvestEntity::observation);
        QVERIFY(!broken);
        QVERIFY2(message(broken.error()).contains(hst), broken.error().message.c_str());
        QVERIFY(broken.error().category == mirror::ErrorCategory::Fatal);
    }

    // ---- HarvestSkipURI ----

    void repeatedFailuresCount_data() { testsupport::addEngineColumn(); }

    // A repeated failure adds an attempt and rewrites the reason and the next try, but the first failure and
    // the row's identity (hence its bucket) stay.
    void repeatedFailuresCount()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        ManualClock clock;
        SkipRecordStore skips(fixture.openOrDie(), clock.clock());
        const QString uri = QStringLiteral("caom:HST/o1");
        clock.set(1718000000100);
        auto first = skips.record(failure(uri, 1700000000001, mirror::ErrorCategory::Checksum));
        QVERIFY2(first, first ? "" : first.error().message.c_str());
        QCOMPARE(first->attempts, 1);
        QCOMPARE(first->firstFailure, std::optional<qint64>(1718000000100));
        QCOMPARE(first->lastModified, std::optional<qint64>(1718000000100));
        QCOMPARE(first->tryAfter, std::optional<qint64>(1700000000001));
        QCOMPARE(first->reasonClass, QStringLiteral("checksum"));
        QCOMPARE(first->bucket, first->id.toString(QUuid::WithoutBraces).left(3));
        QCOMPARE(first->bucket.size(), 3);
        QVERIFY(!first->id.isNull());

        for (int attempt = 2; attempt <= 3; ++attempt) {
            clock.set(1718000000100 + attempt * 60000);
            SkipFailure again = failure(uri, 1718000900000 + attempt, mirror::ErrorCategory::Transient);
            again.errorMessage = QStringLiteral("timeout %1").arg(attempt);
            auto repeated = skips.record(again);
            QVERIFY2(repeated, repeated ? "" : repeated.error().message.c_str());
            QCOMPARE(repeated->attempts, attempt);
            QCOMPARE(repeated->firstFailure, std::optional<qint64>(1718000000100));
            QCOMPARE(repeated->lastModified, std::optional<qint64>(1718000000100 + attempt * 60000));
            QCOMPARE(repeated->tryAfter, std::optional<qint64>(1718000900000 + attempt));
            QCOMPARE(repeated->errorMessage, again.errorMessage);
            QCOMPARE(repeated->reasonClass, QStringLiteral("transient"));
            QCOMPARE(repeated->id, first->id);
            QCOMPARE(repeated->bucket, first->bucket);
        }
        auto stored = skips.get(hst, HarvestEntity::observation, uri);
        QVERIFY(stored && stored.value());
        QCOMPARE(stored.value()->attempts, 3);
        QCOMPARE(stored.value()->firstFailure, std::optional<qint64>(1718000000100));
        QCOMPARE(stored.value()->errorMessage, QStringLiteral("timeout 3"));
        QVERIFY(!skips.get(hst, HarvestEntity::artifact, uri).value());
    }

    void dueListOrderAndFilters_data() { testsupport::addEngineColumn(); }

    void dueListOrderAndFilters()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        ManualClock clock;
        SkipRecordStore skips(fixture.openOrDie(), clock.clock());
        clock.set(5000);
        QVERIFY(skips.record(failure(QStringLiteral("caom:HST/e"), 5000, mirror::ErrorCategory::Parse)));
        QVERIFY(skips.record(failure(QStringLiteral("caom:HST/a"), 1000, mirror::ErrorCategory::Checksum)));
        QVERIFY(skips.record(failure(QStringLiteral("caom:HST/c"), 3000, mirror::ErrorCategory::Parse)));
        QVERIFY(skips.record(failure(QStringLiteral("caom:HST/z"), 9000, mirror::ErrorCategory::Parse))); // not due
        QVERIFY(skips.record(failure(QStringLiteral("caom:HST/b"), 2000, mirror::ErrorCategory::Transient)));
        QVERIFY(skips.record(failure(QStringLiteral("caom:CFHT/x"), 500, mirror::ErrorCategory::Parse, cfht)));
        QVERIFY(skips.record(SkipFailure{hst, HarvestEntity::artifact, QStringLiteral("ad:HST/f.fits"), 100,
                                         QStringLiteral("queued"), mirror::ErrorCategory::PerItem}));

        SkipQuery due{hst, HarvestEntity::observation, 5000, std::nullopt, std::nullopt, 100};
        QCOMPARE(skipIDs(skips.list(due).value()),
                 (QStringList{QStringLiteral("caom:HST/a"), QStringLiteral("caom:HST/b"), QStringLiteral("caom:HST/c"),
                              QStringLiteral("caom:HST/e")}));
        due.limit = 2;
        QCOMPARE(skipIDs(skips.list(due).value()),
                 (QStringList{QStringLiteral("caom:HST/a"), QStringLiteral("caom:HST/b")}));
        due.limit = 100;
        due.reason = mirror::ErrorCategory::Parse;
        QCOMPARE(skipIDs(skips.list(due).value()),
                 (QStringList{QStringLiteral("caom:HST/c"), QStringLiteral("caom:HST/e")}));
        due.dueBy = 4999; // the bound is inclusive: e (5000) drops out only below it
        QCOMPARE(skipIDs(skips.list(due).value()), QStringList{QStringLiteral("caom:HST/c")});

        // Every source and entity type, due or not.
        QCOMPARE(skipIDs(skips.list(SkipQuery{}).value()),
                 (QStringList{QStringLiteral("ad:HST/f.fits"), QStringLiteral("caom:CFHT/x"),
                              QStringLiteral("caom:HST/a"), QStringLiteral("caom:HST/b"), QStringLiteral("caom:HST/c"),
                              QStringLiteral("caom:HST/e"), QStringLiteral("caom:HST/z")}));

        // A retry pass that started at 6000 does not pick up the row it rewrote at 6500.
        clock.set(6500);
        QVERIFY(skips.record(failure(QStringLiteral("caom:HST/a"), 1000, mirror::ErrorCategory::Checksum)));
        SkipQuery pass{hst, HarvestEntity::observation, 6000, std::nullopt, 6000, 100};
        QCOMPARE(
            skipIDs(skips.list(pass).value()),
            (QStringList{QStringLiteral("caom:HST/b"), QStringLiteral("caom:HST/c"), QStringLiteral("caom:HST/e")}));

        auto counts = skips.counts(hst);
        QVERIFY(counts);
        QCOMPARE(counts->size(), std::size_t(4));
        const auto find = [&](const QString &cname, const QString &reason) -> qint64 {
            for (const SkipCount &c : counts.value())
                if (c.cname == cname && c.reasonClass == reason)
                    return c.count;
            return -1;
        };
        QCOMPARE(find(HarvestEntity::observation, QStringLiteral("parse")), 3);
        QCOMPARE(find(HarvestEntity::observation, QStringLiteral("checksum")), 1);
        QCOMPARE(find(HarvestEntity::observation, QStringLiteral("transient")), 1);
        QCOMPARE(find(HarvestEntity::artifact, QStringLiteral("item")), 1);
        QCOMPARE(skips.counts()->size(), std::size_t(5));
    }

    void longMessagesAreCut_data() { testsupport::addEngineColumn(); }

    void longMessagesAreCut()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        SkipRecordStore skips(fixture.openOrDie());
        QString text;
        for (int i = 0; i < 3000; ++i)
            text += QChar(u'a' + i % 26);
        SkipFailure f = failure(QStringLiteral("caom:HST/long"), 1000);
        f.errorMessage = text;
        auto written = skips.record(f);
        QVERIFY2(written, written ? "" : written.error().message.c_str());
        QCOMPARE(written->errorMessage.size(), 1024);
        QCOMPARE(written->errorMessage, text.left(1024));
        QCOMPARE(skips.get(hst, HarvestEntity::observation, QStringLiteral("caom:HST/long")).value()->errorMessage,
                 text.left(1024));

        // A cut never splits a character, and a NUL (refused by PostgreSQL) does not lose the record.
        f.errorMessage =
            QString(1023, QLatin1Char('x')) + QString::fromUtf8("\xF0\x9F\x94\xAD") + QStringLiteral("tail");
        f.errorMessage[5] = QChar(0);
        auto cut = skips.record(f);
        QVERIFY2(cut, cut ? "" : cut.error().message.c_str());
        QCOMPARE(cut->errorMessage.size(), 1023);
        QCOMPARE(cut->errorMessage.at(5), QChar(QChar::ReplacementCharacter));
        QCOMPARE(cut->attempts, 2);
    }

    void skipRecordsRemoved_data() { testsupport::addEngineColumn(); }

    void skipRecordsRemoved()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        auto s = fixture.openOrDie();
        SkipRecordStore skips(s);
        HarvestStateStore states(s);
        QVERIFY(skips.record(failure(QStringLiteral("caom:HST/a"), 1000)));
        QVERIFY(skips.record(failure(QStringLiteral("caom:HST/b"), 1000)));
        QVERIFY(skips.record(failure(QStringLiteral("caom:CFHT/c"), 1000, mirror::ErrorCategory::PerItem, cfht)));

        // Success of a retried item: its cursor and the removal of its skip record commit together.
        QSqlDatabase db = s->database();
        {
            Transaction transaction(db);
            QVERIFY(states.put(db, hst, HarvestEntity::observation, HarvestCursor{2000, std::nullopt}));
            QCOMPARE(skips.remove(db, hst, HarvestEntity::observation, QStringLiteral("caom:HST/a")).value(), true);
        }
        QVERIFY(skips.get(hst, HarvestEntity::observation, QStringLiteral("caom:HST/a")).value());
        QCOMPARE(skips.remove(hst, HarvestEntity::observation, QStringLiteral("caom:HST/a")).value(), true);
        QCOMPARE(skips.remove(hst, HarvestEntity::observation, QStringLiteral("caom:HST/a")).value(), false);
        QVERIFY(!skips.get(hst, HarvestEntity::observation, QStringLiteral("caom:HST/a")).value());
        QCOMPARE(skips.removeSource(hst).value(), 1);
        QCOMPARE(skipIDs(skips.list(SkipQuery{}).value()), QStringList{QStringLiteral("caom:CFHT/c")});
    }

    // ---- DeletedObservation ----

    void deletionWindowIsInclusive_data() { testsupport::addEngineColumn(); }

    void deletionWindowIsInclusive()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        auto s = fixture.openOrDie();
        struct Row {
            const char *id;
            const char *collection;
            const char *observationID;
            qint64 at;
        };
        const Row rows[] = {
            {"00000000-0000-4000-8000-000000000001", "HST", "before", 1718000000000},
            {"00000000-0000-4000-8000-00000000000b", "HST", "start-b", 1718000001000},
            {"00000000-0000-4000-8000-00000000000a", "HST", "start-a", 1718000001000},
            {"00000000-0000-4000-8000-000000000003", "CFHT", "middle", 1718000001500},
            {"00000000-0000-4000-8000-000000000004", "HST", "end", 1718000002000},
            {"00000000-0000-4000-8000-000000000005", "HST", "after", 1718000002001},
        };
        QSqlQuery insert(s->database());
        QVERIFY(insert.prepare(QStringLiteral(
            "INSERT INTO DeletedObservation (id, collection, observationID, lastModified) VALUES (?, ?, ?, ?)")));
        for (const Row &row : rows) {
            insert.addBindValue(QString::fromLatin1(row.id));
            insert.addBindValue(QString::fromLatin1(row.collection));
            insert.addBindValue(QString::fromLatin1(row.observationID));
            insert.addBindValue(toSqlTimestamp(row.at));
            QVERIFY2(insert.exec(), qPrintable(insert.lastQuery()));
        }
        DeletionEventStore deletions(s);
        const auto names = [](const std::vector<DeletionEvent> &events) {
            QStringList list;
            for (const DeletionEvent &e : events)
                list << e.observationID;
            return list;
        };
        auto window = deletions.list(DeletionWindow{{}, 1718000001000, 1718000002000, 100});
        QVERIFY2(window, window ? "" : window.error().message.c_str());
        // Both bounds are in; equal times come in id order.
        QCOMPARE(names(window.value()),
                 (QStringList{QStringLiteral("start-a"), QStringLiteral("start-b"), QStringLiteral("middle"),
                              QStringLiteral("end")}));
        QCOMPARE(window->front().lastModified, 1718000001000);
        QCOMPARE(window->front().id, QUuid::fromString(QStringLiteral("00000000-0000-4000-8000-00000000000a")));
        QCOMPARE(window->front().collection, QStringLiteral("HST"));
        QCOMPARE(window->back().lastModified, 1718000002000);

        QCOMPARE(
            names(deletions.list(DeletionWindow{QStringLiteral("HST"), 1718000001000, 1718000002000, 100}).value()),
            (QStringList{QStringLiteral("start-a"), QStringLiteral("start-b"), QStringLiteral("end")}));
        QCOMPARE(names(deletions.list(DeletionWindow{{}, 1718000001000, 1718000002000, 2}).value()),
                 (QStringList{QStringLiteral("start-a"), QStringLiteral("start-b")}));
        QCOMPARE(deletions.list(DeletionWindow{{}, std::nullopt, std::nullopt, 100})->size(), std::size_t(6));
        QCOMPARE(names(deletions.list(DeletionWindow{{}, 1718000002001, std::nullopt, 100}).value()),
                 QStringList{QStringLiteral("after")});
        QVERIFY(deletions.list(DeletionWindow{{}, 1718000001001, 1718000001499, 100})->empty());
    }

    // ---- sync_run ----

    void runRecordLifecycle_data() { testsupport::addEngineColumn(); }

    void runRecordLifecycle()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        ManualClock clock;
        RunRecordStore runs(fixture.openOrDie(), clock.clock());
        clock.set(1718000000000);
        auto run = runs.start(QStringLiteral("incremental"), QStringLiteral("metadata"), hst, QStringLiteral("HST"));
        QVERIFY2(run, run ? "" : run.error().message.c_str());
        auto started = runs.get(run.value());
        QVERIFY(started && started.value());
        QCOMPARE(started.value()->outcome, RunOutcome::Running);
        QCOMPARE(started.value()->startedAt, 1718000000000);
        QVERIFY(!started.value()->endedAt);
        QCOMPARE(started.value()->counts, RunCounts{});
        QCOMPARE(started.value()->kind, QStringLiteral("incremental"));
        QCOMPARE(started.value()->mode, QStringLiteral("metadata"));

        const RunCounts progress{120, 3, 1, 2, 5'000'000'000};
        QVERIFY(runs.updateCounts(run.value(), progress));
        QCOMPARE(runs.get(run.value()).value()->counts, progress);

        clock.set(1718000060000);
        const RunCounts done{150, 4, 2, 2, 6'000'000'000};
        QVERIFY(runs.finish(run.value(), RunOutcome::Partial, done, QStringLiteral("2 observations failed")));
        auto finished = runs.get(run.value()).value();
        QCOMPARE(finished->outcome, RunOutcome::Partial);
        QCOMPARE(finished->endedAt, std::optional<qint64>(1718000060000));
        QCOMPARE(finished->counts, done);
        QCOMPARE(finished->errorSummary, QStringLiteral("2 observations failed"));

        // A finished run is not rewritten; unknown runs and "finishing" as running are refused.
        auto late = runs.updateCounts(run.value(), progress);
        QVERIFY(!late);
        QVERIFY2(message(late.error()).contains(QStringLiteral("run %1").arg(run.value())),
                 late.error().message.c_str());
        QVERIFY(!runs.finish(run.value(), RunOutcome::Succeeded, done));
        QVERIFY(!runs.updateCounts(run.value() + 1000, progress));
        QVERIFY(!runs.get(run.value() + 1000).value());

        clock.set(1718000100000);
        auto validate = runs.start(QStringLiteral("validate"), QStringLiteral("metadata"), hst, QStringLiteral("HST"));
        QVERIFY(validate);
        QVERIFY(!runs.finish(validate.value(), RunOutcome::Running, {}));
        QVERIFY(runs.finish(validate.value(), RunOutcome::Succeeded, {}));
        clock.set(1718000200000);
        auto again = runs.start(QStringLiteral("incremental"), QStringLiteral("metadata"), hst, QStringLiteral("HST"));
        QVERIFY(again);
        clock.set(1718000300000);
        QVERIFY(runs.start(QStringLiteral("incremental"), QStringLiteral("metadata"), cfht, QStringLiteral("CFHT")));

        auto recent = runs.recent(hst, QStringLiteral("HST"), 10);
        QVERIFY(recent);
        QCOMPARE(recent->size(), std::size_t(3));
        QCOMPARE(recent->at(0).key, again.value());
        QCOMPARE(recent->at(1).key, validate.value());
        QCOMPARE(recent->at(2).key, run.value());
        QCOMPARE(runs.recent(hst, QStringLiteral("HST"), 2)->size(), std::size_t(2));

        QCOMPARE(runs.last(hst, QStringLiteral("HST")).value()->key, again.value());
        QCOMPARE(runs.last(hst, QStringLiteral("HST"), QStringLiteral("incremental"), RunOutcome::Partial).value()->key,
                 run.value());
        QCOMPARE(runs.last(hst, QStringLiteral("HST"), {}, RunOutcome::Succeeded).value()->key, validate.value());
        QVERIFY(!runs.last(hst, QStringLiteral("HST"), QStringLiteral("full")).value());
        QVERIFY(!runs.last(hst, QStringLiteral("CFHT")).value());
    }

    // ---- discrepancy ----

    void discrepanciesAcknowledgeClearCount_data() { testsupport::addEngineColumn(); }

    void discrepanciesAcknowledgeClearCount()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        ManualClock clock;
        DiscrepancyStore discrepancies(fixture.openOrDie(), clock.clock());
        const auto make = [](const QString &source, const QString &collection, const char *observationID,
                             DiscrepancyClass cls) {
            Discrepancy d;
            d.source = source;
            d.collection = collection;
            d.observationID = QString::fromLatin1(observationID);
            d.cls = cls;
            return d;
        };
        Discrepancy differs = make(hst, QStringLiteral("HST"), "o3", DiscrepancyClass::ChecksumDiffers);
        differs.localChecksum = QStringLiteral("md5:1111");
        differs.remoteChecksum = QStringLiteral("md5:2222");
        differs.localModified = 1718000000123;
        differs.remoteModified = 1718000000456;
        differs.runKey = 42;
        clock.set(1718000009999);
        QVERIFY(discrepancies.add({make(hst, QStringLiteral("HST"), "o1", DiscrepancyClass::MissingLocally),
                                   make(hst, QStringLiteral("HST"), "o2", DiscrepancyClass::MissingLocally), differs,
                                   make(hst, QStringLiteral("HST"), "o4", DiscrepancyClass::MissingRemotely),
                                   make(cfht, QStringLiteral("CFHT"), "c1", DiscrepancyClass::TimestampDiffers)}));

        auto listed = discrepancies.list(hst, QStringLiteral("HST"), 100);
        QVERIFY2(listed, listed ? "" : listed.error().message.c_str());
        QCOMPARE(listed->size(), std::size_t(4));
        const Discrepancy &third = listed->at(2);
        QCOMPARE(third.observationID, QStringLiteral("o3"));
        QCOMPARE(third.cls, DiscrepancyClass::ChecksumDiffers);
        QCOMPARE(third.localChecksum, QStringLiteral("md5:1111"));
        QCOMPARE(third.remoteChecksum, QStringLiteral("md5:2222"));
        QCOMPARE(third.localModified, std::optional<qint64>(1718000000123));
        QCOMPARE(third.remoteModified, std::optional<qint64>(1718000000456));
        QCOMPARE(third.runKey, std::optional<qint64>(42));
        QCOMPARE(third.detectedAt, 1718000009999);
        QVERIFY(!third.acknowledged);
        QVERIFY(!listed->at(0).runKey);

        // Acknowledged ones go to the end of the list.
        QCOMPARE(discrepancies.acknowledge(listed->at(0).key).value(), true);
        QCOMPARE(discrepancies.acknowledge(listed->at(0).key + 1000).value(), false);
        auto reordered = discrepancies.list(hst, QStringLiteral("HST"), 100);
        QCOMPARE(reordered->back().observationID, QStringLiteral("o1"));
        QVERIFY(reordered->back().acknowledged);
        QCOMPARE(reordered->front().observationID, QStringLiteral("o2"));
        QCOMPARE(discrepancies.list(hst, QStringLiteral("HST"), 2, 1)->front().observationID, QStringLiteral("o3"));

        auto counts = discrepancies.counts(hst, QStringLiteral("HST"));
        QVERIFY(counts);
        QCOMPARE(counts->size(), std::size_t(3));
        for (const DiscrepancyCount &c : counts.value()) {
            QCOMPARE(c.source, hst);
            if (c.cls == DiscrepancyClass::MissingLocally) {
                QCOMPARE(c.count, 2);
                QCOMPARE(c.unacknowledged, 1);
            } else {
                QCOMPARE(c.count, 1);
                QCOMPARE(c.unacknowledged, 1);
            }
        }
        QCOMPARE(discrepancies.counts()->size(), std::size_t(4));

        // A new validate run starts from a clean slate for its own (source, collection) only.
        QCOMPARE(discrepancies.clear(hst, QStringLiteral("HST")).value(), 4);
        QVERIFY(discrepancies.list(hst, QStringLiteral("HST"), 100)->empty());
        QCOMPARE(discrepancies.list(cfht, QStringLiteral("CFHT"), 100)->size(), std::size_t(1));
        QCOMPARE(discrepancies.counts()->size(), std::size_t(1));
        QCOMPARE(discrepancies.counts()->front().cls, DiscrepancyClass::TimestampDiffers);
    }

    void discrepancyClassNames()
    {
        for (const DiscrepancyClass cls :
             {DiscrepancyClass::MissingLocally, DiscrepancyClass::MissingRemotely, DiscrepancyClass::ChecksumDiffers,
              DiscrepancyClass::TimestampDiffers, DiscrepancyClass::Pending})
            QCOMPARE(discrepancyClassFromName(discrepancyClassName(cls)), std::optional<DiscrepancyClass>(cls));
        QCOMPARE(discrepancyClassName(DiscrepancyClass::MissingLocally), QStringLiteral("missing-locally"));
        QVERIFY(!discrepancyClassFromName(QStringLiteral("missing")));
        for (const RunOutcome outcome : {RunOutcome::Running, RunOutcome::Succeeded, RunOutcome::Failed,
                                         RunOutcome::Cancelled, RunOutcome::Partial})
            QCOMPARE(runOutcomeFromName(runOutcomeName(outcome)), std::optional<RunOutcome>(outcome));
    }

    // ---- artifact_copy ----

    void artifactCopies_data() { testsupport::addEngineColumn(); }

    void artifactCopies()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        ManualClock clock;
        ArtifactCopyStore copies(fixture.openOrDie(), clock.clock());
        ArtifactCopy copy;
        copy.uri = QStringLiteral("ad:HST/a.fits");
        copy.localPath = QStringLiteral("/data/HST/a.fits");
        copy.state = ArtifactCopyState::queued;
        clock.set(1000);
        QVERIFY(copies.upsert(copy));
        auto queued = copies.get(copy.uri);
        QVERIFY(queued && queued.value());
        QCOMPARE(queued.value()->state, ArtifactCopyState::queued);
        QVERIFY(!queued.value()->contentLength);
        QVERIFY(!queued.value()->verifiedAt);
        QVERIFY(queued.value()->contentChecksum.isEmpty());
        QCOMPARE(queued.value()->updatedAt, 1000);

        copy.contentLength = 8'589'934'592; // above 32 bits
        copy.contentChecksum = QStringLiteral("md5:d41d8cd98f00b204e9800998ecf8427e");
        copy.verifiedAt = 1718000000123;
        copy.state = ArtifactCopyState::verified;
        clock.set(2000);
        QVERIFY(copies.upsert(copy));
        auto verified = copies.get(copy.uri).value();
        QCOMPARE(verified->contentLength, copy.contentLength);
        QCOMPARE(verified->contentChecksum, copy.contentChecksum);
        QCOMPARE(verified->verifiedAt, copy.verifiedAt);
        QCOMPARE(verified->state, ArtifactCopyState::verified);
        QCOMPARE(verified->updatedAt, 2000);

        for (const char *uri : {"ad:HST/c.fits", "ad:HST/b.fits", "ad:HST/d.fits"}) {
            ArtifactCopy other;
            other.uri = QString::fromLatin1(uri);
            other.localPath = QStringLiteral("/data/") + other.uri;
            other.state = ArtifactCopyState::queued;
            QVERIFY(copies.upsert(other));
        }
        const auto uris = [](const std::vector<ArtifactCopy> &list) {
            QStringList result;
            for (const ArtifactCopy &c : list)
                result << c.uri;
            return result;
        };
        QCOMPARE(uris(copies.list(ArtifactCopyState::queued, 2).value()),
                 (QStringList{QStringLiteral("ad:HST/b.fits"), QStringLiteral("ad:HST/c.fits")}));
        QCOMPARE(uris(copies.list(ArtifactCopyState::queued, 2, QStringLiteral("ad:HST/c.fits")).value()),
                 QStringList{QStringLiteral("ad:HST/d.fits")});
        QCOMPARE(uris(copies.list(ArtifactCopyState::verified, 10).value()), QStringList{copy.uri});
        QVERIFY(copies.list(ArtifactCopyState::corrupt, 10)->empty());
        QCOMPARE(copies.remove(copy.uri).value(), true);
        QCOMPARE(copies.remove(copy.uri).value(), false);
        QVERIFY(!copies.get(copy.uri).value());
    }
};

QTEST_GUILESS_MAIN(TestSyncStateStore)
#include "tst_syncstatestore.moc"
