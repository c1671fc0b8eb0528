#pragma once

#include "net/listing_parser.h"
#include "store/clock.h"
#include "store/harvest_state_store.h"
#include "store/store.h"
#include "sync/harvest_counts.h"
#include "sync/harvest_target.h"
#include "sync/job_control.h"

#include <memory>
#include <optional>

// Applies a source's deletion events to the store (spec caom2-sync.md §2.5, Ours): every page of the
// listing (the reference applies only the last), each event by UUID and only when it is newer than the
// local copy; the removal records our own deletion event so mirrors of us learn of it. Events and the
// DeletedObservation cursor commit together, a page chunk per transaction.
namespace harvest {

class DeletionPass {
public:
    DeletionPass(const HarvestTarget &target, std::shared_ptr<store::Store> store, JobControl &control,
                 store::Clock clock);

    // Runs over [cursor − lookback, end]. On the first harvest of a collection (no cursor for either
    // observations or deletions) history is not replayed: the cursor is set to `end` and nothing is applied.
    mirror::Result<void> run(std::optional<qint64> end, HarvestCounts &counts);

private:
    mirror::Result<void> applyChunk(const std::vector<net::DeletionRow> &events, HarvestCounts &counts);

    const HarvestTarget &m_target;
    std::shared_ptr<store::Store> m_store;
    JobControl &m_control;
    store::Clock m_clock;
    store::HarvestStateStore m_states;
    store::HarvestCursor m_cursor; // as committed
};

} // namespace harvest
