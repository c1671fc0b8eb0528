#pragma once

#include "common/partner_source.h"
#include "common/result.h"
#include "store/artifact_summary.h"
#include "store/run_record_store.h"
#include "store/store.h"
#include "sync/sync_status.h"

#include <QMetaType>
#include <QString>

#include <array>
#include <memory>
#include <optional>
#include <vector>

// What the console's dashboard and the report show, gathered from the store in one go: per partner and
// collection the observations by state, how fresh the last successful sync is, whether anything needs the
// operator, the recent runs and the harvest throughput over time. Built on collectStatus (the status record
// `caom-sync status` prints) and the one display-state rule behind it; no view decides a state of its own.
namespace harvest {

// The segments of a partner's bar. InSync, Differs, Stale and Pending are the display rule's states of the
// observations the partner brought; LocalOnly and Skipped refine two of them by why (a discrepancy saying the
// partner does not list it; a skip record saying the last refresh failed); RemoteOnly and the part of Skipped
// not held here count observations the store does not have.
enum class BarState { InSync, Differs, LocalOnly, RemoteOnly, Skipped, Stale, Pending };
inline constexpr int barStateCount = 7;
// in-sync | differs | local-only | remote-only | skipped | stale | pending
QString barStateName(BarState state);
// The browser's state filter that shows a segment's observations ("" when they are not in the store).
QString barStateFilter(BarState state);

// How a segment reads wherever it is drawn (the console's charts, the report): glyph, word, one sentence and a
// fill colour (0xRRGGBB, a mid-tone that reads on light and dark backgrounds). Never colour alone.
struct BarStateLook {
    BarState state = BarState::InSync;
    QString glyph;
    QString label;
    QString meaning;
    unsigned fill = 0;
};
// Every state, in stacking order (good first, so bars line up on their healthy part).
const std::vector<BarStateLook> &barStateLooks();
const BarStateLook &barStateLook(BarState state);

// How long ago a target last synced successfully, in words as well as colour.
enum class Freshness { Fresh, Ageing, Old, Never };
QString freshnessName(Freshness freshness); // fresh | ageing | old | never

struct StateBar {
    QString source;
    QString collection;
    std::array<qint64, barStateCount> counts{}; // by BarState
    qint64 total() const;
};

struct TargetHealth {
    QString source;
    QString collection;
    std::optional<qint64> lastSuccess; // end of the last successful incremental or full run, ms since 1970 UTC
    Freshness freshness = Freshness::Never;
    bool running = false;       // a run of it is going on now
    QStringList problems;       // unacknowledged failures, in words; empty: nothing needs the operator
    qint64 openDifferences = 0; // discrepancies validate found and no operator acknowledged (not timestamps, pending)
    std::optional<store::RunRecord> lastRun;
    // The files waiting to be downloaded and a download going on now, as `caom-sync status` shows them (from the
    // same TargetStatus).
    store::DownloadQueueCounts downloads;
    std::optional<store::RunRecord> downloadingNow;
};

struct ThroughputPoint {
    qint64 bucketStart = 0;  // ms since 1970 UTC
    qint64 observations = 0; // processed (new, updated or found unchanged) by harvest runs ending in the bucket
    qint64 bytes = 0;
    qint64 runs = 0;
};

struct DashboardOptions {
    qint64 now = 0;                         // ms since 1970 UTC
    qint64 freshFor = 6 * 3600 * 1000LL;    // a success younger than this is fresh
    qint64 ageingFor = 48 * 3600 * 1000LL;  // younger than this is ageing; older is old
    qint64 period = 7 * 24 * 3600 * 1000LL; // throughput and recent runs reach back this far
    qint64 bucket = 3600 * 1000LL;          // throughput bucket width
    int recentRuns = 30;
};

struct DashboardSnapshot {
    qint64 takenAt = 0;
    qint64 periodStart = 0;
    std::vector<StateBar> bars;                       // targets holding or missing at least one observation
    std::vector<TargetHealth> targets;                // every target collectStatus knows
    std::vector<store::RunRecord> runs;               // recent runs, newest first
    std::vector<ThroughputPoint> throughput;          // every bucket of the period, oldest first
    std::vector<store::ArtifactStateCount> artifacts; // files per collection; empty while none was ever queued
    // Targets with problems; the overall status is good only when this is 0.
    int targetsNeedingAttention() const;
};

mirror::Result<DashboardSnapshot> collectDashboard(const std::shared_ptr<store::Store> &store,
                                                   const std::vector<mirror::PartnerSource> &configured,
                                                   const DashboardOptions &options);

// The overall status in one sentence: good (and *good set) only when no partner collection has a problem, so
// the status never looks good while a failure waits for the operator.
QString statusSentence(const DashboardSnapshot &snapshot, bool *good = nullptr);

// Pure parts, for tests and the report.
Freshness freshnessOf(std::optional<qint64> lastSuccess, const DashboardOptions &options);
std::vector<ThroughputPoint> throughputOf(const std::vector<store::RunRecord> &runs, qint64 from, qint64 to,
                                          qint64 bucket);

} // namespace harvest

Q_DECLARE_METATYPE(harvest::DashboardSnapshot)
Q_DECLARE_METATYPE(harvest::BarState)
