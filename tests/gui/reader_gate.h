#pragma once

// Holds a StoreReader's thread right after it has answered, until the test lets it go on: whatever the reader was
// asked next (the count a model asks for after its first window) is answered only then. This is how the model
// tests get a count that answers late, on any machine, with nothing timed (header only, like model_test_store.h).
//
// The hold runs in a slot connected directly on the reader's thread. Slots run in the order they were connected,
// so create the gate after the model: the model's copy of the answer is then already queued to it when the
// thread stops. Destroy the gate (it lets the thread go) before the reader.
#include "store/store_reader.h"

#include <QMutex>
#include <QMutexLocker>
#include <QSemaphore>

#include <atomic>
#include <functional>
#include <memory>

namespace modeltest {

class ReaderGate {
public:
    using WindowMatch = std::function<bool(qint64 firstRow, const store::SummaryRows &rows)>;

    explicit ReaderGate(store::StoreReader &reader) : m_state(std::make_shared<State>())
    {
        // The slots hold the state, not the gate: the gate may go while the thread is still leaving a slot.
        std::shared_ptr<State> state = m_state;
        m_connections[0] = QObject::connect(
            &reader, &store::StoreReader::windowLoaded, &reader,
            [state](quint64, qint64 firstRow, const store::SummaryRows &rows) {
                bool match = false;
                {
                    const QMutexLocker lock(&state->mutex);
                    match = state->window && state->window(firstRow, rows);
                    if (match)
                        state->window = nullptr; // once
                }
                if (match)
                    state->hold();
            },
            Qt::DirectConnection);
        m_connections[1] = QObject::connect(
            &reader, &store::StoreReader::countLoaded, &reader,
            [state](quint64, qint64) {
                if (state->count.exchange(false))
                    state->hold();
            },
            Qt::DirectConnection);
    }
    ~ReaderGate()
    {
        for (auto &connection : m_connections)
            QObject::disconnect(connection);
        m_state->leave.release(); // lets a held thread go; harmless otherwise (the semaphore is never used again)
    }
    ReaderGate(const ReaderGate &) = delete;
    ReaderGate &operator=(const ReaderGate &) = delete;

    // Holds the thread after the next window answer that `match` accepts (any window when none is given).
    void holdAfterWindow(WindowMatch match = {})
    {
        const QMutexLocker lock(&m_state->mutex);
        m_state->window = match ? std::move(match) : [](qint64, const store::SummaryRows &) { return true; };
    }
    // Holds the thread after its next count answer.
    void holdAfterCount() { m_state->count = true; }
    // Waits (without processing this thread's events) until the thread is held; false after `ms`.
    bool waitUntilHeld(int ms = 10000) { return m_state->held.tryAcquire(1, ms); }
    // Lets a held thread go on.
    void release() { m_state->leave.release(); }

private:
    struct State {
        QMutex mutex; // guards window
        WindowMatch window;
        std::atomic<bool> count{false};
        QSemaphore held;
        QSemaphore leave;
        void hold()
        {
            held.release();
            leave.acquire();
        }
    };
    std::shared_ptr<State> m_state;
    QMetaObject::Connection m_connections[2];
};

} // namespace modeltest
