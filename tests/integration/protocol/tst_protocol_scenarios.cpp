// Spec caom2-sync.md §6 scenarios 1-8 on loopback: `caom-sync serve` over a store built with
// `caom-sync import`, our repository client following its capabilities, with and without the fault proxy.
#include "background_program.h"
#include "cli_runner.h"
#include "fault_proxy.h"
#include "reference_listing_client.h"
#include "scripted_http_server.h"
#include "test_stores.h"

#include "caom2/checksum.h"
#include "caom2/generator.h"
#include "caom2/xml_reader.h"
#include "caom2/xml_writer.h"
#include "net/http_client.h"
#include "net/repository_client.h"
#include "net/service_locator.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace testsupport;

namespace {

// Observation IDs a naive client corrupts: reserved URL characters, quotes (served bare, even first and
// unbalanced), non-ASCII.
const std::vector<std::string> awkwardIds = {"obs+plus",           "obs#hash",     "obs?query",     "obs&amp",
                                             "obs\"quote",         "obs=eq;semi",  "obsé-accent",   "観測-6",
                                             "obs%41-not-escaped", "\"open-quote", "\"both-ends\"", "say \"hi\""};

net::HttpOptions quickOptions()
{
    net::HttpOptions options;
    options.connectTimeout = std::chrono::milliseconds(5000);
    options.totalTimeout = std::chrono::milliseconds(60000);
    options.retry.initialDelay = std::chrono::milliseconds(50);
    options.retry.seed = 7;
    return options;
}

net::ServiceEndpoints locate(const QString &capabilitiesUrl, net::AuthMethod held = net::AuthMethod::Anonymous)
{
    net::ServiceLocator locator(quickOptions());
    net::EndpointSpec spec;
    spec.kind = net::EndpointSpec::Kind::CapabilitiesUrl;
    spec.value = capabilitiesUrl.toStdString();
    auto endpoints = locator.locate(spec, held);
    if (!endpoints)
        qFatal("locate %s: %s", qPrintable(capabilitiesUrl), endpoints.error().message.c_str());
    return *endpoints;
}

bool mentions(const std::vector<std::string> &notes, const char *text)
{
    for (const auto &note : notes)
        if (note.find(text) != std::string::npos)
            return true;
    return false;
}

std::vector<net::StateRow> listAll(net::RepositoryClient &client, const std::string &collection)
{
    std::vector<net::StateRow> rows;
    net::ListingQuery query;
    query.collection = collection;
    auto listed = client.listObservations(query, [&](const net::StateRow &row) {
        rows.push_back(row);
        return true;
    });
    if (!listed)
        qFatal("listing %s: %s", collection.c_str(), listed.error().message.c_str());
    return rows;
}

// Writes documents with valid checksums for the awkward IDs into `dir`.
QStringList writeAwkwardDocuments(const QString &dir)
{
    QStringList files;
    caom2::GeneratorOptions options;
    options.collection = "ODD";
    for (std::size_t i = 0; i < awkwardIds.size(); ++i) {
        caom2::Observation observation = caom2::generateObservation(options, i);
        observation.observationID = awkwardIds[i];
        caom2::assignChecksums(observation);
        const auto written = caom2::writeObservation(observation);
        if (!written.ok)
            qFatal("cannot write %s: %s", awkwardIds[i].c_str(), written.error.c_str());
        const QString path = QStringLiteral("%1/odd-%2.xml").arg(dir).arg(i);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(written.xml.data(), qint64(written.xml.size())) < 0)
            qFatal("cannot write %s", qPrintable(path));
        files << path;
    }
    return files;
}

// The capabilities URL of `serve` as seen through `proxy` (serve builds its access URLs from the Host
// header the proxy passes on, so every later request goes through the proxy too).
QString throughProxy(FaultProxy &proxy, const QString &capabilities, quint64 seed = 1)
{
    const QUrl direct(capabilities);
    const QString base = proxy.start(QUrl(direct.adjusted(QUrl::RemovePath)), seed);
    if (base.isEmpty())
        qFatal("fault proxy: %s", qPrintable(proxy.errorString()));
    return base + direct.path();
}

FaultRule rule(FaultAction action, const QString &match, int times = -1)
{
    FaultRule r;
    r.method = "GET";
    r.action = action;
    r.match = match;
    r.times = times;
    return r;
}

} // namespace

class TestProtocolScenarios : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestStore> m_store;
    QTemporaryDir m_documents;
    QStringList m_sampleFiles;

private slots:
    void initTestCase()
    {
        QVERIFY(m_documents.isValid());
        m_store = std::make_unique<TestStore>(QStringLiteral("sqlite"));
        QVERIFY2(m_store->ok(), qPrintable(m_store->error()));
        const QDir data(QStringLiteral(MIRROR_TEST_DATA_DIR));
        for (const QString &name : data.entryList({QStringLiteral("*.xml")}))
            m_sampleFiles << data.filePath(name);
        QStringList arguments{QStringLiteral("import"), QStringLiteral("--store"), m_store->argument()};
        arguments += m_sampleFiles;
        arguments += writeAwkwardDocuments(m_documents.path());
        const CliRun imported = runCaomSync(arguments);
        // A few reference samples are refused on purpose (stale checksums); the rest must be stored.
        QVERIFY2(imported.exitCode == 0 || imported.exitCode == 1, imported.err.constData());
    }

    // Scenario 1: a service offering only obs-1.1 → the client uses it and gets CAOM 2.3 documents whose
    // checksums verify.
    void obs11OnlyServiceServesVerifiable23Documents()
    {
        BackgroundProgram serve;
        const QString capabilities =
            startServe(serve, m_store->argument(), {QStringLiteral("--profile"), QStringLiteral("legacy23")});
        QVERIFY2(!capabilities.isEmpty(), qPrintable(serve.error()));
        const auto endpoints = locate(capabilities);
        QCOMPARE(endpoints.caomVersion, 23);
        QVERIFY(mentions(endpoints.notes, "obs-1.1"));
        net::RepositoryClient client(endpoints, quickOptions());
        const auto rows = listAll(client, "ODD");
        QCOMPARE(rows.size(), awkwardIds.size());
        for (const auto &row : rows) {
            auto fetched = client.getObservation(row.collection, row.observationID);
            QVERIFY2(fetched.ok(), fetched.ok() ? "" : fetched.error().message.c_str());
            QVERIFY(fetched->has_value());
            const auto read = caom2::readObservation((*fetched)->xml, row.observationID);
            QVERIFY2(read.ok, read.error.message.c_str());
            QCOMPARE(read.document.caomVersion, 23);
            QCOMPARE(read.document.observation.observationID, row.observationID);
            QVERIFY(caom2::verifyChecksums(read.document.observation).ok());
            QCOMPARE(read.document.observation.accMetaChecksum.value_or(std::string()), row.accMetaChecksum);
        }
        QCOMPARE(serve.stop(), 0);
    }

    // Scenario 2: no del-1.0 → deletions reported "not available", observations still work.
    void serviceWithoutDeletionsSaysSo()
    {
        BackgroundProgram serve;
        const QString capabilities =
            startServe(serve, m_store->argument(), {QStringLiteral("--profile"), QStringLiteral("nodel")});
        QVERIFY2(!capabilities.isEmpty(), qPrintable(serve.error()));
        const auto endpoints = locate(capabilities);
        QVERIFY(endpoints.deletionsUrl.empty());
        QVERIFY(mentions(endpoints.notes, "deletions not available"));
        net::RepositoryClient client(endpoints, quickOptions());
        net::ListingQuery query;
        query.collection = "ODD";
        const auto deletions = client.listDeletions(query, [](const net::DeletionRow &) { return true; });
        QVERIFY(!deletions.ok());
        QVERIFY(deletions.error().message.find("deletions not available") != std::string::npos);
        QCOMPARE(listAll(client, "ODD").size(), awkwardIds.size());
    }

    // Scenario 3: a certificate configured, the service anonymous-only → anonymous, and the choice is said.
    void certificateFallsBackToAnonymous()
    {
        BackgroundProgram serve;
        const QString capabilities =
            startServe(serve, m_store->argument(), {QStringLiteral("--profile"), QStringLiteral("anononly")});
        QVERIFY2(!capabilities.isEmpty(), qPrintable(serve.error()));
        const auto endpoints = locate(capabilities, net::AuthMethod::Certificate);
        QCOMPARE(endpoints.authMethod, net::AuthMethod::Anonymous);
        QVERIFY(mentions(endpoints.notes, "using anonymous access"));
        net::RepositoryClient client(endpoints, quickOptions());
        QCOMPARE(listAll(client, "ODD").size(), awkwardIds.size());
    }

    // Scenario 4: resolving through a registry. A resource ID the registry lacks is a clear error naming
    // the ID and the registry; a listed one leads to the service's capabilities.
    void registryResolvesOrNamesTheMissingId()
    {
        BackgroundProgram serve;
        const QString capabilities = startServe(serve, m_store->argument());
        QVERIFY2(!capabilities.isEmpty(), qPrintable(serve.error()));
        ScriptedHttpServer registry;
        QVERIFY(registry.start());
        const QByteArray caps = "# test registry\nivo://test.example/other = http://127.0.0.1:9/caps\n"
                                "ivo://test.example/caom2repo = "
            + capabilities.toUtf8() + "\n";
        registry.enqueue(ScriptedResponse::ok(caps));

        net::ServiceLocator locator(quickOptions());
        net::EndpointSpec spec;
        spec.kind = net::EndpointSpec::Kind::ResourceId;
        spec.registryUrl = registry.urlString(QStringLiteral("/reg"));
        spec.value = "ivo://mast.example/caom2repo";
        auto missing = locator.locate(spec, net::AuthMethod::Anonymous);
        QVERIFY(!missing.ok());
        const QString message = QString::fromStdString(missing.error().message);
        QVERIFY2(message.contains(QLatin1String("ivo://mast.example/caom2repo")), qPrintable(message));
        QVERIFY2(message.contains(registry.url(QStringLiteral("/reg/resource-caps"))), qPrintable(message));

        spec.value = "ivo://test.example/caom2repo"; // from the cached registry file: no second request
        auto found = locator.locate(spec, net::AuthMethod::Anonymous);
        QVERIFY2(found.ok(), found.ok() ? "" : found.error().message.c_str());
        QCOMPARE(found->caomVersion, 24);
        QCOMPARE(registry.requestCount(), 1);
        QCOMPARE(registry.requests().front().target, QByteArray("/reg/resource-caps"));
        net::RepositoryClient client(*found, quickOptions());
        QCOMPARE(listAll(client, "ODD").size(), awkwardIds.size());
    }

    // Scenario 5: a listing cut mid-line after a 200 is a transport error, with either framing, never a
    // short last page; the complete rows before the cut were delivered.
    void truncatedListingIsATransportError_data()
    {
        QTest::addColumn<int>("framing");
        QTest::newRow("content-length") << int(TruncateFraming::ContentLength);
        QTest::newRow("chunked") << int(TruncateFraming::Chunked);
    }
    void truncatedListingIsATransportError()
    {
        QFETCH(int, framing);
        BackgroundProgram serve;
        const QString direct = startServe(serve, m_store->argument());
        QVERIFY2(!direct.isEmpty(), qPrintable(serve.error()));
        FaultProxy proxy;
        const QString capabilities = throughProxy(proxy, direct);
        net::RepositoryClient client(locate(capabilities), quickOptions());
        FaultRule cut = rule(FaultAction::Truncate, QStringLiteral("^/caom2/observations/ODD(\\?|$)"));
        cut.framing = static_cast<TruncateFraming>(framing);
        proxy.setRules({cut});
        net::ListingQuery query;
        query.collection = "ODD";
        std::size_t delivered = 0;
        const auto listed = client.listObservations(query, [&](const net::StateRow &) {
            ++delivered;
            return true;
        });
        QVERIFY(!listed.ok());
        QCOMPARE(listed.error().category, mirror::ErrorCategory::Transient);
        QVERIFY2(listed.error().message.find("cut short") != std::string::npos, listed.error().message.c_str());
        QVERIFY(delivered < awkwardIds.size());
        QCOMPARE(proxy.journal().back().rule.isEmpty(), false);
    }

    // Scenario 6: 503 with Retry-After: 2 on a listing → retried after at least 2 s, then it succeeds.
    void busyListingIsRetriedAfterRetryAfter()
    {
        BackgroundProgram serve;
        const QString direct = startServe(serve, m_store->argument());
        QVERIFY2(!direct.isEmpty(), qPrintable(serve.error()));
        FaultProxy proxy;
        const QString capabilities = throughProxy(proxy, direct);
        net::RepositoryClient client(locate(capabilities), quickOptions());
        FaultRule busy = rule(FaultAction::Status, QStringLiteral("^/caom2/observations/ODD(\\?|$)"), 1);
        busy.code = 503;
        busy.retryAfter = "2";
        proxy.setRules({busy});
        QElapsedTimer timer;
        timer.start();
        net::ListingQuery query;
        query.collection = "ODD";
        std::size_t rows = 0;
        const auto listed = client.listObservations(query, [&](const net::StateRow &) {
            ++rows;
            return true;
        });
        QVERIFY2(listed.ok(), listed.ok() ? "" : listed.error().message.c_str());
        QVERIFY(timer.elapsed() >= 2000);
        QCOMPARE(listed->attempts, 2);
        QCOMPARE(rows, awkwardIds.size());
        const auto journal = proxy.journal();
        QCOMPARE(journal.at(journal.size() - 2).status, 503);
        QCOMPARE(journal.back().status, 200);
    }

    // Scenario 8: a quoted field and a trailing empty checksum column are read, the null checksum accepted.
    void quotedFieldsAndEmptyChecksumParse()
    {
        BackgroundProgram serve;
        const QString direct = startServe(serve, m_store->argument());
        QVERIFY2(!direct.isEmpty(), qPrintable(serve.error()));
        FaultProxy proxy;
        const QString capabilities = throughProxy(proxy, direct);
        net::RepositoryClient client(locate(capabilities), quickOptions());
        FaultRule crafted = rule(FaultAction::ReplaceBody, QStringLiteral("^/caom2/observations/ODD(\\?|$)"));
        crafted.code = 200;
        crafted.contentType = "text/tab-separated-values";
        crafted.body =
            "ODD\t\"tab\there \"\"quoted\"\"\"\t2024-01-01T00:00:00.000\tmd5:0123456789abcdef0123456789abcdef\n"
            "ODD\tno-checksum\t2024-01-01T00:00:00.001\t\n";
        proxy.setRules({crafted});
        std::vector<net::StateRow> rows;
        net::ListingQuery query;
        query.collection = "ODD";
        const auto listed = client.listObservations(query, [&](const net::StateRow &row) {
            rows.push_back(row);
            return true;
        });
        QVERIFY2(listed.ok(), listed.ok() ? "" : listed.error().message.c_str());
        QVERIFY(listed->quotedFields);
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[0].observationID, std::string("tab\there \"quoted\""));
        QCOMPARE(rows[0].accMetaChecksum, std::string("md5:0123456789abcdef0123456789abcdef"));
        QCOMPARE(rows[1].observationID, std::string("no-checksum"));
        QVERIFY(rows[1].accMetaChecksum.empty());
        QCOMPARE(*rows[1].maxLastModified, std::int64_t(1704067200001)); // 2024-01-01T00:00:00.001Z
    }

    // Scenario 7: identifiers with '+', '#', '?', '&', '"', non-ASCII: listed back identically, fetched
    // through percent-encoded paths, and each document is the observation asked for.
    void awkwardIdentifiersRoundTrip()
    {
        BackgroundProgram serve;
        const QString capabilities = startServe(serve, m_store->argument());
        QVERIFY2(!capabilities.isEmpty(), qPrintable(serve.error()));
        net::RepositoryClient client(locate(capabilities), quickOptions());
        const auto rows = listAll(client, "ODD");
        std::set<std::string> listed;
        for (const auto &row : rows)
            listed.insert(row.observationID);
        QCOMPARE(listed, std::set<std::string>(awkwardIds.begin(), awkwardIds.end()));
        for (const auto &id : awkwardIds) {
            auto fetched = client.getObservation("ODD", id);
            QVERIFY2(fetched.ok(), fetched.ok() ? "" : fetched.error().message.c_str());
            QVERIFY2(fetched->has_value(), id.c_str());
            const auto read = caom2::readObservation((*fetched)->xml, id);
            QVERIFY2(read.ok, read.error.message.c_str());
            QCOMPARE(read.document.observation.observationID, id);
            QCOMPARE((*fetched)->etag, read.document.observation.accMetaChecksum.value_or(std::string()));
        }
        auto missing = client.getObservation("ODD", "no such observation?");
        QVERIFY(missing.ok());
        QVERIFY(!missing->has_value());
    }

    // Issue 19 (1, 2): CADC's own clients (TAB split, no unquoting, charset from the header) read every
    // awkward ID as stored and find each one.
    void referenceClientFindsEveryAwkwardId()
    {
        BackgroundProgram serve;
        const QString capabilities = startServe(serve, m_store->argument());
        QVERIFY2(!capabilities.isEmpty(), qPrintable(serve.error()));
        const ReferenceListingClient client(
            QString(capabilities).replace(QLatin1String("/capabilities"), QLatin1String("/observations")));
        std::set<std::string> listed;
        for (const QStringList &row : client.listing(QStringLiteral("ODD"))) {
            QCOMPARE(row.size(), 4);
            listed.insert(row[1].toStdString());
            QVERIFY2(client.fetchStatus(row[0], row[1]) == 200, qPrintable(row[1]));
        }
        QCOMPARE(listed, std::set<std::string>(awkwardIds.begin(), awkwardIds.end()));
    }

    // Issue 19 (3, 4, 5): an origin archive behind `serve --writable origin`: its client creates a document
    // without checksums and then edits it without recomputing them; anonymous writes are refused; a mirror's
    // incremental harvest (a listing from where the last one ended) finds the edit, whose document verifies;
    // the access log shows encoded URLs as sent.
    void originWritesAreHarvestedIncrementally()
    {
        TestStore origin(QStringLiteral("sqlite"));
        QVERIFY(origin.open());
        QTemporaryDir dir;
        QFile token(dir.filePath(QStringLiteral("token")));
        QVERIFY(token.open(QIODevice::WriteOnly) && token.write("origin-token\n") > 0);
        token.close();
        QVERIFY(token.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)); // a secret is private
        const QString logPath = dir.filePath(QStringLiteral("access.log"));
        BackgroundProgram serve;
        const QString capabilities =
            startServe(serve, origin.argument(),
                       {QStringLiteral("--writable"), QStringLiteral("origin"), QStringLiteral("--token-file"),
                        token.fileName(), QStringLiteral("--access-log"), logPath});
        QVERIFY2(!capabilities.isEmpty(), qPrintable(serve.error()));
        const std::string base =
            QString(capabilities).replace(QLatin1String("/capabilities"), QLatin1String("/observations")).toStdString();
        net::HttpClient http(quickOptions());
        const auto send = [&](const std::string &method, const std::string &path, const std::string &body,
                              bool withToken) {
            net::HttpRequest request;
            request.method = method;
            request.url = base + path;
            request.body = body;
            if (withToken)
                request.headers.emplace_back("Authorization", "Bearer origin-token");
            auto response = http.perform(request);
            return response ? response->status : -1L;
        };
        caom2::GeneratorOptions generator;
        generator.collection = "ORIGIN";
        caom2::Observation observation = caom2::generateObservation(generator, 3);
        observation.observationID = "edit-me";
        caom2::WriteOptions withoutChecksums;
        withoutChecksums.writeChecksums = false;
        const std::string created = caom2::writeObservation(observation, withoutChecksums).xml;
        QCOMPARE(send("PUT", "/ORIGIN/edit-me", created, false), 401L);
        QCOMPARE(send("PUT", "/ORIGIN/edit-me", created, true), 201L);

        net::RepositoryClient client(locate(capabilities), quickOptions());
        const auto first = listAll(client, "ORIGIN");
        QCOMPARE(first.size(), std::size_t(1));
        QVERIFY(first[0].maxLastModified.has_value());
        const std::int64_t harvestedUpTo = *first[0].maxLastModified;

        // The client's edit: the document as served, one value changed, its checksums left stale.
        auto served = client.getObservation("ORIGIN", "edit-me");
        QVERIFY(served.ok() && served->has_value());
        auto read = caom2::readObservation((*served)->xml, "caom:ORIGIN/edit-me");
        QVERIFY(read.ok);
        read.document.observation.type = "EDITED";
        QTRY_VERIFY(QDateTime::currentMSecsSinceEpoch() > harvestedUpTo);
        QCOMPARE(send("POST", "/ORIGIN/edit-me", caom2::writeObservation(read.document.observation).xml, true), 200L);

        net::ListingQuery incremental;
        incremental.collection = "ORIGIN";
        incremental.start = harvestedUpTo + 1;
        std::vector<net::StateRow> rows;
        QVERIFY(client
                    .listObservations(incremental,
                                      [&](const net::StateRow &row) {
                                          rows.push_back(row);
                                          return true;
                                      })
                    .ok());
        QCOMPARE(rows.size(), std::size_t(1));
        QVERIFY(*rows[0].maxLastModified > harvestedUpTo);
        QVERIFY(rows[0].accMetaChecksum != first[0].accMetaChecksum);
        auto edited = client.getObservation("ORIGIN", "edit-me");
        QVERIFY(edited.ok() && edited->has_value());
        const auto check = caom2::readObservation((*edited)->xml, "caom:ORIGIN/edit-me");
        QVERIFY(check.ok);
        QCOMPARE(check.document.observation.type.value_or(""), std::string("EDITED"));
        QVERIFY(caom2::verifyChecksums(check.document.observation).ok());
        QCOMPARE(check.document.observation.accMetaChecksum.value_or(""), rows[0].accMetaChecksum);

        net::HttpRequest encoded;
        encoded.url = base + "/ORIGIN?start=2020-01-01T00%3A00%3A00.000&maxrec=%2510";
        QCOMPARE(http.perform(encoded)->status, 400L);
        QCOMPARE(serve.stop(), 0);
        QFile log(logPath);
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = log.readAll().trimmed().split('\n');
        const QRegularExpression clf(QStringLiteral(
            "^127\\.0\\.0\\.1 - (-|token) \\[[^\\]]+\\] \"(GET|PUT|POST) \\S+ HTTP/1\\.1\" \\d{3} \\d+$"));
        for (const QByteArray &line : lines)
            QVERIFY2(clf.match(QString::fromUtf8(line)).hasMatch(), line.constData());
        QVERIFY2(lines.back().contains(
                     "\"GET /caom2/observations/ORIGIN?start=2020-01-01T00%3A00%3A00.000&maxrec=%2510 HTTP/1.1\" 400 "),
                 lines.back().constData());
    }

    // The collections of the imported samples are all listed, and every listed document verifies.
    void everySampleDocumentVerifies()
    {
        BackgroundProgram serve;
        const QString capabilities = startServe(serve, m_store->argument());
        QVERIFY2(!capabilities.isEmpty(), qPrintable(serve.error()));
        net::RepositoryClient client(locate(capabilities), quickOptions());
        auto collections = client.listCollections();
        QVERIFY(collections.ok());
        QVERIFY(std::find(collections->begin(), collections->end(), "ODD") != collections->end());
        int documents = 0;
        for (const auto &collection : *collections) {
            for (const auto &row : listAll(client, collection)) {
                auto fetched = client.getObservation(row.collection, row.observationID);
                QVERIFY(fetched.ok() && fetched->has_value());
                const auto read = caom2::readObservation((*fetched)->xml, row.observationID);
                QVERIFY2(read.ok, read.error.message.c_str());
                QVERIFY2(caom2::verifyChecksums(read.document.observation).ok(), row.observationID.c_str());
                ++documents;
            }
        }
        // Every observation the store holds was listed and served (counted from the store, not from serve).
        auto opened = m_store->openOrDie();
        QSqlQuery count(opened->database());
        QVERIFY(count.exec(QStringLiteral("SELECT COUNT(*) FROM observation")) && count.next());
        QCOMPARE(documents, count.value(0).toInt());
        QVERIFY(documents > int(awkwardIds.size()) + 10); // and the samples are among them
    }
};

QTEST_GUILESS_MAIN(TestProtocolScenarios)
#include "tst_protocol_scenarios.moc"
