#include "store/batch_writer.h"

namespace store {

BatchWriter::BatchWriter(std::shared_ptr<Store> store, Options options)
    : m_store(std::move(store)),
      m_options(options),
      m_thread([this] { run(); })
{}

BatchWriter::~BatchWriter()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void BatchWriter::submit(PreparedObservation observation)
{
    std::unique_lock lock(m_mutex);
    m_progress.wait(lock, [this] { return m_queue.size() < m_options.maxQueued; });
    m_queue.push_back(std::move(observation));
    ++m_submitted;
    if (m_queue.size() >= m_options.maxBatch)
        m_wake.notify_all();
}

std::vector<BatchWriter::Failure> BatchWriter::flush()
{
    std::unique_lock lock(m_mutex);
    const std::size_t target = m_submitted;
    m_flushRequested = true;
    m_wake.notify_all();
    m_progress.wait(lock, [&] { return m_finished >= target; });
    m_flushRequested = false;
    return std::exchange(m_failures, {});
}

void BatchWriter::setCommittedCallback(std::function<void(std::size_t)> callback)
{
    const std::lock_guard lock(m_mutex);
    m_onCommitted = std::move(callback);
}

std::size_t BatchWriter::committed() const
{
    const std::lock_guard lock(m_mutex);
    return m_committed;
}

void BatchWriter::run()
{
    // The connection belongs to this thread (Qt 6.4 rule); ObservationStore opens it on first use here.
    ObservationStore observations(m_store);
    std::unique_lock lock(m_mutex);
    for (;;) {
        // A batch is due when it is full, when someone waits for it, when we stop, or after maxDelay. With
        // nothing queued only stopping ends the wait early (else a pending flush would make this spin).
        m_wake.wait_for(lock, m_options.maxDelay, [this] {
            return m_stopping || (!m_queue.empty() && (m_flushRequested || m_queue.size() >= m_options.maxBatch));
        });
        if (m_queue.empty()) {
            if (m_stopping)
                return;
            continue;
        }
        std::vector<PreparedObservation> batch;
        const std::size_t take = std::min(m_queue.size(), m_options.maxBatch);
        batch.reserve(take);
        for (std::size_t i = 0; i < take; ++i) {
            batch.push_back(std::move(m_queue.front()));
            m_queue.pop_front();
        }
        auto callback = m_onCommitted;
        lock.unlock();
        m_progress.notify_all(); // room in the queue
        const mirror::Result<void> written = observations.upsertPrepared(batch);
        if (written && callback)
            callback(batch.size());
        lock.lock();
        m_finished += batch.size();
        if (written) {
            m_committed += batch.size();
        } else {
            Failure failure{written.error(), {}};
            for (const PreparedObservation &o : batch)
                failure.observations.push_back(
                    QString::fromStdString(o.item.observation.collection + "/" + o.item.observation.observationID));
            m_failures.push_back(std::move(failure));
        }
        m_progress.notify_all();
    }
}

} // namespace store
