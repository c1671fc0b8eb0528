#pragma once

#include "store/store.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

// Throw-away stores for tests, on both engines. PostgreSQL comes from MIRROR_TEST_PG_URL (an account allowed
// to create databases; packaging/run-tests.sh starts a server and sets it): each TestStore creates its own
// database and drops it afterwards.
namespace testsupport {

// The engines a data-driven store test runs on: "sqlite" always, "postgresql" when a server is configured.
bool postgresAvailable();
// Why PostgreSQL is absent, said loudly so a developer never mistakes a SQLite-only run for a full one.
QString postgresAbsenceReason();

// For data-driven store tests: adds the "engine" column with a row per available engine, and warns loudly
// when PostgreSQL is not configured.
void addEngineColumn();

class TestStore {
public:
    // engine: "sqlite" or "postgresql".
    explicit TestStore(const QString &engine);
    ~TestStore();

    bool ok() const { return m_location.has_value(); }
    QString error() const { return m_error; }
    const store::StoreLocation &location() const { return *m_location; }
    // The --store argument for caom-sync.
    QString argument() const;
    // Opens the store (migrating it), or nullptr with error() set.
    std::shared_ptr<store::Store> open();
    // Opens, or ends the test run with the reason: for tests whose every step needs the store.
    std::shared_ptr<store::Store> openOrDie();

private:
    QTemporaryDir m_dir;
    std::optional<store::StoreLocation> m_location;
    QString m_databaseName;
    QString m_error;
};

} // namespace testsupport
