#pragma once

#include "common/result.h"
#include "store/store.h"

#include <QString>

#include <functional>
#include <memory>
#include <optional>

// The repository protocol's observation-state listing served from the store: a collection's rows in
// maxLastModified order within inclusive bounds, at most `limit`, ties in a stable order (the row key), so
// a client paging by timestamp sees the same rows every time.
namespace store {

struct StateListingRow {
    QString observationID;
    std::optional<qint64> maxLastModified; // ms since 1970, UTC
    QString accMetaChecksum;
};

struct StateListingQuery {
    QString collection;
    std::optional<qint64> start; // inclusive
    std::optional<qint64> end;   // inclusive
    int limit = 100000;
    bool descending = false;
};

// Where a listing read page by page stands (keyset pagination): after the last row handed out, so each page
// is one short query on the listing index however long the listing is, and no page is held open between
// calls. Rows without a maxLastModified form their own segment, placed where the engine sorts NULLs (SQLite
// first when ascending, PostgreSQL last), so the pages together list exactly what list() lists.
struct ListingCursor {
    int segment = 0;      // 0 or 1: which of the two segments (with and without a timestamp) is being read
    bool hasLast = false; // a row of this segment was handed out: the next page starts after it
    qint64 lastModified = 0;
    qint64 lastKey = 0;
    qint64 listed = 0; // rows handed out so far, against the query's limit
    bool finished = false;
};

class ObservationListing {
public:
    explicit ObservationListing(std::shared_ptr<Store> store);

    // Rows to `visit` in order; visit returning false stops early.
    mirror::Result<void> list(const StateListingQuery &query,
                              const std::function<bool(const StateListingRow &)> &visit) const;

    // The next at most `rows` rows after `cursor`, which moves past them; cursor.finished once none remain
    // (or the query's limit is reached). A page may hold fewer than `rows` rows without being the last.
    mirror::Result<void> nextPage(const StateListingQuery &query, ListingCursor &cursor, int rows,
                                  const std::function<void(const StateListingRow &)> &visit) const;

    // Whether the collection exists here: any observation, or any deletion event, in it.
    mirror::Result<bool> hasCollection(const QString &collection) const;
    // Every collection with an observation or a deletion event, by name.
    mirror::Result<QStringList> collections() const;

private:
    std::shared_ptr<Store> m_store;
};

} // namespace store
