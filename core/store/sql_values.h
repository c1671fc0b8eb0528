#pragma once

#include "common/result.h"

#include <QSqlQuery>
#include <QString>
#include <QUuid>
#include <QVariant>

#include <optional>

// Helpers the sync-state stores share (not part of the store's API): typed NULLs, UUID text, and length
// limits checked in code so that both engines give the same answer (SQLite ignores VARCHAR(n), PostgreSQL
// refuses longer text).
namespace store::sql {

QVariant nullableInteger(const std::optional<qint64> &value);

// The reference-named tables keep timestamps; these forward to toSqlTimestamp/fromSqlTimestamp
// (observation_store.h), so that only one file of the sync-state stores depends on that header.
QString timestamp(qint64 ms);
QVariant nullableTimestamp(const std::optional<qint64> &ms);
std::optional<qint64> timestampOrNull(const QVariant &value);
QVariant nullableText(const QString &text); // "" becomes NULL
QVariant nullableUuid(const std::optional<QUuid> &id);

std::optional<qint64> integerOrNull(const QVariant &value);
std::optional<QUuid> uuidOrNull(const QVariant &value);

// Lower-case, no braces: the text PostgreSQL's uuid type prints, so ids compare equal on both engines.
QString uuidText(const QUuid &id);

// An Error naming the column when `value` is longer than the column allows (counted in characters, as
// PostgreSQL does).
mirror::Result<void> checkLength(const char *column, const QString &value, int maxLength,
                                 mirror::ErrorCategory category = mirror::ErrorCategory::PerItem);

// `text` cut to at most `maxLength` characters without splitting a surrogate pair, NUL characters replaced
// (PostgreSQL refuses them in text).
QString truncated(const QString &text, int maxLength);

// prepare() and exec() that return an Error saying what failed, with the driver's message.
mirror::Result<void> prepare(QSqlQuery &query, const QString &sql, const QString &what);
mirror::Result<void> exec(QSqlQuery &query, const QString &what);
// The steps every statement of the store takes: prepare `sql`, bind `values` in order, execute. Errors say
// `what` failed, with the driver's message.
mirror::Result<void> run(QSqlQuery &query, const QString &sql, const QVariantList &values, const QString &what);

} // namespace store::sql
