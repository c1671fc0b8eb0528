#include "sync/fetch_pool.h"

#include "common/log_hub.h"

namespace harvest {

FetchPool::FetchPool(const net::ServiceEndpoints &endpoints, const net::HttpOptions &http, int threads,
                     QString sourceName, JobControl &control)
    : m_endpoints(endpoints),
      m_http(http),
      m_sourceName(std::move(sourceName)),
      m_control(control)
{
    for (int i = 0; i < std::max(1, threads); ++i)
        m_threads.emplace_back([this, i, job = mirror::currentLogJob()] {
            const mirror::LogJobScope logScope(job); // its messages belong to the job that started the pool
            work(i);
        });
}

FetchPool::~FetchPool()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_work.clear();
    }
    m_workReady.notify_all();
    for (auto &thread : m_threads)
        thread.join();
}

void FetchPool::submit(qint64 sequence, net::StateRow row)
{
    {
        std::lock_guard lock(m_mutex);
        m_work.emplace_back(sequence, std::move(row));
    }
    m_workReady.notify_one();
}

void FetchPool::complete(ItemResult result)
{
    {
        std::lock_guard lock(m_mutex);
        m_results.emplace(result.sequence, std::move(result));
    }
    m_resultReady.notify_all();
}

std::optional<ItemResult> FetchPool::take(qint64 sequence, std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    if (!m_resultReady.wait_for(lock, timeout, [&] { return m_results.count(sequence) > 0; }))
        return std::nullopt;
    auto node = m_results.extract(sequence);
    return std::move(node.mapped());
}

void FetchPool::work(int)
{
    net::RepositoryClient client(m_endpoints, m_http);
    for (;;) {
        std::pair<qint64, net::StateRow> item;
        {
            std::unique_lock lock(m_mutex);
            m_workReady.wait_for(lock, std::chrono::milliseconds(200), [&] { return m_stopping || !m_work.empty(); });
            if (m_stopping)
                return;
            if (m_work.empty())
                continue;
            item = std::move(m_work.front());
            m_work.pop_front();
        }
        ItemResult result;
        if (m_control.checkpoint()) {
            const std::int64_t retriesBefore = client.retries();
            result = fetchOne(client, item.first, item.second);
            m_retries += client.retries() - retriesBefore;
        } else {
            // Cancelled: the committer stops at the first result that is not a success, so say so quickly.
            result.sequence = item.first;
            result.row = std::move(item.second);
            result.outcome = ItemOutcome::Failed;
            result.error = {mirror::ErrorCategory::Cancelled, "cancelled"};
        }
        {
            std::lock_guard lock(m_mutex);
            m_results.emplace(result.sequence, std::move(result));
        }
        m_resultReady.notify_all();
    }
}

ItemResult FetchPool::fetchOne(net::RepositoryClient &client, qint64 sequence, const net::StateRow &row)
{
    ItemResult result;
    result.sequence = sequence;
    result.row = row;
    auto fetched = client.getObservation(row.collection, row.observationID, m_control.cancelFlag());
    if (!fetched) {
        result.outcome = ItemOutcome::Failed;
        result.error = fetched.error();
        // A transfer cut by the cancellation can fail in other words (a connection closed mid-body): it says
        // nothing about the observation, and must not become a skip record or a stale mark.
        if (m_control.cancelled())
            result.error = {mirror::ErrorCategory::Cancelled, "cancelled"};
        return result;
    }
    if (!fetched->has_value()) {
        result.outcome = ItemOutcome::NotFound;
        return result;
    }
    result.bytes = static_cast<qint64>((*fetched)->xml.size());
    auto checked = checkDocument((*fetched)->xml, row.collection, row.observationID, m_sourceName);
    if (!checked) {
        result.outcome = ItemOutcome::Failed;
        result.error = checked.error();
        return result;
    }
    result.outcome = ItemOutcome::Fetched;
    result.document = std::move(*checked);
    return result;
}

} // namespace harvest
