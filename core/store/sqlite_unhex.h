#pragma once

#include "common/result.h"

#include <QSqlDatabase>

// SQLite 3.40 (Debian 12) has no unhex(): the migration that stores ids and checksums as 16-byte values gives
// the connection its own, so that a million rows convert inside SQLite in one INSERT ... SELECT instead of
// travelling through Qt Sql one value at a time.
namespace store {

// Adds mirror_unhex(text) to a SQLite connection: the bytes the text's hexadecimal digits spell, ignoring '-'
// (so a UUID's text converts as it is); NULL for NULL, for an odd number of digits or for any other character.
mirror::Result<void> addUnhexFunction(const QSqlDatabase &db);

} // namespace store
