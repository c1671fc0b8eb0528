#include "store/store_probe.h"

#include "store/schema.h"
#include "store/store.h"

#include <QFileInfo>
#include <QLocale>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace store {

namespace {

// Reads what the open connection says about the store; a missing table is "no schema yet", not an error.
void readContents(QSqlDatabase &db, const StoreLocation &location, StoreProbe &probe)
{
    QSqlQuery query(db);
    if (location.engine == Engine::SQLite) {
        if (query.exec(QStringLiteral("SELECT sqlite_version()")) && query.next())
            probe.serverVersion = QStringLiteral("SQLite ") + query.value(0).toString();
    } else if (query.exec(QStringLiteral("SHOW server_version")) && query.next()) {
        probe.serverVersion = QStringLiteral("PostgreSQL ") + query.value(0).toString().section(QLatin1Char(' '), 0, 0);
    }
    if (query.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) && query.next())
        probe.schemaVersion = query.value(0).toInt();
    if (probe.schemaVersion > 0 && query.exec(QStringLiteral("SELECT SUM(observation_count) FROM collection_stats"))
        && query.next())
        probe.observations = query.value(0).toLongLong();
}

} // namespace

QString StoreProbe::summary() const
{
    if (!exists)
        return QStringLiteral("no store there yet: it is created on first use");
    QString text = serverVersion.isEmpty() ? QStringLiteral("connected") : serverVersion;
    if (schemaVersion == 0)
        return text + QStringLiteral(", empty: the schema is created on first use");
    text += QStringLiteral(", schema %1").arg(schemaVersion);
    if (schemaVersion > latestSchemaVersion)
        text += QStringLiteral(" (newer than this program's %1: it will refuse the store)").arg(latestSchemaVersion);
    else if (schemaVersion < latestSchemaVersion)
        text += QStringLiteral(" (upgraded to %1 on first use)").arg(latestSchemaVersion);
    return text + QStringLiteral(", %1 observations").arg(QLocale::c().toString(observations));
}

bool storeExists(const StoreLocation &location)
{
    return location.engine == Engine::PostgreSQL || QFileInfo::exists(location.sqlitePath);
}

mirror::Result<StoreProbe> probeStore(const StoreLocation &location)
{
    StoreProbe probe;
    probe.latestSchemaVersion = latestSchemaVersion();
    if (location.engine == Engine::SQLite && !QFileInfo::exists(location.sqlitePath))
        return probe;
    if (!QSqlDatabase::isDriverAvailable(location.qtDriverName()))
        return mirror::Error{mirror::ErrorCategory::Fatal,
                             "the Qt SQL driver " + location.qtDriverName().toStdString() + " is not installed"};
    const QString name = QStringLiteral("store-probe-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    mirror::Result<StoreProbe> result = probe;
    {
        QSqlDatabase db = addConnection(location, name, true);
        if (db.open()) {
            probe.exists = true;
            readContents(db, location, probe);
            result = probe;
        } else {
            result = sqlError(QStringLiteral("cannot connect to %1").arg(location.redacted()), db.lastError());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace store
