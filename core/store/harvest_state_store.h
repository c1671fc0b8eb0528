#pragma once

#include "common/result.h"
#include "store/clock.h"
#include "store/store.h"

#include <QSqlDatabase>
#include <QString>
#include <QUuid>

#include <memory>
#include <optional>
#include <vector>

// Harvest cursors in the reference's HarvestState table: one row per (source, cname), where source is the
// harvest key ("{resourceID}?{collection}") and cname the entity type harvested.
namespace store {

namespace HarvestEntity {
inline const QString observation = QStringLiteral("Observation");
inline const QString deletedObservation = QStringLiteral("DeletedObservation");
inline const QString artifact = QStringLiteral("Artifact");
} // namespace HarvestEntity

// Where a harvest resumes: the timestamp of the last processed event and the id of the entity processed at
// that timestamp. Both empty means "from the beginning".
struct HarvestCursor {
    std::optional<qint64> lastModified; // ms since 1970, UTC
    std::optional<QUuid> id;

    bool operator==(const HarvestCursor &) const = default;
};

struct HarvestState {
    QString source;
    QString cname;
    HarvestCursor cursor;
    std::optional<qint64> lastModified; // when the row was last written (last progress); empty: no row
    std::optional<QUuid> stateID;       // empty: no row yet (a never-harvested source)
};

class HarvestStateStore {
public:
    explicit HarvestStateStore(std::shared_ptr<Store> store, Clock clock = systemClock());

    // The state of (source, cname), or an empty state (no cursor, no stateID) when there is no row.
    mirror::Result<HarvestState> get(const QString &source, const QString &cname) const;

    // Inserts or updates the row of (source, cname); a new row gets a random stateID. Stamps lastModified.
    mirror::Result<void> put(const QString &source, const QString &cname, const HarvestCursor &cursor);
    // The same on the caller's connection, typically inside the caller's Transaction, so that an observation
    // and the cursor that produced it commit (or roll back) together.
    mirror::Result<void> put(const QSqlDatabase &db, const QString &source, const QString &cname,
                             const HarvestCursor &cursor);

    // Every row, by source and cname.
    mirror::Result<std::vector<HarvestState>> list() const;

    // Removes the source's rows (every cname, or only `cname`): the next harvest starts from the beginning.
    // Returns how many rows went.
    mirror::Result<int> remove(const QString &source, const QString &cname = {});

private:
    std::shared_ptr<Store> m_store;
    Clock m_clock;
};

} // namespace store
