#pragma once

#include "common/error.h"
#include "store/clock.h"
#include "store/harvest_state_store.h"
#include "store/run_record_store.h"
#include "store/store.h"
#include "sync/harvest_counts.h"
#include "sync/harvest_target.h"
#include "sync/job_control.h"
#include "sync/validate_pass.h"

#include <QStringList>

#include <memory>
#include <optional>

// One harvest of one (source, collection) in one mode, from start to run record: take the lease, run the
// passes of the mode, record the outcome. The same function runs under caom-sync and under the console's
// engine; it blocks its calling thread and is steered through JobControl.
namespace harvest {

enum class HarvestMode { Incremental, Retry, Validate, Full };
QString harvestModeName(HarvestMode mode); // incremental | retry | validate | full
std::optional<HarvestMode> harvestModeFromName(const QString &name);

struct HarvestRequest {
    HarvestTarget target;
    HarvestMode mode = HarvestMode::Incremental;
    bool repair = false;                              // validate: fix what was found
    bool prune = false;                               // full: delete local-only observations afterwards
    std::optional<qint64> fullFrom;                   // full: start here instead of the beginning
    std::optional<mirror::ErrorCategory> retryReason; // retry: only this class of failure
    QString holder;                                   // lease holder identity; "" = host:pid:random
    std::chrono::milliseconds leaseTtl{std::chrono::seconds(60)};
};

struct HarvestReport {
    qint64 runKey = 0;
    store::RunOutcome outcome = store::RunOutcome::Failed;
    HarvestCounts counts;
    QString error;                                      // the error that ended the run, "" when none
    std::optional<mirror::ErrorCategory> errorCategory; // its class, when there was one
    QString heldBy;    // not started: another harvester holds the lease (its identity); "" otherwise
    QStringList notes; // things the operator should know (fallbacks, deletions not available...)
    std::optional<ValidateSummary> validation;
    store::HarvestCursor cursorBefore;
    store::HarvestCursor cursorAfter;
    std::optional<qint64> windowStart;
    std::optional<qint64> windowEnd;
    std::optional<qint64> partnerClockSkewMs; // the partner's clock minus ours (+-1 s), when it was read
    // The observation cursor was not written by an incremental run of ours but left by another harvester (an
    // adopted icewind state): the run starts at it, as that harvester would have, without the look-back.
    bool cursorInherited = false;

    // 0 success, 1 finished with item failures, 2 failed, 3 cancelled (caom-sync's exit codes).
    int exitCode() const;
    // Another harvester is working on this collection: not a failure of this one, it is being taken care of.
    bool heldElsewhere() const { return !heldBy.isEmpty(); }
};

HarvestReport runHarvest(const HarvestRequest &request, std::shared_ptr<store::Store> store, JobControl &control,
                         store::Clock clock = store::systemClock());

} // namespace harvest
