#include "command.h"

namespace cli {

int runDiff(const QStringList &)
{
    printErr(QStringLiteral("caom-sync diff: not built yet\n"));
    return Failed;
}

} // namespace cli
