#include "store/sql_values.h"

#include "store/observation_store.h"
#include "store/store.h"

#include <QSqlError>

#include <algorithm>

namespace store::sql {

QVariant nullableInteger(const std::optional<qint64> &value)
{
    return value ? QVariant(static_cast<qlonglong>(*value)) : QVariant(QMetaType::fromType<qlonglong>());
}

QString timestamp(qint64 ms)
{
    return toSqlTimestamp(ms);
}

QVariant nullableTimestamp(const std::optional<qint64> &ms)
{
    return ms ? QVariant(toSqlTimestamp(*ms)) : QVariant(QMetaType::fromType<QString>());
}

std::optional<qint64> timestampOrNull(const QVariant &value)
{
    return fromSqlTimestamp(value);
}

QVariant nullableText(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

QVariant nullableUuid(const std::optional<QUuid> &id)
{
    return id ? QVariant(uuidText(*id)) : QVariant(QMetaType::fromType<QString>());
}

std::optional<qint64> integerOrNull(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}

std::optional<QUuid> uuidOrNull(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    const QUuid id = QUuid::fromString(value.toString());
    return id.isNull() ? std::nullopt : std::optional<QUuid>(id);
}

QString uuidText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

mirror::Result<void> checkLength(const char *column, const QString &value, int maxLength,
                                 mirror::ErrorCategory category)
{
    // Characters, not UTF-16 units: a text of astral characters may be longer in QString::size().
    const qsizetype characters =
        value.size() - std::count_if(value.cbegin(), value.cend(), [](QChar c) { return c.isLowSurrogate(); });
    if (characters <= maxLength)
        return {};
    return mirror::Error{category,
                         std::string(column) + " is " + std::to_string(characters)
                             + " characters long; the store allows " + std::to_string(maxLength) + ": "
                             + value.left(80).toStdString() + "…"};
}

QString truncated(const QString &text, int maxLength)
{
    QString result = text.left(maxLength);
    if (!result.isEmpty() && result.back().isHighSurrogate())
        result.chop(1);
    result.replace(QChar(0), QChar::ReplacementCharacter);
    return result;
}

mirror::Result<void> prepare(QSqlQuery &query, const QString &sql, const QString &what)
{
    if (!query.prepare(sql))
        return sqlError(what, query.lastError());
    return {};
}

mirror::Result<void> exec(QSqlQuery &query, const QString &what)
{
    if (!query.exec())
        return sqlError(what, query.lastError());
    return {};
}

mirror::Result<void> run(QSqlQuery &query, const QString &sql, const QVariantList &values, const QString &what)
{
    if (auto prepared = prepare(query, sql, what); !prepared)
        return prepared;
    for (const QVariant &value : values)
        query.addBindValue(value);
    return exec(query, what);
}

} // namespace store::sql
