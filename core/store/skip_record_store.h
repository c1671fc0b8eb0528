#pragma once

#include "common/error.h"
#include "common/result.h"
#include "store/clock.h"
#include "store/store.h"

#include <QSqlDatabase>
#include <QString>
#include <QUuid>

#include <memory>
#include <optional>
#include <vector>

// Skip records in the reference's HarvestSkipURI table: items that failed and wait for a retry (and, for
// artifacts, the download queue). Our extra columns say why (reasonClass), how often (attempts) and since
// when (firstFailure).
class QSqlQuery;

namespace store {

// One failure to record.
struct SkipFailure {
    QString source;
    QString cname;        // see HarvestEntity
    QString skipID;       // caom:{collection}/{observationID} or an artifact URI
    qint64 tryAfter = 0;  // observations: their maxLastModified (retry order); artifacts: earliest next try
    QString errorMessage; // stored cut to errorMessageLength characters
    mirror::ErrorCategory reason = mirror::ErrorCategory::PerItem;
};

struct SkipRecord {
    QUuid id;
    QString source;
    QString cname;
    QString skipID;
    std::optional<qint64> tryAfter; // ms since 1970, UTC
    QString errorMessage;
    QString bucket;                     // first 3 hex digits of id: partitions work between downloaders
    std::optional<qint64> lastModified; // last failure (row write time)
    QString reasonClass;                // mirror::categoryName(ErrorCategory) of the last failure
    int attempts = 0;
    std::optional<qint64> firstFailure;
};

// Which records to list. Empty texts and unset optionals do not filter.
struct SkipQuery {
    QString source;
    QString cname;
    std::optional<qint64> dueBy;                 // tryAfter <= dueBy (rows without tryAfter are never due)
    std::optional<mirror::ErrorCategory> reason; // reasonClass
    // lastModified < writtenBefore: a retry pass passes its start time so that rows it rewrote itself are
    // not selected again (the reference's retry loop hazard).
    std::optional<qint64> writtenBefore;
    int limit = 1000;
};

struct SkipCount {
    QString source;
    QString cname;
    QString reasonClass;
    qint64 count = 0;
};

// The columns of HarvestSkipURI as the store reads them, and a SkipRecord from a row selected with them: for
// every query that reads skip records (this store, the display rule).
extern const char *const skipRecordColumns;
SkipRecord skipRecordFromRow(const QSqlQuery &row);

class SkipRecordStore {
public:
    // HarvestSkipURI.errorMessage is VARCHAR(1024).
    static constexpr int errorMessageLength = 1024;

    explicit SkipRecordStore(std::shared_ptr<Store> store, Clock clock = systemClock());

    // First failure of an item: a new row with attempts 1 and firstFailure now. Repeated failure: attempts
    // goes up, tryAfter, errorMessage, reasonClass and lastModified are rewritten, firstFailure is kept.
    // Returns the row as written.
    mirror::Result<SkipRecord> record(const SkipFailure &failure);
    // The same inside the caller's transaction (the reference's "advance the cursor and record the skip").
    mirror::Result<SkipRecord> record(const QSqlDatabase &db, const SkipFailure &failure);

    // A record another harvester wrote (the reference tools, see icewind_state_reader.h), taken over as it is:
    // its tryAfter (lastModified where it has none, so it comes due), message and lastModified, a new id,
    // reasonClass `reason`, one attempt and no firstFailure (the reference keeps none). A record of ours for the same
    // item is kept instead. Returns whether the record was added.
    mirror::Result<bool> adopt(const QSqlDatabase &db, const SkipRecord &record, mirror::ErrorCategory reason);

    // Removes the record of an item that now succeeded (or is gone at the source). False if there was none.
    mirror::Result<bool> remove(const QString &source, const QString &cname, const QString &skipID);
    mirror::Result<bool> remove(const QSqlDatabase &db, const QString &source, const QString &cname,
                                const QString &skipID);
    // Every record of a source (every cname, or only `cname`), for a whole-source reset. Returns the count.
    mirror::Result<int> removeSource(const QString &source, const QString &cname = {});

    mirror::Result<std::optional<SkipRecord>> get(const QString &source, const QString &cname,
                                                  const QString &skipID) const;

    // Records in tryAfter order (then id), at most query.limit; rows without tryAfter come last.
    mirror::Result<std::vector<SkipRecord>> list(const SkipQuery &query) const;

    // The backlog per (source, cname, reasonClass), optionally of one source.
    mirror::Result<std::vector<SkipCount>> counts(const QString &source = {}) const;

private:
    std::shared_ptr<Store> m_store;
    Clock m_clock;
};

} // namespace store
