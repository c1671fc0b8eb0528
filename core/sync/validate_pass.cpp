#include "sync/validate_pass.h"

#include "common/logging.h"
#include "store/harvest_state_store.h"
#include "store/observation_store.h"
#include "sync/fetch_pool.h"
#include "sync/item_committer.h"
#include "sync/sorted_rows.h"
#include "sync/state_lister.h"

namespace harvest {
namespace {

constexpr std::size_t discrepancyBatch = 1000;

QString text(const std::string &value)
{
    return QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()));
}

// A missing checksum on either side compares equal, as in the reference (§2.7).
bool checksumsDiffer(const std::string &remote, const QString &local)
{
    return !remote.empty() && !local.isEmpty() && local.toStdString() != remote;
}

} // namespace

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
    const qint64 raceLimit = options.settledUntil.value_or(m_clock() - m_target.tuning.lag.count());
    store::HarvestStateStore states(m_store, m_clock);
    auto state = states.get(m_target.harvestSource, store::HarvestEntity::observation);
    if (!state)
        return state.error();
    const std::optional<qint64> cursor = state->cursor.lastModified;

    // 1. The remote listing, whole, re-sorted by observationID.
    m_control.setPhase(QStringLiteral("listing remote observations"));
    SortedRows remote(options.sortRunSize);
    {
        net::RepositoryClient client(m_target.endpoints, m_target.http);
        ListingWindow window;
        window.collection = m_target.collection.toStdString();
        window.filter = m_target.listingFilter.toStdString();
        window.pageSize = m_target.tuning.serverCap;
        window.serverCap = m_target.tuning.serverCap;
        StateLister lister(client, window, m_control);
        std::optional<mirror::Error> addError;
        auto listed = lister.run([&](std::vector<net::StateRow> &&page) {
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
        if (auto finished = remote.finish(); !finished)
            return finished.error();
    }

    // 2. Merge with the store, writing discrepancies as they are found.
    m_control.setPhase(QStringLiteral("comparing"), summary.remote);
    store::DiscrepancyStore discrepancies(m_store, m_clock);
    if (auto cleared = discrepancies.clear(m_target.sourceName, m_target.collection); !cleared)
        return cleared.error();
    std::vector<store::Discrepancy> pending;
    std::vector<net::StateRow> toFetch;   // repair: missing locally, checksum differs
    std::vector<net::StateRow> toConfirm; // repair: local only, confirmed gone by a 404 before deleting
    const auto report = [&](store::DiscrepancyClass cls, const std::string &id, const std::optional<SortableRow> &r,
                            const std::optional<store::ObservationSummary> &l) -> mirror::Result<void> {
        store::Discrepancy d;
        d.source = m_target.sourceName;
        d.collection = m_target.collection;
        d.observationID = text(id);
        d.cls = cls;
        if (r) {
            d.remoteChecksum = text(r->accMetaChecksum);
            d.remoteModified = r->maxLastModified;
        }
        if (l) {
            d.localChecksum = l->accMetaChecksum;
            d.localModified = l->maxLastModified;
        }
        d.runKey = runKey;
        ++summary.found[cls];
        if (cls != store::DiscrepancyClass::TimestampDiffers)
            ++counts.discrepancies;
        pending.push_back(std::move(d));
        if (pending.size() >= discrepancyBatch) {
            auto added = discrepancies.add(pending);
            pending.clear();
            return added;
        }
        return {};
    };

    auto remoteRow = remote.next();
    if (!remoteRow)
        return remoteRow.error();
    std::optional<mirror::Error> mergeError;
    // Remote rows sorting before `id` have no local counterpart.
    const auto drainRemoteBefore = [&](const std::string *id) -> bool {
        while (*remoteRow && (!id || (*remoteRow)->observationID < *id)) {
            const SortableRow &r = **remoteRow;
            const bool settled =
                r.maxLastModified && *r.maxLastModified <= raceLimit && cursor && *r.maxLastModified <= *cursor;
            const auto cls = settled ? store::DiscrepancyClass::MissingLocally : store::DiscrepancyClass::Pending;
            if (auto reported = report(cls, r.observationID, r, std::nullopt); !reported) {
                mergeError = reported.error();
                return false;
            }
            if (settled)
                toFetch.push_back(
                    {m_target.collection.toStdString(), r.observationID, r.maxLastModified, r.accMetaChecksum});
            remoteRow = remote.next();
            if (!remoteRow) {
                mergeError = remoteRow.error();
                return false;
            }
        }
        return true;
    };

    store::ObservationStore observations(m_store);
    auto walked = observations.forEachInCollection(m_target.collection, [&](const store::ObservationSummary &local) {
        ++summary.local;
        const std::string id = local.observationID.toStdString();
        if (!drainRemoteBefore(&id))
            return false;
        if (*remoteRow && (*remoteRow)->observationID == id) {
            const SortableRow &r = **remoteRow;
            const bool settled = !r.maxLastModified || *r.maxLastModified <= raceLimit;
            mirror::Result<void> reported;
            if (checksumsDiffer(r.accMetaChecksum, local.accMetaChecksum)) {
                reported = report(settled ? store::DiscrepancyClass::ChecksumDiffers : store::DiscrepancyClass::Pending,
                                  id, r, local);
                if (settled)
                    toFetch.push_back({m_target.collection.toStdString(), id, r.maxLastModified, r.accMetaChecksum});
            } else if (r.maxLastModified != local.maxLastModified) {
                reported = report(store::DiscrepancyClass::TimestampDiffers, id, r, local);
            } else {
                ++summary.matching;
            }
            if (!reported) {
                mergeError = reported.error();
                return false;
            }
            remoteRow = remote.next();
            if (!remoteRow) {
                mergeError = remoteRow.error();
                return false;
            }
        } else {
            if (auto reported = report(store::DiscrepancyClass::MissingRemotely, id, std::nullopt, local); !reported) {
                mergeError = reported.error();
                return false;
            }
            if (local.source.isEmpty() || local.source == m_target.sourceName)
                toConfirm.push_back({m_target.collection.toStdString(), id, local.maxLastModified, {}});
        }
        m_control.addDone();
        return m_control.checkpoint();
    });
    if (mergeError)
        return *mergeError;
    if (!walked)
        return walked.error();
    if (m_control.cancelled())
        return mirror::Error{mirror::ErrorCategory::Cancelled, "cancelled"};
    if (!drainRemoteBefore(nullptr))
        return *mergeError;
    if (!pending.empty())
        if (auto added = discrepancies.add(pending); !added)
            return added.error();

    if (!options.repair)
        return summary;

    // 3. Repair exactly what was found: fetch what is missing or differs; delete local-only observations
    //    only when the source confirms with a 404 (a listing can miss a row; a GET is specific).
    if (!options.pruneLocalOnly)
        toConfirm.clear();
    m_control.setPhase(QStringLiteral("repairing"), static_cast<qint64>(toFetch.size() + toConfirm.size()));
    FetchPool pool(m_target.endpoints, m_target.http, m_target.tuning.fetchThreads, m_target.sourceName, m_control);
    ItemCommitter committer(m_store, {m_target.harvestSource, true}, m_clock);
    qint64 submitted = 0;
    for (auto *list : {&toFetch, &toConfirm})
        for (net::StateRow &row : *list)
            pool.submit(submitted++, std::move(row));
    std::vector<ItemResult> batch;
    const qint64 before = counts.ingested + counts.updated + counts.deleted;
    for (qint64 next = 0; next < submitted;) {
        auto result = pool.take(next, std::chrono::milliseconds(200));
        if (!result) {
            if (m_control.cancelled())
                return mirror::Error{mirror::ErrorCategory::Cancelled, "cancelled"};
            continue;
        }
        ++next;
        batch.push_back(std::move(*result));
        if (batch.size() >= static_cast<std::size_t>(m_target.tuning.commitBatch) || next == submitted) {
            const qint64 size = static_cast<qint64>(batch.size());
            if (auto committed = committer.commit(std::move(batch), std::nullopt, counts); !committed)
                return committed.error();
            batch.clear();
            m_control.addDone(size);
            m_control.updateCounts(counts);
        }
    }
    summary.repaired = counts.ingested + counts.updated + counts.deleted - before;
    return summary;
}

} // namespace harvest
