#include "store/source_listing_store.h"

#include "store/row_inserter.h"
#include "store/sql_values.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <map>
#include <memory>

namespace store {

namespace {

constexpr int columnCount = 6; // source, collection, observation_id, acc_meta_checksum, max_last_modified, seen_at

QString describe(const QString &source, const QString &collection)
{
    return collection + QStringLiteral(" at ") + source;
}

// `rows` is the VALUES list: "(v, v, ...), (...)".
QString upsertSql(const QString &rows)
{
    return QStringLiteral("INSERT INTO source_listing"
                          " (source, collection, observation_id, acc_meta_checksum, max_last_modified, seen_at)"
                          " VALUES %1 ON CONFLICT (source, collection, observation_id) DO UPDATE SET"
                          " acc_meta_checksum = excluded.acc_meta_checksum,"
                          " max_last_modified = excluded.max_last_modified, seen_at = excluded.seen_at")
        .arg(rows);
}

} // namespace

SourceListingStore::SourceListingStore(std::shared_ptr<Store> store, Clock clock)
    : m_store(std::move(store)),
      m_clock(std::move(clock))
{}

mirror::Result<void> SourceListingStore::record(const QString &source, const QString &collection,
                                                const std::vector<ListingRow> &rows)
{
    QSqlDatabase db = m_store->database();
    Transaction transaction(db);
    if (auto ok = record(db, source, collection, rows); !ok)
        return ok;
    return transaction.commit();
}

mirror::Result<void> SourceListingStore::record(const QSqlDatabase &db, const QString &source,
                                                const QString &collection, const std::vector<ListingRow> &rows)
{
    if (rows.empty())
        return {};
    const QString what = QStringLiteral("cannot record the listing of ") + describe(source, collection);
    const qlonglong now = m_clock();
    // Every listed row of a validate passes here (ten million for a big collection), so the statements are the
    // upsert's: small multi-row statements prepared once per row count with values bound by name on SQLite
    // (Qt 6.4 names each positional value with QString::arg and looks names up by a linear scan: 200 rows of
    // six positional values cost more than SQLite's own work), literals on PostgreSQL (row_inserter.h).
    const int perStatement = rowsPerStatement(db, columnCount);
    const bool literals = writesLiterals(db);
    const QStringList names = literals ? QStringList() : placeholderNames(qsizetype(perStatement) * columnCount);
    std::map<int, std::unique_ptr<QSqlQuery>> prepared; // by row count
    std::vector<QVariant> values;
    values.reserve(static_cast<std::size_t>(perStatement) * columnCount);
    QSet<QString> seen;
    std::size_t at = 0;
    while (at < rows.size()) {
        // A listing may name one observation twice (a page boundary re-read): the last row wins, and one
        // statement must not hold the same key twice (PostgreSQL refuses that).
        values.clear();
        seen.clear();
        std::size_t taken = 0;
        for (; taken < static_cast<std::size_t>(perStatement) && at + taken < rows.size(); ++taken) {
            const ListingRow &row = rows[at + taken];
            if (seen.contains(row.observationID))
                break;
            seen.insert(row.observationID);
            values.insert(values.end(),
                          {source, collection, row.observationID, sql::nullableText(row.accMetaChecksum),
                           sql::nullableInteger(row.maxLastModified), QVariant(now)});
        }
        const int inStatement = static_cast<int>(taken);
        if (literals) {
            QSqlQuery query(db);
            if (!query.exec(upsertSql(literalRows(db.driver(), values.data(), taken, columnCount))))
                return sqlError(what, query.lastError());
        } else {
            std::unique_ptr<QSqlQuery> &query = prepared[inStatement];
            if (!query) {
                query = std::make_unique<QSqlQuery>(db);
                if (auto ok = sql::prepare(*query, upsertSql(valueRows(names, inStatement, columnCount)), what); !ok)
                    return ok;
            }
            for (std::size_t i = 0; i < values.size(); ++i)
                query->bindValue(names[static_cast<qsizetype>(i)], values[i]);
            if (auto ok = sql::exec(*query, what); !ok)
                return ok;
        }
        at += taken;
    }
    return {};
}

mirror::Result<int> SourceListingStore::remove(const QSqlDatabase &db, const QString &source, const QString &collection,
                                               const QStringList &observationIDs)
{
    const QString what = QStringLiteral("cannot forget observations of ") + describe(source, collection);
    QSqlQuery query(db);
    if (auto ok = sql::prepare(query,
                               QStringLiteral("DELETE FROM source_listing WHERE source = ? AND collection = ?"
                                              " AND observation_id = ?"),
                               what);
        !ok)
        return ok.error();
    int removed = 0;
    for (const QString &id : observationIDs) {
        query.addBindValue(source);
        query.addBindValue(collection);
        query.addBindValue(id);
        if (auto ok = sql::exec(query, what + QStringLiteral(" (") + id + QLatin1Char(')')); !ok)
            return ok.error();
        removed += std::max(query.numRowsAffected(), 0);
    }
    return removed;
}

mirror::Result<bool> SourceListingStore::removeDeleted(const QSqlDatabase &db, const QString &source,
                                                       const QString &collection, const QString &observationID,
                                                       qint64 deletedAt)
{
    QSqlQuery query(db);
    auto ok =
        sql::run(query,
                 QStringLiteral("DELETE FROM source_listing WHERE source = ? AND collection = ?"
                                " AND observation_id = ? AND (max_last_modified IS NULL OR max_last_modified < ?)"),
                 {source, collection, observationID, static_cast<qlonglong>(deletedAt)},
                 QStringLiteral("cannot forget the deleted observation %1 of %2")
                     .arg(observationID, describe(source, collection)));
    if (!ok)
        return ok.error();
    return query.numRowsAffected() > 0;
}

mirror::Result<int> SourceListingStore::forgetUnseenSince(const QString &source, const QString &collection,
                                                          qint64 listingStart)
{
    QSqlQuery query(m_store->database());
    auto ok = sql::run(
        query, QStringLiteral("DELETE FROM source_listing WHERE source = ? AND collection = ? AND seen_at < ?"),
        {source, collection, static_cast<qlonglong>(listingStart)},
        QStringLiteral("cannot forget what ") + describe(source, collection) + QStringLiteral(" no longer lists"));
    if (!ok)
        return ok.error();
    return std::max(query.numRowsAffected(), 0);
}

mirror::Result<std::vector<ListingRow>> SourceListingStore::list(const QString &source, const QString &collection,
                                                                 int limit, qint64 offset) const
{
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    auto ok = sql::run(query,
                       QStringLiteral("SELECT observation_id, acc_meta_checksum, max_last_modified, seen_at"
                                      " FROM source_listing WHERE source = ? AND collection = ?"
                                      " ORDER BY observation_id LIMIT ? OFFSET ?"),
                       {source, collection, std::max(limit, 0), static_cast<qlonglong>(std::max<qint64>(offset, 0))},
                       QStringLiteral("cannot read the listing of ") + describe(source, collection));
    if (!ok)
        return ok.error();
    std::vector<ListingRow> rows;
    while (query.next())
        rows.push_back({query.value(0).toString(), query.value(1).toString(), sql::integerOrNull(query.value(2)),
                        query.value(3).toLongLong()});
    return rows;
}

mirror::Result<std::vector<SourceHolding>> SourceListingStore::holdings(const QString &collection) const
{
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    const bool one = !collection.isEmpty();
    auto ok = sql::run(query,
                       QStringLiteral("SELECT source, collection, COUNT(*), MAX(seen_at) FROM source_listing%1"
                                      " GROUP BY source, collection ORDER BY collection, source")
                           .arg(one ? QStringLiteral(" WHERE collection = ?") : QString()),
                       one ? QVariantList{collection} : QVariantList{},
                       QStringLiteral("cannot count what the partners list"));
    if (!ok)
        return ok.error();
    std::vector<SourceHolding> holdings;
    while (query.next())
        holdings.push_back({query.value(0).toString(), query.value(1).toString(), query.value(2).toLongLong(),
                            sql::integerOrNull(query.value(3))});
    return holdings;
}

} // namespace store
