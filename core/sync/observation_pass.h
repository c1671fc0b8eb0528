#pragma once

#include "store/clock.h"
#include "store/harvest_state_store.h"
#include "store/store.h"
#include "sync/harvest_counts.h"
#include "sync/harvest_target.h"
#include "sync/job_control.h"

#include <memory>
#include <optional>

// One pass over an observation-state listing window: lister thread → parallel fetchers (parse and verify
// there) → this thread, which commits results strictly in listing order, a batch per transaction with the
// cursor that produced it (spec caom2-sync.md §2.10, Ours). Incremental, full and the repairs of validate
// are all this pass with different options.
namespace harvest {

struct ObservationPassOptions {
    std::optional<qint64> windowStart; // inclusive; none = from the beginning
    std::optional<qint64> windowEnd;   // inclusive; none = everything
    bool skipUnchanged = true;         // rows whose (URI, accMetaChecksum) match the store are not fetched
    bool writeCursor = true;           // advance HarvestState with each batch
    store::HarvestCursor startCursor;  // the cursor before the pass: it never moves backwards
};

class ObservationPass {
public:
    ObservationPass(const HarvestTarget &target, std::shared_ptr<store::Store> store, JobControl &control,
                    store::Clock clock);

    // Counts accumulate into `counts` as batches commit (so a failed pass still reports what it did).
    // `cursor` ends as the last committed cursor. Errors: the listing's (after its retries), the store's,
    // Cancelled.
    mirror::Result<void> run(const ObservationPassOptions &options, HarvestCounts &counts,
                             store::HarvestCursor &cursor);

private:
    class Pipeline;

    const HarvestTarget &m_target;
    std::shared_ptr<store::Store> m_store;
    JobControl &m_control;
    store::Clock m_clock;
};

} // namespace harvest
