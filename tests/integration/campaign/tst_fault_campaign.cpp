// The fault campaign (issue 13, item 4): a partner archive made by `caom-sync generate` (metadata, and files
// for a second collection) is served by `caom-sync serve --artifact-root` behind the fault proxy, which
// answers a share of the requests with server errors, cuts a share of the bodies short, resets a share of the
// connections and delays a share of the answers by jittered amounts. `caom-sync` harvests the metadata and
// downloads the files through it, run after run as an operator (or the scheduler) would, until nothing is
// left to do. Then the mirror must equal the source: the same observations, every accMetaChecksum the
// source's, every file present and its checksum verified (`artifacts --mode validate --depth 2`) and its bytes
// the partner's. The faults the proxy injected and the runs it took are reported.
//
// CI runs a reduced campaign on both engines. The size, the rates and the seed come from the environment, so
// the same executable runs the full campaign by hand (docs/reliability.md has the command and its figures):
//   MIRROR_CAMPAIGN_OBSERVATIONS       observations harvested, metadata only (default 400)
//   MIRROR_CAMPAIGN_FILE_OBSERVATIONS  observations of the files collection, 6 files each (default 6)
//   MIRROR_CAMPAIGN_FILE_SIZE          size of each file, as `generate --file-size` takes it (default 16K)
//   MIRROR_CAMPAIGN_RATES              server errors, truncated bodies, resets, delayed answers (default
//                                      0.10,0.05,0.02,0.30): shares of all requests
//   MIRROR_CAMPAIGN_SEED               seed of the proxy's draws (default 13)
//   MIRROR_CAMPAIGN_CAOM_SYNC          the caom-sync to run (default: the one built beside this test)
// A long campaign run by hand also needs QTEST_FUNCTION_TIMEOUT (milliseconds) above its length.
// The faults are drawn from a fixed seed; which request gets which fault still depends on the order requests
// arrive from parallel fetchers, so the test asserts only outcomes that hold whatever the draws: the mirror
// converges to the source within a bounded number of runs, and faults were injected of every kind.
#include "background_program.h"
#include "fault_proxy.h"
#include "test_stores.h"

#include "caom2/generator.h"
#include "store/store.h"
#include "store/store_location.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace testsupport;

namespace {

const QString metadataCollection = QStringLiteral("HST");
const QString filesCollection = QStringLiteral("HSTFILES");
// The files collection's observations are generated from this index on, so their artifact URIs (which carry
// the observationID) never meet the metadata collection's.
constexpr int filesFirstIndex = 5000000;
// Runs of each kind before the campaign is declared not to converge. Each run retries every request up to
// four times, so a fault rate of 17 % leaves about one request in a thousand to the next run.
constexpr int maxRounds = 12;

struct CampaignSettings {
    int observations = 400;
    int fileObservations = 6;
    QString fileSize = QStringLiteral("16K");
    double serverErrors = 0.10;
    double truncated = 0.05;
    double resets = 0.02;
    double delayed = 0.30;
    quint64 seed = 13;

    static CampaignSettings fromEnvironment()
    {
        CampaignSettings s;
        bool ok = false;
        if (const int n = qEnvironmentVariableIntValue("MIRROR_CAMPAIGN_OBSERVATIONS", &ok); ok)
            s.observations = n;
        if (const int n = qEnvironmentVariableIntValue("MIRROR_CAMPAIGN_FILE_OBSERVATIONS", &ok); ok)
            s.fileObservations = n;
        if (qEnvironmentVariableIsSet("MIRROR_CAMPAIGN_FILE_SIZE"))
            s.fileSize = qEnvironmentVariable("MIRROR_CAMPAIGN_FILE_SIZE");
        const QStringList rates = qEnvironmentVariable("MIRROR_CAMPAIGN_RATES").split(u',', Qt::SkipEmptyParts);
        if (rates.size() == 4) {
            s.serverErrors = rates[0].toDouble();
            s.truncated = rates[1].toDouble();
            s.resets = rates[2].toDouble();
            s.delayed = rates[3].toDouble();
        }
        if (qEnvironmentVariableIsSet("MIRROR_CAMPAIGN_SEED"))
            s.seed = qEnvironmentVariable("MIRROR_CAMPAIGN_SEED").toULongLong();
        return s;
    }
};

// The proxy's rules for the campaign's shares of all requests. The proxy tries rules in order, each with its
// own draw, so each rule's probability is its share of the requests the rules before it left alone.
// Server errors are 500, 502, 503 and 504 alike; the delays are 5, 25 and 100 ms in the shares 4:2:1 (the
// jitter); bodies are cut at half (mid-line in a listing, mid-document, mid-file).
//
// Before them, two stubborn faults that no amount of retrying within a run gets past, so that every campaign,
// however its draws fall, also leaves work to a later run: one document answers 503 to its first four requests
// (all the HTTP client's tries: it becomes a skip record for `--mode retry`), and one file answers 503 to its
// first twelve (three transfers of four tries: it fails its download run and waits for the next).
QList<FaultRule> campaignRules(const CampaignSettings &s)
{
    QStringList specs;
    caom2::GeneratorOptions metadata;
    metadata.collection = metadataCollection.toStdString();
    const std::string stubbornDocument = caom2::generateObservation(metadata, 7).observationID;
    specs << QStringLiteral("name=stubborn document;path=.*/%1/%2;times=4;action=status;code=503")
                 .arg(metadataCollection, QString::fromStdString(stubbornDocument));
    caom2::GeneratorOptions files;
    files.collection = filesCollection.toStdString();
    const caom2::Observation withFiles = caom2::generateObservation(files, filesFirstIndex);
    const QString stubbornFile = QString::fromStdString(withFiles.planes.front().artifacts.front().uri.text);
    specs << QStringLiteral("name=stubborn file;method=GET;path=.*/files/%1;times=12;action=status;code=503")
                 .arg(QRegularExpression::escape(QString(stubbornFile).replace(u':', u'/'))); // {scheme}/{path}
    double left = 1.0;
    const auto add = [&](double share, const QString &spec) {
        if (share <= 0 || left <= 0)
            return;
        specs << spec + QStringLiteral(";probability=%1").arg(std::min(1.0, share / left), 0, 'g', 10);
        left -= share;
    };
    for (const int code : {500, 502, 503, 504})
        add(s.serverErrors / 4, QStringLiteral("name=%1;action=status;code=%1").arg(code));
    add(s.truncated, QStringLiteral("name=truncated;method=GET;action=truncate"));
    add(s.resets, QStringLiteral("name=reset;action=reset"));
    add(s.delayed * 4 / 7, QStringLiteral("name=delay 5 ms;action=delay;ms=5"));
    add(s.delayed * 2 / 7, QStringLiteral("name=delay 25 ms;action=delay;ms=25"));
    add(s.delayed * 1 / 7, QStringLiteral("name=delay 100 ms;action=delay;ms=100"));
    QString error;
    const QList<FaultRule> rules = parseFaultRules(specs, &error);
    if (rules.isEmpty())
        qFatal("campaign rules: %s", qPrintable(error));
    return rules;
}

QString caomSyncProgram()
{
    return qEnvironmentVariable("MIRROR_CAMPAIGN_CAOM_SYNC", QStringLiteral(MIRROR_CAOM_SYNC));
}

// caom-sync with this test's own settings file (XDG_CONFIG_HOME is set in initTestCase).
struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run caomSync(const QStringList &arguments)
{
    QProcess process;
    process.start(caomSyncProgram(), arguments);
    // Generous: the full campaign's first harvest fetches 10,000 documents through the faults.
    if (!process.waitForFinished(30 * 60 * 1000)) {
        process.kill();
        process.waitForFinished();
    }
    Run run{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
    if (run.exitCode != 0 && run.exitCode != 1)
        qInfo("caom-sync %s: exit %d\n%s", qPrintable(arguments.join(u' ')), run.exitCode,
              run.err.right(2000).constData());
    return run;
}

QJsonArray reports(const Run &run)
{
    return QJsonDocument::fromJson(run.out).array();
}

// observationID -> accMetaChecksum of a collection, read through a fresh connection.
std::map<QString, QString> checksums(const store::StoreLocation &location, const QString &collection)
{
    std::map<QString, QString> rows;
    auto opened = store::Store::open(location);
    if (!opened)
        qFatal("cannot open a store: %s", opened.error().message.c_str());
    QSqlQuery query((*opened)->database());
    query.prepare(QStringLiteral("SELECT observation_id, acc_meta_checksum FROM observation WHERE collection = ?"));
    query.addBindValue(collection);
    if (!query.exec())
        qFatal("cannot read the observations of %s", qPrintable(collection));
    while (query.next())
        rows[query.value(0).toString()] = query.value(1).toString();
    return rows;
}

qint64 scalar(const store::StoreLocation &location, const QString &sql)
{
    auto opened = store::Store::open(location);
    if (!opened)
        qFatal("cannot open a store: %s", opened.error().message.c_str());
    QSqlQuery query((*opened)->database());
    return query.exec(sql) && query.next() ? query.value(0).toLongLong() : -1;
}

// A file that failed in a run waits out a back-off (five minutes at first) before a later run takes it again.
// The campaign does not wait: it moves the due time to when the failure was recorded. The back-off itself is
// tested in tst_artifact_sync. (An observation's skip record is due at once: `--mode retry` takes it.)
void waitOutBackOff(const store::StoreLocation &location)
{
    auto opened = store::Store::open(location);
    if (!opened)
        qFatal("cannot open a store: %s", opened.error().message.c_str());
    QSqlQuery query((*opened)->database());
    if (!query.exec(QStringLiteral("UPDATE HarvestSkipURI SET tryAfter = lastModified WHERE cname = 'Artifact' "
                                   "AND attempts > 1")))
        qFatal("cannot move the due times");
}

QByteArray md5Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Md5);
    hash.addData(&file);
    return hash.result().toHex();
}

// Relative path -> MD5 of every file under root.
std::map<QString, QByteArray> filesUnder(const QString &root)
{
    std::map<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        files[QDir(root).relativeFilePath(path)] = md5Of(path);
    }
    return files;
}

qint64 count(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toInteger();
}

} // namespace

class TestFaultCampaign : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("config"))));
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("data"))));
    }

    void mirrorEqualsTheSourceAfterFaults_data() { addEngineColumn(); }
    void mirrorEqualsTheSourceAfterFaults()
    {
        QFETCH(QString, engine);
        const CampaignSettings s = CampaignSettings::fromEnvironment();
        QElapsedTimer clock;
        clock.start();

        // The partner: metadata for one collection, metadata and files for the other.
        QTemporaryDir partnerDir;
        QVERIFY(partnerDir.isValid());
        const QString partnerStore = partnerDir.filePath(QStringLiteral("partner.sqlite"));
        const QString partnerFiles = partnerDir.filePath(QStringLiteral("files"));
        QCOMPARE(caomSync({QStringLiteral("generate"), QStringLiteral("--store"), partnerStore,
                           QStringLiteral("--collection"), metadataCollection, QStringLiteral("--count"),
                           QString::number(s.observations)})
                     .exitCode,
                 0);
        QCOMPARE(
            caomSync({QStringLiteral("generate"), QStringLiteral("--store"), partnerStore,
                      QStringLiteral("--collection"), filesCollection, QStringLiteral("--count"),
                      QString::number(s.fileObservations), QStringLiteral("--first"), QString::number(filesFirstIndex),
                      QStringLiteral("--files"), partnerFiles, QStringLiteral("--file-size"), s.fileSize})
                .exitCode,
            0);
        BackgroundProgram serve;
        const QString direct = serve.start(caomSyncProgram(),
                                           {QStringLiteral("serve"), QStringLiteral("--store"), partnerStore,
                                            QStringLiteral("--artifact-root"), partnerFiles});
        QVERIFY2(!direct.isEmpty(), qPrintable(serve.error()));

        FaultProxy proxy;
        proxy.setRules(campaignRules(s));
        const QUrl directUrl(direct);
        const QString proxyBase = proxy.start(directUrl.adjusted(QUrl::RemovePath), s.seed);
        QVERIFY2(!proxyBase.isEmpty(), qPrintable(proxy.errorString()));

        // The mirror, with the partner reached through the proxy only.
        TestStore mirror(engine);
        QVERIFY2(mirror.ok(), qPrintable(mirror.error()));
        QVERIFY(mirror.open());
        const QString sourceName = QStringLiteral("CAMPAIGN-") + engine;
        QCOMPARE(
            caomSync({QStringLiteral("sources"), QStringLiteral("add"), sourceName, QStringLiteral("--force"),
                      QStringLiteral("--capabilities"), proxyBase + directUrl.path(), QStringLiteral("--collection"),
                      metadataCollection, QStringLiteral("--collection"), filesCollection})
                .exitCode,
            0);
        const QStringList common{QStringLiteral("--store"),  mirror.argument(),
                                 QStringLiteral("--source"), sourceName,
                                 QStringLiteral("--json"),   QStringLiteral("--quiet")};

        // Metadata: incremental runs, each followed by a retry run of what it left, until nothing is left.
        const auto expectedMetadata = checksums(*store::parseStoreLocation(partnerStore), metadataCollection);
        const auto expectedFilesMetadata = checksums(*store::parseStoreLocation(partnerStore), filesCollection);
        QCOMPARE(qsizetype(expectedMetadata.size()), qsizetype(s.observations));
        int harvestRuns = 0, retryRuns = 0, failedRuns = 0;
        qint64 fetched = 0, itemFailures = 0, harvestRetries = 0;
        const auto tally = [&](const Run &run) {
            failedRuns += run.exitCode == 2 ? 1 : 0;
            for (const QJsonValue &report : reports(run)) {
                const QJsonObject counts = report.toObject().value(QStringLiteral("counts")).toObject();
                fetched += count(counts, "fetched");
                itemFailures += count(counts, "failed");
                harvestRetries += count(counts, "retries");
            }
        };
        const auto skipRecords = [&] {
            return scalar(mirror.location(),
                          QStringLiteral("SELECT COUNT(*) FROM HarvestSkipURI WHERE cname <> "
                                         "'Artifact'"));
        };
        bool converged = false;
        for (int round = 0; round < maxRounds && !converged; ++round) {
            const Run incremental = caomSync(QStringList{QStringLiteral("harvest")} + common);
            ++harvestRuns;
            tally(incremental);
            qInfo("harvest run %d: exit %d; %lld skip records; %lld s", harvestRuns, incremental.exitCode,
                  skipRecords(), clock.elapsed() / 1000);
            if (skipRecords() > 0) {
                const Run retry = caomSync(
                    QStringList{QStringLiteral("harvest"), QStringLiteral("--mode"), QStringLiteral("retry")} + common);
                tally(retry);
                ++retryRuns;
                qInfo("retry run %d: exit %d; %lld skip records left", retryRuns, retry.exitCode, skipRecords());
            }
            converged = incremental.exitCode == 0 && skipRecords() == 0
                && checksums(mirror.location(), metadataCollection) == expectedMetadata
                && checksums(mirror.location(), filesCollection) == expectedFilesMetadata;
        }
        QVERIFY2(converged, "the mirror's metadata did not become the source's");
        const qint64 metadataMs = clock.elapsed();

        // Files: discover once, then downloads until every file is in.
        const QString mirrorFiles = m_home.filePath(QStringLiteral("files-") + engine);
        const QStringList artifacts = QStringList{QStringLiteral("artifacts"), QStringLiteral("--collection"),
                                                  filesCollection, QStringLiteral("--artifact-root"), mirrorFiles}
            + common;
        const Run discovered = caomSync(artifacts + QStringList{QStringLiteral("--mode"), QStringLiteral("discover")});
        QCOMPARE(discovered.exitCode, 0);
        const qint64 expectedFiles = qint64(s.fileObservations) * 6;
        QCOMPARE(count(reports(discovered).at(0).toObject(), "queued"), expectedFiles);
        int downloadRuns = 0;
        qint64 downloaded = 0, fileFailures = 0, downloadRetries = 0;
        bool filesIn = false;
        for (int round = 0; round < maxRounds && !filesIn; ++round) {
            const Run download =
                caomSync(artifacts + QStringList{QStringLiteral("--mode"), QStringLiteral("download")});
            ++downloadRuns;
            const QJsonObject report = reports(download).at(0).toObject();
            downloaded += count(report, "downloaded");
            fileFailures += count(report, "failed");
            downloadRetries += count(report, "retries");
            filesIn = download.exitCode == 0 && count(report, "failed") == 0;
            qInfo("download run %d: exit %d; %lld downloaded, %lld failed", downloadRuns, download.exitCode,
                  count(report, "downloaded"), count(report, "failed"));
            if (!filesIn)
                waitOutBackOff(mirror.location());
        }
        QVERIFY2(filesIn, "the files were not all downloaded");
        QCOMPARE(downloaded, expectedFiles);
        const qint64 filesMs = clock.elapsed() - metadataMs;

        // The mirror equals the source: every file's checksum recomputed against the metadata, and its bytes the
        // partner's, with nothing else in the artifact root (no partial download left behind).
        const Run validated = caomSync(artifacts
                                       + QStringList{QStringLiteral("--mode"), QStringLiteral("validate"),
                                                     QStringLiteral("--depth"), QStringLiteral("2")});
        QCOMPARE(validated.exitCode, 0);
        QCOMPARE(reports(validated).at(0).toObject().value(QStringLiteral("findings")).toArray().size(), 0);
        QCOMPARE(count(reports(validated).at(0).toObject(), "examined"), expectedFiles);
        const auto source = filesUnder(partnerFiles);
        QCOMPARE(qint64(source.size()), expectedFiles);
        QVERIFY(filesUnder(mirrorFiles) == source);
        QCOMPARE(checksums(mirror.location(), metadataCollection), expectedMetadata);
        QCOMPARE(scalar(mirror.location(), QStringLiteral("SELECT COUNT(*) FROM observation")),
                 qint64(s.observations + s.fileObservations));

        // What the proxy did. Every kind of fault happened (a campaign that injected none tests nothing).
        std::map<QString, qint64> faults;
        qint64 failedFileRequests = 0, failedMetadataRequests = 0, failedOtherRequests = 0;
        qint64 resetFileRequests = 0, resetMetadataRequests = 0;
        const QList<FaultJournalEntry> journal = proxy.journal();
        for (const FaultJournalEntry &entry : journal) {
            ++faults[entry.rule.isEmpty() ? QStringLiteral("passed") : entry.rule];
            if (entry.rule.isEmpty() || entry.rule.startsWith(QStringLiteral("delay")))
                continue;
            // A request the proxy made fail: a file, a listing or document of a harvest, or one to find the
            // service (capabilities, the collections list, which other clients make, with retries not counted).
            const QByteArray path = entry.target.split('?').at(0);
            const bool reset = entry.rule == QStringLiteral("reset");
            if (path.contains("/files/")) {
                ++failedFileRequests;
                resetFileRequests += reset ? 1 : 0;
            } else if (path.endsWith("/capabilities") || path.endsWith("/observations")) {
                ++failedOtherRequests;
            } else {
                ++failedMetadataRequests;
                resetMetadataRequests += reset ? 1 : 0;
            }
        }
        const qint64 serverErrors = faults[QStringLiteral("500")] + faults[QStringLiteral("502")]
            + faults[QStringLiteral("503")] + faults[QStringLiteral("504")];
        const qint64 delays = faults[QStringLiteral("delay 5 ms")] + faults[QStringLiteral("delay 25 ms")]
            + faults[QStringLiteral("delay 100 ms")];
        if (s.serverErrors > 0)
            QVERIFY(serverErrors > 0);
        if (s.truncated > 0)
            QVERIFY(faults[QStringLiteral("truncated")] > 0);
        if (s.resets > 0)
            QVERIFY(faults[QStringLiteral("reset")] > 0);
        if (s.delayed > 0)
            QVERIFY(delays > 0);
        // Each request the proxy made fail was tried again, or was the last try of an item (or a listing: a failed
        // run) that then failed, so the retries the runs report account for them all, but for one kind: a reset of
        // a kept-alive connection before any answer, which libcurl tries again on a new connection by itself,
        // unseen by caom-sync.
        qInfo("failed requests: %lld of harvests (%lld resets; %lld retried by caom-sync, %lld items failed), %lld "
              "of files (%lld resets; %lld retried, %lld files failed), %lld others",
              failedMetadataRequests, resetMetadataRequests, harvestRetries, itemFailures, failedFileRequests,
              resetFileRequests, downloadRetries, fileFailures, failedOtherRequests);
        QVERIFY(harvestRetries + itemFailures + failedRuns <= failedMetadataRequests);
        QVERIFY(harvestRetries + itemFailures + failedRuns >= failedMetadataRequests - resetMetadataRequests);
        QVERIFY(downloadRetries + fileFailures <= failedFileRequests);
        QVERIFY(downloadRetries + fileFailures >= failedFileRequests - resetFileRequests);
        // And the stubborn faults left work to later runs, which did it.
        QCOMPARE(faults[QStringLiteral("stubborn document")], 4);
        QVERIFY(itemFailures >= 1 && retryRuns >= 1);
        QCOMPARE(faults[QStringLiteral("stubborn file")], 12);
        QVERIFY(fileFailures >= 1 && downloadRuns >= 2);
        // Every fault ends in a retry (the HTTP client's, a listing read again from its cursor, a download resumed)
        // or in a failure a later run retried: the requests are the answered ones plus the faulted ones.
        const qint64 requests = journal.size();
        qInfo().noquote() << QStringLiteral(
                                 "campaign %1: %2 observations, %3 files of %4; seed %5; rates 5xx %6, truncated %7, "
                                 "reset %8, delayed %9")
                                 .arg(engine)
                                 .arg(s.observations + s.fileObservations)
                                 .arg(expectedFiles)
                                 .arg(s.fileSize)
                                 .arg(s.seed)
                                 .arg(s.serverErrors)
                                 .arg(s.truncated)
                                 .arg(s.resets)
                                 .arg(s.delayed);
        qInfo().noquote() << QStringLiteral(
                                 "requests %1: passed %2, 5xx %3 (500 %4, 502 %5, 503 %6, 504 %7), truncated %8, "
                                 "reset %9, delayed %10; stubborn %11")
                                 .arg(requests)
                                 .arg(faults[QStringLiteral("passed")])
                                 .arg(serverErrors)
                                 .arg(faults[QStringLiteral("500")])
                                 .arg(faults[QStringLiteral("502")])
                                 .arg(faults[QStringLiteral("503")])
                                 .arg(faults[QStringLiteral("504")])
                                 .arg(faults[QStringLiteral("truncated")])
                                 .arg(faults[QStringLiteral("reset")])
                                 .arg(delays)
                                 .arg(faults[QStringLiteral("stubborn document")]
                                      + faults[QStringLiteral("stubborn file")]);
        qInfo().noquote()
            << QStringLiteral("metadata: %1 harvest runs (%2 failed and rerun), %3 retry runs, %4 documents fetched, "
                              "%5 observations failed in a run and retried by a later one; %6 s")
                   .arg(harvestRuns)
                   .arg(failedRuns)
                   .arg(retryRuns)
                   .arg(fetched)
                   .arg(itemFailures)
                   .arg(double(metadataMs) / 1000, 0, 'f', 1);
        qInfo().noquote() << QStringLiteral("files: %1 download runs, %2 files downloaded, %3 failed in a run and "
                                            "downloaded by a later one; %4 s; all %5 verified")
                                 .arg(downloadRuns)
                                 .arg(downloaded)
                                 .arg(fileFailures)
                                 .arg(double(filesMs) / 1000, 0, 'f', 1)
                                 .arg(expectedFiles);
    }

private:
    QTemporaryDir m_home;
};

QTEST_GUILESS_MAIN(TestFaultCampaign)
#include "tst_fault_campaign.moc"
