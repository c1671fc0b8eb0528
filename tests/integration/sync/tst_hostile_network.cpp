// The hostile-input catalogue, network: what a partner's service could send a harvest that it must not
// believe (docs/reliability.md). The partner is a real `caom-sync serve` behind the fault proxy; each case
// makes the proxy lie in one way, on SQLite and PostgreSQL. A listing the harvest cannot trust fails the run
// with a message naming the partner and the cause, and the store is left as it was: the same rows in every
// table the harvest writes, the same cursor. A row or document the harvest cannot trust becomes a skip
// record with its reason, and only the rows it could trust are stored.
#include "fault_proxy.h"
#include "partner_archive.h"
#include "test_stores.h"

#include "net/listing_parser.h"
#include "store/harvest_state_store.h"
#include "store/observation_lookup.h"
#include "store/skip_record_store.h"
#include "sync/harvest_job.h"
#include "sync/item_committer.h"

#include <QSqlQuery>
#include <QTest>

#include <functional>
#include <map>

using namespace testsupport;

namespace {

const QString hst = QStringLiteral("HST");
constexpr std::uint64_t harvestedFirst = 4; // observations the first, clean harvest stores
constexpr std::uint64_t addedLater = 3;     // observations the partner adds before the hostile harvest

// What the store holds of a harvest: row counts of every table it writes (the run record aside), and the
// cursor. Two snapshots equal: nothing was written.
struct StoreSnapshot {
    std::map<QString, qint64> rows;
    store::HarvestCursor cursor;
    bool operator==(const StoreSnapshot &) const = default;

    QString describe() const
    {
        QStringList parts;
        for (const auto &[table, count] : rows)
            parts << QStringLiteral("%1=%2").arg(table).arg(count);
        parts << QStringLiteral("cursor=%1").arg(cursor.lastModified.value_or(-1));
        return parts.join(QLatin1Char(' '));
    }
};

StoreSnapshot snapshot(const std::shared_ptr<store::Store> &store, const QString &source)
{
    StoreSnapshot s;
    for (const char *table :
         {"observation", "plane", "artifact", "HarvestSkipURI", "DeletedObservation", "source_listing"}) {
        QSqlQuery query(store->database());
        if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table))) || !query.next())
            qFatal("cannot count %s", table);
        s.rows[QLatin1String(table)] = query.value(0).toLongLong();
    }
    auto state = store::HarvestStateStore(store).get(source, store::HarvestEntity::observation);
    if (!state)
        qFatal("cannot read the cursor: %s", state.error().message.c_str());
    s.cursor = state->cursor;
    return s;
}

harvest::HarvestReport run(const harvest::HarvestTarget &target, const std::shared_ptr<store::Store> &local)
{
    harvest::HarvestRequest request;
    request.target = target;
    request.mode = harvest::HarvestMode::Incremental;
    harvest::JobControl control;
    return harvest::runHarvest(request, local, control);
}

// One listing row as the partner's serve writes it.
QByteArray row(const QByteArray &observationID, qint64 modifiedMs,
               const QByteArray &checksum = "md5:0123456789abcdef0123456789abcdef")
{
    return "HST\t" + observationID + '\t' + QByteArray::fromStdString(net::formatIvoaTimestamp(modifiedMs)) + '\t'
        + checksum + '\n';
}

QString listingPath()
{
    return QStringLiteral("^/caom2/observations/HST$");
}

FaultRule onListing(FaultAction action)
{
    FaultRule rule;
    rule.method = "GET";
    rule.path = listingPath();
    rule.action = action;
    return rule;
}

FaultRule replacedListing(const QByteArray &body)
{
    FaultRule rule = onListing(FaultAction::ReplaceBody);
    rule.code = 200;
    rule.contentType = "text/tab-separated-values";
    rule.body = body;
    return rule;
}

// The partner, its proxy and the local store after a first, clean harvest; the partner has since added
// `addedLater` observations, which the hostile harvest lists.
struct Setup {
    PartnerArchive partner;
    FaultProxy proxy;
    std::unique_ptr<TestStore> local;
    std::shared_ptr<store::Store> store;
    harvest::HarvestTarget target;
    std::vector<caom2::Observation> added;

    bool start(const QString &engine)
    {
        if (!partner.start() || !partner.addGenerated("HST", 0, harvestedFirst))
            return false;
        const QUrl direct(partner.capabilitiesUrl());
        const QString base = proxy.start(direct.adjusted(QUrl::RemovePath), 13);
        if (base.isEmpty())
            return false;
        local = std::make_unique<TestStore>(engine);
        store = local->openOrDie();
        target = harvestTarget(base + direct.path(), hst);
        target.tuning.pageSize = 50;
        target.http.retry.maxAttempts = 2;
        target.http.retry.initialDelay = std::chrono::milliseconds(20);
        const auto first = run(target, store);
        if (first.outcome != store::RunOutcome::Succeeded) {
            qWarning("first harvest: %s", qPrintable(first.error));
            return false;
        }
        const qint64 now = QDateTime::currentMSecsSinceEpoch() - 60000;
        for (std::uint64_t i = 0; i < addedLater; ++i)
            added.push_back(PartnerArchive::observation("HST", harvestedFirst + i, now + qint64(i) * 1000));
        return partner.put(added);
    }

    std::optional<store::SkipRecord> skipOf(const QByteArray &observationID) const
    {
        auto record = store::SkipRecordStore(store).get(target.harvestSource, store::HarvestEntity::observation,
                                                        harvest::observationUri("HST", observationID.toStdString()));
        return record.ok() ? *record : std::nullopt;
    }

    bool holds(const caom2::Observation &o) const
    {
        auto key = store::ObservationLookup(store).byUri(hst, QString::fromStdString(o.observationID));
        return key.ok() && key->has_value();
    }
};

// A case: the lie (rules built once the partner's new observations are known), and what must follow.
struct HostileCase {
    const char *name;
    std::function<QList<FaultRule>(const Setup &)> rules;
    QStringList words; // in the run's error (a failed run) or the skip record's reason
    // A failed run leaves the store as it was. Otherwise the run goes on: `skipped` is the observationID that
    // becomes a skip record, and every added observation but `lost` is stored.
    bool runFails = true;
    QByteArray skipped;
    int lost = -1; // index into Setup::added of an observation refused with the skip, -1: none of them
    std::function<void(harvest::HarvestTarget &)> tune;
};

QByteArray addedRows(const Setup &s)
{
    QByteArray rows;
    for (const caom2::Observation &o : s.added)
        rows += row(QByteArray::fromStdString(o.observationID), o.maxLastModified->msSinceEpoch,
                    QByteArray::fromStdString(*o.accMetaChecksum));
    return rows;
}

FaultRule onDocument(const Setup &s, int index, FaultAction action)
{
    FaultRule rule;
    rule.method = "GET";
    rule.path = QStringLiteral("^/caom2/observations/HST/") + QString::fromStdString(s.added.at(index).observationID);
    rule.action = action;
    return rule;
}

using Rules = std::function<QList<FaultRule>(const Setup &)>;

// A lie that must fail the run and leave the store as it was.
HostileCase failing(const char *name, Rules rules, QStringList words,
                    std::function<void(harvest::HarvestTarget &)> tune = {})
{
    return HostileCase{name, std::move(rules), std::move(words), true, {}, -1, std::move(tune)};
}

// A lie about one row (`skipped`, refused at the listing) or one added observation's document (`lost`):
// a skip record, and the rest stored.
HostileCase skipping(const char *name, Rules rules, QStringList words, QByteArray skipped, int lost = -1)
{
    return HostileCase{name, std::move(rules), std::move(words), false, std::move(skipped), lost, {}};
}

const std::vector<HostileCase> &cases()
{
    static const std::vector<HostileCase> all = {
        failing("listing that never ends",
                [](const Setup &) {
                    FaultRule endless = onListing(FaultAction::Endless);
                    endless.contentType = "text/tab-separated-values";
                    endless.body = row("endless-{n}", 1800000000000);
                    return QList<FaultRule>{endless};
                },
                {QStringLiteral("more rows than the 50 asked for"), QStringLiteral("127.0.0.1")}),
        failing(
            "listing that stops sending before its end",
            [](const Setup &) {
                FaultRule stall = onListing(FaultAction::Delay);
                // One byte, then silence: libcurl's low-speed limit is an average, so a trickle would pass it.
                stall.chunkDelayMs = 10000;
                stall.chunkBytes = 1;
                return QList<FaultRule>{stall};
            },
            {QStringLiteral("timed out"), QStringLiteral("127.0.0.1")},
            [](harvest::HarvestTarget &target) {
                target.http.lowSpeedTime = std::chrono::seconds(1);
                target.http.retry.maxAttempts = 1;
            }),
        failing("listing with a Content-Length shorter than its body",
                [](const Setup &) { return QList<FaultRule>{onListing(FaultAction::UnderstateLength)}; },
                {QStringLiteral("more bytes than its Content-Length announced"), QStringLiteral("127.0.0.1")}),
        failing("listing with a Content-Length longer than its body",
                [](const Setup &) {
                    FaultRule cut = onListing(FaultAction::Truncate);
                    cut.framing = TruncateFraming::ContentLength;
                    return QList<FaultRule>{cut};
                },
                {QStringLiteral("body cut short"), QStringLiteral("127.0.0.1")}),
        failing("chunked listing without its last chunk",
                [](const Setup &) {
                    FaultRule cut = onListing(FaultAction::Truncate);
                    cut.framing = TruncateFraming::Chunked;
                    return QList<FaultRule>{cut};
                },
                {QStringLiteral("body cut short"), QStringLiteral("127.0.0.1")}),
        // Whole by its Content-Length, but the last row lacks its end: that row is not believed.
        failing("listing whose last row is cut mid-line",
                [](const Setup &s) { return QList<FaultRule>{replacedListing(addedRows(s).chopped(10))}; },
                {QStringLiteral("cut short")}),
        failing("listing row with too many fields",
                [](const Setup &s) {
                    return QList<FaultRule>{
                        replacedListing(addedRows(s) + "HST\tx\t2024-01-01T00:00:00.000\tmd5:0\textra\n")};
                },
                {QStringLiteral("field")}),
        failing("listing row with too few fields",
                [](const Setup &s) { return QList<FaultRule>{replacedListing("HST\n" + addedRows(s))}; },
                {QStringLiteral("field")}),
        failing("an HTML error page as the listing",
                [](const Setup &) {
                    return QList<FaultRule>{replacedListing("<html><body>503 Service Unavailable</body></html>\n")};
                },
                {QStringLiteral("field")}),
        failing("listing row whose timestamp is not one",
                [](const Setup &s) {
                    return QList<FaultRule>{
                        replacedListing(addedRows(s) + "HST\tx\tyesterday\tmd5:0123456789abcdef0123456789abcdef\n")};
                },
                {QStringLiteral("time")}),
        failing("listing row with an empty observationID",
                [](const Setup &s) {
                    return QList<FaultRule>{replacedListing(
                        addedRows(s) + "HST\t\t2024-01-01T00:00:00.000\tmd5:0123456789abcdef0123456789abcdef\n")};
                },
                {QStringLiteral("empty")}),
        // Every page the same rows, whatever `start` asks: read once, then the listing is at its end.
        skipping("listing that ignores its start",
                 [](const Setup &s) { return QList<FaultRule>{replacedListing(addedRows(s))}; }, {}, {}),
        skipping(
            "listed observationID with a control character",
            [](const Setup &s) {
                return QList<FaultRule>{replacedListing(
                    row("bad\x07id", s.added.front().maxLastModified->msSinceEpoch - 1) + addedRows(s))};
            },
            {QStringLiteral("\"bad\\u0007id\""), QStringLiteral("control character U+0007"), QStringLiteral("PARTNER")},
            "bad\x07id"),
        skipping(
            "listed observationID with a terminal escape sequence",
            [](const Setup &s) {
                return QList<FaultRule>{
                    replacedListing(addedRows(s) + row("x\x1b[2Jy", s.added.back().maxLastModified->msSinceEpoch))};
            },
            {QStringLiteral("\"x\\u001B[2Jy\""), QStringLiteral("U+001B")}, "x\x1b[2Jy"),
        skipping(
            "document with a Content-Length shorter than its body",
            [](const Setup &s) { return QList<FaultRule>{onDocument(s, 1, FaultAction::UnderstateLength)}; },
            {QStringLiteral("more bytes than its Content-Length announced")}, {}, 1),
        skipping(
            "document cut short of its Content-Length",
            [](const Setup &s) {
                FaultRule cut = onDocument(s, 2, FaultAction::Truncate);
                cut.framing = TruncateFraming::ContentLength;
                return QList<FaultRule>{cut};
            },
            {QStringLiteral("HST")}, {}, 2),
    };
    return all;
}

} // namespace

class TestHostileNetwork : public QObject {
    Q_OBJECT

private slots:
    void lyingPartnerWritesNothingUntrusted_data()
    {
        QTest::addColumn<QString>("engine");
        QTest::addColumn<int>("index");
        for (const QString &engine : testEngines())
            for (int i = 0; i < int(cases().size()); ++i)
                QTest::newRow(qPrintable(engine + QStringLiteral(": ") + QLatin1String(cases()[std::size_t(i)].name)))
                    << engine << i;
    }

    void lyingPartnerWritesNothingUntrusted()
    {
        QFETCH(QString, engine);
        QFETCH(int, index);
        const HostileCase &hostile = cases()[std::size_t(index)];
        Setup s;
        QVERIFY(s.start(engine));
        const StoreSnapshot before = snapshot(s.store, s.target.harvestSource);
        QCOMPARE(before.rows.at(QStringLiteral("observation")), qint64(harvestedFirst));

        harvest::HarvestTarget target = s.target;
        if (hostile.tune)
            hostile.tune(target);
        s.proxy.setRules(hostile.rules(s));
        const auto report = run(target, s.store);
        const StoreSnapshot after = snapshot(s.store, s.target.harvestSource);

        if (hostile.runFails) {
            QVERIFY2(report.outcome == store::RunOutcome::Failed, qPrintable(report.error));
            for (const QString &word : hostile.words)
                QVERIFY2(report.error.contains(word), qPrintable(report.error));
            QVERIFY2(after == before, qPrintable(before.describe() + QStringLiteral(" became ") + after.describe()));
            return;
        }

        const bool refusesOne = !hostile.skipped.isEmpty() || hostile.lost >= 0;
        if (!refusesOne) {
            // A lie that is seen through: every added observation once, nothing else.
            QVERIFY2(report.exitCode() == 0, qPrintable(report.error));
            QCOMPARE(report.counts.ingested, qint64(addedLater));
            for (const caom2::Observation &o : s.added)
                QVERIFY(s.holds(o));
            QCOMPARE(after.rows.at(QStringLiteral("observation")), qint64(harvestedFirst + addedLater));
            QCOMPARE(after.rows.at(QStringLiteral("HarvestSkipURI")), before.rows.at(QStringLiteral("HarvestSkipURI")));
            QCOMPARE(after.cursor.lastModified, s.added.back().maxLastModified->msSinceEpoch);
            return;
        }
        // The run goes on past the untrusted row or document: a skip record with its reason, the rest stored.
        QCOMPARE(report.exitCode(), 1);
        QCOMPARE(report.counts.failed, qint64(1));
        QByteArray skippedId = hostile.skipped;
        if (hostile.lost >= 0)
            skippedId = QByteArray::fromStdString(s.added.at(std::size_t(hostile.lost)).observationID);
        const auto skip = s.skipOf(skippedId);
        QVERIFY2(skip.has_value(), skippedId.constData());
        for (const QString &word : hostile.words)
            QVERIFY2(skip->errorMessage.contains(word), qPrintable(skip->errorMessage));
        qint64 stored = 0;
        for (std::size_t i = 0; i < s.added.size(); ++i) {
            const bool expected = int(i) != hostile.lost;
            QCOMPARE(s.holds(s.added[i]), expected);
            stored += expected ? 1 : 0;
        }
        QCOMPARE(after.rows.at(QStringLiteral("observation")), qint64(harvestedFirst) + stored);
        QCOMPARE(after.rows.at(QStringLiteral("HarvestSkipURI")), before.rows.at(QStringLiteral("HarvestSkipURI")) + 1);
        if (!hostile.skipped.isEmpty()) {
            // Refused at the listing: its document was never asked for.
            const QByteArray document = "/HST/" + QUrl::toPercentEncoding(QString::fromUtf8(hostile.skipped));
            for (const FaultJournalEntry &entry : s.proxy.journal())
                QVERIFY2(!entry.target.endsWith(document), entry.target.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestHostileNetwork)
#include "tst_hostile_network.moc"
