#pragma once

#include "common/partner_source.h"
#include "store/store.h"
#include "sync/observation_refetch.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

// Re-harvests many observations now, one after the other, each from its own partner (refetchObservation for
// each), and counts what became of them: the Discrepancies view's bulk "Re-harvest". One that fails never stops
// the others; a cancel stops before the next one (the one under way stops where it is), and what was done
// stays done. Blocking: call it from a worker thread.
namespace harvest {

struct RefetchItem {
    mirror::PartnerSource source; // the partner to take the copy from
    QString collection;
    QString observationID;
};

struct RefetchTally {
    int total = 0;          // asked for
    int written = 0;        // the partner's copy is now the local one
    int alreadyCurrent = 0; // nothing to change: the copies were already the same
    int notAtPartner = 0;   // the partner has no such observation: left as it was
    int failed = 0;         // could not be fetched, checked or written: left as it was
    int notStarted = 0;     // left out because the operator cancelled
    QStringList problems;   // one sentence per observation not re-harvested, naming it, the partner and the cause
    bool cancelled = false;

    int done() const { return written + alreadyCurrent + notAtPartner + failed; }
    // "3 re-harvested, 1 already current, 2 failed: HST/a from CADC: …; HST/b …" — what the operator reads at
    // the end (at most `listed` problems named, then how many more).
    QString sentence(int listed = 5) const;
};

// Called after each observation (done counts it), and before the first with done = 0; `current` names the one
// just finished.
using RefetchProgress = std::function<void(int done, int total, const QString &current)>;

RefetchTally refetchObservations(const std::shared_ptr<store::Store> &store, const std::vector<RefetchItem> &items,
                                 const RefetchProgress &progress = {}, const std::atomic<bool> *cancelled = nullptr);

} // namespace harvest
