#include "serve/write_handlers.h"

#include "caom2/checksum.h"
#include "caom2/xml_reader.h"
#include "serve/origin_stamp.h"
#include "store/observation_lookup.h"
#include "store/observation_store.h"

#include <QDateTime>

namespace serve {
namespace {

constexpr qsizetype maxDocumentBytes = 20 * 1024 * 1024; // the reference's upload limit

struct ParsedUpload {
    std::optional<caom2::ObservationDocument> document;
    std::optional<Reply> refusal;
};

ParsedUpload parseUpload(const RequestContext &context, WriteMode mode, const QString &collection,
                         const QString &observationID)
{
    const QByteArray uri = "caom:" + collection.toUtf8() + '/' + observationID.toUtf8();
    if (!validObservationID(observationID))
        return {std::nullopt,
                Reply::text(400, "invalid observationID (space, '/', '\\' and '%' are not allowed): " + uri)};
    if (context.body.size() > maxDocumentBytes)
        return {std::nullopt, Reply::text(413, "document larger than 20 MiB: " + uri)};
    caom2::ReadResult read = caom2::readObservation(
        std::string_view(context.body.constData(), std::size_t(context.body.size())), uri.toStdString());
    if (!read.ok)
        return {std::nullopt,
                Reply::text(400, "invalid document: " + QByteArray::fromStdString(read.error.toString()))};
    const caom2::Observation &o = read.document.observation;
    if (QString::fromStdString(o.collection) != collection || QString::fromStdString(o.observationID) != observationID)
        return {std::nullopt,
                Reply::text(400,
                            "the document is caom:" + QByteArray::fromStdString(o.collection) + '/'
                                + QByteArray::fromStdString(o.observationID) + ", not " + uri)};
    if (mode == WriteMode::Mirror) {
        // A mirror's copy is the partner's published document: checksums and timestamps must be there and hold.
        if (!o.accMetaChecksum || !o.maxLastModified)
            return {std::nullopt,
                    Reply::text(400, "a mirror copy must carry its accMetaChecksum and maxLastModified: " + uri)};
        if (!caom2::verifyChecksums(o).ok())
            return {std::nullopt, Reply::text(400, "checksums do not verify: " + uri)};
    }
    return {std::move(read.document), std::nullopt};
}

// `current` is the stored version an update replaces (origin writes compare checksums with it).
Reply storeUpload(const std::shared_ptr<store::Store> &s, WriteMode mode, caom2::ObservationDocument document,
                  const caom2::Observation *current, int status)
{
    store::ObservationStore observations(s);
    if (mode == WriteMode::Origin)
        stampOriginWrite(document.observation, current, QDateTime::currentMSecsSinceEpoch());
    const int version = document.caomVersion;
    auto written = observations.upsert(
        {store::UpsertItem(std::move(document.observation), {}, store::ObservationState::ok, version)});
    if (!written)
        return Reply::text(500, "store error: " + QByteArray::fromStdString(written.error().message));
    Reply reply;
    reply.status = status;
    return reply;
}

} // namespace

bool validObservationID(const QString &observationID)
{
    for (const QChar c : observationID)
        if (c == QLatin1Char(' ') || c == QLatin1Char('/') || c == QLatin1Char('\\') || c == QLatin1Char('%'))
            return false;
    return !observationID.isEmpty();
}

Reply putObservation(const std::shared_ptr<store::Store> &s, WriteMode mode, const RequestContext &context,
                     const QString &collection, const QString &observationID)
{
    ParsedUpload upload = parseUpload(context, mode, collection, observationID);
    if (upload.refusal)
        return *upload.refusal;
    store::ObservationLookup lookup(s);
    auto byUri = lookup.byUri(collection, observationID);
    auto byId = lookup.byId(QUuid::fromString(QString::fromStdString(upload.document->observation.id.toString())));
    if (!byUri || !byId)
        return Reply::text(500, "store error");
    if (byId->has_value())
        return Reply::text(409,
                           "an observation with this UUID exists already: caom:" + (*byId)->collection.toUtf8() + '/'
                               + (*byId)->observationID.toUtf8());
    if (byUri->has_value())
        return Reply::text(409, "caom:" + collection.toUtf8() + '/' + observationID.toUtf8() + " exists already");
    return storeUpload(s, mode, std::move(*upload.document), nullptr, 201);
}

Reply postObservation(const std::shared_ptr<store::Store> &s, WriteMode mode, const RequestContext &context,
                      const QString &collection, const QString &observationID)
{
    ParsedUpload upload = parseUpload(context, mode, collection, observationID);
    if (upload.refusal)
        return *upload.refusal;
    auto current = store::ObservationLookup(s).byUri(collection, observationID);
    if (!current)
        return Reply::text(500, "store error");
    if (!current->has_value())
        return Reply::text(404, "not found: caom:" + collection.toUtf8() + '/' + observationID.toUtf8());
    if (!context.ifMatch.isEmpty()) {
        QByteArray expected = context.ifMatch.trimmed();
        if (expected.size() >= 2 && expected.startsWith('"') && expected.endsWith('"'))
            expected = expected.mid(1, expected.size() - 2);
        if (expected != (*current)->accMetaChecksum.toLatin1())
            return Reply::text(
                412, "If-Match " + expected + " does not match the current " + (*current)->accMetaChecksum.toLatin1());
    }
    std::optional<caom2::Observation> stored;
    if (mode == WriteMode::Origin) {
        auto loaded = store::ObservationStore(s).load(collection, observationID);
        if (!loaded)
            return Reply::text(500, "store error: " + QByteArray::fromStdString(loaded.error().message));
        stored = std::move(*loaded);
    }
    return storeUpload(s, mode, std::move(*upload.document), stored ? &*stored : nullptr, 200);
}

Reply deleteObservation(const std::shared_ptr<store::Store> &s, const QString &collection, const QString &observationID)
{
    auto removed = store::ObservationStore(s).remove(collection, observationID);
    if (!removed)
        return Reply::text(500, "store error: " + QByteArray::fromStdString(removed.error().message));
    if (!*removed)
        return Reply::text(404, "not found: caom:" + collection.toUtf8() + '/' + observationID.toUtf8());
    Reply reply;
    reply.status = 204;
    return reply;
}

} // namespace serve
