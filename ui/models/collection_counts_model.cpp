#include "models/collection_counts_model.h"

#include "models/icon_set.h"
#include "models/model_roles.h"
#include "models/state_look.h"

#include <QLocale>

namespace mirror::models {

namespace {

bool sameKeys(const store::CollectionCounts &a, const store::CollectionCounts &b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].source != b[i].source || a[i].collection != b[i].collection || a[i].state != b[i].state)
            return false;
    return true;
}

} // namespace

CollectionCountsModel::CollectionCountsModel(store::StoreReader *reader, QObject *parent) : QAbstractTableModel(parent)
{
    setReader(reader);
}

void CollectionCountsModel::setReader(store::StoreReader *reader)
{
    beginResetModel();
    for (auto &connection : m_connections)
        disconnect(connection);
    if (m_reader && m_pendingToken)
        m_reader->cancel(m_pendingToken);
    m_pendingToken = 0;
    m_counts.clear();
    m_reader = reader;
    if (m_reader) {
        m_connections[0] =
            connect(m_reader, &store::StoreReader::countsLoaded, this, &CollectionCountsModel::onCountsLoaded);
        m_connections[1] = connect(m_reader, &store::StoreReader::failed, this, &CollectionCountsModel::onFailed);
    }
    endResetModel();
}

void CollectionCountsModel::refresh()
{
    if (!m_reader)
        return;
    if (m_pendingToken)
        m_reader->cancel(m_pendingToken); // only the newest answer matters
    m_pendingToken = m_reader->newToken();
    m_reader->requestCounts(m_pendingToken);
}

qint64 CollectionCountsModel::total(const QString &collection, const QString &source) const
{
    qint64 sum = 0;
    for (const store::CollectionCount &c : m_counts)
        if (c.collection == collection && (source.isNull() || c.source == source))
            sum += c.count;
    return sum;
}

int CollectionCountsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_counts.size());
}

int CollectionCountsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CollectionCountsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::CollectionCount &c = m_counts[static_cast<std::size_t>(index.row())];
    switch (role) {
    case ModelRole::Source: return c.source;
    case ModelRole::Collection: return c.collection;
    case ModelRole::State: return c.state;
    case ModelRole::RowStatus: return static_cast<int>(RowStatus::Ready);
    default: break;
    }
    const bool text = role == Qt::DisplayRole || role == ModelRole::CopyText;
    switch (index.column()) {
    case SourceColumn: return text ? QVariant(c.source) : QVariant();
    case CollectionColumn: return text ? QVariant(c.collection) : QVariant();
    case StateColumn: {
        const StateLook look = stateLook(c.state);
        switch (role) {
        case Qt::DisplayRole: return look.label; // the icon beside it carries the glyph
        case ModelRole::CopyText: return c.state;
        case Qt::ToolTipRole: return look.tooltip;
        case Qt::ForegroundRole: return look.colour;
        case Qt::DecorationRole: return icon(stateIconName(c.state));
        default: return {};
        }
    }
    case CountColumn:
        if (role == Qt::DisplayRole)
            return QLocale().toString(c.count);
        if (role == ModelRole::CopyText)
            return QString::number(c.count);
        if (role == ModelRole::RawValue)
            return c.count;
        if (role == Qt::TextAlignmentRole)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    default: return {};
    }
}

QVariant CollectionCountsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SourceColumn: return tr("Source");
    case CollectionColumn: return tr("Collection");
    case StateColumn: return tr("State");
    case CountColumn: return tr("Observations");
    default: return {};
    }
}

void CollectionCountsModel::onCountsLoaded(quint64 token, const store::CollectionCounts &counts)
{
    if (token != m_pendingToken || token == 0)
        return;
    m_pendingToken = 0;
    if (sameKeys(m_counts, counts)) {
        m_counts = counts;
        if (!m_counts.empty())
            emit dataChanged(index(0, CountColumn), index(rowCount() - 1, CountColumn));
    } else {
        beginResetModel();
        m_counts = counts;
        endResetModel();
    }
    emit countsRefreshed();
}

void CollectionCountsModel::onFailed(quint64 token, const QString &message)
{
    if (token != m_pendingToken || token == 0)
        return;
    m_pendingToken = 0;
    emit loadFailed(message);
}

} // namespace mirror::models
