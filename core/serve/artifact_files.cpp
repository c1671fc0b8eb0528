#include "serve/artifact_files.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace serve {

ArtifactFiles::ArtifactFiles(QString root)
{
    if (root.isEmpty())
        return;
    if (auto opened = artifact::ArtifactRoot::open(root, false))
        m_root = *opened;
}

std::optional<ArtifactFile> ArtifactFiles::find(const QString &relativePath)
{
    const auto located = m_root.locate(relativePath);
    if (!located)
        return std::nullopt;
    const QFileInfo info(*located);
    if (!info.isFile())
        return std::nullopt;
    ArtifactFile file;
    file.path = *located;
    file.size = info.size();
    file.modified = info.lastModified();
    file.md5 = md5Of(file.path, file.size, file.modified);
    if (file.md5.isEmpty())
        return std::nullopt;
    return file;
}

QByteArray ArtifactFiles::md5Of(const QString &path, qint64 size, const QDateTime &modified)
{
    const QString stamp = QString::number(size) + QLatin1Char(':') + QString::number(modified.toMSecsSinceEpoch());
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_md5.constFind(path);
        if (it != m_md5.constEnd() && it->first == stamp)
            return it->second;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Md5);
    hash.addData(&file);
    const QByteArray digest = hash.result();
    QMutexLocker lock(&m_mutex);
    m_md5.insert(path, {stamp, digest});
    return digest;
}

std::optional<ByteRange> ArtifactFiles::range(const QByteArray &header, qint64 size)
{
    ByteRange whole{0, size - 1, false};
    if (header.isEmpty() || !header.startsWith("bytes=") || header.contains(','))
        return whole;
    const QByteArray spec = header.mid(6).trimmed();
    const auto dash = spec.indexOf('-');
    if (dash < 0)
        return whole;
    bool okFirst = false;
    bool okLast = false;
    const QByteArray firstText = spec.left(dash);
    const QByteArray lastText = spec.mid(dash + 1);
    ByteRange r;
    r.partial = true;
    if (firstText.isEmpty()) { // the last n bytes
        const qint64 n = lastText.toLongLong(&okLast);
        if (!okLast || n <= 0 || size == 0)
            return std::nullopt;
        r.first = std::max<qint64>(0, size - n);
        r.last = size - 1;
        return r;
    }
    r.first = firstText.toLongLong(&okFirst);
    r.last = lastText.isEmpty() ? size - 1 : std::min(lastText.toLongLong(&okLast), size - 1);
    if (!okFirst || (!lastText.isEmpty() && !okLast) || r.first >= size || r.last < r.first)
        return std::nullopt;
    return r;
}

} // namespace serve
