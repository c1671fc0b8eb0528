#include "sync/source_resolver.h"

#include "common/logging.h"
#include "net/repository_client.h"
#include "net/service_locator.h"

namespace harvest {
namespace {

QString text(const std::string &value)
{
    return QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()));
}

mirror::Error named(const mirror::PartnerSource &source, mirror::Error error)
{
    error.message = source.name.toStdString() + ": " + error.message;
    return error;
}

bool wasCancelled(const std::atomic<bool> *cancelled)
{
    return cancelled && cancelled->load();
}

} // namespace

mirror::Result<ResolvedSource> resolveSource(const mirror::PartnerSource &source, const std::atomic<bool> *cancelled,
                                             const store::Clock &clock)
{
    ResolvedSource resolved;
    resolved.source = source;
    auto connection = net::sourceConnection(source);
    if (!connection)
        return connection.error();
    resolved.connection = std::move(*connection);

    net::ServiceLocator locator(resolved.connection.http);
    auto endpoints = locator.locate(resolved.connection.spec, resolved.connection.held, cancelled);
    if (!endpoints)
        return named(source, endpoints.error());
    resolved.endpoints = std::move(*endpoints);

    // One small request answers two questions: which collections the partner has, and what time it is there.
    // A partner that cannot list them is not refused here: a configured collection may still be harvestable,
    // and the listing that follows will say precisely what fails.
    net::RepositoryClient client(resolved.endpoints, resolved.connection.http);
    auto collections = client.readCollections(cancelled);
    resolved.partnerClock.readAtMs = clock();
    if (!collections) {
        if (collections.error().category == mirror::ErrorCategory::Cancelled || wasCancelled(cancelled))
            return mirror::Error{mirror::ErrorCategory::Cancelled, "cancelled"};
        resolved.partnerClock.failure = text(collections.error().message);
        return resolved;
    }
    for (const std::string &name : collections->names)
        resolved.offered << text(name);
    resolved.partnerClock.partnerDateMs = collections->serverDateMs;
    return resolved;
}

HarvestTarget harvestTarget(const ResolvedSource &resolved, const QString &collectionString)
{
    const mirror::PartnerSource &source = resolved.source;
    HarvestTarget target;
    target.sourceName = source.name;
    const auto [collection, filter] = splitCollectionString(collectionString);
    target.collection = collection;
    target.listingFilter = filter;
    // The key names the service as the operator configured it, as the reference does, so a changed
    // endpoint is a new harvest state (and `sources add` asks before making that change).
    target.harvestSource = harvestSourceKey(source.endpoint, collectionString);
    target.endpoints = resolved.endpoints;
    target.http = resolved.connection.http;
    target.partnerClock = resolved.partnerClock;
    target.tuning.lag = std::chrono::seconds(source.lagSeconds);
    target.tuning.lookback = std::chrono::seconds(source.lookbackSeconds);
    target.tuning.pageSize = source.pageSize;
    target.tuning.fetchThreads = source.threads;
    target.tuning.commitBatch = source.batchSize;
    return target;
}

mirror::Result<HarvestPlan> planHarvest(const mirror::PartnerSource &source, const QStringList &collections,
                                        const HarvestRequest &base, const std::atomic<bool> *cancelled,
                                        const store::Clock &clock)
{
    auto resolved = resolveSource(source, cancelled, clock);
    if (!resolved)
        return resolved.error();
    QStringList chosen = collections.isEmpty() ? source.collections : collections;
    HarvestPlan plan;
    if (chosen.isEmpty()) {
        // A source configured without collections mirrors every collection it offers.
        if (!resolved->partnerClock.failure.isEmpty())
            return mirror::Error{mirror::ErrorCategory::Transient,
                                 QStringLiteral("%1: cannot list the collections it offers: %2")
                                     .arg(source.name, resolved->partnerClock.failure)
                                     .toStdString()};
        if (resolved->offered.isEmpty())
            return mirror::Error{mirror::ErrorCategory::Fatal, source.name.toStdString() + " offers no collections"};
        chosen = resolved->offered;
    } else if (resolved->partnerClock.failure.isEmpty()) {
        // A configured "HLSP?telescope=X" harvests collection HLSP: compare what precedes the filter.
        for (const QString &collection : chosen) {
            if (!resolved->offered.contains(splitCollectionString(collection).first))
                plan.notes << QStringLiteral("%1 does not list collection %2").arg(source.name, collection);
        }
    }
    for (const QString &collection : chosen) {
        HarvestRequest request = base;
        request.target = harvestTarget(*resolved, collection);
        plan.requests.push_back(std::move(request));
    }
    return plan;
}

} // namespace harvest
