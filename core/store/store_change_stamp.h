#pragma once

#include "common/result.h"
#include "store/store.h"

#include <QString>

// Whether someone else wrote the store since the last look, without reading what changed: the console polls it
// every few seconds and refreshes its views when the stamp moves (a harvest by caom-sync, a validate, an import).
namespace store {

// A text that changes when another connection commits a write. SQLite: the connection's data_version (moves on
// every commit by another connection, to any table). PostgreSQL: the server's next transaction id (moves on any
// write transaction on the server, so now and then without a change to this store), with the store's counters.
// Must run on the thread whose connection it reads (the StoreReader's).
mirror::Result<QString> storeChangeStamp(const Store &store);

} // namespace store
