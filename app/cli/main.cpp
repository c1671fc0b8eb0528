// caom-sync: the command-line twin of CAOM Mirror Console, for cron, servers and scripts.
#include "command.h"
#include "sync/runtime_components.h"

#include <QCoreApplication>

#include <functional>
#include <map>

namespace {

struct Subcommand {
    const char *summary;
    std::function<int(const QStringList &)> run;
};

const std::map<QString, Subcommand> &subcommands()
{
    static const std::map<QString, Subcommand> table{
        {QStringLiteral("checksum"),
         {"recompute metaChecksum/accMetaChecksum of CAOM documents and compare with "
          "the stored values",
          cli::runChecksum}},
        {QStringLiteral("diff"), {"field-level differences between two observation documents", cli::runDiff}},
        {QStringLiteral("convert"), {"rewrite a document in CAOM 2.4 or 2.3", cli::runConvert}},
        {QStringLiteral("validate"), {"check documents against the CAOM model rules", cli::runValidate}},
        {QStringLiteral("import"), {"verify documents' checksums and store them", cli::runImport}},
        {QStringLiteral("export"), {"write a collection's stored documents as CAOM XML", cli::runExport}},
        {QStringLiteral("ls"), {"list collections, observations, or one observation's tree", cli::runLs}},
        {QStringLiteral("generate"), {"generate synthetic observations into the store", cli::runGenerate}},
        {QStringLiteral("harvest"),
         {"synchronise metadata from a source (incremental, retry, validate, full)", cli::runHarvest}},
        {QStringLiteral("artifacts"), {"mirror artifact files: discover, download, validate, diff", cli::runArtifacts}},
        {QStringLiteral("publications"),
         {"proposals and publications: sync a partner's feed, import a file, list", cli::runPublications}},
        {QStringLiteral("serve"), {"publish the store with the repository protocol", cli::runServe}},
        {QStringLiteral("sources"), {"list, add, remove and test partner sources", cli::runSources}},
        {QStringLiteral("status"), {"what was synced, skipped and failed, per source and collection", cli::runStatus}},
        {QStringLiteral("compare"), {"one observation's copies side by side, fetched live", cli::runCompare}},
        {QStringLiteral("discrepancies"),
         {"what validate found between partners and the store", cli::runDiscrepancies}},
        {QStringLiteral("acknowledge"), {"mark discrepancies seen, with a note", cli::runAcknowledge}},
        {QStringLiteral("report"), {"write an HTML report with CSV files for the partners' meetings", cli::runReport}},
    };
    return table;
}

QString usage()
{
    QString text = QStringLiteral("Usage: caom-sync <command> [options]\n\n"
                                  "The headless twin of CAOM Mirror Console.\n\nCommands:\n");
    for (const auto &[name, command] : subcommands())
        text += QStringLiteral("  %1  %2\n").arg(name, -10).arg(QString::fromUtf8(command.summary));
    text += QStringLiteral("\nRun 'caom-sync <command> --help' for the options of a command.\n"
                           "Exit codes: 0 success, 1 item failures or differences, 2 failed, 3 cancelled.\n");
    return text;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("caom-sync"));
    QCoreApplication::setOrganizationName(QStringLiteral("CAOM Mirror"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CAOM_MIRROR_VERSION));

    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    if (arguments.isEmpty()) { // a usage error: the usage goes where errors go
        cli::printErr(usage());
        return cli::Failed;
    }
    if (arguments.first() == QStringLiteral("--help") || arguments.first() == QStringLiteral("-h")
        || arguments.first() == QStringLiteral("help")) {
        cli::printOut(usage());
        return cli::Success;
    }
    if (arguments.first() == QStringLiteral("--version")) {
        // The first line is the version; the others say what it runs with, for bug reports.
        QString text = QStringLiteral("caom-sync %1\n").arg(QCoreApplication::applicationVersion());
        for (const QString &component : harvest::runtimeComponents())
            text += QStringLiteral("  ") + component + QLatin1Char('\n');
        cli::printOut(text);
        return cli::Success;
    }
    const auto command = subcommands().find(arguments.first());
    if (command == subcommands().end()) {
        cli::printErr(QStringLiteral("caom-sync: unknown command '%1'\n\n").arg(arguments.first()) + usage());
        return cli::Failed;
    }
    return command->second.run(arguments);
}
