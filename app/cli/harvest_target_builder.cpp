#include "harvest_target_builder.h"

#include "net/repository_client.h"
#include "net/service_locator.h"
#include "source_endpoints.h"

namespace cli {

mirror::Result<harvest::HarvestTarget> buildHarvestTarget(const mirror::PartnerSource &source,
                                                          const QString &collectionString)
{
    auto connection = sourceConnection(source);
    if (!connection)
        return connection.error();
    net::ServiceLocator locator(connection->http);
    auto endpoints = locator.locate(connection->spec, connection->held);
    if (!endpoints) {
        mirror::Error error = endpoints.error();
        error.message = source.name.toStdString() + ": " + error.message;
        return error;
    }
    harvest::HarvestTarget target;
    target.sourceName = source.name;
    const auto [collection, filter] = harvest::splitCollectionString(collectionString);
    target.collection = collection;
    target.listingFilter = filter;
    // The key names the service as the operator configured it, as the reference does, so a changed
    // endpoint is a new harvest state (and `sources add` asks before making that change).
    target.harvestSource = harvest::harvestSourceKey(source.endpoint, collectionString);
    target.endpoints = *endpoints;
    target.http = connection->http;
    target.tuning.lag = std::chrono::seconds(source.lagSeconds);
    target.tuning.lookback = std::chrono::seconds(source.lookbackSeconds);
    target.tuning.pageSize = source.pageSize;
    target.tuning.fetchThreads = source.threads;
    target.tuning.commitBatch = source.batchSize;
    return target;
}

mirror::Result<QStringList> offeredCollections(const mirror::PartnerSource &source)
{
    auto connection = sourceConnection(source);
    if (!connection)
        return connection.error();
    net::ServiceLocator locator(connection->http);
    auto endpoints = locator.locate(connection->spec, connection->held);
    if (!endpoints)
        return endpoints.error();
    net::RepositoryClient client(*endpoints, connection->http);
    auto names = client.listCollections();
    if (!names)
        return names.error();
    QStringList collections;
    for (const auto &name : *names)
        collections << QString::fromStdString(name);
    return collections;
}

} // namespace cli
