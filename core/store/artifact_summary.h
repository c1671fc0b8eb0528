#pragma once

#include "common/result.h"
#include "store/store.h"

#include <QMetaType>
#include <QString>

#include <memory>
#include <vector>

// The artifact files of each collection as the dashboard shows them: how many files the stored metadata
// describes and their bytes, how many of them are here and verified (and their bytes), queued for download,
// found corrupt or missing by the last validate. One grouped query over the artifact index and the copies.
namespace store {

struct ArtifactStateCount {
    QString collection;
    qint64 described = 0;      // artifacts in the stored metadata (a URI named by two observations counts twice)
    qint64 describedBytes = 0; // their contentLength, as the metadata gives it
    qint64 verified = 0;       // here, with bytes checked against length and checksum
    qint64 verifiedBytes = 0;
    qint64 queued = 0;  // waiting in the download queue (due now or after their release)
    qint64 corrupt = 0; // on disk with the wrong bytes (validate)
    qint64 missing = 0; // recorded here once, gone from disk (validate)
};

// Collections with at least one artifact, by name. Empty, without scanning the artifact index, while no file has
// ever been queued or copied: a store that mirrors metadata only pays nothing for it.
mirror::Result<std::vector<ArtifactStateCount>> artifactStatesByCollection(const std::shared_ptr<Store> &store);

} // namespace store

Q_DECLARE_METATYPE(store::ArtifactStateCount)
