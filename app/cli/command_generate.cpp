// caom-sync generate: synthetic, realistic observations with valid checksums, straight into the store.
#include "command.h"
#include "store_option.h"

#include "artifact/artifact_root.h"
#include "artifact/synthetic_file.h"
#include "caom2/generator.h"
#include "store/observation_store.h"

#include <QElapsedTimer>

namespace cli {

int runGenerate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Generate synthetic observations shaped like the HST samples (three planes, FITS artifacts with "
                       "parts and WCS chunks, previews; valid checksums) into the store, for demos and benchmarks. "
                       "The same --seed gives the same observations."));
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
    parser.addOptions({collectionOption, countOption, seedOption, firstOption, filesOption, fileSizeOption});
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
    const auto opened = openStore(parser, QStringLiteral("generate"), StoreUse::MayCreate);
    if (!opened)
        return Failed;
    store::ObservationStore observations(opened);
    caom2::GeneratorOptions options;
    options.collection = parser.value(collectionOption).toStdString();
    options.seed = seed;
    const bool progress = stderrIsTerminal();
    QElapsedTimer timer;
    timer.start();
    std::vector<store::UpsertItem> batch;
    qint64 fileBytes = 0;
    for (qlonglong i = 0; i < count; ++i) {
        caom2::Observation observation = caom2::generateObservation(options, first + static_cast<qulonglong>(i));
        if (!files.isNull()) {
            auto written = artifact::writeArtifactFiles(observation, files, *fileSize, seed);
            if (!written) {
                printErr(QStringLiteral("caom-sync generate: %1\n").arg(fromStd(written.error().message)));
                return Failed;
            }
            fileBytes += *written;
        }
        batch.push_back({std::move(observation), QString(), store::ObservationState::ok, 24});
        if (batch.size() == 500 || i + 1 == count) {
            if (auto written = observations.upsert(batch); !written) {
                printErr(QStringLiteral("caom-sync generate: %1\n").arg(fromStd(written.error().message)));
                return Failed;
            }
            batch.clear();
            if (progress)
                printErr(QStringLiteral("\rgenerate: %1/%2 (%3 obs/s)  ")
                             .arg(i + 1)
                             .arg(count)
                             .arg(static_cast<qlonglong>((i + 1) * 1000.0 / std::max<qint64>(1, timer.elapsed()))));
        }
    }
    if (progress)
        printErr(QStringLiteral("\n"));
    printOut(QStringLiteral("generated %1 observation(s) in collection %2 in %3 s\n")
                 .arg(count)
                 .arg(parser.value(collectionOption))
                 .arg(timer.elapsed() / 1000.0, 0, 'f', 1));
    if (!files.isNull())
        printOut(QStringLiteral("wrote %1 bytes of artifact files under %2\n").arg(fileBytes).arg(files.path()));
    return Success;
}

} // namespace cli
