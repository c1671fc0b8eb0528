// caom-sync diff: field-level differences between two observation documents, children matched by identity.
#include "command.h"

#include "caom2/diff.h"
#include "caom2/xml_reader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cli {

namespace {

QJsonValue side(const std::string &value, bool present)
{
    return present ? QJsonValue(fromStd(value)) : QJsonValue(QJsonValue::Null);
}

} // namespace

int runDiff(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Field-level differences between two CAOM observation documents. Planes, artifacts, parts and "
                       "chunks are matched by identity (productID, URI, name, id), never by position.\n\nExit status: "
                       "0 when the observations are the same, 1 when they differ, 2 when a file cannot be read."));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Print a JSON array of {path, left, right} objects."));
    const QCommandLineOption stateOnlyOption(
        QStringLiteral("state-only"),
        QStringLiteral("Ignore entity attributes (ids, lastModified, stored checksums, metaProducer)."));
    parser.addOptions({jsonOption, stateOnlyOption});
    parser.addPositionalArgument(QStringLiteral("A.xml"), QStringLiteral("The left document."));
    parser.addPositionalArgument(QStringLiteral("B.xml"), QStringLiteral("The right document."));
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 2) {
        printErr(QStringLiteral("caom-sync diff: give exactly two documents\n\n")
                 + helpText(parser, QStringLiteral("diff")));
        return Failed;
    }
    caom2::ReadResult sides[2];
    for (int i = 0; i < 2; ++i) {
        sides[i] = caom2::readObservationFile(files[i].toStdString());
        if (!sides[i].ok) {
            printErr(QStringLiteral("caom-sync diff: %1\n").arg(fromStd(sides[i].error.toString())));
            return Failed;
        }
    }
    caom2::DiffOptions options;
    options.includeEntityAttributes = !parser.isSet(stateOnlyOption);
    const std::vector<caom2::FieldDifference> differences =
        caom2::diffObservations(sides[0].document.observation, sides[1].document.observation, options);

    if (parser.isSet(jsonOption)) {
        QJsonArray array;
        for (const caom2::FieldDifference &d : differences)
            array.append(QJsonObject{{QStringLiteral("path"), fromStd(d.path)},
                                     {QStringLiteral("left"), side(d.left, d.leftPresent)},
                                     {QStringLiteral("right"), side(d.right, d.rightPresent)}});
        printOut(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented)));
    } else if (differences.empty()) {
        printOut(QStringLiteral("%1 and %2: no differences\n").arg(files[0], files[1]));
    } else {
        QString text =
            QStringLiteral("--- %1\n+++ %2\n%3 differences\n").arg(files[0], files[1]).arg(differences.size());
        for (const caom2::FieldDifference &d : differences) {
            text += QStringLiteral("%1\n  - %2\n  + %3\n")
                        .arg(fromStd(d.path), d.leftPresent ? fromStd(d.left) : QStringLiteral("(absent)"),
                             d.rightPresent ? fromStd(d.right) : QStringLiteral("(absent)"));
        }
        printOut(text);
    }
    return differences.empty() ? Success : ItemFailures;
}

} // namespace cli
