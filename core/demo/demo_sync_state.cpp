#include "demo/demo_sync_state.h"

#include "caom2/checksum.h"
#include "store/discrepancy_store.h"
#include "store/harvest_state_store.h"
#include "store/run_record_store.h"
#include "store/skip_record_store.h"
#include "store/store.h"

#include <map>

namespace demo {

namespace {

constexpr qint64 minute = 60'000;
constexpr qint64 hour = 60 * minute;
constexpr qint64 day = 24 * hour;

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

QString harvestKey(const QString &resourceID, const QString &collection)
{
    return resourceID + QLatin1Char('?') + collection;
}

// A clock the demo moves by hand, so rows look written over the past weeks rather than all at build time.
struct DemoClock {
    qint64 now = 0;
    store::Clock clock()
    {
        return [this] { return now; };
    }
};

QString staleReason(std::uint64_t index)
{
    switch (index % 3) {
    case 0: return QStringLiteral("HTTP 503 Service Unavailable from the repository service (3 attempts)");
    case 1: return QStringLiteral("timed out after 60 s waiting for the observation document");
    default: return QStringLiteral("connection reset by peer while reading the observation document");
    }
}

mirror::Result<void> writeRuns(const std::shared_ptr<store::Store> &store, DemoClock &clock,
                               const GeneratedCollection &collection, qint64 now, qint64 troubledCount,
                               std::optional<qint64> &validateRun)
{
    store::RunRecordStore runs(store, clock.clock());
    // Three incremental harvests over the last days, the latest with failures, and one validate run.
    struct Planned {
        const char *kind;
        qint64 startsAgo;
        qint64 lasts;
        store::RunOutcome outcome;
        store::RunCounts counts;
        const char *summary;
    };
    const qint64 size = static_cast<qint64>(collection.count);
    const Planned planned[] = {
        {"full", 21 * day, 2 * hour, store::RunOutcome::Succeeded, {size - troubledCount, 0, 0, 0, 0}, ""},
        {"incremental", 2 * day, 4 * minute, store::RunOutcome::Succeeded, {118, 0, 0, 2, 0}, ""},
        {"incremental",
         6 * hour,
         6 * minute,
         store::RunOutcome::Partial,
         {96, 0, troubledCount / 2, 0, 0},
         "some observations could not be fetched; they wait in the skip list for a retry"},
        {"validate", 3 * hour, 9 * minute, store::RunOutcome::Succeeded, {size, 0, 0, 0, 0}, ""},
    };
    for (const Planned &run : planned) {
        clock.now = now - run.startsAgo;
        const auto started = runs.start(QString::fromLatin1(run.kind), QStringLiteral("metadata"), collection.source,
                                        collection.collection);
        if (!started)
            return started.error();
        clock.now += run.lasts;
        if (auto finished = runs.finish(started.value(), run.outcome, run.counts, QString::fromLatin1(run.summary));
            !finished)
            return finished;
        if (QLatin1String(run.kind) == QLatin1String("validate"))
            validateRun = started.value();
    }
    return {};
}

mirror::Result<void> writeDiscrepancies(const std::shared_ptr<store::Store> &store, DemoClock &clock,
                                        const GeneratedCollection &collection,
                                        const std::vector<const TroubledObservation *> &troubled,
                                        std::optional<qint64> runKey, qint64 now)
{
    std::vector<store::Discrepancy> found;
    const auto add = [&](store::DiscrepancyClass cls, const QString &id, const QString &local, const QString &remote,
                         std::optional<qint64> localModified, std::optional<qint64> remoteModified) {
        store::Discrepancy d;
        d.source = collection.comparedWith;
        d.collection = collection.collection;
        d.observationID = id;
        d.cls = cls;
        d.localChecksum = local;
        d.remoteChecksum = remote;
        d.localModified = localModified;
        d.remoteModified = remoteModified;
        d.runKey = runKey;
        found.push_back(std::move(d));
    };
    for (const TroubledObservation *t : troubled) {
        if (t->trouble == DemoTrouble::Differs) {
            const caom2::Observation theirs = partnerVersion(collection, t->index);
            add(store::DiscrepancyClass::ChecksumDiffers, t->observationID, t->localChecksum,
                fromStd(theirs.accMetaChecksum.value_or(std::string())), t->maxLastModified,
                t->maxLastModified + 3 * day);
        } else if (t->trouble == DemoTrouble::TimestampDiffers) {
            add(store::DiscrepancyClass::TimestampDiffers, t->observationID, t->localChecksum, t->localChecksum,
                t->maxLastModified, t->maxLastModified + 7 * hour);
        } else if (t->trouble == DemoTrouble::Stale && t->index % 4 == 0) {
            add(store::DiscrepancyClass::Pending, t->observationID, t->localChecksum, {}, t->maxLastModified,
                std::nullopt);
        }
    }
    // Observations the partner has and the mirror does not (they follow the mirror's last one), and a few the
    // mirror has that the partner no longer lists.
    for (std::uint64_t extra = 0; extra < 12; ++extra) {
        const caom2::Observation theirs = demoObservation(collection, collection.count + extra);
        add(store::DiscrepancyClass::MissingLocally, fromStd(theirs.observationID), {},
            fromStd(theirs.accMetaChecksum.value_or(std::string())), std::nullopt,
            theirs.maxLastModified ? std::optional<qint64>(theirs.maxLastModified->msSinceEpoch) : std::nullopt);
    }
    for (std::uint64_t index = 5; index < collection.count; index += collection.count / 6) {
        const caom2::Observation ours = demoObservation(collection, index);
        add(store::DiscrepancyClass::MissingRemotely, fromStd(ours.observationID),
            fromStd(ours.accMetaChecksum.value_or(std::string())), {},
            ours.maxLastModified ? std::optional<qint64>(ours.maxLastModified->msSinceEpoch) : std::nullopt,
            std::nullopt);
    }
    clock.now = now - 3 * hour + 9 * minute;
    store::DiscrepancyStore discrepancies(store, clock.clock());
    if (auto added = discrepancies.add(found); !added)
        return added;
    // An operator has looked at some of them already.
    const auto listed = discrepancies.list(collection.comparedWith, collection.collection, 10'000);
    if (!listed)
        return listed.error();
    int seen = 0;
    for (const store::Discrepancy &d : listed.value()) {
        if (d.cls != store::DiscrepancyClass::MissingRemotely || ++seen > 3)
            continue;
        if (auto acknowledged = discrepancies.acknowledge(d.key); !acknowledged)
            return acknowledged.error();
    }
    return {};
}

mirror::Result<void> writeSkips(const std::shared_ptr<store::Store> &store, DemoClock &clock,
                                const GeneratedCollection &collection,
                                const std::vector<const TroubledObservation *> &troubled, qint64 now)
{
    store::SkipRecordStore skips(store, clock.clock());
    const QString source = harvestKey(collection.resourceID, collection.collection);
    for (const TroubledObservation *t : troubled) {
        if (t->trouble != DemoTrouble::Stale)
            continue;
        store::SkipFailure failure;
        failure.source = source;
        failure.cname = store::HarvestEntity::observation;
        failure.skipID = QStringLiteral("caom:%1/%2").arg(collection.collection, t->observationID);
        failure.tryAfter = t->maxLastModified;
        failure.errorMessage = staleReason(t->index);
        failure.reason = mirror::ErrorCategory::Transient;
        // Failed once in the partial run, some again at each retry since.
        const int attempts = 1 + static_cast<int>(t->index % 3);
        for (int attempt = 0; attempt < attempts; ++attempt) {
            clock.now = now - 6 * hour + attempt * 90 * minute;
            if (auto recorded = skips.record(failure); !recorded)
                return recorded.error();
        }
    }
    // Artifacts whose download keeps failing.
    for (std::uint64_t index = 17; index < collection.count; index += collection.count / 5) {
        const caom2::Observation o = demoObservation(collection, index);
        store::SkipFailure failure;
        failure.source = source;
        failure.cname = store::HarvestEntity::artifact;
        failure.skipID = fromStd(o.planes.back().artifacts.front().uri.text);
        failure.tryAfter = now + 2 * hour;
        failure.errorMessage = index % 2 == 0
            ? QStringLiteral("content checksum differs: expected %1, the download gave another value")
                  .arg(fromStd(o.planes.back().artifacts.front().contentChecksum->text))
            : QStringLiteral("download interrupted after 48.2 MB of %1 bytes")
                  .arg(o.planes.back().artifacts.front().contentLength.value_or(0));
        failure.reason = index % 2 == 0 ? mirror::ErrorCategory::Checksum : mirror::ErrorCategory::Transient;
        clock.now = now - 5 * hour;
        if (auto recorded = skips.record(failure); !recorded)
            return recorded.error();
    }
    return {};
}

} // namespace

mirror::Result<void> writeSyncState(const std::shared_ptr<store::Store> &store,
                                    const std::vector<TroubledObservation> &troubled,
                                    const std::vector<RefusedSample> &refused, qint64 now)
{
    DemoClock clock;
    clock.now = now;
    store::Transaction transaction(store->database());
    store::HarvestStateStore cursors(store, clock.clock());
    for (const GeneratedCollection &collection : generatedCollections()) {
        std::vector<const TroubledObservation *> mine;
        for (const TroubledObservation &t : troubled) {
            if (t.collection == &collection)
                mine.push_back(&t);
        }
        std::optional<qint64> validateRun;
        if (auto ok = writeRuns(store, clock, collection, now, static_cast<qint64>(mine.size()), validateRun); !ok)
            return ok;
        if (auto ok = writeDiscrepancies(store, clock, collection, mine, validateRun, now); !ok)
            return ok;
        if (auto ok = writeSkips(store, clock, collection, mine, now); !ok)
            return ok;
        const caom2::Observation last = demoObservation(collection, collection.count - 1);
        store::HarvestCursor cursor;
        cursor.lastModified =
            last.maxLastModified ? std::optional<qint64>(last.maxLastModified->msSinceEpoch) : std::nullopt;
        cursor.id = QUuid::fromString(fromStd(last.id.toString()));
        clock.now = now - 6 * hour + 6 * minute;
        if (auto ok = cursors.put(harvestKey(collection.resourceID, collection.collection),
                                  store::HarvestEntity::observation, cursor);
            !ok)
            return ok;
    }
    store::SkipRecordStore skips(store, clock.clock());
    clock.now = now - 20 * day;
    for (const RefusedSample &sample : refused) {
        store::SkipFailure failure;
        failure.source = harvestKey(resourceIDOf(sample.source), sample.collection);
        failure.cname = store::HarvestEntity::observation;
        failure.skipID = QStringLiteral("caom:%1/%2").arg(sample.collection, sample.observationID);
        failure.tryAfter = sample.maxLastModified;
        failure.errorMessage = sample.reason;
        failure.reason = mirror::ErrorCategory::Checksum;
        if (auto recorded = skips.record(failure); !recorded)
            return recorded.error();
    }
    return transaction.commit();
}

} // namespace demo
