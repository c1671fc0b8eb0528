#include "test_stores.h"

#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

namespace testsupport {

namespace {

QString adminUrl()
{
    return qEnvironmentVariable("MIRROR_TEST_PG_URL");
}

// Runs one statement on the server's maintenance database (CREATE/DROP DATABASE cannot run inside a
// transaction, and not on the database being dropped).
QString runAdmin(const QString &sql)
{
    auto location = store::parseStoreLocation(adminUrl());
    if (!location)
        return QString::fromStdString(location.error().message);
    const QString name = QStringLiteral("test-admin-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(location->host);
        db.setPort(location->port);
        db.setDatabaseName(location->database);
        db.setUserName(location->user);
        db.setPassword(location->password);
        if (!db.open()) {
            error = db.lastError().text();
        } else {
            QSqlQuery query(db);
            if (!query.exec(sql))
                error = query.lastError().text();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

} // namespace

bool postgresAvailable()
{
    return !adminUrl().isEmpty();
}

bool postgresSkippedOnPurpose()
{
    return adminUrl().isEmpty() && qEnvironmentVariable("MIRROR_SKIP_POSTGRES") == QStringLiteral("1");
}

QString postgresAbsenceReason()
{
    if (postgresSkippedOnPurpose())
        return QString::fromLatin1(postgresSkipMarker)
            + QStringLiteral(": MIRROR_SKIP_POSTGRES=1, so this run covers SQLite only.");
    return QStringLiteral("no PostgreSQL server to test against: MIRROR_TEST_PG_URL is not set (packaging/run-tests.sh "
                          "starts one and sets it; MIRROR_SKIP_POSTGRES=1 runs SQLite only, reported as skipped)");
}

QStringList testEngines()
{
    if (postgresSkippedOnPurpose()) {
        // ctest reports an executable that prints the marker as skipped, not passed (tests/CMakeLists.txt).
        qWarning("%s", qPrintable(postgresAbsenceReason()));
        return {QStringLiteral("sqlite")};
    }
    // Without a server and without the operator's say-so, the PostgreSQL rows run and fail with the reason.
    return {QStringLiteral("sqlite"), QStringLiteral("postgresql")};
}

void addEngineColumn()
{
    QTest::addColumn<QString>("engine");
    for (const QString &engine : testEngines())
        QTest::newRow(qPrintable(engine)) << engine;
}

TestStore::TestStore(const QString &engine)
{
    if (engine == QStringLiteral("sqlite")) {
        store::StoreLocation location;
        location.sqlitePath = m_dir.filePath(QStringLiteral("store/mirror.sqlite"));
        m_location = location;
        return;
    }
    if (!postgresAvailable()) {
        m_error = postgresAbsenceReason();
        return;
    }
    auto location = store::parseStoreLocation(adminUrl());
    if (!location) {
        m_error = QString::fromStdString(location.error().message);
        return;
    }
    m_databaseName = QStringLiteral("mirror_test_%1").arg(QRandomGenerator::global()->generate64(), 0, 16);
    if (const QString failure = runAdmin(QStringLiteral("CREATE DATABASE %1").arg(m_databaseName));
        !failure.isEmpty()) {
        m_error = QStringLiteral("cannot create a test database: ") + failure;
        m_databaseName.clear();
        return;
    }
    location->database = m_databaseName;
    m_location = location.value();
}

TestStore::~TestStore()
{
    if (!m_databaseName.isEmpty())
        runAdmin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_databaseName));
}

QString TestStore::argument() const
{
    if (m_location->engine == store::Engine::SQLite)
        return m_location->sqlitePath;
    return QStringLiteral("postgresql://%1:%2@%3:%4/%5")
        .arg(m_location->user, m_location->password, m_location->host)
        .arg(m_location->port)
        .arg(m_location->database);
}

std::shared_ptr<store::Store> TestStore::open()
{
    auto opened = store::Store::open(*m_location);
    if (!opened) {
        m_error = QString::fromStdString(opened.error().message);
        return nullptr;
    }
    return opened.value();
}

std::shared_ptr<store::Store> TestStore::openOrDie()
{
    if (!ok())
        qFatal("%s", qPrintable(m_error));
    auto opened = open();
    if (!opened)
        qFatal("%s", qPrintable(m_error));
    return opened;
}

} // namespace testsupport
