#include "views/bulk_refetch.h"

#include "net/http_client.h"
#include "store/store.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QMutexLocker>
#include <QtConcurrent/QtConcurrentRun>

namespace mirror::ui {

namespace {
constexpr qint64 progressEveryMs = 150; // often enough to look alive, rare enough for thousands of observations
} // namespace

struct BulkRefetch::Relay {
    QMutex mutex;
    BulkRefetch *owner = nullptr;
};

BulkRefetch::BulkRefetch(QObject *parent) : QObject(parent), m_relay(std::make_shared<Relay>())
{
    m_relay->owner = this;
    net::initialiseHttp(); // on the GUI thread, before any fetch runs on a worker
}

BulkRefetch::~BulkRefetch()
{
    if (m_cancel)
        m_cancel->store(true);
    QMutexLocker lock(&m_relay->mutex);
    m_relay->owner = nullptr;
}

bool BulkRefetch::start(std::shared_ptr<store::Store> store, std::vector<harvest::RefetchItem> items)
{
    if (m_busy || !store || items.empty())
        return false;
    m_busy = true;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    (void)QtConcurrent::run([store = std::move(store), items = std::move(items), cancel = m_cancel, relay = m_relay] {
        QElapsedTimer since;
        since.start();
        const auto report = [&](int done, int total, const QString &current) {
            // The first and the last always; between them a few times a second.
            if (done != 0 && done != total && since.elapsed() < progressEveryMs)
                return;
            since.restart();
            QMutexLocker lock(&relay->mutex);
            if (BulkRefetch *owner = relay->owner)
                QMetaObject::invokeMethod(
                    owner, [owner, done, total, current] { owner->onProgress(done, total, current); },
                    Qt::QueuedConnection);
        };
        const harvest::RefetchTally tally = harvest::refetchObservations(store, items, report, cancel.get());
        store->releaseThreadConnection(); // a pool thread: leave no connection behind
        QMutexLocker lock(&relay->mutex);
        if (BulkRefetch *owner = relay->owner)
            QMetaObject::invokeMethod(
                owner, [owner, tally] { owner->onFinished(tally); }, Qt::QueuedConnection);
    });
    return true;
}

void BulkRefetch::cancel()
{
    if (m_busy && m_cancel)
        m_cancel->store(true); // the tally still arrives, saying what was done and what was not started
}

void BulkRefetch::onProgress(int done, int total, const QString &current)
{
    if (m_busy)
        emit progressed(done, total, current);
}

void BulkRefetch::onFinished(const harvest::RefetchTally &tally)
{
    m_busy = false;
    emit finished(tally);
}

} // namespace mirror::ui
