#include "demo/demo_store.h"

#include "caom2/checksum.h"
#include "caom2/xml_reader.h"
#include "demo/demo_content.h"
#include "demo/demo_partners.h"
#include "demo/demo_publications.h"
#include "demo/demo_sync_state.h"
#include "store/batch_writer.h"
#include "store/observation_store.h"
#include "store/schema.h"
#include "store/store.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <mutex>
#include <thread>

namespace demo {

namespace {

constexpr int contentVersion = 6; // 2: what the demo partners list; 3: their other version is a reprocessing;
                                  // 4: proposals and publications; 5: proposals as their documents give them;
                                  // 6: artifacts describe the files the demo partners publish

mirror::Error cancelled()
{
    return mirror::Error{mirror::ErrorCategory::Fatal, "building the demo store was cancelled"};
}

bool isCancelled(const std::atomic<bool> *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

void removeStoreFiles(const QString &path)
{
    for (const char *suffix : {"", "-wal", "-shm", "-journal"})
        QFile::remove(path + QLatin1String(suffix));
}

// Reports progress from any thread, at most every 100 ms (and always the last step of a phase).
class ProgressReporter {
public:
    explicit ProgressReporter(ProgressCallback callback) : m_callback(std::move(callback)) {}

    void report(const QString &phase, qint64 done, qint64 total, bool force = false)
    {
        if (!m_callback)
            return;
        const std::lock_guard lock(m_mutex);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (!force && now - m_last < 100 && done < total)
            return;
        m_last = now;
        m_callback(DemoProgress{phase, done, total});
    }

private:
    ProgressCallback m_callback;
    std::mutex m_mutex;
    qint64 m_last = 0;
};

struct Totals {
    qint64 generated = 0;
    qint64 all = 0;
};

Totals plannedTotals()
{
    Totals totals;
    for (const GeneratedCollection &collection : generatedCollections())
        totals.generated += static_cast<qint64>(collection.count);
    totals.all = totals.generated + sampleFiles().size() + 1; // + the sync state, one step
    return totals;
}

// Generates every collection on two threads (the machine's cores) feeding the store's one writer.
mirror::Result<std::vector<TroubledObservation>> writeGenerated(const std::shared_ptr<store::Store> &store,
                                                                ProgressReporter &progress, const Totals &totals,
                                                                const std::atomic<bool> *cancel)
{
    std::vector<TroubledObservation> troubled;
    std::mutex troubledMutex;
    std::atomic<qint64> committed{0};
    store::BatchWriter writer(store, store::BatchWriter::Options{250, std::chrono::milliseconds(200), 1000});
    writer.setCommittedCallback([&](std::size_t count) {
        const qint64 done = committed += static_cast<qint64>(count);
        progress.report(QStringLiteral("Writing generated observations"), done, totals.all);
    });
    std::vector<std::pair<const GeneratedCollection *, std::uint64_t>> work;
    for (const GeneratedCollection &collection : generatedCollections()) {
        for (std::uint64_t index = 0; index < collection.count; ++index)
            work.emplace_back(&collection, index);
    }
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    mirror::Error failure;
    std::mutex failureMutex;
    const auto prepareSome = [&] {
        for (std::size_t at = next++; at < work.size() && !failed && !isCancelled(cancel); at = next++) {
            const auto [collection, index] = work[at];
            caom2::Observation o = demoObservation(*collection, index);
            const DemoTrouble trouble = troubleOf(*collection, index);
            QString state = store::ObservationState::ok;
            if (trouble == DemoTrouble::Stale)
                state = store::ObservationState::stale;
            else if (trouble == DemoTrouble::Differs)
                state = store::ObservationState::differs;
            if (trouble != DemoTrouble::None) {
                const std::lock_guard lock(troubledMutex);
                troubled.push_back({collection, index, trouble, QString::fromStdString(o.observationID),
                                    QString::fromStdString(o.accMetaChecksum.value_or(std::string())),
                                    o.maxLastModified ? o.maxLastModified->msSinceEpoch : 0});
            }
            auto prepared = store::prepareUpsert(store::UpsertItem(std::move(o), collection->source, state, 24));
            if (!prepared) {
                const std::lock_guard lock(failureMutex);
                failure = prepared.error();
                failed = true;
                return;
            }
            writer.submit(std::move(prepared).value());
        }
    };
    std::thread helper(prepareSome);
    prepareSome();
    helper.join();
    const auto failures = writer.flush();
    if (failed)
        return failure;
    if (!failures.empty())
        return failures.front().error;
    if (isCancelled(cancel))
        return cancelled();
    // Sorted so the sync state is written in the same order on every machine.
    std::sort(troubled.begin(), troubled.end(), [](const TroubledObservation &a, const TroubledObservation &b) {
        return std::tie(a.collection->collection, a.index) < std::tie(b.collection->collection, b.index);
    });
    return troubled;
}

// The real samples: stored when their checksums verify, otherwise refused into the skip list, as a harvest
// would.
mirror::Result<std::vector<RefusedSample>> writeSamples(const std::shared_ptr<store::Store> &store,
                                                        ProgressReporter &progress, const Totals &totals,
                                                        const std::atomic<bool> *cancel)
{
    std::vector<RefusedSample> refused;
    std::vector<store::UpsertItem> accepted;
    const QStringList files = sampleFiles();
    for (qsizetype i = 0; i < files.size(); ++i) {
        if (isCancelled(cancel))
            return cancelled();
        QFile file(files[i]);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray xml = file.readAll();
        caom2::ReadResult read =
            caom2::readObservation(std::string_view(xml.constData(), static_cast<std::size_t>(xml.size())),
                                   QFileInfo(files[i]).fileName().toStdString());
        progress.report(QStringLiteral("Importing the CAOM samples"), totals.generated + i + 1, totals.all);
        if (!read.ok)
            continue;
        caom2::Observation &o = read.document.observation;
        const QString collection = QString::fromStdString(o.collection);
        const caom2::Verification verification = caom2::verifyChecksums(o);
        if (!verification.ok()) {
            const caom2::EntityVerification &cause = verification.entities[*verification.firstMismatch];
            const bool meta = !cause.metaAgrees();
            refused.push_back(
                {sampleSource(collection), collection, QString::fromStdString(o.observationID),
                 QStringLiteral("%1 %2: stored %3 %4, the content gives %5")
                     .arg(QString::fromUtf8(caom2::toString(cause.kind)), QString::fromStdString(cause.id.toString()),
                          meta ? QStringLiteral("metaChecksum") : QStringLiteral("accMetaChecksum"),
                          QString::fromStdString(meta ? cause.storedMetaText : cause.storedAccText),
                          QString::fromStdString(meta ? cause.metaChecksum() : cause.accMetaChecksum())),
                 o.maxLastModified ? o.maxLastModified->msSinceEpoch : 0});
            continue;
        }
        caom2::assignChecksums(o); // entities without stored values (older documents) get theirs
        accepted.emplace_back(std::move(o), sampleSource(collection), store::ObservationState::ok,
                              read.document.caomVersion);
    }
    store::ObservationStore observations(store);
    if (auto written = observations.upsert(accepted); !written)
        return written.error();
    return refused;
}

mirror::Result<void> finish(const std::shared_ptr<store::Store> &store)
{
    QSqlDatabase db = store->database();
    QSqlQuery query(db);
    // The content version marks a finished demo; the checkpoint moves everything out of the write-ahead log
    // into the file that is renamed into place.
    if (!query.exec(QStringLiteral("PRAGMA user_version = %1").arg(contentVersion))
        || !query.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")))
        return store::sqlError(QStringLiteral("cannot finish the demo store"), query.lastError());
    return {};
}

} // namespace

QString defaultDemoStorePath()
{
    QString cacheHome = qEnvironmentVariable("XDG_CACHE_HOME");
    if (cacheHome.isEmpty() || !QDir::isAbsolutePath(cacheHome))
        cacheHome = QDir::homePath() + QStringLiteral("/.cache");
    return cacheHome + QStringLiteral("/caom-mirror/demo.sqlite");
}

int demoContentVersion()
{
    return contentVersion;
}

bool demoStoreIsCurrent(const QString &path)
{
    if (!QFileInfo::exists(path))
        return false;
    const QString name = QStringLiteral("demo-check-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool current = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery query(db);
            const bool versionRead = query.exec(QStringLiteral("PRAGMA user_version")) && query.next();
            const int content = versionRead ? query.value(0).toInt() : 0;
            const bool schemaRead =
                query.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) && query.next();
            const int schema = schemaRead ? query.value(0).toInt() : 0;
            current = content == contentVersion && schema == store::latestSchemaVersion();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return current;
}

mirror::Result<void> buildDemoStore(const QString &path, const ProgressCallback &callback,
                                    const std::atomic<bool> *cancel)
{
    ProgressReporter progress(callback);
    const Totals totals = plannedTotals();
    progress.report(QStringLiteral("Preparing the demo store"), 0, totals.all, true);
    const QString partial = path + QStringLiteral(".partial");
    removeStoreFiles(partial);
    mirror::Result<void> built = [&]() -> mirror::Result<void> {
        store::StoreLocation location;
        location.sqlitePath = partial;
        auto opened = store::Store::open(location);
        if (!opened)
            return opened.error();
        const std::shared_ptr<store::Store> store = opened.value();
        auto troubled = writeGenerated(store, progress, totals, cancel);
        if (!troubled)
            return troubled.error();
        auto refused = writeSamples(store, progress, totals, cancel);
        if (!refused)
            return refused.error();
        if (isCancelled(cancel))
            return cancelled();
        progress.report(QStringLiteral("Writing sync state"), totals.all - 1, totals.all, true);
        if (auto state = writeSyncState(store, troubled.value(), refused.value(), QDateTime::currentMSecsSinceEpoch());
            !state)
            return state;
        if (auto listed = writePartnerListings(store); !listed)
            return listed;
        if (auto linked = writeDemoPublications(store, false); !linked)
            return linked;
        return finish(store);
    }();
    if (!built) {
        removeStoreFiles(partial);
        return built;
    }
    removeStoreFiles(path);
    if (!QFile::rename(partial, path)) {
        removeStoreFiles(partial);
        return mirror::Error{mirror::ErrorCategory::Io,
                             "cannot move the demo store into place at " + path.toStdString()};
    }
    removeStoreFiles(partial);
    progress.report(QStringLiteral("Demo store ready"), totals.all, totals.all, true);
    return {};
}

mirror::Result<QString> ensureDemoStore(const QString &path, const ProgressCallback &progress,
                                        const std::atomic<bool> *cancel)
{
    if (demoStoreIsCurrent(path))
        return path;
    if (auto built = buildDemoStore(path, progress, cancel); !built)
        return built.error();
    return path;
}

} // namespace demo
