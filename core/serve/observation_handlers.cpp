#include "serve/observation_handlers.h"

#include "caom2/checksum.h"
#include "caom2/xml_reader.h"
#include "caom2/xml_writer.h"
#include "net/listing_parser.h"
#include "serve/body_streams.h"
#include "serve/listing_parameters.h"
#include "serve/tsv_writer.h"
#include "store/deletion_event_store.h"
#include "store/observation_listing.h"
#include "store/observation_store.h"

namespace serve {
namespace {

QByteArray timestamp(const std::optional<qint64> &ms)
{
    return ms ? QByteArray::fromStdString(net::formatIvoaTimestamp(*ms)) : QByteArray();
}

// The charset is always named: without one, HTTP clients (Python requests) decode text as Latin-1 and then
// ask for identifiers we never listed.
Reply tsv(QByteArray body, const ServeOptions &options)
{
    Reply reply;
    reply.body = std::move(body);
    reply.header("Content-Type",
                 options.asciiListings ? "text/tab-separated-values; charset=US-ASCII"
                                       : "text/tab-separated-values; charset=utf-8");
    return reply;
}

Reply storeFailure(const mirror::Error &error)
{
    return Reply::text(500, "store error: " + QByteArray::fromStdString(error.message));
}

// 404 for a collection we do not hold, as the reference answers.
std::optional<Reply> unknownCollection(const std::shared_ptr<store::Store> &store, const QString &collection)
{
    auto known = store::ObservationListing(store).hasCollection(collection);
    if (!known)
        return storeFailure(known.error());
    if (!*known)
        return Reply::text(404, "not found: " + collection.toUtf8());
    return std::nullopt;
}

// The checks both listings share: parameters by the reference's rules (400), then the collection (404).
std::optional<Reply> checkListingRequest(const std::shared_ptr<store::Store> &store, const ServeOptions &options,
                                         const RequestContext &context, const QString &collection,
                                         ListingParameters &parameters)
{
    QString error;
    const auto parsed = parseListingParameters(context.query, options.maxRecords, &error);
    if (!parsed)
        return Reply::text(400, error.toUtf8());
    parameters = *parsed;
    return unknownCollection(store, collection);
}

} // namespace

Reply collectionList(const std::shared_ptr<store::Store> &store, const ServeOptions &options)
{
    auto names = store::ObservationListing(store).collections();
    if (!names)
        return storeFailure(names.error());
    QByteArray body;
    for (const QString &name : *names) {
        appendTsvField(body, name, options.asciiListings, options.listingQuoting);
        body += '\n';
    }
    return tsv(body, options);
}

Reply stateListing(const std::shared_ptr<store::Store> &store, const ServeOptions &options,
                   const RequestContext &context, const QString &collection)
{
    ListingParameters parameters;
    if (auto refused = checkListingRequest(store, options, context, collection, parameters))
        return *refused;
    store::StateListingQuery query;
    query.collection = collection;
    query.start = parameters.start;
    query.end = parameters.end;
    query.limit = parameters.maxRecords;
    query.descending = parameters.descending;
    QByteArray body;
    if (query.start && query.end && *query.end < *query.start)
        return tsv(body, options);
    // The first page here, so a store that fails at once answers 500; a listing that fits in it goes out
    // whole with its length. A longer one continues page by page, sent chunked: its last chunk is the
    // end-of-body signal, and a listing cut by a store error or a shutdown lacks it, so no client mistakes a
    // cut listing for a short one.
    store::ListingCursor cursor;
    const store::ObservationListing listing(store);
    QByteArray error;
    while (!cursor.finished && cursor.listed < options.listingPageRows)
        if (!ListingStream::readPage(listing, query, cursor, options, body, &error))
            return Reply::text(500, error);
    Reply reply = tsv(std::move(body), options);
    if (!cursor.finished)
        reply.stream = std::make_shared<ListingStream>(store, query, cursor, options);
    return reply;
}

Reply deletionListing(const std::shared_ptr<store::Store> &store, const ServeOptions &options,
                      const RequestContext &context, const QString &collection)
{
    ListingParameters parameters;
    if (auto refused = checkListingRequest(store, options, context, collection, parameters))
        return *refused;
    QByteArray body;
    if (parameters.start && parameters.end && *parameters.end < *parameters.start)
        return tsv(body, options);
    store::DeletionWindow window;
    window.collection = collection;
    window.start = parameters.start;
    window.end = parameters.end;
    window.limit = parameters.maxRecords;
    auto events = store::DeletionEventStore(store).list(window);
    if (!events)
        return storeFailure(events.error());
    for (const store::DeletionEvent &event : *events) {
        body += event.id.toString(QUuid::WithoutBraces).toLatin1() + '\t';
        appendTsvField(body, event.collection, options.asciiListings, options.listingQuoting);
        body += '\t';
        appendTsvField(body, event.observationID, options.asciiListings, options.listingQuoting);
        body += '\t' + timestamp(event.lastModified) + '\n';
    }
    return tsv(body, options);
}

Reply observationDocument(const std::shared_ptr<store::Store> &store, const ServeOptions &options,
                          const QString &collection, const QString &observationID, int caomVersion)
{
    const QByteArray uri = "caom:" + collection.toUtf8() + '/' + observationID.toUtf8();
    store::ObservationStore observations(store);
    Reply reply;
    reply.header("Content-Type", "text/x-caom+xml; charset=utf-8");
    if (caomVersion == 24) {
        // The document and its ETag by one statement: a harvest asks for every observation once.
        auto found = observations.documentWithChecksum(collection, observationID);
        if (!found)
            return storeFailure(found.error());
        if (!found->has_value())
            return Reply::text(404, "not found: " + uri);
        reply.header("ETag", (*found)->accMetaChecksum.toLatin1());
        reply.body = std::move((*found)->xml);
        return reply;
    }
    auto model = observations.load(collection, observationID);
    if (!model)
        return storeFailure(model.error());
    if (!model->has_value())
        return Reply::text(404, "not found: " + uri);
    return obs23Document(**model, options.lossyObs23, uri, std::move(reply));
}

Reply obs23Document(const caom2::Observation &observation, LossyObs23 lossy, const QByteArray &uri, Reply reply)
{
    caom2::WriteOptions options;
    options.caomVersion = 23;
    options.schemaStrict = false;
    caom2::WriteReport report;
    auto written = caom2::writeObservation(observation, options, &report);
    if (!written.ok)
        return Reply::text(500, uri + " cannot be written as CAOM 2.3: " + QByteArray::fromStdString(written.error));
    // Lossless exactly when what is sent still verifies: the check every client makes. 2.4-only content
    // (read groups, metaProducer, custom axes, ...) is hashed, so dropping it leaves the 2.4 checksums stale.
    caom2::ReadResult sent = caom2::readObservation(written.xml, uri.toStdString());
    const bool lossless = sent.ok && caom2::verifyChecksums(sent.document.observation).ok();
    QByteArray dropped;
    for (const std::string &path : report.dropped)
        dropped += (dropped.isEmpty() ? "" : ", ") + QByteArray::fromStdString(path);
    if (dropped.isEmpty())
        dropped = "2.4-only content";
    if (lossless) {
        reply.header(obs23ConversionHeader, "lossless");
        reply.header("ETag", QByteArray::fromStdString(observation.accMetaChecksum.value_or(std::string())));
    } else if (lossy == LossyObs23::Refuse) {
        Reply refused = Reply::text(422,
                                    uri + " cannot be served as CAOM 2.3 without loss (it would drop: " + dropped
                                        + "); read it from the obs-1.2 endpoint");
        return refused.header(obs23ConversionHeader, "refused");
    } else if (lossy == LossyObs23::Recompute) {
        if (!sent.ok)
            return Reply::text(
                500, uri + " as CAOM 2.3 cannot be read back: " + QByteArray::fromStdString(sent.error.toString()));
        caom2::assignChecksums(sent.document.observation);
        written = caom2::writeObservation(sent.document.observation, options);
        if (!written.ok)
            return Reply::text(500,
                               uri + " cannot be written as CAOM 2.3: " + QByteArray::fromStdString(written.error));
        reply.header(obs23ConversionHeader, "lossy; checksums=recomputed");
        reply.header("ETag", QByteArray::fromStdString(sent.document.observation.accMetaChecksum.value_or("")));
    } else {
        reply.header(obs23ConversionHeader, "lossy; checksums=stored");
        reply.header("ETag", QByteArray::fromStdString(observation.accMetaChecksum.value_or(std::string())));
    }
    reply.body = QByteArray::fromStdString(written.xml);
    return reply;
}

} // namespace serve
