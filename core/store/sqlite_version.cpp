#include "store/sqlite_version.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

namespace store {

QString sqliteVersion()
{
    const QString name = QStringLiteral("sqlite-version-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString version;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QStringLiteral(":memory:"));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("SELECT sqlite_version()")) && query.next())
                version = query.value(0).toString();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return version.isEmpty() ? QStringLiteral("SQLite (driver missing)") : QStringLiteral("SQLite ") + version;
}

} // namespace store
