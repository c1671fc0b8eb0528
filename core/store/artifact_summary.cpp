#include "store/artifact_summary.h"

#include "store/sql_values.h"

#include <QSqlQuery>

#include <map>

namespace store {

namespace {

mirror::Result<bool> anyRow(const QSqlDatabase &db, const QString &sql, const QString &what)
{
    QSqlQuery query(db);
    if (auto ok = sql::prepare(query, sql, what); !ok)
        return ok.error();
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    return query.next();
}

} // namespace

mirror::Result<std::vector<ArtifactStateCount>> artifactStatesByCollection(const std::shared_ptr<Store> &store)
{
    const QString what = QStringLiteral("cannot count the artifact files by collection");
    const QSqlDatabase db = store->database();
    auto copied = anyRow(db, QStringLiteral("SELECT 1 FROM artifact_copy LIMIT 1"), what);
    if (!copied)
        return copied.error();
    auto queued = anyRow(db, QStringLiteral("SELECT 1 FROM HarvestSkipURI WHERE cname = 'Artifact' LIMIT 1"), what);
    if (!queued)
        return queued.error();
    if (!*copied && !*queued)
        return std::vector<ArtifactStateCount>{};

    std::map<QString, ArtifactStateCount> byCollection;
    QSqlQuery query(db);
    if (auto ok = sql::prepare(
            query,
            QStringLiteral("SELECT o.collection, COUNT(*), SUM(COALESCE(a.content_length, 0)),"
                           " SUM(CASE WHEN c.state = 'verified' THEN 1 ELSE 0 END),"
                           " SUM(CASE WHEN c.state = 'verified' THEN COALESCE(c.content_length, 0) ELSE 0 END),"
                           " SUM(CASE WHEN c.state = 'corrupt' THEN 1 ELSE 0 END),"
                           " SUM(CASE WHEN c.state = 'missing' THEN 1 ELSE 0 END)"
                           " FROM artifact a JOIN observation o ON o.obs_key = a.obs_key"
                           " LEFT JOIN artifact_copy c ON c.uri = a.uri GROUP BY o.collection"),
            what);
        !ok)
        return ok.error();
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    while (query.next()) {
        ArtifactStateCount &row = byCollection[query.value(0).toString()];
        row.collection = query.value(0).toString();
        row.described = query.value(1).toLongLong();
        row.describedBytes = query.value(2).toLongLong();
        row.verified = query.value(3).toLongLong();
        row.verifiedBytes = query.value(4).toLongLong();
        row.corrupt = query.value(5).toLongLong();
        row.missing = query.value(6).toLongLong();
    }
    // The queue is keyed by URI (per source); the index says which collection a URI belongs to.
    QSqlQuery queue(db);
    if (auto ok = sql::prepare(queue,
                               QStringLiteral("SELECT o.collection, COUNT(DISTINCT s.skipID) FROM HarvestSkipURI s"
                                              " JOIN artifact a ON a.uri = s.skipID"
                                              " JOIN observation o ON o.obs_key = a.obs_key"
                                              " WHERE s.cname = 'Artifact' GROUP BY o.collection"),
                               what);
        !ok)
        return ok.error();
    if (auto ok = sql::exec(queue, what); !ok)
        return ok.error();
    while (queue.next())
        if (auto it = byCollection.find(queue.value(0).toString()); it != byCollection.end())
            it->second.queued = queue.value(1).toLongLong();

    std::vector<ArtifactStateCount> rows;
    rows.reserve(byCollection.size());
    for (auto &[name, row] : byCollection)
        rows.push_back(std::move(row));
    return rows;
}

} // namespace store
