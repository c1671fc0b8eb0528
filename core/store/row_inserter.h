#pragma once

#include "common/result.h"
#include "store/postgres_copy.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <map>
#include <memory>
#include <optional>

#include <vector>

// Buffers rows for one table and writes them with multi-row INSERT statements: one statement per
// `rowsPerStatement` rows instead of one per row, which is what makes a subtree of hundreds of entities
// cheap to write. On PostgreSQL every buffered row goes by one COPY at flush() instead, or, after streamInto(),
// by COPY statements sent as the rows are added (postgres_copy.h).
//
// Statements are prepared once per row count and reused for the whole batch. They stay small
// (rowsPerStatement rows): Qt's SQLite driver looks up every bound parameter's name by a linear scan, so
// binding N values costs O(N^2) and a 2,000-value statement spent most of an upsert there; SQL literals
// instead cost as much again in SQLite's parser. Values are bound by name (":v0", ":v1", ... made once):
// Qt 6.4 gives every positional value a name of its own by formatting its number with QString::arg, which
// was 15 % of a sample-mix upsert's instructions, more than SQLite's own work. Text holding NUL, which
// neither engine keeps, is refused.
namespace store {

// Rows per multi-row statement of `columns` values each, for the connection's engine. SQLite: 8 (see above;
// 4 to 32 measure the same). PostgreSQL: about 2,000 values, because there every statement is a network
// round trip and a wake-up of the server process, which on a small machine costs more than the values.
int rowsPerStatement(const QSqlDatabase &db, int columns);

// Whether multi-row statements carry their values as literals (PostgreSQL) rather than bound (SQLite). Qt's
// PostgreSQL driver runs a prepared statement as "EXECUTE name (value, ...)" with every value as text, and the
// server then plans each one as a parameter expression: for 2,000-value INSERTs that was most of the
// database's CPU (perf: ExecPrepareExprList, eval_const_expressions). Written into the statement by the same
// escaping the driver applies (QSqlDriver::formatValue), they are plain constants, and the statement needs
// no PREPARE and DEALLOCATE round trips around it.
bool writesLiterals(const QSqlDatabase &db);
// One value as an SQL literal of the connection's driver (NULL for a null value).
QString sqlLiteral(const QSqlDriver *driver, const QVariant &value);
// "(v, v, ...), (v, v, ...)": `rows` rows of `columns` values from `values` (row after row), as literals.
QString literalRows(const QSqlDriver *driver, const QVariant *values, std::size_t rows, std::size_t columns);
// ":v0", ":v1", ...: `count` placeholder names, and "(:v0,:v1),(:v2,:v3)" for `rows` rows of `columns` of them.
QStringList placeholderNames(qsizetype count);
QString valueRows(const QStringList &names, qsizetype rows, qsizetype columns);

class RowInserter {
public:
    // rowsPerStatement 0: the engine's choice (rowsPerStatement() above).
    RowInserter(QSqlDatabase db, QString table, QStringList columns, int rowsPerStatement = 0);

    // PostgreSQL: rows go by COPY statements of about `statementBytes` on `session` as they are added, instead of
    // all at flush() (postgres_copy.h). The session must outlive the inserter.
    void streamInto(CopySession &session, qsizetype statementBytes);

    // Appends one row; values in column order. A row refused while streaming fails flush().
    void add(std::initializer_list<QVariant> values);
    // Writes every buffered row.
    mirror::Result<void> flush();

private:
    QSqlQuery &statementFor(int rows);

    QSqlDatabase m_db;
    QString m_table;
    QStringList m_columns;
    int m_rowsPerStatement;
    bool m_copies = false;                      // PostgreSQL: all rows by one COPY (postgres_copy.h) instead of INSERTs
    std::optional<CopyIn> m_stream;             // set by streamInto()
    std::optional<mirror::Error> m_streamError; // the first refusal while streaming
    std::vector<QVariant> m_values;
    std::map<int, std::unique_ptr<QSqlQuery>> m_statements; // prepared once per row count
    QStringList m_names;                                    // placeholder names, ":v0" onwards
};

} // namespace store
