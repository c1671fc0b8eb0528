#include "store/observation_listing.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace store {

ObservationListing::ObservationListing(std::shared_ptr<Store> store) : m_store(std::move(store)) {}

mirror::Result<void> ObservationListing::list(const StateListingQuery &q,
                                              const std::function<bool(const StateListingRow &)> &visit) const
{
    QString sql = QStringLiteral("SELECT observation_id, max_last_modified, acc_meta_checksum FROM observation"
                                 " WHERE collection = ?");
    QVariantList values{q.collection};
    if (q.start) {
        sql += QStringLiteral(" AND max_last_modified >= ?");
        values << static_cast<qlonglong>(*q.start);
    }
    if (q.end) {
        sql += QStringLiteral(" AND max_last_modified <= ?");
        values << static_cast<qlonglong>(*q.end);
    }
    const QString direction = q.descending ? QStringLiteral(" DESC") : QString();
    sql += QStringLiteral(" ORDER BY max_last_modified%1, obs_key%1 LIMIT ?").arg(direction);
    values << q.limit;
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot list collection %1").arg(q.collection), query.lastError());
    StateListingRow row;
    while (query.next()) {
        row.observationID = query.value(0).toString();
        row.maxLastModified =
            query.value(1).isNull() ? std::nullopt : std::optional<qint64>(query.value(1).toLongLong());
        row.accMetaChecksum = query.value(2).toString();
        if (!visit(row))
            break;
    }
    return {};
}

mirror::Result<bool> ObservationListing::hasCollection(const QString &collection) const
{
    QSqlQuery query(m_store->database());
    query.prepare(QStringLiteral("SELECT 1 FROM observation WHERE collection = ? UNION ALL"
                                 " SELECT 1 FROM DeletedObservation WHERE collection = ? LIMIT 1"));
    query.addBindValue(collection);
    query.addBindValue(collection);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot look up collection %1").arg(collection), query.lastError());
    return query.next();
}

mirror::Result<QStringList> ObservationListing::collections() const
{
    QSqlQuery query(m_store->database());
    if (!query.exec(QStringLiteral("SELECT collection FROM collection_stats WHERE observation_count > 0 UNION"
                                   " SELECT DISTINCT collection FROM DeletedObservation ORDER BY 1")))
        return sqlError(QStringLiteral("cannot list collections"), query.lastError());
    QStringList names;
    while (query.next())
        names << query.value(0).toString();
    return names;
}

} // namespace store
