#pragma once

#include <QString>
#include <QStringList>

#include <span>
#include <string_view>

// Every command of caom-sync and the line --help gives it. caom-sync is two programs: the front (`caom-sync`),
// which runs the document commands itself, and the engine (`caom-sync-engine`), which runs the commands that need
// the store or the network. Both list every command from here, so --help, the man page and the bash completion
// (all read from --help) name them all, whichever program answers.
namespace cli {

using CommandFunction = int (*)(const QStringList &arguments);

struct CommandSummary {
    std::string_view name;
    const char *summary;
};

// In the order --help lists them (by name).
std::span<const CommandSummary> everyCommand();

bool isCommand(std::string_view name);

QString usage();

// The name, organisation and version both programs give Qt (settings and messages find them there). Call right
// after making the QCoreApplication.
void nameApplication();

// What both programs do with their arguments (argv without the program): usage on no command or --help, an
// error for a name `find` does not know, else the command's exit code.
int runCommandLine(QStringList arguments, CommandFunction (*find)(std::string_view name));

} // namespace cli
