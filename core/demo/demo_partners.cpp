#include "demo/demo_partners.h"

#include "demo/demo_publications.h"
#include "store/observation_store.h"
#include "store/source_listing_store.h"
#include "store/store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace demo {

namespace {

constexpr int partnerContentVersion = 5; // 2: the other version is a reprocessing, not a new observation;
                                         // 3: a publications feed; 4: proposals as their documents give them;
                                         // 5: artifacts describe the files the partners publish (demo_files.h)
constexpr std::size_t batchSize = 500;

void removeStoreFiles(const QString &path)
{
    for (const char *suffix : {"", "-wal", "-shm", "-journal"})
        QFile::remove(path + QLatin1String(suffix));
}

// Every partner differs from the others in a few observations, and on purpose in different ones.
struct Quirks {
    std::uint64_t missingEvery = 0; // 0: never
    std::uint64_t missingAt = 0;
    std::uint64_t otherEvery = 0;
    std::uint64_t otherAt = 0;
    bool extras = false;
    bool demoDiffers = false; // holds the other version where the demo store recorded a difference
};

Quirks quirksOf(const QString &partner)
{
    if (partner == QLatin1String("MAST"))
        return {0, 0, 0, 0, false, true};
    if (partner == QLatin1String("CADC"))
        return {37, 5, 53, 7, false, false};
    return {23, 4, 97, 11, true, false}; // ESDC
}

} // namespace

QStringList demoPartnerNames()
{
    return {QStringLiteral("MAST"), QStringLiteral("CADC"), QStringLiteral("ESDC")};
}

std::optional<caom2::Observation> partnerCopy(const QString &partner, const GeneratedCollection &collection,
                                              std::uint64_t index)
{
    const Quirks quirks = quirksOf(partner);
    if (index >= collection.count)
        return quirks.extras && index < collection.count + partnerExtras
            ? std::optional(demoObservation(collection, index))
            : std::nullopt;
    if (quirks.missingEvery && index % quirks.missingEvery == quirks.missingAt)
        return std::nullopt;
    // The demo store's checksum discrepancies name the partner a validate compared the collection with: that
    // partner (and MAST, for both collections) holds the other version, so comparing from one finds it.
    const bool recordedDiffers = troubleOf(collection, index) == DemoTrouble::Differs
        && (quirks.demoDiffers || partner == collection.comparedWith);
    const bool other = (quirks.otherEvery && index % quirks.otherEvery == quirks.otherAt) || recordedDiffers;
    return other ? partnerVersion(collection, index) : demoObservation(collection, index);
}

mirror::Result<void> writePartnerListings(const std::shared_ptr<store::Store> &s)
{
    store::SourceListingStore listings(s);
    for (const QString &partner : demoPartnerNames()) {
        for (const GeneratedCollection &c : generatedCollections()) {
            std::vector<store::ListingRow> rows;
            for (std::uint64_t i = 0; i < c.count + partnerExtras; ++i) {
                if (auto copy = partnerCopy(partner, c, i))
                    rows.push_back({QString::fromStdString(copy->observationID),
                                    QString::fromStdString(copy->accMetaChecksum.value_or(std::string())),
                                    copy->maxLastModified ? std::optional<qint64>(copy->maxLastModified->msSinceEpoch)
                                                          : std::nullopt,
                                    0});
            }
            if (auto recorded = listings.record(partner, c.collection, rows); !recorded)
                return recorded;
        }
    }
    return {};
}

QString demoPartnerStorePath(const QString &partner)
{
    // Beside the demo store, in the same cache directory.
    return QDir(QFileInfo(defaultDemoStorePath()).absolutePath())
        .filePath(QStringLiteral("demo-partner-%1-v%2.sqlite").arg(partner.toLower()).arg(partnerContentVersion));
}

mirror::Result<QString> ensureDemoPartnerStore(const QString &partner, const ProgressCallback &progress,
                                               const std::atomic<bool> *cancel)
{
    const QString path = demoPartnerStorePath(partner);
    if (QFileInfo::exists(path))
        return path;
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return mirror::Error{mirror::ErrorCategory::Io,
                             "cannot create the directory of " + QDir::toNativeSeparators(path).toStdString()};
    const QString building = path + QStringLiteral(".building");
    removeStoreFiles(building);
    qint64 total = 0;
    for (const GeneratedCollection &c : generatedCollections())
        total += static_cast<qint64>(c.count + partnerExtras);
    {
        store::StoreLocation location;
        location.engine = store::Engine::SQLite;
        location.sqlitePath = building;
        auto opened = store::Store::open(location);
        if (!opened)
            return opened.error();
        store::ObservationStore observations(opened.value());
        qint64 done = 0;
        for (const GeneratedCollection &c : generatedCollections()) {
            std::vector<store::UpsertItem> batch;
            for (std::uint64_t i = 0; i < c.count + partnerExtras; ++i, ++done) {
                if (cancel && cancel->load(std::memory_order_relaxed)) {
                    removeStoreFiles(building);
                    return mirror::Error{mirror::ErrorCategory::Cancelled, "building the demo partners was cancelled"};
                }
                if (auto copy = partnerCopy(partner, c, i))
                    batch.emplace_back(std::move(*copy));
                if (batch.size() >= batchSize || i + 1 == c.count + partnerExtras) {
                    if (auto written = observations.upsert(batch); !written) {
                        removeStoreFiles(building);
                        return written.error();
                    }
                    batch.clear();
                    if (progress)
                        progress({QStringLiteral("Preparing the demo partner %1").arg(partner), done + 1, total});
                }
            }
        }
        if (auto linked = writeDemoPublications(opened.value(), true); !linked) {
            removeStoreFiles(building);
            return linked.error();
        }
        // Everything out of the write-ahead log into the file that is renamed into place.
        QSqlQuery checkpoint(opened.value()->database());
        if (!checkpoint.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"))) {
            removeStoreFiles(building);
            return store::sqlError(QStringLiteral("cannot finish the demo partner store"), checkpoint.lastError());
        }
        checkpoint.finish();
        opened.value()->releaseThreadConnection();
    }
    if (!QFile::rename(building, path)) {
        removeStoreFiles(building);
        return mirror::Error{mirror::ErrorCategory::Io,
                             "cannot move the demo partner store into place at "
                                 + QDir::toNativeSeparators(path).toStdString()};
    }
    removeStoreFiles(building); // its emptied -wal and -shm
    return path;
}

} // namespace demo
