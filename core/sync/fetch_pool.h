#pragma once

#include "net/repository_client.h"
#include "sync/item_result.h"
#include "sync/job_control.h"

#include <QString>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

// The parallel part of a harvest: N threads, each with its own repository client (so its own kept-alive
// connection), fetch documents and check them; results come back keyed by listing sequence so that one
// committer can take them strictly in order. The queue is bounded by its owner (maxInFlight), not here.
namespace harvest {

class FetchPool {
public:
    FetchPool(const net::ServiceEndpoints &endpoints, const net::HttpOptions &http, int threads, QString sourceName,
              JobControl &control);
    ~FetchPool(); // stops and joins the threads; unfetched work is dropped

    void submit(qint64 sequence, net::StateRow row);
    // Results that need no fetch (unchanged rows) join the same ordered stream.
    void complete(ItemResult result);

    // Waits up to `timeout` for the result of `sequence`; nullopt when it is not ready yet.
    std::optional<ItemResult> take(qint64 sequence, std::chrono::milliseconds timeout);

    // Requests the fetchers tried again, counted before each result is handed over: once every result was
    // taken, all of theirs are in.
    qint64 retries() const { return m_retries.load(); }

private:
    void work(int index);
    ItemResult fetchOne(net::RepositoryClient &client, qint64 sequence, const net::StateRow &row);

    net::ServiceEndpoints m_endpoints;
    net::HttpOptions m_http;
    QString m_sourceName;
    JobControl &m_control;
    mutable std::mutex m_mutex;
    std::condition_variable m_workReady;
    std::condition_variable m_resultReady;
    std::deque<std::pair<qint64, net::StateRow>> m_work;
    std::map<qint64, ItemResult> m_results;
    bool m_stopping = false;
    std::atomic<qint64> m_retries{0};
    std::vector<std::thread> m_threads;
};

} // namespace harvest
