// caom-sync sources adopt-icewind NAME --database URL --schema SCHEMA: where an icewind process stopped, its
// cursors and skip records, become the harvest state of a configured source (docs/sync.md, "Moving from icewind").
#include "command_adopt_icewind.h"

#include "command.h"
#include "store_option.h"

#include "common/settings.h"
#include "net/listing_parser.h"
#include "store/icewind_state_reader.h"
#include "sync/icewind_adoption.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cli {

namespace {

const QString command = QStringLiteral("sources adopt-icewind");

QString timeOrNone(const std::optional<qint64> &ms)
{
    return ms ? fromStd(net::formatIvoaTimestamp(*ms)) : QStringLiteral("none");
}

QJsonValue timeJson(const std::optional<qint64> &ms)
{
    return ms ? QJsonValue(fromStd(net::formatIvoaTimestamp(*ms))) : QJsonValue();
}

void print(const harvest::IcewindAdoption &adoption, const QString &sourceName, bool dryRun, bool json)
{
    if (json) {
        QJsonArray collections;
        for (const auto &c : adoption.collections)
            collections.append(QJsonObject{{QStringLiteral("collection"), c.collection},
                                           {QStringLiteral("icewindKey"), c.icewindKey},
                                           {QStringLiteral("harvestKey"), c.ourKey},
                                           {QStringLiteral("observationCursor"), timeJson(c.observationCursor)},
                                           {QStringLiteral("deletionCursor"), timeJson(c.deletionCursor)},
                                           {QStringLiteral("skipRecordsAdded"), c.skipRecordsAdded},
                                           {QStringLiteral("skipRecordsKept"), c.skipRecordsKept}});
        printOut(QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("source"), sourceName},
                                      {QStringLiteral("dryRun"), dryRun},
                                      {QStringLiteral("collections"), collections},
                                      {QStringLiteral("notes"), QJsonArray::fromStringList(adoption.notes)},
                                      {QStringLiteral("notAdopted"), QJsonArray::fromStringList(adoption.notAdopted)}})
                .toJson()));
        return;
    }
    QString text = dryRun ? QStringLiteral("Would adopt for %1 (--dry-run, nothing written):\n").arg(sourceName)
                          : QStringLiteral("Adopted for %1:\n").arg(sourceName);
    for (const auto &c : adoption.collections) {
        text += QStringLiteral("  %1: observations from %2, deletions from %3, %4 skip record(s) to retry")
                    .arg(c.collection, timeOrNone(c.observationCursor), timeOrNone(c.deletionCursor))
                    .arg(c.skipRecordsAdded);
        if (c.skipRecordsKept > 0)
            text += QStringLiteral(" (%1 already recorded here, kept)").arg(c.skipRecordsKept);
        text += QLatin1Char('\n');
    }
    for (const QString &note : adoption.notes)
        text += QStringLiteral("  note: %1\n").arg(note);
    if (!adoption.notAdopted.isEmpty()) {
        text += QStringLiteral("Left in the icewind database:\n");
        for (const QString &line : adoption.notAdopted)
            text += QStringLiteral("  - %1\n").arg(line);
    }
    if (!dryRun)
        text += QStringLiteral("Next: 'caom-sync harvest --source %1' continues from these cursors; "
                               "'--mode retry' works through the skip records.\n")
                    .arg(sourceName);
    printOut(text);
}

} // namespace

int adoptIcewindState(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Take over where an icewind (or caom2harvester) process stopped: read its HarvestState and HarvestSkipURI "
        "tables in its PostgreSQL database and make them the harvest state of source NAME, so the next harvest "
        "lists only what changed after icewind's cursor and the retry pass works through icewind's failures. "
        "Only the state is taken; the observations icewind stored stay in its tables. Nothing in the icewind "
        "database is changed.\n\nExit status: 0 adopted, 2 refused or failed (nothing written)."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The configured source to continue with."));
    parser.addOption({QStringLiteral("database"),
                      QStringLiteral("icewind's database: postgresql://user@host[:port]/db (the password from "
                                     "PGPASSWORD or ~/.pgpass rather than the URL)."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("schema"),
                      QStringLiteral("The schema holding its tables, caom.schema in icewind.properties (default "
                                     "caom2)."),
                      QStringLiteral("SCHEMA"), QStringLiteral("caom2")});
    parser.addOption({QStringLiteral("service"),
                      QStringLiteral("The repository service icewind harvested (its repoService), when the source "
                                     "reaches it another way (default: the source's endpoint)."),
                      QStringLiteral("IVO_ID|URL")});
    parser.addOption(storeOption());
    parser.addOption({QStringLiteral("dry-run"), QStringLiteral("Show what would be adopted; write nothing.")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print a JSON object.")});
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(QStringLiteral("database"))) {
        printErr(QStringLiteral("caom-sync %1: give one source NAME and --database URL\n").arg(command));
        return Failed;
    }
    const mirror::Settings settings;
    auto source = settings.source(parser.positionalArguments().front());
    if (!source) {
        printErr(QStringLiteral("caom-sync %1: %2\n").arg(command, fromStd(source.error().message)));
        return Failed;
    }
    auto location = store::parseStoreLocation(parser.value(QStringLiteral("database")));
    if (!location) {
        printErr(QStringLiteral("caom-sync %1: %2\n").arg(command, fromStd(location.error().message)));
        return Failed;
    }
    auto icewind = store::readIcewindState(*location, parser.value(QStringLiteral("schema")));
    if (!icewind) {
        printErr(
            QStringLiteral("caom-sync %1: %2 (nothing was adopted)\n").arg(command, fromStd(icewind.error().message)));
        return Failed;
    }
    auto local = openStore(parser, command, StoreUse::MayCreate);
    if (!local)
        return Failed;
    harvest::IcewindAdoptionRequest request;
    request.sourceName = source->name;
    request.ourService = source->endpoint;
    request.icewindService = parser.value(QStringLiteral("service"));
    request.collections = source->collections;
    request.dryRun = parser.isSet(QStringLiteral("dry-run"));
    auto adopted = harvest::adoptIcewindState(local, *icewind, request);
    if (!adopted) {
        printErr(QStringLiteral("caom-sync %1: %2\n").arg(command, fromStd(adopted.error().message)));
        return Failed;
    }
    print(*adopted, source->name, request.dryRun, parser.isSet(QStringLiteral("json")));
    return Success;
}

} // namespace cli
