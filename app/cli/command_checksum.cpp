// caom-sync checksum: recompute every entity's metaChecksum and accMetaChecksum and compare them with the
// values stored in the documents.
#include "command.h"

#include "caom2/checksum.h"
#include "caom2/identity_path.h"
#include "caom2/xml_reader.h"
#include "common/ordered_parallel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cli {

namespace {

std::optional<caom2::ChildOrder> parseOrder(const QString &text)
{
    if (text == QStringLiteral("java"))
        return caom2::ChildOrder::Java;
    if (text == QStringLiteral("python"))
        return caom2::ChildOrder::Python;
    if (text == QStringLiteral("legacy"))
        return caom2::ChildOrder::JavaLegacy;
    return std::nullopt;
}

QString observationTypeName(caom2::ObservationKind kind)
{
    return kind == caom2::ObservationKind::Simple ? QStringLiteral("SimpleObservation")
                                                  : QStringLiteral("DerivedObservation");
}

QJsonValue optionalJson(const std::optional<std::string> &value)
{
    return value ? QJsonValue(fromStd(*value)) : QJsonValue(QJsonValue::Null);
}

QJsonObject toJson(const QString &file, const caom2::ObservationDocument &document,
                   const caom2::Verification &verification)
{
    QJsonArray entities;
    // Verifying keeps the paths of differing entities only; this report names every entity.
    const std::vector<std::string> paths = caom2::identityPaths(document.observation);
    for (std::size_t i = 0; i < verification.entities.size(); ++i) {
        const caom2::EntityVerification &entity = verification.entities[i];
        entities.append(QJsonObject{
            {QStringLiteral("kind"), fromStd(caom2::toString(entity.kind))},
            {QStringLiteral("id"), fromStd(entity.id.toString())},
            {QStringLiteral("path"), fromStd(paths[i])},
            {QStringLiteral("metaChecksum"), fromStd(entity.metaChecksum())},
            {QStringLiteral("accMetaChecksum"), fromStd(entity.accMetaChecksum())},
            {QStringLiteral("storedMetaChecksum"), optionalJson(entity.storedMetaChecksum())},
            {QStringLiteral("storedAccMetaChecksum"), optionalJson(entity.storedAccMetaChecksum())},
            {QStringLiteral("agrees"), entity.metaAgrees() && entity.accAgrees()},
        });
    }
    return QJsonObject{
        {QStringLiteral("file"), file},
        {QStringLiteral("caomVersion"), document.caomVersion},
        {QStringLiteral("observationType"), observationTypeName(document.observation.kind)},
        {QStringLiteral("entities"), entities},
    };
}

QString describe(const QString &label, const std::string &computed, const std::optional<std::string> &stored)
{
    if (!stored)
        return QStringLiteral("%1 %2 (none stored)").arg(label, fromStd(computed));
    if (*stored == computed)
        return QStringLiteral("%1 %2 ok").arg(label, fromStd(computed));
    return QStringLiteral("%1 %2 DIFFERS from stored %3").arg(label, fromStd(computed), fromStd(*stored));
}

void printReport(const QString &file, const caom2::ObservationDocument &document,
                 const caom2::Verification &verification)
{
    const auto &observation = document.observation;
    QString text = QStringLiteral("%1: CAOM %2.%3 %4 %5/%6, %7 entities, %8 stored values, ")
                       .arg(file)
                       .arg(document.caomVersion / 10)
                       .arg(document.caomVersion % 10)
                       .arg(observationTypeName(observation.kind), fromStd(observation.collection),
                            fromStd(observation.observationID))
                       .arg(verification.entities.size())
                       .arg(verification.storedValues);
    text += verification.ok() ? QStringLiteral("all reproduced\n")
                              : QStringLiteral("%1 differ\n").arg(verification.mismatches);
    for (const caom2::EntityVerification &entity : verification.entities) {
        text += QStringLiteral("  %1 %2\n      %3\n      %4\n")
                    .arg(fromStd(caom2::toString(entity.kind)), -11)
                    .arg(fromStd(entity.id.toString()),
                         describe(QStringLiteral("meta"), entity.metaChecksum(), entity.storedMetaChecksum()),
                         describe(QStringLiteral("acc "), entity.accMetaChecksum(), entity.storedAccMetaChecksum()));
    }
    if (verification.firstMismatch) {
        const caom2::EntityVerification &cause = verification.entities[*verification.firstMismatch];
        text += QStringLiteral("  first disagreement: %1 %2 at %3 (%4)\n")
                    .arg(fromStd(caom2::toString(cause.kind)), fromStd(cause.id.toString()),
                         cause.path.empty() ? QStringLiteral("the observation") : fromStd(cause.path),
                         cause.metaAgrees() ? QStringLiteral("accMetaChecksum; its own metaChecksum agrees")
                                            : QStringLiteral("its own metaChecksum"));
    }
    for (const std::string &warning : document.warnings)
        text += QStringLiteral("  note: %1\n").arg(fromStd(warning));
    printOut(text);
}

QString hex(std::string_view bytes)
{
    return QString::fromLatin1(QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())).toHex());
}

// Every field fed into every entity's metaChecksum, for comparing with the reference's byte trace.
void printTrace(const caom2::Observation &observation)
{
    QString text;
    const caom2::ChecksumTracer tracer = [&](std::string_view path, std::string_view bytes) {
        text += QStringLiteral("    %1 = %2\n").arg(fromStd(path), hex(bytes));
    };
    auto traceEntity = [&](const char *kind, const caom2::EntityBase &entity, auto digest) {
        text += QStringLiteral("  %1 %2\n").arg(QString::fromLatin1(kind), fromStd(entity.id.toString()));
        text += QStringLiteral("    => %1\n").arg(fromStd(caom2::toChecksumUri(digest())));
    };
    // The digest call feeds the tracer before the "=>" line is appended, so the order reads naturally.
    traceEntity("observation", observation, [&] { return caom2::metaDigest(observation, tracer); });
    for (const auto &plane : observation.planes) {
        traceEntity("plane", plane, [&] { return caom2::metaDigest(plane, tracer); });
        for (const auto &artifact : plane.artifacts) {
            traceEntity("artifact", artifact, [&] { return caom2::metaDigest(artifact, tracer); });
            for (const auto &part : artifact.parts) {
                traceEntity("part", part, [&] { return caom2::metaDigest(part, tracer); });
                for (const auto &chunk : part.chunks)
                    traceEntity("chunk", chunk, [&] { return caom2::metaDigest(chunk, tracer); });
            }
        }
    }
    printOut(text);
}

} // namespace

int runChecksum(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Recompute the metaChecksum and accMetaChecksum of every entity of CAOM 2.2-2.4 documents and "
                       "compare them with the stored values.\n\nExit status: 0 when every stored value is "
                       "reproduced, 1 when any differs, 2 when a file cannot be read."));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Print one JSON array with an object per file."));
    const QCommandLineOption orderOption(
        QStringLiteral("order"),
        QStringLiteral("Child order for accMetaChecksum: java (canonical), python (caom2tools), legacy (Java before "
                       "2019-07-17, for old stored values)."),
        QStringLiteral("order"), QStringLiteral("java"));
    const QCommandLineOption traceOption(QStringLiteral("trace"),
                                         QStringLiteral("Print every field fed into each metaChecksum, as hex."));
    parser.addOptions({jsonOption, orderOption, traceOption});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("CAOM observation documents."),
                                 QStringLiteral("FILE..."));
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    const auto order = parseOrder(parser.value(orderOption));
    if (!order) {
        printErr(QStringLiteral("caom-sync checksum: --order must be java, python or legacy\n"));
        return Failed;
    }
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        printErr(QStringLiteral("caom-sync checksum: no FILE given\n\n")
                 + helpText(parser, QStringLiteral("checksum")));
        return Failed;
    }

    QJsonArray results;
    bool anyDiffers = false;
    bool anyUnreadable = false;
    // Files are read and verified on every core; reports come out in the order the files were given.
    struct Checked {
        caom2::ReadResult read;
        caom2::Verification verification;
    };
    mirror::orderedParallel<Checked>(
        std::size_t(files.size()), mirror::defaultWorkerThreads(), 64,
        [&](std::size_t i) {
            Checked checked{caom2::readObservationFile(files[qsizetype(i)].toStdString()), {}};
            if (checked.read.ok)
                checked.verification = caom2::verifyChecksums(checked.read.document.observation, *order);
            return checked;
        },
        [&](std::size_t i, Checked &&checked) {
            const QString &file = files[qsizetype(i)];
            if (!checked.read.ok) {
                printErr(QStringLiteral("caom-sync checksum: %1\n").arg(fromStd(checked.read.error.toString())));
                anyUnreadable = true;
                return;
            }
            anyDiffers = anyDiffers || !checked.verification.ok();
            if (parser.isSet(jsonOption))
                results.append(toJson(file, checked.read.document, checked.verification));
            else
                printReport(file, checked.read.document, checked.verification);
            if (parser.isSet(traceOption))
                printTrace(checked.read.document.observation);
        });
    if (parser.isSet(jsonOption))
        printOut(QString::fromUtf8(QJsonDocument(results).toJson(QJsonDocument::Indented)));
    return anyUnreadable ? Failed : anyDiffers ? ItemFailures : Success;
}

} // namespace cli
