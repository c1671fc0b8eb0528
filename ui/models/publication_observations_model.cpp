#include "models/publication_observations_model.h"

#include "store/store_reader.h"

namespace mirror::models {

PublicationObservationsModel::PublicationObservationsModel(QObject *parent) : QAbstractListModel(parent)
{
    qRegisterMetaType<std::vector<store::ObservationRef>>();
}

void PublicationObservationsModel::setReader(store::StoreReader *reader)
{
    for (QMetaObject::Connection &connection : m_connections)
        disconnect(connection);
    m_reader = reader;
    if (reader) {
        m_connections[0] =
            connect(reader, &store::StoreReader::taskDone, this, &PublicationObservationsModel::onTaskDone);
        m_connections[1] = connect(reader, &store::StoreReader::failed, this, &PublicationObservationsModel::onFailed);
    }
    const QString bibcode = m_bibcode;
    m_bibcode.clear();
    setPublication(bibcode);
}

void PublicationObservationsModel::setPublication(const QString &bibcode)
{
    if (bibcode == m_bibcode && !bibcode.isEmpty())
        return;
    m_bibcode = bibcode;
    m_token = 0; // an answer for the publication shown before is dropped
    if (!m_rows.empty()) {
        beginResetModel();
        m_rows.clear();
        endResetModel();
    }
    if (!m_reader || bibcode.isEmpty())
        return;
    m_token = m_reader->newToken();
    m_reader->requestTask(m_token, [bibcode](const std::shared_ptr<store::Store> &s) -> mirror::Result<QVariant> {
        auto rows = store::PublicationStore(s).observationsOfPublication(bibcode, rowLimit);
        if (!rows)
            return rows.error();
        return QVariant::fromValue(std::move(*rows));
    });
}

void PublicationObservationsModel::onTaskDone(quint64 token, const QVariant &result)
{
    if (token != m_token)
        return;
    m_token = 0;
    auto rows = result.value<std::vector<store::ObservationRef>>();
    if (!rows.empty()) {
        beginInsertRows({}, 0, static_cast<int>(rows.size()) - 1);
        m_rows = std::move(rows);
        endInsertRows();
    }
    emit loaded(static_cast<int>(m_rows.size()));
}

void PublicationObservationsModel::onFailed(quint64 token, const QString &message)
{
    if (token != m_token)
        return;
    m_token = 0;
    emit loadFailed(message);
}

int PublicationObservationsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant PublicationObservationsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const store::ObservationRef &ref = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole: return QStringLiteral("%1 / %2").arg(ref.collection, ref.observationID);
    case Qt::ToolTipRole: return tr("Click to open %1/%2 in the browser").arg(ref.collection, ref.observationID);
    case CollectionRole: return ref.collection;
    case ObservationIdRole: return ref.observationID;
    case SourceRole: return ref.source;
    default: return {};
    }
}

} // namespace mirror::models
