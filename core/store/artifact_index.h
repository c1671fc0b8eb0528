#pragma once

#include "common/result.h"
#include "store/harvest_state_store.h"
#include "store/store.h"

#include <QString>
#include <QUuid>

#include <map>
#include <memory>
#include <optional>
#include <vector>

// The artifacts the harvested metadata describes, as the artifact jobs read them from the entity index: by
// observation in the order observations were stored (discover's cursor), one by URI (download), and a whole
// collection by URI (validate). No document is parsed.
namespace store {

struct IndexedArtifact {
    QString uri;
    QString collection;
    QString observationID;
    QString checksum; // "md5:…", "" when the metadata has none
    std::optional<qint64> contentLength;
    QString contentType;
    // When the file becomes public (spec §3.3): the artifact's contentRelease, else its plane's dataRelease
    // (data artifacts) or metaRelease (meta artifacts). nullopt: never released.
    std::optional<qint64> releaseDate;
};

// An observation as discover walks them: in the order of (stored_at, id), which every write moves forward, so
// an observation rewritten by any pass (incremental, retry, repair) comes after the cursor again.
struct StoredObservation {
    qint64 obsKey = 0;
    QString observationID;
    QUuid id;
    qint64 storedAt = 0;
};

class ArtifactIndex {
public:
    explicit ArtifactIndex(std::shared_ptr<Store> store);

    // Observations of `collection` stored after `cursor` (by stored_at then id) and no later than `until`,
    // at most `limit`, in that order. The cursor's lastModified is a stored_at.
    mirror::Result<std::vector<StoredObservation>> storedAfter(const QString &collection, const HarvestCursor &cursor,
                                                               qint64 until, int limit) const;
    // The artifacts of these observations (keys from storedAfter), by observation then URI.
    mirror::Result<std::vector<IndexedArtifact>> artifactsOf(const QString &collection,
                                                             const std::vector<qint64> &obsKeys) const;
    // The artifact with this URI in `collection`, when the metadata still has it.
    mirror::Result<std::optional<IndexedArtifact>> find(const QString &collection, const QString &uri) const;
    // The artifacts with these URIs in `collection` that the metadata still has, by URI (the first observation's
    // when two name the same file): one query for a page of the download queue.
    mirror::Result<std::map<QString, IndexedArtifact>> findAll(const QString &collection,
                                                               const QStringList &uris) const;
    // Every artifact of `collection`, by URI (the same URI in two observations comes once).
    mirror::Result<std::vector<IndexedArtifact>> collectionArtifacts(const QString &collection) const;

    // The download queue of `source` (HarvestSkipURI rows of cname Artifact) due by `dueBy`: how many files,
    // and their bytes as the metadata gives them (a file named by two observations counts twice: an estimate
    // for progress).
    struct QueueSize {
        qint64 files = 0;
        qint64 bytes = 0;
    };
    mirror::Result<QueueSize> queueSize(const QString &source, qint64 dueBy) const;

private:
    mirror::Result<std::vector<IndexedArtifact>> select(const QString &where, const QVariantList &values,
                                                        const QString &order, const QString &what) const;

    std::shared_ptr<Store> m_store;
};

} // namespace store
