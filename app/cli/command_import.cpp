// caom-sync import: verify documents' checksums, then store them. A document that cannot be read or whose
// stored checksums are not reproduced is refused with the reason, and nothing is written for it.
#include "command.h"
#include "store_option.h"

#include "caom2/checksum.h"
#include "caom2/xml_reader.h"
#include "common/ordered_parallel.h"
#include "store/observation_store.h"

namespace cli {

namespace {

constexpr std::size_t batchSize = 200; // observations per transaction: large enough to amortise the commit

// Why a document is refused, or nothing when it may be stored.
std::optional<QString> refusal(const caom2::ReadResult &read)
{
    if (!read.ok)
        return fromStd(read.error.toString());
    const caom2::Verification verification = caom2::verifyChecksums(read.document.observation);
    if (verification.ok())
        return std::nullopt;
    const caom2::EntityVerification &cause = verification.entities[*verification.firstMismatch];
    const bool metaDiffers = !cause.metaAgrees();
    return QStringLiteral("%1: %2 %3%4: stored %5 %6 but the content gives %7 (%8 of %9 stored values differ)")
        .arg(fromStd(read.error.file.empty() ? std::string() : read.error.file))
        .arg(fromStd(caom2::toString(cause.kind)), fromStd(cause.id.toString()),
             cause.path.empty() ? QString() : QStringLiteral(" at ") + fromStd(cause.path),
             metaDiffers ? QStringLiteral("metaChecksum") : QStringLiteral("accMetaChecksum"),
             fromStd(metaDiffers ? cause.storedMetaText : cause.storedAccText),
             fromStd(metaDiffers ? cause.metaChecksum() : cause.accMetaChecksum()))
        .arg(verification.mismatches)
        .arg(verification.storedValues);
}

} // namespace

int runImport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Verify the checksums of CAOM documents, then store them. Documents that cannot be read or "
                       "whose stored checksums are not reproduced are refused with the reason; nothing is written "
                       "for them.\n\nExit status: 0 all stored, 1 some refused, 2 failed."));
    parser.addOption(storeOption());
    const QCommandLineOption sourceOption(QStringLiteral("source"),
                                          QStringLiteral("Record the observations as coming from this source."),
                                          QStringLiteral("NAME"));
    const QCommandLineOption recomputeOption(
        QStringLiteral("recompute-stale"),
        QStringLiteral("Store documents whose stored checksums are stale, with freshly computed checksums, instead "
                       "of refusing them (each one is named on stderr)."));
    parser.addOptions({sourceOption, recomputeOption});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("CAOM observation documents."),
                                 QStringLiteral("FILE..."));
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        printErr(QStringLiteral("caom-sync import: no FILE given\n\n") + helpText(parser, QStringLiteral("import")));
        return Failed;
    }
    const auto opened = openStore(parser, QStringLiteral("import"), StoreUse::MayCreate);
    if (!opened)
        return Failed;
    store::ObservationStore observations(opened);

    std::vector<store::UpsertItem> batch;
    qsizetype stored = 0;
    qsizetype refused = 0;
    auto flush = [&]() -> bool {
        if (batch.empty())
            return true;
        if (auto written = observations.upsert(batch); !written) {
            printErr(QStringLiteral("caom-sync import: %1 (the last %2 documents were not stored)\n")
                         .arg(fromStd(written.error().message))
                         .arg(batch.size()));
            return false;
        }
        stored += static_cast<qsizetype>(batch.size());
        batch.clear();
        return true;
    };
    const bool progress = stderrIsTerminal() && files.size() > 50;
    const bool recompute = parser.isSet(recomputeOption);
    // Reading, verifying and completing the checksums run on every core; the store is written here, in the
    // order the files were given, so what is stored and said is the same as one file after another.
    struct Checked {
        caom2::ReadResult read;
        std::optional<QString> why; // refused (or, with --recompute-stale, stale): the reason
    };
    bool writeFailed = false;
    mirror::orderedParallel<Checked>(
        std::size_t(files.size()), mirror::defaultWorkerThreads(), 64,
        [&](std::size_t i) {
            Checked checked;
            checked.read = caom2::readObservationFile(files[qsizetype(i)].toStdString());
            checked.read.error.file = files[qsizetype(i)].toStdString();
            checked.why = refusal(checked.read);
            // Stored values were verified wherever present (or, with --recompute-stale, found stale); entities
            // without any (every entity before 2.3, some in later documents) get theirs, so what the store keeps
            // and serves verifies throughout.
            if (checked.read.ok && (!checked.why || recompute))
                caom2::assignChecksums(checked.read.document.observation);
            return checked;
        },
        [&](std::size_t i, Checked &&checked) {
            if (writeFailed)
                return; // the store failed: the rest is read but neither stored nor reported
            if (checked.why) {
                if (!checked.read.ok || !recompute) {
                    printErr(QStringLiteral("caom-sync import: refused %1\n").arg(*checked.why));
                    ++refused;
                    return;
                }
                printErr(QStringLiteral("caom-sync import: recomputed stale checksums of %1\n").arg(*checked.why));
            }
            batch.push_back({std::move(checked.read.document.observation), parser.value(sourceOption),
                             store::ObservationState::ok, checked.read.document.caomVersion});
            if (batch.size() >= batchSize && !flush()) {
                writeFailed = true;
                return;
            }
            if (progress && i % 100 == 0)
                printErr(QStringLiteral("\rimport: %1/%2 files").arg(i + 1).arg(files.size()));
        });
    if (writeFailed)
        return Failed;
    if (!flush())
        return Failed;
    if (progress)
        printErr(QStringLiteral("\r"));
    printOut(QStringLiteral("imported %1 observation(s) into %2, refused %3\n")
                 .arg(stored)
                 .arg(opened->location().redacted())
                 .arg(refused));
    return refused > 0 ? ItemFailures : Success;
}

} // namespace cli
