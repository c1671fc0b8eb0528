#pragma once

#include "common/error.h"
#include "store/clock.h"
#include "store/store.h"
#include "sync/harvest_counts.h"
#include "sync/harvest_target.h"
#include "sync/job_control.h"

#include <memory>
#include <optional>

// One pass over the skip records of a (source, collection) that are due (spec caom2-sync.md §2.6, Ours):
// each record is tried at most once per pass (rows the pass rewrote are never selected again), fixed ones
// are removed, the rest count one more attempt. Documents are fetched and committed exactly as a harvest
// does, without touching the cursor.
namespace harvest {

struct RetryOptions {
    std::optional<mirror::ErrorCategory> reason; // only records whose last failure was of this class
};

class RetryPass {
public:
    RetryPass(const HarvestTarget &target, std::shared_ptr<store::Store> store, JobControl &control,
              store::Clock clock);
    mirror::Result<void> run(const RetryOptions &options, HarvestCounts &counts);

private:
    const HarvestTarget &m_target;
    std::shared_ptr<store::Store> m_store;
    JobControl &m_control;
    store::Clock m_clock;
};

// Splits "caom:{collection}/{observationID}" (the observationID may hold further '/'... it may not in CAOM,
// but the split is on the first one); nullopt for anything else.
std::optional<std::pair<std::string, std::string>> splitObservationUri(const QString &uri);

} // namespace harvest
