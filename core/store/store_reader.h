#pragma once

#include "caom2/entities.h"
#include "store/observation_store.h"

#include <QByteArray>
#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <unordered_set>
#include <vector>

class QThread;

// Reads the store off the GUI thread for the console's models (DB Browser for SQLite's RowLoader pattern).
//
// A StoreReader lives on the thread that creates it (the GUI thread) and owns one worker QThread, started in
// the constructor and stopped (after the request being answered, if any) in the destructor. Every request*()
// call returns at once: the request is queued to the worker, which opens its own connection (Store::database())
// and answers with one of the signals below. They are emitted from the worker thread, so receivers on the GUI
// thread get them queued (connect with a context object, as always). Requests are answered in the order made.
//
// Tokens: every request carries a token from newToken() (unique per reader, never 0). A model remembers the
// tokens it is waiting for and ignores any answer whose token it no longer wants, so an answer that arrives
// after the filter changed is dropped (a stale answer). cancel() lets the worker skip a queued request that
// nobody wants any more; a skipped request produces no signal at all.
//
// No SQL leaves core/store: answers are the value types of observation_store.h.
namespace store {

using SummaryRows = std::vector<ObservationSummary>;
using TreeNodes = std::vector<TreeNode>;
using CollectionCounts = std::vector<CollectionCount>;

class StoreReader : public QObject {
    Q_OBJECT

public:
    explicit StoreReader(std::shared_ptr<Store> store, QObject *parent = nullptr);
    ~StoreReader() override; // waits for the request being answered (one query), drops the rest
    StoreReader(const StoreReader &) = delete;
    StoreReader &operator=(const StoreReader &) = delete;

    // Registers the payload types with Qt's meta-type system (the constructor calls it; idempotent).
    static void registerMetaTypes();

    // A fresh token: unique among this reader's requests, increasing, never 0. Thread-safe.
    quint64 newToken();

    // The worker skips these requests if it has not started them yet. Thread-safe.
    void cancel(quint64 token);

    // Rows [firstRow, firstRow + limit) of the filtered collection in observationID order → windowLoaded.
    // Keyset paging (observation_id > X) is used when the observationID of row firstRow - 1 is known: given as
    // `afterObservationID` by the caller, or remembered by the reader from earlier windows of the same filter.
    // Otherwise the window is read with OFFSET (slower deep into a huge collection). Remembered keys are
    // forgotten at every requestCount, which models make whenever they (re)start a list.
    void requestWindow(quint64 token, const store::ObservationFilter &filter, qint64 firstRow, int limit,
                       const QString &afterObservationID = {});

    // Number of observations matching the filter → countLoaded. A filter naming only the collection is answered
    // from the counters kept with every write (no row is counted).
    void requestCount(quint64 token, const store::ObservationFilter &filter);

    // Children of one node (planes of an observation, artifacts of a plane, ...) → childrenLoaded.
    // `key` is the node's TreeNode::key (for an observation: ObservationSummary::key), `obsKey` its observation's.
    void requestChildren(quint64 token, store::NodeKind kind, qint64 key, qint64 obsKey);

    // One observation read back from its stored document → observationLoaded (model + the XML as stored), or
    // failed when it is missing or damaged.
    void requestObservation(quint64 token, const QString &collection, const QString &observationID);

    // Observation counts per (source, collection, state) → countsLoaded.
    void requestCounts(quint64 token);

    // Collections with their observation counts → collectionsLoaded.
    void requestCollections(quint64 token);

signals:
    void windowLoaded(quint64 token, qint64 firstRow, const store::SummaryRows &rows);
    void countLoaded(quint64 token, qint64 count);
    void childrenLoaded(quint64 token, const store::TreeNodes &nodes);
    void observationLoaded(quint64 token, const caom2::Observation &observation, const QByteArray &xml);
    void countsLoaded(quint64 token, const store::CollectionCounts &counts);
    void collectionsLoaded(quint64 token, const QStringList &collections, const QList<qint64> &counts);
    // Any request that could not be answered (store gone, SQL error, damaged document).
    void failed(quint64 token, const QString &message);

private:
    class Worker;
    template <typename Job>
    void post(quint64 token, Job job);
    bool takeCancelled(quint64 token);

    std::shared_ptr<Store> m_store;
    QThread *m_thread = nullptr;
    QObject *m_context = nullptr;     // lives on m_thread; requests run as its queued events
    std::unique_ptr<Worker> m_worker; // touched only on m_thread
    std::atomic<quint64> m_nextToken{1};
    std::atomic<bool> m_stopping{false};
    QMutex m_cancelMutex;
    std::unordered_set<quint64> m_cancelled;
};

} // namespace store

Q_DECLARE_METATYPE(store::ObservationFilter)
Q_DECLARE_METATYPE(store::NodeKind)
Q_DECLARE_METATYPE(store::ObservationSummary)
Q_DECLARE_METATYPE(store::TreeNode)
Q_DECLARE_METATYPE(store::CollectionCount)
Q_DECLARE_METATYPE(caom2::Observation)
