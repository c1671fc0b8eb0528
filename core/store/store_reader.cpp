#include "store/store_reader.h"

#include "caom2/xml_reader.h"

#include <QMutexLocker>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>

#include <map>

namespace store {

namespace {

QString errorText(const mirror::Error &error)
{
    return QString::fromStdString(error.describe());
}

bool sameFilter(const ObservationFilter &a, const ObservationFilter &b)
{
    return a.collection == b.collection && a.idPrefix == b.idPrefix && a.idContains == b.idContains
        && a.instrument == b.instrument && a.state == b.state && a.modifiedFrom == b.modifiedFrom
        && a.modifiedTo == b.modifiedTo && a.onlyDifferences == b.onlyDifferences;
}

bool onlyCollection(const ObservationFilter &filter)
{
    ObservationFilter plain;
    plain.collection = filter.collection;
    return sameFilter(filter, plain);
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
        if (!boundariesValid || !sameFilter(filter, boundaryFilter))
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

StoreReader::StoreReader(std::shared_ptr<Store> store, QObject *parent)
    : QObject(parent),
      m_store(std::move(store)),
      m_thread(new QThread),
      m_context(new QObject),
      m_worker(std::make_unique<Worker>(m_store))
{
    registerMetaTypes();
    m_thread->setObjectName(QStringLiteral("StoreReader"));
    m_context->moveToThread(m_thread);
    m_thread->start();
}

StoreReader::~StoreReader()
{
    m_stopping.store(true);
    // Close the worker's connection on its own thread (Qt 6.4: only the owning thread may), releasing the
    // SQLite handle and its page cache now rather than when the Store goes.
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            if (m_worker->connected)
                m_store->database().close();
        },
        Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_context; // drops the requests still queued
    delete m_thread;
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
}

quint64 StoreReader::newToken()
{
    return m_nextToken.fetch_add(1);
}

void StoreReader::cancel(quint64 token)
{
    QMutexLocker lock(&m_cancelMutex);
    m_cancelled.insert(token);
}

bool StoreReader::takeCancelled(quint64 token)
{
    QMutexLocker lock(&m_cancelMutex);
    return m_cancelled.erase(token) > 0;
}

// Queues `job` (a callable taking the Worker) to run on the reader's thread, unless cancelled or stopping by
// the time it comes up.
template <typename Job>
void StoreReader::post(quint64 token, Job job)
{
    QMetaObject::invokeMethod(
        m_context,
        [this, token, job = std::move(job)]() {
            if (m_stopping.load() || takeCancelled(token))
                return;
            m_worker->connect(m_store);
            job(*m_worker);
        },
        Qt::QueuedConnection);
}

void StoreReader::requestWindow(quint64 token, const ObservationFilter &filter, qint64 firstRow, int limit,
                                const QString &afterObservationID)
{
    post(token, [this, token, filter, firstRow, limit, afterObservationID](Worker &worker) {
        QString after = afterObservationID;
        if (after.isEmpty() && firstRow > 0)
            after = worker.keyBefore(filter, firstRow);
        auto rows = after.isEmpty() || firstRow == 0 ? worker.observations.window(filter, limit, {}, firstRow)
                                                     : worker.observations.window(filter, limit, after);
        if (!rows) {
            emit failed(token, errorText(rows.error()));
            return;
        }
        worker.remember(filter, firstRow, rows.value());
        emit windowLoaded(token, firstRow, rows.value());
    });
}

void StoreReader::requestCount(quint64 token, const ObservationFilter &filter)
{
    post(token, [this, token, filter](Worker &worker) {
        // A count starts a fresh look at the list (a new filter, or a refresh after the store changed): keys
        // remembered from before may no longer sit at the same rows.
        worker.forget();
        if (onlyCollection(filter)) {
            auto collections = worker.observations.collections();
            if (!collections) {
                emit failed(token, errorText(collections.error()));
                return;
            }
            qint64 count = 0;
            for (const auto &[name, n] : collections.value())
                if (name == filter.collection)
                    count = n;
            emit countLoaded(token, count);
            return;
        }
        auto count = worker.observations.count(filter);
        if (!count) {
            emit failed(token, errorText(count.error()));
            return;
        }
        emit countLoaded(token, count.value());
    });
}

void StoreReader::requestChildren(quint64 token, NodeKind kind, qint64 key, qint64 obsKey)
{
    post(token, [this, token, kind, key, obsKey](Worker &worker) {
        auto nodes = worker.observations.children(kind, key, obsKey);
        if (!nodes) {
            emit failed(token, errorText(nodes.error()));
            return;
        }
        emit childrenLoaded(token, nodes.value());
    });
}

void StoreReader::requestObservation(quint64 token, const QString &collection, const QString &observationID)
{
    post(token, [this, token, collection, observationID](Worker &worker) {
        auto xml = worker.observations.document(collection, observationID);
        if (!xml) {
            emit failed(token, errorText(xml.error()));
            return;
        }
        if (!xml.value()) {
            emit failed(token, tr("%1/%2 is not in the store").arg(collection, observationID));
            return;
        }
        const QByteArray &bytes = *xml.value();
        caom2::ReadResult read =
            caom2::readObservation(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())),
                                   QString(collection + QLatin1Char('/') + observationID).toStdString());
        if (!read.ok) {
            emit failed(token,
                        tr("the stored document of %1/%2 is damaged: %3")
                            .arg(collection, observationID, QString::fromStdString(read.error.toString())));
            return;
        }
        emit observationLoaded(token, read.document.observation, bytes);
    });
}

void StoreReader::requestCounts(quint64 token)
{
    post(token, [this, token](Worker &worker) {
        auto counts = worker.observations.counts();
        if (!counts) {
            emit failed(token, errorText(counts.error()));
            return;
        }
        emit countsLoaded(token, counts.value());
    });
}

void StoreReader::requestCollections(quint64 token)
{
    post(token, [this, token](Worker &worker) {
        auto collections = worker.observations.collections();
        if (!collections) {
            emit failed(token, errorText(collections.error()));
            return;
        }
        QStringList names;
        QList<qint64> counts;
        for (const auto &[name, n] : collections.value()) {
            names << name;
            counts << n;
        }
        emit collectionsLoaded(token, names, counts);
    });
}

} // namespace store
