#include "serve/publication_feed_handler.h"

#include "serve/listing_parameters.h"
#include "store/publication_feed_line.h"
#include "store/publication_store.h"

namespace serve {

Reply publicationFeed(const std::shared_ptr<store::Store> &store, const RequestContext &context)
{
    QString error;
    // maxrec, start and end by the observation listings' rules; order is always ascending.
    const auto parameters = parseListingParameters(context.query, publicationFeedPageCap, &error);
    if (!parameters)
        return Reply::text(400, error.toUtf8());
    if (parameters->descending)
        return Reply::text(400, "the publications feed is listed in ascending order only");
    store::FeedQuery query;
    query.start = parameters->start;
    query.end = parameters->end;
    query.limit = parameters->maxRecords;
    const auto afterProposal = queryParameter(context.query, QStringLiteral("afterProposal"));
    const auto afterBibcode = queryParameter(context.query, QStringLiteral("afterBibcode"));
    if (afterProposal.has_value() != afterBibcode.has_value())
        return Reply::text(400, "afterProposal and afterBibcode go together");
    if (afterProposal) {
        if (!parameters->start)
            return Reply::text(400, "afterProposal and afterBibcode need start");
        query.after = store::FeedPosition{*parameters->start, *afterProposal, *afterBibcode};
    }
    auto links = store::PublicationStore(store).feed(query);
    if (!links)
        return Reply::text(500, "store error: " + QByteArray::fromStdString(links.error().message));
    Reply reply;
    for (const store::PublicationLink &link : *links) {
        reply.body += store::writeFeedLine(link);
        reply.body += '\n';
    }
    return reply.header("Content-Type", "application/x-ndjson; charset=utf-8");
}

} // namespace serve
