#pragma once

#include "store/store.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <memory>

// The --store option every store-using subcommand shares: a SQLite file path or a postgresql:// URL;
// default: the SQLite file in the XDG data dir.
namespace cli {

QCommandLineOption storeOption();

// Whether a command may bring a new store into being. Only those that fill one do (import, generate,
// harvest): a mistyped --store for any other command must fail, not open a new empty store and report
// that it holds nothing.
enum class StoreUse { MustExist, MayCreate };

// Opens the store named by --store, printing a clear error (with the password redacted) on failure, and a
// line naming the file when a new SQLite store was created.
std::shared_ptr<store::Store> openStore(const QCommandLineParser &parser, const QString &subcommand,
                                        StoreUse use = StoreUse::MustExist);

// Progress lines on a terminal only: cron mail stays quiet.
bool stderrIsTerminal();

} // namespace cli
