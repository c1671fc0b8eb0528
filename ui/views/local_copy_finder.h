#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace store {
class Store;
} // namespace store

// Finds where the local copy of an observation is filed: the partner it was harvested from, which is not
// necessarily the partner a finding or a comparison names (a discrepancy found at CADC may concern a copy
// harvested from MAST). Looks it up by (collection, observationID) in the store on Qt's thread pool and answers
// with a signal; "Open in browser" goes to that partner's part of the collection, or says there is no local copy.
namespace mirror::ui {

class MessageWidget;

class LocalCopyFinder : public QObject {
    Q_OBJECT

public:
    explicit LocalCopyFinder(QObject *parent = nullptr);
    ~LocalCopyFinder() override;

    void setStore(std::shared_ptr<store::Store> store) { m_store = std::move(store); }
    // A new question drops the answer to the one before.
    void find(const QString &collection, const QString &observationID);
    // Says in `message` when there is no local copy, or when the store could not be asked.
    void reportTo(MessageWidget *message);

signals:
    // `source`: the partner the local copy was harvested from ("" for one imported from a file).
    void found(const QString &source, const QString &collection, const QString &observationID);
    void notFound(const QString &collection, const QString &observationID);
    void failed(const QString &message);

private:
    struct Relay;
    std::shared_ptr<store::Store> m_store;
    std::shared_ptr<Relay> m_relay;
    quint64 m_token = 0;
};

} // namespace mirror::ui
