#pragma once

#include "common/result.h"
#include "store/clock.h"
#include "store/store.h"

#include <QString>

#include <memory>
#include <optional>

// The sync engine's details of a run record (spec §3.6; schema version 4): the window and cursors it
// worked with, its per-kind counters, the machine that ran it, and a heartbeat that tells a run still going
// from one whose process died (run_record_store.h keeps the common part).
namespace store {

struct RunDetail {
    std::optional<qint64> windowStart;
    std::optional<qint64> windowEnd;
    std::optional<qint64> cursorBefore;
    std::optional<qint64> cursorAfter;
    qint64 listed = 0;
    qint64 fetched = 0;
    qint64 ingested = 0;
    qint64 updated = 0;
    qint64 unchanged = 0;
    qint64 deleted = 0;
    qint64 skippedNew = 0;
    qint64 skippedCleared = 0;
    QString host; // "hostname:pid"
};

class RunDetailStore {
public:
    explicit RunDetailStore(std::shared_ptr<Store> store, Clock clock = systemClock());

    mirror::Result<void> record(qint64 run, const RunDetail &detail);
    mirror::Result<std::optional<RunDetail>> get(qint64 run) const;
    // "Still alive": stamped about once a second while the run goes on.
    mirror::Result<void> heartbeat(qint64 run);
    // Runs still marked running whose heartbeat (or start) is older than staleAfterMs: their process ended
    // without finishing (killed, crashed, power lost). They become failed with a summary saying so, ended
    // at their last heartbeat. Returns how many.
    mirror::Result<int> markInterrupted(qint64 staleAfterMs);

private:
    std::shared_ptr<Store> m_store;
    Clock m_clock;
};

} // namespace store
