#include "store/discrepancy_reader.h"

#include <QMutex>
#include <QMutexLocker>
#include <QThreadPool>

namespace store {

struct DiscrepancyReader::Shared {
    explicit Shared(std::shared_ptr<Store> s) : store(std::move(s)) {}

    // Emits through the reader if it still exists (the lock keeps it alive meanwhile).
    template <typename Emit>
    void answer(Emit emitter)
    {
        QMutexLocker lock(&mutex);
        if (owner)
            emitter(*owner);
    }

    std::shared_ptr<Store> store;
    QMutex mutex;
    DiscrepancyReader *owner = nullptr;
};

namespace {

QString errorText(const mirror::Error &error)
{
    return QString::fromStdString(error.message);
}

} // namespace

DiscrepancyReader::DiscrepancyReader(std::shared_ptr<Store> store, QObject *parent)
    : QObject(parent),
      m_shared(std::make_shared<Shared>(std::move(store)))
{
    qRegisterMetaType<DiscrepancyRows>("store::DiscrepancyRows");
    qRegisterMetaType<ClassCounts>("store::ClassCounts");
    m_shared->owner = this;
}

DiscrepancyReader::~DiscrepancyReader()
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->owner = nullptr;
}

template <typename Job>
void DiscrepancyReader::post(Job job)
{
    QThreadPool::globalInstance()->start([shared = m_shared, job = std::move(job)]() {
        {
            QMutexLocker lock(&shared->mutex);
            if (!shared->owner)
                return; // nobody will read the answer
        }
        job(*shared);
        // Pool threads are reused by anything: leave no connection behind on them.
        shared->store->releaseThreadConnection();
    });
}

void DiscrepancyReader::requestWindow(quint64 token, const DiscrepancyFilter &filter, DiscrepancySort sort,
                                      bool descending, qint64 offset, int limit)
{
    post([token, filter, sort, descending, offset, limit](Shared &shared) {
        auto rows = DiscrepancyQuery(shared.store).window(filter, sort, descending, limit, offset);
        shared.answer([&](DiscrepancyReader &reader) {
            if (rows)
                emit reader.windowLoaded(token, offset, *rows);
            else
                emit reader.failed(token, errorText(rows.error()));
        });
    });
}

void DiscrepancyReader::requestCount(quint64 token, const DiscrepancyFilter &filter)
{
    post([token, filter](Shared &shared) {
        auto count = DiscrepancyQuery(shared.store).count(filter);
        shared.answer([&](DiscrepancyReader &reader) {
            if (count)
                emit reader.countLoaded(token, *count);
            else
                emit reader.failed(token, errorText(count.error()));
        });
    });
}

void DiscrepancyReader::requestClassCounts(quint64 token, const DiscrepancyFilter &filter)
{
    post([token, filter](Shared &shared) {
        auto counts = DiscrepancyQuery(shared.store).countsByClass(filter);
        shared.answer([&](DiscrepancyReader &reader) {
            if (counts)
                emit reader.classCountsLoaded(token, *counts);
            else
                emit reader.failed(token, errorText(counts.error()));
        });
    });
}

void DiscrepancyReader::requestAcknowledge(quint64 token, const std::vector<qint64> &keys, const QString &note)
{
    post([token, keys, note](Shared &shared) {
        auto changed = DiscrepancyQuery(shared.store).acknowledge(keys, note);
        shared.answer([&](DiscrepancyReader &reader) {
            if (changed)
                emit reader.acknowledged(token, *changed);
            else
                emit reader.failed(token, errorText(changed.error()));
        });
    });
}

} // namespace store
