// `caom-sync harvest --mode validate --repair` killed with SIGKILL at seeded random moments of its repair,
// restarted each time (issue 13: the SIGKILL loop extended to validate with repair). The partner changed every
// observation after the mirror harvested it; each kill lands while the repair writes. After every kill the
// store holds each observation whole, in the old version or the new one, never a mixture (its stored document
// exported and its checksums recomputed), with no skip record and nothing marked stale; the last run finishes
// the repair, and a validate after it finds no difference. On SQLite and PostgreSQL.
#include "partner_archive.h"
#include "test_stores.h"

#include "sync/harvest_job.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTest>

#include <csignal>
#include <set>

using namespace testsupport;

namespace {

constexpr std::uint64_t observationCount = 400;

// The partner's second version of every observation: same identity (URI and UUID), new content.
caom2::Observation changed(std::uint64_t index)
{
    caom2::Observation o = PartnerArchive::observation("HST", index);
    o.type = "reprocessed";
    caom2::assignChecksums(o);
    return o;
}

QSet<QString> checksumsOf(bool second)
{
    QSet<QString> sums;
    for (std::uint64_t i = 0; i < observationCount; ++i)
        sums.insert(
            QString::fromStdString(*(second ? changed(i) : PartnerArchive::observation("HST", i)).accMetaChecksum));
    return sums;
}

qint64 scalar(const std::shared_ptr<store::Store> &s, const QString &sql)
{
    QSqlQuery query(s->database());
    return query.exec(sql) && query.next() ? query.value(0).toLongLong() : -1;
}

// caom-sync with the test's own settings file.
class Operator {
public:
    QProcess *start(const QStringList &arguments) const
    {
        auto *process = new QProcess;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        process->setProcessEnvironment(env);
        process->start(QStringLiteral(MIRROR_CAOM_SYNC), arguments);
        process->waitForStarted();
        return process;
    }
    int run(const QStringList &arguments, QByteArray *out = nullptr) const
    {
        std::unique_ptr<QProcess> process(start(arguments));
        if (!process->waitForFinished(300000))
            return -1;
        if (out)
            *out = process->readAllStandardOutput();
        const QByteArray err = process->readAllStandardError();
        if (process->exitCode() != 0 && !err.isEmpty())
            qInfo("stderr: %s", err.right(2000).constData());
        return process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
    }
    QString scratch(const QString &name) const { return m_dir.filePath(name); }

private:
    QTemporaryDir m_dir;
};

} // namespace

class TestRepairKill : public QObject {
    Q_OBJECT

private slots:
    void killedRepairsLeaveWholeObservations_data() { addEngineColumn(); }
    void killedRepairsLeaveWholeObservations()
    {
        QFETCH(QString, engine);
        PartnerArchive partner;
        QVERIFY(partner.start());
        QVERIFY(partner.addGenerated("HST", 0, observationCount));
        TestStore local(engine);
        std::shared_ptr<store::Store> watcher = local.openOrDie(); // reads the store while caom-sync writes it
        {
            harvest::HarvestRequest request;
            request.target = harvestTarget(partner.capabilitiesUrl(), QStringLiteral("HST"));
            harvest::JobControl control;
            QCOMPARE(harvest::runHarvest(request, watcher, control).counts.ingested, qint64(observationCount));
        }
        std::vector<caom2::Observation> second;
        for (std::uint64_t i = 0; i < observationCount; ++i)
            second.push_back(changed(i));
        QVERIFY(partner.put(std::move(second)));
        const QSet<QString> oldSums = checksumsOf(false);
        const QSet<QString> newSums = checksumsOf(true);

        Operator op;
        // Small batches and two fetchers: many commits, so kills land between and inside them.
        QCOMPARE(op.run({QStringLiteral("sources"), QStringLiteral("add"), QStringLiteral("PARTNER"),
                         QStringLiteral("--capabilities"), partner.capabilitiesUrl(), QStringLiteral("--collection"),
                         QStringLiteral("HST"), QStringLiteral("--threads"), QStringLiteral("2"),
                         QStringLiteral("--batch-size"), QStringLiteral("20")}),
                 0);
        const QStringList repair{QStringLiteral("harvest"),  QStringLiteral("--store"),  local.argument(),
                                 QStringLiteral("--source"), QStringLiteral("PARTNER"),  QStringLiteral("--mode"),
                                 QStringLiteral("validate"), QStringLiteral("--repair"), QStringLiteral("--quiet")};

        // How many copies are in the second version now; and the checks that hold after any kill.
        const auto repaired = [&] {
            QSqlQuery rows(watcher->database());
            if (!rows.exec(QStringLiteral("SELECT acc_meta_checksum FROM observation")))
                return qint64(-1);
            qint64 n = 0;
            while (rows.next())
                n += newSums.contains(rows.value(0).toString()) ? 1 : 0;
            return n;
        };
        const auto checkWhole = [&](const QSet<QString> &allowed, const QString &exportDir) {
            QCOMPARE(scalar(watcher, QStringLiteral("SELECT COUNT(*) FROM observation")), qint64(observationCount));
            QCOMPARE(scalar(watcher, QStringLiteral("SELECT COUNT(*) FROM observation WHERE state <> 'ok'")),
                     qint64(0));
            QCOMPARE(scalar(watcher, QStringLiteral("SELECT COUNT(*) FROM HarvestSkipURI")), qint64(0));
            QSqlQuery rows(watcher->database());
            QVERIFY(rows.exec(QStringLiteral("SELECT observation_id, acc_meta_checksum FROM observation")));
            while (rows.next())
                QVERIFY2(allowed.contains(rows.value(1).toString()),
                         qPrintable(rows.value(0).toString() + QStringLiteral(": neither version")));
            // Each stored document, read back and its checksums recomputed from its content: whole.
            QCOMPARE(
                op.run({QStringLiteral("export"), QStringLiteral("--store"), local.argument(),
                        QStringLiteral("--collection"), QStringLiteral("HST"), QStringLiteral("--out"), exportDir}),
                0);
            QStringList documents;
            for (const QString &name : QDir(exportDir).entryList({QStringLiteral("*.xml")}, QDir::Files))
                documents << QDir(exportDir).filePath(name);
            QCOMPARE(documents.size(), int(observationCount));
            QCOMPARE(op.run(QStringList{QStringLiteral("checksum")} + documents), 0);
        };

        const quint32 seed = 20261205;
        QRandomGenerator random(seed);
        qInfo("kill moments from seed %u", seed);
        int kills = 0;
        qint64 before = repaired();
        QCOMPARE(before, 0);
        for (int round = 0; round < 12 && before < qint64(observationCount); ++round) {
            // The kill comes once the repair has written a seeded random number more copies, then a seeded few
            // milliseconds later: inside a commit as often as between two.
            const qint64 threshold = before + 1 + qint64(random.bounded(quint32(observationCount / 8)));
            const int extraMs = int(random.bounded(30u));
            std::unique_ptr<QProcess> process(op.start(repair));
            // Polled every millisecond, not QTRY's fifty: a repair on two idle cores writes a hundred copies in
            // fifty milliseconds and would finish before a third kill.
            QDeadlineTimer deadline(120000);
            while (repaired() < threshold && process->state() == QProcess::Running && !deadline.hasExpired())
                QTest::qWait(1);
            QVERIFY2(!deadline.hasExpired(), "the repair neither reached the kill moment nor ended in two minutes");
            if (process->state() != QProcess::Running) { // it finished first: it must have succeeded
                QCOMPARE(process->exitStatus(), QProcess::NormalExit);
                QCOMPARE(process->exitCode(), 0);
                break;
            }
            QTest::qWait(extraMs);
            // It may have finished in those milliseconds: then there is nothing to kill (and never kill(0), the
            // test's own process group).
            const qint64 pid = process->state() == QProcess::Running ? process->processId() : 0;
            if (pid <= 0) {
                if (process->state() != QProcess::NotRunning)
                    QVERIFY(process->waitForFinished(30000));
                QCOMPARE(process->exitStatus(), QProcess::NormalExit);
                QCOMPARE(process->exitCode(), 0);
                break;
            }
            ::kill(static_cast<pid_t>(pid), SIGKILL);
            QVERIFY(process->waitForFinished(30000));
            ++kills;
            checkWhole(oldSums + newSums, op.scratch(QStringLiteral("after-kill-%1").arg(kills)));
            if (QTest::currentTestFailed())
                return;
            const qint64 now = repaired();
            qInfo("kill %d: %lld of %llu copies repaired", kills, now, qulonglong(observationCount));
            QVERIFY2(now >= before, "a repaired copy went back to its old version");
            before = now;
        }
        QVERIFY2(kills >= 3, "the repair finished before it could be killed three times");

        // The next run finishes the repair; a validate after it finds nothing.
        QCOMPARE(op.run(repair), 0);
        QCOMPARE(repaired(), qint64(observationCount));
        checkWhole(newSums, op.scratch(QStringLiteral("final")));
        if (QTest::currentTestFailed())
            return;
        QByteArray out;
        QCOMPARE(op.run({QStringLiteral("harvest"), QStringLiteral("--store"), local.argument(),
                         QStringLiteral("--source"), QStringLiteral("PARTNER"), QStringLiteral("--mode"),
                         QStringLiteral("validate"), QStringLiteral("--json")},
                        &out),
                 0);
        const QJsonObject counts =
            QJsonDocument::fromJson(out).array().at(0).toObject().value(QStringLiteral("counts")).toObject();
        QCOMPARE(counts.value(QStringLiteral("discrepancies")).toInt(-1), 0);
    }
};

QTEST_GUILESS_MAIN(TestRepairKill)
#include "tst_repair_kill.moc"
