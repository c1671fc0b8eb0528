#include "store/store_change_stamp.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace store {

mirror::Result<QString> storeChangeStamp(const Store &store)
{
    QSqlQuery query(store.database());
    const QString sql = store.engine() == Engine::SQLite
        ? QStringLiteral("PRAGMA data_version")
        : QStringLiteral("SELECT txid_snapshot_xmax(txid_current_snapshot()) || '/' || "
                         "(SELECT COALESCE(SUM(observation_count), 0) FROM collection_stats)");
    if (!query.exec(sql) || !query.next())
        return sqlError(QStringLiteral("cannot tell whether the store changed"), query.lastError());
    return query.value(0).toString();
}

} // namespace store
