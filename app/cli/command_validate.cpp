#include "command.h"

namespace cli {

int runValidate(const QStringList &)
{
    printErr(QStringLiteral("caom-sync validate: not built yet\n"));
    return Failed;
}

} // namespace cli
