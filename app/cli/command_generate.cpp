// caom-sync generate: synthetic, realistic observations with valid checksums, straight into the store.
#include "command.h"
#include "interrupt_watch.h"
#include "store_option.h"

#include "artifact/artifact_root.h"
#include "artifact/synthetic_file.h"
#include "caom2/generator.h"
#include "common/ordered_parallel.h"
#include "store/observation_store.h"

#include <QElapsedTimer>

#include <atomic>
#include <optional>

namespace cli {

namespace {

// Observations per store transaction: big enough that committing costs little beside the rows themselves.
constexpr qlonglong batchSize = 1000;

// One transaction's worth of observations, generated and made ready for the store on a worker thread.
struct GeneratedBatch {
    std::vector<store::PreparedObservation> observations;
    qint64 fileBytes = 0;
    std::optional<mirror::Error> error; // nothing of the batch is written when set
};

} // namespace

int runGenerate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Generate synthetic observations shaped like the HST samples (three planes, FITS artifacts with "
                       "parts and WCS chunks, previews; valid checksums) into the store, for demos and benchmarks. "
                       "The same --seed gives the same observations. Observations are made on every core and "
                       "written a thousand per transaction; Ctrl-C stops after the last whole transaction and says "
                       "where to continue with --first."));
    parser.addOption(storeOption());
    const QCommandLineOption collectionOption(QStringLiteral("collection"), QStringLiteral("Collection name."),
                                              QStringLiteral("C"));
    const QCommandLineOption countOption(QStringLiteral("count"), QStringLiteral("How many observations."),
                                         QStringLiteral("N"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."),
                                        QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption firstOption(QStringLiteral("first"),
                                         QStringLiteral("Index of the first observation (default 0), to extend a set."),
                                         QStringLiteral("I"), QStringLiteral("0"));
    const QCommandLineOption filesOption(
        QStringLiteral("files"),
        QStringLiteral("Also write a file for every artifact under DIR ({scheme}/{path}, the layout 'serve "
                       "--artifact-root DIR' publishes); the artifacts' length and MD5 describe these files."),
        QStringLiteral("DIR"));
    const QCommandLineOption fileSizeOption(QStringLiteral("file-size"),
                                            QStringLiteral("Size of each file written by --files: bytes, or with "
                                                           "K, M or G (default 4K)."),
                                            QStringLiteral("SIZE"), QStringLiteral("4K"));
    const QCommandLineOption shapeOption(
        QStringLiteral("shape"),
        QStringLiteral("What each observation holds: 'hst' (default; three planes with FITS files, parts, WCS "
                       "chunks and previews, about 22 kB of XML) or 'minimal' (one plane with one FITS file and no "
                       "parts, about 3 kB; for stores of millions of observations)."),
        QStringLiteral("SHAPE"), QStringLiteral("hst"));
    parser.addOptions(
        {collectionOption, countOption, seedOption, firstOption, shapeOption, filesOption, fileSizeOption});
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    bool countOk = false;
    bool seedOk = false;
    bool firstOk = false;
    const qlonglong count = parser.value(countOption).toLongLong(&countOk);
    const qulonglong seed = parser.value(seedOption).toULongLong(&seedOk);
    const qulonglong first = parser.value(firstOption).toULongLong(&firstOk);
    if (!parser.isSet(collectionOption) || !countOk || count < 0 || !seedOk || !firstOk) {
        printErr(QStringLiteral("caom-sync generate: give --collection C --count N (N >= 0) [--seed S]\n\n")
                 + helpText(parser, QStringLiteral("generate")));
        return Failed;
    }
    const auto shape = caom2::generatorShapeFromName(parser.value(shapeOption).toStdString());
    if (!shape) {
        printErr(QStringLiteral("caom-sync generate: --shape is 'hst' or 'minimal', not '%1'\n")
                     .arg(parser.value(shapeOption)));
        return Failed;
    }
    const auto fileSize = parseByteSize(parser.value(fileSizeOption));
    if (!fileSize) {
        printErr(QStringLiteral("caom-sync generate: --file-size wants a size such as 4096, 64K or 10M, not '%1'\n")
                     .arg(parser.value(fileSizeOption)));
        return Failed;
    }
    artifact::ArtifactRoot files;
    if (parser.isSet(filesOption)) {
        auto root = artifact::ArtifactRoot::open(parser.value(filesOption), true);
        if (!root) {
            printErr(QStringLiteral("caom-sync generate: %1\n").arg(fromStd(root.error().message)));
            return Failed;
        }
        files = *root;
    }
    // Ctrl-C from here on stops after the transaction being written: what is committed stays whole.
    InterruptWatch interrupts;
    const auto opened = openStore(parser, QStringLiteral("generate"), StoreUse::MayCreate);
    if (!opened)
        return Failed;
    store::ObservationStore observations(opened);
    caom2::GeneratorOptions options;
    options.collection = parser.value(collectionOption).toStdString();
    options.seed = seed;
    options.shape = *shape;
    const bool progress = stderrIsTerminal();
    QElapsedTimer timer;
    timer.start();
    qint64 fileBytes = 0;
    qlonglong written = 0;
    std::atomic<bool> stop{false}; // a failure or Ctrl-C: workers make no more batches
    int result = Success;
    // Workers generate observations and prepare them for the store (the document written and compressed, every
    // checksum computed); this thread only writes, batch after batch in index order, so the store ends up the
    // same as a loop's.
    const auto batches = static_cast<std::size_t>((count + batchSize - 1) / batchSize);
    mirror::orderedParallel<GeneratedBatch>(
        batches, mirror::defaultWorkerThreads(), 2 * static_cast<std::size_t>(mirror::defaultWorkerThreads()),
        [&](std::size_t b) {
            GeneratedBatch batch;
            const qlonglong begin = static_cast<qlonglong>(b) * batchSize;
            const qlonglong end = std::min(count, begin + batchSize);
            batch.observations.reserve(static_cast<std::size_t>(end - begin));
            for (qlonglong i = begin; i < end && !stop.load(); ++i) {
                caom2::Observation observation =
                    caom2::generateObservation(options, first + static_cast<qulonglong>(i));
                if (!files.isNull()) {
                    auto bytes = artifact::writeArtifactFiles(observation, files, *fileSize, seed);
                    if (!bytes) {
                        batch.error = bytes.error();
                        return batch;
                    }
                    batch.fileBytes += *bytes;
                }
                auto prepared =
                    store::prepareUpsert({std::move(observation), QString(), store::ObservationState::ok, 24});
                if (!prepared) {
                    batch.error = prepared.error();
                    return batch;
                }
                batch.observations.push_back(std::move(prepared.value()));
            }
            return batch;
        },
        [&](std::size_t, GeneratedBatch &&batch) {
            if (stop.load())
                return;
            if (!batch.error)
                if (auto stored = observations.upsertPrepared(batch.observations); !stored)
                    batch.error = stored.error();
            if (batch.error) {
                printErr(QStringLiteral("%1caom-sync generate: %2\n")
                             .arg(progress ? QStringLiteral("\n") : QString(), fromStd(batch.error->message)));
                result = Failed;
                stop = true;
                return;
            }
            written += static_cast<qlonglong>(batch.observations.size());
            fileBytes += batch.fileBytes;
            if (progress)
                printErr(QStringLiteral("\rgenerate: %1/%2 (%3 obs/s)  ")
                             .arg(written)
                             .arg(count)
                             .arg(static_cast<qlonglong>(written * 1000.0 / std::max<qint64>(1, timer.elapsed()))));
            if (InterruptWatch::interrupted()) {
                result = Cancelled;
                stop = true;
            }
        });
    if (progress)
        printErr(QStringLiteral("\n"));
    printOut(QStringLiteral("generated %1 observation(s) in collection %2 in %3 s\n")
                 .arg(written)
                 .arg(parser.value(collectionOption))
                 .arg(timer.elapsed() / 1000.0, 0, 'f', 1));
    if (written < count)
        printErr(QStringLiteral("caom-sync generate: stopped after %1 of %2 observation(s), all of them stored; to "
                                "make the rest, run again with --first %3 --count %4\n")
                     .arg(written)
                     .arg(count)
                     .arg(first + static_cast<qulonglong>(written))
                     .arg(count - written));
    if (!files.isNull())
        printOut(QStringLiteral("wrote %1 bytes of artifact files under %2\n").arg(fileBytes).arg(files.path()));
    return result;
}

} // namespace cli
