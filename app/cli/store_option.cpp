#include "store_option.h"

#include "command.h"

#include "common/settings.h"

#include <QDir>
#include <QFileInfo>

#include <unistd.h>

namespace cli {

namespace {

// The store the console is set up for (store/location in the shared settings file), "" for the default file.
QString configuredStore()
{
    const mirror::Settings settings;
    return settings.storeLocation();
}

} // namespace

QCommandLineOption storeOption()
{
    const QString configured = configuredStore();
    return QCommandLineOption(QStringLiteral("store"),
                              QStringLiteral("The store: a SQLite file path, or postgresql://user@host[:port]/db. "
                                             "Default: %1 (store/location in %2, else %3).")
                                  .arg(configured.isEmpty() ? store::defaultSqlitePath() : configured,
                                       mirror::Settings::sharedSettingsPath(), store::defaultSqlitePath()),
                              QStringLiteral("PATH|URL"));
}

std::shared_ptr<store::Store> openStore(const QCommandLineParser &parser, const QString &subcommand, StoreUse use)
{
    const QString given =
        parser.isSet(QStringLiteral("store")) ? parser.value(QStringLiteral("store")) : configuredStore();
    auto location = store::parseStoreLocation(given);
    if (!location) {
        printErr(QStringLiteral("caom-sync %1: %2\n").arg(subcommand, fromStd(location.error().message)));
        return nullptr;
    }
    const bool newFile = location->engine == store::Engine::SQLite && !QFileInfo::exists(location->sqlitePath);
    if (newFile && use == StoreUse::MustExist) {
        printErr(QStringLiteral("caom-sync %1: there is no store at %2 (check --store; 'caom-sync import', "
                                "'generate' and 'harvest' create one)\n")
                     .arg(subcommand, QDir::toNativeSeparators(QFileInfo(location->sqlitePath).absoluteFilePath())));
        return nullptr;
    }
    auto opened = store::Store::open(location.value());
    if (!opened) {
        printErr(QStringLiteral("caom-sync %1: %2\n").arg(subcommand, fromStd(opened.error().message)));
        return nullptr;
    }
    if (newFile)
        printErr(QStringLiteral("caom-sync %1: created a new store at %2\n")
                     .arg(subcommand, QDir::toNativeSeparators(QFileInfo(location->sqlitePath).absoluteFilePath())));
    return opened.value();
}

bool stderrIsTerminal()
{
    return isatty(STDERR_FILENO) == 1;
}

} // namespace cli
