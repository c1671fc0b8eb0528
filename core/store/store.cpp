#include "store/store.h"

#include "store/schema.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <map>

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

// The driver's words for a write the disk refused ("disk I/O error") do not tell an operator what to do; this
// does. SQLite: SQLITE_FULL (13) and SQLITE_IOERR (10) with its extended codes (n * 256 + 10), which is what a
// write past a full disk or a file-size limit gives, or their fixed texts (Qt drops the code of a failed
// COMMIT); PostgreSQL: SQLSTATE 53100 (disk_full).
QString storageFailureCause(const QString &code, const QString &text)
{
    bool numeric = false;
    const int sqliteCode = code.toInt(&numeric);
    numeric = numeric && code.size() < 5; // PostgreSQL's SQLSTATEs are five characters, SQLite's codes fewer
    if (code == QStringLiteral("53100") || (numeric && sqliteCode == 13)
        || text == QStringLiteral("database or disk is full"))
        return QStringLiteral("the disk holding the store is full: free space, then run again");
    if ((numeric && sqliteCode % 256 == 10) || text == QStringLiteral("disk I/O error"))
        return QStringLiteral("the store's file could not be written: the disk may be full, or the file may not "
                              "grow; free space, then run again");
    return {};
}

} // namespace

mirror::Error sqlError(const QString &what, const QSqlError &error)
{
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    const QString code = error.nativeErrorCode();
    // SQLite result codes 5 (BUSY) and 6 (LOCKED); PostgreSQL SQLSTATE class 08 (connection), 40001
    // (serialization), 40P01 (deadlock), 57P01-57P03 (server shutting down or starting).
    const bool transient = error.type() == QSqlError::ConnectionError || code == QStringLiteral("5")
        || code == QStringLiteral("6") || code.startsWith(QStringLiteral("08")) || code == QStringLiteral("40001")
        || code == QStringLiteral("40P01") || code.startsWith(QStringLiteral("57P"));
    QString message = what + QStringLiteral(": ") + text.trimmed();
    if (const QString cause = storageFailureCause(code, text.trimmed()); !cause.isEmpty())
        message += QStringLiteral(" (") + cause + QLatin1Char(')');
    return mirror::Error{transient ? mirror::ErrorCategory::Transient : mirror::ErrorCategory::Fatal,
                         message.toStdString()};
}

Store::Store(StoreLocation location)
    : m_location(std::move(location)),
      m_connectionPrefix(QStringLiteral("mirror-store-%1-").arg(nextStoreNumber.fetchAndAddRelaxed(1)))
{}

Store::~Store()
{
    // Connections of threads that have ended cannot be closed from here (Qt 6.4 refuses to touch them from
    // another thread); removing their names releases them.
    const QMutexLocker lock(&m_mutex);
    for (const QString &name : std::as_const(m_connectionNames))
        QSqlDatabase::removeDatabase(name);
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
        return fatal("the Qt SQL driver " + location.qtDriverName().toStdString() + " is not installed (Debian package "
                     + (location.engine == Engine::SQLite ? "libqt6sql6-sqlite" : "libqt6sql6-psql") + ")");
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
    bool known = false;
    {
        const QMutexLocker lock(&m_mutex);
        known = m_connectionNames.contains(name);
    }
    if (known) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        // A connection that failed to open, or that the server dropped, is tried again on the next use
        // rather than left broken for the rest of the thread's life.
        if (db.isOpen())
            return db;
        db.close();
        QSqlDatabase::removeDatabase(name);
        const QMutexLocker lock(&m_mutex);
        m_connectionNames.removeAll(name);
    }
    auto opened = openConnection(name);
    const QMutexLocker lock(&m_mutex);
    m_connectionNames.append(name);
    return opened ? opened.value() : QSqlDatabase::database(name, false);
}

void Store::releaseThreadConnection() const
{
    const QString name = m_connectionPrefix + QString::number(threadSerial());
    {
        const QMutexLocker lock(&m_mutex);
        if (!m_connectionNames.removeAll(name))
            return;
    }
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
    } // the handle goes out of scope before removal, as QSqlDatabase::removeDatabase requires
    QSqlDatabase::removeDatabase(name);
}

QSqlDatabase addConnection(const StoreLocation &location, const QString &name, bool readOnly)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(location.qtDriverName(), name);
    if (location.engine == Engine::SQLite) {
        db.setDatabaseName(location.sqlitePath);
        // Writers wait for each other instead of failing at once; readers never wait in WAL mode.
        db.setConnectOptions(readOnly ? QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000")
                                      : QStringLiteral("QSQLITE_BUSY_TIMEOUT=30000"));
    } else {
        db.setHostName(location.host);
        db.setPort(location.port);
        db.setDatabaseName(location.database);
        db.setUserName(location.user);
        db.setPassword(location.password);
        QString options = QStringLiteral("connect_timeout=10");
        if (!location.options.isEmpty())
            options += QLatin1Char(';') + location.options;
        db.setConnectOptions(options);
    }
    return db;
}

mirror::Result<QSqlDatabase> Store::openConnection(const QString &name) const
{
    QSqlDatabase db = addConnection(m_location, name);
    if (!db.open())
        return sqlError(QStringLiteral("cannot open the store %1").arg(m_location.redacted()), db.lastError());
    QSqlQuery query(db);
    if (m_location.engine == Engine::SQLite) {
        // 16 kB pages, for a new store only (an existing one keeps the size it was made with). An observation row
        // is about 3 kB, mostly its compressed document: a 4 kB page holds one and leaves a quarter unused, a
        // 16 kB page holds five (docs/benchmarks.md, "Documents without their derivable checksums"). It must
        // come before WAL mode, which writes the new file's first page.
        for (const char *pragma : {"PRAGMA page_size=16384", "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                                   "PRAGMA foreign_keys=ON", "PRAGMA temp_store=MEMORY", "PRAGMA cache_size=-65536"}) {
            if (!query.exec(QString::fromLatin1(pragma)))
                return sqlError(QStringLiteral("cannot set up the SQLite store (%1)").arg(QString::fromLatin1(pragma)),
                                query.lastError());
        }
    } else if (!query.exec(QStringLiteral("SET client_min_messages TO WARNING"))) {
        return sqlError(QStringLiteral("cannot set up the PostgreSQL session"), query.lastError());
    }
    return db;
}

namespace {

// How deep each connection of this thread is in nested Transactions (connections are per thread, so the
// count needs no lock).
std::map<QString, int> &transactionDepths()
{
    thread_local std::map<QString, int> depths;
    return depths;
}

QString savepointName(int depth)
{
    return QStringLiteral("mirror_sp_%1").arg(depth);
}

} // namespace

Transaction::Transaction(QSqlDatabase db) : m_db(std::move(db))
{
    int &depth = transactionDepths()[m_db.connectionName()];
    m_depth = depth;
    if (m_depth == 0 && m_db.driverName() == QLatin1String("QSQLITE"))
        // IMMEDIATE takes the write lock up front, waiting (busy timeout) for another writer. A deferred
        // transaction that reads first and writes later fails at once with "database is locked" when another
        // connection committed in between: SQLite cannot upgrade a stale read snapshot.
        m_started = QSqlQuery(m_db).exec(QStringLiteral("BEGIN IMMEDIATE"));
    else if (m_depth == 0)
        m_started = m_db.transaction();
    else
        m_started = QSqlQuery(m_db).exec(QStringLiteral("SAVEPOINT ") + savepointName(m_depth));
    if (m_started)
        ++depth;
}

Transaction::~Transaction()
{
    if (!m_started || m_done)
        return;
    if (m_depth == 0) {
        m_db.rollback();
    } else {
        QSqlQuery query(m_db);
        query.exec(QStringLiteral("ROLLBACK TO SAVEPOINT ") + savepointName(m_depth));
        query.exec(QStringLiteral("RELEASE SAVEPOINT ") + savepointName(m_depth));
    }
    --transactionDepths()[m_db.connectionName()];
}

mirror::Result<void> Transaction::commit()
{
    if (!m_started)
        return sqlError(QStringLiteral("cannot start a transaction"), m_db.lastError());
    m_done = true;
    --transactionDepths()[m_db.connectionName()];
    if (m_depth > 0) {
        // An inner commit only ends the savepoint: the outermost transaction decides.
        QSqlQuery query(m_db);
        if (!query.exec(QStringLiteral("RELEASE SAVEPOINT ") + savepointName(m_depth)))
            return sqlError(QStringLiteral("cannot release a savepoint"), query.lastError());
        return {};
    }
    if (!m_db.commit()) {
        const QSqlError error = m_db.lastError();
        m_db.rollback();
        // Named, because a commit is where a full disk shows (SQLite writes the journal then).
        return sqlError(QStringLiteral("cannot commit to the store %1").arg(m_db.databaseName()), error);
    }
    return {};
}

} // namespace store
