#pragma once

#include "sync/dashboard_snapshot.h"

#include <QAbstractTableModel>

#include <vector>

// The dashboard's Download queue table: per partner and collection, the files due for download, waiting for their
// release date and failed (with their bytes), and the download going on now, with the figures `caom-sync status`
// prints (both read them from harvest::collectStatus). Only partner collections with something queued or a
// download running are rows. ModelRole::Source and ModelRole::Collection on every cell, ModelRole::RawValue the
// file count behind a cell.
namespace mirror::models {

class DownloadQueueModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Partner, Collection, Due, WaitingForRelease, Failed, DownloadingNow, ColumnCount };

    explicit DownloadQueueModel(QObject *parent = nullptr);

    // Keeps the targets with a queue or a running download.
    void setTargets(const std::vector<harvest::TargetHealth> &targets);
    const harvest::TargetHealth &target(int row) const { return m_rows.at(static_cast<std::size_t>(row)); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<harvest::TargetHealth> m_rows;
};

} // namespace mirror::models
