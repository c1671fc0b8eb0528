#pragma once

#include "store/store_reader.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

// Notices when another process writes the store the console is showing (a harvest or validate by caom-sync, an
// import), so the views can follow without F5. Every `interval` it asks the StoreReader for the store's change
// stamp (store_change_stamp.h, one cheap query off the GUI thread) and emits storeChanged() when the stamp moved
// since the last answer. The first answer after setReader() only sets the baseline.
namespace mirror::models {

class StoreChangeWatcher : public QObject {
    Q_OBJECT

public:
    explicit StoreChangeWatcher(QObject *parent = nullptr);

    // reader: not owned; nullptr stops watching. Starts over: the next stamp is the baseline.
    void setReader(store::StoreReader *reader);
    void setInterval(int milliseconds) { m_timer.setInterval(milliseconds); }
    int interval() const { return m_timer.interval(); }
    // Asks for the stamp now (the timer does every interval).
    void check();
    // Whether the first stamp (the baseline changes are measured from) has arrived.
    bool hasBaseline() const { return m_haveStamp; }

signals:
    void storeChanged();

private:
    void onStamp(quint64 token, const QString &stamp);
    void onFailed(quint64 token);

    QPointer<store::StoreReader> m_reader;
    QMetaObject::Connection m_connections[2];
    QTimer m_timer;
    quint64 m_pendingToken = 0;
    QString m_stamp;
    bool m_haveStamp = false;
};

} // namespace mirror::models
