#pragma once

#include "common/result.h"
#include "store/store_location.h"

#include <QString>

// "Test connection" for a store location: connects without creating, migrating or writing anything, and says
// what is there. For the settings dialog and `caom-sync` diagnostics. Callable from any thread; it opens and
// closes its own connection on the calling thread (run it off the GUI thread: a PostgreSQL server that does
// not answer takes the connect timeout to fail).
namespace store {

struct StoreProbe {
    bool exists = false;   // SQLite: the file is there; PostgreSQL: the connection succeeded
    int schemaVersion = 0; // 0: no schema yet (an empty database, or a file that is not a store)
    int latestSchemaVersion = 0;
    qint64 observations = 0; // from the store's counters
    QString serverVersion;   // "SQLite 3.40.1" or "PostgreSQL 15.8"

    // One line for the operator: "PostgreSQL 15.8, schema 2, 3,612 observations".
    QString summary() const;
};

// Fails (with the driver's message, never the password) when the server cannot be reached, the credentials
// are refused, or the file cannot be read. A SQLite file that does not exist is not a failure: exists=false.
mirror::Result<StoreProbe> probeStore(const StoreLocation &location);

// Whether the location names something that exists without connecting: true for PostgreSQL (a connection
// would be needed to know), the file's existence for SQLite.
bool storeExists(const StoreLocation &location);

} // namespace store
