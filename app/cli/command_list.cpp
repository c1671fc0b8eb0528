#include "command_list.h"

#include <QCoreApplication>

#include "command.h"

#include <algorithm>
#include <array>

namespace cli {

namespace {

constexpr std::array<CommandSummary, 18> commands{{
    {"acknowledge", "mark discrepancies seen, with a note"},
    {"artifacts", "mirror artifact files: discover, download, validate, diff"},
    {"checksum", "recompute metaChecksum/accMetaChecksum of CAOM documents and compare with the stored values"},
    {"compare", "one observation's copies side by side, fetched live"},
    {"convert", "rewrite a document in CAOM 2.4 or 2.3"},
    {"diff", "field-level differences between two observation documents"},
    {"discrepancies", "what validate found between partners and the store"},
    {"export", "write a collection's stored documents as CAOM XML"},
    {"generate", "generate synthetic observations into the store"},
    {"harvest", "synchronise metadata from a source (incremental, retry, validate, full)"},
    {"import", "verify documents' checksums and store them"},
    {"ls", "list collections, observations, or one observation's tree"},
    {"publications", "proposals and publications: sync a partner's feed, import a file, list"},
    {"report", "write an HTML report with CSV files for the partners' meetings"},
    {"serve", "publish the store with the repository protocol"},
    {"sources", "list, add, remove and test partner sources"},
    {"status", "what was synced, skipped and failed, per source and collection"},
    {"validate", "check documents against the CAOM model rules"},
}};

} // namespace

std::span<const CommandSummary> everyCommand()
{
    return commands;
}

bool isCommand(std::string_view name)
{
    return std::any_of(commands.begin(), commands.end(),
                       [name](const CommandSummary &command) { return command.name == name; });
}

QString usage()
{
    QString text = QStringLiteral("Usage: caom-sync <command> [options]\n\n"
                                  "The headless twin of CAOM Mirror Console.\n\nCommands:\n");
    for (const CommandSummary &command : commands)
        text += QStringLiteral("  %1  %2\n").arg(fromStd(command.name), -10).arg(QString::fromUtf8(command.summary));
    text += QStringLiteral("\nRun 'caom-sync <command> --help' for the options of a command.\n"
                           "Exit codes: 0 success, 1 item failures or differences, 2 failed, 3 cancelled.\n");
    return text;
}

int runCommandLine(QStringList arguments, CommandFunction (*find)(std::string_view name))
{
    if (arguments.isEmpty()) { // a usage error: the usage goes where errors go
        printErr(usage());
        return Failed;
    }
    const QString &first = arguments.first();
    if (first == QStringLiteral("--help") || first == QStringLiteral("-h") || first == QStringLiteral("help")) {
        printOut(usage());
        return Success;
    }
    const QByteArray name = first.toUtf8();
    const CommandFunction command = find(std::string_view(name.constData(), std::size_t(name.size())));
    if (!command) {
        printErr(QStringLiteral("caom-sync: unknown command '%1'\n\n").arg(first) + usage());
        return Failed;
    }
    return command(arguments);
}

void nameApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("caom-sync"));
    QCoreApplication::setOrganizationName(QStringLiteral("CAOM Mirror"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CAOM_MIRROR_VERSION));
}

} // namespace cli
