#pragma once

#include "common/result.h"
#include "store/clock.h"
#include "store/store.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

// What each partner lists: per (source, collection), the latest listing row of every observation a harvest
// or validate pass saw there. It lets partners be compared with each other and with the local copy without
// fetching anything again (partner_comparison.h). `source` is the operator's name for the partner ("MAST").
namespace store {

struct ListingRow {
    QString observationID;
    QString accMetaChecksum; // "" when the partner listed none
    std::optional<qint64> maxLastModified;
    qint64 seenAt = 0; // when a pass last saw this row, ms since 1970 UTC; set by the store on record()
};

struct SourceHolding {
    QString source;
    QString collection;
    qint64 observations = 0;
    std::optional<qint64> lastSeen; // the newest seenAt
};

class SourceListingStore {
public:
    explicit SourceListingStore(std::shared_ptr<Store> store, Clock clock = systemClock());

    // Records rows just seen at (source, collection), replacing what was kept for the same observations.
    // Inside the caller's transaction when it has one (a harvest batch commits its rows with its cursor).
    mirror::Result<void> record(const QSqlDatabase &db, const QString &source, const QString &collection,
                                const std::vector<ListingRow> &rows);
    mirror::Result<void> record(const QString &source, const QString &collection, const std::vector<ListingRow> &rows);

    // The source no longer holds these observations (a 404 on fetch). Returns how many rows went.
    mirror::Result<int> remove(const QSqlDatabase &db, const QString &source, const QString &collection,
                               const QStringList &observationIDs);
    // A deletion event from the source: the row goes unless the source listed it as modified after `deletedAt`
    // (re-created since). Returns whether a row went.
    mirror::Result<bool> removeDeleted(const QSqlDatabase &db, const QString &source, const QString &collection,
                                       const QString &observationID, qint64 deletedAt);
    // After a complete listing of (source, collection) that started at `listingStart`: rows it did not see
    // are no longer there. Returns how many went.
    mirror::Result<int> forgetUnseenSince(const QString &source, const QString &collection, qint64 listingStart);

    // The rows of (source, collection) in observationID order, a window of `limit` from `offset`.
    mirror::Result<std::vector<ListingRow>> list(const QString &source, const QString &collection, int limit,
                                                 qint64 offset = 0) const;
    // What each source holds, per collection; of one collection when `collection` is given.
    mirror::Result<std::vector<SourceHolding>> holdings(const QString &collection = {}) const;

    Clock clock() const { return m_clock; }

private:
    std::shared_ptr<Store> m_store;
    Clock m_clock;
};

} // namespace store
