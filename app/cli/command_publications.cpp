// caom-sync publications: proposal -> publication links. `sync` reads a partner's feed from where the last sync
// stopped, `import` reads a feed file (to start a store), `ls` lists publications with the observations they
// used, or the proposal and publications of one observation. Feed format: docs/publications.md.
#include "command.h"
#include "interrupt_watch.h"
#include "store_option.h"

#include "common/settings.h"
#include "net/http_client.h"
#include "store/publication_store.h"
#include "sync/publication_sync.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>

namespace cli {
namespace {

const QString name = QStringLiteral("publications");

QString usageText()
{
    return QStringLiteral("Usage: caom-sync publications sync --source NAME [--full] [--json]\n"
                          "       caom-sync publications import FILE [--json]\n"
                          "       caom-sync publications ls [--proposal ID | --observation C/ID] [--search TEXT]"
                          " [--json]\n\n"
                          "Proposals, the publications that came out of them, and the observations they used.\n"
                          "Exit status: 0 success, 1 finished with lines skipped, 2 failed, 3 cancelled.\n");
}

QJsonObject runJson(const harvest::PublicationRun &run)
{
    const harvest::PublicationCounts &c = run.counts;
    return QJsonObject{{QStringLiteral("origin"), run.origin},
                       {QStringLiteral("feed"), run.feedUrl},
                       {QStringLiteral("outcome"), store::runOutcomeName(run.outcome)},
                       {QStringLiteral("lines"), c.lines},
                       {QStringLiteral("pages"), c.pages},
                       {QStringLiteral("added"), c.added},
                       {QStringLiteral("updated"), c.updated},
                       {QStringLiteral("unchanged"), c.unchanged},
                       {QStringLiteral("removed"), c.removed},
                       {QStringLiteral("older"), c.older},
                       {QStringLiteral("skipped"), c.malformed},
                       {QStringLiteral("problems"), QJsonArray::fromStringList(run.problems)},
                       {QStringLiteral("error"), run.error ? fromStd(run.error->message) : QString()}};
}

int report(const harvest::PublicationRun &run, bool json, const QString &verb)
{
    if (json) {
        printOut(QString::fromUtf8(QJsonDocument(runJson(run)).toJson()));
    } else {
        const harvest::PublicationCounts &c = run.counts;
        printOut(QStringLiteral("%1 %2: %3 lines, %4 added, %5 updated, %6 removed, %7 unchanged, %8 older, "
                                "%9 skipped\n")
                     .arg(verb, run.origin)
                     .arg(c.lines)
                     .arg(c.added)
                     .arg(c.updated)
                     .arg(c.removed)
                     .arg(c.unchanged)
                     .arg(c.older)
                     .arg(c.malformed));
        for (const QString &problem : run.problems)
            printErr(QStringLiteral("caom-sync publications: skipped %1\n").arg(problem));
    }
    if (run.error)
        printErr(QStringLiteral("caom-sync publications: %1\n").arg(fromStd(run.error->message)));
    return run.exitCode();
}

int runSync(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Read a configured source's publications feed from where the last sync stopped.\n"
                       "Exit status: 0 success, 1 finished with lines skipped, 2 failed, 3 cancelled."));
    parser.addOption(storeOption());
    parser.addOption({QStringLiteral("source"), QStringLiteral("The configured source."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("full"),
                      QStringLiteral("Read the whole feed again, forgetting where the last "
                                     "sync stopped and the lines it skipped.")});
    parser.addOption({QStringLiteral("page-size"), QStringLiteral("Records per request (default 1000)."),
                      QStringLiteral("N"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the run's report as JSON.")});
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    const QString sourceName = parser.value(QStringLiteral("source"));
    if (sourceName.isEmpty()) {
        printErr(QStringLiteral("caom-sync publications sync: give a source with --source (see 'caom-sync sources "
                                "list')\n"));
        return Failed;
    }
    bool ok = false;
    const int pageSize = parser.value(QStringLiteral("page-size")).toInt(&ok);
    if (!ok || pageSize <= 0) {
        printErr(QStringLiteral("caom-sync publications sync: --page-size is not a positive number: %1\n")
                     .arg(parser.value(QStringLiteral("page-size"))));
        return Failed;
    }
    auto source = mirror::Settings().source(sourceName);
    if (!source) {
        printErr(QStringLiteral("caom-sync publications sync: %1 (see 'caom-sync sources list')\n")
                     .arg(fromStd(source.error().message)));
        return Failed;
    }
    InterruptWatch interrupts;
    auto store = openStore(parser, QStringLiteral("publications sync"), StoreUse::MayCreate);
    if (!store)
        return Failed;
    net::initialiseHttp();
    std::atomic<bool> cancelled{false};
    interrupts.watch([&] { cancelled = true; });
    harvest::PublicationSyncOptions options;
    options.pageSize = pageSize;
    options.full = parser.isSet(QStringLiteral("full"));
    return report(harvest::syncPublications(store, *source, options, &cancelled), parser.isSet(QStringLiteral("json")),
                  QStringLiteral("synced"));
}

int runImportFile(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Read a publications feed file (one record a line, as a partner's feed) into the store.\n"
                       "Exit status: 0 success, 1 finished with lines skipped, 2 failed, 3 cancelled."));
    parser.addOption(storeOption());
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the run's report as JSON.")});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The feed file."));
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1) {
        printErr(QStringLiteral("caom-sync publications import: give one FILE\n"));
        return Failed;
    }
    InterruptWatch interrupts;
    auto store = openStore(parser, QStringLiteral("publications import"), StoreUse::MayCreate);
    if (!store)
        return Failed;
    std::atomic<bool> cancelled{false};
    interrupts.watch([&] { cancelled = true; });
    return report(harvest::importPublications(store, parser.positionalArguments().first(), &cancelled),
                  parser.isSet(QStringLiteral("json")), QStringLiteral("imported"));
}

QJsonObject publicationJson(const store::PublicationRecord &p)
{
    return QJsonObject{{QStringLiteral("bibcode"), p.bibcode},
                       {QStringLiteral("doi"), p.doi},
                       {QStringLiteral("title"), p.title},
                       {QStringLiteral("authors"), QJsonArray::fromStringList(p.authors)},
                       {QStringLiteral("year"), p.year ? QJsonValue(*p.year) : QJsonValue()},
                       {QStringLiteral("journal"), p.journal}};
}

QString publicationLine(const store::PublicationRecord &p)
{
    return QStringLiteral("%1  %2  %3  %4")
        .arg(p.bibcode, -19)
        .arg(p.year ? QString::number(*p.year) : QStringLiteral("----"))
        .arg(p.doi.isEmpty() ? QStringLiteral("(no DOI)") : p.doi, -28)
        .arg(p.title);
}

int listForObservation(const store::PublicationStore &publications, const QString &uri, bool json)
{
    const qsizetype slash = uri.indexOf(QLatin1Char('/'));
    if (slash <= 0 || slash == uri.size() - 1) {
        printErr(QStringLiteral("caom-sync publications ls: --observation takes COLLECTION/OBSERVATIONID, not %1\n")
                     .arg(uri));
        return Failed;
    }
    const QString collection = uri.left(slash);
    const QString observationID = uri.mid(slash + 1);
    auto found = publications.forObservation(collection, observationID);
    if (!found) {
        printErr(QStringLiteral("caom-sync publications ls: %1\n").arg(fromStd(found.error().message)));
        return Failed;
    }
    if (!*found) {
        printErr(QStringLiteral("caom-sync publications ls: the store holds no observation %1/%2\n")
                     .arg(collection, observationID));
        return Failed;
    }
    const store::ObservationPublications &o = **found;
    if (json) {
        QJsonArray list;
        for (const store::PublicationRecord &p : o.publications)
            list.append(publicationJson(p));
        QJsonObject proposal{{QStringLiteral("id"), o.proposalId}};
        if (o.proposal) {
            proposal.insert(QStringLiteral("pi"), o.proposal->pi);
            proposal.insert(QStringLiteral("title"), o.proposal->title);
            proposal.insert(QStringLiteral("cycle"), o.proposal->cycle);
            proposal.insert(QStringLiteral("keywords"), QJsonArray::fromStringList(o.proposal->keywords));
        }
        printOut(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("collection"), collection},
                                                             {QStringLiteral("observationID"), observationID},
                                                             {QStringLiteral("proposal"), proposal},
                                                             {QStringLiteral("publications"), list}})
                                       .toJson()));
        return Success;
    }
    if (o.proposalId.isEmpty()) {
        printOut(QStringLiteral("%1/%2 names no proposal\n").arg(collection, observationID));
        return Success;
    }
    QString text = QStringLiteral("proposal %1").arg(o.proposalId);
    if (o.proposal)
        text += QStringLiteral(": %1 (PI %2, cycle %3)")
                    .arg(o.proposal->title, o.proposal->pi.isEmpty() ? QStringLiteral("unknown") : o.proposal->pi,
                         o.proposal->cycle.isEmpty() ? QStringLiteral("unknown") : o.proposal->cycle);
    text += QLatin1Char('\n');
    if (o.publications.empty())
        text += QStringLiteral("no publications known\n");
    for (const store::PublicationRecord &p : o.publications)
        text += publicationLine(p) + QLatin1Char('\n');
    printOut(text);
    return Success;
}

int runList(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "List publications with the number of observations each used, or the proposal and publications of one "
        "observation."));
    parser.addOption(storeOption());
    parser.addOption(
        {QStringLiteral("proposal"), QStringLiteral("Only the publications of this proposal."), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("observation"),
                      QStringLiteral("The proposal and publications of one observation."), QStringLiteral("C/ID")});
    parser.addOption({QStringLiteral("search"),
                      QStringLiteral("Only publications whose bibcode, DOI, title, authors or journal contain this."),
                      QStringLiteral("TEXT")});
    parser.addOption({QStringLiteral("limit"), QStringLiteral("At most this many publications (default 1000)."),
                      QStringLiteral("N"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    auto store = openStore(parser, QStringLiteral("publications ls"));
    if (!store)
        return Failed;
    const bool json = parser.isSet(QStringLiteral("json"));
    store::PublicationStore publications(store);
    if (parser.isSet(QStringLiteral("observation")))
        return listForObservation(publications, parser.value(QStringLiteral("observation")), json);

    store::PublicationFilter filter;
    filter.proposalId = parser.value(QStringLiteral("proposal"));
    filter.search = parser.value(QStringLiteral("search"));
    bool ok = false;
    filter.limit = parser.value(QStringLiteral("limit")).toInt(&ok);
    if (!ok || filter.limit <= 0) {
        printErr(QStringLiteral("caom-sync publications ls: --limit is not a positive number\n"));
        return Failed;
    }
    auto list = publications.publications(filter);
    if (!list) {
        printErr(QStringLiteral("caom-sync publications ls: %1\n").arg(fromStd(list.error().message)));
        return Failed;
    }
    if (json) {
        QJsonArray array;
        for (const store::PublicationSummary &s : *list) {
            QJsonObject object = publicationJson(s.publication);
            object.insert(QStringLiteral("proposals"), QJsonArray::fromStringList(s.proposals));
            object.insert(QStringLiteral("observations"), s.observations);
            array.append(object);
        }
        printOut(QString::fromUtf8(QJsonDocument(array).toJson()));
        return Success;
    }
    QString text;
    for (const store::PublicationSummary &s : *list)
        text += publicationLine(s.publication)
            + QStringLiteral("  [%1 observations; proposal %2]\n")
                  .arg(s.observations)
                  .arg(s.proposals.join(QStringLiteral(", ")));
    if (list->empty())
        text = QStringLiteral("no publications\n");
    printOut(text);
    return Success;
}

} // namespace

int runPublications(const QStringList &arguments)
{
    const QString action = arguments.value(1);
    QStringList rest = arguments.mid(1);
    if (!rest.isEmpty())
        rest[0] = name + QLatin1Char(' ') + action; // the usage line names the whole command
    if (action == QLatin1String("sync"))
        return runSync(rest);
    if (action == QLatin1String("import"))
        return runImportFile(rest);
    if (action == QLatin1String("ls"))
        return runList(rest);
    if (action == QLatin1String("--help") || action == QLatin1String("-h")) {
        printOut(usageText());
        return Success;
    }
    printErr(action.isEmpty()
                 ? usageText()
                 : QStringLiteral("caom-sync publications: unknown action '%1'\n\n").arg(action) + usageText());
    return Failed;
}

} // namespace cli
