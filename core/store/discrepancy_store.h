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

// Discrepancies found by validate and compare runs: what differs between a partner and us, per observation,
// until a later run clears it or an operator acknowledges it.
namespace store {

// The artifact classes are found by artifact validate: a file the metadata expects is absent, a file whose
// length or checksum differs from its metadata, a file no artifact names, a file matching our metadata while
// the partner's has changed. For them observationID holds the artifact URI (the relative path for an
// unexpected file), and the checksums are the file's (local) and the metadata's (remote).
enum class DiscrepancyClass {
    MissingLocally,
    MissingRemotely,
    ChecksumDiffers,
    TimestampDiffers,
    Pending,
    ArtifactMissing,
    ArtifactCorrupt,
    ArtifactUnexpected,
    ArtifactStale,
};

// missing-locally | missing-remotely | checksum-differs | timestamp-differs | pending | artifact-missing |
// artifact-corrupt | artifact-unexpected | artifact-stale
QString discrepancyClassName(DiscrepancyClass cls);
std::optional<DiscrepancyClass> discrepancyClassFromName(const QString &text);

struct Discrepancy {
    qint64 key = 0; // set by the store
    QString source;
    QString collection;
    QString observationID;
    DiscrepancyClass cls = DiscrepancyClass::Pending;
    QString localChecksum; // accMetaChecksum, "" when unknown or absent
    QString remoteChecksum;
    std::optional<qint64> localModified; // maxLastModified, ms since 1970, UTC
    std::optional<qint64> remoteModified;
    qint64 detectedAt = 0; // set by the store when added
    bool acknowledged = false;
    std::optional<qint64> runKey; // the sync_run that found it
};

struct DiscrepancyCount {
    QString source;
    QString collection;
    DiscrepancyClass cls = DiscrepancyClass::Pending;
    qint64 count = 0;
    qint64 unacknowledged = 0;
};

class DiscrepancyStore {
public:
    explicit DiscrepancyStore(std::shared_ptr<Store> store, Clock clock = systemClock());

    // Adds a run's findings in one transaction (all or none), detected now.
    mirror::Result<void> add(const std::vector<Discrepancy> &found);
    // The same inside the caller's transaction (e.g. clear() and the first findings of a validate run).
    mirror::Result<void> add(const QSqlDatabase &db, const std::vector<Discrepancy> &found);

    // The discrepancies of (source, collection): unacknowledged first, then by observationID; a window of
    // `limit` rows from `offset`.
    mirror::Result<std::vector<Discrepancy>> list(const QString &source, const QString &collection, int limit,
                                                  qint64 offset = 0) const;

    // Marks one discrepancy seen by an operator. False when there is no such discrepancy.
    mirror::Result<bool> acknowledge(qint64 key);

    // Removes every (metadata) discrepancy of (source, collection), acknowledged or not, before a new validate
    // run; artifact findings are left to artifact validate.
    // Returns how many went.
    mirror::Result<int> clear(const QString &source, const QString &collection);
    mirror::Result<int> clear(const QSqlDatabase &db, const QString &source, const QString &collection);

    // A validate run's findings replace the earlier picture only once the run has compared everything: then
    // the discrepancies of (source, collection) that other runs found go. Returns how many went.
    mirror::Result<int> clearOtherRuns(const QString &source, const QString &collection, qint64 runKey);
    // The artifact findings of (source, collection), replaced by each artifact validate in its transaction.
    mirror::Result<int> clearArtifactFindings(const QSqlDatabase &db, const QString &source, const QString &collection);
    // A run that stopped early (cancelled, failed) withdraws its partial findings; the earlier ones stay.
    mirror::Result<int> clearRun(qint64 runKey);
    // Repair fixed these observations: what was found about them no longer holds.
    mirror::Result<int> resolve(const QString &source, const QString &collection, const QStringList &observationIDs);
    // Counts per (source, collection, class), of every pair or of one (source, collection).
    mirror::Result<std::vector<DiscrepancyCount>> counts(const QString &source = {},
                                                         const QString &collection = {}) const;

private:
    std::shared_ptr<Store> m_store;
    Clock m_clock;
};

} // namespace store
