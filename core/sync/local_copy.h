#pragma once

#include "common/result.h"
#include "store/artifact_copy_store.h"

#include <QMetaType>
#include <QString>

#include <memory>
#include <optional>

// Whether this mirror holds an artifact's file, as the browser tells it: the store's record of the local copy
// checked against the file on disk now (a record alone can be out of date: a file deleted or truncated by hand).
// One rule, so every place that shows a local copy says the same.
namespace harvest {

enum class LocalCopyState {
    NotDownloaded, // no record: never downloaded (or queued and not fetched yet)
    Verified,      // recorded verified, on disk with the recorded length
    Gone,          // recorded, but no file at its path any more
    WrongLength,   // recorded verified, on disk with another length
    Corrupt,       // the last validate found the wrong bytes
    Missing,       // the last validate found no file
    Unchecked,     // recorded in another state (queued...)
};

struct LocalCopyStatus {
    LocalCopyState state = LocalCopyState::NotDownloaded;
    std::optional<store::ArtifactCopy> copy; // the record, when there is one
    std::optional<qint64> sizeOnDisk;        // the file's length now, when it exists
};

// Blocking (a store query and a stat): run it on a worker thread.
mirror::Result<LocalCopyStatus> localCopyStatus(const std::shared_ptr<store::Store> &store, const QString &uri);

// The state in a few words with its glyph ("✔ Here, verified"), and a sentence saying what it means.
QString localCopyStateText(LocalCopyState state);
QString localCopyStateMeaning(const LocalCopyStatus &status);

} // namespace harvest

Q_DECLARE_METATYPE(harvest::LocalCopyStatus)
