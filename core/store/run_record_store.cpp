#include "store/run_record_store.h"

#include "store/sql_values.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QVariantList>

#include <array>
#include <utility>

namespace store {

namespace {

constexpr std::array<std::pair<RunOutcome, const char *>, 5> outcomeNames{{
    {RunOutcome::Running, "running"},
    {RunOutcome::Succeeded, "succeeded"},
    {RunOutcome::Failed, "failed"},
    {RunOutcome::Cancelled, "cancelled"},
    {RunOutcome::Partial, "partial"},
}};

constexpr const char *columns = "run_key, kind, mode, source, collection, started_at, ended_at, outcome, items_ok,"
                                " items_skipped, items_failed, deletions, bytes, error_summary";

QString describeRun(qint64 run)
{
    return QStringLiteral("run %1").arg(run);
}

void bindCounts(QSqlQuery &query, const RunCounts &counts)
{
    query.addBindValue(static_cast<qlonglong>(counts.itemsOk));
    query.addBindValue(static_cast<qlonglong>(counts.itemsSkipped));
    query.addBindValue(static_cast<qlonglong>(counts.itemsFailed));
    query.addBindValue(static_cast<qlonglong>(counts.deletions));
    query.addBindValue(static_cast<qlonglong>(counts.bytes));
}

} // namespace

QString runOutcomeName(RunOutcome outcome)
{
    for (const auto &[value, name] : outcomeNames)
        if (value == outcome)
            return QString::fromLatin1(name);
    return {};
}

std::optional<RunOutcome> runOutcomeFromName(const QString &text)
{
    for (const auto &[value, name] : outcomeNames)
        if (text == QLatin1String(name))
            return value;
    return std::nullopt;
}

RunRecordStore::RunRecordStore(std::shared_ptr<Store> store, Clock clock)
    : m_store(std::move(store)),
      m_clock(std::move(clock))
{}

mirror::Result<qint64> RunRecordStore::start(const QString &kind, const QString &mode, const QString &source,
                                             const QString &collection)
{
    const QString what = QStringLiteral("cannot record the start of a %1 run of %2 %3").arg(kind, source, collection);
    QSqlQuery query(m_store->database());
    // RETURNING rather than lastInsertId(): the PostgreSQL driver's lastInsertId() gives an OID, not the key.
    if (auto ok =
            sql::prepare(query,
                         QStringLiteral("INSERT INTO sync_run (kind, mode, source, collection, started_at, outcome)"
                                        " VALUES (?, ?, ?, ?, ?, ?) RETURNING run_key"),
                         what);
        !ok)
        return ok.error();
    query.addBindValue(kind);
    query.addBindValue(mode);
    query.addBindValue(source);
    query.addBindValue(collection);
    query.addBindValue(static_cast<qlonglong>(m_clock()));
    query.addBindValue(runOutcomeName(RunOutcome::Running));
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    if (!query.next())
        return mirror::Error{mirror::ErrorCategory::Fatal, what.toStdString() + ": the store returned no key"};
    return static_cast<qint64>(query.value(0).toLongLong());
}

mirror::Result<void> RunRecordStore::updateCounts(qint64 run, const RunCounts &counts)
{
    const QString what = QStringLiteral("cannot update the counters of ") + describeRun(run);
    QSqlQuery query(m_store->database());
    if (auto ok = sql::prepare(query,
                               QStringLiteral("UPDATE sync_run SET items_ok = ?, items_skipped = ?, items_failed = ?,"
                                              " deletions = ?, bytes = ? WHERE run_key = ? AND outcome = ?"),
                               what);
        !ok)
        return ok;
    bindCounts(query, counts);
    query.addBindValue(static_cast<qlonglong>(run));
    query.addBindValue(runOutcomeName(RunOutcome::Running));
    if (auto ok = sql::exec(query, what); !ok)
        return ok;
    if (query.numRowsAffected() != 1)
        return mirror::Error{mirror::ErrorCategory::Conflict, what.toStdString() + ": no such run is running"};
    return {};
}

mirror::Result<void> RunRecordStore::finish(qint64 run, RunOutcome outcome, const RunCounts &counts,
                                            const QString &errorSummary)
{
    const QString what = QStringLiteral("cannot record the end of ") + describeRun(run);
    if (outcome == RunOutcome::Running)
        return mirror::Error{mirror::ErrorCategory::Fatal, what.toStdString() + ": a finished run needs an outcome"};
    QSqlQuery query(m_store->database());
    if (auto ok = sql::prepare(query,
                               QStringLiteral("UPDATE sync_run SET items_ok = ?, items_skipped = ?, items_failed = ?,"
                                              " deletions = ?, bytes = ?, ended_at = ?, outcome = ?, error_summary = ?"
                                              " WHERE run_key = ? AND outcome = ?"),
                               what);
        !ok)
        return ok;
    bindCounts(query, counts);
    query.addBindValue(static_cast<qlonglong>(m_clock()));
    query.addBindValue(runOutcomeName(outcome));
    query.addBindValue(sql::nullableText(errorSummary));
    query.addBindValue(static_cast<qlonglong>(run));
    query.addBindValue(runOutcomeName(RunOutcome::Running));
    if (auto ok = sql::exec(query, what); !ok)
        return ok;
    if (query.numRowsAffected() != 1)
        return mirror::Error{mirror::ErrorCategory::Conflict, what.toStdString() + ": no such run is running"};
    return {};
}

mirror::Result<std::optional<RunRecord>> RunRecordStore::get(qint64 run) const
{
    auto runs = select(QStringLiteral("run_key = ?"), {static_cast<qlonglong>(run)}, 1,
                       QStringLiteral("cannot read ") + describeRun(run));
    if (!runs)
        return runs.error();
    return runs->empty() ? std::optional<RunRecord>() : std::optional<RunRecord>(std::move(runs->front()));
}

mirror::Result<std::vector<RunRecord>> RunRecordStore::recent(const QString &source, const QString &collection,
                                                              int limit) const
{
    return select(QStringLiteral("source = ? AND collection = ?"), {source, collection}, limit,
                  QStringLiteral("cannot list the runs of %1 %2").arg(source, collection));
}

mirror::Result<std::vector<RunRecord>> RunRecordStore::startedSince(qint64 from, int limit) const
{
    return select(QStringLiteral("started_at >= ?"), {static_cast<qlonglong>(from)}, limit,
                  QStringLiteral("cannot list the runs since %1")
                      .arg(QDateTime::fromMSecsSinceEpoch(from, Qt::UTC).toString(Qt::ISODate)));
}

mirror::Result<std::optional<RunRecord>> RunRecordStore::last(const QString &source, const QString &collection,
                                                              const QString &kind,
                                                              std::optional<RunOutcome> outcome) const
{
    QString where = QStringLiteral("source = ? AND collection = ?");
    QVariantList values{source, collection};
    if (!kind.isEmpty()) {
        where += QStringLiteral(" AND kind = ?");
        values << kind;
    }
    if (outcome) {
        where += QStringLiteral(" AND outcome = ?");
        values << runOutcomeName(*outcome);
    }
    auto runs = select(where, values, 1, QStringLiteral("cannot read the last run of %1 %2").arg(source, collection));
    if (!runs)
        return runs.error();
    return runs->empty() ? std::optional<RunRecord>() : std::optional<RunRecord>(std::move(runs->front()));
}

mirror::Result<std::vector<std::pair<QString, QString>>> RunRecordStore::targets() const
{
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    if (auto ok = sql::run(
            query, QStringLiteral("SELECT DISTINCT source, collection FROM sync_run ORDER BY source, collection"), {},
            QStringLiteral("cannot list the sources and collections of the run records"));
        !ok)
        return ok.error();
    std::vector<std::pair<QString, QString>> targets;
    while (query.next())
        targets.emplace_back(query.value(0).toString(), query.value(1).toString());
    return targets;
}

mirror::Result<std::vector<RunRecord>> RunRecordStore::live(qint64 freshWithinMs, int limit) const
{
    return select(QStringLiteral("outcome = 'running' AND COALESCE(heartbeat_at, started_at) >= ?"),
                  {static_cast<qlonglong>(m_clock() - freshWithinMs)}, limit,
                  QStringLiteral("cannot read the runs going on"));
}

mirror::Result<std::vector<RunRecord>> RunRecordStore::select(const QString &where, const QVariantList &values,
                                                              int limit, const QString &what) const
{
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    // Newest first; the key breaks ties between runs started in the same millisecond.
    if (auto ok = sql::prepare(query,
                               QStringLiteral("SELECT %1 FROM sync_run WHERE %2 ORDER BY started_at DESC, run_key DESC"
                                              " LIMIT ?")
                                   .arg(QLatin1String(columns), where),
                               what);
        !ok)
        return ok.error();
    for (const QVariant &value : values)
        query.addBindValue(value);
    query.addBindValue(std::max(limit, 0));
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    std::vector<RunRecord> runs;
    while (query.next()) {
        RunRecord r;
        r.key = query.value(0).toLongLong();
        r.kind = query.value(1).toString();
        r.mode = query.value(2).toString();
        r.source = query.value(3).toString();
        r.collection = query.value(4).toString();
        r.startedAt = query.value(5).toLongLong();
        r.endedAt = sql::integerOrNull(query.value(6));
        const QString outcome = query.value(7).toString();
        const std::optional<RunOutcome> known = runOutcomeFromName(outcome);
        if (!known)
            return mirror::Error{mirror::ErrorCategory::Fatal,
                                 what.toStdString() + ": run " + std::to_string(r.key) + " has the unknown outcome '"
                                     + outcome.toStdString() + "'"};
        r.outcome = *known;
        r.counts = {query.value(8).toLongLong(), query.value(9).toLongLong(), query.value(10).toLongLong(),
                    query.value(11).toLongLong(), query.value(12).toLongLong()};
        r.errorSummary = query.value(13).toString();
        runs.push_back(std::move(r));
    }
    return runs;
}

} // namespace store
