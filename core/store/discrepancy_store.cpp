#include "store/discrepancy_store.h"

#include "store/sql_values.h"

#include <QSqlQuery>

#include <array>
#include <utility>

namespace store {

namespace {

constexpr std::array<std::pair<DiscrepancyClass, const char *>, 9> classNames{{
    {DiscrepancyClass::MissingLocally, "missing-locally"},
    {DiscrepancyClass::MissingRemotely, "missing-remotely"},
    {DiscrepancyClass::ChecksumDiffers, "checksum-differs"},
    {DiscrepancyClass::TimestampDiffers, "timestamp-differs"},
    {DiscrepancyClass::Pending, "pending"},
    {DiscrepancyClass::ArtifactMissing, "artifact-missing"},
    {DiscrepancyClass::ArtifactCorrupt, "artifact-corrupt"},
    {DiscrepancyClass::ArtifactUnexpected, "artifact-unexpected"},
    {DiscrepancyClass::ArtifactStale, "artifact-stale"},
}};

QString describe(const QString &source, const QString &collection)
{
    return collection + QStringLiteral(" from ") + source;
}

mirror::Error unknownClass(const QString &what, const QString &text)
{
    return mirror::Error{mirror::ErrorCategory::Fatal,
                         what.toStdString() + ": unknown discrepancy class '" + text.toStdString() + "'"};
}

} // namespace

QString discrepancyClassName(DiscrepancyClass cls)
{
    for (const auto &[value, name] : classNames)
        if (value == cls)
            return QString::fromLatin1(name);
    return {};
}

std::optional<DiscrepancyClass> discrepancyClassFromName(const QString &text)
{
    for (const auto &[value, name] : classNames)
        if (text == QLatin1String(name))
            return value;
    return std::nullopt;
}

DiscrepancyStore::DiscrepancyStore(std::shared_ptr<Store> store, Clock clock)
    : m_store(std::move(store)),
      m_clock(std::move(clock))
{}

mirror::Result<void> DiscrepancyStore::add(const std::vector<Discrepancy> &found)
{
    QSqlDatabase db = m_store->database();
    Transaction transaction(db);
    if (auto ok = add(db, found); !ok)
        return ok; // rolls back: none of the batch is kept
    return transaction.commit();
}

mirror::Result<void> DiscrepancyStore::add(const QSqlDatabase &db, const std::vector<Discrepancy> &found)
{
    if (found.empty())
        return {};
    const QString what = QStringLiteral("cannot record the discrepancies of ")
        + describe(found.front().source, found.front().collection);
    // One prepared statement for the whole batch: validate can find many thousands.
    QSqlQuery query(db);
    if (auto ok = sql::prepare(query,
                               QStringLiteral("INSERT INTO discrepancy (source, collection, observation_id, class,"
                                              " local_checksum, remote_checksum, local_modified, remote_modified,"
                                              " detected_at, acknowledged, run_key)"
                                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)"),
                               what);
        !ok)
        return ok;
    const qlonglong now = m_clock();
    for (const Discrepancy &d : found) {
        query.addBindValue(d.source);
        query.addBindValue(d.collection);
        query.addBindValue(d.observationID);
        query.addBindValue(discrepancyClassName(d.cls));
        query.addBindValue(sql::nullableText(d.localChecksum));
        query.addBindValue(sql::nullableText(d.remoteChecksum));
        query.addBindValue(sql::nullableInteger(d.localModified));
        query.addBindValue(sql::nullableInteger(d.remoteModified));
        query.addBindValue(now);
        query.addBindValue(sql::nullableInteger(d.runKey));
        if (auto ok = sql::exec(query, what + QStringLiteral(" (") + d.observationID + QLatin1Char(')')); !ok)
            return ok;
    }
    return {};
}

mirror::Result<std::vector<Discrepancy>> DiscrepancyStore::list(const QString &source, const QString &collection,
                                                                int limit, qint64 offset) const
{
    const QString what = QStringLiteral("cannot list the discrepancies of ") + describe(source, collection);
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    if (auto ok =
            sql::prepare(query,
                         QStringLiteral("SELECT discrepancy_key, source, collection, observation_id, class,"
                                        " local_checksum, remote_checksum, local_modified, remote_modified,"
                                        " detected_at, acknowledged, run_key FROM discrepancy"
                                        " WHERE source = ? AND collection = ?"
                                        " ORDER BY acknowledged, observation_id, discrepancy_key LIMIT ? OFFSET ?"),
                         what);
        !ok)
        return ok.error();
    query.addBindValue(source);
    query.addBindValue(collection);
    query.addBindValue(std::max(limit, 0));
    query.addBindValue(static_cast<qlonglong>(std::max<qint64>(offset, 0)));
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    std::vector<Discrepancy> rows;
    while (query.next()) {
        Discrepancy d;
        d.key = query.value(0).toLongLong();
        d.source = query.value(1).toString();
        d.collection = query.value(2).toString();
        d.observationID = query.value(3).toString();
        const QString cls = query.value(4).toString();
        const std::optional<DiscrepancyClass> known = discrepancyClassFromName(cls);
        if (!known)
            return unknownClass(what, cls);
        d.cls = *known;
        d.localChecksum = query.value(5).toString();
        d.remoteChecksum = query.value(6).toString();
        d.localModified = sql::integerOrNull(query.value(7));
        d.remoteModified = sql::integerOrNull(query.value(8));
        d.detectedAt = query.value(9).toLongLong();
        d.acknowledged = query.value(10).toInt() != 0;
        d.runKey = sql::integerOrNull(query.value(11));
        rows.push_back(std::move(d));
    }
    return rows;
}

mirror::Result<bool> DiscrepancyStore::acknowledge(qint64 key)
{
    const QString what = QStringLiteral("cannot acknowledge discrepancy %1").arg(key);
    QSqlQuery query(m_store->database());
    if (auto ok = sql::prepare(
            query, QStringLiteral("UPDATE discrepancy SET acknowledged = 1 WHERE discrepancy_key = ?"), what);
        !ok)
        return ok.error();
    query.addBindValue(static_cast<qlonglong>(key));
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    return query.numRowsAffected() > 0;
}

mirror::Result<int> DiscrepancyStore::clear(const QString &source, const QString &collection)
{
    return clear(m_store->database(), source, collection);
}

mirror::Result<int> DiscrepancyStore::clear(const QSqlDatabase &db, const QString &source, const QString &collection)
{
    const QString what = QStringLiteral("cannot clear the discrepancies of ") + describe(source, collection);
    QSqlQuery query(db);
    if (auto ok = sql::prepare(query,
                               QStringLiteral("DELETE FROM discrepancy WHERE source = ? AND collection = ?"
                                              " AND class NOT LIKE 'artifact-%'"),
                               what);
        !ok)
        return ok.error();
    query.addBindValue(source);
    query.addBindValue(collection);
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    return query.numRowsAffected();
}

mirror::Result<std::vector<DiscrepancyCount>> DiscrepancyStore::counts(const QString &source,
                                                                       const QString &collection) const
{
    const bool one = !source.isEmpty() || !collection.isEmpty();
    const QString what = QStringLiteral("cannot count the discrepancies")
        + (one ? QStringLiteral(" of ") + describe(source, collection) : QString());
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    if (auto ok = sql::prepare(query,
                               QStringLiteral("SELECT source, collection, class, COUNT(*),"
                                              " SUM(CASE WHEN acknowledged = 0 THEN 1 ELSE 0 END) FROM discrepancy%1"
                                              " GROUP BY source, collection, class ORDER BY source, collection, class")
                                   .arg(one ? QStringLiteral(" WHERE source = ? AND collection = ?") : QString()),
                               what);
        !ok)
        return ok.error();
    if (one) {
        query.addBindValue(source);
        query.addBindValue(collection);
    }
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    std::vector<DiscrepancyCount> counts;
    while (query.next()) {
        const QString cls = query.value(2).toString();
        const std::optional<DiscrepancyClass> known = discrepancyClassFromName(cls);
        if (!known)
            return unknownClass(what, cls);
        counts.push_back({query.value(0).toString(), query.value(1).toString(), *known, query.value(3).toLongLong(),
                          query.value(4).toLongLong()});
    }
    return counts;
}

mirror::Result<int> DiscrepancyStore::clearOtherRuns(const QString &source, const QString &collection, qint64 runKey)
{
    QSqlQuery query(m_store->database());
    if (auto ok = sql::run(query,
                           QStringLiteral("DELETE FROM discrepancy WHERE source = ? AND collection = ?"
                                          " AND (run_key IS NULL OR run_key <> ?) AND class NOT LIKE 'artifact-%'"),
                           {source, collection, runKey},
                           QStringLiteral("cannot clear the earlier discrepancies of ") + describe(source, collection));
        !ok)
        return ok.error();
    return query.numRowsAffected();
}

mirror::Result<int> DiscrepancyStore::clearArtifactFindings(const QSqlDatabase &db, const QString &source,
                                                            const QString &collection)
{
    QSqlQuery query(db);
    if (auto ok = sql::run(query,
                           QStringLiteral("DELETE FROM discrepancy WHERE source = ? AND collection = ?"
                                          " AND class LIKE 'artifact-%'"),
                           {source, collection},
                           QStringLiteral("cannot clear the artifact findings of ") + describe(source, collection));
        !ok)
        return ok.error();
    return query.numRowsAffected();
}

mirror::Result<int> DiscrepancyStore::clearRun(qint64 runKey)
{
    QSqlQuery query(m_store->database());
    if (auto ok = sql::run(query, QStringLiteral("DELETE FROM discrepancy WHERE run_key = ?"), {runKey},
                           QStringLiteral("cannot withdraw the findings of run %1").arg(runKey));
        !ok)
        return ok.error();
    return query.numRowsAffected();
}

mirror::Result<int> DiscrepancyStore::resolve(const QString &source, const QString &collection,
                                              const QStringList &observationIDs)
{
    if (observationIDs.isEmpty())
        return 0;
    const QString what = QStringLiteral("cannot mark repaired discrepancies of ") + describe(source, collection);
    QSqlDatabase db = m_store->database();
    QSqlQuery query(db); // before the transaction: freed after its rollback, or PostgreSQL keeps the statement
    Transaction transaction(db);
    if (auto ok = sql::prepare(
            query, QStringLiteral("DELETE FROM discrepancy WHERE source = ? AND collection = ? AND observation_id = ?"),
            what);
        !ok)
        return ok.error();
    int removed = 0;
    for (const QString &id : observationIDs) {
        query.addBindValue(source);
        query.addBindValue(collection);
        query.addBindValue(id);
        if (auto ok = sql::exec(query, what); !ok)
            return ok.error();
        removed += query.numRowsAffected();
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return removed;
}

} // namespace store
