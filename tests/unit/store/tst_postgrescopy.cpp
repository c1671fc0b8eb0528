// Rows copied into PostgreSQL in binary (postgres_copy.h): only a PostgreSQL connection copies; what cannot be
// written is refused before anything is sent, naming the table and the column; the server's refusal carries its
// message and leaves the caller's transaction to roll back; reserved keys are fresh and are the keys the copied
// rows keep. RowInserter's hostile round trip (tst_rowinserter) covers the values themselves.
#include "store/postgres_copy.h"
#include "test_stores.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <set>

using namespace store;

namespace {

int rowCount(const QSqlDatabase &db, const QString &table)
{
    QSqlQuery count(db);
    if (!count.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)) || !count.next())
        return -1;
    return count.value(0).toInt();
}

// A throw-away PostgreSQL store holding one scratch table, made by `createSql`.
class ScratchTable {
public:
    explicit ScratchTable(const QString &createSql) : m_fixture(QStringLiteral("postgresql"))
    {
        m_store = m_fixture.open();
        if (!m_store) {
            m_error = m_fixture.error();
            return;
        }
        QSqlQuery create(m_store->database());
        if (!create.exec(createSql))
            m_error = create.lastError().text();
    }
    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    QSqlDatabase database() const { return m_store->database(); }

private:
    testsupport::TestStore m_fixture;
    std::shared_ptr<Store> m_store;
    QString m_error;
};

} // namespace

// The PostgreSQL-only tests: left out, and said so, only when the operator skipped PostgreSQL on purpose.
#define POSTGRESQL_ONLY()                                                   \
    if (!testsupport::testEngines().contains(QStringLiteral("postgresql"))) \
    QSKIP(testsupport::postgresSkipMarker)

class TestPostgresCopy : public QObject {
    Q_OBJECT

private slots:
    void onlyPostgresCopies_data() { testsupport::addEngineColumn(); }

    void onlyPostgresCopies()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        auto s = fixture.openOrDie();
        QCOMPARE(copiesRows(s->database()), engine == QLatin1String("postgresql"));
        if (engine == QLatin1String("sqlite")) {
            const QVariant one(1);
            auto copied = copyRows(s->database(), QStringLiteral("observation"), {QStringLiteral("obs_key")}, &one, 1);
            QVERIFY(!copied);
            QVERIFY2(QString::fromStdString(copied.error().message).contains(QStringLiteral("PostgreSQL")),
                     copied.error().message.c_str());
        }
    }

    void unwritableValuesAreRefusedBeforeSending_data()
    {
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("reason");
        QTest::newRow("a double") << QVariant(1.5) << QStringLiteral("txt") << QStringLiteral("type double");
        QTest::newRow("text with NUL") << QVariant(QStringLiteral("a") + QChar(0) + QStringLiteral("b"))
                                       << QStringLiteral("txt") << QStringLiteral("NUL");
    }

    // The row before the bad one is not written either: nothing reaches the server.
    void unwritableValuesAreRefusedBeforeSending()
    {
        POSTGRESQL_ONLY();
        QFETCH(QVariant, value);
        QFETCH(QString, column);
        QFETCH(QString, reason);
        const ScratchTable scratch(QStringLiteral("CREATE TABLE scratch (k INTEGER, txt TEXT)"));
        QVERIFY2(scratch.ok(), qPrintable(scratch.error()));
        QSqlDatabase db = scratch.database();
        const QVariant values[] = {QVariant(1), QVariant(QStringLiteral("fine")), QVariant(2), value};
        auto copied = copyRows(db, QStringLiteral("scratch"), {QStringLiteral("k"), column}, values, 2);
        QVERIFY(!copied);
        const QString message = QString::fromStdString(copied.error().message);
        QVERIFY2(message.contains(QStringLiteral("scratch")) && message.contains(column) && message.contains(reason),
                 qPrintable(message));
        QCOMPARE(copied.error().category, mirror::ErrorCategory::PerItem);
        QCOMPARE(rowCount(db, QStringLiteral("scratch")), 0);
        // The connection is usable afterwards: no COPY was left open.
        const QVariant good[] = {QVariant(3), QVariant(QStringLiteral("after"))};
        QVERIFY(copyRows(db, QStringLiteral("scratch"), {QStringLiteral("k"), column}, good, 1));
        QCOMPARE(rowCount(db, QStringLiteral("scratch")), 1);
    }

    // A row the server refuses (a CHECK) fails the whole COPY with the server's words, the table's name and which row;
    // the transaction around it keeps nothing.
    void serverRefusalRollsBack()
    {
        POSTGRESQL_ONLY();
        const ScratchTable scratch(
            QStringLiteral("CREATE TABLE narrow (k INTEGER CONSTRAINT below_hundred CHECK (k < 100))"));
        QVERIFY2(scratch.ok(), qPrintable(scratch.error()));
        QSqlDatabase db = scratch.database();
        {
            Transaction transaction(db);
            const QVariant before[] = {QVariant(1), QVariant(2)};
            QVERIFY(copyRows(db, QStringLiteral("narrow"), {QStringLiteral("k")}, before, 2));
            const QVariant values[] = {QVariant(3), QVariant(1000)};
            auto copied = copyRows(db, QStringLiteral("narrow"), {QStringLiteral("k")}, values, 2);
            QVERIFY(!copied);
            const QString message = QString::fromStdString(copied.error().message);
            QVERIFY2(message.contains(QStringLiteral("narrow")) && message.contains(QStringLiteral("below_hundred")),
                     qPrintable(message));
            QCOMPARE(copied.error().category, mirror::ErrorCategory::Fatal);
            QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message)); // one line, as in a log
            // The detail says which row: the second of this COPY.
            QVERIFY2(QString::fromStdString(copied.error().detail).contains(QStringLiteral("line 2")),
                     copied.error().detail.c_str());
        } // not committed
        QCOMPARE(rowCount(db, QStringLiteral("narrow")), 0);
    }

    // Reserved keys are distinct, and a later row inserted without a key is given none of them.
    void reservedKeysAreFresh()
    {
        POSTGRESQL_ONLY();
        const ScratchTable scratch(
            QStringLiteral("CREATE TABLE keyed (k BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, note TEXT)"));
        QVERIFY2(scratch.ok(), qPrintable(scratch.error()));
        QSqlDatabase db = scratch.database();
        auto keys = reserveKeys(db, QStringLiteral("keyed"), QStringLiteral("k"), 250);
        QVERIFY2(keys, keys ? "" : keys.error().message.c_str());
        QCOMPARE(keys->size(), std::size_t(250));
        const std::set<qint64> distinct(keys->begin(), keys->end());
        QCOMPARE(distinct.size(), std::size_t(250));
        std::vector<QVariant> rows;
        for (qint64 key : *keys)
            rows.insert(rows.end(), {QVariant(qlonglong(key)), QVariant(QStringLiteral("copied"))});
        QVERIFY(copyRows(db, QStringLiteral("keyed"), {QStringLiteral("k"), QStringLiteral("note")}, rows.data(), 250));
        QSqlQuery insert(db);
        QVERIFY2(insert.exec(QStringLiteral("INSERT INTO keyed (note) VALUES ('later') RETURNING k")),
                 qPrintable(insert.lastError().text()));
        QVERIFY(insert.next());
        QVERIFY(!distinct.contains(insert.value(0).toLongLong()));
        QCOMPARE(rowCount(db, QStringLiteral("keyed")), 251);
    }
};

QTEST_GUILESS_MAIN(TestPostgresCopy)
#include "tst_postgrescopy.moc"
