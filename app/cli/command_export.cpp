// caom-sync export: write a collection's stored documents back as CAOM XML files.
#include "command.h"
#include "store_option.h"

#include "store/observation_store.h"

#include <QDir>
#include <QSaveFile>

namespace cli {

// A file name for an observationID that can never leave the output directory: CAOM forbids '/' in ids but
// allows "..", so anything outside a conservative set, and a leading dot, is percent-encoded.
QString safeFileName(const QString &observationID)
{
    QString name;
    const QByteArray utf8 = observationID.toUtf8();
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const char c = utf8[i];
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
            || c == '_' || c == '+' || c == '=' || c == ',' || c == '@' || (c == '.' && i > 0);
        if (plain)
            name += QLatin1Char(c);
        else
            name += QStringLiteral("%%1").arg(static_cast<unsigned char>(c), 2, 16, QLatin1Char('0')).toUpper();
    }
    return name + QStringLiteral(".xml");
}

int runExport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Write every stored observation of a collection as a CAOM 2.4 document named "
                       "<observationID>.xml (characters unsafe in file names are percent-encoded).\n\n"
                       "Exit status: 0 all written, 1 some could not be written, 2 failed."));
    parser.addOption(storeOption());
    const QCommandLineOption collectionOption(QStringLiteral("collection"), QStringLiteral("The collection."),
                                              QStringLiteral("C"));
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("The output directory (created)."),
                                       QStringLiteral("DIR"));
    parser.addOptions({collectionOption, outOption});
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    if (!parser.isSet(collectionOption) || !parser.isSet(outOption)) {
        printErr(QStringLiteral("caom-sync export: give --collection and --out\n\n")
                 + helpText(parser, QStringLiteral("export")));
        return Failed;
    }
    const auto opened = openStore(parser, QStringLiteral("export"));
    if (!opened)
        return Failed;
    const QDir out(parser.value(outOption));
    if (!QDir().mkpath(out.absolutePath())) {
        printErr(QStringLiteral("caom-sync export: cannot create %1\n").arg(out.absolutePath()));
        return Failed;
    }
    store::ObservationStore observations(opened);
    const QString collection = parser.value(collectionOption);
    qsizetype written = 0;
    qsizetype failed = 0;
    auto visited = observations.forEachInCollection(collection, [&](const store::ObservationSummary &row) {
        auto xml = observations.document(row.collection, row.observationID);
        if (!xml || !xml.value()) {
            printErr(QStringLiteral("caom-sync export: %1/%2: %3\n")
                         .arg(row.collection, row.observationID,
                              xml ? QStringLiteral("vanished while exporting") : fromStd(xml.error().message)));
            ++failed;
            return true;
        }
        QSaveFile file(out.filePath(safeFileName(row.observationID)));
        if (!file.open(QIODevice::WriteOnly) || file.write(*xml.value()) != xml.value()->size() || !file.commit()) {
            printErr(
                QStringLiteral("caom-sync export: cannot write %1: %2\n").arg(file.fileName(), file.errorString()));
            ++failed;
            return true;
        }
        ++written;
        return true;
    });
    if (!visited) {
        printErr(QStringLiteral("caom-sync export: %1\n").arg(fromStd(visited.error().message)));
        return Failed;
    }
    if (written == 0 && failed == 0) {
        printErr(QStringLiteral("caom-sync export: the store has no observation in collection '%1'\n").arg(collection));
        return Failed;
    }
    printOut(
        QStringLiteral("exported %1 observation(s) of %2 to %3\n").arg(written).arg(collection, out.absolutePath()));
    return failed > 0 ? ItemFailures : Success;
}

} // namespace cli
