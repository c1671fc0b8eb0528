#include "store/store_reader.h"

#include "caom2/xml_reader.h"
#include "store/observation_display_state.h"
#include "store/store_change_stamp.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QList>
#include <QMutexLocker>
#include <QPointer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>

#include <map>
#include <mutex>

namespace store {

namespace {

QString errorText(const mirror::Error &error)
{
    return QString::fromStdString(error.describe());
}

bool sameFilter(const ObservationFilter &a, const ObservationFilter &b)
{
    return a == b;
}

// Keys remembered at window boundaries page by observationID; other orders are read by offset.
bool pagesByKey(const ObservationFilter &filter)
{
    return filter.order.key == ObservationSortKey::ObservationId;
}

// A filter that names only the collection and perhaps the partner: the counters kept with every write hold its
// count (per source, collection and state), so no row is counted. The browser always names the partner.
bool answeredByCounters(const ObservationFilter &filter)
{
    ObservationFilter plain;
    plain.collection = filter.collection;
    plain.source = filter.source;
    plain.order = filter.order; // the order changes no count
    return sameFilter(filter, plain);
}

mirror::Result<qint64> countFromCounters(const ObservationStore &observations, const ObservationFilter &filter)
{
    auto counts = observations.counts();
    if (!counts)
        return counts.error();
    qint64 total = 0;
    for (const CollectionCount &row : counts.value())
        if (row.collection == filter.collection && (!filter.source || row.source == *filter.source))
            total += row.count;
    return total;
}

} // namespace

// The worker's state, used only on the reader's thread: the store facade and the window boundaries seen for
// the last filter (row index of a window's first row → observationID of the row before it), which let a later
// window use keyset paging even when its caller no longer holds the previous window.
class StoreReader::Worker {
public:
    explicit Worker(std::shared_ptr<Store> store) : observations(std::move(store)) {}

    QString keyBefore(const ObservationFilter &filter, qint64 firstRow)
    {
        if (!pagesByKey(filter) || !boundariesValid || !sameFilter(filter, boundaryFilter))
            return {};
        auto it = boundaries.find(firstRow);
        return it == boundaries.end() ? QString() : it->second;
    }

    void forget()
    {
        boundaries.clear();
        boundariesValid = false;
    }

    void remember(const ObservationFilter &filter, qint64 firstRow, const SummaryRows &rows)
    {
        if (!pagesByKey(filter))
            return;
        if (!boundariesValid || !sameFilter(filter, boundaryFilter)) {
            boundaries.clear();
            boundaryFilter = filter;
            boundariesValid = true;
        }
        if (rows.empty())
            return;
        if (boundaries.size() >= maxBoundaries)
            boundaries.erase(boundaries.begin()); // forget the smallest; any entry is only an optimisation
        boundaries[firstRow + static_cast<qint64>(rows.size())] = rows.back().observationID;
    }

    // Opens the thread's connection on first use. A reader pages through rows once rather than revisiting
    // them, so its SQLite page cache is kept small (the process's other connections keep the store's default):
    // memory stays bounded however far a person scrolls, and the operating system caches the file anyway.
    void connect(const std::shared_ptr<Store> &store)
    {
        if (connected)
            return;
        connected = true;
        QSqlDatabase db = store->database();
        if (db.isOpen() && store->engine() == Engine::SQLite)
            QSqlQuery(db).exec(QStringLiteral("PRAGMA cache_size=-%1").arg(readerCacheKiB));
    }

    ObservationStore observations;
    bool connected = false;
    static constexpr int readerCacheKiB = 8192;
    ObservationFilter boundaryFilter;
    bool boundariesValid = false;
    std::map<qint64, QString> boundaries;
    static constexpr std::size_t maxBoundaries = 20000; // ~1 MB, a million rows in windows of 50+
};

// What the reader and its thread share. The thread's jobs hold it by shared_ptr, so it outlives the reader
// while a query runs; `owner` (guarded by `ownerMutex`) is the reader to emit through, nullptr once it is gone.
struct StoreReader::Shared {
    explicit Shared(std::shared_ptr<Store> s) : store(std::move(s)), worker(store) {}

    // Emits through the reader if it still exists. Emitting only posts queued events to the receivers, so the
    // reader's destructor never waits on more than that.
    template <typename Emit>
    void answer(Emit emitter)
    {
        QMutexLocker lock(&ownerMutex);
        if (owner)
            emitter(*owner);
    }

    bool takeCancelled(quint64 token)
    {
        QMutexLocker lock(&mutex);
        return cancelled.erase(token) > 0;
    }

    std::shared_ptr<Store> store;
    Worker worker; // touched only on the reader's thread
    std::atomic<bool> stopping{false};
    QMutex ownerMutex; // guards owner
    StoreReader *owner = nullptr;
    QMutex mutex; // guards cancelled
    std::unordered_set<quint64> cancelled;
};

namespace {

// Reader threads whose reader is gone but which are still finishing their last query. A process that exits
// waits for them (a few seconds at most, from QCoreApplication's destructor): a thread still closing its
// connection while Qt Sql's own state is torn down crashes the exit. This is the one wait on the GUI thread,
// and only once nothing is shown any more.
struct FinishingReaders {
    QMutex mutex;
    QList<QPointer<QThread>> threads;
};

FinishingReaders &finishingReaders()
{
    static FinishingReaders readers;
    return readers;
}

void waitForFinishingReaders()
{
    QList<QPointer<QThread>> threads;
    {
        QMutexLocker lock(&finishingReaders().mutex);
        threads.swap(finishingReaders().threads);
    }
    for (const QPointer<QThread> &thread : threads)
        if (thread)
            thread->wait(QDeadlineTimer(3000));
}

void rememberFinishing(QThread *thread)
{
    static std::once_flag registered;
    std::call_once(registered, [] { qAddPostRoutine(waitForFinishingReaders); });
    QMutexLocker lock(&finishingReaders().mutex);
    finishingReaders().threads.removeAll(nullptr);
    finishingReaders().threads.append(thread);
}

} // namespace

StoreReader::StoreReader(std::shared_ptr<Store> store, QObject *parent)
    : QObject(parent),
      m_shared(std::make_shared<Shared>(std::move(store))),
      m_thread(new QThread),
      m_context(new QObject)
{
    registerMetaTypes();
    m_shared->owner = this;
    m_thread->setObjectName(QStringLiteral("StoreReader"));
    m_context->moveToThread(m_thread);
    // The context is deleted on its own thread as the thread ends, the thread object on this one afterwards.
    QObject *context = m_context;
    connect(
        m_thread, &QThread::finished, m_thread, [context] { delete context; }, Qt::DirectConnection);
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    m_thread->start();
}

StoreReader::~StoreReader()
{
    // Never waits for the worker (a query may run for long, a PostgreSQL connect up to its time-out): from now
    // on nothing is emitted, queued requests are skipped, and the thread finishes by itself.
    {
        QMutexLocker lock(&m_shared->ownerMutex);
        m_shared->owner = nullptr;
    }
    m_shared->stopping.store(true);
    rememberFinishing(m_thread);
    // The last job: close the worker's connection on its own thread (Qt 6.4: only the owning thread may),
    // releasing the SQLite handle and its page cache, let go of the store, and end the thread.
    QMetaObject::invokeMethod(
        m_context,
        [shared = std::move(m_shared), thread = m_thread]() mutable {
            if (shared->worker.connected)
                shared->store->releaseThreadConnection();
            shared.reset();
            thread->quit();
        },
        Qt::QueuedConnection);
}

void StoreReader::registerMetaTypes()
{
    qRegisterMetaType<ObservationFilter>();
    qRegisterMetaType<NodeKind>();
    qRegisterMetaType<ObservationSummary>();
    qRegisterMetaType<TreeNode>();
    qRegisterMetaType<CollectionCount>();
    qRegisterMetaType<SummaryRows>("store::SummaryRows");
    qRegisterMetaType<TreeNodes>("store::TreeNodes");
    qRegisterMetaType<CollectionCounts>("store::CollectionCounts");
    qRegisterMetaType<caom2::Observation>();
    qRegisterMetaType<DisplayState>();
}

std::shared_ptr<Store> StoreReader::store() const
{
    return m_shared->store;
}

quint64 StoreReader::newToken()
{
    return m_nextToken.fetch_add(1);
}

void StoreReader::cancel(quint64 token)
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->cancelled.insert(token);
}

// Queues `job` (a callable taking the Shared state) to run on the reader's thread, unless cancelled or stopping
// by the time it comes up. Jobs answer through Shared::answer, never through `this`: the reader may be gone.
template <typename Job>
void StoreReader::post(quint64 token, Job job)
{
    QMetaObject::invokeMethod(
        m_context,
        [shared = m_shared, token, job = std::move(job)]() {
            if (shared->stopping.load() || shared->takeCancelled(token))
                return;
            shared->worker.connect(shared->store);
            job(*shared);
        },
        Qt::QueuedConnection);
}

void StoreReader::requestWindow(quint64 token, const ObservationFilter &filter, qint64 firstRow, int limit,
                                const QString &afterObservationID)
{
    post(token, [token, filter, firstRow, limit, afterObservationID](Shared &shared) {
        Worker &worker = shared.worker;
        QString after = pagesByKey(filter) ? afterObservationID : QString();
        if (after.isEmpty() && firstRow > 0)
            after = worker.keyBefore(filter, firstRow);
        auto rows = after.isEmpty() || firstRow == 0 ? worker.observations.window(filter, limit, {}, firstRow)
                                                     : worker.observations.window(filter, limit, after);
        if (!rows) {
            shared.answer([&](StoreReader &reader) { emit reader.failed(token, errorText(rows.error())); });
            return;
        }
        worker.remember(filter, firstRow, rows.value());
        // Rows carry the state they are shown with (observation_display_state.h), not the row's own.
        auto shown = ObservationDisplayStore(shared.store).states(rows.value());
        if (!shown) {
            shared.answer([&](StoreReader &reader) { emit reader.failed(token, errorText(shown.error())); });
            return;
        }
        for (std::size_t i = 0; i < rows->size(); ++i)
            (*rows)[i].state = shown.value()[i].state;
        shared.answer([&](StoreReader &reader) { emit reader.windowLoaded(token, firstRow, rows.value()); });
    });
}

void StoreReader::requestCount(quint64 token, const ObservationFilter &filter)
{
    post(token, [token, filter](Shared &shared) {
        Worker &worker = shared.worker;
        // A count starts a fresh look at the list (a new filter, or a refresh after the store changed): keys
        // remembered from before may no longer sit at the same rows.
        worker.forget();
        auto count = answeredByCounters(filter) ? countFromCounters(worker.observations, filter)
                                                : worker.observations.count(filter);
        if (!count) {
            shared.answer([&](StoreReader &reader) { emit reader.failed(token, errorText(count.error())); });
            return;
        }
        shared.answer([&](StoreReader &reader) { emit reader.countLoaded(token, count.value()); });
    });
}

void StoreReader::requestChildren(quint64 token, NodeKind kind, qint64 key, qint64 obsKey)
{
    post(token, [token, kind, key, obsKey](Shared &shared) {
        Worker &worker = shared.worker;
        auto nodes = worker.observations.children(kind, key, obsKey);
        if (!nodes) {
            shared.answer([&](StoreReader &reader) { emit reader.failed(token, errorText(nodes.error())); });
            return;
        }
        shared.answer([&](StoreReader &reader) { emit reader.childrenLoaded(token, nodes.value()); });
    });
}

void StoreReader::requestObservation(quint64 token, const QString &collection, const QString &observationID)
{
    post(token, [token, collection, observationID](Shared &shared) {
        Worker &worker = shared.worker;
        auto xml = worker.observations.document(collection, observationID);
        if (!xml) {
            shared.answer([&](StoreReader &reader) { emit reader.failed(token, errorText(xml.error())); });
            return;
        }
        if (!xml.value()) {
            shared.answer([&](StoreReader &reader) {
                emit reader.failed(token, StoreReader::tr("%1/%2 is not in the store").arg(collection, observationID));
            });
            return;
        }
        const QByteArray &bytes = *xml.value();
        caom2::ReadResult read =
            caom2::readObservation(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())),
                                   QString(collection + QLatin1Char('/') + observationID).toStdString());
        if (!read.ok) {
            shared.answer([&](StoreReader &reader) {
                emit reader.failed(token,
                                   StoreReader::tr("the stored document of %1/%2 is damaged: %3")
                                       .arg(collection, observationID, QString::fromStdString(read.error.toString())));
            });
            return;
        }
        shared.answer(
            [&](StoreReader &reader) { emit reader.observationLoaded(token, read.document.observation, bytes); });
    });
}

void StoreReader::requestCounts(quint64 token)
{
    post(token, [token](Shared &shared) {
        // Counted by the state each observation is shown with (observation_display_state.h).
        auto counts = ObservationDisplayStore(shared.store).counts();
        if (!counts) {
            shared.answer([&](StoreReader &reader) { emit reader.failed(token, errorText(counts.error())); });
            return;
        }
        shared.answer([&](StoreReader &reader) { emit reader.countsLoaded(token, counts.value()); });
    });
}

void StoreReader::requestTask(quint64 token, StoreTask task)
{
    post(token, [token, task = std::move(task)](Shared &shared) {
        auto result = task(shared.store);
        if (!result) {
            shared.answer([&](StoreReader &reader) { emit reader.failed(token, errorText(result.error())); });
            return;
        }
        shared.answer([&](StoreReader &reader) { emit reader.taskDone(token, result.value()); });
    });
}

void StoreReader::requestCollections(quint64 token)
{
    post(token, [token](Shared &shared) {
        Worker &worker = shared.worker;
        auto collections = worker.observations.collections();
        if (!collections) {
            shared.answer([&](StoreReader &reader) { emit reader.failed(token, errorText(collections.error())); });
            return;
        }
        QStringList names;
        QList<qint64> counts;
        for (const auto &[name, n] : collections.value()) {
            names << name;
            counts << n;
        }
        shared.answer([&](StoreReader &reader) { emit reader.collectionsLoaded(token, names, counts); });
    });
}

void StoreReader::requestInstruments(quint64 token, const QString &collection)
{
    post(token, [token, collection](Shared &shared) {
        auto names = shared.worker.observations.instruments(collection);
        if (!names) {
            shared.answer([&](StoreReader &reader) { emit reader.failed(token, errorText(names.error())); });
            return;
        }
        shared.answer([&](StoreReader &reader) { emit reader.instrumentsLoaded(token, names.value()); });
    });
}

void StoreReader::requestDisplayState(quint64 token, const QString &collection, const QString &observationID)
{
    post(token, [token, collection, observationID](Shared &shared) {
        auto shown = ObservationDisplayStore(shared.store).state(collection, observationID);
        if (!shown) {
            shared.answer([&](StoreReader &reader) { emit reader.failed(token, errorText(shown.error())); });
            return;
        }
        if (!shown.value()) {
            shared.answer([&](StoreReader &reader) {
                emit reader.failed(token, StoreReader::tr("%1/%2 is not in the store").arg(collection, observationID));
            });
            return;
        }
        shared.answer([&](StoreReader &reader) {
            emit reader.displayStateLoaded(token, shown.value()->first, shown.value()->second);
        });
    });
}

void StoreReader::requestRowOf(quint64 token, const ObservationFilter &filter, const QString &observationID)
{
    post(token, [token, filter, observationID](Shared &shared) {
        auto row = shared.worker.observations.rowOf(filter, observationID);
        if (!row) {
            shared.answer([&](StoreReader &reader) { emit reader.failed(token, errorText(row.error())); });
            return;
        }
        const qint64 found = row.value().value_or(-1);
        shared.answer([&](StoreReader &reader) { emit reader.rowLocated(token, observationID, found); });
    });
}

void StoreReader::requestChangeStamp(quint64 token)
{
    post(token, [token](Shared &shared) {
        auto stamp = storeChangeStamp(*shared.store);
        if (!stamp) {
            shared.answer([&](StoreReader &reader) { emit reader.failed(token, errorText(stamp.error())); });
            return;
        }
        shared.answer([&](StoreReader &reader) { emit reader.changeStampLoaded(token, stamp.value()); });
    });
}

} // namespace store
