#include "sync/local_copy.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace harvest {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("LocalCopy", text);
}

} // namespace

mirror::Result<LocalCopyStatus> localCopyStatus(const std::shared_ptr<store::Store> &store, const QString &uri)
{
    auto copy = store::ArtifactCopyStore(store).get(uri);
    if (!copy)
        return copy.error();
    LocalCopyStatus status;
    status.copy = *copy;
    if (!status.copy)
        return status;
    const QFileInfo file(status.copy->localPath);
    // A symbolic link is never taken for the file (the artifact root refuses them).
    if (file.isFile() && !file.isSymLink())
        status.sizeOnDisk = file.size();
    const QString &state = status.copy->state;
    if (state == store::ArtifactCopyState::corrupt)
        status.state = LocalCopyState::Corrupt;
    else if (state == store::ArtifactCopyState::missing)
        status.state = LocalCopyState::Missing;
    else if (!status.sizeOnDisk)
        status.state = LocalCopyState::Gone;
    else if (state != store::ArtifactCopyState::verified)
        status.state = LocalCopyState::Unchecked;
    else if (status.copy->contentLength && *status.copy->contentLength != *status.sizeOnDisk)
        status.state = LocalCopyState::WrongLength;
    else
        status.state = LocalCopyState::Verified;
    return status;
}

QString localCopyStateText(LocalCopyState state)
{
    switch (state) {
    case LocalCopyState::NotDownloaded: return tr("\u2014 Not downloaded");
    case LocalCopyState::Verified: return tr("\u2714 Here, verified");
    case LocalCopyState::Gone: return tr("\u2716 Gone from disk");
    case LocalCopyState::WrongLength: return tr("\u2716 Changed on disk");
    case LocalCopyState::Corrupt: return tr("\u2716 Corrupt");
    case LocalCopyState::Missing: return tr("\u2716 Missing");
    case LocalCopyState::Unchecked: return tr("\u26a0 Here, not verified");
    }
    return {};
}

QString localCopyStateMeaning(const LocalCopyStatus &status)
{
    switch (status.state) {
    case LocalCopyState::NotDownloaded:
        return tr("This mirror has no copy of the file yet: a files discover queues it, a download fetches it.");
    case LocalCopyState::Verified:
        return tr("The file is in the artifact root and its length and checksum matched the metadata when it was "
                  "last checked.");
    case LocalCopyState::Gone:
        return tr("The store records a copy, but there is no file at its path now; a files check queues it again.");
    case LocalCopyState::WrongLength:
        return tr("The file on disk has %1 bytes, not the %2 it had when verified; a files check queues it again.")
            .arg(status.sizeOnDisk.value_or(0))
            .arg(status.copy && status.copy->contentLength ? *status.copy->contentLength : 0);
    case LocalCopyState::Corrupt:
        return tr("The last files check found bytes that do not match the metadata; the file is queued for "
                  "download again.");
    case LocalCopyState::Missing: return tr("The last files check found no file; it is queued for download again.");
    case LocalCopyState::Unchecked: return tr("A file is at its path, but its bytes have not been checked.");
    }
    return {};
}

} // namespace harvest
