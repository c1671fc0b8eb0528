#pragma once

#include "store/artifact_summary.h"

#include <QAbstractTableModel>

#include <vector>

// The dashboard's Files table: per collection, the files its stored metadata describes, how many are here and
// verified, queued for download, corrupt or missing, and their sizes. Value rows in, one reset per snapshot.
// Problems read by glyph and words as well as colour. ModelRole::Collection on every cell, ModelRole::RawValue
// the number behind a count or size.
namespace mirror::models {

class ArtifactStatesModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        CollectionColumn,
        DescribedColumn,
        VerifiedColumn,
        QueuedColumn,
        CorruptColumn,
        MissingColumn,
        VerifiedBytesColumn,
        DescribedBytesColumn,
        ColumnCount
    };

    explicit ArtifactStatesModel(QObject *parent = nullptr);

    void setRows(std::vector<store::ArtifactStateCount> rows);
    const std::vector<store::ArtifactStateCount> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<store::ArtifactStateCount> m_rows;
};

} // namespace mirror::models
