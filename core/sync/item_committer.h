#pragma once

#include "store/harvest_state_store.h"
#include "store/observation_lookup.h"
#include "store/observation_store.h"
#include "store/skip_record_store.h"
#include "store/source_listing_store.h"
#include "sync/harvest_counts.h"
#include "sync/item_result.h"

#include <map>
#include <memory>
#include <optional>
#include <vector>

// Writes harvest results to the store, a batch per transaction, with the cursor that produced them: after a
// crash the store holds either the whole batch and its cursor or neither (spec caom2-sync.md §2.3). The
// failure policy is ours (§2.11): a failure never deletes a good local copy; the copy is kept, marked
// stale, and a skip record says why.
namespace harvest {

class ItemCommitter {
public:
    struct Options {
        QString harvestSource; // skip records and cursor key
        // Full mode re-verifies everything: a fetched document identical to the local one is not rewritten.
        bool compareBeforeWrite = true;
        // The partner's name when the batch comes from its listing: each listed row is kept as what that
        // partner holds (source_listing_store.h), in the batch's transaction. "" records nothing (retries).
        QString listingSource;
    };

    ItemCommitter(std::shared_ptr<store::Store> store, Options options, store::Clock clock);

    // Commits `batch` (in its order) and, when given, the cursor, in one transaction. Counts go to `counts`
    // only when the transaction committed.
    // The batch is consumed (its documents are moved into the store's writer).
    mirror::Result<void> commit(std::vector<ItemResult> batch, const std::optional<store::HarvestCursor> &cursor,
                                HarvestCounts &counts);

private:
    using LocalCopies = std::map<std::pair<QString, QString>, store::ObservationKey>; // by (collection, ID)
    mirror::Result<LocalCopies> localCopies(const std::vector<ItemResult> &batch) const;
    mirror::Result<void> recordListing(const QSqlDatabase &db, const std::vector<ItemResult> &batch);
    mirror::Result<void> applyFailure(const QSqlDatabase &db, const ItemResult &item, HarvestCounts &counts);

    std::shared_ptr<store::Store> m_store;
    Options m_options;
    store::Clock m_clock;
    store::ObservationStore m_observations;
    store::ObservationLookup m_lookup;
    store::SkipRecordStore m_skips;
    store::HarvestStateStore m_states;
    store::SourceListingStore m_listings;
    bool m_skipsMayExist = true;
};

// "caom:{collection}/{observationID}", the skip record key of an observation.
QString observationUri(const std::string &collection, const std::string &observationID);

} // namespace harvest
