#pragma once

#include "common/result.h"
#include "store/store_location.h"

#include <QMutex>
#include <QSqlDatabase>
#include <QStringList>

#include <memory>

// The store: one SQLite file or one PostgreSQL database, opened once per process and used from any thread.
// Qt 6.4 rule: a QSqlDatabase connection belongs to the thread that opened it, so each thread gets its own
// named connection on first use (database()). Schema migrations run in open().
namespace store {

class Store {
public:
    // Opens (creating the SQLite file and its directory when needed) and migrates to the latest schema.
    static mirror::Result<std::shared_ptr<Store>> open(const StoreLocation &location);
    // For migration tests only: migrates no further than `version`.
    static mirror::Result<std::shared_ptr<Store>> openAtVersion(const StoreLocation &location, int version);

    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    // The calling thread's connection, opened on first use. Check isOpen(); lastError() says why not.
    QSqlDatabase database() const;
    // Closes the calling thread's connection, for threads that end before the store does (a job's helper
    // threads): without it each such thread would leave an open connection behind until the store closes.
    void releaseThreadConnection() const;

    const StoreLocation &location() const { return m_location; }
    Engine engine() const { return m_location.engine; }
    int schemaVersion() const { return m_schemaVersion; }

private:
    explicit Store(StoreLocation location);
    mirror::Result<QSqlDatabase> openConnection(const QString &name) const;

    StoreLocation m_location;
    QString m_connectionPrefix;
    int m_schemaVersion = 0;
    mutable QMutex m_mutex;
    mutable QStringList m_connectionNames;
};

// A transaction on the calling thread's connection that rolls back unless commit() succeeded: an
// exception, an early return or a crash leaves the store as it was before. Transactions nest: an inner one
// is a savepoint inside the outer, so code that writes in its own Transaction (an upsert) can be called
// inside a caller's (an upsert together with the harvest cursor that produced it) and stays atomic with it.
class Transaction {
public:
    explicit Transaction(QSqlDatabase db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool started() const { return m_started; }
    bool nested() const { return m_depth > 0; }
    mirror::Result<void> commit();

private:
    QSqlDatabase m_db;
    int m_depth = 0; // 0: the outermost transaction; n > 0: savepoint n
    bool m_started = false;
    bool m_done = false;
};

// Registers (does not open) a named connection to `location`: the one place that turns a location into
// driver settings. A read-only SQLite connection never creates or changes the file (for probing).
QSqlDatabase addConnection(const StoreLocation &location, const QString &name, bool readOnly = false);

// An Error carrying the failing statement's driver message (never bound values: they may be secrets).
// Errors worth retrying (SQLite busy after the timeout, a lost or refused PostgreSQL connection, a
// serialization failure or deadlock) are Transient; the rest are Fatal.
mirror::Error sqlError(const QString &what, const QSqlError &error);

} // namespace store
