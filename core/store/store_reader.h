#pragma once

#include "caom2/entities.h"
#include "store/observation_display_state.h"
#include "store/observation_store.h"

#include <QByteArray>
#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <atomic>
#include <functional>
#include <memory>
#include <unordered_set>
#include <vector>

class QThread;

// Reads the store off the GUI thread for the console's models (DB Browser for SQLite's RowLoader pattern).
//
// A StoreReader lives on the thread that creates it (the GUI thread) and owns one worker QThread, started in
// the constructor. The destructor never waits: it hands the worker off to finish by itself (the query in flight,
// if any, runs to its end; queued requests are dropped; no signal is emitted any more), and the thread closes
// its connection, lets go of the store and deletes itself when done. Every request*()
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
    ~StoreReader() override; // returns at once; the worker finishes the query in flight by itself, drops the rest
    StoreReader(const StoreReader &) = delete;
    StoreReader &operator=(const StoreReader &) = delete;

    // Registers the payload types with Qt's meta-type system (the constructor calls it; idempotent).
    static void registerMetaTypes();

    // The store this reader reads, for readers of other kinds over the same store (the discrepancy list).
    std::shared_ptr<Store> store() const;

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

    // Observation counts per (source, collection, shown state; see observation_display_state.h) → countsLoaded.
    void requestCounts(quint64 token);

    // Collections with their observation counts → collectionsLoaded.
    void requestCollections(quint64 token);

    // The row of one observation and the state it is shown with, with the reasons → displayStateLoaded, or failed
    // when it is not in the store.
    void requestDisplayState(quint64 token, const QString &collection, const QString &observationID);

    // The row of an observation in the filtered list → rowLocated (row -1 when it does not match the filter).
    void requestRowOf(quint64 token, const store::ObservationFilter &filter, const QString &observationID);

    // A stamp that changes whenever another connection wrote the store (store_change_stamp.h) → changeStampLoaded.
    void requestChangeStamp(quint64 token);

    // The distinct instrument names present in a collection → instrumentsLoaded.
    void requestInstruments(quint64 token, const QString &collection);

    // Runs `task` on the reader's thread, with the reader's connection → taskDone with what it returned, or
    // failed with its error. For the layers above the store that gather more than one query (the dashboard's
    // status from core/sync): they get the same thread, ordering, tokens and shutdown as every other request.
    // The task must not touch objects of the GUI thread.
    using StoreTask = std::function<mirror::Result<QVariant>(const std::shared_ptr<Store> &)>;
    void requestTask(quint64 token, StoreTask task);

signals:
    void taskDone(quint64 token, const QVariant &result);
    // Rows of a window. Their `state` is the state each is shown with (observationDisplayState), not the row's.
    void windowLoaded(quint64 token, qint64 firstRow, const store::SummaryRows &rows);
    void countLoaded(quint64 token, qint64 count);
    void childrenLoaded(quint64 token, const store::TreeNodes &nodes);
    void observationLoaded(quint64 token, const caom2::Observation &observation, const QByteArray &xml);
    void countsLoaded(quint64 token, const store::CollectionCounts &counts);
    void collectionsLoaded(quint64 token, const QStringList &collections, const QList<qint64> &counts);
    void displayStateLoaded(quint64 token, const store::ObservationSummary &row, const store::DisplayState &state);
    void changeStampLoaded(quint64 token, const QString &stamp);
    void rowLocated(quint64 token, const QString &observationID, qint64 row);
    // Any request that could not be answered (store gone, SQL error, damaged document).
    void failed(quint64 token, const QString &message);

    // Distinct non-empty instrument names of a collection, sorted case-insensitively → instrumentsLoaded.
    void instrumentsLoaded(quint64 token, const QStringList &instruments);

private:
    class Worker;
    struct Shared;
    template <typename Job>
    void post(quint64 token, Job job);

    // Everything the worker thread uses, owned jointly by the reader and the thread's last queued job, so the
    // reader can go while a query runs. Its `owner` is cleared (under its mutex) when the reader goes.
    std::shared_ptr<Shared> m_shared;
    QThread *m_thread = nullptr;  // deletes itself when finished
    QObject *m_context = nullptr; // lives on m_thread; requests run as its queued events; deleted there
    std::atomic<quint64> m_nextToken{1};
};

} // namespace store

Q_DECLARE_METATYPE(store::ObservationFilter)
Q_DECLARE_METATYPE(store::NodeKind)
Q_DECLARE_METATYPE(store::ObservationSummary)
Q_DECLARE_METATYPE(store::TreeNode)
Q_DECLARE_METATYPE(store::CollectionCount)
Q_DECLARE_METATYPE(caom2::Observation)
Q_DECLARE_METATYPE(store::DisplayState)
