#include "store/postgres_copy.h"

#include "store/store.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <libpq-fe.h>

#include <memory>

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

mirror::Result<void> copyRows(const QSqlDatabase &db, const QString &table, const QStringList &columns,
                              const QVariant *values, std::size_t rows)
{
    PGconn *connection = connectionOf(db);
    if (!connection)
        return mirror::Error{mirror::ErrorCategory::Fatal, "rows can be copied only into a PostgreSQL store"};
    if (rows == 0)
        return {};
    const auto width = static_cast<std::size_t>(columns.size());
    static const char signature[] = "PGCOPY\n\377\r\n"; // and its NUL: 11 bytes
    QByteArray data;
    data.append(signature, sizeof signature);
    putInt32(data, 0); // flags: no OIDs
    putInt32(data, 0); // no header extension
    for (std::size_t row = 0; row < rows; ++row) {
        putInt16(data, static_cast<qint16>(width));
        for (std::size_t column = 0; column < width; ++column)
            if (auto refused = putField(data, values[row * width + column]))
                return mirror::Error{mirror::ErrorCategory::PerItem,
                                     QStringLiteral("cannot write a %1 row: column %2 %3")
                                         .arg(table, columns[static_cast<qsizetype>(column)], *refused)
                                         .toStdString()};
    }
    putInt16(data, -1);

    const QString what = QStringLiteral("cannot write %1 rows").arg(table);
    const QByteArray command =
        QStringLiteral("COPY %1 (%2) FROM STDIN (FORMAT binary)").arg(table, columns.join(QLatin1Char(','))).toUtf8();
    Result started(PQexec(connection, command.constData()), &PQclear);
    if (PQresultStatus(started.get()) != PGRES_COPY_IN)
        return copyError(connection, started.get(), what);
    const bool sent = PQputCopyData(connection, data.constData(), static_cast<int>(data.size())) == 1;
    // Ends the COPY either way: after a failed send the server must still be told, or the connection stays in
    // COPY mode and the rollback that follows could not be sent.
    const bool ended = PQputCopyEnd(connection, sent ? nullptr : "the rows could not be sent") == 1;
    std::optional<mirror::Error> failure;
    while (PGresult *raw = PQgetResult(connection)) {
        Result finished(raw, &PQclear);
        if (PQresultStatus(raw) != PGRES_COMMAND_OK && !failure)
            failure = copyError(connection, raw, what);
    }
    if (failure)
        return *failure;
    if (!sent || !ended)
        return copyError(connection, nullptr, what);
    return {};
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
