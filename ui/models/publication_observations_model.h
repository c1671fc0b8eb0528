#pragma once

#include "store/publication_store.h"

#include <QAbstractListModel>
#include <QMetaType>
#include <QPointer>

#include <vector>

namespace store {
class StoreReader;
} // namespace store

Q_DECLARE_METATYPE(std::vector<store::ObservationRef>)

namespace mirror::models {

// The observations one publication used (those of its proposals the store holds), read off the GUI thread.
// Each row shows "collection / observationID"; CollectionRole and ObservationIdRole give the two apart.
class PublicationObservationsModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role { CollectionRole = Qt::UserRole + 1, ObservationIdRole, SourceRole };
    static constexpr int rowLimit = 10000; // a paper using more says so in its last row

    explicit PublicationObservationsModel(QObject *parent = nullptr);

    void setReader(store::StoreReader *reader);
    // "" empties the list.
    void setPublication(const QString &bibcode);
    QString publication() const { return m_bibcode; }
    bool loading() const { return m_token != 0; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

signals:
    void loaded(int count);
    void loadFailed(const QString &message);

private:
    void onTaskDone(quint64 token, const QVariant &result);
    void onFailed(quint64 token, const QString &message);

    QPointer<store::StoreReader> m_reader;
    QMetaObject::Connection m_connections[2];
    QString m_bibcode;
    quint64 m_token = 0;
    std::vector<store::ObservationRef> m_rows;
};

} // namespace mirror::models
