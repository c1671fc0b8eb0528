#include "command.h"

namespace cli {

int runConvert(const QStringList &)
{
    printErr(QStringLiteral("caom-sync convert: not built yet\n"));
    return Failed;
}

} // namespace cli
