#pragma once

#include "store/download_queue.h"
#include "store/run_record_store.h"
#include "sync/artifact_job.h"
#include "sync/harvest_counts.h"

#include <QJsonObject>
#include <QString>

// How an artifact run is told to people and scripts, the same in `caom-sync artifacts` and the console's Jobs
// tab: one progress line, a short text report per run, the JSON facts of `caom-sync artifacts --json`, and the
// run's counters in the harvest's terms for the places that show both kinds side by side.
namespace harvest {

// "1.5 MiB", "120 B": binary units, one decimal above bytes.
QString byteSizeText(double bytes);
QString artifactProgressText(const ArtifactProgress &progress);
QString artifactReportText(const ArtifactReport &report);
QJsonObject artifactReportJson(const ArtifactReport &report);

// The download queue of a partner collection in one line, the same in `caom-sync status` and on the dashboard:
// "12 files due (3.4 MiB), 20 waiting for their release date (1.0 MiB), 2 failed (20 KiB, 1 due for another
// try)"; "empty" when nothing waits.
QString downloadQueueText(const store::DownloadQueueCounts &queue);
// A download run going on now, from its run record: "since 2026-12-04 23:10:02 UTC: 120 files, 4.0 MiB so far".
QString downloadingNowText(const store::RunRecord &run);

// The artifact counters in the columns a harvest fills: examined -> listed, downloaded -> fetched, queued ->
// ingested (new work), already here -> unchanged, obsolete -> deleted, failed, bytes, findings -> discrepancies.
HarvestCounts harvestCountsOf(const ArtifactCounts &counts);

} // namespace harvest
