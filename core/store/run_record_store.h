#pragma once

#include "common/result.h"
#include "store/clock.h"
#include "store/store.h"

#include <QString>
#include <QVariantList>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

// Run records (sync_run): one row per job run with its counters and outcome, so status and charts need no
// log mining (spec §3.6).
namespace store {

enum class RunOutcome { Running, Succeeded, Failed, Cancelled, Partial };

// Not toString(): QTest finds a toString() of an enum's namespace by ADL and expects it to return char*,
// so QCOMPARE on the enum would no longer compile.
QString runOutcomeName(RunOutcome outcome); // running | succeeded | failed | cancelled | partial
std::optional<RunOutcome> runOutcomeFromName(const QString &text);

struct RunCounts {
    qint64 itemsOk = 0;
    qint64 itemsSkipped = 0;
    qint64 itemsFailed = 0;
    qint64 deletions = 0;
    qint64 bytes = 0;

    bool operator==(const RunCounts &) const = default;
};

struct RunRecord {
    qint64 key = 0;
    QString kind; // incremental, deletions, retry, validate, full, discover, download, artifact-validate, diff
    QString mode;
    QString source;
    QString collection;
    qint64 startedAt = 0; // ms since 1970, UTC
    std::optional<qint64> endedAt;
    RunOutcome outcome = RunOutcome::Running;
    RunCounts counts;
    QString errorSummary;
};

class RunRecordStore {
public:
    explicit RunRecordStore(std::shared_ptr<Store> store, Clock clock = systemClock());

    // A new running record started now. Returns its key.
    mirror::Result<qint64> start(const QString &kind, const QString &mode, const QString &source,
                                 const QString &collection);
    // Overwrites the counters of a running record (one small update by key: cheap enough every second).
    mirror::Result<void> updateCounts(qint64 run, const RunCounts &counts);
    // Ends a running record now with its final counters. Fails for an unknown or already finished run, and
    // for outcome Running.
    mirror::Result<void> finish(qint64 run, RunOutcome outcome, const RunCounts &counts,
                                const QString &errorSummary = {});

    mirror::Result<std::optional<RunRecord>> get(qint64 run) const;
    // The latest runs of (source, collection), newest first.
    mirror::Result<std::vector<RunRecord>> recent(const QString &source, const QString &collection, int limit) const;
    // Runs of every (source, collection) started at or after `from` (ms since 1970, UTC), newest first.
    mirror::Result<std::vector<RunRecord>> startedSince(qint64 from, int limit) const;
    // The latest run of (source, collection), optionally only of one kind and/or outcome (e.g. the last
    // successful validate).
    mirror::Result<std::optional<RunRecord>> last(const QString &source, const QString &collection,
                                                  const QString &kind = {},
                                                  std::optional<RunOutcome> outcome = std::nullopt) const;

    // Runs going on now, newest first: marked running, with a heartbeat (or a start) within the last
    // `freshWithinMs`. A run whose process died stops beating and drops out.
    mirror::Result<std::vector<RunRecord>> live(qint64 freshWithinMs, int limit = 100) const;

    // Every (source, collection) that has a run recorded, sorted.
    mirror::Result<std::vector<std::pair<QString, QString>>> targets() const;

private:
    mirror::Result<std::vector<RunRecord>> select(const QString &where, const QVariantList &values, int limit,
                                                  const QString &what) const;

    std::shared_ptr<Store> m_store;
    Clock m_clock;
};

} // namespace store
