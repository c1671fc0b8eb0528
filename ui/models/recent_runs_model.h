#pragma once

#include "store/run_record_store.h"

#include <QAbstractTableModel>

// The dashboard's recent runs: when, which partner and collection, what kind, how it ended (glyph and word as
// well as colour), how long it took, and its counts. Rows come from a dashboard snapshot.
namespace mirror::models {

class RecentRunsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Started, Partner, Collection, Kind, Outcome, Duration, Processed, Failed, Message, ColumnCount };

    explicit RecentRunsModel(QObject *parent = nullptr);

    void setRuns(std::vector<store::RunRecord> runs);
    const store::RunRecord &run(int row) const { return m_runs.at(static_cast<std::size_t>(row)); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString outcomeText(store::RunOutcome outcome); // "✓ succeeded", "✗ failed", ...
    static QString durationText(qint64 ms);                // "850 ms", "42 s", "3 min 5 s", "2 h 10 min"

private:
    std::vector<store::RunRecord> m_runs;
};

} // namespace mirror::models
