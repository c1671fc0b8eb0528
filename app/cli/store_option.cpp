#include "store_option.h"

#include "command.h"

#include <unistd.h>

namespace cli {

QCommandLineOption storeOption()
{
    return QCommandLineOption(QStringLiteral("store"),
                              QStringLiteral("The store: a SQLite file path, or postgresql://user@host[:port]/db. "
                                             "Default: %1.")
                                  .arg(store::defaultSqlitePath()),
                              QStringLiteral("PATH|URL"));
}

std::shared_ptr<store::Store> openStore(const QCommandLineParser &parser, const QString &subcommand)
{
    auto location = store::parseStoreLocation(parser.value(QStringLiteral("store")));
    if (!location) {
        printErr(QStringLiteral("caom-sync %1: %2\n").arg(subcommand, fromStd(location.error().message)));
        return nullptr;
    }
    auto opened = store::Store::open(location.value());
    if (!opened) {
        printErr(QStringLiteral("caom-sync %1: %2\n").arg(subcommand, fromStd(opened.error().message)));
        return nullptr;
    }
    return opened.value();
}

bool stderrIsTerminal()
{
    return isatty(STDERR_FILENO) == 1;
}

} // namespace cli
