#include "sync/sync_status.h"

#include "store/harvest_state_store.h"
#include "store/observation_display_state.h"
#include "sync/harvest_target.h"
#include "sync/publication_sync.h"

#include <map>
#include <set>

namespace harvest {
namespace {

const QStringList runKinds = {QStringLiteral("incremental"),       QStringLiteral("retry"),
                              QStringLiteral("validate"),          QStringLiteral("full"),
                              QStringLiteral("discover"),          QStringLiteral("download"),
                              QStringLiteral("artifact-validate"), QStringLiteral("artifact-diff")};

using TargetKey = std::pair<QString, QString>; // (source, collection)

// Fills in what the store holds for one target whose source, collection and harvest key are set.
mirror::Result<void> fill(const std::shared_ptr<store::Store> &s, TargetStatus &status, qint64 now)
{
    if (!status.harvestKey.isEmpty()) {
        store::HarvestStateStore states(s);
        auto observations = states.get(status.harvestKey, store::HarvestEntity::observation);
        if (!observations)
            return observations.error();
        status.cursor = observations->cursor.lastModified;
        auto deletions = states.get(status.harvestKey, store::HarvestEntity::deletedObservation);
        if (!deletions)
            return deletions.error();
        status.deletionCursor = deletions->cursor.lastModified;
        auto skips = store::SkipRecordStore(s).counts(status.harvestKey);
        if (!skips)
            return skips.error();
        status.skips = *skips;
        auto lease = store::HarvestLeaseStore(s).holderOf(status.harvestKey);
        if (!lease)
            return lease.error();
        status.lease = *lease;
        auto downloads = store::downloadQueueOf(s, status.harvestKey, now);
        if (!downloads)
            return downloads.error();
        status.downloads = *downloads;
    }
    if (status.source.isEmpty())
        return {};
    store::RunRecordStore runs(s);
    for (const QString &kind : runKinds) {
        auto last = runs.last(status.source, status.collection, kind);
        if (!last)
            return last.error();
        if (*last)
            status.lastRuns.push_back(**last);
    }
    auto live = runs.live(runHeartbeatFreshMs);
    if (!live)
        return live.error();
    for (const store::RunRecord &run : *live)
        if (run.kind == QLatin1String("download") && run.source == status.source
            && run.collection == status.collection) {
            status.downloadingNow = run;
            break;
        }
    auto discrepancies = store::DiscrepancyStore(s).counts(status.source, status.collection);
    if (!discrepancies)
        return discrepancies.error();
    status.discrepancies = *discrepancies;
    return {};
}

const mirror::PartnerSource *configuredSource(const std::vector<mirror::PartnerSource> &sources, const QString &name)
{
    for (const mirror::PartnerSource &source : sources)
        if (source.name.compare(name, Qt::CaseInsensitive) == 0)
            return &source;
    return nullptr;
}

} // namespace

mirror::Result<std::vector<TargetStatus>> collectStatus(const std::shared_ptr<store::Store> &s,
                                                        const std::vector<mirror::PartnerSource> &configured,
                                                        const QString &onlySource)
{
    std::map<TargetKey, TargetStatus> targets;
    std::set<QString> claimedKeys;
    const auto add = [&](const QString &source, const QString &collectionString, const QString &harvestKey,
                         bool isConfigured) {
        const QString collection = splitCollectionString(collectionString).first;
        TargetStatus &status = targets[{source, collection}];
        status.source = source;
        status.collection = collection;
        status.configured = status.configured || isConfigured;
        if (status.harvestKey.isEmpty() && !harvestKey.isEmpty()) {
            status.harvestKey = harvestKey;
            claimedKeys.insert(harvestKey);
        }
    };
    for (const mirror::PartnerSource &source : configured)
        for (const QString &collection : source.collections)
            add(source.name, collection, harvestSourceKey(source.endpoint, collection), true);

    // What the store has records of. A source configured without a collection list mirrors all it offers: its
    // recorded collections are configured ones; a source no longer in the settings is shown as such.
    std::set<TargetKey> recorded;
    auto runTargets = store::RunRecordStore(s).targets();
    if (!runTargets)
        return runTargets.error();
    recorded.insert(runTargets->begin(), runTargets->end());
    auto discrepancyCounts = store::DiscrepancyStore(s).counts();
    if (!discrepancyCounts)
        return discrepancyCounts.error();
    for (const store::DiscrepancyCount &count : *discrepancyCounts)
        recorded.insert({count.source, count.collection});
    for (const auto &[sourceName, collection] : recorded) {
        if (collection.isEmpty())
            continue; // not a collection: a publications run (publication_sync.h)
        const mirror::PartnerSource *source = configuredSource(configured, sourceName);
        const bool all = source && source->collections.isEmpty();
        const QString name = source ? source->name : sourceName;
        if (targets.count({name, collection}))
            continue;
        add(name, collection, source ? harvestSourceKey(source->endpoint, collection) : QString(), all);
    }

    // Harvest states nobody above claims (a source removed, or renamed): matched to an unclaimed target of
    // the same collection when there is exactly one, else shown by their key alone.
    auto states = store::HarvestStateStore(s).list();
    if (!states)
        return states.error();
    std::set<QString> stateKeys;
    for (const store::HarvestState &state : *states)
        if (state.cname != publicationEntity) // the publications feed's cursor is no collection's
            stateKeys.insert(state.source);
    for (const QString &key : stateKeys) {
        if (claimedKeys.count(key))
            continue;
        // The key is "{service}?{collection}", a filter in the collection written with '&' (harvest_target.h).
        const QString collection = key.section(QLatin1Char('?'), -1).section(QLatin1Char('&'), 0, 0);
        TargetStatus *match = nullptr;
        int candidates = 0;
        for (auto &[target, status] : targets) {
            if (status.harvestKey.isEmpty() && status.collection == collection) {
                match = &status;
                ++candidates;
            }
        }
        if (candidates == 1) {
            match->harvestKey = key;
        } else {
            TargetStatus &orphan = targets[{QString(), key}];
            orphan.harvestKey = key;
        }
        claimedKeys.insert(key);
    }

    auto shown = store::ObservationDisplayStore(s).counts();
    if (!shown)
        return shown.error();
    const qint64 now = store::systemClock()();
    std::vector<TargetStatus> result;
    for (auto &[target, status] : targets) {
        if (!onlySource.isEmpty() && status.source.compare(onlySource, Qt::CaseInsensitive) != 0)
            continue;
        if (auto filled = fill(s, status, now); !filled)
            return filled.error();
        for (const store::CollectionCount &count : *shown)
            if (count.count > 0 && !status.source.isEmpty() && count.source == status.source
                && count.collection == status.collection)
                status.shownStates.emplace_back(count.state, count.count);
        result.push_back(std::move(status));
    }
    if (!onlySource.isEmpty() && result.empty() && !configuredSource(configured, onlySource))
        return mirror::Error{mirror::ErrorCategory::Fatal,
                             "no source named " + onlySource.toStdString()
                                 + " in the settings, and the store has no records of one"};
    return result;
}

} // namespace harvest
