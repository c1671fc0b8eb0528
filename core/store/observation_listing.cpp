#include "store/observation_listing.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace store {
namespace {

// The listing's time window, shared by the single query and the paged one so both select the same rows.
void appendTimeBounds(const StateListingQuery &q, QString &sql, QVariantList &values)
{
    if (q.start) {
        sql += QStringLiteral(" AND max_last_modified >= ?");
        values << static_cast<qlonglong>(*q.start);
    }
    if (q.end) {
        sql += QStringLiteral(" AND max_last_modified <= ?");
        values << static_cast<qlonglong>(*q.end);
    }
}

} // namespace

ObservationListing::ObservationListing(std::shared_ptr<Store> store) : m_store(std::move(store)) {}

mirror::Result<void> ObservationListing::list(const StateListingQuery &q,
                                              const std::function<bool(const StateListingRow &)> &visit) const
{
    QString sql = QStringLiteral("SELECT observation_id, max_last_modified, acc_meta_checksum FROM observation"
                                 " WHERE collection = ?");
    QVariantList values{q.collection};
    appendTimeBounds(q, sql, values);
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

mirror::Result<void> ObservationListing::nextPage(const StateListingQuery &q, ListingCursor &cursor, int rows,
                                                  const std::function<void(const StateListingRow &)> &visit) const
{
    // The engine's place for NULLs: SQLite sorts them first, PostgreSQL last; descending reverses both.
    const bool nullsFirst = (m_store->engine() == Engine::SQLite) != q.descending;
    // Bounds exclude rows without a timestamp, as the single query's comparisons do.
    const bool withNulls = !q.start && !q.end;
    const QString direction = q.descending ? QStringLiteral(" DESC") : QString();
    const QString after = q.descending ? QStringLiteral("<") : QStringLiteral(">");
    while (!cursor.finished) {
        const qint64 wanted = std::min<qint64>(rows, q.limit - cursor.listed);
        if (wanted <= 0 || cursor.segment > 1) {
            cursor.finished = true;
            break;
        }
        const bool nullSegment = (cursor.segment == 0) == nullsFirst;
        if (nullSegment && !withNulls) {
            ++cursor.segment;
            cursor.hasLast = false;
            continue;
        }
        QString sql = QStringLiteral("SELECT obs_key, observation_id, max_last_modified, acc_meta_checksum"
                                     " FROM observation WHERE collection = ?");
        QVariantList values{q.collection};
        if (nullSegment) {
            sql += QStringLiteral(" AND max_last_modified IS NULL");
            if (cursor.hasLast) {
                sql += QStringLiteral(" AND obs_key %1 ?").arg(after);
                values << cursor.lastKey;
            }
            sql += QStringLiteral(" ORDER BY obs_key%1").arg(direction);
        } else {
            sql += QStringLiteral(" AND max_last_modified IS NOT NULL");
            appendTimeBounds(q, sql, values);
            if (cursor.hasLast) {
                sql += QStringLiteral(" AND (max_last_modified, obs_key) %1 (?, ?)").arg(after);
                values << cursor.lastModified << cursor.lastKey;
            }
            sql += QStringLiteral(" ORDER BY max_last_modified%1, obs_key%1").arg(direction);
        }
        sql += QStringLiteral(" LIMIT ?");
        values << wanted;
        QSqlQuery query(m_store->database());
        query.setForwardOnly(true);
        query.prepare(sql);
        for (const QVariant &value : values)
            query.addBindValue(value);
        if (!query.exec())
            return sqlError(QStringLiteral("cannot list collection %1").arg(q.collection), query.lastError());
        qint64 got = 0;
        StateListingRow row;
        while (query.next()) {
            ++got;
            cursor.hasLast = true;
            cursor.lastKey = query.value(0).toLongLong();
            row.observationID = query.value(1).toString();
            if (query.value(2).isNull()) {
                row.maxLastModified.reset();
            } else {
                cursor.lastModified = query.value(2).toLongLong();
                row.maxLastModified = cursor.lastModified;
            }
            row.accMetaChecksum = query.value(3).toString();
            visit(row);
        }
        cursor.listed += got;
        if (got == wanted)
            break;        // a full page: there may be more in this segment
        ++cursor.segment; // this segment is exhausted
        cursor.hasLast = false;
        if (got > 0)
            break; // hand out what was read; the next call starts the next segment
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
