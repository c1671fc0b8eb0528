#include "store/icewind_state_reader.h"

#include "store/sql_values.h"
#include "store/store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QUuid>

#include <map>

namespace store {

namespace {

// The reference's column types as information_schema names them; a column of any other type is not one the
// reference wrote, and reading it as if it were would put wrong cursors into our store.
const QStringList textTypes = {QStringLiteral("character varying"), QStringLiteral("text"),
                               QStringLiteral("character")};
const QStringList timestampTypes = {QStringLiteral("timestamp without time zone"),
                                    QStringLiteral("timestamp with time zone")};
const QStringList uuidTypes = {QStringLiteral("uuid")};

struct ExpectedColumn {
    const char *name; // as the reference's DDL spells it (PostgreSQL keeps it in lower case)
    const QStringList *types;
    bool required;
};

const std::vector<ExpectedColumn> stateColumns = {
    {"source", &textTypes, true},
    {"cname", &textTypes, true},
    {"curLastModified", &timestampTypes, true},
    {"curID", &uuidTypes, true},
    {"lastModified", &timestampTypes, true},
    {"stateID", &uuidTypes, true},
};
// tryAfter came with a later version of the reference's schema; rows of the older one have none.
const std::vector<ExpectedColumn> skipColumns = {
    {"source", &textTypes, true},       {"cname", &textTypes, true},
    {"skipID", &textTypes, true},       {"tryAfter", &timestampTypes, false},
    {"errorMessage", &textTypes, true}, {"lastModified", &timestampTypes, true},
    {"id", &uuidTypes, true},
};

QString quoted(const QString &identifier)
{
    QString escaped = identifier;
    escaped.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

// A timestamp column as milliseconds since 1970. The reference writes UTC into "timestamp without time zone";
// PostgreSQL's epoch of such a value is taken as UTC too, so no time zone of this machine or the server enters.
QString epochMs(const char *column)
{
    return QStringLiteral("CAST(round(extract(epoch FROM %1) * 1000) AS BIGINT)").arg(QLatin1String(column));
}

QString locationText(const StoreLocation &location, const QString &schema)
{
    QString where = location.redacted();
    return where + QStringLiteral(", schema ") + schema;
}

mirror::Error refused(const QString &where, const QString &what)
{
    return mirror::Error{mirror::ErrorCategory::Fatal,
                         QStringLiteral("icewind database %1: %2").arg(where, what).toStdString()};
}

// The schema as PostgreSQL stores it: an icewind.properties names it unquoted ("caom2"), so PostgreSQL folded
// it to lower case; a name that exists exactly as typed wins.
mirror::Result<QString> resolveSchema(const QSqlDatabase &db, const QString &schema, const QString &where)
{
    for (const QString &candidate : {schema, schema.toLower()}) {
        QSqlQuery query(db);
        if (auto ok = sql::run(query, QStringLiteral("SELECT 1 FROM pg_namespace WHERE nspname = ?"), {candidate},
                               QStringLiteral("cannot look up the schema"));
            !ok)
            return ok.error();
        if (query.next())
            return candidate;
    }
    return refused(where, QStringLiteral("there is no schema named %1 in this database").arg(schema));
}

// Every column of `table` (lower case) in the schema, with its type. Empty when the table does not exist.
mirror::Result<std::map<QString, QString>> columnsOf(const QSqlDatabase &db, const QString &schema,
                                                     const QString &table)
{
    QSqlQuery query(db);
    if (auto ok = sql::run(query,
                           QStringLiteral("SELECT column_name, data_type FROM information_schema.columns"
                                          " WHERE table_schema = ? AND table_name = ?"),
                           {schema, table}, QStringLiteral("cannot read the columns of ") + table);
        !ok)
        return ok.error();
    std::map<QString, QString> columns;
    while (query.next())
        columns.emplace(query.value(0).toString(), query.value(1).toString());
    return columns;
}

// Checks a table's columns against the reference's. Returns whether the optional ones are there, all of them.
mirror::Result<bool> checkTable(const QSqlDatabase &db, const QString &schema, const char *table,
                                const std::vector<ExpectedColumn> &expected, const QString &where)
{
    const QString name = QLatin1String(table);
    auto columns = columnsOf(db, schema, name.toLower());
    if (!columns)
        return columns.error();
    if (columns->empty())
        return refused(where,
                       QStringLiteral("there is no table %1, so this is not a schema icewind or caom2harvester "
                                      "wrote to (they keep HarvestState and HarvestSkipURI in the schema named by "
                                      "caom.schema in icewind.properties)")
                           .arg(name));
    bool optionalPresent = true;
    for (const ExpectedColumn &column : expected) {
        const QString columnName = QLatin1String(column.name);
        const auto found = columns->find(columnName.toLower());
        if (found == columns->end()) {
            if (!column.required) {
                optionalPresent = false;
                continue;
            }
            QStringList present;
            for (const auto &[existing, type] : *columns)
                present << existing;
            return refused(where,
                           QStringLiteral("table %1 has no column %2 (it has %3): not the table the reference "
                                          "tools write, so nothing was read from it")
                               .arg(name, columnName, present.join(QStringLiteral(", "))));
        }
        if (!column.types->contains(found->second))
            return refused(where,
                           QStringLiteral("column %1.%2 is of type %3 where the reference tools write %4: "
                                          "nothing was read from it")
                               .arg(name, columnName, found->second, column.types->front()));
    }
    return optionalPresent;
}

mirror::Result<std::vector<HarvestState>> readStates(const QSqlDatabase &db, const QString &schema)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const QString sql = QStringLiteral("SELECT source, cname, %1, CAST(curID AS TEXT), %2, CAST(stateID AS TEXT)"
                                       " FROM %3.HarvestState ORDER BY source, cname")
                            .arg(epochMs("curLastModified"), epochMs("lastModified"), quoted(schema));
    if (auto ok = sql::run(query, sql, {}, QStringLiteral("cannot read HarvestState")); !ok)
        return ok.error();
    std::vector<HarvestState> states;
    while (query.next()) {
        HarvestState state;
        state.source = query.value(0).toString();
        state.cname = query.value(1).toString();
        state.cursor.lastModified = sql::integerOrNull(query.value(2));
        state.cursor.id = sql::uuidOrNull(query.value(3));
        state.lastModified = sql::integerOrNull(query.value(4));
        state.stateID = sql::uuidOrNull(query.value(5));
        states.push_back(std::move(state));
    }
    return states;
}

mirror::Result<std::vector<SkipRecord>> readSkips(const QSqlDatabase &db, const QString &schema, bool hasTryAfter)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const QString tryAfter = hasTryAfter ? epochMs("tryAfter") : QStringLiteral("CAST(NULL AS BIGINT)");
    const QString sql = QStringLiteral("SELECT CAST(id AS TEXT), source, cname, skipID, %1, errorMessage, %2"
                                       " FROM %3.HarvestSkipURI ORDER BY source, cname, skipID")
                            .arg(tryAfter, epochMs("lastModified"), quoted(schema));
    if (auto ok = sql::run(query, sql, {}, QStringLiteral("cannot read HarvestSkipURI")); !ok)
        return ok.error();
    std::vector<SkipRecord> skips;
    while (query.next()) {
        SkipRecord skip;
        skip.id = QUuid::fromString(query.value(0).toString());
        skip.source = query.value(1).toString();
        skip.cname = query.value(2).toString();
        skip.skipID = query.value(3).toString();
        skip.tryAfter = sql::integerOrNull(query.value(4));
        skip.errorMessage = query.value(5).toString();
        skip.lastModified = sql::integerOrNull(query.value(6));
        skip.bucket = sql::uuidText(skip.id).left(3);
        skips.push_back(std::move(skip));
    }
    return skips;
}

mirror::Result<IcewindState> readOpen(const QSqlDatabase &db, const QString &requestedSchema, const QString &where)
{
    auto schema = resolveSchema(db, requestedSchema, where);
    if (!schema)
        return schema.error();
    IcewindState state;
    state.database = where;
    if (auto checked = checkTable(db, *schema, "HarvestState", stateColumns, where); !checked)
        return checked.error();
    auto hasTryAfter = checkTable(db, *schema, "HarvestSkipURI", skipColumns, where);
    if (!hasTryAfter)
        return hasTryAfter.error();
    state.skipTableHasTryAfter = *hasTryAfter;
    // One snapshot of both tables, in case the reference is still running against them.
    QSqlQuery begin(db);
    if (!begin.exec(QStringLiteral("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")))
        return sqlError(QStringLiteral("icewind database %1: cannot start reading").arg(where), begin.lastError());
    auto states = readStates(db, *schema);
    mirror::Result<std::vector<SkipRecord>> skips = std::vector<SkipRecord>{};
    if (states)
        skips = readSkips(db, *schema, state.skipTableHasTryAfter);
    QSqlQuery end(db);
    (void)end.exec(QStringLiteral("ROLLBACK")); // read only: nothing to keep
    if (!states)
        return states.error();
    if (!skips)
        return skips.error();
    state.states = std::move(*states);
    state.skips = std::move(*skips);
    return state;
}

} // namespace

mirror::Result<IcewindState> readIcewindState(const StoreLocation &location, const QString &schema)
{
    const QString where = locationText(location, schema);
    if (location.engine != Engine::PostgreSQL)
        return mirror::Error{mirror::ErrorCategory::Fatal,
                             QStringLiteral("%1 is not a postgresql:// URL: icewind and caom2harvester keep their "
                                            "state in PostgreSQL")
                                 .arg(location.redacted())
                                 .toStdString()};
    if (schema.isEmpty())
        return refused(where, QStringLiteral("no schema given (icewind.properties names it as caom.schema)"));
    const QString name = QStringLiteral("icewind-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    mirror::Result<IcewindState> result = mirror::Error{mirror::ErrorCategory::Fatal, "not read"};
    {
        QSqlDatabase db = addConnection(location, name, true);
        if (!db.open()) {
            mirror::Error error =
                sqlError(QStringLiteral("cannot open the icewind database %1").arg(where), db.lastError());
            result = error;
        } else {
            result = readOpen(db, schema, where);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace store
