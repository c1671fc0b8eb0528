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

class ObservationListing {
public:
    explicit ObservationListing(std::shared_ptr<Store> store);

    // Rows to `visit` in order; visit returning false stops early.
    mirror::Result<void> list(const StateListingQuery &query,
                              const std::function<bool(const StateListingRow &)> &visit) const;

    // Whether the collection exists here: any observation, or any deletion event, in it.
    mirror::Result<bool> hasCollection(const QString &collection) const;
    // Every collection with an observation or a deletion event, by name.
    mirror::Result<QStringList> collections() const;

private:
    std::shared_ptr<Store> m_store;
};

} // namespace store
