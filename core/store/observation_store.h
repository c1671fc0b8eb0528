#pragma once

#include "caom2/checksum.h"
#include "caom2/entities.h"
#include "common/result.h"
#include "store/store.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

// Observations in the store: whole-subtree upserts and deletes, the document itself, and the index rows
// the console and jobs query without parsing documents.
namespace store {

// What an observation's row says about it (enough for lists, filters and comparisons).
struct ObservationSummary {
    qint64 key = 0;
    QString source;
    QString collection;
    QString observationID;
    QString uri;             // caom:<collection>/<observationID>
    QString id;              // UUID text
    QString observationType; // SimpleObservation | DerivedObservation
    QString type;            // CAOM Observation.type (OBJECT, FLAT...)
    QString intent;
    QString instrument;
    QString targetName;
    std::optional<qint64> lastModified; // ms since 1970, UTC
    std::optional<qint64> maxLastModified;
    QString metaChecksum;
    QString accMetaChecksum;
    QString state; // see ObservationState
    int caomVersion = 24;
};

// The state an observation is in, as views and charts count it.
namespace ObservationState {
inline const QString ok = QStringLiteral("ok");           // verified and current
inline const QString stale = QStringLiteral("stale");     // a refresh failed; this good copy was kept
inline const QString differs = QStringLiteral("differs"); // validate/compare found it differs from a partner
} // namespace ObservationState

struct UpsertItem {
    UpsertItem() = default;
    UpsertItem(caom2::Observation o, QString from = {}, QString initialState = ObservationState::ok, int version = 24)
        : observation(std::move(o)),
          source(std::move(from)),
          state(std::move(initialState)),
          caomVersion(version)
    {}

    caom2::Observation observation;
    QString source; // "" for imported documents
    QString state = ObservationState::ok;
    int caomVersion = 24; // version of the document as received
};

// A stored document as CAOM 2.4 XML and the accMetaChecksum of its observation row.
struct DocumentWithChecksum {
    QByteArray xml;
    QString accMetaChecksum;
};

// An observation made ready for the store on any thread: its compressed document and every entity's
// checksums. Preparing is most of the cost of an upsert, so a harvest prepares in its worker threads and
// leaves the one writer nothing but SQL.
struct PreparedObservation {
    UpsertItem item;
    QByteArray document;                           // as stored (see document_codec.h)
    int documentSize = 0;                          // uncompressed bytes
    std::vector<caom2::EntityChecksums> checksums; // computed, in document pre-order
};

// Thread-safe; fails (per item) when the observation cannot be written as a document.
mirror::Result<PreparedObservation> prepareUpsert(UpsertItem item);

// The order of a filtered collection's rows. Each key is served by an index on (collection, key, ...) and
// broken by observationID, so rows never swap places between two windows of the same listing. Rows without
// an instrument or a modification time come where the database engine puts missing values (first in
// ascending order on SQLite, last on PostgreSQL); counting and locating a row follow the same rule.
enum class ObservationSortKey { ObservationId, Instrument, Modified };

struct ObservationOrder {
    ObservationSortKey key = ObservationSortKey::ObservationId;
    bool descending = false;
    bool operator==(const ObservationOrder &) const = default;
};

struct ObservationFilter {
    QString collection; // required for windows
    // Only the observations that came from this partner ("" = imported from files); unset: from any partner.
    std::optional<QString> source;
    QString idPrefix;   // observationID starts with (uses the index)
    QString idContains; // observationID contains, ignoring case (a trigram index serves three characters or more)
    QString instrument;
    QString state;
    std::optional<qint64> modifiedFrom; // maxLastModified >= (ms)
    std::optional<qint64> modifiedTo;   // maxLastModified <= (ms)
    bool onlyDifferences = false;       // state other than ok, or an unacknowledged discrepancy
    ObservationOrder order;             // not a condition: the order of windows and of rowOf()
    bool operator==(const ObservationFilter &) const = default;
};

// A node of the observation tree, for lazy browsing.
enum class NodeKind { Observation, Plane, Artifact, Part, Chunk };

struct TreeNode {
    NodeKind kind = NodeKind::Observation;
    qint64 key = 0; // row key in its table; with obsKey identifies the node
    qint64 obsKey = 0;
    QString label; // productID, artifact URI, part name, chunk id
    QString id;    // UUID text
    QString metaChecksum;
    QString accMetaChecksum;
    int childCount = 0;
    QString detail; // a short description: calibration level, content length, axes...
};

struct CollectionCount {
    QString source;
    QString collection;
    QString state;
    qint64 count = 0;
};

class ObservationStore {
public:
    explicit ObservationStore(std::shared_ptr<Store> store);

    // Replaces each observation's whole subtree, all in one transaction: after a crash the store holds
    // either every observation of the batch as it was before or every one as given, never a mix.
    mirror::Result<void> upsert(const std::vector<UpsertItem> &batch);
    mirror::Result<void> upsertPrepared(const std::vector<PreparedObservation> &batch);

    // Deletes an observation and records a DeletedObservation event (so our own serve publishes it).
    // Returns false when there was nothing to delete.
    mirror::Result<bool> remove(const QString &collection, const QString &observationID);

    // The stored document read back as a model (its checksums equal those it had when written).
    mirror::Result<std::optional<caom2::Observation>> load(const QString &collection,
                                                           const QString &observationID) const;
    // The stored document as CAOM 2.4 XML, exactly as kept.
    mirror::Result<std::optional<QByteArray>> document(const QString &collection, const QString &observationID) const;
    // The same with the observation's accMetaChecksum, read by one statement (a served document and its ETag).
    mirror::Result<std::optional<DocumentWithChecksum>> documentWithChecksum(const QString &collection,
                                                                             const QString &observationID) const;

    mirror::Result<std::optional<ObservationSummary>> summary(const QString &collection,
                                                              const QString &observationID) const;

    // A window of a filtered collection in the filter's order: rows after `afterObservationID` (keyset paging,
    // cheap at any depth; only in observationID order, ascending or descending), or from `offset` when no key is
    // given.
    mirror::Result<std::vector<ObservationSummary>>
    window(const ObservationFilter &filter, int limit, const QString &afterObservationID = {}, qint64 offset = 0) const;
    mirror::Result<qint64> count(const ObservationFilter &filter) const;
    // The row an observation has in the filtered collection's order (the number of matching observations before
    // it); nullopt when it does not match the filter (or is not in the store).
    mirror::Result<std::optional<qint64>> rowOf(const ObservationFilter &filter, const QString &observationID) const;

    // Children of a node: planes of an observation and artifacts of a plane from their rows; parts of an
    // artifact and chunks of a part read from the observation's stored document (schema version 11).
    mirror::Result<std::vector<TreeNode>> children(NodeKind parentKind, qint64 parentKey, qint64 obsKey) const;

    // Observation counts per (source, collection, state), from the counters kept with every write.
    mirror::Result<std::vector<CollectionCount>> counts() const;
    // Collections with their observation count, by name.
    mirror::Result<std::vector<std::pair<QString, qint64>>> collections() const;
    // The distinct non-empty instrument names of a collection, sorted case-insensitively. One index lookup per
    // name (a loose index scan), so it stays fast on a collection of millions.
    mirror::Result<QStringList> instruments(const QString &collection) const;

    // Every observation of a collection in observationID order, for export and validation, without holding
    // more than one page in memory.
    mirror::Result<void> forEachInCollection(const QString &collection,
                                             const std::function<bool(const ObservationSummary &)> &visit) const;

private:
    std::shared_ptr<Store> m_store;
};

// Times: stored as integer milliseconds since 1970 in our tables; the reference-named tables use
// timestamps, written as UTC text "yyyy-MM-dd HH:mm:ss.zzz" that both engines read back.
QString toSqlTimestamp(qint64 msSinceEpoch);
std::optional<qint64> fromSqlTimestamp(const QVariant &value);

} // namespace store
