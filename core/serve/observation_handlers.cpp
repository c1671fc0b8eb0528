#include "serve/observation_handlers.h"

#include "caom2/xml_writer.h"
#include "net/listing_parser.h"
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

Reply tsv(QByteArray body)
{
    Reply reply;
    reply.body = std::move(body);
    reply.header("Content-Type", "text/tab-separated-values");
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

Reply collectionList(const std::shared_ptr<store::Store> &store)
{
    auto names = store::ObservationListing(store).collections();
    if (!names)
        return storeFailure(names.error());
    QByteArray body;
    for (const QString &name : *names)
        body += name.toUtf8() + '\n';
    return tsv(body);
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
        return tsv(body);
    auto listed = store::ObservationListing(store).list(query, [&](const store::StateListingRow &row) {
        appendTsvField(body, collection, options.asciiListings);
        body += '\t';
        appendTsvField(body, row.observationID, options.asciiListings);
        body += '\t' + timestamp(row.maxLastModified) + '\t' + row.accMetaChecksum.toLatin1() + '\n';
        return true;
    });
    if (!listed)
        return storeFailure(listed.error());
    return tsv(body);
}

Reply deletionListing(const std::shared_ptr<store::Store> &store, const ServeOptions &options,
                      const RequestContext &context, const QString &collection)
{
    ListingParameters parameters;
    if (auto refused = checkListingRequest(store, options, context, collection, parameters))
        return *refused;
    QByteArray body;
    if (parameters.start && parameters.end && *parameters.end < *parameters.start)
        return tsv(body);
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
        appendTsvField(body, event.collection, options.asciiListings);
        body += '\t';
        appendTsvField(body, event.observationID, options.asciiListings);
        body += '\t' + timestamp(event.lastModified) + '\n';
    }
    return tsv(body);
}

Reply observationDocument(const std::shared_ptr<store::Store> &store, const QString &collection,
                          const QString &observationID, int caomVersion)
{
    const QByteArray uri = "caom:" + collection.toUtf8() + '/' + observationID.toUtf8();
    store::ObservationStore observations(store);
    auto summary = observations.summary(collection, observationID);
    if (!summary)
        return storeFailure(summary.error());
    if (!summary->has_value())
        return Reply::text(404, "not found: " + uri);
    Reply reply;
    reply.header("Content-Type", "text/x-caom+xml");
    reply.header("ETag", (*summary)->accMetaChecksum.toLatin1());
    if (caomVersion == 24) {
        auto xml = observations.document(collection, observationID);
        if (!xml)
            return storeFailure(xml.error());
        if (!xml->has_value())
            return Reply::text(404, "not found: " + uri);
        reply.body = **xml;
        return reply;
    }
    auto model = observations.load(collection, observationID);
    if (!model)
        return storeFailure(model.error());
    if (!model->has_value())
        return Reply::text(404, "not found: " + uri);
    caom2::WriteOptions options;
    options.caomVersion = 23;
    options.schemaStrict = false;
    const auto written = caom2::writeObservation(**model, options);
    if (!written.ok)
        return Reply::text(500, uri + " cannot be written as CAOM 2.3: " + QByteArray::fromStdString(written.error));
    reply.body = QByteArray::fromStdString(written.xml);
    return reply;
}

} // namespace serve
