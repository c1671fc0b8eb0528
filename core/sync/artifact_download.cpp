// Download (spec caom2-sync.md §3.4, Ours): the due rows of the download queue, fetched by a few transfer
// threads per host, each file verified before it is installed; the store is written on this thread only.
#include "artifact/artifact_path.h"
#include "common/logging.h"
#include "net/retry_delay.h"
#include "store/artifact_copy_store.h"
#include "store/artifact_index.h"
#include "store/skip_record_store.h"
#include "sync/artifact_fetch.h"
#include "sync/artifact_passes.h"

#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

namespace harvest::detail {

namespace {

struct Work {
    QString uri;
    std::string url;
    QString target;
    QString checksum;
    std::optional<qint64> length;
    int attemptsBefore = 1; // the queue row's attempts (the discover that queued it counts as one)
};

struct Done {
    Work work;
    mirror::Result<FetchedFile> result = FetchedFile{};
    bool adopted = false; // the file was already in place with the right bytes
    qint64 received = 0;  // bytes over the network, every attempt of this run
    qint64 retries = 0;   // requests tried again: the HTTP client's, and transfers resumed after a break
};

// Work in, results out, between this thread and the transfer threads.
class TransferQueues {
public:
    void push(Work work)
    {
        std::lock_guard lock(m_mutex);
        m_work.push_back(std::move(work));
        m_workReady.notify_one();
    }
    std::optional<Work> take()
    {
        std::unique_lock lock(m_mutex);
        m_workReady.wait(lock, [&] { return !m_work.empty() || m_closed; });
        if (m_work.empty())
            return std::nullopt;
        Work work = std::move(m_work.front());
        m_work.pop_front();
        return work;
    }
    void close()
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_workReady.notify_all();
    }
    void finished(Done done)
    {
        std::lock_guard lock(m_mutex);
        m_done.push_back(std::move(done));
        m_doneReady.notify_one();
    }
    std::vector<Done> results(std::chrono::milliseconds wait)
    {
        std::unique_lock lock(m_mutex);
        m_doneReady.wait_for(lock, wait, [&] { return !m_done.empty(); });
        std::vector<Done> out(std::make_move_iterator(m_done.begin()), std::make_move_iterator(m_done.end()));
        m_done.clear();
        return out;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_workReady;
    std::condition_variable m_doneReady;
    std::deque<Work> m_work;
    std::deque<Done> m_done;
    bool m_closed = false;
};

// The bandwidth limit of all transfers together: each received piece books its time on one shared clock and
// its transfer waits (in the body callback, so TCP holds the sender back) until that time comes. libcurl's own
// per-transfer limit lets a small file through at full speed, so it cannot cap many small files.
class Pacer {
public:
    explicit Pacer(qint64 bytesPerSecond) : m_rate(bytesPerSecond) {}
    void take(qint64 bytes, const std::atomic<bool> *cancelled)
    {
        if (m_rate <= 0)
            return;
        std::chrono::steady_clock::time_point due;
        {
            std::lock_guard lock(m_mutex);
            const auto now = std::chrono::steady_clock::now();
            // Idle time is not saved up: at most a quarter second of burst.
            m_next = std::max(m_next, now - std::chrono::milliseconds(250));
            m_next += std::chrono::microseconds(bytes * 1'000'000 / m_rate);
            due = m_next;
        }
        while (std::chrono::steady_clock::now() < due && !(cancelled && cancelled->load()))
            std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
                due - std::chrono::steady_clock::now(), std::chrono::milliseconds(100)));
    }

private:
    const qint64 m_rate;
    std::mutex m_mutex;
    std::chrono::steady_clock::time_point m_next{};
};

// One transfer thread's handling of a file: adopt a file already in place with the right bytes, else fetch it,
// trying again in this run when the transfer broke off (the partial file is resumed).
Done transfer(net::HttpClient &http, const ArtifactRequest &r, const Work &work, const std::atomic<bool> *cancelled,
              std::atomic<qint64> &bytes, Pacer &pacer)
{
    Done done{work};
    const QFileInfo existing(work.target);
    if (existing.isFile() && (!work.length || existing.size() == *work.length)) {
        const auto spec = parseChecksum(work.checksum);
        auto hashed =
            spec ? hashFile(work.target, spec->algorithm, cancelled) : mirror::Result<QByteArray>(QByteArray());
        if (hashed && spec && *hashed == spec->hex) {
            done.adopted = true;
            return done;
        }
    }
    const auto received = [&bytes, &done, &pacer, cancelled](qint64 n) {
        bytes += n;
        done.received += n;
        pacer.take(n, cancelled);
    };
    ArtifactFetch fetch{work.uri, work.url, work.target, work.checksum, work.length, cancelled, received};
    fetch.headFirst = !work.length || *work.length >= r.headAbove;
    fetch.syncDirectory = false; // once per directory and batch, before the batch is recorded
    fetch.deferInstall = true;   // one syncfs for the batch's data, then the renames (downloadArtifacts)
    auto pause = r.retryPause;
    const std::int64_t retriesBefore = http.retries();
    for (int attempt = 1;; ++attempt) {
        done.result = fetchArtifact(http, fetch);
        done.retries = http.retries() - retriesBefore + (attempt - 1);
        if (done.result || done.result.error().category != mirror::ErrorCategory::Transient
            || attempt >= r.attemptsPerRun || !net::detail::interruptibleSleep(pause, cancelled))
            return done;
        pause *= 2;
    }
}

class ProgressMeter {
public:
    ProgressMeter(const ArtifactProgressSink &sink, qint64 files, qint64 bytes)
        : m_sink(sink),
          m_files(files),
          m_bytes(bytes)
    {}
    void report(qint64 filesDone, qint64 bytesDone, bool force = false)
    {
        const auto now = std::chrono::steady_clock::now();
        if (!m_sink || (!force && now - m_last < std::chrono::seconds(1)))
            return;
        m_last = now;
        m_samples.emplace_back(now, bytesDone);
        while (m_samples.size() > 2 && now - m_samples.front().first > std::chrono::seconds(10))
            m_samples.pop_front();
        ArtifactProgress p;
        p.phase = QStringLiteral("downloading");
        p.filesDone = filesDone;
        p.filesTotal = m_files;
        p.bytesDone = bytesDone;
        p.bytesTotal = m_bytes;
        const double span = std::chrono::duration<double>(now - m_samples.front().first).count();
        if (span > 0)
            p.bytesPerSecond = double(bytesDone - m_samples.front().second) / span;
        // An ETA only once the rate rests on a few seconds of transfers.
        if (span >= 3 && p.bytesPerSecond > 0 && m_bytes > bytesDone)
            p.etaSeconds = static_cast<qint64>(double(m_bytes - bytesDone) / p.bytesPerSecond);
        m_sink(p);
    }

private:
    const ArtifactProgressSink &m_sink;
    qint64 m_files;
    qint64 m_bytes;
    std::chrono::steady_clock::time_point m_last{};
    std::deque<std::pair<std::chrono::steady_clock::time_point, qint64>> m_samples;
};

} // namespace

mirror::Result<void> downloadArtifacts(ArtifactContext &c)
{
    const ArtifactRequest &r = c.request;
    const QString &key = r.target.harvestSource;
    auto root = openRoot(r, true);
    if (!root)
        return mirror::Error{mirror::ErrorCategory::Fatal, root.error().message};
    store::ArtifactIndex index(c.store);
    store::SkipRecordStore skips(c.store, c.clock);
    store::ArtifactCopyStore copies(c.store, c.clock);
    const qint64 runStart = c.clock();
    auto size = index.queueSize(key, runStart);
    if (!size)
        return size.error();

    const int threads = std::max(1, r.transfersPerHost);
    net::HttpOptions http = r.target.http;
    http.totalTimeout = std::chrono::milliseconds(0); // large files take as long as they take; low-speed guards
    Pacer pacer(r.bandwidthBytesPerSecond);
    TransferQueues queues;
    std::atomic<qint64> bytes{0};
    std::vector<std::thread> workers;
    for (int i = 0; i < threads; ++i)
        workers.emplace_back([&] {
            net::HttpClient client(http);
            while (auto work = queues.take()) {
                // Paused: the transfers under way finish, no new one starts (work in hand waits here).
                while (c.control.paused() && !c.control.cancelled())
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
                queues.finished(transfer(client, r, *work, c.control.cancelFlag(), bytes, pacer));
            }
        });
    // However this pass ends, the transfer threads stop (a cancelled transfer returns within 200 ms).
    struct Joiner {
        TransferQueues &queues;
        std::vector<std::thread> &workers;
        ~Joiner()
        {
            queues.close();
            for (auto &w : workers)
                w.join();
        }
    } joiner{queues, workers};

    ProgressMeter meter(c.progress, size->files, size->bytes);
    QSet<QString> seen;
    std::deque<store::SkipRecord> pending;
    std::map<QString, store::IndexedArtifact> indexedPage; // the artifacts and copies of the rows in `pending`
    std::map<QString, store::ArtifactCopy> copiesPage;
    bool exhausted = false;
    int inFlight = 0;          // handed to the transfers, result not yet taken
    std::vector<Done> waiting; // results held for the next batch
    std::chrono::steady_clock::time_point heldSince;
    qint64 filesDone = 0;
    mirror::Result<void> outcome;

    const auto fail = [&](const QString &uri, int attemptsBefore, const mirror::Error &error) -> mirror::Result<void> {
        store::SkipFailure row;
        row.source = key;
        row.cname = store::HarvestEntity::artifact;
        row.skipID = uri;
        row.tryAfter = c.clock() + artifactBackoff(r, attemptsBefore).count();
        row.errorMessage = QString::fromStdString(error.message);
        row.reason = error.category;
        ++c.report.counts.failed;
        if (c.report.failures.size() < 100)
            c.report.failures << uri + QStringLiteral(": ") + row.errorMessage;
        qCInfo(lcSync, "artifact %s failed: %s", qPrintable(uri), error.message.c_str());
        auto recorded = skips.record(row);
        return recorded ? mirror::Result<void>() : mirror::Result<void>(recorded.error());
    };
    const auto installed = [&](const Work &w) -> mirror::Result<void> {
        QSqlDatabase db = c.store->database();
        store::Transaction transaction(db);
        store::ArtifactCopy copy{w.uri, w.target, w.length, w.checksum, c.clock(), store::ArtifactCopyState::verified};
        if (auto ok = copies.upsert(copy); !ok)
            return ok;
        if (auto removed = skips.remove(db, key, store::HarvestEntity::artifact, w.uri); !removed)
            return removed.error();
        return transaction.commit();
    };

    while (true) {
        // Results first: the store learns of every installed file before more work goes out.
        // One transaction for every result that came in together: a commit per small file would cost more
        // than its transfer. A kill before the commit leaves installed files without records: the next run
        // finds them in place, hashes and adopts them.
        // Results are held until a batch is worth its syncs and its commit (64 files, or the oldest has waited
        // 200 ms, or nothing is in flight); the transfers go on meanwhile, fed from a deeper queue of work.
        for (Done &done : queues.results(std::chrono::milliseconds(inFlight > 0 ? 100 : 0))) {
            if (waiting.empty())
                heldSince = std::chrono::steady_clock::now();
            --inFlight;
            waiting.push_back(std::move(done));
        }
        const bool flush = !waiting.empty()
            && (waiting.size() >= 64 || inFlight == 0 || !outcome || c.control.cancelled() || c.control.paused()
                || std::chrono::steady_clock::now() - heldSince >= std::chrono::milliseconds(200));
        std::vector<Done> results;
        if (flush)
            results.swap(waiting);
        // Installing a batch, crash-safe without a fsync per file (which cost more than a small file's transfer):
        // each transfer verified its file and started its writeback; one syncfs here puts the data of all of them
        // on disk, and only then do they get their final names, so a final name never points at bytes a crash
        // could lose. Their directories are synced once each below, before the store records the batch, so a
        // recorded file is never missing after a crash. A crash before a rename leaves a complete partial file,
        // which the next run fetches again; one after the renames and before the commit leaves files without
        // records, which the next run hashes and adopts.
        std::vector<Done *> verified;
        for (Done &done : results)
            if (done.result && !done.result->verifiedPartial.isEmpty())
                verified.push_back(&done);
        if (!verified.empty()) {
            const bool durable = syncFileSystem(root->path());
            for (Done *done : verified) {
                const QString partial = done->result->verifiedPartial;
                if (!durable && !syncFile(partial)) {
                    QFile::remove(partial);
                    done->result = mirror::Error{
                        mirror::ErrorCategory::Io,
                        QStringLiteral("cannot write %1: it could not be synced to disk").arg(partial).toStdString()};
                    continue;
                }
                if (auto installedFile = installVerified(partial, done->work.target); !installedFile)
                    done->result = installedFile.error();
            }
        }
        std::optional<store::Transaction> batch;
        if (!results.empty())
            batch.emplace(c.store->database());
        for (Done &done : results) {
            ++filesDone;
            c.report.counts.bytes += done.received;
            c.report.counts.retries += done.retries;
            mirror::Result<void> written;
            if (done.adopted) {
                ++c.report.counts.present;
                written = installed(done.work);
            } else if (done.result) {
                ++c.report.counts.downloaded;
                written = installed(done.work);
            } else if (done.result.error().category == mirror::ErrorCategory::Cancelled) {
                continue; // its queue row stays as it was; the partial file is resumed next time
            } else {
                written = fail(done.work.uri, done.work.attemptsBefore, done.result.error());
            }
            if (!written && outcome) {
                outcome = written;
                c.control.cancel(); // the store cannot record what is fetched: stop the transfers
            }
        }
        // The new names on disk before the store says the files are there.
        QSet<QString> directories;
        for (const Done &done : results)
            if (done.result && !done.adopted)
                directories.insert(done.work.target.left(done.work.target.lastIndexOf(QLatin1Char('/'))));
        for (const QString &directory : directories)
            if (!syncDirectory(directory))
                qCWarning(lcSync, "cannot sync the directory %s", qPrintable(directory));
        if (batch && outcome)
            if (auto committed = batch->commit(); !committed) {
                outcome = committed;
                c.control.cancel();
            }
        batch.reset();
        meter.report(filesDone, bytes.load());
        if (!outcome || c.control.cancelled()) {
            if (inFlight == 0 && waiting.empty())
                break;
            continue; // wait for the transfers to notice and return
        }
        if (!c.control.checkpoint())
            continue;
        // Keep every transfer thread busy while this thread syncs, renames and commits a batch (100 ms and more on a
        // busy disk, when a small file takes a transfer a few milliseconds): work in hand for all of that time.
        while (inFlight < std::max(16 * threads, 256) && (!pending.empty() || !exhausted)) {
            if (pending.empty()) {
                store::SkipQuery query;
                query.source = key;
                query.cname = store::HarvestEntity::artifact;
                query.dueBy = runStart;
                query.writtenBefore = runStart + 1; // rows this run rewrote (failures) are not taken again
                // Rows already handed out and not yet recorded come back too: the page reaches past them.
                query.limit = 200 + inFlight + static_cast<int>(waiting.size());
                auto rows = skips.list(query);
                if (!rows)
                    return rows.error();
                for (auto &row : *rows)
                    if (!seen.contains(row.skipID))
                        pending.push_back(std::move(row));
                if (pending.empty()) {
                    exhausted = true;
                    break;
                }
                // The page's artifacts and copies in two queries, not two per file.
                QStringList uris;
                for (const auto &row : pending)
                    uris << row.skipID;
                auto found = index.findAll(r.target.collection, uris);
                if (!found)
                    return found.error();
                auto held = copies.getAll(uris);
                if (!held)
                    return held.error();
                indexedPage = std::move(*found);
                copiesPage = std::move(*held);
            }
            store::SkipRecord row = std::move(pending.front());
            pending.pop_front();
            seen.insert(row.skipID);
            ++c.report.counts.examined;
            const auto indexed = indexedPage.find(row.skipID);
            if (indexed == indexedPage.end()) { // the metadata no longer has it (spec scenario 41)
                if (auto removed = skips.remove(key, store::HarvestEntity::artifact, row.skipID); !removed)
                    return removed.error();
                ++c.report.counts.obsolete;
                ++filesDone;
                continue;
            }
            const store::IndexedArtifact &a = indexed->second;
            const auto held = copiesPage.find(a.uri);
            const store::ArtifactCopy *copy = held == copiesPage.end() ? nullptr : &held->second;
            // One walk of the path (each directory checked for symbolic links), making the missing directories on
            // the way: the same answer for a file already here, and the place for one to fetch.
            const auto relative = artifact::relativePathFor(a.uri);
            auto target = relative ? root->prepare(*relative) : mirror::Result<QString>(relative.error());
            if (copy && copy->state == store::ArtifactCopyState::verified && copy->contentChecksum == a.checksum
                && copy->contentLength == a.contentLength && target && QFileInfo(*target).isFile()
                && (!a.contentLength || QFileInfo(*target).size() == *a.contentLength)) {
                // Already here as described: done without a transfer (spec scenario 40).
                if (auto removed = skips.remove(key, store::HarvestEntity::artifact, a.uri); !removed)
                    return removed.error();
                ++c.report.counts.present;
                ++filesDone;
                continue;
            }
            auto url = artifactSourceUrl(r, a.uri);
            const mirror::Result<void> refused = !url ? mirror::Result<void>(url.error())
                : !target                             ? mirror::Result<void>(target.error())
                : a.checksum.isEmpty()                ? mirror::Result<void>(
                      mirror::Error{mirror::ErrorCategory::PerItem,
                                    QString(a.uri
                                                           + QStringLiteral(": the metadata gives no checksum to verify "
                                                                                           "the file against"))
                                        .toStdString()})
                                       : mirror::Result<void>();
            if (!refused) {
                ++filesDone;
                if (auto recorded = fail(a.uri, row.attempts, refused.error()); !recorded)
                    return recorded;
                continue;
            }
            queues.push({a.uri, *url, *target, a.checksum, a.contentLength, row.attempts});
            ++inFlight;
        }
        if (exhausted && pending.empty() && inFlight == 0 && waiting.empty())
            break;
    }
    meter.report(filesDone, bytes.load(), true);
    if (!outcome)
        return outcome;
    if (c.control.cancelled())
        return cancelledError();
    return {};
}

} // namespace harvest::detail
