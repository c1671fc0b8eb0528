#pragma once

#include "store/publication_store.h"

#include <QAbstractTableModel>
#include <QMetaType>
#include <QPointer>

#include <vector>

namespace store {
class StoreReader;
} // namespace store

Q_DECLARE_METATYPE(std::vector<store::PublicationYearCount>)

namespace mirror::models {

// Publications per collection and year, for the dashboard: a row per collection, a column per publication year
// (then "Year unknown" when some have none), and "All years" (a paper has one year, so the sum of its row is the
// number of papers that used the collection). Counted by the store off the GUI thread.
class PublicationYearsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    explicit PublicationYearsModel(QObject *parent = nullptr);

    void setReader(store::StoreReader *reader);
    void refresh();
    // For tests and the dashboard's own use: the table from counts, without a reader.
    void setCounts(const std::vector<store::PublicationYearCount> &counts);
    qint64 total() const { return m_total; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void refreshed();
    void loadFailed(const QString &message);

private:
    void onTaskDone(quint64 token, const QVariant &result);
    void onFailed(quint64 token, const QString &message);

    QPointer<store::StoreReader> m_reader;
    QMetaObject::Connection m_connections[2];
    quint64 m_token = 0;
    QStringList m_collections;
    std::vector<std::optional<int>> m_years;  // columns before the total; nullopt: year unknown
    std::vector<std::vector<qint64>> m_cells; // [collection][year column]
    std::vector<qint64> m_rowTotals;
    qint64 m_total = 0;
};

} // namespace mirror::models
