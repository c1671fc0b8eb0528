#pragma once

#include "store/store_reader.h"

#include <QAbstractTableModel>
#include <QPointer>

// Observation counts per (source, collection, state) for the navigator's live counts and the dashboard charts,
// read from the store's counters through the StoreReader when refresh() is called (the caller decides how often;
// about every 1.5 s while a job runs). A refresh that keeps the same rows sends one ranged dataChanged over the
// count column; one that adds or removes rows resets the model.
//
// Columns: source ("" for imported observations), collection, state (glyph + word + colour), count
// (ModelRole::RawValue = qint64). ModelRole::Source / Collection / State on every cell.
namespace mirror::models {

class CollectionCountsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { SourceColumn, CollectionColumn, StateColumn, CountColumn, ColumnCount };

    // reader: not owned; must outlive the model or be replaced with setReader() first.
    explicit CollectionCountsModel(store::StoreReader *reader, QObject *parent = nullptr);

    void setReader(store::StoreReader *reader); // resets to empty
    // Asks the store for the current counts; the model changes when they arrive (countsRefreshed).
    void refresh();

    const store::CollectionCounts &counts() const { return m_counts; }
    // Sum over states of (source, collection); over every source when `source` is null.
    qint64 total(const QString &collection, const QString &source = QString()) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void countsRefreshed();
    void loadFailed(const QString &message);

private:
    void onCountsLoaded(quint64 token, const store::CollectionCounts &counts);
    void onFailed(quint64 token, const QString &message);

    QPointer<store::StoreReader> m_reader;
    QMetaObject::Connection m_connections[2];
    store::CollectionCounts m_counts;
    quint64 m_pendingToken = 0;
};

} // namespace mirror::models
