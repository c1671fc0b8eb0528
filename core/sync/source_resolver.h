#pragma once

#include "common/partner_source.h"
#include "common/result.h"
#include "net/capabilities.h"
#include "net/source_connection.h"
#include "store/clock.h"
#include "sync/harvest_job.h"
#include "sync/harvest_target.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <vector>

// From an operator's configured source to the requests the engine runs, in one place so that the console
// and caom-sync decide alike: the credential read, the endpoints located (registry, capabilities or base
// URLs), and the partner's collection list and clock read off one answer. Every network step takes the
// job's cancel flag, so a Cancel button or Ctrl-C never waits for a time-out.
namespace harvest {

struct ResolvedSource {
    mirror::PartnerSource source;
    net::SourceConnection connection;
    net::ServiceEndpoints endpoints;
    QStringList offered;              // the collections the partner lists; empty when it could not be asked
    PartnerClockReading partnerClock; // read off the same answer as `offered`
};

// Blocking: run it on a worker thread. Errors name the source and what could not be reached.
mirror::Result<ResolvedSource> resolveSource(const mirror::PartnerSource &source, const std::atomic<bool> *cancelled,
                                             const store::Clock &clock = store::systemClock());

// The target of one configured collection string ("HST", "HLSP?telescope=X") of a resolved source.
HarvestTarget harvestTarget(const ResolvedSource &resolved, const QString &collectionString);

struct HarvestPlan {
    std::vector<HarvestRequest> requests; // one per collection, in the order given
    QStringList notes;                    // for the operator: collections the partner does not list...
};

// The one call behind "harvest this source": `collections` as asked, or the source's configured ones, or,
// for a source configured without any, every collection the partner offers. Each request is `base` with
// its target filled in.
mirror::Result<HarvestPlan> planHarvest(const mirror::PartnerSource &source, const QStringList &collections,
                                        const HarvestRequest &base, const std::atomic<bool> *cancelled,
                                        const store::Clock &clock = store::systemClock());

} // namespace harvest
