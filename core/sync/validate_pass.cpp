#include "sync/validate_pass.h"

#include "common/logging.h"
#include "store/harvest_state_store.h"
#include "store/observation_listing.h"
#include "store/observation_store.h"
#include "sync/fetch_pool.h"
#include "sync/item_committer.h"
#include "sync/sorted_rows.h"
#include "sync/state_lister.h"

#include <limits>

namespace harvest {
namespace {

constexpr std::size_t discrepancyBatch = 1000;
constexpr int localPageRows = 10000; // rows per query while the store's own listing is read

QString text(const std::string &value)
{
    return QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()));
}

// A missing checksum on either side compares equal, as in the reference (§2.7).
bool checksumsDiffer(const std::string &remote, const std::string &local)
{
    return !remote.empty() && !local.empty() && local != remote;
}

mirror::Error cancelledError()
{
    return mirror::Error{mirror::ErrorCategory::Cancelled, "cancelled"};
}

} // namespace

// The merge of the remote listing (sorted by observationID) with the store's observations in the same order:
// each difference is classified, written to the store in batches, and, when it can be repaired, remembered.
class ValidatePass::Comparison {
public:
    Comparison(ValidatePass &pass, SortedRows &remote, qint64 raceLimit, std::optional<qint64> cursor,
               ValidateSummary &summary, HarvestCounts &counts, std::optional<qint64> runKey)
        : m_pass(pass),
          m_remote(remote),
          m_raceLimit(raceLimit),
          m_cursor(cursor),
          m_summary(summary),
          m_counts(counts),
          m_runKey(runKey),
          m_discrepancies(pass.m_store, pass.m_clock)
    {}

    std::vector<net::StateRow> toFetch;   // repair: missing locally, or the checksum differs
    std::vector<net::StateRow> toConfirm; // repair: local only, deleted only once a 404 confirms it

    mirror::Result<void> run()
    {
        // The store's own rows come from the listing index (observationID, maxLastModified and accMetaChecksum
        // are all in it), read in its order and re-sorted like the remote listing. Walking the table in
        // observationID order instead reads every row where it lies: in a collection of millions that is one
        // random page read per observation, most of a validate's time.
        SortedRows local(m_remote.runSize());
        if (auto listed = listLocal(local); !listed)
            return listed;
        if (m_pass.m_control.cancelled())
            return cancelledError();
        m_pass.m_control.setPhase(QStringLiteral("comparing"), m_summary.remote);
        if (auto first = advance(); !first)
            return first;
        for (;;) {
            auto row = local.next();
            if (!row)
                return row.error();
            if (!*row)
                break;
            if (auto compared = compareLocal(**row); !compared)
                return compared;
            m_pass.m_control.addDone();
            if (!m_pass.m_control.checkpoint())
                return cancelledError();
        }
        if (auto drained = drainRemoteBefore(nullptr); !drained)
            return drained;
        return flush();
    }

private:
    mirror::Result<void> listLocal(SortedRows &local)
    {
        m_pass.m_control.setPhase(QStringLiteral("reading the local observations"));
        const store::ObservationListing listing(m_pass.m_store);
        store::StateListingQuery query;
        query.collection = m_pass.m_target.collection;
        query.limit = std::numeric_limits<int>::max();
        store::ListingCursor cursor;
        std::optional<mirror::Error> addError;
        while (!cursor.finished && !addError) {
            auto page = listing.nextPage(query, cursor, localPageRows, [&](const store::StateListingRow &row) {
                if (addError)
                    return;
                if (auto added = local.add(
                        {row.observationID.toStdString(), row.maxLastModified, row.accMetaChecksum.toStdString()});
                    !added)
                    addError = added.error();
            });
            if (!page)
                return page.error();
            if (!m_pass.m_control.checkpoint())
                return cancelledError();
        }
        if (addError)
            return *addError;
        return local.finish();
    }

    // Which partner a local observation came from: read only for the few found nowhere at the partner.
    mirror::Result<QString> localSource(const std::string &id) const
    {
        auto found = store::ObservationStore(m_pass.m_store).summary(m_pass.m_target.collection, text(id));
        if (!found)
            return found.error();
        return *found ? (*found)->source : QString();
    }

    mirror::Result<void> advance()
    {
        auto row = m_remote.next();
        if (!row)
            return row.error();
        m_row = std::move(*row);
        return {};
    }

    // One local observation against the remote row of the same ID, if there is one.
    mirror::Result<void> compareLocal(const SortableRow &local)
    {
        ++m_summary.local;
        const std::string &id = local.observationID;
        if (auto drained = drainRemoteBefore(&id); !drained)
            return drained;
        if (!m_row || m_row->observationID != id) {
            auto source = localSource(id);
            if (!source)
                return source.error();
            if (source->isEmpty() || *source == m_pass.m_target.sourceName)
                toConfirm.push_back({collection(), id, local.maxLastModified, {}});
            return report(store::DiscrepancyClass::MissingRemotely, id, std::nullopt, local);
        }
        const SortableRow &r = *m_row;
        const bool settled = !r.maxLastModified || *r.maxLastModified <= m_raceLimit;
        mirror::Result<void> reported;
        if (checksumsDiffer(r.accMetaChecksum, local.accMetaChecksum)) {
            if (settled)
                toFetch.push_back({collection(), id, r.maxLastModified, r.accMetaChecksum});
            reported = report(settled ? store::DiscrepancyClass::ChecksumDiffers : store::DiscrepancyClass::Pending, id,
                              r, local);
        } else if (r.maxLastModified != local.maxLastModified) {
            reported = report(store::DiscrepancyClass::TimestampDiffers, id, r, local);
        } else {
            ++m_summary.matching;
        }
        if (!reported)
            return reported;
        return advance();
    }

    // Remote rows sorting before `id` (all that remain, for nullptr) have no local counterpart.
    mirror::Result<void> drainRemoteBefore(const std::string *id)
    {
        while (m_row && (!id || m_row->observationID < *id)) {
            const SortableRow &r = *m_row;
            // Only a row the incremental harvest should already have brought is missing; a newer one may be
            // on its way.
            const bool settled =
                r.maxLastModified && *r.maxLastModified <= m_raceLimit && m_cursor && *r.maxLastModified <= *m_cursor;
            if (settled)
                toFetch.push_back({collection(), r.observationID, r.maxLastModified, r.accMetaChecksum});
            const auto cls = settled ? store::DiscrepancyClass::MissingLocally : store::DiscrepancyClass::Pending;
            if (auto reported = report(cls, r.observationID, r, std::nullopt); !reported)
                return reported;
            if (auto next = advance(); !next)
                return next;
        }
        return {};
    }

    mirror::Result<void> report(store::DiscrepancyClass cls, const std::string &id, const std::optional<SortableRow> &r,
                                const std::optional<SortableRow> &l)
    {
        store::Discrepancy d;
        d.source = m_pass.m_target.sourceName;
        d.collection = m_pass.m_target.collection;
        d.observationID = text(id);
        d.cls = cls;
        if (r) {
            d.remoteChecksum = text(r->accMetaChecksum);
            d.remoteModified = r->maxLastModified;
        }
        if (l) {
            d.localChecksum = text(l->accMetaChecksum);
            d.localModified = l->maxLastModified;
        }
        d.runKey = m_runKey;
        ++m_summary.found[cls];
        if (cls != store::DiscrepancyClass::TimestampDiffers)
            ++m_counts.discrepancies;
        m_pending.push_back(std::move(d));
        return m_pending.size() >= discrepancyBatch ? flush() : mirror::Result<void>();
    }

    mirror::Result<void> flush()
    {
        if (m_pending.empty())
            return {};
        auto added = m_discrepancies.add(m_pending);
        m_pending.clear();
        return added;
    }

    std::string collection() const { return m_pass.m_target.collection.toStdString(); }

    ValidatePass &m_pass;
    SortedRows &m_remote;
    qint64 m_raceLimit;
    std::optional<qint64> m_cursor;
    ValidateSummary &m_summary;
    HarvestCounts &m_counts;
    std::optional<qint64> m_runKey;
    store::DiscrepancyStore m_discrepancies;
    std::optional<SortableRow> m_row; // the remote row the merge stands on; nullopt past the last
    std::vector<store::Discrepancy> m_pending;
    std::optional<mirror::Error> m_error;
};

ValidatePass::ValidatePass(const HarvestTarget &target, std::shared_ptr<store::Store> store, JobControl &control,
                           store::Clock clock)
    : m_target(target),
      m_store(std::move(store)),
      m_control(control),
      m_clock(std::move(clock))
{}

mirror::Result<ValidateSummary> ValidatePass::run(const ValidateOptions &options, HarvestCounts &counts,
                                                  std::optional<qint64> runKey)
{
    ValidateSummary summary;
    store::HarvestStateStore states(m_store, m_clock);
    auto state = states.get(m_target.harvestSource, store::HarvestEntity::observation);
    if (!state)
        return state.error();

    SortedRows remote(options.sortRunSize);
    if (auto listed = listRemote(remote, summary, counts); !listed)
        return listed.error();

    auto repairs = compare(remote, options, *state, summary, counts, runKey);
    if (!repairs)
        return repairs.error();
    if (!options.repair)
        return summary;
    if (!options.pruneLocalOnly)
        repairs->toConfirm.clear();
    if (auto repaired = repair(std::move(*repairs), summary, counts); !repaired)
        return repaired.error();
    return summary;
}

mirror::Result<void> ValidatePass::listRemote(SortedRows &remote, ValidateSummary &summary, HarvestCounts &counts)
{
    m_control.setPhase(QStringLiteral("listing remote observations"));
    net::RepositoryClient client(m_target.endpoints, m_target.http);
    ListingWindow window;
    window.collection = m_target.collection.toStdString();
    window.filter = m_target.listingFilter.toStdString();
    window.pageSize = m_target.tuning.serverCap;
    window.serverCap = m_target.tuning.serverCap;
    StateLister lister(client, window, m_control);
    const RetriesOnExit<StateLister> countRetries{lister, counts};
    // Every listed row is also kept as what this partner holds; rows the complete listing did not name go.
    store::SourceListingStore listings(m_store, m_clock);
    const qint64 listingStart = m_clock();
    std::optional<mirror::Error> addError;
    auto listed = lister.run([&](std::vector<net::StateRow> &&page) {
        if (auto recorded = recordListing(listings, page); !recorded) {
            addError = recorded.error();
            return false;
        }
        for (net::StateRow &row : page) {
            if (auto added =
                    remote.add({std::move(row.observationID), row.maxLastModified, std::move(row.accMetaChecksum)});
                !added) {
                addError = added.error();
                return false;
            }
            ++summary.remote;
        }
        counts.listed = summary.remote;
        m_control.addDone(static_cast<qint64>(page.size()));
        return true;
    });
    if (addError)
        return *addError;
    if (!listed)
        return listed.error();
    if (auto forgotten = listings.forgetUnseenSince(m_target.sourceName, m_target.collection, listingStart); !forgotten)
        return forgotten.error();
    return remote.finish();
}

mirror::Result<void> ValidatePass::recordListing(store::SourceListingStore &listings,
                                                 const std::vector<net::StateRow> &page)
{
    if (m_target.sourceName.isEmpty())
        return {};
    std::vector<store::ListingRow> rows;
    rows.reserve(page.size());
    for (const net::StateRow &row : page)
        rows.push_back({text(row.observationID), text(row.accMetaChecksum), row.maxLastModified, 0});
    return listings.record(m_target.sourceName, m_target.collection, rows);
}

mirror::Result<ValidatePass::Repairs> ValidatePass::compare(SortedRows &remote, const ValidateOptions &options,
                                                            const store::HarvestState &state, ValidateSummary &summary,
                                                            HarvestCounts &counts, std::optional<qint64> runKey)
{
    store::DiscrepancyStore discrepancies(m_store, m_clock);
    // Without a run to file them under, findings simply replace the earlier ones from the start.
    if (!runKey)
        if (auto cleared = discrepancies.clear(m_target.sourceName, m_target.collection); !cleared)
            return cleared.error();
    const qint64 raceLimit = options.settledUntil.value_or(m_clock() - m_target.tuning.lag.count());
    Comparison comparison(*this, remote, raceLimit, state.cursor.lastModified, summary, counts, runKey);
    auto compared = comparison.run();
    if (runKey) {
        // Only a complete comparison replaces the earlier picture; a partial one would hide what it did not
        // reach, so it is withdrawn instead.
        auto settled = compared ? discrepancies.clearOtherRuns(m_target.sourceName, m_target.collection, *runKey)
                                : discrepancies.clearRun(*runKey);
        if (!settled)
            qCWarning(lcSync, "%s", settled.error().message.c_str());
    }
    if (!compared)
        return compared.error();
    return Repairs{std::move(comparison.toFetch), std::move(comparison.toConfirm)};
}

mirror::Result<void> ValidatePass::repair(Repairs repairs, ValidateSummary &summary, HarvestCounts &counts)
{
    // Fetch what is missing or differs; delete local-only observations only when the source confirms with a
    // 404 (a listing can miss a row; a GET is specific).
    m_control.setPhase(QStringLiteral("repairing"),
                       static_cast<qint64>(repairs.toFetch.size() + repairs.toConfirm.size()));
    FetchPool pool(m_target.endpoints, m_target.http, m_target.tuning.fetchThreads, m_target.sourceName, m_control);
    const RetriesOnExit<FetchPool> countRetries{pool, counts};
    ItemCommitter committer(m_store, {m_target.harvestSource, true, {}}, m_clock);
    store::DiscrepancyStore discrepancies(m_store, m_clock);
    qint64 submitted = 0;
    for (auto *list : {&repairs.toFetch, &repairs.toConfirm})
        for (net::StateRow &row : *list)
            pool.submit(submitted++, std::move(row));

    std::vector<ItemResult> batch;
    const qint64 before = counts.ingested + counts.updated + counts.deleted;
    bool cancelled = false;
    // Commits what was taken so far: real outcomes only, never one the cancellation caused.
    const auto commitBatch = [&]() -> mirror::Result<void> {
        if (batch.empty())
            return {};
        QStringList repaired;
        for (const ItemResult &item : batch)
            if (item.outcome != ItemOutcome::Failed)
                repaired << text(item.row.observationID);
        const qint64 size = static_cast<qint64>(batch.size());
        auto committed = committer.commit(std::move(batch), std::nullopt, counts);
        batch.clear();
        if (!committed)
            return committed;
        if (auto resolved = discrepancies.resolve(m_target.sourceName, m_target.collection, repaired); !resolved)
            qCWarning(lcSync, "%s", resolved.error().message.c_str());
        m_control.addDone(size);
        m_control.updateCounts(counts);
        return {};
    };
    for (qint64 next = 0; next < submitted && !cancelled;) {
        auto result = pool.take(next, std::chrono::milliseconds(200));
        if (!result) {
            cancelled = m_control.cancelled();
            continue;
        }
        if (result->outcome == ItemOutcome::Failed && result->error.category == mirror::ErrorCategory::Cancelled) {
            cancelled = true;
            break;
        }
        ++next;
        batch.push_back(std::move(*result));
        if (batch.size() >= static_cast<std::size_t>(m_target.tuning.commitBatch))
            if (auto committed = commitBatch(); !committed)
                return committed;
    }
    if (auto committed = commitBatch(); !committed)
        return committed;
    summary.repaired = counts.ingested + counts.updated + counts.deleted - before;
    return cancelled ? mirror::Result<void>(cancelledError()) : mirror::Result<void>();
}

} // namespace harvest
