#pragma once

#include "models/compare_outcome.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace store {
class Store;
} // namespace store

// Reads the copies of one observation and compares them on Qt's thread pool, so the window never waits for a
// partner. A new request supersedes the one under way (it is told to stop, and its answer is dropped); once the
// loader is gone a request still running finishes by itself and reports to no one.
namespace mirror::ui {

class CompareLoader : public QObject {
    Q_OBJECT

public:
    explicit CompareLoader(QObject *parent = nullptr);
    ~CompareLoader() override;

    void setStore(std::shared_ptr<store::Store> store) { m_store = std::move(store); }
    void start(const models::CompareRequest &request);
    void cancel();
    bool busy() const { return m_busy; }

signals:
    void finished(const std::shared_ptr<const mirror::models::CompareOutcome> &outcome);
    void cancelled();

private:
    struct Relay;
    void onDone(quint64 token, const std::shared_ptr<const models::CompareOutcome> &outcome);

    std::shared_ptr<store::Store> m_store;
    std::shared_ptr<Relay> m_relay;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    quint64 m_token = 0;
    bool m_busy = false;
};

} // namespace mirror::ui
