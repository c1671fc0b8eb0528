#include "store/harvest_state_store.h"

#include "store/sql_values.h"

#include <QSqlError>
#include <QSqlQuery>

namespace store {

namespace {

// HarvestState's VARCHAR(256) columns. A key too long is a configuration error, not one item's.
constexpr int keyLength = 256;

mirror::Result<void> checkKey(const QString &source, const QString &cname)
{
    if (source.isEmpty() || cname.isEmpty())
        return mirror::Error{mirror::ErrorCategory::Fatal, "a harvest state needs a source and an entity type"};
    if (auto ok = sql::checkLength("HarvestState.source", source, keyLength, mirror::ErrorCategory::Fatal); !ok)
        return ok;
    return sql::checkLength("HarvestState.cname", cname, keyLength, mirror::ErrorCategory::Fatal);
}

QString describe(const QString &source, const QString &cname)
{
    return source + QStringLiteral(" (") + cname + QLatin1Char(')');
}

constexpr const char *columns = "source, cname, curLastModified, curID, lastModified, stateID";

HarvestState stateFromRow(const QSqlQuery &q)
{
    HarvestState state;
    state.source = q.value(0).toString();
    state.cname = q.value(1).toString();
    state.cursor.lastModified = sql::timestampOrNull(q.value(2));
    state.cursor.id = sql::uuidOrNull(q.value(3));
    state.lastModified = sql::timestampOrNull(q.value(4));
    state.stateID = sql::uuidOrNull(q.value(5));
    return state;
}

} // namespace

HarvestStateStore::HarvestStateStore(std::shared_ptr<Store> store, Clock clock)
    : m_store(std::move(store)),
      m_clock(std::move(clock))
{}

mirror::Result<HarvestState> HarvestStateStore::get(const QString &source, const QString &cname) const
{
    const QString what = QStringLiteral("cannot read the harvest state of ") + describe(source, cname);
    QSqlQuery query(m_store->database());
    if (auto ok = sql::prepare(
            query,
            QStringLiteral("SELECT %1 FROM HarvestState WHERE source = ? AND cname = ?").arg(QLatin1String(columns)),
            what);
        !ok)
        return ok.error();
    query.addBindValue(source);
    query.addBindValue(cname);
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    if (query.next())
        return stateFromRow(query);
    HarvestState empty;
    empty.source = source;
    empty.cname = cname;
    return empty;
}

mirror::Result<void> HarvestStateStore::put(const QString &source, const QString &cname, const HarvestCursor &cursor)
{
    return put(m_store->database(), source, cname, cursor);
}

mirror::Result<void> HarvestStateStore::put(const QSqlDatabase &db, const QString &source, const QString &cname,
                                            const HarvestCursor &cursor)
{
    if (auto ok = checkKey(source, cname); !ok)
        return ok;
    const QString what = QStringLiteral("cannot write the harvest cursor of ") + describe(source, cname);
    // One statement for insert-or-update: atomic on both engines, also when two harvesters share a
    // PostgreSQL store. The stateID of an existing row is kept.
    QSqlQuery query(db);
    if (auto ok = sql::prepare(
            query,
            QStringLiteral("INSERT INTO HarvestState (stateID, source, cname, curLastModified, curID, lastModified)"
                           " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source, cname) DO UPDATE SET"
                           " curLastModified = excluded.curLastModified, curID = excluded.curID,"
                           " lastModified = excluded.lastModified"),
            what);
        !ok)
        return ok;
    query.addBindValue(sql::uuidText(QUuid::createUuid()));
    query.addBindValue(source);
    query.addBindValue(cname);
    query.addBindValue(sql::nullableTimestamp(cursor.lastModified));
    query.addBindValue(sql::nullableUuid(cursor.id));
    query.addBindValue(sql::timestamp(m_clock()));
    return sql::exec(query, what);
}

mirror::Result<std::vector<HarvestState>> HarvestStateStore::list() const
{
    const QString what = QStringLiteral("cannot list the harvest states");
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT %1 FROM HarvestState ORDER BY source, cname").arg(QLatin1String(columns))))
        return sqlError(what, query.lastError());
    std::vector<HarvestState> states;
    while (query.next())
        states.push_back(stateFromRow(query));
    return states;
}

mirror::Result<int> HarvestStateStore::remove(const QString &source, const QString &cname)
{
    const QString what =
        QStringLiteral("cannot reset the harvest state of ") + (cname.isEmpty() ? source : describe(source, cname));
    QSqlQuery query(m_store->database());
    const QString statement = cname.isEmpty()
        ? QStringLiteral("DELETE FROM HarvestState WHERE source = ?")
        : QStringLiteral("DELETE FROM HarvestState WHERE source = ? AND cname = ?");
    if (auto ok = sql::prepare(query, statement, what); !ok)
        return ok.error();
    query.addBindValue(source);
    if (!cname.isEmpty())
        query.addBindValue(cname);
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    return query.numRowsAffected();
}

} // namespace store
