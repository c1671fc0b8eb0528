#pragma once

#include "store/store.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <memory>

// The --store option every store-using subcommand shares: a SQLite file path or a postgresql:// URL;
// default: the SQLite file in the XDG data dir.
namespace cli {

QCommandLineOption storeOption();

// Opens the store named by --store, printing a clear error (with the password redacted) on failure.
std::shared_ptr<store::Store> openStore(const QCommandLineParser &parser, const QString &subcommand);

// Progress lines on a terminal only: cron mail stays quiet.
bool stderrIsTerminal();

} // namespace cli
