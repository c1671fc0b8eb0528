#include "models/schedule_model.h"

#include "models/model_roles.h"

#include <QDateTime>
#include <QLocale>

namespace mirror::models {

ScheduleModel::ScheduleModel(QObject *parent) : QAbstractTableModel(parent) {}

void ScheduleModel::setSchedules(const std::vector<HarvestSchedule> &schedules)
{
    beginResetModel();
    std::vector<ScheduleRow> rows;
    for (const HarvestSchedule &schedule : schedules) {
        ScheduleRow row;
        row.schedule = schedule;
        // What was known of the same schedule stays (a reload after an edit elsewhere).
        for (const ScheduleRow &old : m_rows)
            if (old.schedule.source == schedule.source && old.schedule.collection == schedule.collection) {
                row.nextRunMs = old.nextRunMs;
                row.lastEvent = old.lastEvent;
            }
        rows.push_back(std::move(row));
    }
    m_rows = std::move(rows);
    endResetModel();
}

std::vector<HarvestSchedule> ScheduleModel::schedules() const
{
    std::vector<HarvestSchedule> out;
    for (const ScheduleRow &row : m_rows)
        out.push_back(row.schedule);
    return out;
}

bool ScheduleModel::add(const HarvestSchedule &schedule)
{
    for (const ScheduleRow &row : m_rows)
        if (row.schedule.source.compare(schedule.source, Qt::CaseInsensitive) == 0
            && row.schedule.collection == schedule.collection)
            return false;
    const int at = static_cast<int>(m_rows.size());
    beginInsertRows({}, at, at);
    m_rows.push_back(ScheduleRow{schedule, std::nullopt, QString()});
    endInsertRows();
    emit schedulesEdited();
    return true;
}

void ScheduleModel::remove(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    beginRemoveRows({}, row, row);
    m_rows.erase(m_rows.begin() + row);
    endRemoveRows();
    emit schedulesEdited();
}

void ScheduleModel::setNextRun(int row, std::optional<qint64> ms)
{
    if (row < 0 || row >= rowCount() || m_rows[static_cast<std::size_t>(row)].nextRunMs == ms)
        return;
    m_rows[static_cast<std::size_t>(row)].nextRunMs = ms;
    rowChanged(row);
}

void ScheduleModel::setLastEvent(int row, const QString &text)
{
    if (row < 0 || row >= rowCount())
        return;
    m_rows[static_cast<std::size_t>(row)].lastEvent = text;
    rowChanged(row);
}

int ScheduleModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ScheduleModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScheduleModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ScheduleRow &row = m_rows[static_cast<std::size_t>(index.row())];
    const HarvestSchedule &s = row.schedule;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SourceColumn: return s.source;
        case CollectionColumn: return s.collection.isEmpty() ? tr("configured collections") : s.collection;
        case EveryColumn: return s.everyMinutes == 1 ? tr("every minute") : tr("every %1 minutes").arg(s.everyMinutes);
        case EnabledColumn: return s.enabled ? tr("on") : tr("off");
        case NextColumn:
            if (!s.enabled)
                return tr("off");
            return row.nextRunMs ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(*row.nextRunMs).toLocalTime(),
                                                      QStringLiteral("HH:mm"))
                                 : tr("once a store is open");
        case LastColumn: return row.lastEvent.isEmpty() ? tr("not yet due") : row.lastEvent;
        default: return {};
        }
    case Qt::EditRole:
        if (index.column() == EveryColumn)
            return s.everyMinutes;
        return {};
    case Qt::CheckStateRole:
        return index.column() == EnabledColumn ? QVariant(s.enabled ? Qt::Checked : Qt::Unchecked) : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == EveryColumn)
            return tr("An incremental harvest this often while the console is open (double-click to change)");
        if (index.column() == LastColumn)
            return row.lastEvent;
        return {};
    case ModelRole::Source: return s.source;
    case ModelRole::Collection: return s.collection;
    case ModelRole::RawValue:
        if (index.column() == EveryColumn)
            return s.everyMinutes;
        if (index.column() == NextColumn && row.nextRunMs)
            return *row.nextRunMs;
        return {};
    default: return {};
    }
}

bool ScheduleModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    HarvestSchedule &s = m_rows[static_cast<std::size_t>(index.row())].schedule;
    if (index.column() == EnabledColumn && role == Qt::CheckStateRole) {
        s.enabled = value.toInt() == Qt::Checked;
    } else if (index.column() == EveryColumn && role == Qt::EditRole) {
        bool ok = false;
        const int minutes = value.toInt(&ok);
        if (!ok || minutes < shortestScheduleMinutes || minutes > longestScheduleMinutes)
            return false;
        s.everyMinutes = minutes;
    } else {
        return false;
    }
    rowChanged(index.row());
    emit schedulesEdited();
    return true;
}

Qt::ItemFlags ScheduleModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.column() == EnabledColumn)
        f |= Qt::ItemIsUserCheckable;
    if (index.column() == EveryColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant ScheduleModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SourceColumn: return tr("Source");
    case CollectionColumn: return tr("Collection");
    case EveryColumn: return tr("Incremental");
    case EnabledColumn: return tr("On");
    case NextColumn: return tr("Next run");
    case LastColumn: return tr("Last time due");
    default: return {};
    }
}

void ScheduleModel::rowChanged(int row)
{
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace mirror::models
