#include "store/run_detail_store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace store {
namespace {

QVariant optionalMs(const std::optional<qint64> &value)
{
    return value ? QVariant(static_cast<qlonglong>(*value)) : QVariant(QMetaType::fromType<qlonglong>());
}

std::optional<qint64> msOrNull(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}

} // namespace

RunDetailStore::RunDetailStore(std::shared_ptr<Store> store, Clock clock)
    : m_store(std::move(store)),
      m_clock(std::move(clock))
{}

mirror::Result<void> RunDetailStore::record(qint64 run, const RunDetail &d)
{
    QSqlQuery query(m_store->database());
    query.prepare(QStringLiteral(
        "UPDATE sync_run SET window_start = ?, window_end = ?, cursor_before = ?, cursor_after = ?, listed = ?,"
        " fetched = ?, ingested = ?, updated = ?, unchanged = ?, deleted = ?, skipped_new = ?, skipped_cleared = ?,"
        " host = ? WHERE run_key = ?"));
    for (const auto &value : {d.windowStart, d.windowEnd, d.cursorBefore, d.cursorAfter})
        query.addBindValue(optionalMs(value));
    for (qint64 value :
         {d.listed, d.fetched, d.ingested, d.updated, d.unchanged, d.deleted, d.skippedNew, d.skippedCleared})
        query.addBindValue(static_cast<qlonglong>(value));
    query.addBindValue(d.host);
    query.addBindValue(static_cast<qlonglong>(run));
    if (!query.exec())
        return sqlError(QStringLiteral("cannot record the details of run %1").arg(run), query.lastError());
    return {};
}

mirror::Result<std::optional<RunDetail>> RunDetailStore::get(qint64 run) const
{
    QSqlQuery query(m_store->database());
    query.prepare(QStringLiteral(
        "SELECT window_start, window_end, cursor_before, cursor_after, listed, fetched, ingested, updated,"
        " unchanged, deleted, skipped_new, skipped_cleared, host FROM sync_run WHERE run_key = ?"));
    query.addBindValue(static_cast<qlonglong>(run));
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read run %1").arg(run), query.lastError());
    if (!query.next())
        return std::optional<RunDetail>();
    RunDetail d;
    d.windowStart = msOrNull(query.value(0));
    d.windowEnd = msOrNull(query.value(1));
    d.cursorBefore = msOrNull(query.value(2));
    d.cursorAfter = msOrNull(query.value(3));
    qint64 *counters[] = {&d.listed,    &d.fetched, &d.ingested,   &d.updated,
                          &d.unchanged, &d.deleted, &d.skippedNew, &d.skippedCleared};
    for (int i = 0; i < 8; ++i)
        *counters[i] = query.value(4 + i).toLongLong();
    d.host = query.value(12).toString();
    return std::optional<RunDetail>(d);
}

mirror::Result<void> RunDetailStore::heartbeat(qint64 run)
{
    QSqlQuery query(m_store->database());
    query.prepare(QStringLiteral("UPDATE sync_run SET heartbeat_at = ? WHERE run_key = ?"));
    query.addBindValue(static_cast<qlonglong>(m_clock()));
    query.addBindValue(static_cast<qlonglong>(run));
    if (!query.exec())
        return sqlError(QStringLiteral("cannot stamp run %1").arg(run), query.lastError());
    return {};
}

mirror::Result<int> RunDetailStore::markInterrupted(qint64 staleAfterMs)
{
    QSqlQuery query(m_store->database());
    query.prepare(
        QStringLiteral("UPDATE sync_run SET outcome = 'failed', ended_at = COALESCE(heartbeat_at, started_at),"
                       " error_summary = 'interrupted: the process ended without finishing (killed or crashed)'"
                       " WHERE outcome = 'running' AND COALESCE(heartbeat_at, started_at) < ?"));
    query.addBindValue(static_cast<qlonglong>(m_clock() - staleAfterMs));
    if (!query.exec())
        return sqlError(QStringLiteral("cannot mark interrupted runs"), query.lastError());
    return query.numRowsAffected();
}

} // namespace store
