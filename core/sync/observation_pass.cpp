#include "sync/observation_pass.h"

#include "common/log_hub.h"

#include "common/logging.h"
#include "store/observation_lookup.h"
#include "sync/fetch_pool.h"
#include "sync/item_committer.h"
#include "sync/listed_row_check.h"
#include "sync/page_queue.h"
#include "sync/state_lister.h"

#include <atomic>
#include <map>
#include <thread>

namespace harvest {
namespace {

constexpr auto commitInterval = std::chrono::milliseconds(250); // a partial batch waits no longer

bool isUnchanged(const std::optional<store::ObservationKey> &local, const net::StateRow &row)
{
    return local && !row.accMetaChecksum.empty() && local->state == store::ObservationState::ok
        && local->accMetaChecksum.toStdString() == row.accMetaChecksum;
}

} // namespace

ObservationPass::ObservationPass(const HarvestTarget &target, std::shared_ptr<store::Store> store, JobControl &control,
                                 store::Clock clock)
    : m_target(target),
      m_store(std::move(store)),
      m_control(control),
      m_clock(std::move(clock))
{}

// The committing side of the pass: listed rows go to the fetchers (or straight through when unchanged),
// results come back in listing order and are committed in batches with the cursor they reach.
class ObservationPass::Pipeline {
public:
    Pipeline(ObservationPass &pass, const ObservationPassOptions &options, HarvestCounts &counts,
             store::HarvestCursor &cursor, PageQueue &pages)
        : m_tuning(pass.m_target.tuning),
          m_options(options),
          m_counts(counts),
          m_cursor(cursor),
          m_pages(pages),
          m_control(pass.m_control),
          m_pool(pass.m_target.endpoints, pass.m_target.http, m_tuning.fetchThreads, pass.m_target.sourceName,
                 pass.m_control),
          m_committer(pass.m_store, {pass.m_target.harvestSource, true, pass.m_target.sourceName}, pass.m_clock),
          m_lookup(pass.m_store),
          m_partner(pass.m_target.sourceName.toStdString()),
          m_batchCursor(cursor)
    {}

    mirror::Result<void> run()
    {
        for (;;) {
            if (!m_stop)
                if (auto fed = feed(); !fed)
                    return fed;
            takeInOrder();
            const bool allListed = m_pages.drained();
            const bool allTaken = m_nextCommit == m_nextSequence;
            if (commitDue(allListed && allTaken))
                if (auto committed = commitBatch(); !committed)
                    return committed;
            if (m_control.cancelled() && !m_stop)
                m_stop = mirror::Error{mirror::ErrorCategory::Cancelled, "cancelled"};
            if (m_stop)
                return *m_stop;
            if (allListed && allTaken) {
                if (auto error = m_pages.error())
                    return *error;
                return {};
            }
        }
    }

private:
    // Hands listed rows to the fetchers while fewer than maxInFlight are on their way.
    mirror::Result<void> feed()
    {
        const qint64 inFlight = m_nextSequence - m_nextCommit;
        if (inFlight >= m_tuning.maxInFlight)
            return {};
        auto rows = m_pages.take(static_cast<std::size_t>(m_tuning.maxInFlight - inFlight),
                                 std::chrono::milliseconds(inFlight ? 0 : 50));
        // The local copies of every row taken, in a few statements rather than one per row.
        std::map<std::pair<std::string, std::string>, store::ObservationKey> locals;
        if (m_options.skipUnchanged) {
            std::map<std::string, QStringList> idsByCollection;
            for (const net::StateRow &row : rows)
                idsByCollection[row.collection] << QString::fromStdString(row.observationID);
            for (const auto &[collection, ids] : idsByCollection) {
                auto found = m_lookup.byUris(QString::fromStdString(collection), ids);
                if (!found)
                    return found.error();
                for (auto &[observationID, key] : *found)
                    locals.emplace(std::pair{collection, observationID.toStdString()}, std::move(key));
            }
        }
        for (auto &row : rows) {
            ++m_counts.listed;
            const qint64 sequence = m_nextSequence++;
            std::optional<store::ObservationKey> local;
            if (const auto found = locals.find({row.collection, row.observationID}); found != locals.end())
                local = found->second;
            if (auto refused = refusedListedRow(row, m_partner)) {
                ItemResult result;
                result.sequence = sequence;
                result.row = std::move(row);
                result.outcome = ItemOutcome::Failed;
                result.error = std::move(*refused);
                m_pool.complete(std::move(result));
            } else if (isUnchanged(local, row)) {
                ItemResult result;
                result.sequence = sequence;
                result.row = std::move(row);
                result.outcome = ItemOutcome::Unchanged;
                m_pool.complete(std::move(result));
            } else {
                m_pool.submit(sequence, std::move(row));
            }
        }
        return {};
    }

    // Takes finished items strictly in listing order into the batch; stops at the first the cancellation
    // caused (it and everything after it are never committed).
    void takeInOrder()
    {
        while (m_nextCommit < m_nextSequence) {
            auto result = m_pool.take(m_nextCommit, std::chrono::milliseconds(m_batch.empty() ? 20 : 5));
            if (!result)
                return;
            if (result->outcome == ItemOutcome::Failed && result->error.category == mirror::ErrorCategory::Cancelled) {
                m_stop = result->error;
                return;
            }
            ++m_nextCommit;
            if (result->row.maxLastModified
                && (!m_batchCursor.lastModified || *result->row.maxLastModified >= *m_batchCursor.lastModified)) {
                m_batchCursor.lastModified = result->row.maxLastModified;
                m_batchCursor.id = result->document ? std::optional<QUuid>(result->document->id) : std::nullopt;
            }
            m_batch.push_back(std::move(*result));
            if (static_cast<int>(m_batch.size()) >= m_tuning.commitBatch)
                return;
        }
    }

    bool commitDue(bool finished) const
    {
        return static_cast<int>(m_batch.size()) >= m_tuning.commitBatch
            || std::chrono::steady_clock::now() - m_lastCommit > commitInterval || finished || m_stop;
    }

    mirror::Result<void> commitBatch()
    {
        if (m_batch.empty())
            return {};
        const qint64 size = static_cast<qint64>(m_batch.size());
        auto committed = m_committer.commit(
            std::move(m_batch), m_options.writeCursor ? std::optional(m_batchCursor) : std::nullopt, m_counts);
        m_batch.clear();
        m_lastCommit = std::chrono::steady_clock::now();
        if (!committed)
            return committed.error();
        m_cursor = m_batchCursor;
        m_control.addDone(size);
        m_control.updateCounts(m_counts);
        return {};
    }

    const HarvestTuning &m_tuning;
    const ObservationPassOptions &m_options;
    HarvestCounts &m_counts;
    store::HarvestCursor &m_cursor;
    PageQueue &m_pages;
    JobControl &m_control;
    FetchPool m_pool;
    const RetriesOnExit<FetchPool> m_countRetries{m_pool, m_counts}; // destroyed before the pool
    ItemCommitter m_committer;
    store::ObservationLookup m_lookup;
    std::string m_partner; // the operator's name for the partner, for messages

    qint64 m_nextSequence = 0; // next to assign
    qint64 m_nextCommit = 0;   // next to commit
    std::vector<ItemResult> m_batch;
    store::HarvestCursor m_batchCursor;
    std::chrono::steady_clock::time_point m_lastCommit = std::chrono::steady_clock::now();
    std::optional<mirror::Error> m_stop;
};

mirror::Result<void> ObservationPass::run(const ObservationPassOptions &options, HarvestCounts &counts,
                                          store::HarvestCursor &cursor)
{
    cursor = options.startCursor;
    ListingWindow window;
    window.collection = m_target.collection.toStdString();
    window.filter = m_target.listingFilter.toStdString();
    window.start = options.windowStart;
    window.end = options.windowEnd;
    window.pageSize = m_target.tuning.pageSize;
    window.serverCap = m_target.tuning.serverCap;

    PageQueue pages(static_cast<std::size_t>(m_target.tuning.maxInFlight));
    struct ListingRetries {
        std::atomic<std::int64_t> count{0}; // set by the lister thread as it ends
        std::int64_t retries() const { return count.load(); }
    } listingRetries;
    std::thread lister([&, job = mirror::currentLogJob()] {
        const mirror::LogJobScope logScope(job); // its messages belong to the job too
        net::RepositoryClient client(m_target.endpoints, m_target.http);
        StateLister paging(client, window, m_control);
        auto listed =
            paging.run([&](std::vector<net::StateRow> &&page) { return pages.push(std::move(page), m_control); });
        listingRetries.count = paging.retries();
        pages.finish(listed ? std::nullopt : std::optional<mirror::Error>(listed.error()));
    });
    // Declared before the join below, so it is destroyed after it: the lister has counted by then.
    const RetriesOnExit<ListingRetries> countListingRetries{listingRetries, counts};
    struct JoinOnExit {
        std::thread &thread;
        PageQueue &queue;
        ~JoinOnExit()
        {
            queue.close();
            thread.join();
        }
    } joinLister{lister, pages};

    Pipeline pipeline(*this, options, counts, cursor, pages);
    return pipeline.run();
}

} // namespace harvest
