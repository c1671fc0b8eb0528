#include "store/store.h"

#include "store/schema.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace store {

namespace {

QAtomicInteger<quint64> nextStoreNumber{1};
QAtomicInteger<quint64> nextThreadSerial{1};

// A number per thread that is never reused, unlike thread ids: a connection name built from it can never
// be taken for the connection of a thread that has ended.
quint64 threadSerial()
{
    thread_local const quint64 serial = nextThreadSerial.fetchAndAddRelaxed(1);
    return serial;
}

mirror::Error fatal(const std::string &message)
{
    return mirror::Error{mirror::ErrorCategory::Fatal, message};
}

} // namespace

mirror::Error sqlError(const QString &what, const QSqlError &error)
{
    QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return mirror::Error{mirror::ErrorCategory::Fatal, QString(what + QStringLiteral(": ") + text.trimmed()).toStdString()};
}

Store::Store(StoreLocation location)
    : m_location(std::move(location))
    , m_connectionPrefix(QStringLiteral("mirror-store-%1-").arg(nextStoreNumber.fetchAndAddRelaxed(1)))
{
}

Store::~Store()
{
    const QMutexLocker lock(&m_mutex);
    for (const QString &name : std::as_const(m_connectionNames)) {
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (db.isOpen())
                db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
}

mirror::Result<std::shared_ptr<Store>> Store::open(const StoreLocation &location)
{
    return openAtVersion(location, latestSchemaVersion());
}

mirror::Result<std::shared_ptr<Store>> Store::openAtVersion(const StoreLocation &location, int version)
{
    if (location.engine == Engine::SQLite) {
        const QFileInfo file(location.sqlitePath);
        if (!QDir().mkpath(file.absolutePath()))
            return fatal("cannot create the directory " + file.absolutePath().toStdString() + " for the store");
    }
    if (!QSqlDatabase::isDriverAvailable(location.qtDriverName()))
        return fatal("the Qt SQL driver " + location.qtDriverName().toStdString()
                     + " is not installed (Debian package " + (location.engine == Engine::SQLite ? "libqt6sql6-sqlite" : "libqt6sql6-psql") + ")");
    std::shared_ptr<Store> store(new Store(location));
    QSqlDatabase db = store->database();
    if (!db.isOpen())
        return sqlError(QStringLiteral("cannot open the store %1").arg(location.redacted()), db.lastError());
    auto migrated = migrateSchema(db, location.engine, version);
    if (!migrated)
        return migrated.error();
    store->m_schemaVersion = migrated.value();
    return store;
}

QSqlDatabase Store::database() const
{
    const QString name = m_connectionPrefix + QString::number(threadSerial());
    {
        const QMutexLocker lock(&m_mutex);
        if (m_connectionNames.contains(name))
            return QSqlDatabase::database(name, false);
    }
    auto opened = openConnection(name);
    const QMutexLocker lock(&m_mutex);
    m_connectionNames.append(name);
    return opened ? opened.value() : QSqlDatabase::database(name, false);
}

mirror::Result<QSqlDatabase> Store::openConnection(const QString &name) const
{
    QSqlDatabase db = QSqlDatabase::addDatabase(m_location.qtDriverName(), name);
    if (m_location.engine == Engine::SQLite) {
        db.setDatabaseName(m_location.sqlitePath);
        // Writers wait for each other instead of failing at once; readers never wait in WAL mode.
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=30000"));
    } else {
        db.setHostName(m_location.host);
        db.setPort(m_location.port);
        db.setDatabaseName(m_location.database);
        db.setUserName(m_location.user);
        db.setPassword(m_location.password);
        QString options = QStringLiteral("connect_timeout=10");
        if (!m_location.options.isEmpty())
            options += QLatin1Char(';') + m_location.options;
        db.setConnectOptions(options);
    }
    if (!db.open())
        return sqlError(QStringLiteral("cannot open the store %1").arg(m_location.redacted()), db.lastError());
    QSqlQuery query(db);
    if (m_location.engine == Engine::SQLite) {
        for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
                                   "PRAGMA temp_store=MEMORY", "PRAGMA cache_size=-65536"}) {
            if (!query.exec(QString::fromLatin1(pragma)))
                return sqlError(QStringLiteral("cannot set up the SQLite store (%1)").arg(QString::fromLatin1(pragma)),
                                query.lastError());
        }
    } else if (!query.exec(QStringLiteral("SET client_min_messages TO WARNING"))) {
        return sqlError(QStringLiteral("cannot set up the PostgreSQL session"), query.lastError());
    }
    return db;
}

Transaction::Transaction(QSqlDatabase db) : m_db(std::move(db))
{
    m_started = m_db.transaction();
}

Transaction::~Transaction()
{
    if (m_started && !m_done)
        m_db.rollback();
}

mirror::Result<void> Transaction::commit()
{
    if (!m_started)
        return sqlError(QStringLiteral("cannot start a transaction"), m_db.lastError());
    m_done = true;
    if (!m_db.commit()) {
        const QSqlError error = m_db.lastError();
        m_db.rollback();
        return sqlError(QStringLiteral("cannot commit"), error);
    }
    return {};
}

} // namespace store
