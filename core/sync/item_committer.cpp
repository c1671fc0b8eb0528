#include "sync/item_committer.h"

#include "common/logging.h"

namespace harvest {
namespace {

QString text(const std::string &value)
{
    return QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()));
}

} // namespace

QString observationUri(const std::string &collection, const std::string &observationID)
{
    return QStringLiteral("caom:") + text(collection) + QLatin1Char('/') + text(observationID);
}

ItemCommitter::ItemCommitter(std::shared_ptr<store::Store> store, Options options, store::Clock clock)
    : m_store(store),
      m_options(std::move(options)),
      m_clock(clock),
      m_observations(store),
      m_lookup(store),
      m_skips(store, clock),
      m_states(store, clock),
      m_listings(store, clock)
{
    // Most harvests run with no skip record for their source at all; knowing that once saves a DELETE per
    // observation. A record written by another process meanwhile is cleared by the next retry pass.
    store::SkipQuery query;
    query.source = m_options.harvestSource;
    query.cname = store::HarvestEntity::observation;
    query.limit = 1;
    auto any = m_skips.list(query);
    m_skipsMayExist = !any || !any->empty();
}

mirror::Result<void> ItemCommitter::applyFailure(const QSqlDatabase &db, const ItemResult &item, HarvestCounts &counts)
{
    store::SkipFailure failure;
    failure.source = m_options.harvestSource;
    failure.cname = store::HarvestEntity::observation;
    failure.skipID = observationUri(item.row.collection, item.row.observationID);
    failure.tryAfter = item.row.maxLastModified.value_or(m_clock());
    failure.errorMessage = QString::fromStdString(item.error.message);
    failure.reason = item.error.category;
    auto recorded = m_skips.record(db, failure);
    if (!recorded)
        return recorded.error();
    m_skipsMayExist = true;
    ++counts.failed;
    if (recorded->attempts == 1)
        ++counts.skippedNew;
    // Keep the copy we have: it is the last good version. Marked stale so views and status say so.
    auto marked =
        m_lookup.setState(text(item.row.collection), text(item.row.observationID), store::ObservationState::stale);
    if (!marked)
        return marked.error();
    qCInfo(lcSync, "skip %s: %s", qPrintable(failure.skipID), item.error.message.c_str());
    return {};
}

mirror::Result<void> ItemCommitter::recordListing(const QSqlDatabase &db, const std::vector<ItemResult> &batch)
{
    if (m_options.listingSource.isEmpty() || batch.empty())
        return {};
    // One pass holds one collection; rows are grouped by collection all the same, cheaply, in case it does not.
    std::map<QString, std::vector<store::ListingRow>> seen;
    std::map<QString, QStringList> gone;
    for (const ItemResult &item : batch) {
        const QString collection = text(item.row.collection);
        if (item.outcome == ItemOutcome::NotFound)
            gone[collection] << text(item.row.observationID);
        else
            seen[collection].push_back(
                {text(item.row.observationID), text(item.row.accMetaChecksum), item.row.maxLastModified, 0});
    }
    for (const auto &[collection, rows] : seen)
        if (auto recorded = m_listings.record(db, m_options.listingSource, collection, rows); !recorded)
            return recorded;
    for (const auto &[collection, ids] : gone)
        if (auto removed = m_listings.remove(db, m_options.listingSource, collection, ids); !removed)
            return removed.error();
    return {};
}

mirror::Result<ItemCommitter::LocalCopies> ItemCommitter::localCopies(const std::vector<ItemResult> &batch) const
{
    std::map<QString, QStringList> fetched; // observationIDs by collection
    for (const ItemResult &item : batch)
        if (item.outcome == ItemOutcome::Fetched)
            fetched[text(item.row.collection)] << text(item.row.observationID);
    LocalCopies copies;
    for (const auto &[collection, ids] : fetched) {
        auto found = m_lookup.byUris(collection, ids);
        if (!found)
            return found.error();
        for (auto &[observationID, key] : *found)
            copies.emplace(std::pair{collection, observationID}, std::move(key));
    }
    return copies;
}

mirror::Result<void> ItemCommitter::commit(std::vector<ItemResult> batch,
                                           const std::optional<store::HarvestCursor> &cursor, HarvestCounts &counts)
{
    HarvestCounts delta;
    QSqlDatabase db = m_store->database();
    store::Transaction transaction(db);
    std::vector<store::PreparedObservation> writes;
    const auto clearSkip = [&](const ItemResult &item) -> mirror::Result<void> {
        if (!m_skipsMayExist)
            return {}; // nothing to clear: spare the statement per observation
        auto removed = m_skips.remove(db, m_options.harvestSource, store::HarvestEntity::observation,
                                      observationUri(item.row.collection, item.row.observationID));
        if (!removed)
            return removed.error();
        if (*removed)
            ++delta.skippedCleared;
        return {};
    };

    if (auto listed = recordListing(db, batch); !listed)
        return listed.error();
    // The local copies of the fetched observations, looked up for the whole batch at once (a statement per
    // observation was a network round trip each on PostgreSQL). Kept in step with what this loop changes.
    auto locals = localCopies(batch);
    if (!locals)
        return locals.error();
    const auto localOf = [&](const ItemResult &item) -> std::optional<store::ObservationKey> {
        const auto found = locals->find({text(item.row.collection), text(item.row.observationID)});
        return found == locals->end() ? std::nullopt : std::optional(found->second);
    };
    const auto forget = [&](const ItemResult &item) {
        locals->erase({text(item.row.collection), text(item.row.observationID)});
    };
    for (ItemResult &item : batch) {
        const QString collection = text(item.row.collection);
        const QString observationID = text(item.row.observationID);
        switch (item.outcome) {
        case ItemOutcome::Unchanged:
            ++delta.unchanged;
            if (auto cleared = clearSkip(item); !cleared)
                return cleared.error();
            break;
        case ItemOutcome::NotFound: {
            auto removed = m_observations.remove(collection, observationID);
            if (!removed)
                return removed.error();
            forget(item);
            if (*removed) {
                ++delta.deleted;
                qCInfo(lcSync, "delete caom:%s/%s: gone at the source (404)", qPrintable(collection),
                       qPrintable(observationID));
            }
            if (auto cleared = clearSkip(item); !cleared)
                return cleared.error();
            break;
        }
        case ItemOutcome::Failed:
            if (auto failed = applyFailure(db, item, delta); !failed)
                return failed.error();
            if (auto kept = locals->find({collection, observationID}); kept != locals->end())
                kept->second.state = store::ObservationState::stale;
            break;
        case ItemOutcome::Fetched: {
            CheckedDocument &document = *item.document;
            delta.bytes += item.bytes;
            ++delta.fetched;
            std::optional<store::ObservationKey> local = localOf(item);
            bool replacedCopy = false;
            const QString documentId = document.id.toString(QUuid::WithoutBraces);
            if (local.has_value() && local->id != documentId) {
                // Same URI, another UUID: the source deleted and re-created it and we missed the deletion.
                // Trust the source; the removal records the old UUID's deletion for our own mirrors.
                qCInfo(lcSync, "replace caom:%s/%s: UUID %s became %s (missed deletion)", qPrintable(collection),
                       qPrintable(observationID), qPrintable(local->id), qPrintable(documentId));
                if (auto removed = m_observations.remove(collection, observationID); !removed)
                    return removed.error();
                forget(item);
                local.reset();
                replacedCopy = true;
            }
            if (auto cleared = clearSkip(item); !cleared)
                return cleared.error();
            if (m_options.compareBeforeWrite && local.has_value() && local->accMetaChecksum == document.accMetaChecksum
                && local->state == store::ObservationState::ok) {
                ++delta.unchanged;
                break;
            }
            // A copy replaced under a new UUID is still an update of what the store held at that URI.
            if (local.has_value() || replacedCopy)
                ++delta.updated;
            else
                ++delta.ingested;
            writes.push_back(std::move(document.prepared));
            break;
        }
        }
    }
    if (!writes.empty()) {
        if (auto written = m_observations.upsertPrepared(writes); !written)
            return written.error();
    }
    if (cursor) {
        if (auto put = m_states.put(db, m_options.harvestSource, store::HarvestEntity::observation, *cursor); !put)
            return put.error();
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    counts += delta;
    return {};
}

} // namespace harvest
