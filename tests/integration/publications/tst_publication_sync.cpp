// Proposal -> publication links synced from a partner on loopback: a real `serve` (in a thread) over the
// partner's store, the local store on each engine. Expected values come from what the test gave the partner.
#include "../../unit/serve/server_thread.h"
#include "cli_runner.h"
#include "scripted_http_server.h"
#include "test_stores.h"

#include "caom2/generator.h"
#include "net/http_client.h"
#include "net/service_locator.h"
#include "store/harvest_state_store.h"
#include "store/observation_store.h"
#include "store/publication_feed_line.h"
#include "store/publication_store.h"
#include "store/skip_record_store.h"
#include "sync/publication_sync.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace testsupport;

namespace {

const qint64 t0 = 1717200000000; // 2024-06-01

store::PublicationLink link(const QString &proposal, const QString &bibcode, qint64 modified)
{
    store::PublicationLink l;
    l.proposal.id = proposal;
    l.proposal.pi = QStringLiteral("PI of ") + proposal;
    l.proposal.title = QStringLiteral("Programme ") + proposal;
    l.proposal.cycle = QStringLiteral("30");
    l.publication.bibcode = bibcode;
    l.publication.doi = QStringLiteral("10.3847/") + bibcode;
    l.publication.title = QStringLiteral("Paper ") + bibcode;
    l.publication.authors = {QStringLiteral("Doe, A.")};
    l.publication.year = 2024;
    l.publication.journal = QStringLiteral("ApJ");
    l.lastModified = modified;
    return l;
}

store::PublicationLink removal(const QString &proposal, const QString &bibcode, qint64 modified)
{
    store::PublicationLink l;
    l.proposal.id = proposal;
    l.publication.bibcode = bibcode;
    l.lastModified = modified;
    l.deleted = true;
    return l;
}

caom2::Observation observationOf(const std::string &proposal, std::uint64_t index)
{
    caom2::GeneratorOptions options;
    options.collection = "JWST";
    caom2::Observation o = caom2::generateObservation(options, index);
    caom2::Proposal p;
    p.id = proposal;
    o.proposal = p;
    return o;
}

mirror::PartnerSource sourceAt(const std::string &observationsUrl)
{
    mirror::PartnerSource source;
    source.name = QStringLiteral("PARTNER");
    source.endpointKind = mirror::EndpointKind::BaseUrl;
    source.endpoint = QString::fromStdString(observationsUrl);
    source.connectTimeoutSeconds = 5;
    source.requestTimeoutSeconds = 30;
    return source;
}

QStringList bibcodesOf(const std::shared_ptr<store::Store> &s, const QString &proposal)
{
    QStringList out;
    auto list = store::PublicationStore(s).publicationsOfProposal(proposal);
    if (!list)
        qFatal("%s", list.error().message.c_str());
    for (const store::PublicationRecord &p : *list)
        out << p.bibcode;
    return out;
}

int feedRequests(ServerThread &server)
{
    int count = 0;
    for (const QString &line : server.log())
        count += line.contains(QLatin1String("/publications?")) ? 1 : 0;
    return count;
}

} // namespace

class TestPublicationSync : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { net::initialiseHttp(); }

    // A sync takes every link, page by page; a second one fetches nothing new; a link removed at the partner goes
    // here too; a proposal with no observation yet keeps its links, which show once the observation arrives.
    void syncsIncrementallyWithDeletions_data() { addEngineColumn(); }
    void syncsIncrementallyWithDeletions()
    {
        QFETCH(QString, engine);
        TestStore partnerStore(QStringLiteral("sqlite"));
        auto partner = partnerStore.openOrDie();
        store::PublicationStore partnerLinks(partner);
        QVERIFY(partnerLinks.apply(link(QStringLiteral("1001"), QStringLiteral("2024ApJ...1A"), t0)));
        QVERIFY(partnerLinks.apply(link(QStringLiteral("1001"), QStringLiteral("2024ApJ...2B"), t0)));
        QVERIFY(partnerLinks.apply(link(QStringLiteral("2002"), QStringLiteral("2024ApJ...2B"), t0 + 10)));
        QVERIFY(partnerLinks.apply(link(QStringLiteral("3003"), QStringLiteral("2024ApJ...3C"), t0 + 20)));
        ServerThread server(partner, serve::ServeOptions{});

        TestStore localStore(engine);
        auto local = localStore.openOrDie();
        QVERIFY(store::ObservationStore(local).upsert({store::UpsertItem(observationOf("1001", 1))}));
        const auto source = sourceAt(server.url(QStringLiteral("/observations")));
        harvest::PublicationSyncOptions options;
        options.pageSize = 3; // four records: two pages

        auto run = harvest::syncPublications(local, source, options);
        QVERIFY2(!run.error, run.error ? run.error->message.c_str() : "");
        QCOMPARE(run.outcome, store::RunOutcome::Succeeded);
        QCOMPARE(run.counts.added, qint64(4));
        QCOMPARE(run.counts.malformed, qint64(0));
        QCOMPARE(run.counts.pages, qint64(2));
        QCOMPARE(bibcodesOf(local, QStringLiteral("1001")),
                 (QStringList{QStringLiteral("2024ApJ...1A"), QStringLiteral("2024ApJ...2B")}));
        auto proposal = store::PublicationStore(local).proposal(QStringLiteral("2002"));
        QVERIFY(*proposal);
        QCOMPARE((*proposal)->pi, QStringLiteral("PI of 2002"));
        auto cursor =
            store::HarvestStateStore(local).get(harvest::publicationFeedKey(source), harvest::publicationEntity);
        QCOMPARE(cursor->cursor.lastModified, std::optional<qint64>(t0 + 20));
        auto record = store::RunRecordStore(local).get(run.runKey);
        QCOMPARE((*record)->kind, harvest::publicationRunKind);
        QCOMPARE((*record)->outcome, store::RunOutcome::Succeeded);
        QCOMPARE((*record)->counts.itemsOk, qint64(4));

        // Nothing new: one request, from the cursor, and the record at the cursor found unchanged.
        const int requestsBefore = feedRequests(server);
        run = harvest::syncPublications(local, source, options);
        QCOMPARE(run.outcome, store::RunOutcome::Succeeded);
        QCOMPARE(run.counts.added + run.counts.updated + run.counts.removed, qint64(0));
        QCOMPARE(run.counts.unchanged, qint64(1));
        QCOMPARE(feedRequests(server) - requestsBefore, 1);

        // The partner withdraws a link and adds one.
        QVERIFY(partnerLinks.apply(removal(QStringLiteral("1001"), QStringLiteral("2024ApJ...1A"), t0 + 30)));
        QVERIFY(partnerLinks.apply(link(QStringLiteral("4004"), QStringLiteral("2025A&A...4D"), t0 + 40)));
        run = harvest::syncPublications(local, source, options);
        QCOMPARE(run.outcome, store::RunOutcome::Succeeded);
        QCOMPARE(run.counts.removed, qint64(1));
        QCOMPARE(run.counts.added, qint64(1));
        QCOMPARE(bibcodesOf(local, QStringLiteral("1001")), QStringList{QStringLiteral("2024ApJ...2B")});
        auto detail = store::PublicationStore(local).forObservation(
            QStringLiteral("JWST"), QString::fromStdString(observationOf("1001", 1).observationID));
        QCOMPARE((*detail)->publications.size(), std::size_t(1));

        // Proposal 3003 has no observation here yet: its link is kept, and shows when the observation comes.
        QVERIFY(store::PublicationStore(local).observationsOfPublication(QStringLiteral("2024ApJ...3C"))->empty());
        QVERIFY(store::ObservationStore(local).upsert({store::UpsertItem(observationOf("3003", 7))}));
        auto used = store::PublicationStore(local).observationsOfPublication(QStringLiteral("2024ApJ...3C"));
        QCOMPARE(used->size(), std::size_t(1));
        QCOMPARE(used->front().observationID, QString::fromStdString(observationOf("3003", 7).observationID));

        // A mirror of this mirror hears of the removal too: the feed we serve carries it.
        ServerThread mirrorServer(local, serve::ServeOptions{});
        TestStore chainedStore(QStringLiteral("sqlite"));
        auto chained = chainedStore.openOrDie();
        run = harvest::syncPublications(chained, sourceAt(mirrorServer.url(QStringLiteral("/observations"))), options);
        QCOMPARE(run.outcome, store::RunOutcome::Succeeded);
        QCOMPARE(bibcodesOf(chained, QStringLiteral("1001")), QStringList{QStringLiteral("2024ApJ...2B")});
        QCOMPARE(*store::PublicationStore(chained).countPublications({}), qint64(3));
    }

    // Lines that cannot be read are skip records naming the line and the cause; the others are all kept.
    void malformedLinesAreSkipped_data() { addEngineColumn(); }
    void malformedLinesAreSkipped()
    {
        QFETCH(QString, engine);
        ScriptedHttpServer feed;
        QVERIFY(feed.start());
        const QByteArray good1 = store::writeFeedLine(link(QStringLiteral("5005"), QStringLiteral("B-one"), t0));
        const QByteArray good2 = store::writeFeedLine(link(QStringLiteral("5005"), QStringLiteral("B-two"), t0 + 5));
        const QByteArray body = good1 + "\n{\"lastModified\": \"2024-06-01T00:00:01.000\", \"proposal\"\n"
            + "{\"lastModified\":\"2024-06-01T00:00:02.000\",\"proposal\":{\"id\":\"5005\"},\"publication\":{}}\n"
            + good2 + "\n";
        // A server error first: the same client's retries take it.
        feed.enqueue({ScriptedResponse::withStatus(503), ScriptedResponse::ok(body, "application/x-ndjson")});
        TestStore localStore(engine);
        auto local = localStore.openOrDie();
        auto source = sourceAt(feed.urlString(QStringLiteral("/caom2/observations")));

        const auto run = harvest::syncPublications(local, source, {});
        QCOMPARE(run.outcome, store::RunOutcome::Partial);
        QCOMPARE(run.exitCode(), 1);
        QCOMPARE(run.counts.added, qint64(2));
        QCOMPARE(run.counts.malformed, qint64(2));
        QCOMPARE(run.problems.size(), qsizetype(2));
        QVERIFY2(run.problems[0].contains(QLatin1String("line 2: not JSON")), qPrintable(run.problems[0]));
        QVERIFY2(run.problems[1].contains(QLatin1String("line 3: publication.bibcode is missing")),
                 qPrintable(run.problems[1]));
        QVERIFY(feed.requests().last().target.startsWith("/caom2/publications?"));
        QCOMPARE(bibcodesOf(local, QStringLiteral("5005")),
                 (QStringList{QStringLiteral("B-one"), QStringLiteral("B-two")}));

        store::SkipQuery query;
        query.source = harvest::publicationFeedKey(source);
        query.cname = harvest::publicationEntity;
        auto skips = store::SkipRecordStore(local).list(query);
        QCOMPARE(skips->size(), std::size_t(2));
        for (const store::SkipRecord &skip : *skips)
            QCOMPARE(skip.reasonClass, QStringLiteral("parse"));
        QStringList messages;
        for (const store::SkipRecord &skip : *skips)
            messages << skip.errorMessage;
        messages.sort();
        QVERIFY(messages[0].contains(QLatin1String("line 2")));
        QVERIFY(messages[1].contains(QLatin1String("line 3")));
        auto cursor = store::HarvestStateStore(local).get(query.source, harvest::publicationEntity);
        QCOMPARE(cursor->cursor.lastModified, std::optional<qint64>(t0 + 5));
    }

    // A partner without a feed, and one that fails: clear errors, run records that say so.
    void partnerWithoutFeedFails()
    {
        ScriptedHttpServer feed;
        QVERIFY(feed.start());
        feed.enqueue(ScriptedResponse::withStatus(404, "not found"));
        TestStore localStore(QStringLiteral("sqlite"));
        auto local = localStore.openOrDie();
        const auto run = harvest::syncPublications(local, sourceAt(feed.urlString(QStringLiteral("/obs"))), {});
        QCOMPARE(run.outcome, store::RunOutcome::Failed);
        QCOMPARE(run.exitCode(), 2);
        QVERIFY(run.error);
        QVERIFY2(QString::fromStdString(run.error->message).contains(QLatin1String("PARTNER")),
                 run.error->message.c_str());
        QVERIFY2(QString::fromStdString(run.error->message).contains(QLatin1String("404")), run.error->message.c_str());
        auto record = store::RunRecordStore(local).get(run.runKey);
        QCOMPARE((*record)->outcome, store::RunOutcome::Failed);
    }

    // serve advertises the feed; a source named by its capabilities finds it there.
    void capabilitiesAdvertiseTheFeed()
    {
        TestStore partnerStore(QStringLiteral("sqlite"));
        ServerThread server(partnerStore.openOrDie(), serve::ServeOptions{});
        net::ServiceLocator locator(net::HttpOptions{});
        net::EndpointSpec spec;
        spec.value = server.url(QStringLiteral("/capabilities"));
        auto endpoints = locator.locate(spec, net::AuthMethod::Anonymous);
        QVERIFY2(endpoints, endpoints ? "" : endpoints.error().message.c_str());
        QCOMPARE(endpoints->publicationsUrl, server.url(QStringLiteral("/publications")));

        net::HttpClient http;
        net::HttpRequest request;
        request.url = server.url(QStringLiteral("/publications?maxrec=0"));
        QCOMPARE(http.perform(request)->status, 400L);
        request.url = server.url(QStringLiteral("/publications?afterProposal=1"));
        QCOMPARE(http.perform(request)->status, 400L);
        request.url = server.url(QStringLiteral("/publications"));
        request.method = "PUT";
        QCOMPARE(http.perform(request)->status, 405L);
    }

    // caom-sync publications import and ls: a file with a bad line imports the rest and says which line.
    void importAndListFromTheCommandLine()
    {
        QTemporaryDir dir;
        const QString storePath = dir.filePath(QStringLiteral("mirror.sqlite"));
        const QString feedPath = dir.filePath(QStringLiteral("links.jsonl"));
        QFile file(feedPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(store::writeFeedLine(link(QStringLiteral("6006"), QStringLiteral("2023MNRAS.6"), t0)) + '\n');
        file.write(
            "{\"lastModified\":\"yesterday\",\"proposal\":{\"id\":\"6006\"},\"publication\":{\"bibcode\":\"X\"}}\n");
        file.write(store::writeFeedLine(link(QStringLiteral("6006"), QStringLiteral("2024Natur.7"), t0 + 1)) + '\n');
        file.close();

        const CliRun imported = runCaomSync(
            {QStringLiteral("publications"), QStringLiteral("import"), feedPath, QStringLiteral("--store"), storePath});
        QCOMPARE(imported.exitCode, 1);
        QVERIFY2(imported.err.contains("links.jsonl line 2: lastModified \"yesterday\" is not a time"),
                 imported.err.constData());
        QVERIFY2(imported.out.contains("2 added"), imported.out.constData());

        {
            auto opened = store::Store::open(*store::parseStoreLocation(storePath));
            QVERIFY(opened);
            QVERIFY(store::ObservationStore(*opened).upsert({store::UpsertItem(observationOf("6006", 3))}));
        }
        const QString uri = QStringLiteral("JWST/") + QString::fromStdString(observationOf("6006", 3).observationID);
        const CliRun detail = runCaomSync({QStringLiteral("publications"), QStringLiteral("ls"),
                                           QStringLiteral("--observation"), uri, QStringLiteral("--store"), storePath});
        QCOMPARE(detail.exitCode, 0);
        QVERIFY2(detail.out.contains("proposal 6006: Programme 6006"), detail.out.constData());
        QVERIFY(detail.out.contains("2023MNRAS.6"));
        QVERIFY(detail.out.contains("10.3847/2024Natur.7"));

        const CliRun listed =
            runCaomSync({QStringLiteral("publications"), QStringLiteral("ls"), QStringLiteral("--proposal"),
                         QStringLiteral("6006"), QStringLiteral("--json"), QStringLiteral("--store"), storePath});
        QCOMPARE(listed.exitCode, 0);
        const QJsonArray array = QJsonDocument::fromJson(listed.out).array();
        QCOMPARE(array.size(), qsizetype(2));
        QCOMPARE(array[0].toObject()[QStringLiteral("observations")].toInt(), 1);

        const CliRun missing = runCaomSync({QStringLiteral("publications"), QStringLiteral("import"),
                                            dir.filePath(QStringLiteral("no")), QStringLiteral("--store"), storePath});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("cannot read"));
    }
};

QTEST_GUILESS_MAIN(TestPublicationSync)
#include "tst_publication_sync.moc"
