#include "store/download_queue.h"

#include "store/sql_values.h"

#include <QSqlQuery>

namespace store {

mirror::Result<DownloadQueueCounts> downloadQueueOf(const std::shared_ptr<Store> &store, const QString &harvestKey,
                                                    qint64 now)
{
    // Discover and validate write a row with attempts 1; every failed download raises it (skip_record_store.h).
    // The length comes from the artifact index by URI, once per queued URI however many observations name it.
    const QString sql = QStringLiteral(
        "SELECT kind, COUNT(*), SUM(len), SUM(due) FROM ("
        " SELECT CASE WHEN s.attempts > 1 THEN 'failed' WHEN s.tryAfter > ? THEN 'release' ELSE 'due' END AS kind,"
        " CASE WHEN s.tryAfter <= ? THEN 1 ELSE 0 END AS due,"
        " COALESCE((SELECT MAX(a.content_length) FROM artifact a WHERE a.uri = s.skipID), 0) AS len"
        " FROM HarvestSkipURI s WHERE s.source = ? AND s.cname = 'Artifact') q GROUP BY kind");
    QSqlQuery query(store->database());
    query.setForwardOnly(true);
    if (auto ok = sql::run(query, sql, {sql::timestamp(now), sql::timestamp(now), harvestKey},
                           QStringLiteral("cannot read the download queue of %1").arg(harvestKey));
        !ok)
        return ok.error();
    DownloadQueueCounts counts;
    while (query.next()) {
        const QString kind = query.value(0).toString();
        const qint64 files = query.value(1).toLongLong();
        const qint64 bytes = query.value(2).toLongLong();
        if (kind == QLatin1String("failed")) {
            counts.failedFiles = files;
            counts.failedBytes = bytes;
            counts.failedDueFiles = query.value(3).toLongLong();
        } else if (kind == QLatin1String("release")) {
            counts.releaseFiles = files;
            counts.releaseBytes = bytes;
        } else {
            counts.dueFiles = files;
            counts.dueBytes = bytes;
        }
    }
    return counts;
}

} // namespace store
