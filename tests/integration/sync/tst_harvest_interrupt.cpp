// Cancelling never damages the store (issue: a cancelled validate-with-repair turned good copies stale and
// wrote skip records whose reason was the cancellation). A partner changes every observation; a repairing
// validate or a full re-harvest is cancelled at seeded random moments, through Engine::cancel and through
// SIGINT to caom-sync; afterwards the store holds only real outcomes, the run is recorded cancelled, and the
// next run finishes the work.
#include "fault_proxy.h"
#include "partner_archive.h"
#include "test_stores.h"

#include "store/run_record_store.h"
#include "store/skip_record_store.h"
#include "sync/engine.h"
#include "sync/harvest_job.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include <csignal>
#include <set>
#include <thread>

using namespace testsupport;

namespace {

const QString hst = QStringLiteral("HST");
constexpr std::uint64_t observationCount = 300;

// The partner's second version of every observation: same identity (URI and UUID), new content.
caom2::Observation changed(std::uint64_t index)
{
    caom2::Observation o = PartnerArchive::observation("HST", index);
    o.type = "reprocessed";
    caom2::assignChecksums(o);
    return o;
}

std::set<std::string> checksumsOf(bool second)
{
    std::set<std::string> sums;
    for (std::uint64_t i = 0; i < observationCount; ++i)
        sums.insert(*(second ? changed(i) : PartnerArchive::observation("HST", i)).accMetaChecksum);
    return sums;
}

qint64 scalar(const std::shared_ptr<store::Store> &s, const QString &sql)
{
    QSqlQuery query(s->database());
    return query.exec(sql) && query.next() ? query.value(0).toLongLong() : -1;
}

// What must hold after any cancelled run: nothing the cancellation caused is in the store.
void checkNothingDamaged(const std::shared_ptr<store::Store> &s, const std::set<std::string> &oldSums,
                         const std::set<std::string> &newSums, qint64 *updated = nullptr)
{
    QCOMPARE(scalar(s, QStringLiteral("SELECT COUNT(*) FROM observation")), qint64(observationCount));
    QCOMPARE(scalar(s, QStringLiteral("SELECT COUNT(*) FROM observation WHERE state <> 'ok'")), qint64(0));
    QCOMPARE(scalar(s, QStringLiteral("SELECT COUNT(*) FROM HarvestSkipURI")), qint64(0));
    QSqlQuery rows(s->database());
    QVERIFY(rows.exec(QStringLiteral("SELECT observation_id, acc_meta_checksum FROM observation")));
    qint64 newer = 0;
    while (rows.next()) {
        const std::string sum = rows.value(1).toString().toStdString();
        const bool isNew = newSums.count(sum) > 0;
        QVERIFY2(isNew || oldSums.count(sum) > 0,
                 qPrintable(rows.value(0).toString() + QStringLiteral(": neither version")));
        newer += isNew ? 1 : 0;
    }
    if (updated)
        *updated = newer;
}

// A partner reached through a proxy, a mirror harvested from it, then every observation changed at the partner.
// Once the mirror is set, each document takes the proxy a few milliseconds: the repairs then last long enough
// for a cancel at a chosen count to land inside them on a loaded machine too.
struct Mirror {
    PartnerArchive partner;
    FaultProxy proxy;
    QString capabilitiesUrl;
    std::unique_ptr<TestStore> local;
    std::shared_ptr<store::Store> store;
    harvest::HarvestTarget target;

    // `stallAt`: the observation whose document the proxy holds back (once) while the test cancels.
    bool set(const QString &engine, std::uint64_t stallAt)
    {
        if (!partner.start() || !partner.addGenerated("HST", 0, observationCount))
            return false;
        const QUrl direct(partner.capabilitiesUrl());
        const QString base = proxy.start(direct.adjusted(QUrl::RemovePath), 3);
        if (base.isEmpty())
            return false;
        capabilitiesUrl = base + direct.path();
        local = std::make_unique<TestStore>(engine);
        store = local->openOrDie();
        target = harvestTarget(capabilitiesUrl, hst);
        target.tuning.fetchThreads = 2;
        target.tuning.commitBatch = 20; // many commits, so a cancel lands between and inside them
        harvest::HarvestRequest request;
        request.target = target;
        harvest::JobControl control;
        if (harvest::runHarvest(request, store, control).counts.ingested != qint64(observationCount))
            return false;
        std::vector<caom2::Observation> second;
        for (std::uint64_t i = 0; i < observationCount; ++i)
            second.push_back(changed(i));
        // The proxy answers one request at a time: holding one document back stalls the whole repair there, so
        // the cancel lands inside it however loaded the machine is.
        QString error;
        const QString stalled = QString::fromStdString(PartnerArchive::observation("HST", stallAt).observationID);
        const auto stall =
            parseFaultRules({QStringLiteral("path=.*/HST/%1;action=delay;ms=3000;times=1").arg(stalled)}, &error);
        if (stall.isEmpty())
            return false;
        proxy.setRules(stall);
        return partner.put(std::move(second));
    }
};

harvest::HarvestRequest repairRequest(const harvest::HarvestTarget &target, harvest::HarvestMode mode)
{
    harvest::HarvestRequest request;
    request.target = target;
    request.mode = mode;
    request.repair = mode == harvest::HarvestMode::Validate;
    return request;
}

// Cancels `control` once the job, in the phase named `phase`, has made no progress for a while: it waits on
// the held-back document (or has ended).
void cancelWhenStalled(harvest::JobControl &control, const QString &phase, const std::atomic<bool> &ended)
{
    qint64 lastDone = -1;
    auto lastChange = std::chrono::steady_clock::now();
    while (!ended.load()) {
        const auto snapshot = control.snapshot();
        const auto now = std::chrono::steady_clock::now();
        if (snapshot.phase != phase || snapshot.done != lastDone) {
            lastDone = snapshot.phase == phase ? snapshot.done : -1;
            lastChange = now;
        } else if (now - lastChange > std::chrono::milliseconds(400)) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    control.cancel();
}

} // namespace

class TestHarvestInterrupt : public QObject {
    Q_OBJECT

private slots:
    void cancelledRepairDamagesNothing_data()
    {
        QTest::addColumn<QString>("engine");
        QTest::addColumn<int>("mode");
        QTest::addColumn<quint32>("seed");
        for (const QString &engine : testEngines()) {
            for (quint32 seed : {1u, 2u}) {
                QTest::addRow("%s-validate-%u", qPrintable(engine), seed)
                    << engine << int(harvest::HarvestMode::Validate) << seed;
                QTest::addRow("%s-full-%u", qPrintable(engine), seed)
                    << engine << int(harvest::HarvestMode::Full) << seed;
            }
        }
    }
    void cancelledRepairDamagesNothing()
    {
        QFETCH(QString, engine);
        QFETCH(int, mode);
        QFETCH(quint32, seed);
        const auto harvestMode = harvest::HarvestMode(mode);
        // A seeded moment inside the phase that writes: where the held-back observation falls in it.
        Mirror mirror;
        QVERIFY(mirror.set(engine, QRandomGenerator(seed).bounded(quint64(observationCount))));
        const auto oldSums = checksumsOf(false);
        const auto newSums = checksumsOf(true);
        const QString phase = harvestMode == harvest::HarvestMode::Validate
            ? QStringLiteral("repairing")
            : QStringLiteral("re-verifying every observation");
        harvest::JobControl control;
        std::atomic<bool> ended{false};
        std::thread canceller([&] { cancelWhenStalled(control, phase, ended); });
        const auto report = harvest::runHarvest(repairRequest(mirror.target, harvestMode), mirror.store, control);
        ended = true;
        canceller.join();

        // The cancel came while the held-back document was awaited: the run cannot have finished.
        QVERIFY2(report.outcome == store::RunOutcome::Cancelled,
                 qPrintable(store::runOutcomeName(report.outcome) + QStringLiteral(" ") + report.error));
        QCOMPARE(report.exitCode(), 3);
        QCOMPARE(report.counts.failed, qint64(0));
        QCOMPARE(report.counts.skippedNew, qint64(0));
        QCOMPARE(report.counts.ingested, qint64(0)); // every repair replaced a copy we had: none is "new"
        qint64 updatedInStore = 0;
        checkNothingDamaged(mirror.store, oldSums, newSums, &updatedInStore);
        QCOMPARE(report.counts.updated, updatedInStore);
        auto recorded = store::RunRecordStore(mirror.store).get(report.runKey);
        QVERIFY(recorded.ok() && recorded->has_value());
        QCOMPARE((*recorded)->outcome, store::RunOutcome::Cancelled);

        // The next run carries on and ends with every observation in its second version.
        harvest::JobControl again;
        const auto next = harvest::runHarvest(repairRequest(mirror.target, harvestMode), mirror.store, again);
        QVERIFY2(next.outcome == store::RunOutcome::Succeeded, qPrintable(next.error));
        QCOMPARE(next.counts.updated + updatedInStore, qint64(observationCount));
        QCOMPARE(next.counts.ingested, qint64(0));
        checkNothingDamaged(mirror.store, {}, newSums);
    }

    // Through the engine the console drives: cancel() from the owner's thread reaches the job, which reports
    // itself cancelled (exit 3) and leaves the store as it was.
    void engineCancelIsCancelled()
    {
        Mirror mirror;
        QVERIFY(mirror.set(QStringLiteral("sqlite"), 0));
        harvest::Engine engine(mirror.store);
        QSignalSpy collections(&engine, &harvest::Engine::collectionFinished);
        QSignalSpy ended(&engine, &harvest::Engine::jobFinished);
        const auto job = engine.start(repairRequest(mirror.target, harvest::HarvestMode::Validate));
        QVERIFY(engine.running(job));
        engine.cancel(job); // at once: the job stops at its first checkpoint, whatever it is doing
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 120000);
        const auto end = ended.at(0).at(0).value<harvest::JobEnd>();
        QCOMPARE(end.exitCode, 3);
        // Stopped before its collection began (nothing reported, nothing recorded), or in its first steps.
        QVERIFY(collections.count() <= 1);
        if (collections.count() == 1)
            QCOMPARE(collections.at(0).at(0).value<harvest::JobResult>().report.outcome, store::RunOutcome::Cancelled);
        checkNothingDamaged(mirror.store, checksumsOf(false), checksumsOf(true));
        QVERIFY(!engine.running(job));
    }

    // SIGINT to caom-sync during a repairing validate: exit 3, nothing damaged, and the next run repairs the rest.
    void interruptedCliRepairDamagesNothing()
    {
        Mirror mirror;
        QVERIFY(mirror.set(QStringLiteral("sqlite"), QRandomGenerator(7).bounded(quint64(observationCount))));
        const QString path = mirror.local->argument();
        mirror.store.reset(); // the command opens the store itself
        QTemporaryDir config;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
        const auto caomSync = [&](const QStringList &arguments) {
            auto process = std::make_unique<QProcess>();
            process->setProcessEnvironment(env);
            process->start(QStringLiteral(MIRROR_CAOM_SYNC), arguments);
            return process;
        };
        // The source as the test's target names it, so the harvest state (cursor) is the one already there.
        auto added = caomSync({QStringLiteral("sources"), QStringLiteral("add"), QStringLiteral("PARTNER"),
                               QStringLiteral("--capabilities"), mirror.capabilitiesUrl, QStringLiteral("--collection"),
                               hst, QStringLiteral("--lag"), QStringLiteral("0"), QStringLiteral("--threads"),
                               QStringLiteral("2"), QStringLiteral("--batch-size"), QStringLiteral("20")});
        QVERIFY(added->waitForFinished(30000));
        QCOMPARE(added->exitCode(), 0);
        const QStringList validate{QStringLiteral("harvest"),  QStringLiteral("--store"),  path,
                                   QStringLiteral("--source"), QStringLiteral("PARTNER"),  QStringLiteral("--mode"),
                                   QStringLiteral("validate"), QStringLiteral("--repair"), QStringLiteral("--json")};
        auto harvester = caomSync(validate);
        QVERIFY(harvester->waitForStarted());
        // Interrupt once the repair waits on the held-back document: the store stops changing while it runs.
        auto watcher = store::Store::open(*store::parseStoreLocation(path));
        QVERIFY(watcher.ok());
        const auto newSums = checksumsOf(true);
        QString inList;
        for (const std::string &sum : newSums)
            inList += (inList.isEmpty() ? QStringLiteral("'") : QStringLiteral(",'")) + QString::fromStdString(sum)
                + QLatin1Char('\'');
        const QString countNew =
            QStringLiteral("SELECT COUNT(*) FROM observation WHERE acc_meta_checksum IN (%1)").arg(inList);
        qint64 seen = -1;
        QElapsedTimer unchanged;
        unchanged.start();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const qint64 now = scalar(*watcher, countNew);
                if (now != seen) {
                    seen = now;
                    unchanged.restart();
                }
                return unchanged.elapsed() > 1000 || harvester->state() != QProcess::Running;
            }(),
            120000);
        QVERIFY2(harvester->state() == QProcess::Running, "the repair ended before it could be interrupted");
        QCOMPARE(::kill(pid_t(harvester->processId()), SIGINT), 0);
        QVERIFY(harvester->waitForFinished(30000));
        QCOMPARE(harvester->exitStatus(), QProcess::NormalExit);
        QCOMPARE(harvester->exitCode(), 3);
        checkNothingDamaged(*watcher, checksumsOf(false), newSums);

        auto rerun = caomSync(validate);
        QVERIFY(rerun->waitForFinished(120000));
        QCOMPARE(rerun->exitCode(), 0);
        checkNothingDamaged(*watcher, {}, newSums);
    }
};

QTEST_GUILESS_MAIN(TestHarvestInterrupt)
#include "tst_harvest_interrupt.moc"
