// caom-sync validate: check documents against the CAOM model rules.
#include "command.h"

#include "caom2/validator.h"
#include "caom2/xml_reader.h"

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
    for (const QString &file : files) {
        const caom2::ReadResult read = caom2::readObservationFile(file.toStdString());
        if (!read.ok) {
            printErr(QStringLiteral("caom-sync validate: %1\n").arg(fromStd(read.error.toString())));
            anyUnreadable = true;
            continue;
        }
        const std::vector<caom2::ValidationIssue> issues = caom2::validateObservation(read.document.observation);
        if (issues.empty()) {
            printOut(QStringLiteral("%1: valid\n").arg(file));
            continue;
        }
        anyInvalid = true;
        QString text = QStringLiteral("%1: %2 problem(s)\n").arg(file).arg(issues.size());
        for (const caom2::ValidationIssue &issue : issues)
            text += QStringLiteral("  %1: %2\n")
                        .arg(issue.path.empty() ? QStringLiteral("observation") : fromStd(issue.path),
                             fromStd(issue.message));
        printOut(text);
    }
    return anyUnreadable ? Failed : anyInvalid ? ItemFailures : Success;
}

} // namespace cli
