// A full disk under the metadata store (issue 13): `caom-sync harvest` into a SQLite store whose writes start
// failing part-way through. The failure is injected with the file-size limit (RLIMIT_FSIZE) of the caom-sync
// process, which makes every write past it fail as a full disk does, for the store file and its journal
// alike; it needs no privilege, so it runs everywhere. The run fails with a message that names the store and
// the cause; the store is not corrupt (SQLite's integrity check) and what it holds is the partner's,
// observation for observation, with the cursor no further than what was committed; and the next run, with
// room again, completes the mirror. (Downloads onto a full disk: tst_artifact_sync
// fullDiskFailsCleanlyAndTheNextRunCompletes.)
#include "partner_archive.h"

#include "store/harvest_state_store.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTest>

#include <csignal>
#include <map>
#include <sys/resource.h>

using namespace testsupport;

namespace {

constexpr int total = 400;

struct Result {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// caom-sync with the test's settings; `fileSizeLimit` > 0: no file it writes may grow past that many bytes.
Result caomSync(const QTemporaryDir &home, const QStringList &arguments, qint64 fileSizeLimit = 0)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    process.setProcessEnvironment(env);
    if (fileSizeLimit > 0) {
        // In the child, between fork and exec: both survive the exec. SIGXFSZ ignored, so a write past the
        // limit fails with EFBIG instead of ending the process.
        process.setChildProcessModifier([fileSizeLimit] {
            ::signal(SIGXFSZ, SIG_IGN);
            rlimit limit{};
            ::getrlimit(RLIMIT_FSIZE, &limit);
            limit.rlim_cur = rlim_t(fileSizeLimit);
            ::setrlimit(RLIMIT_FSIZE, &limit);
        });
    }
    process.start(QStringLiteral(MIRROR_CAOM_SYNC), arguments);
    if (!process.waitForFinished(300000)) {
        process.kill();
        process.waitForFinished();
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

} // namespace

class TestHarvestDiskFull : public QObject {
    Q_OBJECT

private slots:
    void fullStoreFailsCleanlyAndTheNextRunCompletes()
    {
        PartnerArchive partner;
        QVERIFY(partner.start());
        QVERIFY(partner.addGenerated("HST", 0, total));
        std::map<QString, QString> expected;
        for (int i = 0; i < total; ++i) {
            const caom2::Observation o = PartnerArchive::observation("HST", std::uint64_t(i));
            expected[QString::fromStdString(o.observationID)] = QString::fromStdString(*o.accMetaChecksum);
        }
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const QString path = home.filePath(QStringLiteral("mirror.sqlite"));
        QCOMPARE(caomSync(home,
                          {QStringLiteral("sources"), QStringLiteral("add"), QStringLiteral("PARTNER"),
                           QStringLiteral("--capabilities"), partner.capabilitiesUrl(), QStringLiteral("--collection"),
                           QStringLiteral("HST"), QStringLiteral("--batch-size"), QStringLiteral("20")})
                     .exitCode,
                 0);
        // The empty store, made first so that only the harvest meets the full disk.
        std::shared_ptr<store::Store> store;
        {
            auto opened = store::Store::open(*store::parseStoreLocation(path));
            QVERIFY(opened);
            store = *opened;
        }
        const QStringList harvest{QStringLiteral("harvest"),  QStringLiteral("--store"), path,
                                  QStringLiteral("--source"), QStringLiteral("PARTNER"), QStringLiteral("--json"),
                                  QStringLiteral("--quiet")};
        // Room for the empty store and a little more: the harvest fills it after a few batches. The new store's
        // tables are still in its write-ahead log (a 16 kB page each): checkpointed first, so that the file's
        // size is the empty store's.
        QVERIFY(QSqlQuery(store->database()).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        const qint64 emptySize = QFileInfo(path).size();
        const Result full = caomSync(home, harvest, emptySize + 512 * 1024);
        QCOMPARE(full.exitCode, 2);
        const QString message = QString::fromUtf8(full.err + full.out);
        QVERIFY2(message.contains(path), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("the disk may be full"))
                     || message.contains(QStringLiteral("disk holding the store is full")),
                 qPrintable(message));

        // Not corrupt, and what is there is the partner's; the cursor is no further than the last observation
        // stored (so the next run lists everything not yet here).
        const auto check = [&](std::map<QString, QString> *stored, std::optional<qint64> *cursor) {
            auto opened = store::Store::open(*store::parseStoreLocation(path));
            QVERIFY2(opened, opened ? "" : opened.error().message.c_str());
            QSqlQuery query((*opened)->database());
            QVERIFY(query.exec(QStringLiteral("PRAGMA integrity_check")) && query.next());
            QCOMPARE(query.value(0).toString(), QStringLiteral("ok"));
            QVERIFY(query.exec(QStringLiteral("SELECT observation_id, acc_meta_checksum FROM observation")));
            while (query.next())
                (*stored)[query.value(0).toString()] = query.value(1).toString();
            for (const auto &[id, checksum] : *stored)
                QCOMPARE(checksum, expected.at(id));
            const QString key = harvest::harvestSourceKey(partner.capabilitiesUrl(), QStringLiteral("HST"));
            auto state = store::HarvestStateStore(*opened).get(key, store::HarvestEntity::observation);
            *cursor = state ? state->cursor.lastModified : std::nullopt;
        };
        std::map<QString, QString> stored;
        std::optional<qint64> cursor;
        check(&stored, &cursor);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(stored.size() < expected.size(), "the limit did not stop the harvest");
        if (cursor) {
            // Every observation at or before the cursor is stored.
            for (int i = 0; i < total; ++i) {
                const caom2::Observation o = PartnerArchive::observation("HST", std::uint64_t(i));
                if (o.maxLastModified->msSinceEpoch <= *cursor)
                    QVERIFY2(
                        stored.count(QString::fromStdString(o.observationID)),
                        qPrintable(QString::fromStdString(o.observationID) + QStringLiteral(" is behind the cursor")));
            }
        }

        // Room again: the next run completes the mirror.
        const Result again = caomSync(home, harvest);
        QCOMPARE(again.exitCode, 0);
        stored.clear();
        check(&stored, &cursor);
        QVERIFY(stored == expected);
        const QJsonObject counts =
            QJsonDocument::fromJson(again.out).array().at(0).toObject().value(QStringLiteral("counts")).toObject();
        QCOMPARE(counts.value(QStringLiteral("failed")).toInt(-1), 0);
    }
};

QTEST_GUILESS_MAIN(TestHarvestDiskFull)
#include "tst_harvest_disk_full.moc"
