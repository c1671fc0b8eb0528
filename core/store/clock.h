#pragma once

#include <QDateTime>

#include <functional>

namespace store {

// Where the sync-state stores get "now" (ms since 1970, UTC) for the times they write themselves (row write
// times, first failures, run starts). Injected so tests and the engine's mock clock decide what "now" is.
using Clock = std::function<qint64()>;

inline Clock systemClock()
{
    return [] { return QDateTime::currentMSecsSinceEpoch(); };
}

} // namespace store
