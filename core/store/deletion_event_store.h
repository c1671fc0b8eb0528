#pragma once

#include "common/result.h"
#include "store/store.h"

#include <QString>
#include <QUuid>

#include <memory>
#include <optional>
#include <vector>

// Deletion events in the reference's DeletedObservation table (written by ObservationStore::remove), read
// in time order for our own serve, so that a mirror harvesting us learns of deletions.
namespace store {

struct DeletionEvent {
    QUuid id; // the deleted observation's UUID
    QString collection;
    QString observationID;
    qint64 lastModified = 0; // when it was deleted, ms since 1970, UTC
};

struct DeletionWindow {
    QString collection;          // empty: every collection
    std::optional<qint64> start; // lastModified >= start (inclusive)
    std::optional<qint64> end;   // lastModified <= end (inclusive)
    int limit = 1000;
};

class DeletionEventStore {
public:
    explicit DeletionEventStore(std::shared_ptr<Store> store);

    // Events in the window ordered by lastModified, then id (the reference's paging order), at most limit.
    mirror::Result<std::vector<DeletionEvent>> list(const DeletionWindow &window) const;

private:
    std::shared_ptr<Store> m_store;
};

} // namespace store
