#include "store/harvest_lease_store.h"

#include "common/logging.h"
#include "store/sql_values.h"

#include <QSqlQuery>
#include <QVariant>

namespace store {
namespace {

HarvestLease leaseFrom(const QSqlQuery &query)
{
    HarvestLease lease;
    lease.key = query.value(0).toString();
    lease.holder = query.value(1).toString();
    lease.acquiredAt = query.value(2).toLongLong();
    lease.renewedAt = query.value(3).toLongLong();
    lease.expiresAt = query.value(4).toLongLong();
    return lease;
}

const QString leaseColumns =
    QStringLiteral("SELECT lease_key, holder, acquired_at, renewed_at, expires_at FROM harvest_lease");

} // namespace

HarvestLeaseStore::HarvestLeaseStore(std::shared_ptr<Store> store, Clock clock)
    : m_store(std::move(store)),
      m_clock(std::move(clock))
{}

mirror::Result<bool> HarvestLeaseStore::acquire(const QString &key, const QString &holder, qint64 ttlMs)
{
    const qint64 now = m_clock();
    auto before = holderOf(key);
    if (!before)
        return before.error();
    // One statement decides: insert, or take over only when expired or already ours. The database's own
    // conflict handling makes it atomic between processes.
    QSqlQuery query(m_store->database());
    if (auto ok = sql::run(
            query,
            QStringLiteral(
                "INSERT INTO harvest_lease (lease_key, holder, acquired_at, renewed_at, expires_at) VALUES (?, ?, ?, "
                "?, ?)"
                " ON CONFLICT (lease_key) DO UPDATE SET holder = excluded.holder,"
                " acquired_at = CASE WHEN harvest_lease.holder = excluded.holder THEN harvest_lease.acquired_at"
                " ELSE excluded.acquired_at END,"
                " renewed_at = excluded.renewed_at, expires_at = excluded.expires_at"
                " WHERE harvest_lease.expires_at < ? OR harvest_lease.holder = excluded.holder"),
            {key, holder, now, now, now + ttlMs, now}, QStringLiteral("cannot take the lease on %1").arg(key));
        !ok)
        return ok.error();
    if (query.numRowsAffected() != 1)
        return false;
    if (before->has_value() && (*before)->holder != holder)
        qCInfo(lcSync, "lease on %s taken over from %s (expired)", qPrintable(key), qPrintable((*before)->holder));
    return true;
}

mirror::Result<bool> HarvestLeaseStore::takeOver(const QString &key, const QString &deadHolder, const QString &holder,
                                                 qint64 ttlMs)
{
    const qint64 now = m_clock();
    QSqlQuery query(m_store->database());
    if (auto ok = sql::run(query,
                           QStringLiteral("UPDATE harvest_lease SET holder = ?, acquired_at = ?, renewed_at = ?,"
                                          " expires_at = ? WHERE lease_key = ? AND holder = ?"),
                           {holder, now, now, now + ttlMs, key, deadHolder},
                           QStringLiteral("cannot take over the lease on %1").arg(key));
        !ok)
        return ok.error();
    if (query.numRowsAffected() != 1)
        return false;
    qCInfo(lcSync, "lease on %s taken over from %s (that process has ended)", qPrintable(key), qPrintable(deadHolder));
    return true;
}

mirror::Result<bool> HarvestLeaseStore::renew(const QString &key, const QString &holder, qint64 ttlMs)
{
    const qint64 now = m_clock();
    QSqlQuery query(m_store->database());
    if (auto ok =
            sql::run(query,
                     QStringLiteral(
                         "UPDATE harvest_lease SET renewed_at = ?, expires_at = ? WHERE lease_key = ? AND holder = ?"),
                     {now, now + ttlMs, key, holder}, QStringLiteral("cannot renew the lease on %1").arg(key));
        !ok)
        return ok.error();
    return query.numRowsAffected() == 1;
}

mirror::Result<void> HarvestLeaseStore::release(const QString &key, const QString &holder)
{
    QSqlQuery query(m_store->database());
    return sql::run(query, QStringLiteral("DELETE FROM harvest_lease WHERE lease_key = ? AND holder = ?"),
                    {key, holder}, QStringLiteral("cannot release the lease on %1").arg(key));
}

mirror::Result<std::optional<HarvestLease>> HarvestLeaseStore::holderOf(const QString &key) const
{
    QSqlQuery query(m_store->database());
    if (auto ok = sql::run(query, leaseColumns + QStringLiteral(" WHERE lease_key = ?"), {key},
                           QStringLiteral("cannot read the lease on %1").arg(key));
        !ok)
        return ok.error();
    if (!query.next())
        return std::optional<HarvestLease>();
    return std::optional<HarvestLease>(leaseFrom(query));
}

mirror::Result<std::vector<HarvestLease>> HarvestLeaseStore::list() const
{
    QSqlQuery query(m_store->database());
    if (auto ok = sql::run(query, leaseColumns + QStringLiteral(" ORDER BY lease_key"), {},
                           QStringLiteral("cannot list leases"));
        !ok)
        return ok.error();
    std::vector<HarvestLease> leases;
    while (query.next())
        leases.push_back(leaseFrom(query));
    return leases;
}

} // namespace store
