#pragma once

#include "common/result.h"

#include <QString>

// Where a store lives, as the operator writes it: a file path (SQLite) or a postgresql:// URL.
namespace store {

enum class Engine { SQLite, PostgreSQL };

struct StoreLocation {
    Engine engine = Engine::SQLite;
    QString sqlitePath; // SQLite: the database file
    QString host;       // PostgreSQL
    int port = 5432;
    QString database;
    QString user;
    QString password; // from the URL or PGPASSWORD; never logged (see redacted())
    QString options;  // extra libpq connect options, e.g. "sslmode=require"

    // "postgresql://user@host:5432/db" with any password replaced by "***", or the SQLite path.
    QString redacted() const;
    QString qtDriverName() const
    {
        return engine == Engine::SQLite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
    }
};

// Parses --store: "postgresql://" or "postgres://" URLs select PostgreSQL, anything else is a SQLite file
// path. An empty text means the default store (defaultSqlitePath()).
mirror::Result<StoreLocation> parseStoreLocation(const QString &text);

// $XDG_DATA_HOME/caom-mirror/mirror.sqlite (or ~/.local/share/... when XDG_DATA_HOME is unset).
QString defaultSqlitePath();

} // namespace store
