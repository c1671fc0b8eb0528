// "Test connection": probeStore() says what a location holds without creating, migrating or writing anything,
// on both engines, and its errors never carry a password.
#include "caom2/generator.h"
#include "store/observation_store.h"
#include "store/schema.h"
#include "store/store_probe.h"
#include "test_stores.h"

#include <QFileInfo>
#include <QTest>

class TestStoreProbe : public QObject {
    Q_OBJECT

private slots:
    void missingSqliteFileIsNotCreated();
    void describesStore_data() { testsupport::addEngineColumn(); }
    void describesStore();
    void refusedConnectionHidesPassword();
};

void TestStoreProbe::missingSqliteFileIsNotCreated()
{
    QTemporaryDir dir;
    store::StoreLocation location;
    location.sqlitePath = dir.filePath(QStringLiteral("nothing/here.sqlite"));
    QVERIFY(!store::storeExists(location));
    const auto probe = store::probeStore(location);
    QVERIFY(probe);
    QVERIFY(!probe->exists);
    QVERIFY(probe->summary().contains(QStringLiteral("no store there yet")));
    QVERIFY(!QFileInfo::exists(location.sqlitePath));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("nothing"))));
}

void TestStoreProbe::describesStore()
{
    QFETCH(QString, engine);
    testsupport::TestStore fixture(engine);
    QVERIFY2(fixture.ok(), qPrintable(fixture.error()));
    {
        const auto empty = store::probeStore(fixture.location());
        if (engine == QLatin1String("sqlite")) {
            QVERIFY(empty && !empty->exists); // no file before the first open
        } else {
            QVERIFY2(empty, empty ? "" : empty.error().message.c_str());
            QVERIFY(empty->exists);
            QCOMPARE(empty->schemaVersion, 0);
            QVERIFY2(empty->summary().contains(QStringLiteral("empty")), qPrintable(empty->summary()));
        }
    }
    auto opened = fixture.open();
    QVERIFY(opened);
    caom2::GeneratorOptions options;
    options.collection = "HST";
    QVERIFY(store::ObservationStore(opened).upsert({store::UpsertItem(caom2::generateObservation(options, 0)),
                                                    store::UpsertItem(caom2::generateObservation(options, 1))}));
    const auto probe = store::probeStore(fixture.location());
    QVERIFY2(probe, probe ? "" : probe.error().message.c_str());
    QVERIFY(probe->exists);
    QCOMPARE(probe->schemaVersion, store::latestSchemaVersion());
    QCOMPARE(probe->observations, 2);
    const QString summary = probe->summary();
    QVERIFY2(summary.startsWith(engine == QLatin1String("sqlite") ? QStringLiteral("SQLite ")
                                                                  : QStringLiteral("PostgreSQL ")),
             qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("2 observations")), qPrintable(summary));
}

void TestStoreProbe::refusedConnectionHidesPassword()
{
    auto location = store::parseStoreLocation(QStringLiteral("postgresql://nobody:hunter2@127.0.0.1:1/none"));
    QVERIFY(location);
    const auto probe = store::probeStore(location.value());
    QVERIFY(!probe);
    const QString message = QString::fromStdString(probe.error().describe());
    QVERIFY2(message.contains(QStringLiteral("***")) || message.contains(QStringLiteral("127.0.0.1")),
             qPrintable(message));
    QVERIFY2(!message.contains(QStringLiteral("hunter2")), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestStoreProbe)
#include "tst_storeprobe.moc"
