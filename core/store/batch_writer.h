#pragma once

#include "common/result.h"
#include "store/observation_store.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

// The one writer of a process: any thread submits prepared observations; a dedicated thread commits them
// in batches (up to maxBatch per transaction, or whatever has waited maxDelay), on its own connection.
// Readers on other threads keep their own connections and, in SQLite's WAL mode, are never blocked by it.
namespace store {

class BatchWriter {
public:
    struct Options {
        std::size_t maxBatch = 200;
        std::chrono::milliseconds maxDelay{500};
        std::size_t maxQueued = 2000; // submit() waits beyond this: back-pressure instead of unbounded memory
    };

    // A failed batch: every observation of it was rolled back (the store is as before that batch).
    struct Failure {
        mirror::Error error;
        std::vector<QString> observations; // "collection/observationID" of the batch's observations
    };

    BatchWriter(std::shared_ptr<Store> store, Options options);
    explicit BatchWriter(std::shared_ptr<Store> store) : BatchWriter(std::move(store), Options{}) {}
    ~BatchWriter(); // commits what is queued, then stops
    BatchWriter(const BatchWriter &) = delete;
    BatchWriter &operator=(const BatchWriter &) = delete;

    void submit(PreparedObservation observation);

    // Waits until everything submitted before the call is committed or has failed; returns and clears the
    // failures since the previous flush.
    std::vector<Failure> flush();

    // Called on the writer thread after each committed batch with its size (e.g. to advance progress).
    void setCommittedCallback(std::function<void(std::size_t)> callback);

    std::size_t committed() const;

private:
    void run();

    std::shared_ptr<Store> m_store;
    Options m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;     // writer: work arrived or stop
    std::condition_variable m_progress; // submitters and flushers: a batch finished
    std::deque<PreparedObservation> m_queue;
    std::vector<Failure> m_failures;
    std::function<void(std::size_t)> m_onCommitted;
    std::size_t m_submitted = 0;
    std::size_t m_finished = 0; // committed or failed
    std::size_t m_committed = 0;
    bool m_flushRequested = false;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace store
