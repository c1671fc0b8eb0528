// What goes wrong between a harvester and its partner, staged with the fault proxy in front of the
// partner's serve (spec caom2-sync.md §6 scenarios 14, 15, 22-26): nothing half-written, a good local copy
// never lost to a failure, skip records that say why, and retry passes that try each record once.
#include "fault_proxy.h"
#include "partner_archive.h"
#include "test_stores.h"

#include "net/listing_parser.h"
#include "store/harvest_state_store.h"
#include "store/observation_lookup.h"
#include "store/skip_record_store.h"
#include "sync/harvest_job.h"
#include "sync/item_committer.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QTest>

using namespace testsupport;

namespace {

const QString hst = QStringLiteral("HST");

harvest::HarvestReport run(const harvest::HarvestTarget &target, const std::shared_ptr<store::Store> &local,
                           harvest::HarvestMode mode = harvest::HarvestMode::Incremental,
                           std::optional<mirror::ErrorCategory> reason = std::nullopt)
{
    harvest::HarvestRequest request;
    request.target = target;
    request.mode = mode;
    request.retryReason = reason;
    harvest::JobControl control;
    return harvest::runHarvest(request, local, control);
}

std::optional<store::ObservationKey> find(const std::shared_ptr<store::Store> &s, const caom2::Observation &o)
{
    auto key = store::ObservationLookup(s).byUri(hst, QString::fromStdString(o.observationID));
    return key.ok() ? *key : std::nullopt;
}

QString documentPath(const caom2::Observation &o)
{
    return QStringLiteral("^/caom2/observations/HST/")
        + QRegularExpression::escape(QString::fromStdString(o.observationID)) + QStringLiteral("$");
}

FaultRule rule(FaultAction action, const QString &match)
{
    FaultRule r;
    r.method = "GET";
    r.action = action;
    r.match = match;
    return r;
}

// A partner behind a fault proxy, and a local store; the harvest target goes through the proxy.
struct Setup {
    PartnerArchive partner;
    FaultProxy proxy;
    std::unique_ptr<TestStore> local;
    std::shared_ptr<store::Store> store;
    harvest::HarvestTarget target;

    bool start(const QString &engine, std::uint64_t observations)
    {
        if (!partner.start() || (observations && !partner.addGenerated("HST", 0, observations)))
            return false;
        const QUrl direct(partner.capabilitiesUrl());
        const QString base = proxy.start(direct.adjusted(QUrl::RemovePath), 5);
        if (base.isEmpty())
            return false;
        local = std::make_unique<TestStore>(engine);
        store = local->openOrDie();
        target = harvestTarget(base + direct.path(), hst);
        return true;
    }
    // The partner changes observation `index` (new content, stamped now).
    caom2::Observation change(std::uint64_t index, const char *type)
    {
        caom2::Observation o = PartnerArchive::observation("HST", index, QDateTime::currentMSecsSinceEpoch() - 50);
        o.type = type;
        caom2::assignChecksums(o);
        partner.put({o});
        return o;
    }
};

std::optional<store::SkipRecord> skipOf(const Setup &setup, const caom2::Observation &o)
{
    auto record = store::SkipRecordStore(setup.store)
                      .get(setup.target.harvestSource, store::HarvestEntity::observation,
                           harvest::observationUri("HST", o.observationID));
    return record.ok() ? *record : std::nullopt;
}

} // namespace

class TestHarvestFailures : public QObject {
    Q_OBJECT

private slots:
    // Scenario 14: the document is newer than the row that led to it: the newer one is stored, the cursor
    // comes from the row, and the next run finds nothing more to do for it.
    void documentNewerThanItsRow()
    {
        Setup s;
        QVERIFY(s.start(QStringLiteral("sqlite"), 1));
        const caom2::Observation current = PartnerArchive::observation("HST", 0);
        const qint64 rowTime = current.maxLastModified->msSinceEpoch - 60000;
        FaultRule staleListing = rule(FaultAction::ReplaceBody, QStringLiteral("^/caom2/observations/HST\\?"));
        staleListing.code = 200;
        staleListing.contentType = "text/tab-separated-values";
        staleListing.body = QByteArray("HST\t") + current.observationID.c_str() + "\t"
            + net::formatIvoaTimestamp(rowTime).c_str() + "\tmd5:00000000000000000000000000000000\n";
        s.proxy.setRules({staleListing});
        const auto first = run(s.target, s.store);
        QVERIFY2(first.outcome == store::RunOutcome::Succeeded, qPrintable(first.error));
        QCOMPARE(find(s.store, current)->accMetaChecksum.toStdString(), *current.accMetaChecksum);
        QCOMPARE(first.cursorAfter.lastModified.value_or(0), rowTime);
        s.proxy.setRules({}); // the listing catches up with the change
        const auto second = run(s.target, s.store);
        QCOMPARE(second.counts.fetched, qint64(0));
        QCOMPARE(second.cursorAfter.lastModified.value_or(0), current.maxLastModified->msSinceEpoch);
    }

    // Scenario 15: listed, then 404 on GET (deleted in between): the local copy goes, no skip record.
    void listedThenGoneRemovesLocalCopy_data() { addEngineColumn(); }
    void listedThenGoneRemovesLocalCopy()
    {
        QFETCH(QString, engine);
        Setup s;
        QVERIFY(s.start(engine, 5));
        QCOMPARE(run(s.target, s.store).counts.ingested, qint64(5));
        const caom2::Observation changed = s.change(3, "FLAT");
        FaultRule gone = rule(FaultAction::Status, documentPath(changed));
        gone.code = 404;
        s.proxy.setRules({gone});
        const auto report = run(s.target, s.store);
        QVERIFY2(report.outcome == store::RunOutcome::Succeeded, qPrintable(report.error));
        QCOMPARE(report.counts.deleted, qint64(1));
        QVERIFY(!find(s.store, changed).has_value());
        QVERIFY(!skipOf(s, changed).has_value());
    }

    // Scenario 22: a document whose declared accMetaChecksum does not reproduce is refused; the cursor moves
    // on; the older copy we hold is kept, marked stale.
    void wrongChecksumKeepsOldCopyStale_data() { addEngineColumn(); }
    void wrongChecksumKeepsOldCopyStale()
    {
        QFETCH(QString, engine);
        Setup s;
        QVERIFY(s.start(engine, 5));
        QCOMPARE(run(s.target, s.store).counts.ingested, qint64(5));
        const caom2::Observation before = PartnerArchive::observation("HST", 1);
        const caom2::Observation changed = s.change(1, "OBJECT-REPROCESSED");
        s.proxy.setRules({rule(FaultAction::CorruptDocument, documentPath(changed))});
        const auto report = run(s.target, s.store);
        QCOMPARE(report.outcome, store::RunOutcome::Partial);
        QCOMPARE(report.exitCode(), 1);
        QCOMPARE(report.counts.failed, qint64(1));
        QCOMPARE(report.counts.skippedNew, qint64(1));
        const auto kept = find(s.store, changed);
        QVERIFY(kept.has_value());
        QCOMPARE(kept->accMetaChecksum.toStdString(), *before.accMetaChecksum);
        QCOMPARE(kept->state, store::ObservationState::stale);
        const auto skip = skipOf(s, changed);
        QVERIFY(skip.has_value());
        QVERIFY2(skip->errorMessage.contains(QLatin1String("mismatched accMetaChecksum (harvest)")),
                 qPrintable(skip->errorMessage));
        QCOMPARE(skip->reasonClass, QStringLiteral("checksum"));
        QCOMPARE(report.cursorAfter.lastModified.value_or(0), changed.maxLastModified->msSinceEpoch);
    }

    // Scenario 23: malformed XML for a new observation: a skip record naming the parse error, nothing stored.
    void malformedDocumentWritesNothing()
    {
        Setup s;
        QVERIFY(s.start(QStringLiteral("sqlite"), 3));
        const caom2::Observation broken = PartnerArchive::observation("HST", 2);
        FaultRule garbage = rule(FaultAction::ReplaceBody, documentPath(broken));
        garbage.code = 200;
        garbage.contentType = "text/x-caom+xml";
        garbage.body =
            "<?xml version=\"1.0\"?>\n<caom2:Observation xmlns:caom2=\"http://www.opencadc.org/caom2/xml/v2.4\">"
            "<caom2:collection>HST</caom2:collection><caom2:planes>";
        s.proxy.setRules({garbage});
        const auto report = run(s.target, s.store);
        QCOMPARE(report.counts.ingested, qint64(2));
        QCOMPARE(report.counts.failed, qint64(1));
        QVERIFY(!find(s.store, broken).has_value());
        QSqlQuery planes(s.store->database());
        QVERIFY(planes.exec(QStringLiteral("SELECT COUNT(*) FROM plane")) && planes.next());
        QCOMPARE(planes.value(0).toLongLong(), qint64(2 * 3)); // generated observations have three planes
        const auto skip = skipOf(s, broken);
        QVERIFY(skip.has_value());
        QCOMPARE(skip->reasonClass, QStringLiteral("parse"));
        QVERIFY2(skip->errorMessage.contains(QLatin1String("invalid document")), qPrintable(skip->errorMessage));
    }

    // Scenario 24: a transient 500 while refreshing an observation we hold: the old version stays readable,
    // the skip record names the status, and a retry pass later fixes it.
    void transientFailureThenRetryFixes_data() { addEngineColumn(); }
    void transientFailureThenRetryFixes()
    {
        QFETCH(QString, engine);
        Setup s;
        QVERIFY(s.start(engine, 5));
        QCOMPARE(run(s.target, s.store).counts.ingested, qint64(5));
        const caom2::Observation before = PartnerArchive::observation("HST", 4);
        const caom2::Observation changed = s.change(4, "OBJECT-v2");
        FaultRule failing = rule(FaultAction::Status, documentPath(changed));
        failing.code = 500;
        s.proxy.setRules({failing});
        const auto failed = run(s.target, s.store);
        QCOMPARE(failed.counts.failed, qint64(1));
        // Every try of the document but the first is counted as a retry, the last one included.
        QCOMPARE(failed.counts.retries, qint64(s.target.http.retry.maxAttempts - 1));
        QCOMPARE(find(s.store, changed)->accMetaChecksum.toStdString(), *before.accMetaChecksum);
        QVERIFY(
            store::ObservationStore(s.store).document(hst, QString::fromStdString(changed.observationID))->has_value());
        const auto skip = skipOf(s, changed);
        QVERIFY(skip.has_value());
        QCOMPARE(skip->reasonClass, QStringLiteral("transient"));
        QVERIFY2(skip->errorMessage.contains(QLatin1String("500")), qPrintable(skip->errorMessage));

        s.proxy.setRules({});
        const auto retried = run(s.target, s.store, harvest::HarvestMode::Retry);
        QVERIFY2(retried.outcome == store::RunOutcome::Succeeded, qPrintable(retried.error));
        QCOMPARE(retried.counts.retries, qint64(0));
        QCOMPARE(retried.counts.skippedCleared, qint64(1));
        QCOMPARE(retried.counts.updated, qint64(1));
        const auto fixed = find(s.store, changed);
        QCOMPARE(fixed->accMetaChecksum.toStdString(), *changed.accMetaChecksum);
        QCOMPARE(fixed->state, store::ObservationState::ok);
        QVERIFY(!skipOf(s, changed).has_value());
    }

    // A flaky partner that gives everything in the end: the run succeeds, and its retries say how flaky it
    // was. A document refused twice (two HTTP retries) and a listing cut mid-row (read again from its start).
    void retriesAreCounted_data() { addEngineColumn(); }
    void retriesAreCounted()
    {
        QFETCH(QString, engine);
        Setup s;
        QVERIFY(s.start(engine, 5));
        FaultRule busy = rule(FaultAction::Status, documentPath(PartnerArchive::observation("HST", 2)));
        busy.code = 503;
        busy.times = 2;
        FaultRule cut = rule(FaultAction::Truncate, QStringLiteral("^/caom2/observations/HST\\?"));
        cut.times = 1;
        s.proxy.setRules({busy, cut});
        const auto report = run(s.target, s.store);
        QVERIFY2(report.outcome == store::RunOutcome::Succeeded, qPrintable(report.error));
        QCOMPARE(report.counts.ingested, qint64(5));
        QCOMPARE(report.counts.retries, qint64(3));
        int fired = 0;
        for (const FaultJournalEntry &entry : s.proxy.journal())
            fired += entry.rule.isEmpty() ? 0 : 1;
        QCOMPARE(fired, 3);
    }

    // Scenario 25: 300 skip records, 50 failing for good: one pass tries each once, ends, clears the 250,
    // counts one more attempt for the 50; the next pass again tries each of the 50 exactly once.
    void retryPassTriesEachRecordOnce()
    {
        Setup s;
        QVERIFY(s.start(QStringLiteral("sqlite"), 300));
        store::SkipRecordStore skips(s.store);
        QStringList failing;
        for (std::uint64_t i = 0; i < 300; ++i) {
            const caom2::Observation o = PartnerArchive::observation("HST", i);
            store::SkipFailure f{s.target.harvestSource,
                                 store::HarvestEntity::observation,
                                 harvest::observationUri("HST", o.observationID),
                                 o.maxLastModified->msSinceEpoch,
                                 QStringLiteral("earlier failure"),
                                 mirror::ErrorCategory::Transient};
            QVERIFY(skips.record(f).ok());
            if (i % 6 == 0)
                failing << QRegularExpression::escape(QString::fromStdString(o.observationID));
        }
        QCOMPARE(failing.size(), 50);
        FaultRule broken = rule(FaultAction::Status,
                                QStringLiteral("^/caom2/observations/HST/(%1)$").arg(failing.join(QLatin1Char('|'))));
        broken.code = 500;
        s.proxy.setRules({broken});
        s.target.http.retry.maxAttempts = 1;

        const auto first = run(s.target, s.store, harvest::HarvestMode::Retry);
        QCOMPARE(first.counts.listed, qint64(300));
        QCOMPARE(first.counts.skippedCleared, qint64(250));
        QCOMPARE(first.counts.failed, qint64(50));
        QCOMPARE(first.counts.ingested, qint64(250));
        auto left = skips.list({s.target.harvestSource, store::HarvestEntity::observation, std::nullopt, std::nullopt,
                                std::nullopt, 1000});
        QCOMPARE(left->size(), std::size_t(50));
        for (const auto &record : *left)
            QCOMPARE(record.attempts, 2);
        const auto second = run(s.target, s.store, harvest::HarvestMode::Retry);
        QCOMPARE(second.counts.listed, qint64(50));
        // Held in a variable: a range-for over *temporary would read the result after it is destroyed.
        const auto retried = skips.list({s.target.harvestSource, store::HarvestEntity::observation, std::nullopt,
                                         std::nullopt, std::nullopt, 1000});
        QVERIFY(retried.ok());
        for (const auto &record : *retried)
            QCOMPARE(record.attempts, 3);
    }

    // Scenario 26: a retry filtered by reason class tries only the matching records.
    void retryByReasonOnly()
    {
        Setup s;
        QVERIFY(s.start(QStringLiteral("sqlite"), 20));
        store::SkipRecordStore skips(s.store);
        for (std::uint64_t i = 0; i < 20; ++i) {
            const caom2::Observation o = PartnerArchive::observation("HST", i);
            store::SkipFailure f{s.target.harvestSource,
                                 store::HarvestEntity::observation,
                                 harvest::observationUri("HST", o.observationID),
                                 o.maxLastModified->msSinceEpoch,
                                 QStringLiteral("earlier failure"),
                                 i < 8 ? mirror::ErrorCategory::Checksum : mirror::ErrorCategory::Transient};
            QVERIFY(skips.record(f).ok());
        }
        const auto report = run(s.target, s.store, harvest::HarvestMode::Retry, mirror::ErrorCategory::Checksum);
        QVERIFY2(report.outcome == store::RunOutcome::Succeeded, qPrintable(report.error));
        QCOMPARE(report.counts.listed, qint64(8));
        QCOMPARE(report.counts.skippedCleared, qint64(8));
        auto left = skips.list({s.target.harvestSource, store::HarvestEntity::observation, std::nullopt, std::nullopt,
                                std::nullopt, 1000});
        QCOMPARE(left->size(), std::size_t(12));
    }
};

QTEST_GUILESS_MAIN(TestHarvestFailures)
#include "tst_harvest_failures.moc"
