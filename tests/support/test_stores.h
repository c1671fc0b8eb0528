#pragma once

#include "store/store.h"

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

// Throw-away stores for tests, on both engines. PostgreSQL comes from MIRROR_TEST_PG_URL (an account allowed
// to create databases; packaging/run-tests.sh starts a server and sets it): each TestStore creates its own
// database and drops it afterwards.
namespace testsupport {

// PostgreSQL comes from MIRROR_TEST_PG_URL. Without it a PostgreSQL test row fails with the reason, unless the
// operator said MIRROR_SKIP_POSTGRES=1: then the rows are left out and the marker below is printed, which
// ctest turns into "skipped" for the executable, so a SQLite-only run never passes for a full one.
inline constexpr const char *postgresSkipMarker = "POSTGRESQL NOT TESTED";
bool postgresAvailable();
bool postgresSkippedOnPurpose();
// Why PostgreSQL is absent, said loudly.
QString postgresAbsenceReason();

// The engines a data-driven store test runs on: "sqlite", and "postgresql" unless skipped on purpose.
QStringList testEngines();
// For data-driven store tests: adds the "engine" column with a row per engine of testEngines().
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
