#include "sync/harvest_job.h"

#include "common/logging.h"
#include "net/listing_parser.h"
#include "store/harvest_lease_store.h"
#include "store/harvest_state_store.h"
#include "store/run_detail_store.h"
#include "sync/deletion_pass.h"
#include "sync/observation_pass.h"
#include "sync/retry_pass.h"
#include "sync/window_end.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSysInfo>

#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <thread>

namespace harvest {
namespace {

QString defaultHolder()
{
    return QStringLiteral("%1:%2:%3")
        .arg(QSysInfo::machineHostName())
        .arg(QCoreApplication::applicationPid())
        .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
}

// A lease held by a process of this machine that no longer exists (killed, crashed) need not be waited
// out: the holder text is "host:pid:random", and the kernel says whether that pid lives.
mirror::Result<bool> takeOverFromDeadLocalHolder(store::HarvestLeaseStore &leases, const QString &key,
                                                 const QString &holder, qint64 ttlMs)
{
    auto current = leases.holderOf(key);
    if (!current || !current->has_value())
        return false;
    const QStringList parts = (*current)->holder.split(QLatin1Char(':'));
    bool numeric = false;
    const qint64 pid = parts.value(1).toLongLong(&numeric);
    if (parts.size() != 3 || parts[0] != QSysInfo::machineHostName() || !numeric || pid <= 0)
        return false;
    if (::kill(pid_t(pid), 0) == 0 || errno != ESRCH)
        return false; // alive (or not ours to judge)
    return leases.takeOver(key, (*current)->holder, holder, ttlMs);
}

store::RunCounts runCounts(const HarvestCounts &c)
{
    store::RunCounts counts;
    counts.itemsOk = c.ingested + c.updated + c.unchanged;
    counts.itemsSkipped = c.skippedNew;
    counts.itemsFailed = c.failed;
    counts.deletions = c.deleted;
    counts.bytes = c.bytes;
    return counts;
}

// Beside the job: renews the lease and writes the run's counters about once a second, on its own
// connection (released when it stops). Losing the lease cancels the job: someone else took it over.
class Heartbeat {
public:
    Heartbeat(std::shared_ptr<store::Store> store, store::Clock clock, qint64 runKey, QString leaseKey, QString holder,
              std::chrono::milliseconds ttl, JobControl &control)
        : m_thread([=, this, &control] { beat(store, clock, runKey, leaseKey, holder, ttl, control); })
    {}
    ~Heartbeat()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        m_thread.join();
    }
    bool leaseLost() const { return m_lost.load(); }

private:
    void beat(std::shared_ptr<store::Store> store, store::Clock clock, qint64 runKey, QString leaseKey, QString holder,
              std::chrono::milliseconds ttl, JobControl &control)
    {
        store::RunRecordStore runs(store, clock);
        store::RunDetailStore details(store, clock);
        store::HarvestLeaseStore leases(store, clock);
        auto lastRenewal = std::chrono::steady_clock::now();
        std::unique_lock lock(m_mutex);
        while (!m_wake.wait_for(lock, std::chrono::seconds(1), [this] { return m_stop; })) {
            lock.unlock();
            const ProgressSnapshot snapshot = control.snapshot();
            if (auto updated = runs.updateCounts(runKey, runCounts(snapshot.counts)); !updated)
                qCWarning(lcSync, "cannot update the run record: %s", updated.error().message.c_str());
            (void)details.heartbeat(runKey); // best effort: a missed beat only makes the run look older
            if (std::chrono::steady_clock::now() - lastRenewal > ttl / 3) {
                auto renewed = leases.renew(leaseKey, holder, ttl.count());
                if (renewed && !*renewed) {
                    qCWarning(lcSync, "lease on %s lost to another harvester: stopping", qPrintable(leaseKey));
                    m_lost = true;
                    control.cancel();
                }
                lastRenewal = std::chrono::steady_clock::now();
            }
            lock.lock();
        }
        lock.unlock();
        store->releaseThreadConnection();
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::atomic<bool> m_lost{false};
    std::thread m_thread; // last: starts once everything above exists
};

// Where listing stops, by the earlier of our clock and the partner's (window_end.h); recorded in the report.
qint64 listingWindowEnd(const HarvestTarget &target, const JobControl &control, const store::Clock &clock,
                        HarvestReport &report)
{
    const WindowEnd window = harvestWindowEnd(target, clock, control.cancelFlag());
    report.windowEnd = window.endMs;
    report.partnerClockSkewMs = window.partnerSkewMs;
    if (!window.note.isEmpty())
        report.notes << window.note;
    return window.endMs;
}

mirror::Result<void> runIncremental(const HarvestRequest &request, const std::shared_ptr<store::Store> &store,
                                    JobControl &control, const store::Clock &clock, HarvestReport &report)
{
    const HarvestTarget &target = request.target;
    const qint64 end = listingWindowEnd(target, control, clock, report);
    if (target.endpoints.deletionsUrl.empty()) {
        report.notes << QStringLiteral("deletions not available: the service publishes no deletion listing");
    } else {
        control.setPhase(QStringLiteral("applying deletions"));
        DeletionPass deletions(target, store, control, clock);
        if (auto applied = deletions.run(end, report.counts); !applied)
            return applied;
    }
    ObservationPassOptions options;
    options.startCursor = report.cursorBefore;
    // The look-back re-reads what our own earlier runs may have missed (rows committed late with older stamps).
    // Behind a cursor another harvester left there is no run of ours to make up for: everything up to it is that
    // harvester's, so listing starts at the cursor itself (inclusive, as icewind's does).
    if (report.cursorBefore.lastModified && report.cursorInherited) {
        options.windowStart = *report.cursorBefore.lastModified;
        report.notes << QStringLiteral("continuing from the cursor another harvester left (%1), without look-back")
                            .arg(QString::fromStdString(net::formatIvoaTimestamp(*report.cursorBefore.lastModified)));
    } else if (report.cursorBefore.lastModified) {
        options.windowStart = *report.cursorBefore.lastModified - target.tuning.lookback.count();
    }
    options.windowEnd = end;
    report.windowStart = options.windowStart;
    control.setPhase(QStringLiteral("harvesting observations"));
    ObservationPass pass(target, store, control, clock);
    return pass.run(options, report.counts, report.cursorAfter);
}

mirror::Result<void> runFull(const HarvestRequest &request, const std::shared_ptr<store::Store> &store,
                             JobControl &control, const store::Clock &clock, HarvestReport &report)
{
    const HarvestTarget &target = request.target;
    ObservationPassOptions options;
    options.windowStart = request.fullFrom;
    options.windowEnd = listingWindowEnd(target, control, clock, report);
    options.skipUnchanged = false; // re-verify every document...
    options.writeCursor = false;   // ...without rewinding incremental harvest, which carries on afterwards
    options.startCursor = report.cursorBefore;
    report.windowStart = options.windowStart;
    report.windowEnd = options.windowEnd;
    control.setPhase(QStringLiteral("re-verifying every observation"));
    ObservationPass pass(target, store, control, clock);
    store::HarvestCursor ignored;
    if (auto passed = pass.run(options, report.counts, ignored); !passed)
        return passed;
    if (!request.prune)
        return {};
    ValidatePass validate(target, store, control, clock);
    ValidateOptions validateOptions;
    validateOptions.repair = true;
    validateOptions.settledUntil = options.windowEnd;
    auto validated = validate.run(validateOptions, report.counts, report.runKey);
    if (!validated)
        return validated.error();
    report.validation = *validated;
    return {};
}

mirror::Result<void> runMode(const HarvestRequest &request, const std::shared_ptr<store::Store> &store,
                             JobControl &control, const store::Clock &clock, HarvestReport &report)
{
    switch (request.mode) {
    case HarvestMode::Incremental: return runIncremental(request, store, control, clock, report);
    case HarvestMode::Full: return runFull(request, store, control, clock, report);
    case HarvestMode::Retry: {
        control.setPhase(QStringLiteral("retrying skipped observations"));
        RetryPass retry(request.target, store, control, clock);
        return retry.run({request.retryReason}, report.counts);
    }
    case HarvestMode::Validate: {
        ValidatePass validate(request.target, store, control, clock);
        ValidateOptions options;
        options.repair = request.repair;
        options.settledUntil = listingWindowEnd(request.target, control, clock, report);
        auto validated = validate.run(options, report.counts, report.runKey);
        if (!validated)
            return validated.error();
        report.validation = *validated;
        return {};
    }
    }
    return {};
}

store::RunOutcome outcomeOf(const mirror::Result<void> &result, const HarvestRequest &request,
                            const HarvestReport &report)
{
    if (!result)
        return result.error().category == mirror::ErrorCategory::Cancelled ? store::RunOutcome::Cancelled
                                                                           : store::RunOutcome::Failed;
    const bool unrepaired = request.mode == HarvestMode::Validate && !request.repair && report.counts.discrepancies > 0;
    if (report.counts.failed > 0 || unrepaired)
        return store::RunOutcome::Partial;
    return store::RunOutcome::Succeeded;
}

} // namespace

QString harvestModeName(HarvestMode mode)
{
    switch (mode) {
    case HarvestMode::Incremental: return QStringLiteral("incremental");
    case HarvestMode::Retry: return QStringLiteral("retry");
    case HarvestMode::Validate: return QStringLiteral("validate");
    case HarvestMode::Full: return QStringLiteral("full");
    }
    return {};
}

std::optional<HarvestMode> harvestModeFromName(const QString &name)
{
    for (HarvestMode mode : {HarvestMode::Incremental, HarvestMode::Retry, HarvestMode::Validate, HarvestMode::Full})
        if (harvestModeName(mode) == name)
            return mode;
    return std::nullopt;
}

int HarvestReport::exitCode() const
{
    switch (outcome) {
    case store::RunOutcome::Succeeded: return 0;
    case store::RunOutcome::Partial: return 1;
    case store::RunOutcome::Cancelled: return 3;
    default: return 2;
    }
}

HarvestReport runHarvest(const HarvestRequest &request, std::shared_ptr<store::Store> store, JobControl &control,
                         store::Clock clock)
{
    HarvestReport report;
    const HarvestTarget &target = request.target;
    for (const auto &note : target.endpoints.notes)
        report.notes << QString::fromStdString(note);
    const QString holder = request.holder.isEmpty() ? defaultHolder() : request.holder;

    store::HarvestLeaseStore leases(store, clock);
    auto leased = leases.acquire(target.harvestSource, holder, request.leaseTtl.count());
    if (leased && !*leased)
        leased = takeOverFromDeadLocalHolder(leases, target.harvestSource, holder, request.leaseTtl.count());
    if (!leased) {
        report.error = QString::fromStdString(leased.error().message);
        report.errorCategory = leased.error().category;
        return report;
    }
    if (!*leased) {
        auto holderNow = leases.holderOf(target.harvestSource);
        report.heldBy = holderNow.ok() && holderNow->has_value() ? (*holderNow)->holder : QStringLiteral("unknown");
        report.error = QStringLiteral("%1 is being harvested by another process (%2); not started")
                           .arg(target.harvestSource, report.heldBy);
        report.errorCategory = mirror::ErrorCategory::Conflict;
        return report;
    }

    store::RunRecordStore runs(store, clock);
    store::RunDetailStore details(store, clock);
    // Runs left "running" by a process that died are closed first, so status never shows them as live.
    if (auto closed = details.markInterrupted(3 * request.leaseTtl.count()); closed && *closed > 0)
        qCInfo(lcSync, "%d run(s) of a harvester that died marked interrupted", *closed);
    const QString kind = harvestModeName(request.mode);
    // Asked before this run's own record exists: has any incremental run of ours written this cursor?
    auto earlier = runs.last(target.sourceName, target.collection, harvestModeName(HarvestMode::Incremental));
    const bool ranHereBefore = !earlier || earlier->has_value(); // unreadable: assume ours, keep the look-back
    auto started = runs.start(kind, kind, target.sourceName, target.collection);
    if (!started) {
        (void)leases.release(target.harvestSource, holder); // the run never started; an error here changes nothing
        report.error = QString::fromStdString(started.error().message);
        report.errorCategory = started.error().category;
        return report;
    }
    report.runKey = *started;
    store::HarvestStateStore states(store, clock);
    if (auto state = states.get(target.harvestSource, store::HarvestEntity::observation); state)
        report.cursorBefore = report.cursorAfter = state->cursor;
    report.cursorInherited = !ranHereBefore && report.cursorBefore.lastModified.has_value();

    mirror::Result<void> result;
    {
        Heartbeat heartbeat(store, clock, report.runKey, target.harvestSource, holder, request.leaseTtl, control);
        result = runMode(request, store, control, clock, report);
        if (heartbeat.leaseLost() && (result.ok() || result.error().category == mirror::ErrorCategory::Cancelled))
            result = mirror::Error{mirror::ErrorCategory::Conflict, "the lease was taken over by another harvester"};
    }
    if (!result) {
        report.error = QString::fromStdString(result.error().message);
        report.errorCategory = result.error().category;
    }
    report.outcome = outcomeOf(result, request, report);
    if (auto state = states.get(target.harvestSource, store::HarvestEntity::observation); state)
        report.cursorAfter = state->cursor;
    store::RunDetail detail;
    detail.windowStart = report.windowStart;
    detail.windowEnd = report.windowEnd;
    detail.cursorBefore = report.cursorBefore.lastModified;
    detail.cursorAfter = report.cursorAfter.lastModified;
    const HarvestCounts &c = report.counts;
    detail.listed = c.listed;
    detail.fetched = c.fetched;
    detail.ingested = c.ingested;
    detail.updated = c.updated;
    detail.unchanged = c.unchanged;
    detail.deleted = c.deleted;
    detail.skippedNew = c.skippedNew;
    detail.skippedCleared = c.skippedCleared;
    detail.host = holder.section(QLatin1Char(':'), 0, 1);
    if (auto recorded = details.record(report.runKey, detail); !recorded)
        qCWarning(lcSync, "cannot record the run's details: %s", recorded.error().message.c_str());
    if (auto finished = runs.finish(report.runKey, report.outcome, runCounts(report.counts), report.error); !finished)
        qCWarning(lcSync, "cannot finish the run record: %s", finished.error().message.c_str());
    if (auto released = leases.release(target.harvestSource, holder); !released)
        qCWarning(lcSync, "cannot release the lease on %s", qPrintable(target.harvestSource));
    return report;
}

} // namespace harvest
