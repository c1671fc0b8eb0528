#pragma once

#include "common/harvest_schedule.h"

#include <QAbstractTableModel>

#include <optional>
#include <vector>

// The schedules of the Jobs tab: "incremental every N minutes" per source or collection, with when each runs
// next and what happened the last time it was due (started, or skipped and why). The interval and the
// enabled box are edited in place; every edit is announced with schedulesEdited() so the owner can save it.
//
// Columns as in Column; ModelRole::Source / Collection on every cell, ModelRole::RawValue the minutes and the
// next run's time (ms).
namespace mirror::models {

struct ScheduleRow {
    HarvestSchedule schedule;
    std::optional<qint64> nextRunMs; // unset while no store is open or the schedule is off
    QString lastEvent;               // "started 12:30", "skipped 12:40: being harvested elsewhere"
};

class ScheduleModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { SourceColumn, CollectionColumn, EveryColumn, EnabledColumn, NextColumn, LastColumn, ColumnCount };

    explicit ScheduleModel(QObject *parent = nullptr);

    void setSchedules(const std::vector<HarvestSchedule> &schedules);
    std::vector<HarvestSchedule> schedules() const;
    const ScheduleRow &rowAt(int row) const { return m_rows[static_cast<std::size_t>(row)]; }
    // false when that source and collection has a schedule already.
    bool add(const HarvestSchedule &schedule);
    void remove(int row);
    void setNextRun(int row, std::optional<qint64> ms);
    void setLastEvent(int row, const QString &text);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    // The operator changed, added or removed a schedule.
    void schedulesEdited();

private:
    void rowChanged(int row);
    std::vector<ScheduleRow> m_rows;
};

} // namespace mirror::models
