// caom-sync validate: check documents against the CAOM model rules.
#include "command.h"

#include "caom2/validator.h"
#include "caom2/xml_reader.h"
#include "common/ordered_parallel.h"

namespace cli {

int runValidate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Check CAOM observation documents against the model's rules (required values, identifiers, "
                       "URIs, checksum syntax, polygon and interval geometry, chunk axes).\n\nExit status: 0 when "
                       "every document is valid, 1 when any breaks a rule, 2 when a file cannot be read."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("CAOM observation documents."),
                                 QStringLiteral("FILE..."));
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        printErr(QStringLiteral("caom-sync validate: no FILE given\n\n")
                 + helpText(parser, QStringLiteral("validate")));
        return Failed;
    }
    bool anyInvalid = false;
    bool anyUnreadable = false;
    // Files are read and checked on every core; reports come out in the order the files were given.
    struct Checked {
        caom2::ReadResult read;
        std::vector<caom2::ValidationIssue> issues;
    };
    mirror::orderedParallel<Checked>(
        std::size_t(files.size()), mirror::defaultWorkerThreads(), 64,
        [&](std::size_t i) {
            Checked checked{caom2::readObservationFile(files[qsizetype(i)].toStdString()), {}};
            if (checked.read.ok)
                checked.issues = caom2::validateObservation(checked.read.document.observation);
            checked.read.document.observation = {}; // only the issues are reported: free the model early
            return checked;
        },
        [&](std::size_t i, Checked &&checked) {
            const QString &file = files[qsizetype(i)];
            const caom2::ReadResult &read = checked.read;
            if (!read.ok) {
                printErr(QStringLiteral("caom-sync validate: %1\n").arg(fromStd(read.error.toString())));
                anyUnreadable = true;
                return;
            }
            const std::vector<caom2::ValidationIssue> &issues = checked.issues;
            if (issues.empty()) {
                printOut(QStringLiteral("%1: valid\n").arg(file));
                return;
            }
            anyInvalid = true;
            QString text = QStringLiteral("%1: %2 problem(s)\n").arg(file).arg(issues.size());
            for (const caom2::ValidationIssue &issue : issues)
                text += QStringLiteral("  %1: %2\n")
                            .arg(issue.path.empty() ? QStringLiteral("observation") : fromStd(issue.path),
                                 fromStd(issue.message));
            printOut(text);
        });
    return anyUnreadable ? Failed : anyInvalid ? ItemFailures : Success;
}

} // namespace cli
