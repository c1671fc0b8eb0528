#include "models/store_change_watcher.h"

namespace mirror::models {

namespace {
constexpr int defaultIntervalMs = 2000;
} // namespace

StoreChangeWatcher::StoreChangeWatcher(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(defaultIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &StoreChangeWatcher::check);
}

void StoreChangeWatcher::setReader(store::StoreReader *reader)
{
    for (auto &connection : m_connections)
        disconnect(connection);
    if (m_reader && m_pendingToken)
        m_reader->cancel(m_pendingToken);
    m_pendingToken = 0;
    m_haveStamp = false;
    m_stamp.clear();
    m_reader = reader;
    if (!m_reader) {
        m_timer.stop();
        return;
    }
    m_connections[0] = connect(m_reader, &store::StoreReader::changeStampLoaded, this, &StoreChangeWatcher::onStamp);
    m_connections[1] = connect(m_reader, &store::StoreReader::failed, this,
                               [this](quint64 token, const QString &) { onFailed(token); });
    m_timer.start();
    check();
}

void StoreChangeWatcher::check()
{
    if (!m_reader || m_pendingToken)
        return; // the last question is still on its way: one at a time
    m_pendingToken = m_reader->newToken();
    m_reader->requestChangeStamp(m_pendingToken);
}

void StoreChangeWatcher::onStamp(quint64 token, const QString &stamp)
{
    if (token != m_pendingToken || token == 0)
        return;
    m_pendingToken = 0;
    const bool changed = m_haveStamp && stamp != m_stamp;
    m_stamp = stamp;
    m_haveStamp = true;
    if (changed)
        emit storeChanged();
}

void StoreChangeWatcher::onFailed(quint64 token)
{
    if (token != m_pendingToken || token == 0)
        return;
    m_pendingToken = 0; // asked again at the next tick; the views report read errors themselves
}

} // namespace mirror::models
