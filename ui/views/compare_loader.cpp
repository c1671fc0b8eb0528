#include "views/compare_loader.h"

#include "net/http_client.h"

#include <QMutex>
#include <QMutexLocker>
#include <QtConcurrent/QtConcurrentRun>

namespace mirror::ui {

struct CompareLoader::Relay {
    QMutex mutex;
    CompareLoader *owner = nullptr;
};

CompareLoader::CompareLoader(QObject *parent) : QObject(parent), m_relay(std::make_shared<Relay>())
{
    m_relay->owner = this;
    net::initialiseHttp(); // on the GUI thread, before any fetch runs on a worker
}

CompareLoader::~CompareLoader()
{
    if (m_cancel)
        m_cancel->store(true);
    QMutexLocker lock(&m_relay->mutex);
    m_relay->owner = nullptr;
}

void CompareLoader::start(const models::CompareRequest &request)
{
    if (m_cancel)
        m_cancel->store(true); // the previous request stops where it is
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_busy = true;
    const quint64 token = ++m_token;
    (void)QtConcurrent::run([request, store = m_store, cancel = m_cancel, relay = m_relay, token] {
        std::shared_ptr<const models::CompareOutcome> outcome = models::loadComparison(request, store, cancel.get());
        QMutexLocker lock(&relay->mutex);
        if (CompareLoader *owner = relay->owner)
            QMetaObject::invokeMethod(
                owner, [owner, token, outcome] { owner->onDone(token, outcome); }, Qt::QueuedConnection);
    });
}

void CompareLoader::cancel()
{
    if (!m_busy)
        return;
    if (m_cancel)
        m_cancel->store(true);
    ++m_token; // whatever it answers is dropped
    m_busy = false;
    emit cancelled();
}

void CompareLoader::onDone(quint64 token, const std::shared_ptr<const models::CompareOutcome> &outcome)
{
    if (token != m_token || !outcome)
        return;
    m_busy = false;
    emit finished(outcome);
}

} // namespace mirror::ui
