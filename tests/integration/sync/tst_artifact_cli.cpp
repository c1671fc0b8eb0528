// caom-sync artifacts as an operator runs it, on both engines: discover, download, validate and diff with
// their exit codes and JSON reports, and downloads killed with SIGKILL at random moments and restarted until
// every file is verified (scenario 42): no file is ever visible under its final name unless it is right.
#include "artifact_fixture.h"

#include "store/artifact_index.h"
#include "store/store_location.h"
#include "sync/dashboard_snapshot.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTest>

#include <csignal>

using namespace testsupport;
using harvest::ArtifactMode;

namespace {

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
        if (!err.isEmpty())
            qInfo("stderr: %s", err.constData());
        return process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
    }

private:
    QTemporaryDir m_dir;
};

QJsonObject firstReport(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).array().at(0).toObject();
}

// Every file under `root` with its final name (not a partial download).
QStringList finalFiles(const QString &root)
{
    QStringList out;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        if (!artifact::ArtifactRoot::isPartialName(it.fileName()))
            out << it.filePath();
    }
    return out;
}

// `caom-sync sources add` of the fixture's partner as PARTNER, serving HST.
QStringList addPartnerArguments(ArtifactFixture &f)
{
    return {QStringLiteral("sources"),     QStringLiteral("add"),
            QStringLiteral("PARTNER"),     QStringLiteral("--capabilities"),
            f.partner().capabilitiesUrl(), QStringLiteral("--collection"),
            QStringLiteral("HST")};
}

// `caom-sync artifacts` in `mode` from PARTNER into the fixture's mirror root; `output` is --json or --quiet.
QStringList artifactsArguments(ArtifactFixture &f, const QString &mode, const QString &output,
                               const QStringList &more = {})
{
    return QStringList{QStringLiteral("artifacts"),
                       QStringLiteral("--store"),
                       f.storeArgument(),
                       QStringLiteral("--source"),
                       QStringLiteral("PARTNER"),
                       QStringLiteral("--mode"),
                       mode,
                       QStringLiteral("--artifact-root"),
                       f.mirrorRoot(),
                       output}
    + more;
}

} // namespace

class TestArtifactCli : public QObject {
    Q_OBJECT

private slots:
    void killedDownloadsEndVerified_data() { addEngineColumn(); }
    void killedDownloadsEndVerified()
    {
        QFETCH(QString, engine);
        ArtifactFixture f(engine);
        QVERIFY(f.start());
        constexpr qint64 size = 256 * 1024;
        constexpr int observations = 8;
        QStringList uris;
        for (std::uint64_t i = 0; i < observations; ++i) {
            QVERIFY(f.add(i, size));
            uris += ArtifactFixture::urisOf(i);
        }
        Operator op;
        QCOMPARE(op.run(addPartnerArguments(f)), 0);
        const auto artifacts = [&](const QString &mode, const QStringList &more = {}) {
            return artifactsArguments(f, mode, QStringLiteral("--json"), more);
        };
        QByteArray out;
        QCOMPARE(op.run(artifacts(QStringLiteral("discover")), &out), 0);
        QCOMPARE(firstReport(out).value(QStringLiteral("queued")).toInt(), observations * 6);

        // Slow transfers (1 MiB/s in all), killed at random moments.
        const QStringList slow{QStringLiteral("--bandwidth"), QStringLiteral("1M"), QStringLiteral("--transfers"),
                               QStringLiteral("2")};
        const quint32 seed = QRandomGenerator::global()->generate();
        qInfo("kill moments from seed %u", seed);
        QRandomGenerator random(seed);
        for (int round = 0; round < 3; ++round) {
            std::unique_ptr<QProcess> process(op.start(artifacts(QStringLiteral("download"), slow)));
            // Killed while it runs: a download that ended before its moment would make the round test nothing.
            QVERIFY(!process->waitForFinished(300 + static_cast<int>(random.bounded(1200))));
            const qint64 pid = process->processId();
            QVERIFY(pid > 0); // never kill(0): that is the test's own process group
            ::kill(static_cast<pid_t>(pid), SIGKILL);
            QVERIFY(process->waitForFinished(10000));
            // Whatever is under its final name is exactly its artifact's bytes.
            for (const QString &path : finalFiles(f.mirrorRoot())) {
                const QString relative = path.mid(f.mirrorRoot().size() + 1);
                const QString uri = QStringLiteral("mast:") + relative.mid(5);
                QCOMPARE(ArtifactFixture::md5Of(path), ArtifactFixture::expectedMd5(uri, size));
            }
        }
        QCOMPARE(op.run(artifacts(QStringLiteral("download")), &out), 0);
        const QJsonObject finished = firstReport(out);
        QCOMPARE(finished.value(QStringLiteral("outcome")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(finished.value(QStringLiteral("failed")).toInt(), 0);
        for (const QString &uri : uris)
            QCOMPARE(ArtifactFixture::md5Of(f.mirrorFile(uri)), ArtifactFixture::expectedMd5(uri, size));
        QCOMPARE(finalFiles(f.mirrorRoot()).size(), uris.size());

        // Validate agrees (exit 0, nothing found); a second pass fetches nothing.
        QCOMPARE(op.run(artifacts(QStringLiteral("validate"), {QStringLiteral("--depth"), QStringLiteral("2")}), &out),
                 0);
        QCOMPARE(firstReport(out).value(QStringLiteral("findings")).toArray().size(), 0);
        QCOMPARE(op.run(artifacts(QStringLiteral("discover")), &out), 0);
        QCOMPARE(firstReport(out).value(QStringLiteral("queued")).toInt(), 0);
        QCOMPARE(op.run(artifacts(QStringLiteral("download")), &out), 0);
        QCOMPARE(firstReport(out).value(QStringLiteral("downloaded")).toInt(), 0);

        // A missing file: validate exits 1 and names it; diff (exit 1) too, and changes nothing.
        QVERIFY(QFile::remove(f.mirrorFile(uris[4])));
        QCOMPARE(op.run(artifacts(QStringLiteral("diff")), &out), 1);
        QJsonArray findings = firstReport(out).value(QStringLiteral("findings")).toArray();
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings.at(0).toObject().value(QStringLiteral("class")).toString(), QStringLiteral("missing"));
        QCOMPARE(findings.at(0).toObject().value(QStringLiteral("uri")).toString(), uris[4]);
        QCOMPARE(op.run(artifacts(QStringLiteral("validate")), &out), 1);
        findings = firstReport(out).value(QStringLiteral("findings")).toArray();
        QCOMPARE(findings.size(), 1);
        QCOMPARE(op.run(artifacts(QStringLiteral("download")), &out), 0);
        QCOMPARE(firstReport(out).value(QStringLiteral("downloaded")).toInt(), 1);
    }

    // Scenario 45, the files: after each artifact command `caom-sync status` shows the download queue of the
    // partner collection (due, waiting for release, failed; files and bytes) and a download going on now, with
    // figures equal to the store's rows; the console's dashboard gets the same figures from the same function.
    void statusShowsTheDownloadQueue_data() { addEngineColumn(); }
    void statusShowsTheDownloadQueue()
    {
        QFETCH(QString, engine);
        ArtifactFixture f(engine);
        QVERIFY(f.start());
        constexpr qint64 size = 96 * 1024;
        const qint64 nextYear = QDateTime::currentMSecsSinceEpoch() + 365LL * 24 * 3600 * 1000;
        for (std::uint64_t i = 0; i < 4; ++i)
            QVERIFY(f.add(i, size, [&](caom2::Observation &o) {
                if (i == 3)
                    for (auto &plane : o.planes)
                        plane.dataRelease = caom2::Date{nextYear};
            }));
        // One file of the partner's no longer has the bytes its metadata describes (same length).
        const QString broken = ArtifactFixture::urisOf(2).at(1);
        {
            QFile file(f.partnerFile(broken));
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QCOMPARE(file.write(QByteArray(size, 'z')), size);
        }
        Operator op;
        QCOMPARE(op.run(addPartnerArguments(f)), 0);
        const auto artifacts = [&](const QString &mode, const QStringList &more = {}) {
            return artifactsArguments(f, mode, QStringLiteral("--quiet"), more);
        };
        const auto status = [&]() {
            QByteArray out;
            if (op.run(
                    {QStringLiteral("status"), QStringLiteral("--store"), f.storeArgument(), QStringLiteral("--json")},
                    &out)
                != 0)
                return QJsonObject();
            const QJsonArray targets = QJsonDocument::fromJson(out).array();
            for (const QJsonValue &t : targets)
                if (t.toObject().value(QStringLiteral("collection")).toString() == QLatin1String("HST"))
                    return t.toObject().value(QStringLiteral("downloadQueue")).toObject();
            return QJsonObject();
        };
        const auto number = [](const QJsonObject &o, const char *key) {
            return o.value(QLatin1String(key)).toInteger(-1);
        };
        // The store's own rows: due and never failed, waiting for release, failed at least once.
        const QString key = f.request(ArtifactMode::Discover).target.harvestSource;
        const auto rows = [&](const QString &where) {
            QSqlQuery q(f.store()->database());
            q.prepare(QStringLiteral("SELECT COUNT(*) FROM HarvestSkipURI WHERE source = ? AND cname = 'Artifact' AND ")
                      + where);
            q.addBindValue(key);
            return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
        };

        QVERIFY(status().isEmpty() || number(status(), "dueFiles") == 0);
        QCOMPARE(op.run(artifacts(QStringLiteral("discover"))), 0);
        QJsonObject queue = status();
        QCOMPARE(number(queue, "dueFiles"), 18);
        QCOMPARE(number(queue, "dueBytes"), 18 * size);
        QCOMPARE(number(queue, "waitingForReleaseFiles"), 6);
        QCOMPARE(number(queue, "waitingForReleaseBytes"), 6 * size);
        QCOMPARE(number(queue, "failedFiles"), 0);
        QVERIFY(!queue.contains(QStringLiteral("inFlight")));
        QCOMPARE(rows(QStringLiteral("attempts = 1")), 24);
        QByteArray text;
        QCOMPARE(op.run({QStringLiteral("status"), QStringLiteral("--store"), f.storeArgument()}, &text), 0);
        QVERIFY2(text.contains("download queue: 18 files due (1.7 MiB), 6 files waiting for their release date "
                               "(576.0 KiB)"),
                 text.constData());

        // A slow download (256 KiB/s for all, about 7 s): status shows it going on, with what it has done so far.
        std::unique_ptr<QProcess> download(op.start(artifacts(QStringLiteral("download"),
                                                              {QStringLiteral("--bandwidth"), QStringLiteral("256K"),
                                                               QStringLiteral("--transfers"), QStringLiteral("2")})));
        QTRY_VERIFY_WITH_TIMEOUT(
            status().value(QStringLiteral("inFlight")).toObject().value(QStringLiteral("bytesDone")).toInteger() > 0,
            60000);
        QVERIFY(download->state() == QProcess::Running);
        {
            // The dashboard, reading the same store while the download runs, shows it too.
            auto snapshot = harvest::collectDashboard(f.store(), {}, {QDateTime::currentMSecsSinceEpoch()});
            QVERIFY(snapshot);
            const auto t =
                std::find_if(snapshot->targets.begin(), snapshot->targets.end(),
                             [](const harvest::TargetHealth &h) { return h.collection == QLatin1String("HST"); });
            QVERIFY(t != snapshot->targets.end());
            QVERIFY(t->downloadingNow);
            QCOMPARE(t->downloadingNow->kind, QStringLiteral("download"));
        }
        QVERIFY(download->waitForFinished(120000));
        QCOMPARE(download->exitCode(), 1); // one file failed

        queue = status();
        QCOMPARE(number(queue, "dueFiles"), 0);
        QCOMPARE(number(queue, "waitingForReleaseFiles"), 6);
        QCOMPARE(number(queue, "failedFiles"), 1);
        QCOMPARE(number(queue, "failedBytes"), size);
        QCOMPARE(number(queue, "failedDueFiles"), 0); // it waits out its back-off
        QVERIFY(!queue.contains(QStringLiteral("inFlight")));
        QCOMPARE(rows(QStringLiteral("attempts > 1")), 1);
        QCOMPARE(rows(QStringLiteral("attempts = 1")), 6);

        // The dashboard's figures are status's.
        auto snapshot = harvest::collectDashboard(f.store(), {}, {QDateTime::currentMSecsSinceEpoch()});
        QVERIFY(snapshot);
        const auto t =
            std::find_if(snapshot->targets.begin(), snapshot->targets.end(),
                         [](const harvest::TargetHealth &h) { return h.collection == QLatin1String("HST"); });
        QVERIFY(t != snapshot->targets.end());
        QCOMPARE(t->downloads.dueFiles, number(queue, "dueFiles"));
        QCOMPARE(t->downloads.releaseFiles, number(queue, "waitingForReleaseFiles"));
        QCOMPARE(t->downloads.releaseBytes, number(queue, "waitingForReleaseBytes"));
        QCOMPARE(t->downloads.failedFiles, number(queue, "failedFiles"));
        QCOMPARE(t->downloads.failedBytes, number(queue, "failedBytes"));
        QVERIFY(!t->downloadingNow);
        QCOMPARE(t->lastRun.value_or(store::RunRecord{}).kind, QStringLiteral("download"));
    }

    // generate --files: every generated artifact has a file whose length and MD5 are its metadata's.
    void generateWritesFilesMatchingTheirMetadata()
    {
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("partner.sqlite"));
        const QString files = dir.filePath(QStringLiteral("files"));
        Operator op;
        QCOMPARE(op.run({QStringLiteral("generate"), QStringLiteral("--store"), store, QStringLiteral("--collection"),
                         QStringLiteral("HST"), QStringLiteral("--count"), QStringLiteral("3"),
                         QStringLiteral("--files"), files, QStringLiteral("--file-size"), QStringLiteral("10K")}),
                 0);
        auto opened = store::Store::open(*store::parseStoreLocation(store));
        QVERIFY(opened);
        auto artifacts = store::ArtifactIndex(*opened).collectionArtifacts(QStringLiteral("HST"));
        QVERIFY(artifacts);
        QCOMPARE(artifacts->size(), std::size_t(18));
        for (const auto &a : *artifacts) {
            const QString path = files + QLatin1Char('/') + *artifact::relativePathFor(a.uri);
            QCOMPARE(QFileInfo(path).size(), 10 * 1024);
            QCOMPARE(a.contentLength.value_or(-1), 10 * 1024);
            QCOMPARE(a.checksum, QStringLiteral("md5:") + QString::fromLatin1(ArtifactFixture::md5Of(path)));
        }
        QCOMPARE(op.run({QStringLiteral("generate"), QStringLiteral("--store"), store, QStringLiteral("--collection"),
                         QStringLiteral("HST"), QStringLiteral("--count"), QStringLiteral("1"),
                         QStringLiteral("--files"), files, QStringLiteral("--file-size"), QStringLiteral("ten")}),
                 2);
    }

    void refusesBadUsage()
    {
        Operator op;
        for (const QStringList &arguments :
             {QStringList{QStringLiteral("artifacts"), QStringLiteral("--source"), QStringLiteral("X")},
              QStringList{QStringLiteral("artifacts"), QStringLiteral("--mode"), QStringLiteral("fetch"),
                          QStringLiteral("--source"), QStringLiteral("X")},
              QStringList{QStringLiteral("artifacts"), QStringLiteral("--mode"), QStringLiteral("validate"),
                          QStringLiteral("--depth"), QStringLiteral("4"), QStringLiteral("--source"),
                          QStringLiteral("X")},
              QStringList{QStringLiteral("artifacts"), QStringLiteral("--mode"), QStringLiteral("download"),
                          QStringLiteral("--source"), QStringLiteral("NOSUCH")}})
            QCOMPARE(op.run(arguments), 2);
    }
};

QTEST_GUILESS_MAIN(TestArtifactCli)
#include "tst_artifact_cli.moc"
