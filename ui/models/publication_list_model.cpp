#include "models/publication_list_model.h"

#include "store/store_reader.h"

namespace mirror::models {

QString shortAuthors(const QStringList &authors)
{
    if (authors.size() <= 2)
        return authors.join(QStringLiteral("; "));
    return authors.mid(0, 2).join(QStringLiteral("; ")) + QStringLiteral(" et al.");
}

PublicationListModel::PublicationListModel(QObject *parent) : QAbstractTableModel(parent)
{
    qRegisterMetaType<PublicationWindow>();
}

void PublicationListModel::setReader(store::StoreReader *reader)
{
    for (QMetaObject::Connection &connection : m_connections)
        disconnect(connection);
    m_reader = reader;
    if (reader) {
        m_connections[0] = connect(reader, &store::StoreReader::taskDone, this, &PublicationListModel::onTaskDone);
        m_connections[1] = connect(reader, &store::StoreReader::failed, this, &PublicationListModel::onFailed);
    }
    refresh();
}

void PublicationListModel::setSearch(const QString &text)
{
    if (text == m_search)
        return;
    m_search = text;
    refresh();
}

void PublicationListModel::refresh()
{
    beginResetModel();
    m_count = 0;
    m_windows.clear();
    m_pending.clear(); // answers to these are dropped when they come
    m_asked.clear();
    m_countToken = 0;
    endResetModel();
    if (!m_reader)
        return;
    m_countToken = m_reader->newToken();
    store::PublicationFilter filter;
    filter.search = m_search;
    m_reader->requestTask(m_countToken, [filter](const std::shared_ptr<store::Store> &s) -> mirror::Result<QVariant> {
        auto count = store::PublicationStore(s).countPublications(filter);
        if (!count)
            return count.error();
        return QVariant::fromValue(*count);
    });
}

void PublicationListModel::requestWindow(int window) const
{
    if (!m_reader || m_asked.count(window))
        return;
    m_asked.insert(window);
    const quint64 token = m_reader->newToken();
    m_pending[token] = window;
    store::PublicationFilter filter;
    filter.search = m_search;
    filter.offset = window * windowSize;
    filter.limit = windowSize;
    m_reader->requestTask(token, [filter](const std::shared_ptr<store::Store> &s) -> mirror::Result<QVariant> {
        auto rows = store::PublicationStore(s).publications(filter);
        if (!rows)
            return rows.error();
        return QVariant::fromValue(PublicationWindow{filter.offset, std::move(*rows)});
    });
}

void PublicationListModel::onTaskDone(quint64 token, const QVariant &result)
{
    if (token == m_countToken) {
        m_countToken = 0;
        const qint64 count = result.toLongLong();
        if (count > 0) {
            beginInsertRows({}, 0, static_cast<int>(count) - 1);
            m_count = count;
            endInsertRows();
        }
        emit countChanged(m_count);
        return;
    }
    const auto pending = m_pending.find(token);
    if (pending == m_pending.end())
        return; // not ours, or for a list asked before the last refresh
    const int window = pending->second;
    m_pending.erase(pending);
    PublicationWindow rows = result.value<PublicationWindow>();
    m_windows[window] = std::move(rows.rows);
    // Bounded: the windows farthest from this one are forgotten (and read again if scrolled back to).
    while (static_cast<int>(m_windows.size()) > windowsKept) {
        const auto first = m_windows.begin();
        const auto last = std::prev(m_windows.end());
        const auto drop = window - first->first > last->first - window ? first : last;
        m_asked.erase(drop->first);
        m_windows.erase(drop);
    }
    const int firstRow = window * windowSize;
    const int lastRow = std::min<int>(firstRow + windowSize, static_cast<int>(m_count)) - 1;
    if (lastRow >= firstRow)
        emit dataChanged(index(firstRow, 0), index(lastRow, ColumnCount - 1));
    emit windowArrived();
}

void PublicationListModel::onFailed(quint64 token, const QString &message)
{
    if (token == m_countToken) {
        m_countToken = 0;
        emit loadFailed(message);
        return;
    }
    if (const auto pending = m_pending.find(token); pending != m_pending.end()) {
        m_asked.erase(pending->second);
        m_pending.erase(pending);
        emit loadFailed(message);
    }
}

const store::PublicationSummary *PublicationListModel::row(int row) const
{
    const auto window = m_windows.find(row / windowSize);
    if (window == m_windows.end()) {
        requestWindow(row / windowSize);
        return nullptr;
    }
    const auto offset = static_cast<std::size_t>(row % windowSize);
    return offset < window->second.size() ? &window->second[offset] : nullptr;
}

std::optional<store::PublicationSummary> PublicationListModel::publicationAt(int r) const
{
    if (r < 0 || r >= rowCount())
        return std::nullopt;
    const store::PublicationSummary *summary = row(r);
    return summary ? std::optional(*summary) : std::nullopt;
}

int PublicationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_count);
}

int PublicationListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PublicationListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::TextAlignmentRole)
        return {};
    if (role == Qt::TextAlignmentRole)
        return index.column() == ObservationsColumn || index.column() == YearColumn
            ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
            : QVariant();
    const store::PublicationSummary *summary = row(index.row());
    if (!summary)
        return index.column() == TitleColumn && role == Qt::DisplayRole ? QVariant(tr("Loading\u2026")) : QVariant();
    const store::PublicationRecord &p = summary->publication;
    switch (index.column()) {
    case YearColumn: return p.year ? QVariant(*p.year) : QVariant();
    case BibcodeColumn: return p.bibcode;
    case TitleColumn: return p.title;
    case AuthorsColumn: return role == Qt::ToolTipRole ? p.authors.join(QStringLiteral("; ")) : shortAuthors(p.authors);
    case JournalColumn: return p.journal;
    case ObservationsColumn: return summary->observations;
    default: return {};
    }
}

QVariant PublicationListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case YearColumn: return tr("Year");
    case BibcodeColumn: return tr("Bibcode");
    case TitleColumn: return tr("Title");
    case AuthorsColumn: return tr("Authors");
    case JournalColumn: return tr("Journal");
    case ObservationsColumn: return tr("Observations");
    default: return {};
    }
}

} // namespace mirror::models
