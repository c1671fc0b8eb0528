#include "store/observation_lookup.h"

#include "store/row_inserter.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace store {
namespace {

const QString columns =
    QStringLiteral("SELECT collection, observation_id, id, acc_meta_checksum, max_last_modified, source, state, obs_key"
                   " FROM observation ");

// The same statement as the upsert's counter update: one row per (source, collection, state).
const QString bumpCount =
    QStringLiteral("INSERT INTO collection_stats (source, collection, state, observation_count) VALUES (?, ?, ?, ?)"
                   " ON CONFLICT (source, collection, state) DO UPDATE"
                   " SET observation_count = collection_stats.observation_count + excluded.observation_count");

ObservationKey keyFrom(const QSqlQuery &query)
{
    ObservationKey key;
    key.collection = query.value(0).toString();
    key.observationID = query.value(1).toString();
    key.id = query.value(2).toString();
    key.accMetaChecksum = query.value(3).toString();
    if (!query.value(4).isNull())
        key.maxLastModified = query.value(4).toLongLong();
    key.source = query.value(5).toString();
    key.state = query.value(6).toString();
    key.obsKey = query.value(7).toLongLong();
    return key;
}

// How many IDs one lookup statement carries. Qt's SQLite driver binds each parameter through a linear scan
// of the statement's parameters, so its statements stay small; on PostgreSQL every statement is a round trip.
qsizetype idsPerLookup(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QPSQL") ? 200 : 32;
}

} // namespace

ObservationLookup::ObservationLookup(std::shared_ptr<Store> store) : m_store(std::move(store)) {}

mirror::Result<std::optional<ObservationKey>> ObservationLookup::one(const QString &where, const QVariantList &values,
                                                                     const QString &what) const
{
    QSqlQuery query(m_store->database());
    query.prepare(columns + where);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot look up %1").arg(what), query.lastError());
    if (!query.next())
        return std::optional<ObservationKey>();
    return std::optional<ObservationKey>(keyFrom(query));
}

mirror::Result<std::map<QString, ObservationKey>> ObservationLookup::byUris(const QString &collection,
                                                                            const QStringList &observationIDs) const
{
    std::map<QString, ObservationKey> found;
    if (observationIDs.isEmpty())
        return found;
    // One statement of a fixed size, prepared once and run once per chunk; a short last chunk repeats its
    // last ID (a repeated value in IN changes nothing), so no second statement has to be prepared.
    const QSqlDatabase db = m_store->database();
    const qsizetype chunk = std::min(observationIDs.size(), idsPerLookup(db));
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (writesLiterals(db)) {
        // PostgreSQL: the values as literals, one round trip per chunk where a prepared statement took three
        // (PREPARE, EXECUTE, DEALLOCATE); an upsert of many collections looks each one up.
        for (qsizetype first = 0; first < observationIDs.size(); first += chunk) {
            QStringList ids;
            for (qsizetype i = first; i < std::min(first + chunk, observationIDs.size()); ++i)
                ids << sqlLiteral(db.driver(), observationIDs[i]);
            if (!query.exec(columns + QStringLiteral("WHERE collection = ") + sqlLiteral(db.driver(), collection)
                            + QStringLiteral(" AND observation_id IN (") + ids.join(QLatin1Char(','))
                            + QLatin1Char(')')))
                return sqlError(QStringLiteral("cannot look up observations of %1").arg(collection), query.lastError());
            while (query.next()) {
                ObservationKey key = keyFrom(query);
                QString id = key.observationID;
                found.emplace(std::move(id), std::move(key));
            }
        }
        return found;
    }
    if (!query.prepare(columns + QStringLiteral("WHERE collection = ? AND observation_id IN (")
                       + QStringList(chunk, QStringLiteral("?")).join(QLatin1Char(',')) + QLatin1Char(')')))
        return sqlError(QStringLiteral("cannot look up observations of %1").arg(collection), query.lastError());
    for (qsizetype first = 0; first < observationIDs.size(); first += chunk) {
        query.addBindValue(collection);
        for (qsizetype i = 0; i < chunk; ++i)
            query.addBindValue(observationIDs[std::min(first + i, observationIDs.size() - 1)]);
        if (!query.exec())
            return sqlError(QStringLiteral("cannot look up observations of %1").arg(collection), query.lastError());
        while (query.next()) {
            ObservationKey key = keyFrom(query);
            QString id = key.observationID;
            found.emplace(std::move(id), std::move(key));
        }
        query.finish();
    }
    return found;
}

mirror::Result<std::optional<ObservationKey>> ObservationLookup::byUri(const QString &collection,
                                                                       const QString &observationID) const
{
    return one(QStringLiteral("WHERE collection = ? AND observation_id = ?"), {collection, observationID},
               QStringLiteral("caom:%1/%2").arg(collection, observationID));
}

mirror::Result<std::optional<ObservationKey>> ObservationLookup::byId(const QUuid &id) const
{
    const QString text = id.toString(QUuid::WithoutBraces);
    return one(QStringLiteral("WHERE id = ?"), {text}, QStringLiteral("observation %1").arg(text));
}

mirror::Result<bool> ObservationLookup::setState(const QString &collection, const QString &observationID,
                                                 const QString &state)
{
    auto current = byUri(collection, observationID);
    if (!current)
        return current.error();
    if (!current->has_value())
        return false;
    const ObservationKey &key = **current;
    if (key.state == state)
        return true;
    QSqlDatabase db = m_store->database();
    QSqlQuery query(db); // before the transaction: freed after its rollback, or PostgreSQL keeps the statement
    Transaction transaction(db);
    query.prepare(QStringLiteral("UPDATE observation SET state = ? WHERE collection = ? AND observation_id = ?"));
    query.addBindValue(state);
    query.addBindValue(collection);
    query.addBindValue(observationID);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot mark caom:%1/%2 %3").arg(collection, observationID, state),
                        query.lastError());
    for (const auto &[countedState, delta] : {std::pair{key.state, -1}, std::pair{state, +1}}) {
        query.prepare(bumpCount);
        query.addBindValue(key.source);
        query.addBindValue(collection);
        query.addBindValue(countedState);
        query.addBindValue(delta);
        if (!query.exec())
            return sqlError(QStringLiteral("cannot update collection counts"), query.lastError());
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return true;
}

} // namespace store
