// caom-sync artifacts as an operator runs it, on both engines: discover, download, validate and diff with
// their exit codes and JSON reports, and downloads killed with SIGKILL at random moments and restarted until
// every file is verified (scenario 42): no file is ever visible under its final name unless it is right.
#include "artifact_fixture.h"

#include "store/artifact_index.h"
#include "store/store_location.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

#include <csignal>

using namespace testsupport;

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
        QCOMPARE(op.run({QStringLiteral("sources"), QStringLiteral("add"), QStringLiteral("PARTNER"),
                         QStringLiteral("--capabilities"), f.partner().capabilitiesUrl(),
                         QStringLiteral("--collection"), QStringLiteral("HST")}),
                 0);
        const auto artifacts = [&](const QString &mode, const QStringList &more = {}) {
            return QStringList{QStringLiteral("artifacts"),
                               QStringLiteral("--store"),
                               f.storeArgument(),
                               QStringLiteral("--source"),
                               QStringLiteral("PARTNER"),
                               QStringLiteral("--mode"),
                               mode,
                               QStringLiteral("--artifact-root"),
                               f.mirrorRoot(),
                               QStringLiteral("--json")}
            + more;
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
