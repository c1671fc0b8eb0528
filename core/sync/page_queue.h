#pragma once

#include "net/listing_parser.h"
#include "sync/job_control.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

namespace harvest {

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

} // namespace harvest
