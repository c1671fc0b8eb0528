#include "sync/observation_pass.h"

#include "common/logging.h"
#include "store/observation_lookup.h"
#include "sync/fetch_pool.h"
#include "sync/item_committer.h"
#include "sync/state_lister.h"

#include <deque>
#include <thread>

namespace harvest {
namespace {

constexpr auto commitInterval = std::chrono::milliseconds(250); // a partial batch waits no longer

// Pages handed from the lister thread to the committing thread, bounded so a fast listing cannot fill memory.
class PageQueue {
public:
    explicit PageQueue(std::size_t maxRows) : m_maxRows(maxRows) {}

    // Lister side: waits while too many rows are queued; false when the consumer has gone.
    bool push(std::vector<net::StateRow> &&page, JobControl &control)
    {
        std::unique_lock lock(m_mutex);
        while (m_rows >= m_maxRows && !m_closed && !control.cancelled())
            m_changed.wait_for(lock, std::chrono::milliseconds(100));
        if (m_closed || control.cancelled())
            return false;
        m_rows += page.size();
        for (auto &row : page)
            m_queue.push_back(std::move(row));
        m_changed.notify_all();
        return true;
    }
    void finish(std::optional<mirror::Error> error)
    {
        std::lock_guard lock(m_mutex);
        m_finished = true;
        m_error = std::move(error);
        m_changed.notify_all();
    }
    void close()
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_changed.notify_all();
    }
    // Consumer side: up to `limit` rows, waiting at most `timeout` for the first.
    std::vector<net::StateRow> take(std::size_t limit, std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait_for(lock, timeout, [&] { return !m_queue.empty() || m_finished; });
        std::vector<net::StateRow> rows;
        while (!m_queue.empty() && rows.size() < limit) {
            rows.push_back(std::move(m_queue.front()));
            m_queue.pop_front();
        }
        m_rows -= rows.size();
        m_changed.notify_all();
        return rows;
    }
    bool drained() const
    {
        std::lock_guard lock(m_mutex);
        return m_finished && m_queue.empty();
    }
    std::optional<mirror::Error> error() const
    {
        std::lock_guard lock(m_mutex);
        return m_error;
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<net::StateRow> m_queue;
    std::size_t m_rows = 0;
    std::size_t m_maxRows;
    bool m_finished = false;
    bool m_closed = false;
    std::optional<mirror::Error> m_error;
};

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

mirror::Result<void> ObservationPass::run(const ObservationPassOptions &options, HarvestCounts &counts,
                                          store::HarvestCursor &cursor)
{
    const auto &tuning = m_target.tuning;
    cursor = options.startCursor;
    ListingWindow window;
    window.collection = m_target.collection.toStdString();
    window.filter = m_target.listingFilter.toStdString();
    window.start = options.windowStart;
    window.end = options.windowEnd;
    window.pageSize = tuning.pageSize;
    window.serverCap = tuning.serverCap;

    PageQueue pages(static_cast<std::size_t>(tuning.maxInFlight));
    std::thread lister([&] {
        net::RepositoryClient client(m_target.endpoints, m_target.http);
        StateLister paging(client, window, m_control);
        auto listed =
            paging.run([&](std::vector<net::StateRow> &&page) { return pages.push(std::move(page), m_control); });
        pages.finish(listed ? std::nullopt : std::optional<mirror::Error>(listed.error()));
    });
    struct JoinOnExit {
        std::thread &thread;
        PageQueue &queue;
        ~JoinOnExit()
        {
            queue.close();
            thread.join();
        }
    } joinLister{lister, pages};

    FetchPool pool(m_target.endpoints, m_target.http, tuning.fetchThreads, m_target.sourceName, m_control);
    ItemCommitter committer(m_store, {m_target.harvestSource, true}, m_clock);
    store::ObservationLookup lookup(m_store);

    qint64 nextSequence = 0; // next to assign
    qint64 nextCommit = 0;   // next to commit
    std::vector<ItemResult> batch;
    store::HarvestCursor batchCursor = cursor;
    auto lastCommit = std::chrono::steady_clock::now();
    std::optional<mirror::Error> stopError;

    const auto commitBatch = [&]() -> mirror::Result<void> {
        if (batch.empty())
            return {};
        const qint64 size = static_cast<qint64>(batch.size());
        auto committed =
            committer.commit(std::move(batch), options.writeCursor ? std::optional(batchCursor) : std::nullopt, counts);
        batch.clear();
        lastCommit = std::chrono::steady_clock::now();
        if (!committed)
            return committed.error();
        cursor = batchCursor;
        m_control.addDone(size);
        m_control.updateCounts(counts);
        return {};
    };

    for (;;) {
        // Feed the fetchers while there is room.
        const qint64 inFlight = nextSequence - nextCommit;
        if (!stopError && inFlight < tuning.maxInFlight) {
            auto rows = pages.take(static_cast<std::size_t>(tuning.maxInFlight - inFlight),
                                   std::chrono::milliseconds(inFlight ? 0 : 50));
            for (auto &row : rows) {
                ++counts.listed;
                const qint64 sequence = nextSequence++;
                std::optional<store::ObservationKey> local;
                if (options.skipUnchanged) {
                    auto found =
                        lookup.byUri(QString::fromStdString(row.collection), QString::fromStdString(row.observationID));
                    if (!found)
                        return found.error();
                    local = std::move(*found);
                }
                if (isUnchanged(local, row)) {
                    ItemResult result;
                    result.sequence = sequence;
                    result.row = std::move(row);
                    result.outcome = ItemOutcome::Unchanged;
                    pool.complete(std::move(result));
                } else {
                    pool.submit(sequence, std::move(row));
                }
            }
        }
        // Take finished items strictly in order.
        while (nextCommit < nextSequence) {
            auto result = pool.take(nextCommit, std::chrono::milliseconds(batch.empty() ? 20 : 5));
            if (!result)
                break;
            if (result->outcome == ItemOutcome::Failed && result->error.category == mirror::ErrorCategory::Cancelled) {
                stopError = result->error;
                break;
            }
            ++nextCommit;
            if (result->row.maxLastModified
                && (!batchCursor.lastModified || *result->row.maxLastModified >= *batchCursor.lastModified)) {
                batchCursor.lastModified = result->row.maxLastModified;
                batchCursor.id = result->document ? std::optional<QUuid>(result->document->id) : std::nullopt;
            }
            batch.push_back(std::move(*result));
            if (static_cast<int>(batch.size()) >= tuning.commitBatch)
                break;
        }
        const bool allListed = pages.drained();
        const bool allTaken = nextCommit == nextSequence;
        if (static_cast<int>(batch.size()) >= tuning.commitBatch
            || std::chrono::steady_clock::now() - lastCommit > commitInterval || (allListed && allTaken) || stopError) {
            if (auto committed = commitBatch(); !committed)
                return committed.error();
        }
        if (m_control.cancelled() && !stopError)
            stopError = mirror::Error{mirror::ErrorCategory::Cancelled, "cancelled"};
        if (stopError)
            return *stopError;
        if (allListed && allTaken) {
            if (auto error = pages.error())
                return *error;
            return {};
        }
    }
}

} // namespace harvest
