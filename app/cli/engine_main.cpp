// caom-sync-engine: runs the caom-sync commands that need the store or the network, and --version. caom-sync
// (main.cpp) hands itself over to this program with execv, keeping its process and arguments, so everything
// here behaves as caom-sync and is named so: the same application name (which places the settings file), the
// same messages. It also runs the document commands, so that run on its own it is a whole caom-sync.
#include "command.h"
#include "command_list.h"
#include "document_commands.h"
#include "sync/runtime_components.h"

#include <QCoreApplication>

#include <string_view>

namespace {

cli::CommandFunction engineCommand(std::string_view name)
{
    struct Entry {
        std::string_view name;
        cli::CommandFunction run;
    };
    static constexpr Entry commands[] = {
        {"acknowledge", cli::runAcknowledge},
        {"artifacts", cli::runArtifacts},
        {"compare", cli::runCompare},
        {"discrepancies", cli::runDiscrepancies},
        {"export", cli::runExport},
        {"generate", cli::runGenerate},
        {"harvest", cli::runHarvest},
        {"import", cli::runImport},
        {"ls", cli::runLs},
        {"publications", cli::runPublications},
        {"report", cli::runReport},
        {"serve", cli::runServe},
        {"sources", cli::runSources},
        {"status", cli::runStatus},
    };
    for (const Entry &entry : commands)
        if (entry.name == name)
            return entry.run;
    return cli::documentCommand(name);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    cli::nameApplication();

    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    if (!arguments.isEmpty() && arguments.first() == QStringLiteral("--version")) {
        // The first line is the version; the others say what it runs with, for bug reports.
        QString text = QStringLiteral("caom-sync %1\n").arg(QCoreApplication::applicationVersion());
        for (const QString &component : harvest::runtimeComponents())
            text += QStringLiteral("  ") + component + QLatin1Char('\n');
        cli::printOut(text);
        return cli::Success;
    }
    return cli::runCommandLine(arguments, engineCommand);
}
