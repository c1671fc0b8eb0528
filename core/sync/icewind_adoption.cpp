#include "sync/icewind_adoption.h"

#include "net/listing_parser.h"
#include "store/harvest_state_store.h"
#include "store/skip_record_store.h"
#include "sync/harvest_target.h"

#include <map>

namespace harvest {

namespace {

QString timeText(qint64 ms)
{
    return QString::fromStdString(net::formatIvoaTimestamp(ms));
}

// The collection part of an icewind key, or "" when the key belongs to another service.
QString collectionOf(const QString &key, const QString &service)
{
    const QString prefix = service + QLatin1Char('?');
    return key.startsWith(prefix) ? key.mid(prefix.size()) : QString();
}

struct Plan {
    std::map<QString, AdoptedCollection> collections; // by collection string
    std::vector<store::HarvestState> states;          // to write, with our keys
    std::vector<store::SkipRecord> skips;             // to write, with our keys
    std::map<QString, int> leftOut;                   // reason -> rows
};

bool wanted(const IcewindAdoptionRequest &request, const QString &icewindService, const QString &collection)
{
    if (request.collections.isEmpty())
        return true;
    for (const QString &configured : request.collections) {
        if (collectionOf(harvestSourceKey(icewindService, configured), icewindService) == collection)
            return true;
    }
    return false;
}

AdoptedCollection &entry(Plan &plan, const QString &collection, const QString &icewindService,
                         const QString &ourService)
{
    auto [at, added] = plan.collections.try_emplace(collection);
    if (added) {
        at->second.collection = collection;
        at->second.icewindKey = icewindService + QLatin1Char('?') + collection;
        at->second.ourKey = ourService + QLatin1Char('?') + collection;
    }
    return at->second;
}

Plan makePlan(const store::IcewindState &icewind, const IcewindAdoptionRequest &request, const QString &icewindService)
{
    Plan plan;
    for (const store::HarvestState &state : icewind.states) {
        const QString collection = collectionOf(state.source, icewindService);
        if (collection.isEmpty()) {
            ++plan.leftOut[QStringLiteral("harvest state of %1 (%2): another service than %3")
                               .arg(state.source, state.cname, icewindService)];
            continue;
        }
        if (!wanted(request, icewindService, collection)) {
            ++plan.leftOut[QStringLiteral("harvest state of %1 (%2): collection not configured for %3")
                               .arg(state.source, state.cname, request.sourceName)];
            continue;
        }
        if (state.cname != store::HarvestEntity::observation
            && state.cname != store::HarvestEntity::deletedObservation) {
            ++plan.leftOut[QStringLiteral("harvest state of %1 (%2): only the Observation and DeletedObservation "
                                          "cursors carry over")
                               .arg(state.source, state.cname)];
            continue;
        }
        AdoptedCollection &adopted = entry(plan, collection, icewindService, request.ourService);
        if (state.cname == store::HarvestEntity::observation)
            adopted.observationCursor = state.cursor.lastModified;
        else
            adopted.deletionCursor = state.cursor.lastModified;
        store::HarvestState ours = state;
        ours.source = adopted.ourKey;
        plan.states.push_back(std::move(ours));
    }
    for (const store::SkipRecord &skip : icewind.skips) {
        const QString collection = collectionOf(skip.source, icewindService);
        if (collection.isEmpty() || !wanted(request, icewindService, collection)) {
            ++plan.leftOut[QStringLiteral("skip records of %1: %2")
                               .arg(skip.source,
                                    collection.isEmpty()
                                        ? QStringLiteral("another service than ") + icewindService
                                        : QStringLiteral("collection not configured for ") + request.sourceName)];
            continue;
        }
        if (skip.cname != store::HarvestEntity::observation) {
            // caom2-artifact-sync's download queue: 'caom-sync artifacts discover' builds ours from the metadata.
            ++plan.leftOut[QStringLiteral("skip records of %1 (%2): only observations carry over; the download "
                                          "queue is rebuilt by 'caom-sync artifacts discover'")
                               .arg(skip.source, skip.cname)];
            continue;
        }
        entry(plan, collection, icewindService, request.ourService);
        store::SkipRecord ours = skip;
        ours.source = request.ourService + QLatin1Char('?') + collection;
        plan.skips.push_back(std::move(ours));
    }
    return plan;
}

// Our own cursor of a collection must not be moved by an adoption: it records what this store holds.
mirror::Result<void> checkNoCursorOfOurs(store::HarvestStateStore &states, const store::HarvestState &incoming,
                                         const QString &sourceName)
{
    auto current = states.get(incoming.source, incoming.cname);
    if (!current)
        return current.error();
    if (!current->cursor.lastModified || current->cursor == incoming.cursor)
        return {};
    return mirror::Error{
        mirror::ErrorCategory::Conflict,
        QStringLiteral("%1 already has its own %2 cursor here for %3 (%4, icewind's is %5): "
                       "adopting would move it, so nothing was adopted")
            .arg(sourceName, incoming.cname, incoming.source, timeText(*current->cursor.lastModified),
                 incoming.cursor.lastModified ? timeText(*incoming.cursor.lastModified) : QStringLiteral("empty"))
            .toStdString()};
}

} // namespace

mirror::Result<IcewindAdoption> adoptIcewindState(const std::shared_ptr<store::Store> &store,
                                                  const store::IcewindState &icewind,
                                                  const IcewindAdoptionRequest &request)
{
    const QString icewindService = request.icewindService.isEmpty() ? request.ourService : request.icewindService;
    Plan plan = makePlan(icewind, request, icewindService);
    IcewindAdoption adoption;
    for (const auto &[reason, rows] : plan.leftOut)
        adoption.notAdopted
            << QStringLiteral("%1 (%2 row%3)").arg(reason).arg(rows).arg(rows == 1 ? QString() : QStringLiteral("s"));
    if (plan.collections.empty())
        return mirror::Error{mirror::ErrorCategory::Fatal,
                             QStringLiteral("icewind database %1 holds no harvest state for %2%3, so there is nothing "
                                            "to adopt (icewind keys its rows \"%2?COLLECTION\"; give the service it "
                                            "harvested if that was another)")
                                 .arg(icewind.database, icewindService,
                                      request.collections.isEmpty()
                                          ? QString()
                                          : QStringLiteral(" and collections ") + request.collections.join(u", "))
                                 .toStdString()};

    // Deletions older than the state taken over concern observations icewind held, not this store: where icewind
    // kept no deletion cursor (it never ran its deletion harvester), ours starts at the observation cursor, as
    // icewind's own first run starts deletions at its start rather than replaying history.
    for (auto &[collection, adopted] : plan.collections) {
        if (adopted.observationCursor && !adopted.deletionCursor) {
            adopted.deletionCursor = adopted.observationCursor;
            store::HarvestState deletions;
            deletions.source = adopted.ourKey;
            deletions.cname = store::HarvestEntity::deletedObservation;
            deletions.cursor.lastModified = adopted.observationCursor;
            plan.states.push_back(deletions);
            adoption.notes << QStringLiteral("%1: icewind kept no deletion cursor; deletions are followed from its "
                                             "observation cursor on")
                                  .arg(collection);
        }
    }

    store::HarvestStateStore states(store);
    for (const store::HarvestState &state : plan.states) {
        if (auto free = checkNoCursorOfOurs(states, state, request.sourceName); !free)
            return free.error();
    }
    if (!icewind.skipTableHasTryAfter && !plan.skips.empty())
        adoption.notes << QStringLiteral("icewind's HarvestSkipURI has no tryAfter column (an older schema): its "
                                         "records are due for retry from when they were written");

    if (!request.dryRun) {
        QSqlDatabase db = store->database();
        store::Transaction transaction(db);
        for (const store::HarvestState &state : plan.states) {
            if (auto put = states.put(db, state.source, state.cname, state.cursor); !put)
                return put.error();
        }
        store::SkipRecordStore skips(store);
        for (const store::SkipRecord &skip : plan.skips) {
            auto added = skips.adopt(db, skip, mirror::ErrorCategory::PerItem);
            if (!added)
                return added.error();
            const QString collection = collectionOf(skip.source, request.ourService);
            AdoptedCollection &adopted = plan.collections[collection];
            ++(*added ? adopted.skipRecordsAdded : adopted.skipRecordsKept);
        }
        if (auto committed = transaction.commit(); !committed)
            return committed.error();
    } else {
        for (const store::SkipRecord &skip : plan.skips)
            ++plan.collections[collectionOf(skip.source, request.ourService)].skipRecordsAdded;
    }
    for (auto &[collection, adopted] : plan.collections)
        adoption.collections.push_back(adopted);
    return adoption;
}

} // namespace harvest
