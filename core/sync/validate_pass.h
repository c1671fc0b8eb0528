#pragma once

#include "net/listing_parser.h"
#include "store/clock.h"
#include "store/discrepancy_store.h"
#include "store/harvest_state_store.h"
#include "store/source_listing_store.h"
#include "store/store.h"
#include "sync/harvest_counts.h"
#include "sync/harvest_target.h"
#include "sync/job_control.h"

#include <map>
#include <memory>
#include <optional>
#include <vector>

// Validation of a collection against its source (spec caom2-sync.md §2.7, Ours): the whole remote listing,
// re-sorted by observationID in bounded memory, merged with the store's own observationID order. Each
// difference is classified and written to the store; with repair, exactly the rows found are fixed.
namespace harvest {

class SortedRows;

struct ValidateOptions {
    bool repair = false;
    // Local observations the source does not list are deleted on repair only when they came from this
    // source (or from no source at all): with two sources for one collection, one must not delete the other's.
    bool pruneLocalOnly = true;
    std::size_t sortRunSize = 200000; // rows per in-memory sort run
    // Rows newer than this may still be settling at the source and are only "pending"; unset: our clock less
    // the lag. The harvest job passes the window end it read off the partner's clock (window_end.h).
    std::optional<qint64> settledUntil;
};

struct ValidateSummary {
    qint64 remote = 0;
    qint64 local = 0;
    qint64 matching = 0;
    std::map<store::DiscrepancyClass, qint64> found; // by class
    qint64 repaired = 0;
};

class ValidatePass {
public:
    ValidatePass(const HarvestTarget &target, std::shared_ptr<store::Store> store, JobControl &control,
                 store::Clock clock);
    mirror::Result<ValidateSummary> run(const ValidateOptions &options, HarvestCounts &counts,
                                        std::optional<qint64> runKey);

private:
    class Comparison;
    struct Repairs {
        std::vector<net::StateRow> toFetch;   // missing locally, or the checksum differs
        std::vector<net::StateRow> toConfirm; // local only: deleted once the source confirms with a 404
    };
    // 1. The whole remote listing, re-sorted by observationID.
    mirror::Result<void> listRemote(SortedRows &remote, ValidateSummary &summary, HarvestCounts &counts);
    mirror::Result<void> recordListing(store::SourceListingStore &listings, const std::vector<net::StateRow> &page);
    // 2. Merged with the store's own order; each difference is written to the store as it is found.
    mirror::Result<Repairs> compare(SortedRows &remote, const ValidateOptions &options,
                                    const store::HarvestState &state, ValidateSummary &summary, HarvestCounts &counts,
                                    std::optional<qint64> runKey);
    // 3. Exactly the rows found are fixed.
    mirror::Result<void> repair(Repairs repairs, ValidateSummary &summary, HarvestCounts &counts);

    const HarvestTarget &m_target;
    std::shared_ptr<store::Store> m_store;
    JobControl &m_control;
    store::Clock m_clock;
};

} // namespace harvest
