#pragma once

#include "common/result.h"
#include "store/store_location.h"

#include <QSqlDatabase>

// Versioned schema migrations. Each version is a list of statements applied in one transaction; the
// store records the version it reached in schema_version. Never edit a released migration: add one.
namespace store {

int latestSchemaVersion();
// The version that added proposals, publications and observation.proposal_id: a store opened below it (only
// migration tests do that) is written without the column.
int proposalSchemaVersion();

// Applies every migration above the store's current version, up to `targetVersion`. Returns the version
// reached. Refuses a store written by a newer program (a version above latestSchemaVersion()).
mirror::Result<int> migrateSchema(QSqlDatabase &db, Engine engine, int targetVersion);

} // namespace store
