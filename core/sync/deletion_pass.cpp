#include "sync/deletion_pass.h"

#include "common/logging.h"
#include "store/observation_lookup.h"
#include "store/observation_store.h"
#include "store/source_listing_store.h"
#include "sync/state_lister.h"

namespace harvest {
namespace {

constexpr std::size_t eventsPerTransaction = 500;

} // namespace

DeletionPass::DeletionPass(const HarvestTarget &target, std::shared_ptr<store::Store> store, JobControl &control,
                           store::Clock clock)
    : m_target(target),
      m_store(store),
      m_control(control),
      m_clock(clock),
      m_states(store, clock)
{}

mirror::Result<void> DeletionPass::applyChunk(const std::vector<net::DeletionRow> &events, HarvestCounts &counts)
{
    HarvestCounts delta;
    store::ObservationLookup lookup(m_store);
    store::ObservationStore observations(m_store);
    QSqlDatabase db = m_store->database();
    store::Transaction transaction(db);
    store::SourceListingStore listings(m_store, m_clock);
    store::HarvestCursor cursor = m_cursor;
    for (const net::DeletionRow &event : events) {
        const QUuid id = QUuid::fromString(QString::fromStdString(event.id));
        if (!cursor.lastModified || event.deletedAt >= *cursor.lastModified) // the look-back never rewinds it
            cursor = {event.deletedAt, id};
        if (auto forgotten = listings.removeDeleted(db, m_target.sourceName, QString::fromStdString(event.collection),
                                                    QString::fromStdString(event.observationID), event.deletedAt);
            !forgotten)
            return forgotten.error();
        auto local = lookup.byId(id);
        if (!local)
            return local.error();
        if (!local->has_value())
            continue; // never harvested, or already gone
        const store::ObservationKey &key = **local;
        if (key.maxLastModified && event.deletedAt <= *key.maxLastModified) {
            ++delta.staleDeletions;
            qCInfo(lcSync, "skip out-of-date delete of caom:%s/%s (%s): deleted %s, local copy modified %s",
                   qPrintable(key.collection), qPrintable(key.observationID), event.id.c_str(),
                   net::formatIvoaTimestamp(event.deletedAt).c_str(),
                   net::formatIvoaTimestamp(*key.maxLastModified).c_str());
            continue;
        }
        auto removed = observations.remove(key.collection, key.observationID);
        if (!removed)
            return removed.error();
        if (*removed) {
            ++delta.deleted;
            qCInfo(lcSync, "delete caom:%s/%s (%s)", qPrintable(key.collection), qPrintable(key.observationID),
                   event.id.c_str());
        }
    }
    if (auto put = m_states.put(db, m_target.harvestSource, store::HarvestEntity::deletedObservation, cursor); !put)
        return put.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    m_cursor = cursor;
    counts += delta;
    counts.listed += static_cast<qint64>(events.size());
    m_control.addDone(static_cast<qint64>(events.size()));
    m_control.updateCounts(counts);
    return {};
}

mirror::Result<void> DeletionPass::run(std::optional<qint64> end, HarvestCounts &counts)
{
    auto deletions = m_states.get(m_target.harvestSource, store::HarvestEntity::deletedObservation);
    if (!deletions)
        return deletions.error();
    auto observations = m_states.get(m_target.harvestSource, store::HarvestEntity::observation);
    if (!observations)
        return observations.error();
    if (!deletions->cursor.lastModified && !observations->cursor.lastModified) {
        // First harvest: what was deleted before we started mirroring is not ours to apply (scenario 21).
        store::HarvestCursor start;
        start.lastModified = end.value_or(m_clock());
        qCInfo(lcSync, "%s: first harvest, deletions followed from %s on", qPrintable(m_target.harvestSource),
               net::formatIvoaTimestamp(*start.lastModified).c_str());
        return m_states.put(m_target.harvestSource, store::HarvestEntity::deletedObservation, start);
    }

    m_cursor = deletions->cursor;
    ListingWindow window;
    window.collection = m_target.collection.toStdString();
    if (deletions->cursor.lastModified)
        window.start = *deletions->cursor.lastModified - m_target.tuning.lookback.count();
    window.end = end;
    window.pageSize = m_target.tuning.serverCap; // deletions are small rows: the biggest pages the server gives
    window.serverCap = m_target.tuning.serverCap;

    net::RepositoryClient client(m_target.endpoints, m_target.http);
    DeletionLister lister(client, window, m_control);
    const RetriesOnExit<DeletionLister> countRetries{lister, counts};
    std::optional<mirror::Error> applyError;
    auto listed = lister.run([&](std::vector<net::DeletionRow> &&page) {
        for (std::size_t at = 0; at < page.size(); at += eventsPerTransaction) {
            const std::size_t until = std::min(page.size(), at + eventsPerTransaction);
            std::vector<net::DeletionRow> chunk(page.begin() + static_cast<std::ptrdiff_t>(at),
                                                page.begin() + static_cast<std::ptrdiff_t>(until));
            if (auto applied = applyChunk(chunk, counts); !applied) {
                applyError = applied.error();
                return false;
            }
            if (!m_control.checkpoint())
                return false;
        }
        return true;
    });
    if (applyError)
        return *applyError;
    if (!listed)
        return listed.error();
    if (m_control.cancelled())
        return mirror::Error{mirror::ErrorCategory::Cancelled, "cancelled"};
    return {};
}

} // namespace harvest
