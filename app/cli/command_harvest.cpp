// caom-sync harvest: one mode of metadata sync for one source's collections, through the same Engine the
// console uses. Progress on a terminal, quiet for cron; SIGINT/SIGTERM cancel cleanly (exit 3).
#include "command.h"
#include "interrupt_watch.h"
#include "store_option.h"

#include "common/settings.h"
#include "net/http_client.h"
#include "net/listing_parser.h"
#include "sync/engine.h"
#include "sync/harvest_report_format.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace cli {

int runHarvest(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Synchronise observation metadata from a configured source (see 'caom-sync sources').\n"
        "Modes: incremental (deletions, then new and changed observations since the cursor), retry (skip\n"
        "records due now), validate (compare the whole collection; --repair fixes what differs), full\n"
        "(re-verify every observation, writing only what changed; --prune then removes local-only ones).\n\n"
        "Exit status: 0 success, 1 finished with item failures (or unrepaired differences), 2 failed,\n"
        "3 cancelled."));
    parser.addOption(storeOption());
    parser.addOption({QStringLiteral("source"), QStringLiteral("The configured source."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("collection"),
                      QStringLiteral("A collection (repeatable). Default: the source's configured collections; "
                                     "one held by another harvester is skipped."),
                      QStringLiteral("C")});
    parser.addOption({QStringLiteral("mode"), QStringLiteral("incremental (default), retry, validate or full."),
                      QStringLiteral("MODE"), QStringLiteral("incremental")});
    parser.addOption({QStringLiteral("repair"), QStringLiteral("validate: fix the differences found.")});
    parser.addOption({QStringLiteral("prune"),
                      QStringLiteral("full: afterwards delete local observations the source no longer has "
                                     "(needs --yes).")});
    parser.addOption({QStringLiteral("yes"), QStringLiteral("Confirm --prune.")});
    parser.addOption({QStringLiteral("from"), QStringLiteral("full: start at this time (yyyy-MM-ddTHH:mm:ss.SSS)."),
                      QStringLiteral("TIME")});
    parser.addOption(
        {QStringLiteral("reason"),
         QStringLiteral("retry: only skip records of this class (transient, checksum, parse, item, auth)."),
         QStringLiteral("CLASS")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the run reports as JSON.")});
    parser.addOption({QStringLiteral("quiet"), QStringLiteral("No progress line, even on a terminal.")});
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;

    const bool json = parser.isSet(QStringLiteral("json"));
    const bool quiet = parser.isSet(QStringLiteral("quiet")) || !stderrIsTerminal();
    const auto mode = harvest::harvestModeFromName(parser.value(QStringLiteral("mode")));
    if (!mode) {
        printErr(QStringLiteral("caom-sync harvest: unknown mode '%1'\n").arg(parser.value(QStringLiteral("mode"))));
        return Failed;
    }
    if (parser.isSet(QStringLiteral("prune")) && !parser.isSet(QStringLiteral("yes"))) {
        printErr(QStringLiteral("caom-sync harvest: --prune deletes local observations; add --yes to confirm\n"));
        return Failed;
    }
    const QString sourceName = parser.value(QStringLiteral("source"));
    if (sourceName.isEmpty()) {
        printErr(QStringLiteral("caom-sync harvest: give a source with --source (see 'caom-sync sources list')\n"));
        return Failed;
    }
    auto source = mirror::Settings().source(sourceName);
    if (!source) {
        printErr(QStringLiteral("caom-sync harvest: %1 (see 'caom-sync sources list')\n")
                     .arg(fromStd(source.error().message)));
        return Failed;
    }
    harvest::SourceHarvest harvest;
    harvest.source = *source;
    harvest.collections = parser.values(QStringLiteral("collection"));
    harvest.base.mode = *mode;
    harvest.base.repair = parser.isSet(QStringLiteral("repair"));
    harvest.base.prune = parser.isSet(QStringLiteral("prune"));
    if (parser.isSet(QStringLiteral("from"))) {
        harvest.base.fullFrom = net::parseIvoaTimestamp(parser.value(QStringLiteral("from")).toStdString());
        if (!harvest.base.fullFrom) {
            printErr(QStringLiteral("caom-sync harvest: --from is not a time: %1\n")
                         .arg(parser.value(QStringLiteral("from"))));
            return Failed;
        }
    }
    if (parser.isSet(QStringLiteral("reason"))) {
        harvest.base.retryReason = mirror::errorCategoryFromName(parser.value(QStringLiteral("reason")).toStdString());
        if (!harvest.base.retryReason) {
            printErr(
                QStringLiteral("caom-sync harvest: unknown --reason %1\n").arg(parser.value(QStringLiteral("reason"))));
            return Failed;
        }
    }
    // Ctrl-C from here on cancels cleanly, whatever is in flight (opening the store, resolving the source).
    InterruptWatch interrupts;
    auto store = openStore(parser, QStringLiteral("harvest"), StoreUse::MayCreate);
    if (!store)
        return Failed;
    if (InterruptWatch::interrupted())
        return Cancelled;
    net::initialiseHttp();

    harvest::Engine engine(store);
    interrupts.watch([&] {
        printErr(QStringLiteral("\ncaom-sync harvest: cancelling...\n"));
        engine.cancelAll();
    });
    QJsonArray reports;
    QObject::connect(&engine, &harvest::Engine::progressChanged, &engine, [&](const harvest::JobProgress &progress) {
        if (!quiet)
            printErr(QStringLiteral("\r%1").arg(harvest::progressLine(progress), -100));
    });
    QObject::connect(&engine, &harvest::Engine::collectionFinished, &engine, [&](const harvest::JobResult &result) {
        if (!quiet)
            printErr(QStringLiteral("\r%1\r").arg(QString(), 100));
        if (json)
            reports.append(harvest::reportJson(result));
        else
            printOut(harvest::reportText(result));
    });
    QObject::connect(&engine, &harvest::Engine::jobFinished, &engine, [&](const harvest::JobEnd &end) {
        if (!quiet)
            printErr(QStringLiteral("\r%1\r").arg(QString(), 100));
        for (const QString &note : end.notes)
            printErr(QStringLiteral("caom-sync harvest: note: %1\n").arg(note));
        if (!end.planError.isEmpty())
            printErr(QStringLiteral("caom-sync harvest: %1\n").arg(end.planError));
        QCoreApplication::exit(end.exitCode);
    });
    engine.start(std::move(harvest));
    const int code = QCoreApplication::exec();
    if (json)
        printOut(QString::fromUtf8(QJsonDocument(reports).toJson()));
    return code;
}

} // namespace cli
