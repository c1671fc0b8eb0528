#pragma once

#include "common/result.h"

#include <QSqlDatabase>
#include <QStringList>
#include <QVariant>

#include <cstddef>
#include <optional>

struct pg_conn; // libpq's connection (PGconn), which only postgres_copy.cpp includes

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

// The COPY statements of one connection, in order, at most one in flight: each is sent whole and ended without
// waiting for the server, whose outcome is read before the next statement starts (or by collect()), so the caller
// makes the next rows while the server inserts these. Nothing else may use the connection while a statement is in
// flight. A failure leaves the transaction to be rolled back by the caller.
class CopySession {
public:
    explicit CopySession(const QSqlDatabase &db);
    ~CopySession(); // collects
    CopySession(const CopySession &) = delete;
    CopySession &operator=(const CopySession &) = delete;

    // One statement of `data` (a binary COPY's whole body) into `table`, after the outcome of the one before.
    mirror::Result<void> send(const QString &table, const QStringList &columns, const QByteArray &data);
    // Waits for the statement in flight, if one is, and gives its failure.
    std::optional<mirror::Error> collect();

private:
    pg_conn *m_connection;
    QString m_inFlight; // what the statement in flight does, for its error ("cannot write plane rows")
};

// Rows into one table by COPY, a row at a time. With `statementBytes` set, a statement goes each time about that
// many bytes of rows are made (an upsert's threads prepare the later observations while the server inserts the
// earlier ones; one long COPY would not overlap, since in binary format the server buffers up to 1,000 rows of a
// statement and inserts them only at its end). Several CopyIns on one session interleave their statements.
class CopyIn {
public:
    // statementBytes 0: every row in one statement, sent by finish().
    CopyIn(CopySession &session, QString table, QStringList columns, qsizetype statementBytes = 0);

    // One row of columns.size() values, of the types copyRows() takes. A refused value adds nothing and names the
    // column; the rows before it stay. Fails too when a statement before it on the session failed.
    mirror::Result<void> addRow(const QVariant *values);
    // Sends the rows made since the last statement, without waiting.
    mirror::Result<void> send();
    // Sends what is left and waits for the server to take every row (or name the first it refused).
    mirror::Result<void> finish();

private:
    CopySession &m_session;
    QString m_table;
    QStringList m_columns;
    qsizetype m_statementBytes;
    QByteArray m_pending; // the next statement's body: header, then encoded rows
    std::size_t m_pendingRows = 0;
};

// `count` fresh keys from the identity sequence of `table`.`column`, in one statement: rows copied with
// keys of their own then need no RETURNING to be known.
mirror::Result<std::vector<qint64>> reserveKeys(const QSqlDatabase &db, const QString &table, const QString &column,
                                                std::size_t count);

} // namespace store
