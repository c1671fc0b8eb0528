#include "demo/demo_files.h"

#include "artifact/artifact_path.h"
#include "artifact/artifact_root.h"
#include "artifact/synthetic_file.h"
#include "demo/demo_content.h"
#include "demo/demo_partners.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>

namespace demo {

namespace {

// Bumped whenever the files change (their sizes or bytes), so an older cached set is rewritten.
constexpr int filesVersion = 1;

// FNV-1a over the URI's UTF-8: a size that is the same on every machine and every run.
quint64 stableHash(const QString &uri)
{
    quint64 h = 1469598103934665603ULL;
    for (const char c : uri.toUtf8()) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

mirror::Error cancelledError()
{
    return {mirror::ErrorCategory::Cancelled, "writing the demo partners' files was cancelled"};
}

} // namespace

qint64 demoFileSize(const QString &uri)
{
    return 1024 + static_cast<qint64>(stableHash(uri) % 3073);
}

QByteArray demoFileMd5(const QString &uri, qint64 size)
{
    return QCryptographicHash::hash(artifact::syntheticContent(uri, size), QCryptographicHash::Md5).toHex();
}

QString demoPartnerFilesPath()
{
    return QDir(QFileInfo(defaultDemoStorePath()).absolutePath())
        .filePath(QStringLiteral("demo-partner-files-v%1").arg(filesVersion));
}

mirror::Result<QString> ensureDemoPartnerFiles(const ProgressCallback &progress, const std::atomic<bool> *cancel)
{
    const QString path = demoPartnerFilesPath();
    if (QFileInfo(path).isDir())
        return path;
    const QString building = path + QStringLiteral(".building");
    QDir(building).removeRecursively();
    auto root = artifact::ArtifactRoot::open(building, true);
    if (!root)
        return root.error();
    qint64 total = 0;
    for (const GeneratedCollection &c : generatedCollections())
        total += static_cast<qint64>(c.count + partnerExtras);
    qint64 done = 0;
    for (const GeneratedCollection &c : generatedCollections()) {
        // Every observation any partner holds, the extras some of them have included; a partner's other version
        // names the same files.
        for (std::uint64_t i = 0; i < c.count + partnerExtras; ++i, ++done) {
            if (cancel && cancel->load(std::memory_order_relaxed)) {
                QDir(building).removeRecursively();
                return cancelledError();
            }
            for (const caom2::Plane &plane : demoObservation(c, i).planes)
                for (const caom2::Artifact &a : plane.artifacts) {
                    const QString uri = QString::fromStdString(a.uri.text);
                    auto relative = artifact::relativePathFor(uri);
                    auto target = relative ? root->prepare(*relative) : mirror::Result<QString>(relative.error());
                    auto written = target ? artifact::writeSyntheticFile(*target, uri, demoFileSize(uri))
                                          : mirror::Result<artifact::WrittenFile>(target.error());
                    if (!written) {
                        QDir(building).removeRecursively();
                        return written.error();
                    }
                }
            if (progress && (done % 200 == 0 || done + 1 == total))
                progress({QStringLiteral("Writing the demo partners' files"), done + 1, total});
        }
    }
    if (!QDir().rename(building, path)) {
        QDir(building).removeRecursively();
        return mirror::Error{mirror::ErrorCategory::Io,
                             "cannot move the demo partners' files into place at "
                                 + QDir::toNativeSeparators(path).toStdString()};
    }
    return path;
}

} // namespace demo
