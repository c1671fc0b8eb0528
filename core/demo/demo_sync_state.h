#pragma once

#include "common/result.h"
#include "demo/demo_content.h"

#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace store {
class Store;
} // namespace store

// The sync state around the demo's observations: what a few weeks of harvesting and validating would have
// left behind (harvest cursors, run records, skip records, discrepancies), all timed relative to `now`.
namespace demo {

// A generated observation that was given a troubled state, as written.
struct TroubledObservation {
    const GeneratedCollection *collection = nullptr;
    std::uint64_t index = 0;
    DemoTrouble trouble = DemoTrouble::None;
    QString observationID;
    QString localChecksum; // accMetaChecksum as stored
    qint64 maxLastModified = 0;
};

// A real sample that was not stored because its own checksums do not verify.
struct RefusedSample {
    QString source;
    QString collection;
    QString observationID;
    QString reason; // names the entity and both checksums
    qint64 maxLastModified = 0;
};

mirror::Result<void> writeSyncState(const std::shared_ptr<store::Store> &store,
                                    const std::vector<TroubledObservation> &troubled,
                                    const std::vector<RefusedSample> &refused, qint64 now);

} // namespace demo
