#pragma once

#include "sync/observation_refetch_batch.h"

#include <QObject>

#include <atomic>
#include <memory>
#include <vector>

namespace store {
class Store;
} // namespace store

// Runs harvest::refetchObservations on Qt's thread pool for the Discrepancies view, so the window never waits for
// a partner: progress a few times a second at most (never a signal per observation), cancel, and the tally at the
// end. One run at a time. Once the object is gone a run still under way is told to stop, finishes by itself and
// reports to no one.
namespace mirror::ui {

class BulkRefetch : public QObject {
    Q_OBJECT

public:
    explicit BulkRefetch(QObject *parent = nullptr);
    ~BulkRefetch() override;

    // False (and nothing started) while a run is under way or when there is nothing to do.
    bool start(std::shared_ptr<store::Store> store, std::vector<harvest::RefetchItem> items);
    void cancel();
    bool busy() const { return m_busy; }

signals:
    void progressed(int done, int total, const QString &current);
    void finished(const harvest::RefetchTally &tally);

private:
    struct Relay;
    void onProgress(int done, int total, const QString &current);
    void onFinished(const harvest::RefetchTally &tally);

    std::shared_ptr<Relay> m_relay;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_busy = false;
};

} // namespace mirror::ui
