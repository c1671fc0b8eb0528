#pragma once

#include "common/partner_source.h"
#include "common/result.h"
#include "store/discrepancy_store.h"
#include "store/download_queue.h"
#include "store/harvest_lease_store.h"
#include "store/run_record_store.h"
#include "store/skip_record_store.h"
#include "store/store.h"

#include <QString>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

// The status record per source and collection, as the store knows it: what `caom-sync status` prints and
// the console's dashboard shows, decided in one place. The store, not the settings, is the authority: a
// source removed from the settings, or one configured to mirror every collection, still shows every
// collection it has runs, cursors, skip records or discrepancies for.
namespace harvest {

struct TargetStatus {
    QString source;          // the operator's name of the partner; "" when only a harvest key is known
    QString collection;      // "" when only a harvest key is known
    QString harvestKey;      // the HarvestState / HarvestSkipURI key, "" when unknown
    bool configured = false; // the source is in the settings (with this collection, or with all of them)
    std::optional<qint64> cursor;
    std::optional<qint64> deletionCursor;
    // The last run of each kind that ran: incremental, retry, validate, full, then the artifact runs (discover,
    // download, artifact-validate, artifact-diff).
    std::vector<store::RunRecord> lastRuns;
    std::vector<store::SkipCount> skips;
    std::vector<store::DiscrepancyCount> discrepancies;
    std::optional<store::HarvestLease> lease;
    // The observations this source brought into the collection, by the state they are shown with (the one
    // rule of store/observation_display_state.h that the console's views follow too).
    std::vector<std::pair<QString, qint64>> shownStates;
    // The files waiting to be downloaded, and the download run working through them now (running, its heartbeat
    // fresh), with its counts so far: files done in RunCounts::itemsOk, bytes received in RunCounts::bytes.
    store::DownloadQueueCounts downloads;
    std::optional<store::RunRecord> downloadingNow;
};

// A run whose heartbeat is older than this is not taken to be going on (its process died).
inline constexpr qint64 runHeartbeatFreshMs = 15000;

// Every (source, collection) the settings configure or the store has records of, sorted by source and
// collection; with `onlySource`, those of that source (compared case-insensitively). An `onlySource` that is
// neither configured nor known to the store is a Fatal error naming it.
mirror::Result<std::vector<TargetStatus>> collectStatus(const std::shared_ptr<store::Store> &store,
                                                        const std::vector<mirror::PartnerSource> &configured,
                                                        const QString &onlySource = {});

} // namespace harvest
