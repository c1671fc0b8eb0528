#include "serve/worker_pool.h"

#include <QSqlQuery>

#include <algorithm>

namespace serve {

WorkerPool::WorkerPool(std::shared_ptr<store::Store> store, int threads, int maxQueuedRequests)
    : m_store(std::move(store)),
      m_maxQueuedRequests(maxQueuedRequests)
{
    for (int i = 0; i < std::max(1, threads); ++i)
        m_threads.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_requests.clear();
        m_continuations.clear();
    }
    m_wake.notify_all();
    for (std::thread &thread : m_threads)
        thread.join();
}

bool WorkerPool::submitRequest(std::function<void()> task)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping || int(m_requests.size()) >= m_maxQueuedRequests)
            return false;
        m_requests.push_back(std::move(task));
    }
    m_wake.notify_one();
    return true;
}

void WorkerPool::submitContinuation(std::function<void()> task)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return;
        m_continuations.push_back(std::move(task));
    }
    m_wake.notify_one();
}

void WorkerPool::run()
{
    if (m_store && m_store->engine() == store::Engine::SQLite) {
        // A small page cache per worker: the operating system's file cache holds the store's pages for all of
        // them anyway, while the store's default (64 MB per connection, for the console's scans) would make
        // the workers' caches the largest part of the server's memory, and a long listing would grow it.
        QSqlQuery pragma(m_store->database());
        pragma.exec(QStringLiteral("PRAGMA cache_size=-8192"));
    }
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_continuations.empty() || !m_requests.empty(); });
            if (m_stopping)
                break;
            auto &queue = m_continuations.empty() ? m_requests : m_continuations;
            task = std::move(queue.front());
            queue.pop_front();
        }
        task();
    }
    if (m_store)
        m_store->releaseThreadConnection();
}

} // namespace serve
