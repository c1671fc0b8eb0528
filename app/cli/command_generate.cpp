// caom-sync generate: synthetic, realistic observations with valid checksums, straight into the store.
#include "command.h"
#include "store_option.h"

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
    parser.addOptions({collectionOption, countOption, seedOption, firstOption});
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
    for (qlonglong i = 0; i < count; ++i) {
        batch.push_back({caom2::generateObservation(options, first + static_cast<qulonglong>(i)), QString(),
                         store::ObservationState::ok, 24});
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
    return Success;
}

} // namespace cli
