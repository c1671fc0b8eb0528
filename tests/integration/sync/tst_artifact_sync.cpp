// Artifact sync against a partner served by `caom-sync serve --artifact-root` on loopback, on both engines
// (spec caom2-sync.md §6, scenarios 35-44): discover with release dates and its own cursor, downloads that
// are verified before they are installed and resumed after a cut, validate at three depths, diff.
#include "artifact_fixture.h"
#include "fault_proxy.h"

#include "store/artifact_copy_store.h"
#include "store/artifact_index.h"
#include "store/discrepancy_store.h"
#include "store/harvest_state_store.h"
#include "store/skip_record_store.h"
#include "sync/artifact_fetch.h"

#include <QDirIterator>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/mount.h>
#include <sys/resource.h>

using namespace testsupport;
using harvest::ArtifactMode;

namespace {

constexpr qint64 dayMs = 86'400'000;

std::optional<store::SkipRecord> queued(const std::shared_ptr<store::Store> &s, const QString &key, const QString &uri)
{
    auto row = store::SkipRecordStore(s).get(key, store::HarvestEntity::artifact, uri);
    return row ? *row : std::nullopt;
}

std::vector<store::SkipRecord> queue(const std::shared_ptr<store::Store> &s, const QString &key)
{
    store::SkipQuery q;
    q.source = key;
    q.cname = store::HarvestEntity::artifact;
    q.limit = 100000;
    auto rows = store::SkipRecordStore(s).list(q);
    return rows ? *rows : std::vector<store::SkipRecord>{};
}

// Every file under a directory whose name is not a partial download, relative.
QStringList filesUnder(const QString &root, bool partials)
{
    QStringList out;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        if (artifact::ArtifactRoot::isPartialName(it.fileName()) == partials)
            out << it.filePath().mid(root.size() + 1);
    }
    out.sort();
    return out;
}

bool overwriteByte(const QString &path, qint64 at)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite) || !file.seek(at))
        return false;
    char c = 0;
    file.getChar(&c);
    file.seek(at);
    return file.putChar(static_cast<char>(c ^ 0x5a));
}

} // namespace

class TestArtifactSync : public QObject {
    Q_OBJECT

private slots:
    // Scenarios 35 and 36: released artifacts are queued (proprietary ones with their release date as the next
    // try), never-released ones are not; the cursor ends at the last observation; a second discover with no
    // change queues nothing.
    void discoverHonoursReleaseDates_data() { addEngineColumn(); }
    void discoverHonoursReleaseDates()
    {
        QFETCH(QString, engine);
        ArtifactFixture f(engine);
        QVERIFY(f.start());
        const qint64 nextYear = QDateTime::currentMSecsSinceEpoch() + 365 * dayMs;
        for (std::uint64_t i = 0; i < 10; ++i)
            QVERIFY(f.add(i, 512, [&](caom2::Observation &o) {
                for (auto &plane : o.planes) {
                    if (i == 0)
                        plane.dataRelease = caom2::Date{nextYear};
                    if (i == 1)
                        plane.dataRelease.reset();
                }
            }));
        const auto first = f.run(ArtifactMode::Discover);
        QCOMPARE(first.outcome, store::RunOutcome::Succeeded);
        QCOMPARE(first.counts.examined, 60);
        QCOMPARE(first.counts.queued, 54);
        QCOMPARE(first.counts.proprietary, 6);
        QCOMPARE(first.counts.neverReleased, 6);
        const QString key = f.request(ArtifactMode::Discover).target.harvestSource;
        QCOMPARE(queue(f.store(), key).size(), std::size_t(54));
        for (const QString &uri : ArtifactFixture::urisOf(0)) {
            const auto row = queued(f.store(), key, uri);
            QVERIFY(row);
            QCOMPARE(row->tryAfter.value_or(0), nextYear);
            QVERIFY(row->errorMessage.startsWith(QStringLiteral("Proprietary")));
        }
        for (const QString &uri : ArtifactFixture::urisOf(1))
            QVERIFY(!queued(f.store(), key, uri));
        // The cursor is the last stored observation's.
        auto state = store::HarvestStateStore(f.store()).get(key, store::HarvestEntity::artifact);
        QVERIFY(state && state->cursor.lastModified);
        QSqlQuery last(f.store()->database());
        QVERIFY(last.exec(QStringLiteral("SELECT MAX(stored_at) FROM observation WHERE collection = 'HST'"))
                && last.next());
        QCOMPARE(*state->cursor.lastModified, last.value(0).toLongLong());
        last.finish();

        const auto second = f.run(ArtifactMode::Discover);
        QCOMPARE(second.outcome, store::RunOutcome::Succeeded);
        QCOMPARE(second.counts.examined, 0);
        QCOMPARE(second.counts.queued, 0);
        // A changed observation comes after the cursor again, and only it.
        QVERIFY(f.add(5, 700));
        const auto third = f.run(ArtifactMode::Discover);
        QCOMPARE(third.counts.examined, 6);
        QCOMPARE(third.counts.queued, 0); // its six files were queued already and are still waiting
    }

    // Scenarios 40 and 41 and the done-when: everything due is downloaded and verified, a second pass fetches
    // nothing, a file already here is not fetched again, a queued artifact the metadata lost is dropped.
    void downloadInstallsVerifiedFilesOnce_data() { addEngineColumn(); }
    void downloadInstallsVerifiedFilesOnce()
    {
        QFETCH(QString, engine);
        ArtifactFixture f(engine);
        QVERIFY(f.start());
        for (std::uint64_t i = 0; i < 8; ++i)
            QVERIFY(f.add(i, 3000 + qint64(i)));
        QCOMPARE(f.run(ArtifactMode::Discover).counts.queued, 48);
        const auto downloaded = f.run(ArtifactMode::Download);
        QCOMPARE(downloaded.outcome, store::RunOutcome::Succeeded);
        QCOMPARE(downloaded.counts.downloaded, 48);
        QCOMPARE(downloaded.counts.failed, 0);
        qint64 bytes = 0;
        for (std::uint64_t i = 0; i < 8; ++i)
            for (const QString &uri : ArtifactFixture::urisOf(i)) {
                QCOMPARE(ArtifactFixture::md5Of(f.mirrorFile(uri)),
                         ArtifactFixture::expectedMd5(uri, 3000 + qint64(i)));
                bytes += 3000 + qint64(i);
                auto copy = store::ArtifactCopyStore(f.store()).get(uri);
                QVERIFY(copy && *copy);
                QCOMPARE((*copy)->state, store::ArtifactCopyState::verified);
                QCOMPARE((*copy)->localPath, f.mirrorFile(uri));
            }
        QCOMPARE(downloaded.counts.bytes, bytes);
        const QString key = f.request(ArtifactMode::Download).target.harvestSource;
        QVERIFY(queue(f.store(), key).empty());
        QVERIFY(filesUnder(f.mirrorRoot(), true).isEmpty());

        // Again: nothing to queue, nothing to fetch.
        QCOMPARE(f.run(ArtifactMode::Discover).counts.queued, 0);
        const auto again = f.run(ArtifactMode::Download);
        QCOMPARE(again.counts.downloaded, 0);
        QCOMPARE(again.counts.bytes, 0);

        // Queued although held and verified: done without a transfer.
        store::SkipRecordStore skips(f.store());
        const QString held = ArtifactFixture::urisOf(3).at(1);
        const auto requeue = [&](const QString &uri) {
            return skips
                .record({key, store::HarvestEntity::artifact, uri, 0, QStringLiteral("Public (test)"),
                         mirror::ErrorCategory::PerItem})
                .ok();
        };
        QVERIFY(requeue(held));
        auto present = f.run(ArtifactMode::Download);
        QCOMPARE(present.counts.present, 1);
        QCOMPARE(present.counts.bytes, 0);
        QVERIFY(!queued(f.store(), key, held));
        // Its record lost (a crash between rename and commit): the file is hashed and adopted, not fetched.
        QVERIFY(*store::ArtifactCopyStore(f.store()).remove(held));
        QVERIFY(requeue(held));
        present = f.run(ArtifactMode::Download);
        QCOMPARE(present.counts.present, 1);
        QCOMPARE(present.counts.downloaded, 0);
        QVERIFY(store::ArtifactCopyStore(f.store()).get(held)->has_value());

        // Scenario 41: an artifact the metadata no longer has leaves the queue as obsolete.
        QVERIFY(requeue(QStringLiteral("mast:HST/product/gone.fits")));
        const auto obsolete = f.run(ArtifactMode::Download);
        QCOMPARE(obsolete.counts.obsolete, 1);
        QVERIFY(queue(f.store(), key).empty());
    }

    // A queue several pages long, with many files handed to the transfers at once: the queue is read a page at a
    // time while earlier rows are still being fetched and not yet recorded; none is lost between pages.
    void queueLongerThanAPageIsFetchedWhole()
    {
        ArtifactFixture f(QStringLiteral("sqlite"));
        QVERIFY(f.start());
        constexpr std::uint64_t observations = 120; // 720 files: more than a page and the work handed out together
        for (std::uint64_t i = 0; i < observations; ++i)
            QVERIFY(f.add(i, 256));
        QCOMPARE(f.run(ArtifactMode::Discover).counts.queued, qint64(observations * 6));
        const auto downloaded = f.run(ArtifactMode::Download);
        QCOMPARE(downloaded.outcome, store::RunOutcome::Succeeded);
        QCOMPARE(downloaded.counts.downloaded, qint64(observations * 6));
        QCOMPARE(queue(f.store(), f.request(ArtifactMode::Download).target.harvestSource).size(), std::size_t(0));
        QCOMPARE(f.run(ArtifactMode::Download).counts.downloaded, 0);
    }

    // Scenario 37: the source's HEAD announces a digest that is not the metadata's: nothing is fetched or
    // installed, the queue row says why and waits for its back-off.
    void headDigestMismatchIsNotFetched_data() { addEngineColumn(); }
    void headDigestMismatchIsNotFetched()
    {
        QFETCH(QString, engine);
        ArtifactFixture f(engine);
        QVERIFY(f.start());
        QVERIFY(f.add(0, 2048));
        const QString bad = ArtifactFixture::urisOf(0).at(2);
        QVERIFY(overwriteByte(f.partnerFile(bad), 100)); // the partner's file changed, its metadata did not
        QCOMPARE(f.run(ArtifactMode::Discover).counts.queued, 6);
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        auto headFirst = f.request(ArtifactMode::Download);
        headFirst.headAbove = 0; // every file HEAD-checked, however small
        const auto run = f.run(headFirst);
        QCOMPARE(run.outcome, store::RunOutcome::Partial);
        QCOMPARE(run.exitCode(), 1);
        QCOMPARE(run.counts.downloaded, 5);
        QCOMPARE(run.counts.failed, 1);
        QCOMPARE(run.counts.bytes, 5 * 2048); // the bad file's body was never asked for
        QVERIFY(!QFileInfo::exists(f.mirrorFile(bad)));
        QVERIFY(filesUnder(f.mirrorRoot(), true).isEmpty());
        const QString key = f.request(ArtifactMode::Download).target.harvestSource;
        const auto row = queued(f.store(), key, bad);
        QVERIFY(row);
        QVERIFY2(row->errorMessage.startsWith(QStringLiteral("checksum mismatch (source)")),
                 qPrintable(row->errorMessage));
        QCOMPARE(row->reasonClass, QStringLiteral("checksum"));
        QVERIFY(row->tryAfter.value_or(0) >= before + 5 * 60 * 1000);
        // Not retried before its back-off expires.
        QCOMPARE(f.run(ArtifactMode::Download).counts.examined, 0);

        // A small file is not HEAD-checked (the GET costs as little): its GET's own Digest is, before install.
        store::SkipRecordStore skips(f.store());
        QVERIFY(skips.remove(key, store::HarvestEntity::artifact, bad).ok());
        QVERIFY(skips
                    .record({key, store::HarvestEntity::artifact, bad, 0, QStringLiteral("Public (test)"),
                             mirror::ErrorCategory::PerItem})
                    .ok());
        const auto small = f.run(ArtifactMode::Download);
        QCOMPARE(small.counts.failed, 1);
        QCOMPARE(small.counts.bytes, 2048);
        QVERIFY(!QFileInfo::exists(f.mirrorFile(bad)));
        QVERIFY(filesUnder(f.mirrorRoot(), true).isEmpty());
        QVERIFY(queued(f.store(), key, bad)->errorMessage.startsWith(QStringLiteral("checksum mismatch (source)")));
    }

    // Scenario 38: the body's bytes differ from the metadata while the headers say nothing wrong (a
    // corrupting path): never installed under its final name, no partial file left, queued with back-off.
    void corruptBodyIsNeverInstalled_data() { addEngineColumn(); }
    void corruptBodyIsNeverInstalled()
    {
        QFETCH(QString, engine);
        ArtifactFixture f(engine);
        QVERIFY(f.start());
        QVERIFY(f.add(0, 1500));
        FaultProxy proxy;
        const QUrl partner(f.partner().capabilitiesUrl());
        QVERIFY(!proxy.start(partner, 7).isEmpty());
        FaultRule corrupt;
        corrupt.method = "GET";
        corrupt.path = QStringLiteral("/caom2/files/.*_raw\\.fits");
        corrupt.action = FaultAction::ReplaceBody;
        corrupt.code = 200;
        corrupt.contentType = "application/fits";
        corrupt.body = QByteArray(1500, 'x');
        proxy.setRules({corrupt});
        QCOMPARE(f.run(ArtifactMode::Discover).counts.queued, 6);
        auto request = f.request(ArtifactMode::Download);
        request.filesUrl = proxy.baseUrl() + QStringLiteral("/caom2/files");
        const auto run = f.run(request);
        QCOMPARE(run.counts.downloaded, 5);
        QCOMPARE(run.counts.failed, 1);
        const QString bad = ArtifactFixture::urisOf(0).at(0);
        QVERIFY(bad.endsWith(QStringLiteral("_raw.fits")));
        QVERIFY(!QFileInfo::exists(f.mirrorFile(bad)));
        QVERIFY(filesUnder(f.mirrorRoot(), true).isEmpty());
        const auto row = queued(f.store(), request.target.harvestSource, bad);
        QVERIFY(row);
        QVERIFY2(row->errorMessage.startsWith(QStringLiteral("checksum mismatch: the bytes received")),
                 qPrintable(row->errorMessage));
        QCOMPARE(row->reasonClass, QStringLiteral("checksum"));
        QVERIFY(row->tryAfter.value_or(0) > QDateTime::currentMSecsSinceEpoch());
    }

    // Scenario 39: every body is cut at a random offset; each transfer resumes with Range where it stopped
    // and ends verified.
    void cutTransfersResume_data() { addEngineColumn(); }
    void cutTransfersResume()
    {
        QFETCH(QString, engine);
        ArtifactFixture f(engine);
        QVERIFY(f.start());
        constexpr qint64 size = 64 * 1024;
        QVERIFY(f.add(0, size));
        QVERIFY(f.add(1, size));
        FaultProxy proxy;
        QVERIFY(!proxy.start(QUrl(f.partner().capabilitiesUrl()), 9).isEmpty());
        QList<FaultRule> rules;
        const quint32 seed = QRandomGenerator::global()->generate();
        qInfo("cut offsets from seed %u", seed);
        QRandomGenerator random(seed);
        QStringList uris = ArtifactFixture::urisOf(0) + ArtifactFixture::urisOf(1);
        for (const QString &uri : uris) {
            FaultRule cut;
            cut.method = "GET";
            cut.path = QRegularExpression::escape(QStringLiteral("/caom2/files/") + *artifact::relativePathFor(uri));
            cut.times = 1;
            cut.action = FaultAction::Truncate;
            cut.bytes = 1 + random.bounded(size - 2);
            cut.framing = TruncateFraming::ContentLength;
            rules << cut;
        }
        proxy.setRules(rules);
        QCOMPARE(f.run(ArtifactMode::Discover).counts.queued, 12);
        auto request = f.request(ArtifactMode::Download);
        request.filesUrl = proxy.baseUrl() + QStringLiteral("/caom2/files");
        const auto run = f.run(request);
        QCOMPARE(run.counts.failed, 0);
        QCOMPARE(run.counts.downloaded, 12);
        QCOMPARE(run.counts.bytes, 12 * size); // each byte fetched once: the resumes asked only for the rest
        for (const QString &uri : uris)
            QCOMPARE(ArtifactFixture::md5Of(f.mirrorFile(uri)), ArtifactFixture::expectedMd5(uri, size));
        int resumed = 0;
        for (const auto &entry : proxy.journal())
            resumed += entry.status == 206 ? 1 : 0;
        QCOMPARE(resumed, 12);
        QCOMPARE(run.counts.retries, 12); // each cut transfer resumed once, and the run says so
        QVERIFY(filesUnder(f.mirrorRoot(), true).isEmpty());
    }

    // Disk errors: a write that fails (here the file-size limit, as a full disk would) ends the file's transfer
    // with an error naming the file and its cause, and leaves neither a partial nor a final file.
    void writeFailureLeavesNothing()
    {
        ArtifactFixture f(QStringLiteral("sqlite"));
        QVERIFY(f.start());
        QVERIFY(f.add(0, 200 * 1024));
        const QString uri = ArtifactFixture::urisOf(0).at(0);
        auto request = f.request(ArtifactMode::Download);
        auto url = harvest::artifactSourceUrl(request, uri);
        QVERIFY(url);
        auto root = artifact::ArtifactRoot::open(f.mirrorRoot(), false);
        auto target = root->prepare(*artifact::relativePathFor(uri));
        QVERIFY(target);
        auto copy = store::ArtifactIndex(f.store()).find(QStringLiteral("HST"), uri);
        QVERIFY(copy && *copy);
        net::HttpClient http(request.target.http);
        harvest::ArtifactFetch fetch{uri, *url, *target, (*copy)->checksum, (*copy)->contentLength, nullptr, {}};

        std::signal(SIGXFSZ, SIG_IGN);
        rlimit before{};
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &before), 0);
        rlimit small = before;
        small.rlim_cur = 64 * 1024;
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
        auto fetched = harvest::fetchArtifact(http, fetch);
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &before), 0);
        QVERIFY(!fetched);
        QCOMPARE(fetched.error().category, mirror::ErrorCategory::Io);
        const QString message = QString::fromStdString(fetched.error().message);
        QVERIFY2(message.contains(artifact::ArtifactRoot::partialPathFor(*target))
                     && message.contains(QStringLiteral("too large")),
                 qPrintable(message));
        QVERIFY(!QFileInfo::exists(*target));
        QVERIFY(!QFileInfo::exists(artifact::ArtifactRoot::partialPathFor(*target)));
        // The same fetch with room to write succeeds.
        QVERIFY(harvest::fetchArtifact(http, fetch));
        QCOMPARE(ArtifactFixture::md5Of(*target), ArtifactFixture::expectedMd5(uri, 200 * 1024));
    }

    // A full disk during a download job: the artifact root on a small tmpfs when this process may mount one
    // (root), otherwise the file-size limit standing in for it (the store's own files stay far below it). The
    // files that fit are installed and recorded; each one that does not fails with its path and the system's
    // reason, stays queued, and leaves neither a partial nor a final file. With room again, the next download
    // completes and every file is verified.
    void fullDiskFailsCleanlyAndTheNextRunCompletes()
    {
        // May a tmpfs be mounted here? Without one, the limit applies to every file this process writes, so the
        // mirror's store is then PostgreSQL (its writes go to the server, not to a file of ours).
        bool canMount = false;
        {
            QTemporaryDir probe;
            const QByteArray path = QFile::encodeName(probe.path());
            canMount = ::mount("tmpfs", path.constData(), "tmpfs", 0, "size=64k") == 0;
            if (canMount)
                ::umount2(path.constData(), MNT_DETACH);
        }
        ArtifactFixture f(canMount ? QStringLiteral("sqlite") : QStringLiteral("postgresql"));
        QVERIFY(f.start());
        constexpr qint64 size = 512 * 1024;
        QStringList uris;
        for (std::uint64_t i = 0; i < 3; ++i) { // at least three files: more than the 1.2 MB below
            QVERIFY(f.add(i, size));
            uris << ArtifactFixture::urisOf(i);
        }
        QVERIFY(f.run(ArtifactMode::Discover).outcome == store::RunOutcome::Succeeded);
        const QByteArray root = QFile::encodeName(f.mirrorRoot());
        const bool tmpfs = canMount && ::mount("tmpfs", root.constData(), "tmpfs", 0, "size=1200k") == 0;
        struct Unmount {
            QByteArray path;
            bool mounted;
            ~Unmount()
            {
                if (mounted)
                    ::umount2(path.constData(), MNT_DETACH);
            }
        } unmount{root, tmpfs};
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit before{};
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &before), 0);
        if (!tmpfs) {
            qInfo("cannot mount a tmpfs here: the file-size limit stands in for a full disk");
            rlimit small = before;
            small.rlim_cur = size / 2;
            QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
        }
        auto request = f.request(ArtifactMode::Download);
        request.backoffBase = std::chrono::milliseconds(0); // due again at once, for the second run
        request.transfersPerHost = 2;
        const harvest::ArtifactReport full = f.run(request);
        if (!tmpfs)
            QCOMPARE(::setrlimit(RLIMIT_FSIZE, &before), 0);
        QCOMPARE(full.exitCode(), 1);
        QVERIFY(full.counts.failed > 0);
        QCOMPARE(full.counts.downloaded + full.counts.failed, qint64(uris.size()));
        for (const QString &failure : full.failures)
            QVERIFY2(failure.contains(f.mirrorRoot())
                         && (failure.contains(QStringLiteral("No space left on device"))
                             || failure.contains(QStringLiteral("too large"))),
                     qPrintable(failure));
        QVERIFY2(filesUnder(f.mirrorRoot(), true).isEmpty(), qPrintable(filesUnder(f.mirrorRoot(), true).join(u',')));
        // What got its name is right and recorded; what failed is not there and stays queued.
        store::ArtifactCopyStore copies(f.store());
        const QStringList installed = filesUnder(f.mirrorRoot(), false);
        QCOMPARE(installed.size(), int(full.counts.downloaded));
        for (const QString &uri : uris) {
            const QString path = f.mirrorFile(uri);
            if (QFileInfo::exists(path)) {
                QCOMPARE(ArtifactFixture::md5Of(path), ArtifactFixture::expectedMd5(uri, size));
                QVERIFY(copies.get(uri)->has_value());
            } else {
                QVERIFY(!copies.get(uri)->has_value());
            }
        }

        // Room again.
        if (tmpfs)
            QCOMPARE(::mount("tmpfs", root.constData(), "tmpfs", MS_REMOUNT, "size=16m"), 0);
        const harvest::ArtifactReport again = f.run(request);
        QCOMPARE(again.exitCode(), 0);
        QCOMPARE(again.counts.downloaded, full.counts.failed);
        for (const QString &uri : uris)
            QCOMPARE(ArtifactFixture::md5Of(f.mirrorFile(uri)), ArtifactFixture::expectedMd5(uri, size));
        QVERIFY(filesUnder(f.mirrorRoot(), true).isEmpty());
    }

    // Scenario 43: a missing file, a wrong-size file, a file with wrong bytes, and a file no artifact names.
    // Depth 1 sees three of them, depth 2 all four; missing and corrupt ones are queued; the findings are
    // discrepancies of their own classes; a download repairs them and validate then finds only the stray.
    void validateAtDepths_data() { addEngineColumn(); }
    void validateAtDepths()
    {
        QFETCH(QString, engine);
        ArtifactFixture f(engine);
        QVERIFY(f.start());
        for (std::uint64_t i = 0; i < 3; ++i)
            QVERIFY(f.add(i, 4096));
        QCOMPARE(f.run(ArtifactMode::Discover).counts.queued, 18);
        QCOMPARE(f.run(ArtifactMode::Download).counts.downloaded, 18);
        auto clean = f.request(ArtifactMode::Validate);
        clean.depth = 2;
        const auto first = f.run(clean);
        QCOMPARE(first.outcome, store::RunOutcome::Succeeded);
        QCOMPARE(first.counts.examined, 18);
        QCOMPARE(first.counts.findings, 0);
        QCOMPARE(first.exitCode(), 0);

        const QStringList uris = ArtifactFixture::urisOf(1);
        QVERIFY(QFile::remove(f.mirrorFile(uris[0])));       // missing
        QVERIFY(QFile::resize(f.mirrorFile(uris[1]), 100));  // wrong size
        QVERIFY(overwriteByte(f.mirrorFile(uris[2]), 2000)); // wrong bytes, right size
        const QString stray = f.mirrorFile(uris[3]) + QStringLiteral(".old");
        QVERIFY(QFile::copy(f.mirrorFile(uris[3]), stray)); // no artifact names it

        auto shallow = f.request(ArtifactMode::Validate);
        shallow.depth = 1;
        const auto one = f.run(shallow);
        QCOMPARE(one.exitCode(), 1);
        QCOMPARE(one.counts.findings, 3);
        std::map<harvest::ArtifactFindingClass, QStringList> found;
        for (const auto &finding : one.findings)
            found[finding.cls] << (finding.uri.isEmpty() ? finding.path : finding.uri);
        QCOMPARE(found[harvest::ArtifactFindingClass::Missing], QStringList{uris[0]});
        QCOMPARE(found[harvest::ArtifactFindingClass::Corrupt], QStringList{uris[1]});
        QCOMPARE(found[harvest::ArtifactFindingClass::Unexpected],
                 QStringList{*artifact::relativePathFor(uris[3]) + QStringLiteral(".old")});
        QCOMPARE(one.counts.queued, 2);

        auto deep = f.request(ArtifactMode::Validate);
        deep.depth = 2;
        const auto two = f.run(deep);
        QCOMPARE(two.counts.findings, 4);
        QCOMPARE(two.counts.queued, 1); // the wrong bytes; the other two were queued already
        // The findings are discrepancies the Discrepancies view lists, by class, replacing depth 1's.
        auto counts = store::DiscrepancyStore(f.store()).counts(QStringLiteral("PARTNER"), QStringLiteral("HST"));
        QVERIFY(counts);
        std::map<QString, qint64> byClass;
        for (const auto &c : *counts)
            byClass[store::discrepancyClassName(c.cls)] += c.count;
        QCOMPARE(byClass,
                 (std::map<QString, qint64>{{QStringLiteral("artifact-corrupt"), 2},
                                            {QStringLiteral("artifact-missing"), 1},
                                            {QStringLiteral("artifact-unexpected"), 1}}));
        // A metadata validate replaces its own findings and leaves these alone.
        auto cleared = store::DiscrepancyStore(f.store()).clear(QStringLiteral("PARTNER"), QStringLiteral("HST"));
        QVERIFY(cleared);
        QCOMPARE(*cleared, 0);
        auto copy = store::ArtifactCopyStore(f.store()).get(uris[2]);
        QCOMPARE((*copy)->state, store::ArtifactCopyState::corrupt);

        // The queued files are fetched again (the corrupt ones replaced), and validate agrees.
        const auto repair = f.run(ArtifactMode::Download);
        QCOMPARE(repair.counts.downloaded, 3);
        const auto after = f.run(deep);
        QCOMPARE(after.counts.findings, 1);
        QCOMPARE(after.findings.front().cls, harvest::ArtifactFindingClass::Unexpected);
        QVERIFY(QFileInfo::exists(stray)); // reported, never deleted
    }

    // Depth 3 and diff (scenario 44): the partner's current metadata against the files. A file whose partner
    // metadata changed is stale; an artifact the partner has and we lack is missing from storage; a file the
    // partner does not describe is reported. Diff writes nothing.
    void depthThreeAndDiffAgainstThePartner_data() { addEngineColumn(); }
    void depthThreeAndDiffAgainstThePartner()
    {
        QFETCH(QString, engine);
        ArtifactFixture f(engine);
        QVERIFY(f.start());
        for (std::uint64_t i = 0; i < 3; ++i)
            QVERIFY(f.add(i, 1024));
        QCOMPARE(f.run(ArtifactMode::Discover).counts.queued, 18);
        QCOMPARE(f.run(ArtifactMode::Download).counts.downloaded, 18);
        QVERIFY(f.add(2, 1024, {}, true, 2)); // the partner re-processed observation 2: new bytes, new checksums
        QVERIFY(f.add(3, 1024, {}, true));    // and has a new one we have not harvested
        auto deep = f.request(ArtifactMode::Validate);
        deep.depth = 3;
        const auto three = f.run(deep);
        QCOMPARE(three.counts.findings, 6);
        for (const auto &finding : three.findings) {
            QCOMPARE(finding.cls, harvest::ArtifactFindingClass::Stale);
            QVERIFY(ArtifactFixture::urisOf(2).contains(finding.uri));
        }

        const QString key = f.request(ArtifactMode::Diff).target.harvestSource;
        const auto queueBefore = queue(f.store(), key).size();
        const auto diff = f.run(ArtifactMode::Diff);
        QCOMPARE(diff.outcome, store::RunOutcome::Succeeded);
        QCOMPARE(diff.counts.examined, 24);
        std::map<harvest::ArtifactFindingClass, QStringList> found;
        for (const auto &finding : diff.findings)
            found[finding.cls] << finding.uri;
        QStringList expectedMissing = ArtifactFixture::urisOf(3);
        expectedMissing.sort();
        found[harvest::ArtifactFindingClass::Missing].sort();
        QCOMPARE(found[harvest::ArtifactFindingClass::Missing], expectedMissing);
        QCOMPARE(found[harvest::ArtifactFindingClass::Stale].size(), 6);
        QCOMPARE(queue(f.store(), key).size(), queueBefore);
    }
};

QTEST_GUILESS_MAIN(TestArtifactSync)
#include "tst_artifact_sync.moc"
