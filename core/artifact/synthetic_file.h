#pragma once

#include "artifact/artifact_root.h"
#include "caom2/entities.h"
#include "common/result.h"

#include <QByteArray>
#include <QString>

// Files with real bytes for generated artifacts (caom-sync generate --files, the demo's partners, tests and
// benchmarks): pseudo-random content derived from the artifact URI and a seed, so the same URI always gets
// the same bytes and a file's MD5 can be put into its metadata.
namespace artifact {

struct WrittenFile {
    qint64 size = 0;
    QByteArray md5; // 32 lowercase hex digits
};

// Writes `size` bytes for `uri` to `path` (replacing it), hashing while writing. Io errors name the path.
mirror::Result<WrittenFile> writeSyntheticFile(const QString &path, const QString &uri, qint64 size, quint64 seed = 1);

// Gives every artifact of `observation` a file of `size` bytes under `root` at its mapped path, makes the
// artifact's contentLength and contentChecksum describe that file, and recomputes the observation's
// checksums. Returns the bytes written; errors name the URI or the file.
mirror::Result<qint64> writeArtifactFiles(caom2::Observation &observation, const ArtifactRoot &root, qint64 size,
                                          quint64 seed = 1);

// The same bytes in memory, for tests.
QByteArray syntheticContent(const QString &uri, qint64 size, quint64 seed = 1);

} // namespace artifact
