#include "sync/dashboard_snapshot.h"

#include "store/harvest_state_store.h"
#include "store/observation_display_state.h"
#include "store/observation_lookup.h"
#include "store/observation_store.h"
#include "store/skip_record_store.h"

#include <QCoreApplication>

#include <algorithm>
#include <map>

namespace harvest {
namespace {

constexpr int skipRecordsLookedAt = 5000; // per target: enough to split "skipped" from "stale" exactly in practice

std::size_t at(BarState state)
{
    return static_cast<std::size_t>(state);
}

QString tr(const char *text)
{
    return QCoreApplication::translate("harvest::Dashboard", text);
}

QString trn(const char *text, qint64 n)
{
    return QCoreApplication::translate("harvest::Dashboard", text, nullptr, static_cast<int>(n));
}

qint64 unacknowledged(const TargetStatus &status, store::DiscrepancyClass cls)
{
    qint64 n = 0;
    for (const store::DiscrepancyCount &count : status.discrepancies)
        if (count.cls == cls)
            n += count.unacknowledged;
    return n;
}

// Skip records of the target whose observation the store still holds (the display rule shows those as stale),
// and all of them.
mirror::Result<std::pair<qint64, qint64>> skippedHeldAndAll(const std::shared_ptr<store::Store> &s,
                                                            const TargetStatus &status)
{
    if (status.harvestKey.isEmpty())
        return std::pair<qint64, qint64>{0, 0};
    store::SkipQuery query;
    query.source = status.harvestKey;
    query.cname = store::HarvestEntity::observation;
    query.limit = skipRecordsLookedAt;
    auto records = store::SkipRecordStore(s).list(query);
    if (!records)
        return records.error();
    store::ObservationLookup lookup(s);
    qint64 held = 0;
    const QString prefix = QStringLiteral("caom:") + status.collection + QLatin1Char('/');
    for (const store::SkipRecord &record : *records) {
        if (!record.skipID.startsWith(prefix))
            continue;
        auto found = lookup.byUri(status.collection, record.skipID.mid(prefix.size()));
        if (!found)
            return found.error();
        if (found->has_value())
            ++held;
    }
    qint64 all = 0;
    for (const store::SkipCount &count : status.skips)
        all += count.count;
    return std::pair<qint64, qint64>{held, std::max(all, held)};
}

StateBar barOf(const TargetStatus &status, qint64 skippedHeld, qint64 skippedAll)
{
    StateBar bar;
    bar.source = status.source;
    bar.collection = status.collection;
    qint64 differs = 0;
    qint64 stale = 0;
    for (const auto &[state, count] : status.shownStates) {
        if (state == store::ObservationState::ok)
            bar.counts[at(BarState::InSync)] += count;
        else if (state == store::ObservationState::differs)
            differs += count;
        else if (state == store::ObservationState::stale)
            stale += count;
        else
            bar.counts[at(BarState::Pending)] += count; // pending, and any state the rule may add later
    }
    const qint64 localOnly = std::min(differs, unacknowledged(status, store::DiscrepancyClass::MissingRemotely));
    bar.counts[at(BarState::LocalOnly)] = localOnly;
    bar.counts[at(BarState::Differs)] = differs - localOnly;
    const qint64 refreshFailed = std::min(stale, skippedHeld);
    bar.counts[at(BarState::Stale)] = stale - refreshFailed;
    bar.counts[at(BarState::Skipped)] = refreshFailed + (skippedAll - skippedHeld);
    bar.counts[at(BarState::RemoteOnly)] = unacknowledged(status, store::DiscrepancyClass::MissingLocally);
    return bar;
}

// The end of the last successful harvest (incremental or full): not necessarily among the last runs of each kind,
// which may have failed since.
mirror::Result<std::optional<qint64>> lastSuccessOf(const std::shared_ptr<store::Store> &s, const TargetStatus &status)
{
    std::optional<qint64> last;
    if (status.source.isEmpty())
        return last;
    store::RunRecordStore runs(s);
    for (const QString &kind : {QStringLiteral("incremental"), QStringLiteral("full")}) {
        auto run = runs.last(status.source, status.collection, kind, store::RunOutcome::Succeeded);
        if (!run)
            return run.error();
        if (*run && (*run)->endedAt)
            last = std::max(last.value_or(0), *(*run)->endedAt);
    }
    return last;
}

std::optional<store::RunRecord> lastRunOf(const TargetStatus &status)
{
    std::optional<store::RunRecord> last;
    for (const store::RunRecord &run : status.lastRuns)
        if (!last || run.startedAt > last->startedAt)
            last = run;
    return last;
}

// What needs the operator, in words. Failures stay here until a later run succeeds or they are acknowledged.
// What validate found and nobody acknowledged, leaving out what only time will settle (timestamps, pending).
qint64 openDifferencesOf(const TargetStatus &status)
{
    qint64 found = 0;
    for (const store::DiscrepancyCount &count : status.discrepancies)
        if (count.cls != store::DiscrepancyClass::TimestampDiffers && count.cls != store::DiscrepancyClass::Pending)
            found += count.unacknowledged;
    return found;
}

QStringList problemsOf(const TargetStatus &status, const StateBar &bar, const std::optional<store::RunRecord> &last,
                       std::optional<qint64> lastSuccess)
{
    QStringList problems;
    if (last && (last->outcome == store::RunOutcome::Failed || last->outcome == store::RunOutcome::Partial)) {
        QString text =
            tr("The last %1 run %2")
                .arg(last->kind,
                     last->outcome == store::RunOutcome::Failed ? tr("failed") : tr("finished with failures"));
        if (!last->errorSummary.isEmpty())
            text += QStringLiteral(": ") + last->errorSummary;
        problems << text;
    }
    if (const qint64 skipped = bar.counts[at(BarState::Skipped)])
        problems << trn("%n observation(s) could not be harvested", skipped);
    if (const qint64 found = openDifferencesOf(status))
        problems << trn("%n difference(s) found by validate not yet dealt with", found);
    else if (const qint64 differ = bar.counts[at(BarState::Differs)] + bar.counts[at(BarState::LocalOnly)])
        problems << trn("%n observation(s) differ from a partner", differ);
    if (const qint64 stale = bar.counts[at(BarState::Stale)])
        problems << trn("%n stale cop(ies)", stale);
    if (status.configured && !lastSuccess && !status.source.isEmpty())
        problems << tr("Never synced successfully");
    return problems;
}

} // namespace

QString barStateName(BarState state)
{
    switch (state) {
    case BarState::InSync: return QStringLiteral("in-sync");
    case BarState::Differs: return QStringLiteral("differs");
    case BarState::LocalOnly: return QStringLiteral("local-only");
    case BarState::RemoteOnly: return QStringLiteral("remote-only");
    case BarState::Skipped: return QStringLiteral("skipped");
    case BarState::Stale: return QStringLiteral("stale");
    case BarState::Pending: return QStringLiteral("pending");
    }
    return {};
}

QString barStateFilter(BarState state)
{
    switch (state) {
    case BarState::InSync: return store::ObservationState::ok;
    case BarState::Differs:
    case BarState::LocalOnly: return store::ObservationState::differs;
    case BarState::Skipped:
    case BarState::Stale: return store::ObservationState::stale;
    case BarState::Pending: return store::ObservationState::pending;
    case BarState::RemoteOnly: return {};
    }
    return {};
}

const std::vector<BarStateLook> &barStateLooks()
{
    static const std::vector<BarStateLook> looks{
        {BarState::InSync, QStringLiteral("\u2713"), tr("in sync"), tr("The same here as at the partner"), 0x43a047},
        {BarState::Pending, QStringLiteral("\u25d4"), tr("pending"),
         tr("Changed at the partner moments before validate looked; the next validate judges it"), 0x64b5f6},
        {BarState::Stale, QStringLiteral("\u26a0"), tr("stale"), tr("A refresh failed earlier; the good copy was kept"),
         0xffb300},
        {BarState::Skipped, QStringLiteral("\u29b8"), tr("skipped"),
         tr("The last harvest could not fetch it; a retry is due"), 0xfb8c00},
        {BarState::Differs, QStringLiteral("\u2260"), tr("differs"), tr("Its checksum differs from the partner's"),
         0xe53935},
        {BarState::LocalOnly, QStringLiteral("\u25e7"), tr("local only"),
         tr("Held here, but the partner no longer lists it"), 0x8e24aa},
        {BarState::RemoteOnly, QStringLiteral("\u25e8"), tr("remote only"),
         tr("The partner lists it, but it is not here yet"), 0x546e7a},
    };
    return looks;
}

const BarStateLook &barStateLook(BarState state)
{
    for (const BarStateLook &look : barStateLooks())
        if (look.state == state)
            return look;
    return barStateLooks().front();
}

QString freshnessName(Freshness freshness)
{
    switch (freshness) {
    case Freshness::Fresh: return QStringLiteral("fresh");
    case Freshness::Ageing: return QStringLiteral("ageing");
    case Freshness::Old: return QStringLiteral("old");
    case Freshness::Never: return QStringLiteral("never");
    }
    return {};
}

qint64 StateBar::total() const
{
    qint64 sum = 0;
    for (qint64 n : counts)
        sum += n;
    return sum;
}

int DashboardSnapshot::targetsNeedingAttention() const
{
    return static_cast<int>(
        std::count_if(targets.begin(), targets.end(), [](const TargetHealth &t) { return !t.problems.isEmpty(); }));
}

QString statusSentence(const harvest::DashboardSnapshot &snapshot, bool *good)
{
    const int all = static_cast<int>(snapshot.targets.size());
    const int attention = snapshot.targetsNeedingAttention();
    if (good)
        *good = attention == 0 && all > 0;
    if (all == 0)
        return tr("No partner has been harvested into this store yet. Add a partner in Settings, then run a harvest.");
    if (attention == 0)
        return trn("All %n partner collection(s) in order: nothing waits for you.", all);
    QStringList which;
    for (const harvest::TargetHealth &t : snapshot.targets)
        if (!t.problems.isEmpty() && which.size() < 3)
            which << tr("%1 \u00b7 %2: %3").arg(t.source, t.collection, t.problems.first());
    QString text = trn("%1 of %n partner collection(s) need attention", all).arg(attention);
    text += QStringLiteral(" \u2014 ") + which.join(QStringLiteral("; "));
    if (attention > which.size())
        text += trn("; and %n more", attention - which.size());
    return text;
}

Freshness freshnessOf(std::optional<qint64> lastSuccess, const DashboardOptions &options)
{
    if (!lastSuccess)
        return Freshness::Never;
    const qint64 age = options.now - *lastSuccess;
    if (age < options.freshFor)
        return Freshness::Fresh;
    return age < options.ageingFor ? Freshness::Ageing : Freshness::Old;
}

std::vector<ThroughputPoint> throughputOf(const std::vector<store::RunRecord> &runs, qint64 from, qint64 to,
                                          qint64 bucket)
{
    std::vector<ThroughputPoint> points;
    if (bucket <= 0 || to <= from)
        return points;
    const qint64 first = from - from % bucket;
    for (qint64 start = first; start < to; start += bucket)
        points.push_back({start, 0, 0, 0});
    for (const store::RunRecord &run : runs) {
        const qint64 when = run.endedAt.value_or(run.startedAt);
        if (when < first || when >= to || run.kind == QLatin1String("validate"))
            continue; // validate compares listings; its throughput is not a harvest's
        ThroughputPoint &point = points[static_cast<std::size_t>((when - first) / bucket)];
        point.observations += run.counts.itemsOk;
        point.bytes += run.counts.bytes;
        ++point.runs;
    }
    return points;
}

mirror::Result<DashboardSnapshot> collectDashboard(const std::shared_ptr<store::Store> &s,
                                                   const std::vector<mirror::PartnerSource> &configured,
                                                   const DashboardOptions &options)
{
    DashboardSnapshot snapshot;
    snapshot.takenAt = options.now;
    snapshot.periodStart = options.now - options.period;
    auto statuses = collectStatus(s, configured);
    if (!statuses)
        return statuses.error();
    for (const TargetStatus &status : *statuses) {
        if (status.source.isEmpty() && status.collection.isEmpty())
            continue;
        auto skipped = skippedHeldAndAll(s, status);
        if (!skipped)
            return skipped.error();
        StateBar bar = barOf(status, skipped->first, skipped->second);
        TargetHealth health;
        health.source = status.source;
        health.collection = status.collection;
        auto lastSuccess = lastSuccessOf(s, status);
        if (!lastSuccess)
            return lastSuccess.error();
        health.lastSuccess = *lastSuccess;
        health.freshness = freshnessOf(health.lastSuccess, options);
        health.lastRun = lastRunOf(status);
        health.running = status.lease && status.lease->expiresAt > options.now;
        health.problems = problemsOf(status, bar, health.lastRun, health.lastSuccess);
        health.openDifferences = openDifferencesOf(status);
        health.downloads = status.downloads;
        health.downloadingNow = status.downloadingNow;
        snapshot.targets.push_back(std::move(health));
        if (bar.total() > 0)
            snapshot.bars.push_back(std::move(bar));
    }
    // Observations of a (source, collection) with no status record (imported from files, or harvested before
    // run records existed) still get their bar, from the display rule's counts alone.
    auto shown = store::ObservationDisplayStore(s).counts();
    if (!shown)
        return shown.error();
    std::map<std::pair<QString, QString>, TargetStatus> untracked;
    for (const store::CollectionCount &count : *shown) {
        const bool tracked = std::any_of(snapshot.bars.begin(), snapshot.bars.end(), [&](const StateBar &b) {
            return b.source == count.source && b.collection == count.collection;
        });
        if (tracked || count.count <= 0)
            continue;
        TargetStatus &status = untracked[{count.source, count.collection}];
        status.source = count.source;
        status.collection = count.collection;
        status.shownStates.emplace_back(count.state, count.count);
    }
    for (const auto &[key, status] : untracked) {
        StateBar bar = barOf(status, 0, 0);
        TargetHealth health;
        health.source = status.source;
        health.collection = status.collection;
        health.problems = problemsOf(status, bar, std::nullopt, std::nullopt);
        snapshot.targets.push_back(std::move(health));
        snapshot.bars.push_back(std::move(bar));
    }
    // Largest first: the collections that matter most read at the top, the one-observation ones at the bottom.
    std::stable_sort(snapshot.bars.begin(), snapshot.bars.end(),
                     [](const StateBar &a, const StateBar &b) { return a.total() > b.total(); });
    auto runs = store::RunRecordStore(s).startedSince(snapshot.periodStart, 100000);
    if (!runs)
        return runs.error();
    snapshot.throughput = throughputOf(*runs, snapshot.periodStart, options.now, options.bucket);
    runs->resize(std::min<std::size_t>(runs->size(), static_cast<std::size_t>(std::max(options.recentRuns, 0))));
    snapshot.runs = std::move(*runs);
    auto artifacts = store::artifactStatesByCollection(s);
    if (!artifacts)
        return artifacts.error();
    snapshot.artifacts = std::move(*artifacts);
    return snapshot;
}

} // namespace harvest
