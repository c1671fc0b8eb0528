#pragma once

#include <QString>

namespace store {

// "SQLite 3.40.1": the library Qt's SQLite driver runs with, asked through an in-memory database (the driver
// loads its own copy, which is the one that matters). "SQLite (driver missing)" when Qt has no SQLite driver.
QString sqliteVersion();

} // namespace store
