#include "models/discrepancy_list_model.h"

#include "models/model_roles.h"
#include "store/discrepancy_store.h"

#include <QColor>
#include <QDateTime>
#include <QTimeZone>

namespace mirror::models {

namespace {

QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QColor classColour(const QString &cls)
{
    if (cls == QLatin1String("checksum-differs"))
        return QColor(0xb0, 0x3a, 0x2e);
    if (cls.startsWith(QLatin1String("missing")))
        return QColor(0xa0, 0x5a, 0x00);
    if (cls == QLatin1String("pending"))
        return QColor(0x55, 0x55, 0x55);
    return QColor(0x2e, 0x5c, 0x8a);
}

} // namespace

QString DiscrepancyListModel::classLabel(const QString &className)
{
    if (className == QLatin1String("checksum-differs"))
        return tr("Checksum differs");
    if (className == QLatin1String("missing-locally"))
        return tr("Missing locally");
    if (className == QLatin1String("missing-remotely"))
        return tr("Missing at partner");
    if (className == QLatin1String("timestamp-differs"))
        return tr("Timestamp only");
    if (className == QLatin1String("pending"))
        return tr("Pending");
    QString text = className;
    text.replace(QLatin1Char('-'), QLatin1Char(' '));
    return text.isEmpty() ? text : text.at(0).toUpper() + text.mid(1);
}

QString DiscrepancyListModel::classGlyph(const QString &className)
{
    if (className == QLatin1String("checksum-differs"))
        return QStringLiteral("\u2260"); // ≠
    if (className == QLatin1String("missing-locally"))
        return QStringLiteral("\u2190"); // ← only at the partner
    if (className == QLatin1String("missing-remotely"))
        return QStringLiteral("\u2192"); // → only here
    if (className == QLatin1String("timestamp-differs"))
        return QStringLiteral("\u25F7"); // clock
    if (className == QLatin1String("pending"))
        return QStringLiteral("\u2026");
    return QStringLiteral("!");
}

DiscrepancyListModel::DiscrepancyListModel(QObject *parent) : QAbstractTableModel(parent) {}

void DiscrepancyListModel::setReader(store::DiscrepancyReader *reader)
{
    if (m_reader == reader)
        return;
    if (m_reader)
        disconnect(m_reader, nullptr, this, nullptr);
    m_reader = reader;
    if (reader) {
        connect(reader, &store::DiscrepancyReader::windowLoaded, this, &DiscrepancyListModel::onWindow);
        connect(reader, &store::DiscrepancyReader::countLoaded, this, &DiscrepancyListModel::onCount);
        connect(reader, &store::DiscrepancyReader::failed, this, &DiscrepancyListModel::onFailed);
    }
    setFilter(m_filter);
}

void DiscrepancyListModel::setFilter(const store::DiscrepancyFilter &filter)
{
    beginResetModel();
    m_filter = filter;
    m_windows.clear();
    m_recent.clear();
    m_pending.clear();
    m_requested.clear();
    m_count = 0;
    m_countKnown = false;
    endResetModel();
    reload();
}

void DiscrepancyListModel::reload()
{
    if (!m_reader)
        return;
    m_countToken = m_reader->newToken();
    m_reader->requestCount(m_countToken, m_filter);
    // Windows in memory are read again; what they show stays until the new rows arrive.
    m_requested.clear();
    m_pending.clear();
    if (m_windows.empty())
        requestWindow(0);
    for (const auto &[window, rows] : m_windows)
        requestWindow(window);
}

void DiscrepancyListModel::requestWindow(qint64 window) const
{
    if (!m_reader || !m_requested.insert(window).second)
        return;
    const quint64 token = m_reader->newToken();
    m_pending.emplace(token, window);
    m_reader->requestWindow(token, m_filter, m_sort, m_descending, window * kWindow, kWindow);
}

const store::DiscrepancyRow *DiscrepancyListModel::rowAt(int row) const
{
    const qint64 window = row / kWindow;
    const auto found = m_windows.find(window);
    if (found == m_windows.end()) {
        requestWindow(window);
        return nullptr;
    }
    m_recent.remove(window);
    m_recent.push_front(window);
    const std::size_t offset = static_cast<std::size_t>(row % kWindow);
    return offset < found->second.size() ? &found->second[offset] : nullptr;
}

void DiscrepancyListModel::onWindow(quint64 token, qint64 offset, const store::DiscrepancyRows &rows)
{
    const auto pending = m_pending.find(token);
    if (pending == m_pending.end())
        return; // an answer to a question no longer asked
    const qint64 window = pending->second;
    m_pending.erase(pending);
    m_windows[window] = rows;
    m_recent.remove(window);
    m_recent.push_front(window);
    while (m_recent.size() > kMaxWindows) {
        m_windows.erase(m_recent.back());
        m_requested.erase(m_recent.back());
        m_recent.pop_back();
    }
    const int first = static_cast<int>(offset);
    const int last = std::min<int>(static_cast<int>(offset) + kWindow, rowCount()) - 1;
    if (last >= first)
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

void DiscrepancyListModel::onCount(quint64 token, qint64 count)
{
    if (token != m_countToken)
        return;
    const int before = rowCount();
    const int after = static_cast<int>(count);
    if (after > before) {
        beginInsertRows({}, before, after - 1);
        m_count = count;
        m_countKnown = true;
        endInsertRows();
    } else if (after < before) {
        beginRemoveRows({}, after, before - 1);
        m_count = count;
        m_countKnown = true;
        endRemoveRows();
    } else {
        m_countKnown = true;
    }
    emit countChanged(count);
}

void DiscrepancyListModel::onFailed(quint64 token, const QString &message)
{
    if (token != m_countToken && m_pending.erase(token) == 0)
        return;
    emit loadFailed(message);
}

int DiscrepancyListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_count);
}

int DiscrepancyListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DiscrepancyListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const store::DiscrepancyRow *row = rowAt(index.row());
    if (!row) {
        if (role == ModelRole::RowStatus)
            return static_cast<int>(RowStatus::Loading);
        if (role == Qt::DisplayRole && index.column() == Observation)
            return tr("Loading\u2026");
        return {};
    }
    const store::Discrepancy &d = row->discrepancy;
    const QString cls = store::discrepancyClassName(d.cls);
    switch (role) {
    case KeyRole: return d.key;
    case ClassRole: return cls;
    case ModelRole::Collection: return d.collection;
    case ModelRole::ObservationId: return d.observationID;
    case ModelRole::Source: return d.source;
    case ModelRole::RowStatus: return static_cast<int>(RowStatus::Ready);
    case Qt::ForegroundRole:
        if (index.column() == Class)
            return classColour(cls);
        if (d.acknowledged)
            return QColor(0x70, 0x70, 0x70);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Acknowledged && d.acknowledged)
            return tr("Acknowledged %1: %2")
                .arg(row->acknowledgedAt ? timeText(*row->acknowledgedAt) : QString(), row->note);
        if (index.column() == Checksums)
            return tr("accMetaChecksum here: %1\nat the partner: %2")
                .arg(d.localChecksum.isEmpty() ? tr("none") : d.localChecksum,
                     d.remoteChecksum.isEmpty() ? tr("none") : d.remoteChecksum);
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case Observation: return d.observationID;
        case Class: return QString(classGlyph(cls) + QLatin1Char(' ') + classLabel(cls));
        case Partner: return d.source;
        case Collection: return d.collection;
        case Found: return timeText(d.detectedAt);
        case Checksums:
            if (d.localChecksum.isEmpty() && d.remoteChecksum.isEmpty())
                return QString();
            return tr("%1 here, %2 there")
                .arg(d.localChecksum.isEmpty() ? tr("none") : d.localChecksum.right(8),
                     d.remoteChecksum.isEmpty() ? tr("none") : d.remoteChecksum.right(8));
        case Acknowledged: return d.acknowledged ? QString(QStringLiteral("\u2713 ") + row->note) : QString();
        default: return {};
        }
    default: return {};
    }
}

QVariant DiscrepancyListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Observation: return tr("Observation");
    case Class: return tr("What differs");
    case Partner: return tr("Partner");
    case Collection: return tr("Collection");
    case Found: return tr("Found (UTC)");
    case Checksums: return tr("Checksums");
    case Acknowledged: return tr("Acknowledged");
    default: return {};
    }
}

void DiscrepancyListModel::sort(int column, Qt::SortOrder order)
{
    store::DiscrepancySort sort = store::DiscrepancySort::Detected;
    switch (column) {
    case Observation: sort = store::DiscrepancySort::Observation; break;
    case Class: sort = store::DiscrepancySort::Class; break;
    case Partner:
    case Collection: sort = store::DiscrepancySort::Source; break;
    default: sort = store::DiscrepancySort::Detected; break;
    }
    const bool descending = order == Qt::DescendingOrder;
    if (sort == m_sort && descending == m_descending)
        return;
    m_sort = sort;
    m_descending = descending;
    setFilter(m_filter);
}

} // namespace mirror::models
