#pragma once

#include "common/result.h"

#include <QSqlDatabase>
#include <QStringList>
#include <QVariant>

#include <cstddef>

// Rows into PostgreSQL by `COPY ... FROM STDIN (FORMAT binary)`, on the connection Qt's driver already holds
// (so inside the transaction it opened). A multi-row INSERT makes the server lex and parse every value, a
// document as about 7 kB of hex text; COPY in binary takes the bytes as they are and inserts the rows in
// pages (perf on a harvest: lexing, parsing and copying the statement were about a third of the server's CPU).
// Qt Sql has no COPY, so this is the one place that uses libpq beside Qt's driver; everything else, SQLite
// included, writes through Qt Sql as before.
namespace store {

// Whether rows can be copied on this connection: a PostgreSQL connection whose libpq handle Qt exposes.
bool copiesRows(const QSqlDatabase &db);

// Writes `rows` rows of columns.size() values each (row after row) into `table` with one COPY. A value is
// null, or an int (integer column), a qlonglong (bigint), a QString (text) or a QByteArray (bytea); any other
// type is refused before anything is sent. Text holding NUL, which PostgreSQL does not keep, is refused too.
// Errors name the table and carry the server's message and SQLSTATE (so a lost connection is transient).
mirror::Result<void> copyRows(const QSqlDatabase &db, const QString &table, const QStringList &columns,
                              const QVariant *values, std::size_t rows);

// `count` fresh keys from the identity sequence of `table`.`column`, in one statement: rows copied with
// keys of their own then need no RETURNING to be known.
mirror::Result<std::vector<qint64>> reserveKeys(const QSqlDatabase &db, const QString &table, const QString &column,
                                                std::size_t count);

} // namespace store
