// caom-sync harvest: one mode of metadata sync for one source's collections, through the same Engine the
// console uses. Progress on a terminal, quiet for cron; SIGINT/SIGTERM cancel cleanly (exit 3).
#include "command.h"
#include "harvest_report_format.h"
#include "harvest_target_builder.h"
#include "source_endpoints.h"
#include "store_option.h"

#include "net/http_client.h"
#include "net/listing_parser.h"
#include "sync/engine.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <deque>

namespace cli {
namespace {

std::atomic<bool> interrupted{false};

void onSignal(int)
{
    interrupted.store(true);
}

struct HarvestPlan {
    std::deque<QString> collections; // still to run, in order
    harvest::HarvestRequest base;
    mirror::PartnerSource source;
    bool json = false;
    bool quiet = false;
    int worstExit = Success;
    QJsonArray reports;
};

} // namespace

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

    HarvestPlan plan;
    plan.json = parser.isSet(QStringLiteral("json"));
    plan.quiet = parser.isSet(QStringLiteral("quiet")) || !stderrIsTerminal();
    const auto mode = harvest::harvestModeFromName(parser.value(QStringLiteral("mode")));
    if (!mode) {
        printErr(QStringLiteral("caom-sync harvest: unknown mode '%1'\n").arg(parser.value(QStringLiteral("mode"))));
        return Failed;
    }
    if (parser.isSet(QStringLiteral("prune")) && !parser.isSet(QStringLiteral("yes"))) {
        printErr(QStringLiteral("caom-sync harvest: --prune deletes local observations; add --yes to confirm\n"));
        return Failed;
    }
    auto source = findSource(parser.value(QStringLiteral("source")));
    if (!source) {
        printErr(QStringLiteral("caom-sync harvest: %1\n").arg(fromStd(source.error().message)));
        return Failed;
    }
    plan.source = *source;
    const QStringList asked = parser.values(QStringLiteral("collection"));
    QStringList collections = asked.isEmpty() ? source->collections : asked;
    net::initialiseHttp();
    if (collections.isEmpty()) {
        // A source configured without collections mirrors every collection it offers.
        auto offered = offeredCollections(*source);
        if (!offered) {
            printErr(QStringLiteral("caom-sync harvest: %1\n").arg(fromStd(offered.error().message)));
            return Failed;
        }
        collections = *offered;
        if (collections.isEmpty()) {
            printErr(QStringLiteral("caom-sync harvest: %1 offers no collections\n").arg(source->name));
            return Failed;
        }
    }
    plan.collections.assign(collections.begin(), collections.end());
    plan.base.mode = *mode;
    plan.base.repair = parser.isSet(QStringLiteral("repair"));
    plan.base.prune = parser.isSet(QStringLiteral("prune"));
    if (parser.isSet(QStringLiteral("from"))) {
        plan.base.fullFrom = net::parseIvoaTimestamp(parser.value(QStringLiteral("from")).toStdString());
        if (!plan.base.fullFrom) {
            printErr(QStringLiteral("caom-sync harvest: --from is not a time: %1\n")
                         .arg(parser.value(QStringLiteral("from"))));
            return Failed;
        }
    }
    if (parser.isSet(QStringLiteral("reason"))) {
        plan.base.retryReason = mirror::errorCategoryFromName(parser.value(QStringLiteral("reason")).toStdString());
        if (!plan.base.retryReason) {
            printErr(
                QStringLiteral("caom-sync harvest: unknown --reason %1\n").arg(parser.value(QStringLiteral("reason"))));
            return Failed;
        }
    }
    auto store = openStore(parser, QStringLiteral("harvest"));
    if (!store)
        return Failed;
    net::initialiseHttp();

    harvest::Engine engine(store);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    QTimer signalWatch;
    QObject::connect(&signalWatch, &QTimer::timeout, &engine, [&] {
        if (interrupted.exchange(false)) {
            printErr(QStringLiteral("\ncaom-sync harvest: cancelling...\n"));
            plan.collections.clear();
            engine.cancelAll();
        }
    });
    signalWatch.start(100);

    const auto startNext = [&] {
        while (!plan.collections.empty()) {
            const QString collection = plan.collections.front();
            plan.collections.pop_front();
            auto target = buildHarvestTarget(plan.source, collection);
            if (!target) {
                printErr(QStringLiteral("caom-sync harvest: %1\n").arg(fromStd(target.error().message)));
                plan.worstExit = std::max(plan.worstExit, int(Failed));
                continue;
            }
            harvest::HarvestRequest request = plan.base;
            request.target = std::move(*target);
            engine.start(std::move(request));
            return;
        }
        QCoreApplication::exit(plan.worstExit);
    };
    QObject::connect(&engine, &harvest::Engine::progressChanged, &engine, [&](const harvest::JobProgress &progress) {
        if (!plan.quiet)
            printErr(QStringLiteral("\r%1").arg(progressLine(progress), -100));
    });
    QObject::connect(&engine, &harvest::Engine::jobFinished, &engine, [&](const harvest::JobResult &result) {
        if (!plan.quiet)
            printErr(QStringLiteral("\r%1\r").arg(QString(), 100));
        // A collection another harvester holds is not a failure of this one: it is being taken care of.
        const bool heldElsewhere =
            result.report.runKey == 0 && result.report.error.contains(QLatin1String("another process"));
        if (plan.json)
            plan.reports.append(reportJson(result));
        else
            printOut(reportText(result));
        if (!heldElsewhere)
            plan.worstExit = std::max(plan.worstExit, result.report.exitCode());
        startNext();
    });
    QTimer::singleShot(0, &engine, startNext);
    const int code = QCoreApplication::exec();
    if (plan.json)
        printOut(QString::fromUtf8(QJsonDocument(plan.reports).toJson()));
    return code;
}

} // namespace cli
