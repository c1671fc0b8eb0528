// caom-sync harvest and status as an operator runs them (spec §6 scenarios 45, 46, 47, 49): figures in the
// status equal what the store holds, two sources of one collection kept apart, SIGINT cancels cleanly and the
// next run resumes after the last committed observation, and a token never appears in any output.
#include "partner_archive.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

#include <cmath>
#include <csignal>
#include <map>

using namespace testsupport;

namespace {

struct Operator {
    QTemporaryDir dir;
    QString store() const { return dir.filePath(QStringLiteral("mirror.sqlite")); }

    QProcess *start(const QStringList &arguments) const
    {
        auto *process = new QProcess;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        process->setProcessEnvironment(env);
        process->start(QStringLiteral(MIRROR_CAOM_SYNC), arguments);
        process->waitForStarted();
        return process;
    }
    int run(const QStringList &arguments, QByteArray *out = nullptr, QByteArray *err = nullptr) const
    {
        std::unique_ptr<QProcess> process(start(arguments));
        if (!process->waitForFinished(300000))
            return -1;
        if (out)
            *out = process->readAllStandardOutput();
        if (err)
            *err = process->readAllStandardError();
        return process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
    }
    QStringList harvest() const
    {
        return {QStringLiteral("harvest"),  QStringLiteral("--store"), store(),
                QStringLiteral("--source"), QStringLiteral("PARTNER"), QStringLiteral("--json")};
    }
};

QJsonObject firstReport(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).array().at(0).toObject();
}

qint64 storedCount(const QString &path)
{
    auto opened = store::Store::open(*store::parseStoreLocation(path));
    QSqlQuery query((*opened)->database());
    return query.exec(QStringLiteral("SELECT COUNT(*) FROM observation")) && query.next() ? query.value(0).toLongLong()
                                                                                          : -1;
}

// Observations in a store another process is writing, read without touching it: a read-only connection
// (no migration, no journal change); -1 until its schema exists.
qint64 observationsSoFar(const QString &path)
{
    if (!QFileInfo::exists(path))
        return -1;
    const QString name = QStringLiteral("observer");
    qint64 count = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=1000"));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("SELECT COUNT(*) FROM observation")) && query.next())
                count = query.value(0).toLongLong();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return count;
}

} // namespace

class TestHarvestCli : public QObject {
    Q_OBJECT

private slots:
    // Scenario 45: after a harvest, status shows the run, its counts and the cursor, equal to the store.
    void statusMatchesTheStore()
    {
        PartnerArchive partner;
        QVERIFY(partner.start());
        QVERIFY(partner.addGenerated("HST", 0, 300));
        Operator op;
        QCOMPARE(op.run({QStringLiteral("sources"), QStringLiteral("add"), QStringLiteral("PARTNER"),
                         QStringLiteral("--capabilities"), partner.capabilitiesUrl(), QStringLiteral("--collection"),
                         QStringLiteral("HST")}),
                 0);
        QByteArray out;
        QCOMPARE(op.run(op.harvest(), &out), 0);
        const QJsonObject report = firstReport(out);
        QCOMPARE(report.value(QStringLiteral("outcome")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(report.value(QStringLiteral("counts")).toObject().value(QStringLiteral("ingested")).toInt(), 300);
        QCOMPARE(storedCount(op.store()), qint64(300));
        // Partner and harvester share this machine's clock: the skew read off serve's Date is under a second.
        QVERIFY(report.contains(QStringLiteral("partnerClockSkewSeconds")));
        QVERIFY(std::abs(report.value(QStringLiteral("partnerClockSkewSeconds")).toDouble(99)) < 2);

        QCOMPARE(
            op.run({QStringLiteral("status"), QStringLiteral("--store"), op.store(), QStringLiteral("--json")}, &out),
            0);
        const QJsonObject status = QJsonDocument::fromJson(out).array().at(0).toObject();
        QCOMPARE(status.value(QStringLiteral("source")).toString(), QStringLiteral("PARTNER"));
        QCOMPARE(status.value(QStringLiteral("collection")).toString(), QStringLiteral("HST"));
        const caom2::Observation newest = PartnerArchive::observation("HST", 299);
        QCOMPARE(status.value(QStringLiteral("cursor")).toString().toStdString(), newest.maxLastModified->toString());
        const QJsonObject last = status.value(QStringLiteral("lastRuns")).toArray().at(0).toObject();
        QCOMPARE(last.value(QStringLiteral("kind")).toString(), QStringLiteral("incremental"));
        QCOMPARE(last.value(QStringLiteral("outcome")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(last.value(QStringLiteral("ok")).toInt(), 300);
        QVERIFY(status.value(QStringLiteral("skipRecords")).toObject().isEmpty());
        QCOMPARE(status.value(QStringLiteral("observations")).toObject().value(QStringLiteral("ok")).toInt(), 300);

        // The partner changes one observation; validate finds it: status counts it as differing, by the same
        // rule the console's views use, until a repair.
        caom2::Observation changed = PartnerArchive::observation("HST", 17);
        changed.type = "edited at the partner";
        caom2::assignChecksums(changed);
        QVERIFY(partner.put({changed}));
        QStringList validate = op.harvest();
        validate << QStringLiteral("--mode") << QStringLiteral("validate");
        QCOMPARE(op.run(validate, &out), 1); // differences found, not repaired
        QCOMPARE(
            op.run({QStringLiteral("status"), QStringLiteral("--store"), op.store(), QStringLiteral("--json")}, &out),
            0);
        const QJsonObject shown =
            QJsonDocument::fromJson(out).array().at(0).toObject().value(QStringLiteral("observations")).toObject();
        QCOMPARE(shown.value(QStringLiteral("differs")).toInt(), 1);
        QCOMPARE(shown.value(QStringLiteral("ok")).toInt(), 299);
    }

    // Scenario 47: two partners (a MAST-like and a CADC-like one) both serve HST into one store: each source
    // has its own cursor and skip backlog, status shows both, and a repairing validate against one never
    // deletes the observations that came from the other (one collection should have one authoritative source;
    // see the operator's guide).
    void twoSourcesOfOneCollection()
    {
        PartnerArchive mast;
        PartnerArchive cadc;
        QVERIFY(mast.start() && cadc.start());
        QVERIFY(mast.addGenerated("HST", 0, 120));
        QVERIFY(cadc.addGenerated("HST", 1000, 80));
        // One document at CADC whose declared checksum does not fit its content: a skip record of CADC's alone.
        caom2::Observation tampered = PartnerArchive::observation("HST", 1080);
        tampered.type = "changed after its checksum was computed";
        QVERIFY(cadc.put({tampered}));
        Operator op;
        for (const auto &[name, partner] : {std::pair{QStringLiteral("MAST"), &mast}, {QStringLiteral("CADC"), &cadc}})
            QCOMPARE(op.run({QStringLiteral("sources"), QStringLiteral("add"), name, QStringLiteral("--capabilities"),
                             partner->capabilitiesUrl(), QStringLiteral("--collection"), QStringLiteral("HST")}),
                     0);
        const auto harvest = [&](const QString &source, const QStringList &more = {}) {
            QByteArray out;
            const int code = op.run(QStringList{QStringLiteral("harvest"), QStringLiteral("--store"), op.store(),
                                                QStringLiteral("--source"), source, QStringLiteral("--json")}
                                        + more,
                                    &out);
            return std::pair{code, firstReport(out)};
        };
        QCOMPARE(harvest(QStringLiteral("MAST")).first, 0);
        QCOMPARE(harvest(QStringLiteral("CADC")).first, 1); // the tampered document is skipped
        QCOMPARE(storedCount(op.store()), qint64(200));

        QByteArray out;
        QCOMPARE(
            op.run({QStringLiteral("status"), QStringLiteral("--store"), op.store(), QStringLiteral("--json")}, &out),
            0);
        std::map<QString, QJsonObject> bySource;
        for (const QJsonValue &t : QJsonDocument::fromJson(out).array())
            bySource[t.toObject().value(QStringLiteral("source")).toString()] = t.toObject();
        QCOMPARE(bySource.size(), std::size_t(2));
        const QJsonObject shownMast = bySource[QStringLiteral("MAST")];
        const QJsonObject shownCadc = bySource[QStringLiteral("CADC")];
        QCOMPARE(shownMast.value(QStringLiteral("collection")).toString(), QStringLiteral("HST"));
        QCOMPARE(shownCadc.value(QStringLiteral("collection")).toString(), QStringLiteral("HST"));
        QVERIFY(shownMast.value(QStringLiteral("harvestKey")).toString()
                != shownCadc.value(QStringLiteral("harvestKey")).toString());
        // Each cursor is its own partner's newest observation.
        QCOMPARE(shownMast.value(QStringLiteral("cursor")).toString().toStdString(),
                 PartnerArchive::observation("HST", 119).maxLastModified->toString());
        QCOMPARE(shownCadc.value(QStringLiteral("cursor")).toString().toStdString(),
                 PartnerArchive::observation("HST", 1080).maxLastModified->toString());
        QVERIFY(shownMast.value(QStringLiteral("skipRecords")).toObject().isEmpty());
        QCOMPARE(shownCadc.value(QStringLiteral("skipRecords")).toObject().value(QStringLiteral("checksum")).toInt(),
                 1);
        QCOMPARE(shownMast.value(QStringLiteral("observations")).toObject().value(QStringLiteral("ok")).toInt(), 120);
        QCOMPARE(shownCadc.value(QStringLiteral("observations")).toObject().value(QStringLiteral("ok")).toInt(), 80);

        // A repairing validate against MAST finds CADC's 80 observations missing there and deletes none of them.
        const auto validated = harvest(QStringLiteral("MAST"),
                                       {QStringLiteral("--mode"), QStringLiteral("validate"),
                                        QStringLiteral("--repair"), QStringLiteral("--yes")});
        QVERIFY2(validated.first == 0 || validated.first == 1, qPrintable(QString::number(validated.first)));
        QCOMPARE(storedCount(op.store()), qint64(200));
        // ...and an incremental run of either source changes nothing of the other's.
        const auto again = harvest(QStringLiteral("CADC"));
        QCOMPARE(again.second.value(QStringLiteral("counts")).toObject().value(QStringLiteral("ingested")).toInt(-1),
                 0);
        QCOMPARE(storedCount(op.store()), qint64(200));
    }

    // Scenario 49: SIGINT in the middle: exit 3, the run recorded cancelled, the store consistent with the
    // cursor; the next run resumes and ends with every observation, rewriting none.
    void interruptCancelsAndTheNextRunResumes()
    {
        PartnerArchive partner;
        QVERIFY(partner.start());
        QVERIFY(partner.addGenerated("HST", 0, 6000));
        Operator op;
        QCOMPARE(op.run({QStringLiteral("sources"), QStringLiteral("add"), QStringLiteral("PARTNER"),
                         QStringLiteral("--capabilities"), partner.capabilitiesUrl(), QStringLiteral("--collection"),
                         QStringLiteral("HST")}),
                 0);
        std::unique_ptr<QProcess> harvester(op.start(op.harvest()));
        // Interrupt once the first batches are in (whatever the machine's load), not after a fixed time.
        QTRY_VERIFY_WITH_TIMEOUT(observationsSoFar(op.store()) > 0 || harvester->state() != QProcess::Running, 120000);
        QVERIFY2(harvester->state() == QProcess::Running, "the harvest ended before it could be interrupted");
        ::kill(pid_t(harvester->processId()), SIGINT);
        QVERIFY(harvester->waitForFinished(10000));
        QCOMPARE(harvester->exitCode(), 3);
        const QJsonObject cancelled = firstReport(harvester->readAllStandardOutput());
        QCOMPARE(cancelled.value(QStringLiteral("outcome")).toString(), QStringLiteral("cancelled"));
        const qint64 committed = storedCount(op.store());
        QCOMPARE(cancelled.value(QStringLiteral("counts")).toObject().value(QStringLiteral("ingested")).toInteger(),
                 committed);
        QVERIFY(committed > 0 && committed < 6000);

        QByteArray out;
        QCOMPARE(op.run(op.harvest(), &out), 0);
        const QJsonObject counts = firstReport(out).value(QStringLiteral("counts")).toObject();
        QCOMPARE(counts.value(QStringLiteral("ingested")).toInteger() + committed, qint64(6000));
        QCOMPARE(counts.value(QStringLiteral("updated")).toInt(-1), 0);
        QCOMPARE(storedCount(op.store()), qint64(6000));
    }

    // Two harvesters started together on the same store and the same list of collections share the list:
    // no (source, collection) is ever worked by both at once, and every collection is harvested.
    void twoHarvestersShareTheCollections()
    {
        PartnerArchive partner;
        QVERIFY(partner.start());
        const QStringList collections{QStringLiteral("C1"), QStringLiteral("C2"), QStringLiteral("C3"),
                                      QStringLiteral("C4")};
        for (const QString &c : collections)
            QVERIFY(partner.addGenerated(c.toStdString(), 0, 800));
        Operator op;
        QStringList add{QStringLiteral("sources"), QStringLiteral("add"), QStringLiteral("PARTNER"),
                        QStringLiteral("--capabilities"), partner.capabilitiesUrl()};
        for (const QString &c : collections)
            add << QStringLiteral("--collection") << c;
        QCOMPARE(op.run(add), 0);
        QStringList harvest = op.harvest();
        harvest.removeLast(); // no --json: the text report is enough here
        std::unique_ptr<QProcess> first(op.start(harvest));
        std::unique_ptr<QProcess> second(op.start(harvest));
        QVERIFY(first->waitForFinished(120000) && second->waitForFinished(120000));
        QCOMPARE(first->exitCode(), 0);
        QCOMPARE(second->exitCode(), 0);
        QCOMPARE(storedCount(op.store()), qint64(4 * 800));

        auto opened = store::Store::open(*store::parseStoreLocation(op.store()));
        QSqlQuery runs((*opened)->database());
        QVERIFY(runs.exec(QStringLiteral(
            "SELECT collection, started_at, ended_at, outcome FROM sync_run ORDER BY collection, started_at")));
        std::map<QString, std::vector<std::pair<qint64, qint64>>> byCollection;
        while (runs.next()) {
            QCOMPARE(runs.value(3).toString(), QStringLiteral("succeeded"));
            byCollection[runs.value(0).toString()].push_back({runs.value(1).toLongLong(), runs.value(2).toLongLong()});
        }
        QCOMPARE(byCollection.size(), std::size_t(4));
        for (const auto &[collection, intervals] : byCollection)
            for (std::size_t i = 1; i < intervals.size(); ++i)
                QVERIFY2(intervals[i].first >= intervals[i - 1].second,
                         qPrintable(collection + QStringLiteral(": two runs overlapped")));
    }

    // Scenario 46: a token given as a file reaches the partner and no output, log or status line.
    void tokenNeverShown()
    {
        QTemporaryDir secrets;
        const QByteArray token = "tok-7d1f0c2a9b8e4f6a";
        QFile tokenFile(secrets.filePath(QStringLiteral("token")));
        QVERIFY(tokenFile.open(QIODevice::WriteOnly) && tokenFile.write(token + '\n') > 0);
        tokenFile.close();
        QVERIFY(tokenFile.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)); // a secret is private
        PartnerArchive partner(
            {QStringLiteral("--token-file"), tokenFile.fileName(), QStringLiteral("--require-auth")});
        QVERIFY(partner.start());
        QVERIFY(partner.addGenerated("HST", 0, 20));
        Operator op;
        QByteArray out;
        QByteArray err;
        QCOMPARE(op.run({QStringLiteral("sources"), QStringLiteral("add"), QStringLiteral("PARTNER"),
                         QStringLiteral("--capabilities"), partner.capabilitiesUrl(), QStringLiteral("--collection"),
                         QStringLiteral("HST"), QStringLiteral("--token-file"), tokenFile.fileName()},
                        &out, &err),
                 0);
        QByteArray all = out + err;
        QCOMPARE(op.run(op.harvest(), &out, &err), 0);
        QCOMPARE(firstReport(out).value(QStringLiteral("counts")).toObject().value(QStringLiteral("ingested")).toInt(),
                 20);
        all += out + err;
        QCOMPARE(op.run({QStringLiteral("status"), QStringLiteral("--store"), op.store()}, &out, &err), 0);
        all += out + err;
        QCOMPARE(op.run({QStringLiteral("sources"), QStringLiteral("list"), QStringLiteral("--json")}, &out, &err), 0);
        all += out + err;
        QFile settings(op.dir.filePath(QStringLiteral("config/caom-mirror/settings.ini")));
        QVERIFY(settings.open(QIODevice::ReadOnly));
        all += settings.readAll();
        all += partner.accessLog();
        QVERIFY(!all.contains(token));
        QVERIFY(partner.accessLog().contains(" - token ["));
    }
};

QTEST_GUILESS_MAIN(TestHarvestCli)
#include "tst_harvest_cli.moc"
