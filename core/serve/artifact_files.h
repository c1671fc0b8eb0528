#pragma once

#include "artifact/artifact_root.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QString>

#include <optional>

// Artifact files under a root directory, for download tests and for mirrors that serve their copies:
// {root}/{scheme}/{scheme-specific part}, the layout of artifact/artifact_path.h that downloads write. A path
// the artifact root refuses (.., absolute or empty parts, control characters, a symbolic link anywhere below
// the root) is never opened. The MD5 of a file is computed once per (path, size, mtime).
namespace serve {

struct ArtifactFile {
    QString path; // canonical, inside the root
    qint64 size = 0;
    QDateTime modified;
    QByteArray md5; // raw 16 bytes
};

// A byte range of a file; `partial` when the request asked for one (206).
struct ByteRange {
    qint64 first = 0;
    qint64 last = -1; // inclusive
    bool partial = false;
};

class ArtifactFiles {
public:
    explicit ArtifactFiles(QString root);

    bool enabled() const { return !m_root.isNull(); }
    // The file for the decoded "scheme/ssp" after the files prefix; nullopt when absent or outside the root.
    std::optional<ArtifactFile> find(const QString &relativePath);

    // A single "bytes=a-b", "bytes=a-" or "bytes=-n" range; nullopt when it cannot be satisfied (416).
    // Without a Range header (or with several ranges: answered whole) the whole file.
    static std::optional<ByteRange> range(const QByteArray &header, qint64 size);

private:
    QByteArray md5Of(const QString &path, qint64 size, const QDateTime &modified);

    artifact::ArtifactRoot m_root;
    QMutex m_mutex;
    QHash<QString, std::pair<QString, QByteArray>> m_md5; // path -> (size:mtime, digest)
};

} // namespace serve
