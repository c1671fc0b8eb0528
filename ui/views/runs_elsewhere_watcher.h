#pragma once

#include "store/run_record_store.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <map>

#include <memory>
#include <vector>

namespace store {
class Store;
} // namespace store

namespace mirror::models {
class JobListModel;
} // namespace mirror::models

namespace mirror::ui {

// Shows in the jobs panel the runs other programs are doing on the same store (caom-sync from a timer, another
// console): every few seconds, off the GUI thread, it reads the run records still marked running whose
// heartbeat is fresh, leaves out the (source, collection) pairs this console is harvesting itself, and hands
// the rest to the model; a run shown before and gone from the list is read once more for its outcome. A run
// must be seen running for a few seconds before it is shown, so a run this console just started is never
// mistaken for someone else's in the second before its first progress report names its collection.
class RunsElsewhereWatcher : public QObject {
    Q_OBJECT

public:
    explicit RunsElsewhereWatcher(models::JobListModel *model, QObject *parent = nullptr);
    ~RunsElsewhereWatcher() override;

    void setStore(std::shared_ptr<store::Store> store);
    void setInterval(int ms) { m_timer.setInterval(ms); }
    // Reads now (unless a read is under way).
    void poll();

    struct Answer;

private:
    void onAnswer(quint64 token, const std::shared_ptr<Answer> &answer);

    models::JobListModel *m_model = nullptr;
    std::shared_ptr<store::Store> m_store;
    QTimer m_timer;
    quint64 m_token = 0;
    bool m_busy = false;
    std::map<qint64, qint64> m_firstSeen; // run key -> when first seen running (monotonic ms), not shown yet
    QElapsedTimer m_clock;
    // Reports to this watcher from the worker, or to no one once it is gone.
    struct Relay;
    std::shared_ptr<Relay> m_relay;
};

} // namespace mirror::ui
