#include "models/observation_table_model.h"

#include "models/model_roles.h"
#include "models/observation_cells.h"
#include "models/state_look.h"

#include <limits>

namespace mirror::models {

ObservationTableModel::ObservationTableModel(store::StoreReader *reader, QObject *parent)
    : ObservationTableModel(reader, ObservationWindowCache::Options{}, parent)
{}

ObservationTableModel::ObservationTableModel(store::StoreReader *reader, ObservationWindowCache::Options options,
                                             QObject *parent)
    : QAbstractTableModel(parent),
      m_cache(options)
{
    setReader(reader);
}

void ObservationTableModel::setReader(store::StoreReader *reader)
{
    beginResetModel();
    for (auto &connection : m_connections)
        disconnect(connection);
    m_cache.setReader(reader);
    connectReader();
    endResetModel();
}

void ObservationTableModel::connectReader()
{
    store::StoreReader *reader = m_cache.reader();
    if (!reader)
        return;
    m_connections[0] = connect(reader, &store::StoreReader::countLoaded, this, &ObservationTableModel::onCountLoaded);
    m_connections[1] = connect(reader, &store::StoreReader::windowLoaded, this, &ObservationTableModel::onWindowLoaded);
    m_connections[2] = connect(reader, &store::StoreReader::failed, this, &ObservationTableModel::onFailed);
}

void ObservationTableModel::setFilter(const store::ObservationFilter &filter)
{
    beginResetModel();
    m_firstRowsAnnounced = false;
    m_cache.setFilter(filter);
    endResetModel();
}

void ObservationTableModel::setObservations(store::SummaryRows rows)
{
    beginResetModel();
    m_cache.setRows(std::move(rows));
    m_firstRowsAnnounced = true;
    endResetModel();
    emit countLoaded(m_cache.rowCount());
    emit firstRowsLoaded();
}

void ObservationTableModel::refresh()
{
    if (!m_cache.isFixed() && !m_cache.filter().collection.isEmpty())
        setFilter(store::ObservationFilter(m_cache.filter()));
}

void ObservationTableModel::clear()
{
    beginResetModel();
    m_cache.clear();
    endResetModel();
}

const store::ObservationSummary *ObservationTableModel::summaryAt(int row) const
{
    return m_cache.peek(row);
}

int ObservationTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return static_cast<int>(std::min<qint64>(m_cache.rowCount(), std::numeric_limits<int>::max()));
}

int ObservationTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ObservationTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::ObservationSummary *row = m_cache.rowAt(index.row());
    if (!row) {
        const QString error = m_cache.rowError(index.row());
        return placeholderData(error.isEmpty() ? RowStatus::Loading : RowStatus::Error, error, index.column() == 0,
                               role);
    }
    switch (index.column()) {
    case ObservationIdColumn: return observationCell(*row, ObservationCell::ObservationId, role);
    case StateColumn: return observationCell(*row, ObservationCell::State, role);
    case InstrumentColumn: return observationCell(*row, ObservationCell::Instrument, role);
    case ModifiedColumn: return observationCell(*row, ObservationCell::MaxLastModified, role);
    case ChecksumColumn: return observationCell(*row, ObservationCell::AccMetaChecksum, role);
    default: return {};
    }
}

QVariant ObservationTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ObservationIdColumn: return tr("Observation ID");
    case StateColumn: return tr("State");
    case InstrumentColumn: return tr("Instrument");
    case ModifiedColumn: return tr("Last modified (UTC)");
    case ChecksumColumn: return tr("accMetaChecksum");
    default: return {};
    }
}

Qt::ItemFlags ObservationTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

void ObservationTableModel::resizeRows(qint64 rows, bool exact)
{
    const int before = rowCount();
    const int after = static_cast<int>(std::min<qint64>(rows, std::numeric_limits<int>::max()));
    if (after > before) {
        beginInsertRows({}, before, after - 1);
        m_cache.applyCount(rows, exact);
        endInsertRows();
    } else if (after < before) {
        // Fewer than shown: the store changed between the first window and the count (or a reload).
        beginRemoveRows({}, after, before - 1);
        m_cache.applyCount(rows, exact);
        endRemoveRows();
    } else {
        m_cache.applyCount(rows, exact);
    }
}

void ObservationTableModel::announceFirstRows()
{
    if (m_firstRowsAnnounced)
        return;
    if ((rowCount() > 0 && m_cache.peek(0)) || (m_cache.countKnown() && rowCount() == 0)) {
        m_firstRowsAnnounced = true;
        emit firstRowsLoaded();
    }
}

void ObservationTableModel::onCountLoaded(quint64 token, qint64 count)
{
    auto accepted = m_cache.acceptCount(token, count);
    if (!accepted)
        return;
    resizeRows(*accepted, true);
    emit countLoaded(*accepted);
    announceFirstRows();
}

void ObservationTableModel::onWindowLoaded(quint64 token, qint64 firstRow, const store::SummaryRows &rows)
{
    auto answer = m_cache.acceptWindow(token, firstRow, rows);
    if (!answer)
        return;
    if (answer->show) {
        // The first rows, before the count (or instead of it).
        resizeRows(*answer->show, answer->exact);
        if (answer->exact)
            emit countLoaded(*answer->show);
    } else if (answer->readable.last >= answer->readable.first) {
        emit dataChanged(index(static_cast<int>(answer->readable.first), 0),
                         index(static_cast<int>(answer->readable.last), ColumnCount - 1));
    }
    announceFirstRows();
}

void ObservationTableModel::onFailed(quint64 token, const QString &message)
{
    auto range = m_cache.acceptFailure(token, message);
    if (!range)
        return;
    if (range->last >= range->first)
        emit dataChanged(index(static_cast<int>(range->first), 0),
                         index(static_cast<int>(range->last), ColumnCount - 1));
    emit loadFailed(message);
}

} // namespace mirror::models
