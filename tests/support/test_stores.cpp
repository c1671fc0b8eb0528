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

QString postgresAbsenceReason()
{
    return QStringLiteral(
        "PostgreSQL NOT TESTED: MIRROR_TEST_PG_URL is not set. packaging/run-tests.sh (and CI) start a "
        "server and set it; this run covers SQLite only.");
}

void addEngineColumn()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    if (postgresAvailable())
        QTest::newRow("postgresql") << QStringLiteral("postgresql");
    else
        qWarning("%s", qPrintable(postgresAbsenceReason()));
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
