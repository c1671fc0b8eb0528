#include "store/artifact_index.h"

#include "store/sql_values.h"

#include <QSqlQuery>

#include <algorithm>

namespace store {

namespace {

// The release date as the reference's AccessUtil decides it, in SQL so that no document is read.
constexpr const char *artifactColumns =
    "a.uri, o.collection, o.observation_id, a.content_checksum, a.content_length, a.content_type,"
    " COALESCE(a.content_release, CASE WHEN a.release_type = 'meta' THEN p.meta_release ELSE p.data_release END)";
constexpr const char *artifactJoin = " FROM artifact a JOIN observation o ON o.obs_key = a.obs_key"
                                     " JOIN plane p ON p.obs_key = a.obs_key AND p.node_no = a.parent_no";

IndexedArtifact artifactFromRow(const QSqlQuery &q)
{
    IndexedArtifact a;
    a.uri = q.value(0).toString();
    a.collection = q.value(1).toString();
    a.observationID = q.value(2).toString();
    a.checksum = q.value(3).toString();
    a.contentLength = sql::integerOrNull(q.value(4));
    a.contentType = q.value(5).toString();
    a.releaseDate = sql::integerOrNull(q.value(6));
    return a;
}

} // namespace

ArtifactIndex::ArtifactIndex(std::shared_ptr<Store> store) : m_store(std::move(store)) {}

mirror::Result<std::vector<StoredObservation>>
ArtifactIndex::storedAfter(const QString &collection, const HarvestCursor &cursor, qint64 until, int limit) const
{
    const QString what = QStringLiteral("cannot list the stored observations of ") + collection;
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    QString sql = QStringLiteral("SELECT obs_key, observation_id, id, stored_at FROM observation"
                                 " WHERE collection = ? AND stored_at <= ?");
    QVariantList values{collection, until};
    if (cursor.lastModified) {
        sql += QStringLiteral(" AND (stored_at > ? OR (stored_at = ? AND id > ?))");
        values << *cursor.lastModified << *cursor.lastModified << (cursor.id ? sql::uuidText(*cursor.id) : QString());
    }
    sql += QStringLiteral(" ORDER BY stored_at, id LIMIT ?");
    values << std::max(limit, 1);
    if (auto ok = sql::run(query, sql, values, what); !ok)
        return ok.error();
    std::vector<StoredObservation> rows;
    while (query.next())
        rows.push_back({query.value(0).toLongLong(), query.value(1).toString(), QUuid(query.value(2).toString()),
                        query.value(3).toLongLong()});
    return rows;
}

mirror::Result<std::vector<IndexedArtifact>> ArtifactIndex::artifactsOf(const QString &collection,
                                                                        const std::vector<qint64> &obsKeys) const
{
    if (obsKeys.empty())
        return std::vector<IndexedArtifact>();
    QStringList marks;
    QVariantList values{collection};
    for (const qint64 key : obsKeys) {
        marks << QStringLiteral("?");
        values << key;
    }
    return select(QStringLiteral("o.collection = ? AND a.obs_key IN (%1)").arg(marks.join(QLatin1Char(','))), values,
                  QStringLiteral("a.obs_key, a.uri"), QStringLiteral("cannot read the artifacts of ") + collection);
}

mirror::Result<std::optional<IndexedArtifact>> ArtifactIndex::find(const QString &collection, const QString &uri) const
{
    auto rows = select(QStringLiteral("a.uri = ? AND o.collection = ?"), {uri, collection}, QStringLiteral("a.obs_key"),
                       QStringLiteral("cannot look up the artifact ") + uri);
    if (!rows)
        return rows.error();
    if (rows->empty())
        return std::optional<IndexedArtifact>();
    return std::optional<IndexedArtifact>(rows->front());
}

mirror::Result<std::map<QString, IndexedArtifact>> ArtifactIndex::findAll(const QString &collection,
                                                                          const QStringList &uris) const
{
    std::map<QString, IndexedArtifact> found;
    if (uris.isEmpty())
        return found;
    QStringList marks;
    QVariantList values{collection};
    for (const QString &uri : uris) {
        marks << QStringLiteral("?");
        values << uri;
    }
    auto rows = select(QStringLiteral("o.collection = ? AND a.uri IN (%1)").arg(marks.join(QLatin1Char(','))), values,
                       QStringLiteral("a.uri, a.obs_key"), QStringLiteral("cannot look up the queued artifacts"));
    if (!rows)
        return rows.error();
    for (IndexedArtifact &row : *rows)
        found.try_emplace(row.uri, std::move(row));
    return found;
}

mirror::Result<std::vector<IndexedArtifact>> ArtifactIndex::collectionArtifacts(const QString &collection) const
{
    auto rows = select(QStringLiteral("o.collection = ?"), {collection}, QStringLiteral("a.uri"),
                       QStringLiteral("cannot read the artifacts of ") + collection);
    if (!rows)
        return rows;
    // The same file named by two observations is one file.
    rows->erase(std::unique(rows->begin(), rows->end(),
                            [](const IndexedArtifact &a, const IndexedArtifact &b) { return a.uri == b.uri; }),
                rows->end());
    return rows;
}

mirror::Result<ArtifactIndex::QueueSize> ArtifactIndex::queueSize(const QString &source, qint64 dueBy) const
{
    QSqlQuery query(m_store->database());
    if (auto ok = sql::run(query,
                           QStringLiteral("SELECT COUNT(DISTINCT s.skipID), SUM(a.content_length) FROM HarvestSkipURI s"
                                          " LEFT JOIN artifact a ON a.uri = s.skipID"
                                          " WHERE s.source = ? AND s.cname = 'Artifact' AND s.tryAfter <= ?"),
                           {source, sql::timestamp(dueBy)}, QStringLiteral("cannot size the download queue"));
        !ok)
        return ok.error();
    QueueSize size;
    if (query.next()) {
        size.files = query.value(0).toLongLong();
        size.bytes = query.value(1).toLongLong();
    }
    return size;
}

mirror::Result<std::vector<IndexedArtifact>> ArtifactIndex::select(const QString &where, const QVariantList &values,
                                                                   const QString &order, const QString &what) const
{
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    const QString sql = QStringLiteral("SELECT %1%2 WHERE %3 ORDER BY %4")
                            .arg(QLatin1String(artifactColumns), QLatin1String(artifactJoin), where, order);
    if (auto ok = sql::run(query, sql, values, what); !ok)
        return ok.error();
    std::vector<IndexedArtifact> rows;
    while (query.next())
        rows.push_back(artifactFromRow(query));
    return rows;
}

} // namespace store
