// Discover (spec caom2-sync.md §3.3, Ours): walk the collection's observations in the order they were stored,
// after the artifact cursor; queue every released artifact that is not here verified as the metadata
// describes it; commit each page's queue rows with the cursor that produced them.
#include "store/artifact_copy_store.h"
#include "store/artifact_index.h"
#include "store/harvest_lease_store.h"
#include "store/harvest_state_store.h"
#include "store/skip_record_store.h"
#include "sync/artifact_passes.h"

#include <QDateTime>
#include <QFileInfo>

namespace harvest::detail {

namespace {

// Why a released artifact needs a download, or "" when the local copy already matches its metadata.
QString whyQueue(const store::IndexedArtifact &a, const std::optional<store::ArtifactCopy> &copy,
                 const artifact::ArtifactRoot &root)
{
    if (!copy)
        return QStringLiteral("new");
    if (copy->contentChecksum != a.checksum)
        return QStringLiteral("changed checksum");
    if (copy->contentLength != a.contentLength)
        return QStringLiteral("changed length");
    if (copy->state != store::ArtifactCopyState::verified)
        return QStringLiteral("%1 copy").arg(copy->state);
    const auto path = root.isNull() ? mirror::Result<QString>(copy->localPath) : root.locateUri(a.uri);
    const QFileInfo file(path ? *path : QString());
    if (!path || !file.isFile())
        return QStringLiteral("missing file");
    if (a.contentLength && file.size() != *a.contentLength)
        return QStringLiteral("wrong file size");
    return {};
}

} // namespace

mirror::Result<void> discoverArtifacts(ArtifactContext &c)
{
    const ArtifactRequest &r = c.request;
    const QString &key = r.target.harvestSource;
    store::ArtifactIndex index(c.store);
    store::HarvestStateStore states(c.store, c.clock);
    store::SkipRecordStore skips(c.store, c.clock);
    store::ArtifactCopyStore copies(c.store, c.clock);
    // The root, if there is one yet, to check that "verified" copies are still on disk.
    auto opened = openRoot(r, false);
    const artifact::ArtifactRoot root = opened ? *opened : artifact::ArtifactRoot();

    // stored_at is stamped inside the writer's transaction: while a harvest of this collection runs, the last
    // moments may still commit, so they wait for the next discover.
    qint64 until = QDateTime::currentMSecsSinceEpoch();
    auto holder = store::HarvestLeaseStore(c.store, c.clock).holderOf(key);
    if (!holder)
        return holder.error();
    if (*holder && (*holder)->expiresAt > c.clock())
        until -= r.settle.count();

    auto state = states.get(key, store::HarvestEntity::artifact);
    if (!state)
        return state.error();
    store::HarvestCursor cursor = state->cursor;
    const qint64 now = c.clock();
    while (true) {
        if (!c.control.checkpoint())
            return cancelledError();
        auto page = index.storedAfter(r.target.collection, cursor, until, r.pageSize);
        if (!page)
            return page.error();
        if (page->empty())
            return {};
        std::vector<qint64> keys;
        for (const auto &o : *page)
            keys.push_back(o.obsKey);
        auto artifacts = index.artifactsOf(r.target.collection, keys);
        if (!artifacts)
            return artifacts.error();
        QSqlDatabase db = c.store->database();
        store::Transaction transaction(db);
        ArtifactCounts counts;
        for (const store::IndexedArtifact &a : *artifacts) {
            ++counts.examined;
            if (!a.releaseDate) {
                ++counts.neverReleased;
                continue;
            }
            auto copy = copies.get(a.uri);
            if (!copy)
                return copy.error();
            const QString why = whyQueue(a, *copy, root);
            if (why.isEmpty()) {
                ++counts.present;
                continue;
            }
            auto queued = skips.get(key, store::HarvestEntity::artifact, a.uri);
            if (!queued)
                return queued.error();
            if (*queued) // already waiting (or backing off after a failure): its row and schedule stay
                continue;
            const bool proprietary = *a.releaseDate > now;
            store::SkipFailure row;
            row.source = key;
            row.cname = store::HarvestEntity::artifact;
            row.skipID = a.uri;
            row.tryAfter = *a.releaseDate;
            row.errorMessage = (proprietary ? QStringLiteral("Proprietary") : QStringLiteral("Public"))
                + QStringLiteral(" (") + why + QLatin1Char(')');
            row.reason = mirror::ErrorCategory::PerItem;
            if (auto recorded = skips.record(db, row); !recorded)
                return recorded.error();
            ++counts.queued;
            if (proprietary)
                ++counts.proprietary;
        }
        cursor = {page->back().storedAt, page->back().id};
        if (auto saved = states.put(db, key, store::HarvestEntity::artifact, cursor); !saved)
            return saved;
        if (auto committed = transaction.commit(); !committed)
            return committed;
        c.report.counts.examined += counts.examined;
        c.report.counts.neverReleased += counts.neverReleased;
        c.report.counts.present += counts.present;
        c.report.counts.queued += counts.queued;
        c.report.counts.proprietary += counts.proprietary;
        if (c.progress)
            c.progress(
                {QStringLiteral("discovering"), c.report.counts.examined, std::nullopt, 0, std::nullopt, 0, {}, {}});
    }
}

} // namespace harvest::detail
