// caom-sync: the command-line twin of CAOM Mirror Console, for cron, servers and scripts.
//
// This is the front program. It runs the document commands (checksum, diff, convert, validate) itself and hands
// every other command to caom-sync-engine, which loads the store, network and server libraries they need. The
// front links Qt Core and the CAOM library only: loading the ~50 libraries of the engine cost a checksum run
// about 45 ms of CPU before it read a byte (docs/benchmarks.md, "A front program for the document commands").
#include "command_list.h"
#include "document_commands.h"
#include "engine_program.h"

#include <QCoreApplication>

#include <cstring>
#include <string_view>

namespace {

// Decided from the raw arguments, before Qt is started: a command the engine runs costs only this program's
// own loading on top of the engine's.
bool isEngines(const char *firstArgument)
{
    const std::string_view first(firstArgument);
    return first == "--version" || (cli::isCommand(first) && !cli::documentCommand(first));
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc > 1 && isEngines(argv[1]))
        return cli::runEngine(argv);

    QCoreApplication app(argc, argv);
    cli::nameApplication();

    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    return cli::runCommandLine(arguments, cli::documentCommand);
}
