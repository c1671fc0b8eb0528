#pragma once

#include "common/result.h"

#include <QString>

#include <atomic>
#include <functional>

// The demonstration store: a SQLite file with several collections from the three partners, a few thousand
// observations shaped like the HST and JWST samples plus the real CAOM samples, and the sync state around
// them (stale copies, skip records, discrepancies, harvest cursors, run records), so that every view of the
// console has something real to show without a network. No widgets: the console shows the progress.
namespace demo {

struct DemoProgress {
    QString phase;   // what is being done, in the operator's words ("Writing HST observations")
    qint64 done = 0; // work units finished (observations, mostly)
    qint64 total = 0;
};

// Called from the building threads (not necessarily the caller's), a few times a second at most.
using ProgressCallback = std::function<void(const DemoProgress &)>;

// $XDG_CACHE_HOME/caom-mirror/demo.sqlite (~/.cache/... when unset): a cache, rebuilt whenever needed.
QString defaultDemoStorePath();

// Bumped whenever the demo's content changes, so an older cached demo is rebuilt.
int demoContentVersion();

// True when `path` holds a finished demo store of the current schema and content version.
bool demoStoreIsCurrent(const QString &path);

// Builds the demo store at `path`, replacing what is there. The store is written beside it and renamed into
// place at the end, so an interrupted build never leaves a half demo that looks current. Setting `cancel`
// stops the build promptly with an error and leaves nothing behind.
mirror::Result<void> buildDemoStore(const QString &path, const ProgressCallback &progress = {},
                                    const std::atomic<bool> *cancel = nullptr);

// The demo store at `path`, built first when missing or not current. Returns the path.
mirror::Result<QString> ensureDemoStore(const QString &path = defaultDemoStorePath(),
                                        const ProgressCallback &progress = {},
                                        const std::atomic<bool> *cancel = nullptr);

} // namespace demo
