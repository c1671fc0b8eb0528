#include "store/discrepancy_query.h"

#include "store/sql_values.h"

#include <QSqlQuery>

namespace store {

namespace {

const QString kColumns = QStringLiteral(
    "discrepancy_key, source, collection, observation_id, class, local_checksum, remote_checksum, local_modified,"
    " remote_modified, detected_at, acknowledged, run_key, ack_note, ack_at");

// The WHERE clause of a filter (with " WHERE " when there is any condition) and its values in order.
QString whereClause(const DiscrepancyFilter &filter, QVariantList &values, bool withClasses = true)
{
    QStringList conditions;
    if (!filter.source.isEmpty()) {
        conditions << QStringLiteral("source = ?");
        values << filter.source;
    }
    if (!filter.collection.isEmpty()) {
        conditions << QStringLiteral("collection = ?");
        values << filter.collection;
    }
    if (withClasses && !filter.classes.isEmpty()) {
        QStringList marks;
        for (const QString &cls : filter.classes) {
            marks << QStringLiteral("?");
            values << cls;
        }
        conditions << QStringLiteral("class IN (%1)").arg(marks.join(QLatin1Char(',')));
    }
    if (!filter.text.isEmpty()) {
        QString pattern = filter.text.toLower();
        pattern.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('%'), QStringLiteral("\\%"))
            .replace(QLatin1Char('_'), QStringLiteral("\\_"));
        // LOWER on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
        conditions << QStringLiteral("LOWER(observation_id) LIKE ? ESCAPE '\\'");
        values << QString(QLatin1Char('%') + pattern + QLatin1Char('%'));
    }
    if (filter.detectedFrom) {
        conditions << QStringLiteral("detected_at >= ?");
        values << static_cast<qlonglong>(*filter.detectedFrom);
    }
    if (filter.detectedTo) {
        conditions << QStringLiteral("detected_at <= ?");
        values << static_cast<qlonglong>(*filter.detectedTo);
    }
    if (filter.runKey) {
        conditions << QStringLiteral("run_key = ?");
        values << static_cast<qlonglong>(*filter.runKey);
    }
    if (!filter.includeAcknowledged)
        conditions << QStringLiteral("acknowledged = 0");
    return conditions.isEmpty() ? QString() : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
}

QString orderClause(DiscrepancySort sort, bool descending)
{
    const QString direction = descending ? QStringLiteral(" DESC") : QString();
    switch (sort) {
    case DiscrepancySort::Observation:
        return QStringLiteral(" ORDER BY observation_id%1, discrepancy_key%1").arg(direction);
    case DiscrepancySort::Class:
        return QStringLiteral(" ORDER BY class%1, observation_id%1, discrepancy_key%1").arg(direction);
    case DiscrepancySort::Source:
        return QStringLiteral(" ORDER BY source%1, collection%1, observation_id%1, discrepancy_key%1").arg(direction);
    case DiscrepancySort::Detected: return QStringLiteral(" ORDER BY detected_at%1, discrepancy_key%1").arg(direction);
    }
    return {};
}

mirror::Result<DiscrepancyRow> readRow(const QSqlQuery &query, const QString &what)
{
    DiscrepancyRow row;
    Discrepancy &d = row.discrepancy;
    d.key = query.value(0).toLongLong();
    d.source = query.value(1).toString();
    d.collection = query.value(2).toString();
    d.observationID = query.value(3).toString();
    const QString cls = query.value(4).toString();
    const std::optional<DiscrepancyClass> known = discrepancyClassFromName(cls);
    if (!known)
        return mirror::Error{mirror::ErrorCategory::Fatal,
                             what.toStdString() + ": unknown discrepancy class '" + cls.toStdString() + "'"};
    d.cls = *known;
    d.localChecksum = query.value(5).toString();
    d.remoteChecksum = query.value(6).toString();
    d.localModified = sql::integerOrNull(query.value(7));
    d.remoteModified = sql::integerOrNull(query.value(8));
    d.detectedAt = query.value(9).toLongLong();
    d.acknowledged = query.value(10).toInt() != 0;
    d.runKey = sql::integerOrNull(query.value(11));
    row.note = query.value(12).toString();
    row.acknowledgedAt = sql::integerOrNull(query.value(13));
    return row;
}

} // namespace

DiscrepancyQuery::DiscrepancyQuery(std::shared_ptr<Store> store, Clock clock)
    : m_store(std::move(store)),
      m_clock(std::move(clock))
{}

mirror::Result<std::vector<DiscrepancyRow>> DiscrepancyQuery::window(const DiscrepancyFilter &filter,
                                                                     DiscrepancySort sort, bool descending, int limit,
                                                                     qint64 offset) const
{
    const QString what = QStringLiteral("cannot list the discrepancies");
    QVariantList values;
    const QString sql = QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM discrepancy")
        + whereClause(filter, values) + orderClause(sort, descending) + QStringLiteral(" LIMIT ? OFFSET ?");
    values << std::max(limit, 0) << static_cast<qlonglong>(std::max<qint64>(offset, 0));
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    if (auto ok = sql::run(query, sql, values, what); !ok)
        return ok.error();
    std::vector<DiscrepancyRow> rows;
    while (query.next()) {
        auto row = readRow(query, what);
        if (!row)
            return row.error();
        rows.push_back(std::move(*row));
    }
    return rows;
}

mirror::Result<qint64> DiscrepancyQuery::count(const DiscrepancyFilter &filter) const
{
    QVariantList values;
    const QString sql = QStringLiteral("SELECT COUNT(*) FROM discrepancy") + whereClause(filter, values);
    QSqlQuery query(m_store->database());
    if (auto ok = sql::run(query, sql, values, QStringLiteral("cannot count the discrepancies")); !ok)
        return ok.error();
    return query.next() ? query.value(0).toLongLong() : 0;
}

mirror::Result<std::vector<ClassCount>> DiscrepancyQuery::countsByClass(const DiscrepancyFilter &filter) const
{
    QVariantList values;
    const QString sql = QStringLiteral("SELECT class, COUNT(*) FROM discrepancy") + whereClause(filter, values, false)
        + QStringLiteral(" GROUP BY class ORDER BY class");
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    if (auto ok = sql::run(query, sql, values, QStringLiteral("cannot count the discrepancies per class")); !ok)
        return ok.error();
    std::vector<ClassCount> counts;
    while (query.next())
        counts.push_back({query.value(0).toString(), query.value(1).toLongLong()});
    return counts;
}

mirror::Result<std::optional<DiscrepancyRow>> DiscrepancyQuery::find(qint64 key) const
{
    const QString what = QStringLiteral("cannot read discrepancy %1").arg(key);
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    if (auto ok = sql::run(
            query, QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM discrepancy WHERE discrepancy_key = ?"),
            {key}, what);
        !ok)
        return ok.error();
    if (!query.next())
        return std::optional<DiscrepancyRow>();
    auto row = readRow(query, what);
    if (!row)
        return row.error();
    return std::optional<DiscrepancyRow>(std::move(*row));
}

mirror::Result<int> DiscrepancyQuery::acknowledge(const std::vector<qint64> &keys, const QString &note)
{
    if (keys.empty())
        return 0;
    const QString what = QStringLiteral("cannot acknowledge the discrepancies");
    QSqlDatabase db = m_store->database();
    QSqlQuery query(db); // before the transaction: freed after its rollback, or PostgreSQL keeps the statement
    Transaction transaction(db);
    if (auto ok = sql::prepare(query,
                               QStringLiteral("UPDATE discrepancy SET acknowledged = 1, ack_note = ?, ack_at = ?"
                                              " WHERE discrepancy_key = ?"),
                               what);
        !ok)
        return ok.error();
    const qlonglong now = m_clock();
    int changed = 0;
    for (const qint64 key : keys) {
        query.addBindValue(sql::nullableText(note));
        query.addBindValue(now);
        query.addBindValue(static_cast<qlonglong>(key));
        if (auto ok = sql::exec(query, what + QStringLiteral(" (%1)").arg(key)); !ok)
            return ok.error();
        changed += query.numRowsAffected();
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return changed;
}

} // namespace store
