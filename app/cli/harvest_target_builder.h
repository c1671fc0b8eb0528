#pragma once

#include "common/partner_source.h"
#include "common/result.h"
#include "sync/harvest_target.h"

#include <QString>
#include <QStringList>

// From an operator's configured source and a collection string to what the engine harvests: endpoints
// located through the registry or capabilities, credentials read, the source's tuning applied.
namespace cli {

mirror::Result<harvest::HarvestTarget> buildHarvestTarget(const mirror::PartnerSource &source,
                                                          const QString &collectionString);

// Every collection the source offers (for a source configured without a list: "all of them").
mirror::Result<QStringList> offeredCollections(const mirror::PartnerSource &source);

} // namespace cli
