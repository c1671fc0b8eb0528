#pragma once

#include "common/result.h"
#include "store/store.h"

#include <QMetaType>
#include <QString>

#include <memory>

// The download queue of one harvest key (HarvestSkipURI rows of cname Artifact), split the way an operator asks
// about it: files due now that no run has failed yet, files waiting for their release date, and files that failed
// at least once and wait out their back-off (or are due for another try). Bytes are the metadata's contentLength
// of each queued URI, counted once per URI. One grouped query; the same figures for `caom-sync status` and the
// console's dashboard.
namespace store {

struct DownloadQueueCounts {
    qint64 dueFiles = 0; // queued by discover or validate, due now, never failed
    qint64 dueBytes = 0;
    qint64 releaseFiles = 0; // queued, waiting for their release date (proprietary until then)
    qint64 releaseBytes = 0;
    qint64 failedFiles = 0; // failed at least once (attempts > 1): retried when their back-off ends
    qint64 failedBytes = 0;
    qint64 failedDueFiles = 0; // ...of which due for another try now

    qint64 files() const { return dueFiles + releaseFiles + failedFiles; }
    bool operator==(const DownloadQueueCounts &) const = default;
};

// The queue of `harvestKey` as of `now` (ms since 1970 UTC).
mirror::Result<DownloadQueueCounts> downloadQueueOf(const std::shared_ptr<Store> &store, const QString &harvestKey,
                                                    qint64 now);

} // namespace store

Q_DECLARE_METATYPE(store::DownloadQueueCounts)
