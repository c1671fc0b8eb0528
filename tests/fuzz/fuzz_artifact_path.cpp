// libFuzzer target: the artifact URI -> path mapping (artifact_path.h), fed the URIs a partner's documents
// name, and the relative paths a client asks serve's /files/ for. Beyond "no crash", it checks the promise
// the mapping makes: an accepted URI gives a path that stays under the artifact root.
#include "artifact/artifact_path.h"
#include "artifact/artifact_root.h"

#include <QDir>
#include <QString>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>

namespace {

// A real, empty root: locate() walks it without creating anything.
const artifact::ArtifactRoot &root()
{
    static QTemporaryDir directory;
    static const artifact::ArtifactRoot opened = [] {
        auto root = artifact::ArtifactRoot::open(directory.path(), false);
        if (!root)
            std::abort();
        return *root;
    }();
    return opened;
}

void require(bool condition)
{
    if (!condition)
        std::abort(); // libFuzzer keeps the input
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    if (const auto relative = artifact::relativePathFor(text)) {
        // The path an accepted URI maps to passes the same check serve applies to a requested path, is
        // relative, and has neither "." nor ".." segments.
        require(bool(artifact::checkRelativePath(*relative)));
        require(!relative->startsWith(QLatin1Char('/')));
        for (const QString &segment : relative->split(QLatin1Char('/')))
            require(!segment.isEmpty() && segment != QLatin1String(".") && segment != QLatin1String(".."));
        // Located under a real root, the absolute path is inside it.
        if (const auto located = root().locateUri(text))
            require(located->startsWith(root().path() + QLatin1Char('/')));
    }

    if (const auto checked = artifact::checkRelativePath(text); checked) {
        if (const auto located = root().locate(text))
            require(located->startsWith(root().path() + QLatin1Char('/')) && QDir::cleanPath(*located) == *located);
    }
    return 0;
}
