#include "artifact/synthetic_file.h"

#include "artifact/artifact_path.h"
#include "caom2/checksum.h"

#include <QCryptographicHash>
#include <QFile>

#include <algorithm>
#include <cstring>

namespace artifact {

namespace {

// xorshift64*: fast, and the same sequence on every machine.
class Bytes {
public:
    Bytes(const QString &uri, quint64 seed)
    {
        const QByteArray digest = QCryptographicHash::hash(uri.toUtf8(), QCryptographicHash::Md5);
        std::memcpy(&m_state, digest.constData(), sizeof m_state);
        m_state ^= seed * 0x9E3779B97F4A7C15ULL;
        if (m_state == 0)
            m_state = 0x2545F4914F6CDD1DULL;
    }
    void fill(char *out, qint64 size)
    {
        for (qint64 i = 0; i < size; i += 8) {
            m_state ^= m_state >> 12;
            m_state ^= m_state << 25;
            m_state ^= m_state >> 27;
            const quint64 value = m_state * 0x2545F4914F6CDD1DULL;
            std::memcpy(out + i, &value, static_cast<std::size_t>(std::min<qint64>(8, size - i)));
        }
    }

private:
    quint64 m_state = 0;
};

constexpr qint64 blockSize = 1 << 20;

} // namespace

QByteArray syntheticContent(const QString &uri, qint64 size, quint64 seed)
{
    QByteArray content(static_cast<qsizetype>(size), Qt::Uninitialized);
    Bytes(uri, seed).fill(content.data(), size);
    return content;
}

mirror::Result<WrittenFile> writeSyntheticFile(const QString &path, const QString &uri, qint64 size, quint64 seed)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return mirror::Error{mirror::ErrorCategory::Io,
                             QStringLiteral("cannot write %1: %2").arg(path, file.errorString()).toStdString()};
    Bytes bytes(uri, seed);
    QCryptographicHash md5(QCryptographicHash::Md5);
    QByteArray block(static_cast<qsizetype>(std::min(size, blockSize)), Qt::Uninitialized);
    // Blocks are filled in multiples of 8 bytes, so the content does not depend on the block size.
    for (qint64 done = 0; done < size;) {
        const qint64 n = std::min(blockSize, size - done);
        bytes.fill(block.data(), n);
        if (file.write(block.constData(), n) != n)
            return mirror::Error{mirror::ErrorCategory::Io,
                                 QStringLiteral("cannot write %1: %2").arg(path, file.errorString()).toStdString()};
        md5.addData(QByteArrayView(block.constData(), static_cast<qsizetype>(n)));
        done += n;
    }
    if (!file.flush())
        return mirror::Error{mirror::ErrorCategory::Io,
                             QStringLiteral("cannot write %1: %2").arg(path, file.errorString()).toStdString()};
    return WrittenFile{size, md5.result().toHex()};
}

mirror::Result<qint64> writeArtifactFiles(caom2::Observation &observation, const ArtifactRoot &root, qint64 size,
                                          quint64 seed)
{
    qint64 bytes = 0;
    for (auto &plane : observation.planes) {
        for (auto &a : plane.artifacts) {
            const QString uri = QString::fromStdString(a.uri.text);
            auto relative = relativePathFor(uri);
            if (!relative)
                return relative.error();
            auto path = root.prepare(*relative);
            if (!path)
                return path.error();
            auto written = writeSyntheticFile(*path, uri, size, seed);
            if (!written)
                return written.error();
            a.contentLength = written->size;
            a.contentChecksum = caom2::Uri{"md5:" + written->md5.toStdString()};
            bytes += written->size;
        }
    }
    caom2::assignChecksums(observation);
    return bytes;
}

} // namespace artifact
