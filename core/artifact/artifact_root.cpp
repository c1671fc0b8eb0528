#include "artifact/artifact_root.h"

#include "artifact/artifact_path.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace artifact {

namespace {

QString systemReason(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

mirror::Error ioError(const QString &what, int error)
{
    const QString message = what + QStringLiteral(": ") + systemReason(error);
    return {mirror::ErrorCategory::Io, message.toStdString()};
}

mirror::Error refusedLink(const QString &path)
{
    const QString message = path
        + QStringLiteral(" is a symbolic link inside the artifact root; artifact files are only read and written "
                         "through real directories");
    return {mirror::ErrorCategory::PerItem, message.toStdString()};
}

} // namespace

mirror::Result<ArtifactRoot> ArtifactRoot::open(const QString &directory, bool create)
{
    if (directory.trimmed().isEmpty())
        return mirror::Error{mirror::ErrorCategory::Fatal,
                             "no artifact root configured (give --artifact-root DIR or set artifacts/root)"};
    const QString absolute = QFileInfo(directory).absoluteFilePath();
    if (create && !QFileInfo(absolute).exists() && !QDir().mkpath(absolute))
        return ioError(QStringLiteral("cannot create the artifact root %1").arg(absolute), errno ? errno : EACCES);
    const QFileInfo info(absolute);
    if (!info.exists())
        return mirror::Error{mirror::ErrorCategory::Io,
                             QStringLiteral("the artifact root %1 does not exist").arg(absolute).toStdString()};
    if (!info.isDir())
        return mirror::Error{mirror::ErrorCategory::Io,
                             QStringLiteral("the artifact root %1 is not a directory").arg(absolute).toStdString()};
    return ArtifactRoot(info.canonicalFilePath());
}

mirror::Result<QString> ArtifactRoot::locate(const QString &relativePath) const
{
    return walk(relativePath, false);
}

mirror::Result<QString> ArtifactRoot::locateUri(const QString &uri) const
{
    auto relative = relativePathFor(uri);
    if (!relative)
        return relative.error();
    return walk(*relative, false);
}

mirror::Result<QString> ArtifactRoot::prepare(const QString &relativePath) const
{
    return walk(relativePath, true);
}

mirror::Result<QString> ArtifactRoot::walk(const QString &relativePath, bool create) const
{
    if (m_root.isEmpty())
        return mirror::Error{mirror::ErrorCategory::Fatal, "no artifact root configured"};
    if (auto ok = checkRelativePath(relativePath); !ok)
        return ok.error();
    const QStringList segments = relativePath.split(QLatin1Char('/'));
    QString path = m_root;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        path += QLatin1Char('/') + segments[i];
        const bool last = i + 1 == segments.size();
        const QByteArray native = QFile::encodeName(path);
        struct stat st {};
        if (::lstat(native.constData(), &st) != 0) {
            if (errno != ENOENT)
                return ioError(QStringLiteral("cannot read %1").arg(path), errno);
            if (last)
                return path; // not there yet: the place a download will put it
            if (!create) {
                // Nothing below a missing directory exists either.
                return QString(m_root + QLatin1Char('/') + relativePath);
            }
            if (::mkdir(native.constData(), 0777) != 0 && errno != EEXIST)
                return ioError(QStringLiteral("cannot create the directory %1").arg(path), errno);
            // Made by us or by a concurrent download: check what is there now, as for any existing entry.
            if (::lstat(native.constData(), &st) != 0)
                return ioError(QStringLiteral("cannot read %1").arg(path), errno);
        }
        if (S_ISLNK(st.st_mode))
            return refusedLink(path);
        if (!last && !S_ISDIR(st.st_mode))
            return mirror::Error{
                mirror::ErrorCategory::PerItem,
                QStringLiteral("%1 is in the way: a directory is needed there").arg(path).toStdString()};
        if (last && !S_ISREG(st.st_mode))
            return mirror::Error{mirror::ErrorCategory::PerItem,
                                 QStringLiteral("%1 is not a regular file").arg(path).toStdString()};
    }
    return path;
}

QString ArtifactRoot::partialPathFor(const QString &target)
{
    const auto slash = target.lastIndexOf(QLatin1Char('/'));
    const QString directory = target.left(slash + 1);
    QString name = target.mid(slash + 1);
    const QString suffix = QLatin1String(partialSuffix);
    // A name near the 255-byte limit has no room for the suffix: a hash of it stands in.
    if (name.toUtf8().size() + 1 + suffix.size() > 255)
        name = QString::fromLatin1(QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha1).toHex());
    return directory + QLatin1Char('.') + name + suffix;
}

bool ArtifactRoot::isPartialName(const QString &fileName)
{
    return fileName.startsWith(QLatin1Char('.')) && fileName.endsWith(QLatin1String(partialSuffix));
}

ArtifactRoot::Listing ArtifactRoot::list() const
{
    Listing listing;
    if (m_root.isEmpty())
        return listing;
    QDirIterator it(m_root, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories); // no FollowSymlinks: a linked directory is not entered
    const qsizetype prefix = m_root.size() + 1;
    while (it.hasNext()) {
        it.next();
        const QFileInfo info = it.fileInfo();
        const QString relative = info.filePath().mid(prefix);
        if (info.isSymLink())
            listing.links << relative;
        else if (info.isDir())
            continue;
        else if (isPartialName(info.fileName()))
            listing.partials << relative;
        else if (info.isFile())
            listing.files << relative;
    }
    // Byte order of the UTF-8 names, as the store sorts URIs, so the two can be merged.
    const auto byBytes = [](const QString &a, const QString &b) { return a.toUtf8() < b.toUtf8(); };
    std::sort(listing.files.begin(), listing.files.end(), byBytes);
    std::sort(listing.partials.begin(), listing.partials.end(), byBytes);
    std::sort(listing.links.begin(), listing.links.end(), byBytes);
    return listing;
}

} // namespace artifact
