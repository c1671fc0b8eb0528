#pragma once

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

// The artifact counters in the columns a harvest fills: examined -> listed, downloaded -> fetched, queued ->
// ingested (new work), already here -> unchanged, obsolete -> deleted, failed, bytes, findings -> discrepancies.
HarvestCounts harvestCountsOf(const ArtifactCounts &counts);

} // namespace harvest
