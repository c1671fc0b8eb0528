#pragma once

#include "common/result.h"
#include "store/clock.h"
#include "store/store.h"

#include <QString>

#include <map>
#include <memory>
#include <optional>
#include <vector>

// Local copies of artifact files (artifact_copy): where each file is, what it should be, and when its bytes
// were last checked.
namespace store {

// The states the artifact jobs use; the column is text, so a job may add its own.
namespace ArtifactCopyState {
inline const QString queued = QStringLiteral("queued");     // wanted, not downloaded yet
inline const QString verified = QStringLiteral("verified"); // on disk, bytes match length and checksum
inline const QString corrupt = QStringLiteral("corrupt");   // on disk, bytes do not match
inline const QString missing = QStringLiteral("missing");   // expected on disk, not there
} // namespace ArtifactCopyState

struct ArtifactCopy {
    QString uri; // the artifact URI, the key
    QString localPath;
    std::optional<qint64> contentLength;
    QString contentChecksum;          // "md5:…", "" when unknown
    std::optional<qint64> verifiedAt; // ms since 1970, UTC
    QString state;
    qint64 updatedAt = 0; // set by the store
};

class ArtifactCopyStore {
public:
    explicit ArtifactCopyStore(std::shared_ptr<Store> store, Clock clock = systemClock());

    // Inserts or replaces the row of copy.uri; stamps updatedAt.
    mirror::Result<void> upsert(const ArtifactCopy &copy);
    mirror::Result<std::optional<ArtifactCopy>> get(const QString &uri) const;
    // The copies of these URIs that have a row, by URI: one query for a page of work.
    mirror::Result<std::map<QString, ArtifactCopy>> getAll(const QStringList &uris) const;
    // Copies in one state by URI, at most `limit`, after `afterUri` (keyset paging; "" = from the start).
    mirror::Result<std::vector<ArtifactCopy>> list(const QString &state, int limit, const QString &afterUri = {}) const;
    mirror::Result<bool> remove(const QString &uri);

private:
    std::shared_ptr<Store> m_store;
    Clock m_clock;
};

} // namespace store
