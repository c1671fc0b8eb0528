#include "sync/observation_refetch.h"

#include "net/repository_client.h"
#include "net/service_locator.h"
#include "net/source_connection.h"
#include "store/discrepancy_store.h"
#include "sync/document_check.h"
#include "sync/item_committer.h"

namespace harvest {

mirror::Result<Refetched> refetchObservation(const std::shared_ptr<store::Store> &store,
                                             const mirror::PartnerSource &source, const QString &collection,
                                             const QString &observationID, const std::atomic<bool> *cancelled,
                                             store::Clock clock)
{
    const QString named = collection + QLatin1Char('/') + observationID;
    const auto fail = [&](const mirror::Error &error) {
        mirror::Error out = error;
        out.message = QStringLiteral("cannot re-harvest %1 from %2: %3")
                          .arg(named, source.name, QString::fromStdString(error.message))
                          .toStdString();
        return out;
    };
    auto connection = net::sourceConnection(source);
    if (!connection)
        return fail(connection.error());
    net::ServiceLocator locator(connection->http);
    auto endpoints = locator.locate(connection->spec, connection->held, cancelled);
    if (!endpoints)
        return fail(endpoints.error());
    net::RepositoryClient client(*endpoints, connection->http);
    auto fetched = client.getObservation(collection.toStdString(), observationID.toStdString(), cancelled);
    if (!fetched)
        return fail(fetched.error());
    if (!*fetched)
        return Refetched{
            RefetchResult::NotAtPartner,
            QStringLiteral("%1 has no observation %2: the local copy was left as it is").arg(source.name, named)};
    auto checked = checkDocument((*fetched)->xml, collection.toStdString(), observationID.toStdString(), source.name);
    if (!checked)
        return fail(checked.error());

    ItemResult item;
    item.row.collection = collection.toStdString();
    item.row.observationID = observationID.toStdString();
    item.row.maxLastModified = checked->maxLastModified;
    item.row.accMetaChecksum = checked->accMetaChecksum.toStdString();
    item.outcome = ItemOutcome::Fetched;
    item.bytes = static_cast<qint64>((*fetched)->xml.size());
    item.document = std::move(*checked);
    ItemCommitter::Options options;
    options.harvestSource = source.name;
    options.compareBeforeWrite = true;
    ItemCommitter committer(store, options, clock);
    HarvestCounts counts;
    std::vector<ItemResult> batch;
    batch.push_back(std::move(item));
    if (auto committed = committer.commit(std::move(batch), std::nullopt, counts); !committed)
        return fail(committed.error());
    if (auto resolved = store::DiscrepancyStore(store, clock).resolve(source.name, collection, {observationID});
        !resolved)
        return fail(resolved.error());
    if (counts.failed > 0)
        return mirror::Error{mirror::ErrorCategory::PerItem,
                             QStringLiteral("cannot re-harvest %1 from %2: it could not be written (see the skipped "
                                            "observations)")
                                 .arg(named, source.name)
                                 .toStdString()};
    if (counts.ingested == 0 && counts.updated == 0)
        return Refetched{RefetchResult::AlreadyCurrent,
                         QStringLiteral("%1 is already the same here as at %2").arg(named, source.name)};
    return Refetched{RefetchResult::Written, QStringLiteral("%1 re-harvested from %2").arg(named, source.name)};
}

} // namespace harvest
