#pragma once

#include "store/store.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

// The threads that answer requests: a fixed number, each with its own store connection (opened on its first
// query, closed when the pool stops), taking tasks in the order they came. New requests wait in a bounded
// queue so a flood of them cannot grow memory without limit; continuations of answers already started (the
// next page of a listing, the next piece of a file) are always taken, so an answer once begun is finished.
namespace serve {

class WorkerPool {
public:
    WorkerPool(std::shared_ptr<store::Store> store, int threads, int maxQueuedRequests);
    ~WorkerPool(); // waits for the running tasks; queued ones are dropped
    WorkerPool(const WorkerPool &) = delete;
    WorkerPool &operator=(const WorkerPool &) = delete;

    // A new request's task; false (not queued) when the queue is full.
    bool submitRequest(std::function<void()> task);
    // A continuation of an answer under way: always queued, ahead of new requests.
    void submitContinuation(std::function<void()> task);

    int threadCount() const { return int(m_threads.size()); }

private:
    void run();

    std::shared_ptr<store::Store> m_store;
    int m_maxQueuedRequests;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_continuations;
    std::deque<std::function<void()>> m_requests;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace serve
