#pragma once

#include "common/partner_source.h"
#include "common/result.h"
#include "store/clock.h"
#include "store/store.h"

#include <QString>

#include <atomic>
#include <memory>

// Re-harvests one observation now from one partner, as a harvest would take it: fetched, checked (it must be the
// observation asked for and reproduce its declared accMetaChecksum), written as a harvest's batch of one, and what
// was found about it at that partner marked resolved. A copy that does not check out is refused with the reason
// and the local copy stays as it was. What the console's "Re-harvest from…" and a single repair do. Blocking: call it
// from a worker thread.
namespace harvest {

enum class RefetchResult {
    Written,        // the partner's copy is now the local one
    AlreadyCurrent, // the local copy was already identical
    NotAtPartner,   // the partner has no such observation: nothing was changed
};

struct Refetched {
    RefetchResult result = RefetchResult::Written;
    QString message; // one sentence for the operator, naming the observation and the partner
};

mirror::Result<Refetched> refetchObservation(const std::shared_ptr<store::Store> &store,
                                             const mirror::PartnerSource &source, const QString &collection,
                                             const QString &observationID, const std::atomic<bool> *cancelled = nullptr,
                                             store::Clock clock = store::systemClock());

} // namespace harvest
