#include "sync/runtime_components.h"

#include "net/library_versions.h"
#include "store/sqlite_version.h"

#include <QtGlobal>

namespace harvest {

QStringList runtimeComponents()
{
    return {QStringLiteral("Qt %1").arg(QString::fromLatin1(qVersion())), net::curlVersion(), net::opensslVersion(),
            store::sqliteVersion(), QStringLiteral("CAOM documents: reads 2.2, 2.3 and 2.4; writes 2.3 and 2.4")};
}

} // namespace harvest
