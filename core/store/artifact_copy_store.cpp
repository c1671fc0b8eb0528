#include "store/artifact_copy_store.h"

#include "store/sql_values.h"

#include <QSqlQuery>

namespace store {

namespace {

constexpr const char *columns = "uri, local_path, content_length, content_checksum, verified_at, state, updated_at";

ArtifactCopy copyFromRow(const QSqlQuery &q)
{
    ArtifactCopy c;
    c.uri = q.value(0).toString();
    c.localPath = q.value(1).toString();
    c.contentLength = sql::integerOrNull(q.value(2));
    c.contentChecksum = q.value(3).toString();
    c.verifiedAt = sql::integerOrNull(q.value(4));
    c.state = q.value(5).toString();
    c.updatedAt = q.value(6).toLongLong();
    return c;
}

} // namespace

ArtifactCopyStore::ArtifactCopyStore(std::shared_ptr<Store> store, Clock clock)
    : m_store(std::move(store)),
      m_clock(std::move(clock))
{}

mirror::Result<void> ArtifactCopyStore::upsert(const ArtifactCopy &copy)
{
    const QString what = QStringLiteral("cannot record the local copy of ") + copy.uri;
    if (copy.uri.isEmpty() || copy.state.isEmpty())
        return mirror::Error{mirror::ErrorCategory::Fatal, what.toStdString() + ": a copy needs a URI and a state"};
    QSqlQuery query(m_store->database());
    if (auto ok = sql::prepare(query,
                               QStringLiteral("INSERT INTO artifact_copy (%1) VALUES (?, ?, ?, ?, ?, ?, ?)"
                                              " ON CONFLICT (uri) DO UPDATE SET local_path = excluded.local_path,"
                                              " content_length = excluded.content_length,"
                                              " content_checksum = excluded.content_checksum,"
                                              " verified_at = excluded.verified_at, state = excluded.state,"
                                              " updated_at = excluded.updated_at")
                                   .arg(QLatin1String(columns)),
                               what);
        !ok)
        return ok;
    query.addBindValue(copy.uri);
    query.addBindValue(copy.localPath);
    query.addBindValue(sql::nullableInteger(copy.contentLength));
    query.addBindValue(sql::nullableText(copy.contentChecksum));
    query.addBindValue(sql::nullableInteger(copy.verifiedAt));
    query.addBindValue(copy.state);
    query.addBindValue(static_cast<qlonglong>(m_clock()));
    return sql::exec(query, what);
}

mirror::Result<std::optional<ArtifactCopy>> ArtifactCopyStore::get(const QString &uri) const
{
    const QString what = QStringLiteral("cannot read the local copy of ") + uri;
    QSqlQuery query(m_store->database());
    if (auto ok = sql::prepare(
            query, QStringLiteral("SELECT %1 FROM artifact_copy WHERE uri = ?").arg(QLatin1String(columns)), what);
        !ok)
        return ok.error();
    query.addBindValue(uri);
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    if (!query.next())
        return std::optional<ArtifactCopy>();
    return std::optional<ArtifactCopy>(copyFromRow(query));
}

mirror::Result<std::map<QString, ArtifactCopy>> ArtifactCopyStore::getAll(const QStringList &uris) const
{
    std::map<QString, ArtifactCopy> copies;
    if (uris.isEmpty())
        return copies;
    const QString what = QStringLiteral("cannot read the local copies of the queued artifacts");
    QStringList marks;
    for (qsizetype i = 0; i < uris.size(); ++i)
        marks << QStringLiteral("?");
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    if (auto ok = sql::prepare(query,
                               QStringLiteral("SELECT %1 FROM artifact_copy WHERE uri IN (%2)")
                                   .arg(QLatin1String(columns), marks.join(QLatin1Char(','))),
                               what);
        !ok)
        return ok.error();
    for (const QString &uri : uris)
        query.addBindValue(uri);
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    while (query.next()) {
        ArtifactCopy copy = copyFromRow(query);
        const QString uri = copy.uri;
        copies.emplace(uri, std::move(copy));
    }
    return copies;
}

mirror::Result<std::vector<ArtifactCopy>> ArtifactCopyStore::list(const QString &state, int limit,
                                                                  const QString &afterUri) const
{
    const QString what = QStringLiteral("cannot list the %1 artifact copies").arg(state);
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    if (auto ok = sql::prepare(
            query,
            QStringLiteral("SELECT %1 FROM artifact_copy WHERE state = ?%2 ORDER BY uri LIMIT ?")
                .arg(QLatin1String(columns), afterUri.isEmpty() ? QString() : QStringLiteral(" AND uri > ?")),
            what);
        !ok)
        return ok.error();
    query.addBindValue(state);
    if (!afterUri.isEmpty()) // a null QString binds as NULL, and "uri > NULL" matches nothing
        query.addBindValue(afterUri);
    query.addBindValue(std::max(limit, 0));
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    std::vector<ArtifactCopy> copies;
    while (query.next())
        copies.push_back(copyFromRow(query));
    return copies;
}

mirror::Result<bool> ArtifactCopyStore::remove(const QString &uri)
{
    const QString what = QStringLiteral("cannot remove the local copy record of ") + uri;
    QSqlQuery query(m_store->database());
    if (auto ok = sql::prepare(query, QStringLiteral("DELETE FROM artifact_copy WHERE uri = ?"), what); !ok)
        return ok.error();
    query.addBindValue(uri);
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    return query.numRowsAffected() > 0;
}

} // namespace store
