#include "models/publication_years_model.h"

#include "store/store_reader.h"

#include <algorithm>
#include <set>

namespace mirror::models {

PublicationYearsModel::PublicationYearsModel(QObject *parent) : QAbstractTableModel(parent)
{
    qRegisterMetaType<std::vector<store::PublicationYearCount>>();
}

void PublicationYearsModel::setReader(store::StoreReader *reader)
{
    for (QMetaObject::Connection &connection : m_connections)
        disconnect(connection);
    m_reader = reader;
    m_token = 0;
    if (reader) {
        m_connections[0] = connect(reader, &store::StoreReader::taskDone, this, &PublicationYearsModel::onTaskDone);
        m_connections[1] = connect(reader, &store::StoreReader::failed, this, &PublicationYearsModel::onFailed);
    }
    setCounts({});
    refresh();
}

void PublicationYearsModel::refresh()
{
    if (!m_reader)
        return;
    m_token = m_reader->newToken();
    m_reader->requestTask(m_token, [](const std::shared_ptr<store::Store> &s) -> mirror::Result<QVariant> {
        auto counts = store::PublicationStore(s).perCollectionAndYear();
        if (!counts)
            return counts.error();
        return QVariant::fromValue(std::move(*counts));
    });
}

void PublicationYearsModel::setCounts(const std::vector<store::PublicationYearCount> &counts)
{
    beginResetModel();
    std::set<QString> collections;
    std::set<int> years;
    bool unknownYear = false;
    for (const store::PublicationYearCount &c : counts) {
        collections.insert(c.collection);
        if (c.year)
            years.insert(*c.year);
        else
            unknownYear = true;
    }
    m_collections = QStringList(collections.begin(), collections.end());
    m_years.assign(years.begin(), years.end());
    if (unknownYear)
        m_years.emplace_back(std::nullopt);
    m_cells.assign(static_cast<std::size_t>(m_collections.size()), std::vector<qint64>(m_years.size(), 0));
    m_rowTotals.assign(static_cast<std::size_t>(m_collections.size()), 0);
    m_total = 0;
    for (const store::PublicationYearCount &c : counts) {
        const auto row = static_cast<std::size_t>(m_collections.indexOf(c.collection));
        const auto column =
            static_cast<std::size_t>(std::find(m_years.begin(), m_years.end(), c.year) - m_years.begin());
        m_cells[row][column] += c.publications;
        m_rowTotals[row] += c.publications;
        m_total += c.publications;
    }
    endResetModel();
}

void PublicationYearsModel::onTaskDone(quint64 token, const QVariant &result)
{
    if (token != m_token)
        return;
    m_token = 0;
    setCounts(result.value<std::vector<store::PublicationYearCount>>());
    emit refreshed();
}

void PublicationYearsModel::onFailed(quint64 token, const QString &message)
{
    if (token != m_token)
        return;
    m_token = 0;
    emit loadFailed(message);
}

int PublicationYearsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_collections.size());
}

int PublicationYearsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || m_collections.isEmpty() ? 0 : static_cast<int>(m_years.size()) + 1;
}

QVariant PublicationYearsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    const auto column = static_cast<std::size_t>(index.column());
    const bool totalColumn = column == m_years.size();
    const qint64 value = totalColumn ? m_rowTotals[row] : m_cells[row][column];
    switch (role) {
    case Qt::DisplayRole: return value == 0 ? QVariant(QStringLiteral("\u2013")) : QVariant(value);
    case Qt::TextAlignmentRole: return int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        return totalColumn ? tr("%1: %n publication(s) in all", nullptr, int(value)).arg(m_collections[index.row()])
                           : tr("%1, %2: %n publication(s)", nullptr, int(value))
                                 .arg(m_collections[index.row()],
                                      m_years[column] ? QString::number(*m_years[column]) : tr("year unknown"));
    default: return {};
    }
}

QVariant PublicationYearsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Vertical)
        return section < m_collections.size() ? QVariant(m_collections[section]) : QVariant();
    if (section == static_cast<int>(m_years.size()))
        return tr("All years");
    if (section < 0 || section > static_cast<int>(m_years.size()))
        return {};
    const auto &year = m_years[static_cast<std::size_t>(section)];
    return year ? QString::number(*year) : tr("Year unknown");
}

} // namespace mirror::models
