#pragma once

#include "common/result.h"

#include <QString>
#include <QStringList>

// An artifact root on disk: the directory whose {scheme}/{path} files (artifact_path.h) are the mirror's
// copies. Every path it hands out is inside the root and reaches its file through real directories only:
// a symbolic link anywhere below the root (a directory or the file itself) is refused, so neither a hostile
// URI nor a link planted in the tree can make a download write, or serve read, outside it.
namespace artifact {

// Temporary files of downloads in progress sit beside their target under this suffix (".{name}" + suffix),
// so the rename that installs a verified file never crosses a file system, and a restart finds them.
inline constexpr const char *partialSuffix = ".caom-partial";

class ArtifactRoot {
public:
    ArtifactRoot() = default;

    // The root at `directory`, created (with its parents) when `create` is set. Io error when it is missing
    // (and not to be created), not a directory, or cannot be created; the message names the directory.
    static mirror::Result<ArtifactRoot> open(const QString &directory, bool create);

    bool isNull() const { return m_root.isEmpty(); }
    QString path() const { return m_root; } // absolute, canonical

    // The absolute path of the file at `relativePath` (checked with checkRelativePath), whether or not it
    // exists. Refused (PerItem) when a directory on the way or the file is a symbolic link, or something on
    // the way is not a directory; Io when a directory on the way cannot be read.
    mirror::Result<QString> locate(const QString &relativePath) const;
    // The same for an artifact URI.
    mirror::Result<QString> locateUri(const QString &uri) const;
    // locate(), creating the missing directories on the way (each checked again once made). Io when one
    // cannot be made: the message names it and says why (read-only, no space, permission).
    mirror::Result<QString> prepare(const QString &relativePath) const;

    // Where a download of the file at absolute `target` writes until it is verified.
    static QString partialPathFor(const QString &target);
    static bool isPartialName(const QString &fileName);

    // Every regular file under the root, as relative paths in byte order, without partial downloads and
    // without following symbolic links (links are listed in `links`, for the report of unexpected files).
    struct Listing {
        QStringList files;
        QStringList partials;
        QStringList links;
    };
    Listing list() const;

private:
    explicit ArtifactRoot(QString canonical) : m_root(std::move(canonical)) {}
    mirror::Result<QString> walk(const QString &relativePath, bool create) const;

    QString m_root;
};

} // namespace artifact
