#pragma once

#include "common/result.h"
#include "net/http_client.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <functional>
#include <optional>

// One artifact file from its source URL into its place under the artifact root, never wrong: the source's
// HEAD is checked against the metadata first (Digest / Content-MD5, Content-Length; for small files the GET's
// own headers); the body streams into a
// partial file beside the target while it is hashed (MD5, or SHA-1/SHA-256 when the metadata's checksum says
// so) and counted; only a file whose length and checksum match is fsync'ed and renamed to its final name. An
// interrupted transfer leaves its partial file, and the next attempt resumes it with Range.
namespace harvest {

struct ArtifactFetch {
    QString uri;
    std::string url;  // the file at the source
    QString target;   // absolute path under the artifact root (ArtifactRoot::prepare)
    QString checksum; // "md5:<hex>", "sha1:<hex>" or "sha256:<hex>"
    std::optional<qint64> length;
    const std::atomic<bool> *cancelled = nullptr;
    std::function<void(qint64 bytes)> onBytes; // bytes received (progress), called from the transfer
    // HEAD before GET: the source's announced digest and length are checked before the body is fetched. For
    // a small file the GET's headers are checked instead (before it is installed): one request, not two.
    bool headFirst = true;
    // fsync the target's directory after the rename, so the new name is on disk when this returns. A caller
    // installing many files syncs each directory once per batch instead (syncDirectory), before it records
    // them.
    bool syncDirectory = true;
    // Leave the verified file under its partial name, closed but not yet synced (its writeback started), for
    // the caller to install many at once: one syncFileSystem() for all their data, then installVerified() for
    // each, then one syncDirectory() per directory before they are recorded. A fsync per small file costs more
    // than its transfer.
    bool deferInstall = false;
};

struct FetchedFile {
    qint64 bytesTransferred = 0; // over the network in this attempt
    qint64 resumedFrom = 0;      // bytes of an earlier partial file kept
    bool headChecked = false;    // the source announced a digest and it matched
    QString verifiedPartial;     // deferInstall: the verified file, still under its partial name
};

// Error categories: Checksum when the source announces (HEAD) or delivers bytes that do not match the
// metadata (nothing is installed, the partial file is removed); Transient when the transfer broke off (the
// partial file stays for a resume); Io when the file cannot be written, synced or renamed (the partial file
// is removed); PerItem for a 404 or another refusal; Cancelled.
mirror::Result<FetchedFile> fetchArtifact(net::HttpClient &http, const ArtifactFetch &fetch);

// The algorithm and hex digest of a CAOM checksum URI, or nullopt for one we cannot verify.
struct ChecksumSpec {
    QString algorithm; // md5 | sha1 | sha256
    QByteArray hex;    // lower case
};
std::optional<ChecksumSpec> parseChecksum(const QString &checksum);

// The MD5 the source announces in its headers (RFC 3230 Digest "md5=<base64>", or Content-MD5 in base64 or in
// CADC's hex form), as lower-case hex; nullopt when it announces none.
std::optional<QByteArray> announcedMd5(const net::HttpResponse &response);

// syncfs of the file system holding `path`: every file written there so far is on disk when it returns.
// False when it could not be done.
bool syncFileSystem(const QString &path);
// fsync of one file (the fallback when syncFileSystem cannot be done).
bool syncFile(const QString &path);

// Renames a verified partial file (deferInstall) to its target; on failure the partial file is removed and the
// error names the target and the cause.
mirror::Result<void> installVerified(const QString &partial, const QString &target);

// fsync of a directory: the entries renamed into it reach the disk. False when it could not be done.
bool syncDirectory(const QString &directory);

// Hashes a whole file with the algorithm of `spec`: lower-case hex, or an Io error naming the file.
mirror::Result<QByteArray> hashFile(const QString &path, const QString &algorithm,
                                    const std::atomic<bool> *cancelled = nullptr);

} // namespace harvest
