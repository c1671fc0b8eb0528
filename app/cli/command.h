#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>
#include <string_view>

// The subcommands of caom-sync. Each takes its own arguments (argv[0] is the subcommand name) and returns
// the process exit code. Common exit codes across the CLI: 0 success, 1 finished with item failures or
// differences, 2 failed (unreadable input, bad usage), 3 cancelled.
namespace cli {

enum ExitCode : int { Success = 0, ItemFailures = 1, Failed = 2, Cancelled = 3 };

int runChecksum(const QStringList &arguments);
int runDiff(const QStringList &arguments);
int runConvert(const QStringList &arguments);
int runValidate(const QStringList &arguments);
int runImport(const QStringList &arguments);
int runExport(const QStringList &arguments);
int runLs(const QStringList &arguments);
int runGenerate(const QStringList &arguments);
int runHarvest(const QStringList &arguments);
int runStatus(const QStringList &arguments);
int runServe(const QStringList &arguments);
int runSources(const QStringList &arguments);
int runCompare(const QStringList &arguments);
int runDiscrepancies(const QStringList &arguments);
int runAcknowledge(const QStringList &arguments);
int runReport(const QStringList &arguments);
int runArtifacts(const QStringList &arguments);
int runPublications(const QStringList &arguments);

// "4096", "64K", "10M", "1G" (powers of 1024) as bytes; nullopt when it is none of these.
std::optional<qint64> parseByteSize(QString text);

// A file name for an observationID that cannot escape the directory it is written to.
QString safeFileName(const QString &observationID);

// Parses `arguments` for a subcommand; prints help and returns false on --help or a usage error, with
// `exitCode` set to what the process should return.
bool parseArguments(QCommandLineParser &parser, const QStringList &arguments, int &exitCode);

// The parser's help with "caom-sync <subcommand>" in the usage line.
QString helpText(const QCommandLineParser &parser, const QString &subcommand);

void printOut(const QString &text); // to stdout, UTF-8
void printErr(const QString &text); // to stderr, UTF-8

inline QString fromStd(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace cli
