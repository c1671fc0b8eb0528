// caom-sync convert: rewrite a document in CAOM 2.4 or 2.3.
#include "command.h"

#include "caom2/checksum.h"
#include "caom2/xml_reader.h"
#include "caom2/xml_writer.h"

#include <QSaveFile>

namespace cli {

int runConvert(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Rewrite a CAOM 2.2, 2.3 or 2.4 document in CAOM 2.4 or 2.3. Checksums are unchanged by a "
                       "conversion (the model is the same); values that the target version cannot hold are named "
                       "on stderr, and then the stored checksums are recomputed so the output verifies.\n\n"
                       "Exit status: 0 converted, 1 converted with dropped values, 2 failed."));
    const QCommandLineOption toOption(QStringLiteral("to"), QStringLiteral("Target CAOM version: 2.4 or 2.3."),
                                      QStringLiteral("version"));
    parser.addOption(toOption);
    parser.addPositionalArgument(QStringLiteral("IN"), QStringLiteral("The document to read."));
    parser.addPositionalArgument(QStringLiteral("OUT"), QStringLiteral("The document to write (- for stdout)."));
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    const QStringList files = parser.positionalArguments();
    const QString to = parser.value(toOption);
    if (files.size() != 2 || (to != QStringLiteral("2.4") && to != QStringLiteral("2.3"))) {
        printErr(QStringLiteral("caom-sync convert: give --to 2.4|2.3, IN and OUT\n\n")
                 + helpText(parser, QStringLiteral("convert")));
        return Failed;
    }
    const caom2::ReadResult read = caom2::readObservationFile(files[0].toStdString());
    if (!read.ok) {
        printErr(QStringLiteral("caom-sync convert: %1\n").arg(fromStd(read.error.toString())));
        return Failed;
    }
    caom2::WriteOptions options;
    options.caomVersion = to == QStringLiteral("2.3") ? 23 : 24;
    caom2::Observation observation = read.document.observation;
    caom2::WriteReport report;
    caom2::WriteResult written = caom2::writeObservation(observation, options, &report);
    if (written.ok && !report.dropped.empty()) {
        // Dropping values changes what a reader of the output will hash: recompute so the output verifies.
        const caom2::ReadResult reread = caom2::readObservation(written.xml, "converted");
        if (reread.ok) {
            observation = reread.document.observation;
            caom2::assignChecksums(observation);
            written = caom2::writeObservation(observation, options);
        }
    }
    if (!written.ok) {
        printErr(QStringLiteral("caom-sync convert: %1: cannot be written as CAOM %2: %3\n")
                     .arg(files[0], to, fromStd(written.error)));
        return Failed;
    }
    // What is written must verify as it will be read: a document whose checksums do not match its content
    // would be refused by every harvester downstream, so none is written at all.
    const caom2::ReadResult check = caom2::readObservation(written.xml, "converted");
    if (!check.ok || !caom2::verifyChecksums(check.document.observation).ok()) {
        printErr(QStringLiteral("caom-sync convert: %1: the CAOM %2 version would not verify (%3); nothing written\n")
                     .arg(files[0], to,
                          check.ok ? QStringLiteral("its checksums do not match its content")
                                   : fromStd(check.error.toString())));
        return Failed;
    }
    for (const std::string &path : report.dropped)
        printErr(
            QStringLiteral("caom-sync convert: %1: dropped %2 (not in CAOM %3)\n").arg(files[0], fromStd(path), to));
    if (files[1] == QStringLiteral("-")) {
        printOut(QString::fromStdString(written.xml));
    } else {
        // QSaveFile: the output appears complete or not at all, never half-written.
        QSaveFile out(files[1]);
        if (!out.open(QIODevice::WriteOnly)
            || out.write(written.xml.data(), static_cast<qint64>(written.xml.size()))
                != static_cast<qint64>(written.xml.size())
            || !out.commit()) {
            printErr(QStringLiteral("caom-sync convert: cannot write %1: %2\n").arg(files[1], out.errorString()));
            return Failed;
        }
    }
    return report.dropped.empty() ? Success : ItemFailures;
}

} // namespace cli
