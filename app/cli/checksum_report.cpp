// Rendering `caom-sync checksum`'s reports. The human report is the one printed for every file of a run, so it is
// written straight into bytes; JSON and the trace are rarer and built through Qt.
#include "checksum_report.h"

#include "command.h"

#include "caom2/identity_path.h"
#include "caom2/utf8.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <charconv>
#include <cstring>

namespace cli {

namespace {

constexpr char hexDigits[] = "0123456789abcdef";

QString observationTypeName(caom2::ObservationKind kind)
{
    return kind == caom2::ObservationKind::Simple ? QStringLiteral("SimpleObservation")
                                                  : QStringLiteral("DerivedObservation");
}

// Text from a document. The reader accepts only UTF-8 documents, but a character reference can still decode to
// bytes that are not (a lone surrogate); those go through Qt's decoder, which prints U+FFFD for them, as the report
// always has.
void appendText(std::string &out, std::string_view text)
{
    if (!caom2::firstInvalidUtf8(text)) {
        out.append(text);
        return;
    }
    const QByteArray cleaned = fromStd(text).toUtf8();
    out.append(cleaned.constData(), static_cast<std::size_t>(cleaned.size()));
}

template <class Number>
void appendNumber(std::string &out, Number value)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, end);
}

void appendUuid(std::string &out, const caom2::Uuid &id)
{
    char text[36];
    char *p = text;
    for (std::size_t i = 0; i < id.bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *p++ = '-';
        *p++ = hexDigits[id.bytes[i] >> 4];
        *p++ = hexDigits[id.bytes[i] & 0x0F];
    }
    out.append(text, sizeof text);
}

// "md5:" and 32 lowercase hex digits, as caom2::toChecksumUri writes it, without a string of its own.
struct ChecksumText {
    char text[36];
    explicit ChecksumText(const caom2::Digest &digest)
    {
        std::memcpy(text, "md5:", 4);
        for (std::size_t i = 0; i < digest.size(); ++i) {
            text[4 + 2 * i] = hexDigits[digest[i] >> 4];
            text[5 + 2 * i] = hexDigits[digest[i] & 0x0F];
        }
    }
    std::string_view view() const { return {text, sizeof text}; }
};

// "meta md5:... ok", "... (none stored)" or "... DIFFERS from stored md5:...".
void appendComparison(std::string &out, std::string_view label, const caom2::Digest &computed,
                      caom2::StoredChecksum stored, const std::string &storedText)
{
    const ChecksumText text(computed);
    out.append(label).append(" ").append(text.view());
    if (stored == caom2::StoredChecksum::Absent)
        out.append(" (none stored)");
    else if (stored == caom2::StoredChecksum::Agrees || storedText == text.view())
        out.append(" ok");
    else
        out.append(" DIFFERS from stored ").append(storedText);
}

QJsonValue optionalJson(const std::optional<std::string> &value)
{
    return value ? QJsonValue(fromStd(*value)) : QJsonValue(QJsonValue::Null);
}

QString hex(std::string_view bytes)
{
    return QString::fromLatin1(QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())).toHex());
}

} // namespace

void appendTextReport(std::string &out, std::string_view file, const caom2::ObservationDocument &document,
                      const caom2::Verification &verification)
{
    const caom2::Observation &observation = document.observation;
    out.append(file).append(": CAOM ");
    appendNumber(out, document.caomVersion / 10);
    out.append(".");
    appendNumber(out, document.caomVersion % 10);
    out.append(observation.kind == caom2::ObservationKind::Simple ? " SimpleObservation " : " DerivedObservation ");
    appendText(out, observation.collection);
    out.append("/");
    appendText(out, observation.observationID);
    out.append(", ");
    appendNumber(out, verification.entities.size());
    out.append(" entities, ");
    appendNumber(out, verification.storedValues);
    out.append(" stored values, ");
    if (verification.ok()) {
        out.append("all reproduced\n");
    } else {
        appendNumber(out, verification.mismatches);
        out.append(" differ\n");
    }
    for (const caom2::EntityVerification &entity : verification.entities) {
        const std::string_view kind = caom2::toString(entity.kind);
        out.append("  ").append(kind);
        if (kind.size() < 11)
            out.append(11 - kind.size(), ' '); // the kinds in one column
        out.append(" ");
        appendUuid(out, entity.id);
        out.append("\n      ");
        appendComparison(out, "meta", entity.meta, entity.storedMeta, entity.storedMetaText);
        out.append("\n      ");
        appendComparison(out, "acc ", entity.acc, entity.storedAcc, entity.storedAccText);
        out.append("\n");
    }
    if (verification.firstMismatch) {
        const caom2::EntityVerification &cause = verification.entities[*verification.firstMismatch];
        out.append("  first disagreement: ").append(caom2::toString(cause.kind)).append(" ");
        appendUuid(out, cause.id);
        out.append(" at ");
        if (cause.path.empty())
            out.append("the observation");
        else
            appendText(out, cause.path);
        out.append(cause.metaAgrees() ? " (accMetaChecksum; its own metaChecksum agrees)\n"
                                      : " (its own metaChecksum)\n");
    }
    for (const std::string &warning : document.warnings) {
        out.append("  note: ");
        appendText(out, warning);
        out.append("\n");
    }
}

void appendJsonReport(std::string &out, const QString &file, const caom2::ObservationDocument &document,
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
    const QJsonObject report{
        {QStringLiteral("file"), file},
        {QStringLiteral("caomVersion"), document.caomVersion},
        {QStringLiteral("observationType"), observationTypeName(document.observation.kind)},
        {QStringLiteral("entities"), entities},
    };
    // Rendered as the only element of an array, so it is indented as in the whole run's array; the brackets'
    // lines ("[\n" and "\n]\n") are left out.
    const QByteArray inArray = QJsonDocument(QJsonArray{report}).toJson(QJsonDocument::Indented);
    out.append(inArray.constData() + 2, static_cast<std::size_t>(inArray.size() - 5));
}

void appendTrace(std::string &out, const caom2::Observation &observation)
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
    const QByteArray bytes = text.toUtf8();
    out.append(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

} // namespace cli
