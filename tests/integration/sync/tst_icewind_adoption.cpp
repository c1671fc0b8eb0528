// Scenario 50 (spec caom2-sync.md §6): a mirror that icewind kept is taken over. Its PostgreSQL schema is
// built here the way the reference's DDL builds it (HarvestState, HarvestSkipURI), filled with the rows an
// icewind run leaves, and adopted; the harvests that follow fetch only what changed after icewind's cursor, and
// the retry pass works through icewind's skip records. Schemas that are not icewind's are refused by name.
#include "partner_archive.h"
#include "test_stores.h"

#include "store/harvest_state_store.h"
#include "store/icewind_state_reader.h"
#include "store/observation_lookup.h"
#include "store/skip_record_store.h"
#include "sync/harvest_job.h"
#include "sync/icewind_adoption.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <algorithm>

using namespace testsupport;

namespace {

const QString hst = QStringLiteral("HST");
const QString icewindService = QStringLiteral("ivo://example.org/caom2repo");

// The reference's DDL for its two state tables (caom2persistence, PostgreSQL), columns as in spec §2.1.
const char *const harvestStateDdl = "CREATE TABLE %1.HarvestState (source varchar(256) NOT NULL,"
                                    " cname varchar(256) NOT NULL, curLastModified timestamp, curID uuid,"
                                    " lastModified timestamp NOT NULL, stateID uuid PRIMARY KEY)";
const char *const harvestSkipDdl = "CREATE TABLE %1.HarvestSkipURI (source varchar(256) NOT NULL,"
                                   " cname varchar(256) NOT NULL, skipID varchar(512) NOT NULL,"
                                   " tryAfter timestamp NOT NULL, errorMessage varchar(1024),"
                                   " lastModified timestamp NOT NULL, id uuid PRIMARY KEY)";

QString utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString uuidText(const caom2::Observation &o)
{
    return QString::fromStdString(o.id.toString());
}

QString skipID(const caom2::Observation &o)
{
    return QStringLiteral("caom:HST/") + QString::fromStdString(o.observationID);
}

// A scratch PostgreSQL database standing in for icewind's; statements run on a connection of its own.
class IcewindDatabase {
public:
    IcewindDatabase() : m_scratch(QStringLiteral("postgresql")), m_name(QUuid::createUuid().toString()) {}
    ~IcewindDatabase()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }

    bool open()
    {
        if (!m_scratch.ok()) {
            qWarning("%s", qPrintable(m_scratch.error()));
            return false;
        }
        QSqlDatabase db = store::addConnection(m_scratch.location(), m_name);
        if (!db.open())
            qWarning("icewind database: %s", qPrintable(db.lastError().text()));
        return db.isOpen();
    }
    const store::StoreLocation &location() const { return m_scratch.location(); }
    QString url() const { return m_scratch.argument(); }

    bool exec(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery query(QSqlDatabase::database(m_name));
        bool done = false;
        if (values.isEmpty()) { // DDL: PostgreSQL prepares no CREATE
            done = query.exec(sql);
        } else {
            query.prepare(sql);
            for (const QVariant &value : values)
                query.addBindValue(value);
            done = query.exec();
        }
        if (!done)
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return done;
    }
    bool createIcewindSchema(const QString &schema)
    {
        return exec(QStringLiteral("CREATE SCHEMA %1").arg(schema))
            && exec(QString::fromLatin1(harvestStateDdl).arg(schema))
            && exec(QString::fromLatin1(harvestSkipDdl).arg(schema));
    }
    bool putState(const QString &schema, const QString &source, const QString &cname, qint64 cursorMs,
                  const QString &curID)
    {
        return exec(QStringLiteral("INSERT INTO %1.HarvestState (source, cname, curLastModified, curID, lastModified,"
                                   " stateID) VALUES (?, ?, CAST(? AS timestamp), CAST(? AS uuid),"
                                   " CAST(? AS timestamp), CAST(? AS uuid))")
                        .arg(schema),
                    {source, cname, utc(cursorMs), curID, utc(cursorMs + 60000),
                     QUuid::createUuid().toString(QUuid::WithoutBraces)});
    }
    bool putSkip(const QString &schema, const QString &source, const QString &cname, const QString &id,
                 qint64 tryAfterMs, const QString &message)
    {
        return exec(QStringLiteral("INSERT INTO %1.HarvestSkipURI (source, cname, skipID, tryAfter, errorMessage,"
                                   " lastModified, id) VALUES (?, ?, ?, CAST(? AS timestamp), ?, CAST(? AS timestamp),"
                                   " CAST(? AS uuid))")
                        .arg(schema),
                    {source, cname, id, utc(tryAfterMs), message, utc(tryAfterMs + 1000),
                     QUuid::createUuid().toString(QUuid::WithoutBraces)});
    }

private:
    TestStore m_scratch;
    QString m_name;
};

// What an icewind run over HST left behind: observations 0-4 harvested (the cursor on 4), 1 and 2 failed
// (skip records), and a row each it keeps that is not ours to take: an artifact download and another service.
struct IcewindMirror {
    qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::vector<caom2::Observation> before; // icewind had them: 0-3 before its cursor, 4 on it
    std::vector<caom2::Observation> after;  // changed at the partner since icewind stopped
    qint64 cursor = 0;

    IcewindMirror()
    {
        const qint64 hour = 3600000;
        for (std::uint64_t i = 0; i < 5; ++i)
            before.push_back(PartnerArchive::observation("HST", i, now - 3 * hour + qint64(i) * 60000));
        cursor = before.back().maxLastModified->msSinceEpoch;
        for (std::uint64_t i = 5; i < 8; ++i)
            after.push_back(PartnerArchive::observation("HST", i, now - hour + qint64(i) * 60000));
    }

    bool write(IcewindDatabase &db, const QString &schema) const
    {
        const QString key = icewindService + QStringLiteral("?HST");
        return db.createIcewindSchema(schema)
            && db.putState(schema, key, QStringLiteral("Observation"), cursor, uuidText(before.back()))
            && db.putState(schema, key, QStringLiteral("DeletedObservation"), cursor - 1000, QString())
            && db.putState(schema, QStringLiteral("ivo://elsewhere.org/repo?HST"), QStringLiteral("Observation"), now,
                           QString())
            && db.putSkip(schema, key, QStringLiteral("Observation"), skipID(before[1]),
                          before[1].maxLastModified->msSinceEpoch, QStringLiteral("mismatched accMetaChecksum"))
            && db.putSkip(schema, key, QStringLiteral("Observation"), skipID(before[2]),
                          before[2].maxLastModified->msSinceEpoch, QStringLiteral("java.net.SocketTimeoutException"))
            && db.putSkip(schema, key, QStringLiteral("Artifact"), QStringLiteral("mast:HST/product/x.fits"), now,
                          QStringLiteral("Public"));
    }
};

bool requested(const QByteArray &accessLog, const caom2::Observation &o)
{
    const QByteArray path = QByteArray("/caom2/observations/HST/") + QByteArray::fromStdString(o.observationID);
    return accessLog.contains(QByteArray(path + ' '));
}

bool stored(const std::shared_ptr<store::Store> &local, const caom2::Observation &o)
{
    auto key = store::ObservationLookup(local).byUri(hst, QString::fromStdString(o.observationID));
    return key.ok() && key->has_value();
}

harvest::HarvestReport harvestOnce(const harvest::HarvestTarget &target, const std::shared_ptr<store::Store> &local,
                                   harvest::HarvestMode mode)
{
    harvest::HarvestRequest request;
    request.target = target;
    request.mode = mode;
    harvest::JobControl control;
    return harvest::runHarvest(request, local, control);
}

mirror::Result<harvest::IcewindAdoption> adopt(const std::shared_ptr<store::Store> &local,
                                               const store::IcewindState &icewind, const QString &ourService)
{
    harvest::IcewindAdoptionRequest request;
    request.sourceName = QStringLiteral("PARTNER");
    request.ourService = ourService;
    request.icewindService = icewindService;
    request.collections = {hst};
    return harvest::adoptIcewindState(local, icewind, request);
}

} // namespace

class TestIcewindAdoption : public QObject {
    Q_OBJECT

private slots:
    // icewind's database is PostgreSQL: without one this whole test is left out, said as the other store tests
    // say it (ctest reports it skipped, never passed).
    void initTestCase()
    {
        if (postgresSkippedOnPurpose()) {
            qWarning("%s", qPrintable(postgresAbsenceReason()));
            QSKIP("icewind's database is PostgreSQL");
        }
    }

    // The rows come out as icewind wrote them: its timestamps (UTC, to the millisecond) and ids.
    void readsTheReferenceTables()
    {
        IcewindDatabase icewind;
        QVERIFY(icewind.open());
        const IcewindMirror mirror;
        QVERIFY(mirror.write(icewind, QStringLiteral("caom2")));
        auto state = store::readIcewindState(icewind.location(), QStringLiteral("caom2"));
        QVERIFY2(state.ok(), state.ok() ? "" : state.error().message.c_str());
        QCOMPARE(state->states.size(), std::size_t(3));
        QCOMPARE(state->skips.size(), std::size_t(3));
        const auto observations =
            std::find_if(state->states.begin(), state->states.end(), [](const store::HarvestState &s) {
                return s.source == icewindService + QStringLiteral("?HST") && s.cname == QStringLiteral("Observation");
            });
        QVERIFY(observations != state->states.end());
        QCOMPARE(observations->cursor.lastModified.value_or(-1), mirror.cursor);
        QCOMPARE(observations->cursor.id.value_or(QUuid()).toString(QUuid::WithoutBraces),
                 uuidText(mirror.before.back()));
        const auto failed = std::find_if(state->skips.begin(), state->skips.end(), [&](const store::SkipRecord &s) {
            return s.skipID == skipID(mirror.before[1]);
        });
        QVERIFY(failed != state->skips.end());
        QCOMPARE(failed->tryAfter.value_or(-1), mirror.before[1].maxLastModified->msSinceEpoch);
        QCOMPARE(failed->errorMessage, QStringLiteral("mismatched accMetaChecksum"));
    }

    // Scenario 50 through the engine, into a store on either engine: the next incremental harvest fetches what
    // changed at or after icewind's cursor and nothing before it; the retry pass fetches icewind's failures.
    void continuesWhereIcewindStopped_data() { addEngineColumn(); }
    void continuesWhereIcewindStopped()
    {
        QFETCH(QString, engine);
        const IcewindMirror mirror;
        PartnerArchive partner;
        QVERIFY(partner.start());
        std::vector<caom2::Observation> all = mirror.before;
        all.insert(all.end(), mirror.after.begin(), mirror.after.end());
        QVERIFY(partner.put(all));
        IcewindDatabase icewind;
        QVERIFY(icewind.open());
        QVERIFY(mirror.write(icewind, QStringLiteral("caom2")));

        TestStore ours(engine);
        auto local = ours.openOrDie();
        auto target = harvestTarget(partner.capabilitiesUrl(), hst);
        target.tuning.lookback = std::chrono::minutes(2); // the default: would reach back over the cursor
        auto state = store::readIcewindState(icewind.location(), QStringLiteral("caom2"));
        QVERIFY2(state.ok(), state.ok() ? "" : state.error().message.c_str());
        auto adopted = adopt(local, *state, partner.capabilitiesUrl());
        QVERIFY2(adopted.ok(), adopted.ok() ? "" : adopted.error().message.c_str());
        QCOMPARE(adopted->collections.size(), std::size_t(1));
        QCOMPARE(adopted->collections.front().ourKey, target.harvestSource);
        QCOMPARE(adopted->collections.front().skipRecordsAdded, 2);
        // Left in icewind's tables, and said: the other service's cursor, the artifact download.
        QCOMPARE(adopted->notAdopted.size(), 2);
        const QString leftOut = adopted->notAdopted.join(u'\n');
        QVERIFY2(leftOut.contains(QStringLiteral("ivo://elsewhere.org/repo?HST")), qPrintable(leftOut));
        QVERIFY2(leftOut.contains(QStringLiteral("(Artifact)")), qPrintable(leftOut));

        auto cursor = store::HarvestStateStore(local).get(target.harvestSource, store::HarvestEntity::observation);
        QCOMPARE(cursor->cursor.lastModified.value_or(-1), mirror.cursor);

        const auto first = harvestOnce(target, local, harvest::HarvestMode::Incremental);
        QVERIFY2(first.outcome == store::RunOutcome::Succeeded, qPrintable(first.error));
        QVERIFY(first.cursorInherited);
        // The observation on the cursor's instant (icewind's listing start is inclusive too) and the three after.
        QCOMPARE(first.counts.fetched, qint64(1 + mirror.after.size()));
        QCOMPARE(first.counts.ingested, qint64(1 + mirror.after.size()));
        const QByteArray log = partner.accessLog();
        for (std::size_t i = 0; i + 1 < mirror.before.size(); ++i) {
            QVERIFY2(!requested(log, mirror.before[i]), mirror.before[i].observationID.c_str());
            QVERIFY(!stored(local, mirror.before[i]));
        }
        for (const caom2::Observation &o : mirror.after)
            QVERIFY2(stored(local, o), o.observationID.c_str());
        QCOMPARE(first.cursorAfter.lastModified.value_or(-1), mirror.after.back().maxLastModified->msSinceEpoch);

        const auto retry = harvestOnce(target, local, harvest::HarvestMode::Retry);
        QVERIFY2(retry.outcome == store::RunOutcome::Succeeded, qPrintable(retry.error));
        QCOMPARE(retry.counts.skippedCleared, qint64(2));
        QVERIFY(stored(local, mirror.before[1]));
        QVERIFY(stored(local, mirror.before[2]));
        store::SkipQuery left;
        left.source = target.harvestSource;
        QCOMPARE(store::SkipRecordStore(local).list(left)->size(), std::size_t(0));

        // From now on the cursor is ours: the usual look-back applies, and nothing new means nothing fetched.
        const auto second = harvestOnce(target, local, harvest::HarvestMode::Incremental);
        QVERIFY(!second.cursorInherited);
        QCOMPARE(second.counts.fetched, qint64(0));
    }

    // What cannot be adopted says what is wrong and writes nothing.
    void refusesWhatIsNotIcewinds()
    {
        IcewindDatabase icewind;
        QVERIFY(icewind.open());
        QVERIFY(icewind.exec(QStringLiteral("CREATE SCHEMA empty")));
        QVERIFY(icewind.exec(QStringLiteral("CREATE SCHEMA renamed")));
        QVERIFY(icewind.exec(QStringLiteral("CREATE TABLE renamed.HarvestState (source varchar(256), cname "
                                            "varchar(256), cursorTime timestamp, curID uuid, lastModified timestamp,"
                                            " stateID uuid)")));
        QVERIFY(icewind.exec(QStringLiteral("CREATE SCHEMA retyped")));
        QVERIFY(icewind.exec(QStringLiteral("CREATE TABLE retyped.HarvestState (source varchar(256), cname "
                                            "varchar(256), curLastModified timestamp, curID text, lastModified "
                                            "timestamp, stateID uuid)")));
        const struct {
            const char *schema;
            const char *says;
        } cases[] = {
            {"missing", "there is no schema named missing"},
            {"empty", "there is no table HarvestState"},
            {"renamed", "table HarvestState has no column curLastModified (it has cname, curid, cursortime"},
            {"retyped", "column HarvestState.curID is of type text where the reference tools write uuid"},
        };
        for (const auto &c : cases) {
            auto state = store::readIcewindState(icewind.location(), QLatin1String(c.schema));
            QVERIFY2(!state.ok(), c.schema);
            const QString message = QString::fromStdString(state.error().message);
            QVERIFY2(message.contains(QLatin1String(c.says)), qPrintable(message));
            QVERIFY2(message.contains(QStringLiteral("schema ") + QLatin1String(c.schema)), qPrintable(message));
            QVERIFY2(!message.contains(QLatin1Char(':') + icewind.location().password + QLatin1Char('@')),
                     "the password reached a message");
        }
    }

    // Our own cursor is never moved by an adoption: refused, and nothing of icewind's is written.
    void keepsACursorOfOurOwn()
    {
        IcewindDatabase icewind;
        QVERIFY(icewind.open());
        const IcewindMirror mirror;
        QVERIFY(mirror.write(icewind, QStringLiteral("caom2")));
        TestStore ours(QStringLiteral("sqlite"));
        auto local = ours.openOrDie();
        const QString ourService = QStringLiteral("https://partner.example.org/capabilities");
        const QString ourKey = harvest::harvestSourceKey(ourService, hst);
        QVERIFY(store::HarvestStateStore(local).put(ourKey, store::HarvestEntity::observation, {mirror.now, {}}).ok());
        auto state = store::readIcewindState(icewind.location(), QStringLiteral("caom2"));
        QVERIFY(state.ok());
        auto adopted = adopt(local, *state, ourService);
        QVERIFY(!adopted.ok());
        QCOMPARE(adopted.error().category, mirror::ErrorCategory::Conflict);
        QVERIFY2(QString::fromStdString(adopted.error().message).contains(QStringLiteral("nothing was adopted")),
                 adopted.error().message.c_str());
        QCOMPARE(store::HarvestStateStore(local).get(ourKey, store::HarvestEntity::observation)->cursor.lastModified,
                 std::optional<qint64>(mirror.now));
        store::SkipQuery any;
        QCOMPARE(store::SkipRecordStore(local).list(any)->size(), std::size_t(0));
    }

    // The operator's way: `sources adopt-icewind`, then `harvest` and `harvest --mode retry`, as in docs/sync.md.
    void throughTheCommandLine()
    {
        const IcewindMirror mirror;
        PartnerArchive partner;
        QVERIFY(partner.start());
        std::vector<caom2::Observation> all = mirror.before;
        all.insert(all.end(), mirror.after.begin(), mirror.after.end());
        QVERIFY(partner.put(all));
        IcewindDatabase icewind;
        QVERIFY(icewind.open());
        QVERIFY(mirror.write(icewind, QStringLiteral("caom2")));

        QTemporaryDir dir;
        const QString storePath = dir.filePath(QStringLiteral("mirror.sqlite"));
        const auto run = [&](const QStringList &arguments, QByteArray *out = nullptr, QByteArray *err = nullptr) {
            QProcess process;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
            process.setProcessEnvironment(env);
            process.start(QStringLiteral(MIRROR_CAOM_SYNC), arguments);
            if (!process.waitForFinished(120000))
                return -1;
            if (out)
                *out = process.readAllStandardOutput();
            if (err)
                *err = process.readAllStandardError();
            return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        };
        QCOMPARE(
            run({QStringLiteral("sources"), QStringLiteral("add"), QStringLiteral("PARTNER"),
                 QStringLiteral("--capabilities"), partner.capabilitiesUrl(), QStringLiteral("--collection"), hst}),
            0);
        const QStringList adoptArguments{QStringLiteral("sources"),
                                         QStringLiteral("adopt-icewind"),
                                         QStringLiteral("PARTNER"),
                                         QStringLiteral("--database"),
                                         icewind.url(),
                                         QStringLiteral("--service"),
                                         icewindService,
                                         QStringLiteral("--store"),
                                         storePath};
        QByteArray out;
        QByteArray err;
        QCOMPARE(run(adoptArguments + QStringList{QStringLiteral("--schema"), QStringLiteral("nothere")}, &out, &err),
                 2);
        QVERIFY2(err.contains("there is no schema named nothere"), err.constData());
        QVERIFY2(err.contains("nothing was adopted"), err.constData());
        QVERIFY2(!err.contains(":mirror_test@") && !out.contains(":mirror_test@"), "the password was printed");

        QCOMPARE(run(adoptArguments + QStringList{QStringLiteral("--json")}, &out, &err), 0);
        const QJsonObject adopted = QJsonDocument::fromJson(out).object();
        const QJsonObject collection = adopted.value(QStringLiteral("collections")).toArray().at(0).toObject();
        QCOMPARE(collection.value(QStringLiteral("collection")).toString(), hst);
        QCOMPARE(collection.value(QStringLiteral("skipRecordsAdded")).toInt(), 2);
        QCOMPARE(collection.value(QStringLiteral("observationCursor")).toString().toStdString(),
                 mirror.before.back().maxLastModified->toString());

        const QStringList harvest{QStringLiteral("harvest"),  QStringLiteral("--store"), storePath,
                                  QStringLiteral("--source"), QStringLiteral("PARTNER"), QStringLiteral("--json")};
        QCOMPARE(run(harvest, &out, &err), 0);
        const QJsonObject first = QJsonDocument::fromJson(out).array().at(0).toObject();
        const QJsonObject counts = first.value(QStringLiteral("counts")).toObject();
        QCOMPARE(counts.value(QStringLiteral("fetched")).toInt(), int(1 + mirror.after.size()));
        const QStringList notes = first.value(QStringLiteral("notes")).toVariant().toStringList();
        QVERIFY2(notes.join(u'\n').contains(QStringLiteral("without look-back")), out.constData());

        QCOMPARE(run(harvest + QStringList{QStringLiteral("--mode"), QStringLiteral("retry")}, &out, &err), 0);
        const QJsonObject retry = QJsonDocument::fromJson(out).array().at(0).toObject();
        QCOMPARE(retry.value(QStringLiteral("counts")).toObject().value(QStringLiteral("skippedCleared")).toInt(), 2);
    }
};

QTEST_GUILESS_MAIN(TestIcewindAdoption)
#include "tst_icewind_adoption.moc"
