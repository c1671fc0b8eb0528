// Scenario 10: `caom-sync harvest` killed with SIGKILL at random points of a 10,000-observation harvest,
// restarted each time. After every kill the store is consistent: the cursor never went back and every
// observation it holds is exactly the partner's; the final run completes the set, without duplicates,
// without losing any, and without rewriting what earlier runs committed.
#include "partner_archive.h"

#include "store/harvest_state_store.h"
#include "store/observation_store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTest>

#include <csignal>
#include <map>

using namespace testsupport;

namespace {

constexpr int total = 10000;

struct Local {
    QTemporaryDir dir;
    QString path() const { return dir.filePath(QStringLiteral("mirror.sqlite")); }
    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
        return env;
    }
};

QProcess *startCaomSync(const Local &local, const QStringList &arguments)
{
    auto *process = new QProcess;
    process->setProcessEnvironment(local.environment());
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process->start(QStringLiteral(MIRROR_CAOM_SYNC), arguments);
    process->waitForStarted();
    return process;
}

int runToEnd(const Local &local, const QStringList &arguments, QByteArray *out = nullptr)
{
    std::unique_ptr<QProcess> process(startCaomSync(local, arguments));
    if (!process->waitForFinished(300000))
        return -1;
    if (out)
        *out = process->readAllStandardOutput();
    if (process->exitCode() != 0)
        qWarning("%s", process->readAllStandardError().constData());
    return process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
}

// Every stored observation with its accMetaChecksum, read through a fresh connection each time.
std::map<QString, QString> stored(const QString &path, std::optional<qint64> *cursor, const QString &harvestKey)
{
    std::map<QString, QString> rows;
    auto location = store::parseStoreLocation(path);
    auto opened = store::Store::open(*location);
    if (!opened)
        qFatal("cannot open %s: %s", qPrintable(path), opened.error().message.c_str());
    QSqlQuery query((*opened)->database());
    if (!query.exec(
            QStringLiteral("SELECT observation_id, acc_meta_checksum FROM observation WHERE collection = 'HST'")))
        qFatal("cannot read the mirror");
    while (query.next())
        rows[query.value(0).toString()] = query.value(1).toString();
    query.finish();
    auto state = store::HarvestStateStore(*opened).get(harvestKey, store::HarvestEntity::observation);
    *cursor = state ? state->cursor.lastModified : std::nullopt;
    return rows;
}

} // namespace

class TestHarvestKill : public QObject {
    Q_OBJECT

private slots:
    void survivesKillsAtRandomPoints()
    {
        PartnerArchive partner;
        QVERIFY(partner.start());
        QVERIFY(partner.addGenerated("HST", 0, total));
        std::map<QString, QString> expected;
        for (int i = 0; i < total; ++i) {
            const caom2::Observation o = PartnerArchive::observation("HST", std::uint64_t(i));
            expected[QString::fromStdString(o.observationID)] = QString::fromStdString(*o.accMetaChecksum);
        }
        Local local;
        QVERIFY(local.dir.isValid());
        QCOMPARE(runToEnd(local,
                          {QStringLiteral("sources"), QStringLiteral("add"), QStringLiteral("PARTNER"),
                           QStringLiteral("--capabilities"), partner.capabilitiesUrl(), QStringLiteral("--collection"),
                           QStringLiteral("HST")}),
                 0);
        const QString harvestKey = harvest::harvestSourceKey(partner.capabilitiesUrl(), QStringLiteral("HST"));
        const QStringList harvestArguments{
            QStringLiteral("harvest"),  QStringLiteral("--store"), local.path(),
            QStringLiteral("--source"), QStringLiteral("PARTNER"), QStringLiteral("--quiet")};

        QRandomGenerator random(20261124); // fixed: the same kill points on every run of the test
        std::optional<qint64> lastCursor;
        int kills = 0;
        for (int round = 0; round < 8; ++round) {
            std::unique_ptr<QProcess> harvester(startCaomSync(local, harvestArguments));
            QTest::qWait(300 + int(random.bounded(1200)));
            if (harvester->state() != QProcess::Running) {
                // Finished before the kill: nothing left to interrupt (it must have succeeded).
                QCOMPARE(harvester->exitCode(), 0);
                break;
            }
            ::kill(pid_t(harvester->processId()), SIGKILL);
            harvester->waitForFinished();
            ++kills;
            std::optional<qint64> cursor;
            const auto now = stored(local.path(), &cursor, harvestKey);
            // What the store holds is the partner's, observation for observation.
            for (const auto &[id, checksum] : now)
                QCOMPARE(checksum, expected.at(id));
            if (lastCursor && cursor)
                QVERIFY2(*cursor >= *lastCursor, "the cursor moved backwards");
            lastCursor = cursor;
        }
        QVERIFY2(kills >= 3, "the harvest finished before it could be killed three times");

        QByteArray report;
        QCOMPARE(runToEnd(local, harvestArguments + QStringList{QStringLiteral("--json")}, &report), 0);
        std::optional<qint64> cursor;
        const auto final = stored(local.path(), &cursor, harvestKey);
        QCOMPARE(final.size(), expected.size());
        QVERIFY(final == expected);
        const QJsonObject counts =
            QJsonDocument::fromJson(report).array().at(0).toObject().value(QStringLiteral("counts")).toObject();
        // Observations committed before a kill are found unchanged, never fetched and written again.
        QCOMPARE(counts.value(QStringLiteral("updated")).toInt(-1), 0);
        QCOMPARE(counts.value(QStringLiteral("failed")).toInt(-1), 0);
        // And a run after that finds nothing to do.
        QCOMPARE(runToEnd(local, harvestArguments + QStringList{QStringLiteral("--json")}, &report), 0);
        const QJsonObject again =
            QJsonDocument::fromJson(report).array().at(0).toObject().value(QStringLiteral("counts")).toObject();
        QCOMPARE(again.value(QStringLiteral("fetched")).toInt(-1), 0);
    }
};

QTEST_GUILESS_MAIN(TestHarvestKill)
#include "tst_harvest_kill.moc"
