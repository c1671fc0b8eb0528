#pragma once

#include "store/clock.h"
#include "sync/harvest_target.h"

#include <QString>

#include <atomic>
#include <optional>

// Where an incremental or full harvest stops listing: `lag` before "now". The reference takes "now" from
// the harvester's clock, so a harvester whose clock runs ahead of the partner's eats into the lag and lists
// the partner's volatile head (spec caom2-sync.md §2.4, scenario 16). We read the partner's clock from
// the Date header of a small request and take the earlier of the two clocks.
namespace harvest {

struct WindowEnd {
    qint64 endMs = 0;                    // min(our now, partner's now) - lag
    std::optional<qint64> partnerSkewMs; // partner's clock minus ours (+-1 s), when it sent a Date
    QString note;                        // for the operator when the clocks disagree or cannot be compared
};

// Skews smaller than this are the Date header's one-second resolution and network time, not worth a note.
inline constexpr qint64 noticeableSkewMs = 10'000;

// Pure policy, apart from the network: `partnerDateMs` is the Date header (whole seconds, truncated),
// `ourNowMs` our clock when the answer arrived.
WindowEnd windowEndFrom(std::optional<qint64> partnerDateMs, qint64 ourNowMs, std::chrono::milliseconds lag);

// Reads the partner's clock and applies windowEndFrom. When the partner cannot be asked, our clock alone
// decides and the note says why; the passes that follow will meet the same failure and report it.
WindowEnd harvestWindowEnd(const HarvestTarget &target, const store::Clock &clock, const std::atomic<bool> *cancelled);

} // namespace harvest
