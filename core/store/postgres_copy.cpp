#include "store/postgres_copy.h"

#include "store/store.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <libpq-fe.h>

#include <memory>
#include <utility>

namespace store {

namespace {

PGconn *connectionOf(const QSqlDatabase &db)
{
    if (db.driverName() != QLatin1String("QPSQL") || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    // Qt registers the handle under libpq's struct name ("pg_conn*" in Qt 6.4), the typedef's in other versions.
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "pg_conn*") != 0 && qstrcmp(handle.typeName(), "PGconn*") != 0))
        return nullptr;
    return *static_cast<PGconn *const *>(handle.constData());
}

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

// The server's own words (its one-line message; the detail and which row, as the error's detail) and SQLSTATE,
// through the same classification as every other store error.
mirror::Error copyError(PGconn *connection, const PGresult *result, const QString &what)
{
    const auto field = [result](int code) {
        const char *text = result ? PQresultErrorField(result, code) : nullptr;
        return QString::fromUtf8(text ? text : "").simplified();
    };
    QString message = field(PG_DIAG_MESSAGE_PRIMARY);
    if (message.isEmpty())
        message = QString::fromUtf8(PQerrorMessage(connection)).simplified();
    const auto type = PQstatus(connection) == CONNECTION_BAD ? QSqlError::ConnectionError : QSqlError::StatementError;
    mirror::Error error =
        sqlError(what, QSqlError(QStringLiteral("COPY failed"), message, type, field(PG_DIAG_SQLSTATE)));
    QStringList detail{field(PG_DIAG_MESSAGE_DETAIL), field(PG_DIAG_CONTEXT)};
    detail.removeAll(QString());
    error.detail = detail.join(QStringLiteral("; ")).toStdString();
    return error;
}

// Big-endian integers, appended whole: QByteArray::append(char) costs a call and a capacity check per byte.
template <typename Unsigned>
void putBigEndian(QByteArray &out, Unsigned value)
{
    char bytes[sizeof(Unsigned)];
    for (std::size_t i = 0; i < sizeof(Unsigned); ++i)
        bytes[i] = static_cast<char>(value >> (8 * (sizeof(Unsigned) - 1 - i)));
    out.append(bytes, static_cast<qsizetype>(sizeof bytes));
}

void putInt16(QByteArray &out, qint16 value)
{
    putBigEndian(out, static_cast<quint16>(value));
}

void putInt32(QByteArray &out, qint32 value)
{
    putBigEndian(out, static_cast<quint32>(value));
}

void putInt64(QByteArray &out, qint64 value)
{
    putBigEndian(out, static_cast<quint64>(value));
}

// One field: its length (-1 for NULL), then its bytes in the binary form of its column's type.
std::optional<QString> putField(QByteArray &out, const QVariant &value)
{
    // NULL for a null variant and for a null QString or QByteArray inside one, as Qt's drivers bind them.
    const int type = value.metaType().id();
    if (value.isNull() || (type == QMetaType::QString && value.toString().isNull())
        || (type == QMetaType::QByteArray && value.toByteArray().isNull())) {
        putInt32(out, -1);
        return std::nullopt;
    }
    switch (type) {
    case QMetaType::Int:
        putInt32(out, 4);
        putInt32(out, value.toInt());
        return std::nullopt;
    case QMetaType::LongLong:
        putInt32(out, 8);
        putInt64(out, value.toLongLong());
        return std::nullopt;
    case QMetaType::QString: {
        const QByteArray text = value.toString().toUtf8();
        if (text.contains('\0'))
            return QStringLiteral("holds text with a NUL character");
        putInt32(out, static_cast<qint32>(text.size()));
        out.append(text);
        return std::nullopt;
    }
    case QMetaType::QByteArray: {
        const QByteArray bytes = value.toByteArray();
        putInt32(out, static_cast<qint32>(bytes.size()));
        out.append(bytes);
        return std::nullopt;
    }
    default:
        return QStringLiteral("holds a value of type %1, which the store does not write")
            .arg(QString::fromLatin1(value.metaType().name()));
    }
}

} // namespace

bool copiesRows(const QSqlDatabase &db)
{
    return connectionOf(db) != nullptr;
}

namespace {

// The start of every binary COPY's body.
void putHeader(QByteArray &out)
{
    static const char signature[] = "PGCOPY\n\377\r\n"; // and its NUL: 11 bytes
    out.append(signature, sizeof signature);
    putInt32(out, 0); // flags: no OIDs
    putInt32(out, 0); // no header extension
}

} // namespace

CopySession::CopySession(const QSqlDatabase &db) : m_connection(connectionOf(db)) {}

CopySession::~CopySession()
{
    collect(); // a statement's outcome left unread makes the connection refuse the next statement
}

mirror::Result<void> CopySession::send(const QString &table, const QStringList &columns, const QByteArray &data)
{
    if (!m_connection)
        return mirror::Error{mirror::ErrorCategory::Fatal, "rows can be copied only into a PostgreSQL store"};
    if (auto failed = collect())
        return *failed;
    const QString what = QStringLiteral("cannot write %1 rows").arg(table);
    const QByteArray command =
        QStringLiteral("COPY %1 (%2) FROM STDIN (FORMAT binary)").arg(table, columns.join(QLatin1Char(','))).toUtf8();
    Result started(PQexec(m_connection, command.constData()), &PQclear);
    if (PQresultStatus(started.get()) != PGRES_COPY_IN)
        return copyError(m_connection, started.get(), what);
    const bool sent = PQputCopyData(m_connection, data.constData(), static_cast<int>(data.size())) == 1;
    // Ended either way: after a failed send the server must still be told, or the connection stays in COPY mode
    // and the rollback that follows could not be sent.
    const bool ended = PQputCopyEnd(m_connection, sent ? nullptr : "the rows could not be sent") == 1;
    m_inFlight = what;
    if (!sent || !ended) {
        const mirror::Error error = copyError(m_connection, nullptr, what);
        collect();
        return error;
    }
    return {};
}

std::optional<mirror::Error> CopySession::collect()
{
    if (m_inFlight.isEmpty())
        return std::nullopt;
    const QString what = std::exchange(m_inFlight, QString());
    std::optional<mirror::Error> failure;
    while (PGresult *raw = PQgetResult(m_connection)) {
        Result finished(raw, &PQclear);
        if (PQresultStatus(raw) != PGRES_COMMAND_OK && !failure)
            failure = copyError(m_connection, raw, what);
    }
    return failure;
}

CopyIn::CopyIn(CopySession &session, QString table, QStringList columns, qsizetype statementBytes)
    : m_session(session),
      m_table(std::move(table)),
      m_columns(std::move(columns)),
      m_statementBytes(statementBytes)
{
    putHeader(m_pending);
}

mirror::Result<void> CopyIn::addRow(const QVariant *values)
{
    const qsizetype rowStart = m_pending.size();
    putInt16(m_pending, static_cast<qint16>(m_columns.size()));
    for (qsizetype column = 0; column < m_columns.size(); ++column)
        if (auto refused = putField(m_pending, values[column])) {
            m_pending.truncate(rowStart);
            return mirror::Error{mirror::ErrorCategory::PerItem,
                                 QStringLiteral("cannot write a %1 row: column %2 %3")
                                     .arg(m_table, m_columns[column], *refused)
                                     .toStdString()};
        }
    ++m_pendingRows;
    if (m_statementBytes > 0 && m_pending.size() >= m_statementBytes)
        return send();
    return {};
}

mirror::Result<void> CopyIn::send()
{
    if (m_pendingRows == 0)
        return {};
    putInt16(m_pending, -1);
    auto sent = m_session.send(m_table, m_columns, m_pending);
    m_pending.resize(0); // keeps its capacity for the next statement
    putHeader(m_pending);
    m_pendingRows = 0;
    return sent;
}

mirror::Result<void> CopyIn::finish()
{
    if (auto sent = send(); !sent)
        return sent;
    if (auto failed = m_session.collect())
        return *failed;
    return {};
}

mirror::Result<void> copyRows(const QSqlDatabase &db, const QString &table, const QStringList &columns,
                              const QVariant *values, std::size_t rows)
{
    if (!copiesRows(db))
        return mirror::Error{mirror::ErrorCategory::Fatal, "rows can be copied only into a PostgreSQL store"};
    // Every row made before the one statement goes: a refused value leaves the server untouched.
    const auto width = static_cast<std::size_t>(columns.size());
    CopySession session(db);
    CopyIn copy(session, table, columns);
    for (std::size_t row = 0; row < rows; ++row)
        if (auto added = copy.addRow(values + row * width); !added)
            return added;
    return copy.finish();
}

mirror::Result<std::vector<qint64>> reserveKeys(const QSqlDatabase &db, const QString &table, const QString &column,
                                                std::size_t count)
{
    std::vector<qint64> keys;
    if (count == 0)
        return keys;
    keys.reserve(count);
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT nextval(pg_get_serial_sequence('%1', '%2')) FROM generate_series(1, %3)")
                        .arg(table, column)
                        .arg(count)))
        return sqlError(QStringLiteral("cannot number new %1 rows").arg(table), query.lastError());
    while (query.next())
        keys.push_back(query.value(0).toLongLong());
    if (keys.size() != count)
        return mirror::Error{mirror::ErrorCategory::Fatal,
                             QStringLiteral("the store gave %1 keys for %2 new %3 rows")
                                 .arg(keys.size())
                                 .arg(count)
                                 .arg(table)
                                 .toStdString()};
    return keys;
}

} // namespace store
