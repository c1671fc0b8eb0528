#pragma once

#include "common/result.h"
#include "store/clock.h"
#include "store/store.h"

#include <QString>

#include <memory>
#include <optional>
#include <vector>

// Leases on harvest keys, so that two harvesters sharing one store (on one machine or several) never work
// the same (source, collection) at once. A lease lasts `ttl` unless renewed; a holder that died stops
// renewing, and the next harvester takes the expired lease over. Every change is one atomic statement, so
// two processes racing for a lease cannot both win, on SQLite or PostgreSQL.
namespace store {

struct HarvestLease {
    QString key;
    QString holder; // "host:pid:random" of the harvester holding it
    qint64 acquiredAt = 0;
    qint64 renewedAt = 0;
    qint64 expiresAt = 0;
};

class HarvestLeaseStore {
public:
    explicit HarvestLeaseStore(std::shared_ptr<Store> store, Clock clock = systemClock());

    // True when `holder` now holds the lease: it was free, expired (taken over, logged), or already its own
    // (renewed). False when another holder's lease is still live.
    mirror::Result<bool> acquire(const QString &key, const QString &holder, qint64 ttlMs);
    // Takes a live lease from `deadHolder`, which the caller knows has ended (a process of this machine that
    // no longer exists); false when someone else changed the lease meanwhile.
    mirror::Result<bool> takeOver(const QString &key, const QString &deadHolder, const QString &holder, qint64 ttlMs);
    // Extends a lease `holder` holds; false when it no longer does (expired and taken over).
    mirror::Result<bool> renew(const QString &key, const QString &holder, qint64 ttlMs);
    // Gives the lease up (nothing happens when someone else holds it).
    mirror::Result<void> release(const QString &key, const QString &holder);

    mirror::Result<std::optional<HarvestLease>> holderOf(const QString &key) const;
    mirror::Result<std::vector<HarvestLease>> list() const;

private:
    std::shared_ptr<Store> m_store;
    Clock m_clock;
};

} // namespace store
