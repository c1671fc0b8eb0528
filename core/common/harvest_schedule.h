#pragma once

#include "common/result.h"

#include <QString>

// "Run an incremental harvest of this source (or of one collection of it) every N minutes while the console
// is open", as kept in the settings file ([schedules], see docs/settings.md). The same schedule outside the
// console is a systemd timer: systemdTimer() writes the unit that does it.
namespace mirror {

struct HarvestSchedule {
    QString source;     // a configured source's name
    QString collection; // "" = the source's configured collections
    int everyMinutes = 10;
    bool enabled = true;

    friend bool operator==(const HarvestSchedule &, const HarvestSchedule &) = default;
};

inline constexpr int shortestScheduleMinutes = 1;
inline constexpr int longestScheduleMinutes = 7 * 24 * 60;

// Refuses a schedule without a source or with an interval outside 1 minute .. 1 week; the message names the
// field.
Result<void> validate(const HarvestSchedule &schedule);

// The timer and service units that run the same harvest from systemd, as text to save under
// /etc/systemd/system/ (named in the first comment line of each).
QString systemdTimer(const HarvestSchedule &schedule);

} // namespace mirror
