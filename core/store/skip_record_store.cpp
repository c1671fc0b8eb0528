#include "store/skip_record_store.h"

#include "store/sql_values.h"

#include <QSqlQuery>
#include <QStringList>
#include <QVariantList>

namespace store {

const char *const skipRecordColumns = "id, source, cname, skipID, tryAfter, errorMessage, bucket, lastModified,"
                                      " reasonClass, attempts, firstFailure";

SkipRecord skipRecordFromRow(const QSqlQuery &q)
{
    SkipRecord r;
    r.id = QUuid::fromString(q.value(0).toString());
    r.source = q.value(1).toString();
    r.cname = q.value(2).toString();
    r.skipID = q.value(3).toString();
    r.tryAfter = sql::timestampOrNull(q.value(4));
    r.errorMessage = q.value(5).toString();
    r.bucket = q.value(6).toString();
    r.lastModified = sql::timestampOrNull(q.value(7));
    r.reasonClass = q.value(8).toString();
    r.attempts = q.value(9).toInt();
    r.firstFailure = sql::timestampOrNull(q.value(10));
    return r;
}

namespace {

QString describe(const QString &source, const QString &cname, const QString &skipID)
{
    return skipID + QStringLiteral(" from ") + source + QStringLiteral(" (") + cname + QLatin1Char(')');
}

// The reference's column sizes: VARCHAR(256) source and cname, VARCHAR(512) skipID.
mirror::Result<void> checkKey(const QString &source, const QString &cname, const QString &skipID)
{
    if (source.isEmpty() || cname.isEmpty() || skipID.isEmpty())
        return mirror::Error{mirror::ErrorCategory::Fatal, "a skip record needs a source, an entity type and an id"};
    if (auto ok = sql::checkLength("HarvestSkipURI.source", source, 256); !ok)
        return ok;
    if (auto ok = sql::checkLength("HarvestSkipURI.cname", cname, 256); !ok)
        return ok;
    return sql::checkLength("HarvestSkipURI.skipID", skipID, 512);
}

QString reasonText(mirror::ErrorCategory category)
{
    const std::string_view name = mirror::categoryName(category);
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

} // namespace

SkipRecordStore::SkipRecordStore(std::shared_ptr<Store> store, Clock clock)
    : m_store(std::move(store)),
      m_clock(std::move(clock))
{}

mirror::Result<SkipRecord> SkipRecordStore::record(const SkipFailure &failure)
{
    return record(m_store->database(), failure);
}

mirror::Result<SkipRecord> SkipRecordStore::record(const QSqlDatabase &db, const SkipFailure &failure)
{
    if (auto ok = checkKey(failure.source, failure.cname, failure.skipID); !ok)
        return ok.error();
    const QString what =
        QStringLiteral("cannot record the failure of ") + describe(failure.source, failure.cname, failure.skipID);
    // Insert-or-update in one statement (atomic, also with several harvesters on one PostgreSQL store), and
    // RETURNING gives back the row as it now is (attempts, the kept firstFailure). A row written by the
    // reference has no firstFailure: its lastModified is the earliest failure time we know of.
    QSqlQuery query(db);
    if (auto ok = sql::prepare(
            query,
            QStringLiteral(
                "INSERT INTO HarvestSkipURI (id, source, cname, skipID, tryAfter, errorMessage, bucket,"
                " lastModified, reasonClass, attempts, firstFailure) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)"
                " ON CONFLICT (source, cname, skipID) DO UPDATE SET tryAfter = excluded.tryAfter,"
                " errorMessage = excluded.errorMessage, lastModified = excluded.lastModified,"
                " reasonClass = excluded.reasonClass, attempts = HarvestSkipURI.attempts + 1,"
                " firstFailure = COALESCE(HarvestSkipURI.firstFailure, HarvestSkipURI.lastModified)"
                " RETURNING %1")
                .arg(QLatin1String(skipRecordColumns)),
            what);
        !ok)
        return ok.error();
    const QString id = sql::uuidText(QUuid::createUuid());
    const QString now = sql::timestamp(m_clock());
    query.addBindValue(id);
    query.addBindValue(failure.source);
    query.addBindValue(failure.cname);
    query.addBindValue(failure.skipID);
    query.addBindValue(sql::timestamp(failure.tryAfter));
    query.addBindValue(sql::truncated(failure.errorMessage, errorMessageLength));
    query.addBindValue(id.left(3));
    query.addBindValue(now);
    query.addBindValue(reasonText(failure.reason));
    query.addBindValue(now);
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    if (!query.next())
        return mirror::Error{mirror::ErrorCategory::Fatal, what.toStdString() + ": the store returned no row"};
    return skipRecordFromRow(query);
}

mirror::Result<bool> SkipRecordStore::adopt(const QSqlDatabase &db, const SkipRecord &record,
                                            mirror::ErrorCategory reason)
{
    if (auto ok = checkKey(record.source, record.cname, record.skipID); !ok)
        return ok.error();
    const QString what =
        QStringLiteral("cannot take over the skip record of ") + describe(record.source, record.cname, record.skipID);
    const QUuid id = QUuid::createUuid(); // the other harvester's ids may already be taken here
    const qint64 written = record.lastModified.value_or(m_clock());
    QSqlQuery query(db);
    if (auto ok = sql::run(
            query,
            QStringLiteral("INSERT INTO HarvestSkipURI (id, source, cname, skipID, tryAfter, errorMessage,"
                           " bucket, lastModified, reasonClass, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                           " ?, 1) ON CONFLICT (source, cname, skipID) DO NOTHING"),
            {sql::uuidText(id), record.source, record.cname, record.skipID,
             sql::timestamp(record.tryAfter.value_or(written)), sql::truncated(record.errorMessage, errorMessageLength),
             sql::uuidText(id).left(3), sql::timestamp(written), reasonText(reason)},
            what);
        !ok)
        return ok.error();
    return query.numRowsAffected() > 0;
}

mirror::Result<bool> SkipRecordStore::remove(const QString &source, const QString &cname, const QString &skipID)
{
    return remove(m_store->database(), source, cname, skipID);
}

mirror::Result<bool> SkipRecordStore::remove(const QSqlDatabase &db, const QString &source, const QString &cname,
                                             const QString &skipID)
{
    const QString what = QStringLiteral("cannot remove the skip record of ") + describe(source, cname, skipID);
    QSqlQuery query(db);
    if (auto ok = sql::prepare(
            query, QStringLiteral("DELETE FROM HarvestSkipURI WHERE source = ? AND cname = ? AND skipID = ?"), what);
        !ok)
        return ok.error();
    query.addBindValue(source);
    query.addBindValue(cname);
    query.addBindValue(skipID);
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    return query.numRowsAffected() > 0;
}

mirror::Result<int> SkipRecordStore::removeSource(const QString &source, const QString &cname)
{
    const QString what = QStringLiteral("cannot remove the skip records of ") + source;
    QSqlQuery query(m_store->database());
    const QString statement = cname.isEmpty()
        ? QStringLiteral("DELETE FROM HarvestSkipURI WHERE source = ?")
        : QStringLiteral("DELETE FROM HarvestSkipURI WHERE source = ? AND cname = ?");
    if (auto ok = sql::prepare(query, statement, what); !ok)
        return ok.error();
    query.addBindValue(source);
    if (!cname.isEmpty())
        query.addBindValue(cname);
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    return query.numRowsAffected();
}

mirror::Result<std::optional<SkipRecord>> SkipRecordStore::get(const QString &source, const QString &cname,
                                                               const QString &skipID) const
{
    const QString what = QStringLiteral("cannot read the skip record of ") + describe(source, cname, skipID);
    QSqlQuery query(m_store->database());
    if (auto ok =
            sql::prepare(query,
                         QStringLiteral("SELECT %1 FROM HarvestSkipURI WHERE source = ? AND cname = ? AND skipID = ?")
                             .arg(QLatin1String(skipRecordColumns)),
                         what);
        !ok)
        return ok.error();
    query.addBindValue(source);
    query.addBindValue(cname);
    query.addBindValue(skipID);
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    if (!query.next())
        return std::optional<SkipRecord>();
    return std::optional<SkipRecord>(skipRecordFromRow(query));
}

mirror::Result<std::vector<SkipRecord>> SkipRecordStore::list(const SkipQuery &filter) const
{
    const QString what = QStringLiteral("cannot list the skip records")
        + (filter.source.isEmpty() ? QString() : QStringLiteral(" of ") + filter.source);
    QStringList conditions;
    QVariantList values;
    if (!filter.source.isEmpty()) {
        conditions << QStringLiteral("source = ?");
        values << filter.source;
    }
    if (!filter.cname.isEmpty()) {
        conditions << QStringLiteral("cname = ?");
        values << filter.cname;
    }
    if (filter.dueBy) {
        conditions << QStringLiteral("tryAfter <= ?");
        values << sql::timestamp(*filter.dueBy);
    }
    if (filter.reason) {
        conditions << QStringLiteral("reasonClass = ?");
        values << reasonText(*filter.reason);
    }
    if (filter.writtenBefore) {
        conditions << QStringLiteral("lastModified < ?");
        values << sql::timestamp(*filter.writtenBefore);
    }
    // NULLs sort first in SQLite and last in PostgreSQL: say where they go. A due list has none, and keeps
    // the plain order the (source, cname, tryAfter) index delivers.
    const QString order =
        filter.dueBy ? QStringLiteral("tryAfter, id") : QStringLiteral("tryAfter IS NULL, tryAfter, id");
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    if (auto ok = sql::prepare(query,
                               QStringLiteral("SELECT %1 FROM HarvestSkipURI%2 ORDER BY %3 LIMIT ?")
                                   .arg(QLatin1String(skipRecordColumns),
                                        conditions.isEmpty()
                                            ? QString()
                                            : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND ")),
                                        order),
                               what);
        !ok)
        return ok.error();
    for (const QVariant &value : std::as_const(values))
        query.addBindValue(value);
    query.addBindValue(std::max(filter.limit, 0));
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    std::vector<SkipRecord> records;
    while (query.next())
        records.push_back(skipRecordFromRow(query));
    return records;
}

mirror::Result<std::vector<SkipCount>> SkipRecordStore::counts(const QString &source) const
{
    const QString what = QStringLiteral("cannot count the skip records");
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    if (auto ok =
            sql::prepare(query,
                         QStringLiteral("SELECT source, cname, reasonClass, COUNT(*) FROM HarvestSkipURI%1"
                                        " GROUP BY source, cname, reasonClass ORDER BY source, cname, reasonClass")
                             .arg(source.isEmpty() ? QString() : QStringLiteral(" WHERE source = ?")),
                         what);
        !ok)
        return ok.error();
    if (!source.isEmpty())
        query.addBindValue(source);
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    std::vector<SkipCount> counts;
    while (query.next())
        counts.push_back({query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                          query.value(3).toLongLong()});
    return counts;
}

} // namespace store
