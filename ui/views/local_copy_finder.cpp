#include "views/local_copy_finder.h"

#include "store/observation_lookup.h"
#include "store/store.h"
#include "views/message_widget.h"

#include <QMutex>
#include <QMutexLocker>
#include <QtConcurrent/QtConcurrentRun>

namespace mirror::ui {

struct LocalCopyFinder::Relay {
    QMutex mutex;
    LocalCopyFinder *owner = nullptr;
};

LocalCopyFinder::LocalCopyFinder(QObject *parent) : QObject(parent), m_relay(std::make_shared<Relay>())
{
    m_relay->owner = this;
}

LocalCopyFinder::~LocalCopyFinder()
{
    QMutexLocker lock(&m_relay->mutex);
    m_relay->owner = nullptr;
}

void LocalCopyFinder::find(const QString &collection, const QString &observationID)
{
    const quint64 token = ++m_token;
    if (!m_store) {
        emit failed(tr("No store is open to look %1/%2 up in").arg(collection, observationID));
        return;
    }
    (void)QtConcurrent::run([store = m_store, relay = m_relay, token, collection, observationID] {
        auto key = store::ObservationLookup(store).byUri(collection, observationID);
        store->releaseThreadConnection(); // a pool thread: leave no connection behind
        QMutexLocker lock(&relay->mutex);
        LocalCopyFinder *owner = relay->owner;
        if (!owner)
            return;
        QMetaObject::invokeMethod(
            owner,
            [owner, token, collection, observationID, key = std::move(key)] {
                if (token != owner->m_token)
                    return; // asked something else since
                if (!key)
                    emit owner->failed(
                        tr("Cannot look %1/%2 up in the store: %3")
                            .arg(collection, observationID, QString::fromStdString(key.error().message)));
                else if (!*key)
                    emit owner->notFound(collection, observationID);
                else
                    emit owner->found((*key)->source, collection, observationID);
            },
            Qt::QueuedConnection);
    });
}

void LocalCopyFinder::reportTo(MessageWidget *message)
{
    connect(this, &LocalCopyFinder::notFound, message, [message](const QString &collection, const QString &id) {
        message->showMessage(tr("There is no local copy of %1/%2 in this store, so the Browser has nothing to show. "
                                "Re-harvest it from a partner to add it.")
                                 .arg(collection, id),
                             MessageWidget::Kind::Information);
    });
    connect(this, &LocalCopyFinder::failed, message,
            [message](const QString &text) { message->showMessage(text, MessageWidget::Kind::Error); });
}

} // namespace mirror::ui
