#pragma once

#include "common/result.h"
#include "store/store.h"

#include <QSqlDatabase>
#include <QString>
#include <QUuid>

#include <QStringList>

#include <map>
#include <memory>
#include <optional>

// The small, hot questions a harvest asks the store about one observation (does it exist, under which UUID,
// with which checksum) and the one state change it makes without rewriting the document (mark a kept copy
// stale). Each is one indexed statement on the calling thread's connection, so it joins the caller's
// transaction when there is one.
namespace store {

struct ObservationKey {
    QString collection;
    QString observationID;
    QString id; // UUID text
    QString accMetaChecksum;
    std::optional<qint64> maxLastModified; // ms since 1970, UTC
    QString source;
    QString state;
    qint64 obsKey = 0; // the row's key in the store (entity rows refer to it)
};

class ObservationLookup {
public:
    explicit ObservationLookup(std::shared_ptr<Store> store);

    mirror::Result<std::optional<ObservationKey>> byUri(const QString &collection, const QString &observationID) const;
    mirror::Result<std::optional<ObservationKey>> byId(const QUuid &id) const;
    // Many observations of one collection at once, keyed by observationID (absent ones are left out): a few
    // statements for a whole batch instead of one per observation, each of which is a network round trip on
    // PostgreSQL.
    mirror::Result<std::map<QString, ObservationKey>> byUris(const QString &collection,
                                                             const QStringList &observationIDs) const;

    // Sets the observation's state (ok, stale, differs) and keeps the per-state counters right. False when
    // there is no such observation.
    mirror::Result<bool> setState(const QString &collection, const QString &observationID, const QString &state);

private:
    mirror::Result<std::optional<ObservationKey>> one(const QString &where, const QVariantList &values,
                                                      const QString &what) const;
    std::shared_ptr<Store> m_store;
};

} // namespace store
