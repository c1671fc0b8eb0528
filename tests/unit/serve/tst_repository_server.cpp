// The repository service's rules (repository-service.md §5-7, §12 items 1-7) against an in-process
// RepositoryServer on loopback, over stores on both engines. Expected bodies are written out by hand from
// the rules and the data the test stored, never taken from the server.
#include "background_program.h"
#include "cli_runner.h"
#include "reference_listing_client.h"
#include "server_thread.h"
#include "test_pki.h"
#include "test_stores.h"

#include "caom2/checksum.h"
#include "caom2/generator.h"
#include "caom2/xml_reader.h"
#include "caom2/xml_writer.h"
#include "net/http_client.h"
#include "net/listing_parser.h"
#include "net/url.h"
#include "serve/repository_server.h"
#include "store/observation_store.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace testsupport;

namespace {

net::HttpResponse request(const std::string &url, const std::string &method = "GET", const std::string &body = {},
                          std::vector<std::pair<std::string, std::string>> headers = {})
{
    net::HttpOptions options;
    options.retry.maxAttempts = 1;
    net::HttpClient client(options);
    net::HttpRequest r;
    r.method = method;
    r.url = url;
    r.body = body;
    r.headers = std::move(headers);
    auto response = client.perform(r);
    if (!response)
        qFatal("%s %s: %s", method.c_str(), url.c_str(), response.error().message.c_str());
    return *response;
}

// Three observations with hand-picked IDs and timestamps (ms): 1000, 2000, 2000.
caom2::Observation make(const std::string &id, std::int64_t modified)
{
    caom2::GeneratorOptions options;
    options.collection = "HST";
    caom2::Observation o = caom2::generateObservation(options, std::hash<std::string>{}(id) % 1000);
    o.observationID = id;
    o.lastModified = caom2::Date{modified};
    o.maxLastModified = caom2::Date{modified};
    caom2::assignChecksums(o);
    return o;
}

struct Fixture {
    std::unique_ptr<TestStore> store;
    std::shared_ptr<store::Store> opened;
    std::vector<caom2::Observation> held;

    explicit Fixture(const QString &engine)
    {
        store = std::make_unique<TestStore>(engine);
        opened = store->openOrDie();
        held = {make("a", 1700000001000), make("b\"q", 1700000002000), make("c\xc3\xa9", 1700000002000)};
        std::vector<store::UpsertItem> items;
        for (const auto &o : held)
            items.emplace_back(o);
        if (!store::ObservationStore(opened).upsert(items).ok())
            qFatal("cannot fill the store");
    }
    std::string line(std::size_t i, const std::string &shownId) const
    {
        return "HST\t" + shownId + "\t" + held[i].maxLastModified->toString() + "\t" + *held[i].accMetaChecksum + "\n";
    }
};

} // namespace

class TestRepositoryServer : public QObject {
    Q_OBJECT

private slots:
    void listingRules_data() { addEngineColumn(); }
    void listingRules()
    {
        QFETCH(QString, engine);
        Fixture f(engine);
        serve::ServeOptions options;
        options.maxRecords = 2;
        ServerThread server(f.opened, options);
        // Byte-exact: time order, ties in insertion order, the '"' as it is, UTF-8, capped at 2.
        const std::string all = f.line(0, "a") + f.line(1, "b\"q");
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        auto listed = request(server.url(QStringLiteral("/observations/HST")));
        QCOMPARE(listed.status, 200L);
        QCOMPARE(listed.header("content-type").value_or(""), std::string("text/tab-separated-values; charset=utf-8"));
        // Date, which harvesters read our clock from (scenario 16): an IMF-fixdate of this very second.
        const std::string date = listed.header("date").value_or("");
        QVERIFY2(
            QRegularExpression(QStringLiteral("^[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$"))
                .match(QString::fromStdString(date))
                .hasMatch(),
            date.c_str());
        const QDateTime stamped = QDateTime::fromString(QString::fromStdString(date).chopped(4).mid(5),
                                                        QStringLiteral("dd MMM yyyy hh:mm:ss"));
        QVERIFY(stamped.isValid());
        QDateTime utc = stamped;
        utc.setTimeSpec(Qt::UTC);
        QVERIFY(utc.toMSecsSinceEpoch() >= before - before % 1000);
        QVERIFY(utc.toMSecsSinceEpoch() <= QDateTime::currentMSecsSinceEpoch());
        QCOMPARE(listed.body, all);
        QCOMPARE(request(server.url(QStringLiteral("/observations/HST?maxrec=200000"))).body, all);
        QCOMPARE(request(server.url(QStringLiteral("/observations/HST?MAXREC=1"))).body, f.line(0, "a"));
        for (const char *bad :
             {"maxrec=0", "maxrec=abc", "maxrec=-1", "start=2023-11-14T22:13:21", "end=yesterday", "order=sideways"})
            QCOMPARE(request(server.url(QStringLiteral("/observations/HST?") + QLatin1String(bad))).status, 400L);
        // Inclusive bounds, 'Z' after the milliseconds ignored, descending order, end before start.
        const QString at2 = QString::fromStdString(f.held[1].maxLastModified->toString());
        QCOMPARE(request(server.url(QStringLiteral("/observations/HST?start=%1Z&maxrec=5").arg(at2))).body,
                 f.line(1, "b\"q") + f.line(2, "c\xc3\xa9"));
        QCOMPARE(request(server.url(QStringLiteral("/observations/HST?end=%1&order=desc&maxrec=1").arg(at2))).body,
                 f.line(2, "c\xc3\xa9"));
        QCOMPARE(
            request(server.url(QStringLiteral("/observations/HST?start=%1&end=2000-01-01T00:00:00.000").arg(at2))).body,
            std::string());
        QCOMPARE(request(server.url(QStringLiteral("/observations/NOPE"))).status, 404L);
        QCOMPARE(request(server.url(QStringLiteral("/observations"))).body, std::string("HST\n"));
        QCOMPARE(request(server.url(QStringLiteral("/observations/"))).body, std::string("HST\n"));
    }

    void asciiListingsLikeTheReference()
    {
        Fixture f(QStringLiteral("sqlite"));
        serve::ServeOptions options;
        options.asciiListings = true;
        ServerThread server(f.opened, options);
        const auto answer = request(server.url(QStringLiteral("/observations/HST?start=2023-11-14T22:13:22.000")));
        const std::string &body = answer.body;
        QVERIFY2(body.find("\tc??\t") != std::string::npos || body.find("\tc?\t") != std::string::npos, body.c_str());
        QCOMPARE(answer.header("content-type").value_or(""),
                 std::string("text/tab-separated-values; charset=US-ASCII"));
    }

    void documentsAndWrites_data() { addEngineColumn(); }
    void documentsAndWrites()
    {
        QFETCH(QString, engine);
        Fixture f(engine);
        serve::ServeOptions readOnly;
        {
            ServerThread server(f.opened, readOnly);
            auto document = request(server.url(QStringLiteral("/observations/HST/")
                                               + QString::fromStdString(net::encodePathSegment("c\xc3\xa9"))));
            QCOMPARE(document.status, 200L);
            QCOMPARE(document.header("content-type").value_or(""), std::string("text/x-caom+xml; charset=utf-8"));
            QCOMPARE(document.header("etag").value_or(""), *f.held[2].accMetaChecksum);
            QVERIFY(document.body.find("<caom2:observationID>c\xc3\xa9</caom2:observationID>") != std::string::npos);
            QCOMPARE(request(server.url(QStringLiteral("/observations/HST/zzz"))).status, 404L);
            QCOMPARE(request(server.url(QStringLiteral("/observations/HST/a")), "DELETE").status, 403L);
        }
        serve::ServeOptions writable;
        writable.writeMode = serve::WriteMode::Mirror;
        ServerThread server(f.opened, writable);
        caom2::Observation fresh = make("new+one#?&", 1700000005000);
        const std::string xml = caom2::writeObservation(fresh).xml;
        const std::string path = "/observations/HST/" + net::encodePathSegment("new+one#?&");
        QCOMPARE(request(server.url(QString::fromStdString(path)), "PUT", xml).status, 201L);
        QCOMPARE(request(server.url(QString::fromStdString(path)), "PUT", xml).status, 409L);
        QCOMPARE(request(server.url(QStringLiteral("/observations/HST/other")), "PUT", xml).status, 400L);
        QCOMPARE(request(server.url(QStringLiteral("/observations/HST/has%20space")), "PUT", xml).status, 400L);
        QCOMPARE(request(server.url(QString::fromStdString(path))).header("etag").value_or(""), *fresh.accMetaChecksum);
        fresh.type = "CHANGED";
        caom2::assignChecksums(fresh);
        const std::string changed = caom2::writeObservation(fresh).xml;
        QCOMPARE(request(server.url(QString::fromStdString(path)), "POST", changed,
                         {{"If-Match", "md5:00000000000000000000000000000000"}})
                     .status,
                 412L);
        QCOMPARE(request(server.url(QString::fromStdString(path)), "POST", changed).status, 200L);
        QCOMPARE(request(server.url(QString::fromStdString(path))).header("etag").value_or(""), *fresh.accMetaChecksum);
        QCOMPARE(request(server.url(QString::fromStdString(path)), "DELETE").status, 204L);
        QCOMPARE(request(server.url(QString::fromStdString(path)), "DELETE").status, 404L);
        const auto deletions = request(server.url(QStringLiteral("/deletions/HST"))).body;
        QCOMPARE(std::count(deletions.begin(), deletions.end(), '\n'), 1L);
        QVERIFY(deletions.rfind(fresh.id.toString() + "\tHST\tnew+one#?&\t", 0) == 0);
    }

    void capabilitiesFollowTheHost()
    {
        Fixture f(QStringLiteral("sqlite"));
        serve::ServeOptions options;
        options.profile = serve::Profile::Legacy23;
        ServerThread server(f.opened, options);
        const auto caps =
            request(server.url(QStringLiteral("/capabilities")), "GET", {}, {{"Host", "proxy.example:8443"}});
        QCOMPARE(caps.header("content-type").value_or(""), std::string("text/xml; charset=utf-8"));
        QCOMPARE(request(server.url(QStringLiteral("/availability"))).header("content-type").value_or(""),
                 std::string("text/xml; charset=utf-8"));
        QVERIFY(caps.body.find("<accessURL use=\"base\">http://proxy.example:8443/caom2/obs23</accessURL>")
                != std::string::npos);
        QVERIFY(caps.body.find("CAOM2Repository#obs-1.1") != std::string::npos);
        QVERIFY(caps.body.find("CAOM2Repository#obs-1.2") == std::string::npos);
        QVERIFY(caps.body.find("CAOM2Repository#del-1.0") != std::string::npos);
        QCOMPARE(request(server.url(QStringLiteral("/observations/HST"))).status, 404L); // not offered
        QVERIFY(request(server.url(QStringLiteral("/obs23/HST/a"))).body.find("http://www.opencadc.org/caom2/xml/v2.3")
                != std::string::npos);
    }

    void tokensAndCertificateOnly()
    {
        Fixture f(QStringLiteral("sqlite"));
        serve::ServeOptions options;
        options.token = QStringLiteral("s3cret-token-value");
        {
            ServerThread server(f.opened, options);
            QCOMPARE(
                request(server.url(QStringLiteral("/observations/HST")), "GET", {}, {{"Authorization", "Bearer wrong"}})
                    .status,
                401L);
            QCOMPARE(request(server.url(QStringLiteral("/observations/HST")), "GET", {},
                             {{"Authorization", "Bearer s3cret-token-value"}})
                         .status,
                     200L);
            QCOMPARE(request(server.url(QStringLiteral("/observations/HST"))).status, 200L); // anonymous allowed
            const QString log = server.log().join(QLatin1Char('\n'));
            QVERIFY(!log.contains(QLatin1String("s3cret")));
            QVERIFY(!log.contains(QLatin1String("wrong")));
            QVERIFY(log.contains(QLatin1String(" - token [")));
        }
        options.profile = serve::Profile::CertificateOnly;
        ServerThread certOnly(f.opened, options);
        QCOMPARE(request(certOnly.url(QStringLiteral("/observations/HST"))).status, 403L);
        QCOMPARE(request(certOnly.url(QStringLiteral("/capabilities"))).status, 200L);
    }

    // HTTPS with a throwaway CA: the client trusts the CA and gets in; with client certificates required,
    // a client without one is refused and one presenting its certificate is let in and logged by name.
    void tlsWithClientCertificates()
    {
        QTemporaryDir dir;
        QString error;
        const auto pki = makeTestPki(dir.path(), &error);
        QVERIFY2(pki.has_value(), qPrintable(error));
        Fixture f(QStringLiteral("sqlite"));
        serve::ServeOptions options;
        options.tlsCertificate = pki->serverCert;
        options.tlsKey = pki->serverKey;
        options.tlsClientCa = pki->caCert;
        options.writeMode = serve::WriteMode::Origin;
        ServerThread server(f.opened, options);
        QVERIFY(server.port() != 0);
        net::HttpOptions http;
        http.retry.maxAttempts = 1;
        http.tls.caFile = pki->caCert.toStdString();
        net::HttpRequest r;
        r.url = server.url(QStringLiteral("/observations/HST"), "https");
        {
            net::HttpClient anonymous(http);
            QVERIFY(!anonymous.perform(r).ok()); // no client certificate: the handshake or the answer fails
        }
        http.tls.clientCertPem = pki->clientPem.toStdString();
        net::HttpClient withCertificate(http);
        auto answer = withCertificate.perform(r);
        QVERIFY2(answer.ok(), answer.ok() ? "" : answer.error().message.c_str());
        QCOMPARE(answer->status, 200L);
        QVERIFY(server.log().join(QLatin1Char('\n')).contains(QLatin1String(" - mirror-test-client [")));
        // The client certificate is the credential writes need.
        net::HttpRequest put;
        put.method = "PUT";
        put.url = server.url(QStringLiteral("/observations/HST/by-cert"), "https");
        put.body = caom2::writeObservation(make("by-cert", 1600000000000)).xml;
        QCOMPARE(withCertificate.perform(put)->status, 201L);
        // The capabilities offer certificate access on that interface.
        r.url = server.url(QStringLiteral("/capabilities"), "https");
        QVERIFY(withCertificate.perform(r)->body.find("ivo://ivoa.net/sso#tls-with-certificate") != std::string::npos);
    }

    void artifactFiles()
    {
        Fixture f(QStringLiteral("sqlite"));
        QTemporaryDir root;
        QVERIFY(QDir(root.path()).mkpath(QStringLiteral("mast/HST/product")));
        QFile file(root.filePath(QStringLiteral("mast/HST/product/x.fits")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray content = "0123456789abcdefghij";
        file.write(content);
        file.close();
        serve::ServeOptions options;
        options.artifactRoot = root.path() + QStringLiteral("/mast/..");
        ServerThread server(f.opened, options);
        const QString path = QStringLiteral("/files/mast/HST/product/x.fits");
        auto head = request(server.url(path), "HEAD");
        QCOMPARE(head.status, 200L);
        QCOMPARE(head.header("content-length").value_or(""), std::string("20"));
        QCOMPARE(head.header("digest").value_or(""),
                 "md5=" + QCryptographicHash::hash(content, QCryptographicHash::Md5).toBase64().toStdString());
        QCOMPARE(request(server.url(path)).body, content.toStdString());
        auto part = request(server.url(path), "GET", {}, {{"Range", "bytes=5-9"}});
        QCOMPARE(part.status, 206L);
        QCOMPARE(part.body, std::string("56789"));
        QCOMPARE(part.header("content-range").value_or(""), std::string("bytes 5-9/20"));
        QCOMPARE(request(server.url(path), "GET", {}, {{"Range", "bytes=-3"}}).body, std::string("hij"));
        QCOMPARE(request(server.url(path), "GET", {}, {{"Range", "bytes=40-"}}).status, 416L);
        QCOMPARE(request(server.url(QStringLiteral("/files/mast/../../etc/passwd"))).status, 404L);
        QCOMPARE(request(server.url(QStringLiteral("/files/mast/%2E%2E/%2E%2E/etc/passwd"))).status, 404L);
        QCOMPARE(request(server.url(QStringLiteral("/files/nothing/here"))).status, 404L);
    }

    // Issue 19 (1, 2): CADC's clients split a listing on TAB, never unquote, and decode it by the declared
    // charset (Latin-1 without one). Read that way, every listed ID (non-ASCII, with quotes anywhere) must be
    // the ID stored, and fetching it must find it.
    void referenceClientsReadListings_data() { addEngineColumn(); }
    void referenceClientsReadListings()
    {
        QFETCH(QString, engine);
        Fixture f(engine);
        const std::vector<std::string> more = {"\"open", "\"x\"", "say \"hi\"", "na\xc3\xafve-\xe8\xa6\xb3"};
        std::vector<store::UpsertItem> items;
        for (std::size_t i = 0; i < more.size(); ++i)
            items.emplace_back(make(more[i], 1700000003000 + std::int64_t(i)));
        QVERIFY(store::ObservationStore(f.opened).upsert(items).ok());
        QStringList expected{QStringLiteral("a"), QStringLiteral("b\"q"), QStringLiteral("c\u00e9")};
        for (const auto &id : more)
            expected << QString::fromStdString(id);
        serve::ServeOptions options;
        ServerThread server(f.opened, options);
        const ReferenceListingClient client(QString::fromStdString(server.url(QStringLiteral("/observations"))));
        ReferenceAnswer answer;
        const auto rows = client.listing(QStringLiteral("HST"), {}, &answer);
        QCOMPARE(answer.contentType, QByteArray("text/tab-separated-values; charset=utf-8"));
        QStringList listed;
        for (const QStringList &row : rows) {
            QCOMPARE(row.size(), 4);
            listed << row[1];
            QCOMPARE(client.fetchStatus(row[0], row[1]), 200);
        }
        QCOMPARE(listed, expected);

        // The reference's CSV quoting, kept for tests, is what breaks these clients: they ask for '"b""q"'.
        options.listingQuoting = serve::ListingQuoting::ReferenceCsv;
        ServerThread reference(f.opened, options);
        const ReferenceListingClient referenceReader(
            QString::fromStdString(reference.url(QStringLiteral("/observations"))));
        const auto quoted = referenceReader.listing(QStringLiteral("HST"), QStringLiteral("maxrec=2"));
        QCOMPARE(quoted.size(), 2);
        QCOMPARE(quoted[1][1], QStringLiteral("\"b\"\"q\""));
        QCOMPARE(referenceReader.fetchStatus(QStringLiteral("HST"), quoted[1][1]), 404);
        // Our own parser reads both writers alike.
        const auto ours = request(reference.url(QStringLiteral("/observations/HST?maxrec=2"))).body;
        QCOMPARE(net::parseStateLine(ours.substr(ours.find('\n') + 1, ours.rfind('\n') - ours.find('\n') - 1), 2)
                     ->observationID,
                 std::string("b\"q"));
    }

    // Issue 19 (3): an origin archive's client writes documents without checksums, or edits without
    // recomputing them; the service computes them and moves the timestamps of what changed, so a harvester
    // listing from just before the write sees it. A mirror-to-mirror write still wants checksums that hold.
    void originWritesComputeChecksumsAndTimestamps_data() { addEngineColumn(); }
    void originWritesComputeChecksumsAndTimestamps()
    {
        QFETCH(QString, engine);
        Fixture f(engine);
        serve::ServeOptions options;
        options.writeMode = serve::WriteMode::Origin;
        ServerThread server(f.opened, options);
        caom2::Observation fresh = make("edited", 1600000000000);
        caom2::WriteOptions bare;
        bare.writeChecksums = false;
        const std::string path = "/observations/HST/edited";
        const qint64 beforeCreate = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(
            request(server.url(QString::fromStdString(path)), "PUT", caom2::writeObservation(fresh, bare).xml).status,
            201L);
        const auto readBack = [&] {
            const auto got = request(server.url(QString::fromStdString(path)));
            auto read = caom2::readObservation(got.body, "caom:HST/edited");
            if (!read.ok)
                qFatal("%s", read.error.toString().c_str());
            return std::pair{read.document.observation, got.header("etag").value_or("")};
        };
        auto [created, createdTag] = readBack();
        const auto createdCheck = caom2::verifyChecksums(created);
        QVERIFY(createdCheck.ok());
        QCOMPARE(createdCheck.storedValues, int(createdCheck.entities.size()) * 2); // every entity has both
        QCOMPARE(createdTag, *created.accMetaChecksum);
        QVERIFY(created.maxLastModified->msSinceEpoch >= beforeCreate);
        QVERIFY(created.planes.at(0).lastModified->msSinceEpoch >= beforeCreate);

        // An edit of the observation alone, its stale checksums sent as they were.
        caom2::Observation edit = created;
        edit.type = "EDITED";
        const std::string stale = caom2::writeObservation(edit).xml;
        QVERIFY(!caom2::verifyChecksums(caom2::readObservation(stale, "x").document.observation).ok());
        QTRY_VERIFY(QDateTime::currentMSecsSinceEpoch() > created.maxLastModified->msSinceEpoch);
        const qint64 beforeEdit = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(request(server.url(QString::fromStdString(path)), "POST", stale).status, 200L);
        auto [updated, updatedTag] = readBack();
        QVERIFY(caom2::verifyChecksums(updated).ok());
        QVERIFY(*updated.accMetaChecksum != *created.accMetaChecksum);
        QCOMPARE(updatedTag, *updated.accMetaChecksum);
        QVERIFY(updated.lastModified->msSinceEpoch >= beforeEdit);
        QVERIFY(updated.maxLastModified->msSinceEpoch >= beforeEdit);
        // The planes did not change: their timestamps stay those of the creation.
        QCOMPARE(updated.planes.at(0).lastModified, created.planes.at(0).lastModified);
        QCOMPARE(updated.planes.at(0).maxLastModified, created.planes.at(0).maxLastModified);

        // An incremental harvest from just before the edit finds exactly the edited observation.
        const auto since = request(server.url(QStringLiteral("/observations/HST?start=%1")
                                                  .arg(QString::fromStdString(caom2::Date{beforeEdit}.toString()))))
                               .body;
        QCOMPARE(since, "HST\tedited\t" + updated.maxLastModified->toString() + '\t' + *updated.accMetaChecksum + '\n');

        // Mirror writes: the same stale edit and a document without checksums are refused.
        options.writeMode = serve::WriteMode::Mirror;
        ServerThread mirror(f.opened, options);
        QCOMPARE(request(mirror.url(QString::fromStdString(path)), "POST", stale).status, 400L);
        QCOMPARE(request(mirror.url(QStringLiteral("/observations/HST/other")), "PUT",
                         caom2::writeObservation(make("other", 1600000000000), bare).xml)
                     .status,
                 400L);
    }

    // Issue 19 (4): with a token configured, a write needs it even where reads are anonymous; with
    // --require-auth the capabilities offer no anonymous interface for data.
    void writesNeedTheConfiguredCredential()
    {
        Fixture f(QStringLiteral("sqlite"));
        serve::ServeOptions options;
        options.writeMode = serve::WriteMode::Origin;
        options.token = QStringLiteral("s3cret-token-value");
        const std::string xml = caom2::writeObservation(make("anon", 1600000000000)).xml;
        {
            ServerThread server(f.opened, options);
            const std::string url = server.url(QStringLiteral("/observations/HST/anon"));
            QCOMPARE(request(url, "PUT", xml).status, 401L);
            QCOMPARE(request(url, "DELETE").status, 401L);
            QCOMPARE(request(url, "PUT", xml, {{"Authorization", "Bearer s3cret-token-valuf"}}).status, 401L);
            QCOMPARE(request(url).status, 404L); // nothing was written
            QCOMPARE(request(url, "PUT", xml, {{"Authorization", "Bearer s3cret-token-value"}}).status, 201L);
            QCOMPARE(request(url).status, 200L); // reads stay anonymous
            const auto caps = request(server.url(QStringLiteral("/capabilities"))).body;
            // capabilities, availability, observations, deletions and the publications feed
            QCOMPARE(QString::fromStdString(caps).count(QLatin1String("<securityMethod/>")), 5);
        }
        options.requireAuth = true;
        ServerThread server(f.opened, options);
        const auto caps = request(server.url(QStringLiteral("/capabilities"))).body;
        // Only the VOSI capabilities and availability stay anonymous.
        QCOMPARE(QString::fromStdString(caps).count(QLatin1String("<securityMethod/>")), 2);
        QCOMPARE(QString::fromStdString(caps).count(
                     QLatin1String("<securityMethod standardID=\"ivo://ivoa.net/sso#token\"/>")),
                 3); // observations, deletions, publications
        QCOMPARE(request(server.url(QStringLiteral("/observations/HST"))).status, 401L);
    }

    // Issue 19 (5): the access log shows the request target exactly as sent, '%' sequences and all.
    void accessLogKeepsEncodedUrls()
    {
        Fixture f(QStringLiteral("sqlite"));
        ServerThread server(f.opened, serve::ServeOptions());
        const QString listing = QStringLiteral("/caom2/observations/HST?start=2023-11-14T22%3A13%3A20.000&maxrec=%251");
        const auto listed =
            request(server.url(QStringLiteral("/observations/HST?start=2023-11-14T22%3A13%3A20.000&maxrec=%251")));
        QCOMPARE(listed.status, 400L); // maxrec "%1" is not a number
        const auto document = request(server.url(QStringLiteral("/observations/HST/b%22q")));
        QCOMPARE(document.status, 200L);
        const QStringList log = server.log();
        QCOMPARE(log.size(), 2);
        const QRegularExpression line(
            QStringLiteral("^127\\.0\\.0\\.1 - - \\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000\\] \"GET "
                           "(\\S+) HTTP/1\\.1\" "
                           "(\\d{3}) (\\d+)$"));
        const auto first = line.match(log[0]);
        QVERIFY2(first.hasMatch(), qPrintable(log[0]));
        QCOMPARE(first.captured(1), listing);
        QCOMPARE(first.captured(2), QStringLiteral("400"));
        QCOMPARE(first.captured(3).toLongLong(), qint64(listed.body.size()));
        const auto second = line.match(log[1]);
        QVERIFY2(second.hasMatch(), qPrintable(log[1]));
        QCOMPARE(second.captured(1), QStringLiteral("/caom2/observations/HST/b%22q"));
        QCOMPARE(second.captured(2), QStringLiteral("200"));
        QCOMPARE(second.captured(3).toLongLong(), qint64(document.body.size()));
    }

    // Issue 19 (6): an observation with 2.4-only content on the obs-1.1 endpoint. As the reference: the
    // content is dropped and the 2.4 checksums kept (the document does not verify); or refused with the
    // reason; or sent with checksums computed for what is sent. The header says which.
    void obs23AnswersForContent23CannotHold()
    {
        Fixture f(QStringLiteral("sqlite"));
        caom2::Observation modern = make("modern", 1700000004000);
        modern.metaProducer = caom2::Uri{"ivo://example.org/producer?v1"};
        caom2::assignChecksums(modern);
        QVERIFY(store::ObservationStore(f.opened).upsert({store::UpsertItem(modern)}).ok());
        serve::ServeOptions options;
        options.profile = serve::Profile::Both;
        const auto verifies = [](const net::HttpResponse &answer) {
            const auto read = caom2::readObservation(answer.body, "caom:HST/x");
            return read.ok && caom2::verifyChecksums(read.document.observation).ok()
                && answer.header("etag").value_or("") == read.document.observation.accMetaChecksum.value_or("-");
        };
        {
            ServerThread server(f.opened, options);
            const auto plain = request(server.url(QStringLiteral("/obs23/HST/a")));
            QCOMPARE(plain.header("x-caom23-conversion").value_or(""), std::string("lossless"));
            QVERIFY(verifies(plain));
            const auto lossy = request(server.url(QStringLiteral("/obs23/HST/modern")));
            QCOMPARE(lossy.status, 200L);
            QCOMPARE(lossy.header("x-caom23-conversion").value_or(""), std::string("lossy; checksums=stored"));
            QCOMPARE(lossy.header("etag").value_or(""), *modern.accMetaChecksum);
            QVERIFY(!verifies(lossy));
        }
        {
            options.lossyObs23 = serve::LossyObs23::Refuse;
            ServerThread server(f.opened, options);
            const auto refused = request(server.url(QStringLiteral("/obs23/HST/modern")));
            QCOMPARE(refused.status, 422L);
            QVERIFY2(refused.body.find("metaProducer") != std::string::npos, refused.body.c_str());
            QVERIFY(verifies(request(server.url(QStringLiteral("/obs23/HST/a")))));
        }
        options.lossyObs23 = serve::LossyObs23::Recompute;
        ServerThread server(f.opened, options);
        const auto recomputed = request(server.url(QStringLiteral("/obs23/HST/modern")));
        QCOMPARE(recomputed.status, 200L);
        QCOMPARE(recomputed.header("x-caom23-conversion").value_or(""), std::string("lossy; checksums=recomputed"));
        QVERIFY(verifies(recomputed));
        QVERIFY(recomputed.header("etag").value_or("") != *modern.accMetaChecksum);
    }

    // --writable says what a write means; a bare or unknown mode is refused, as is --require-auth with no
    // credential to require.
    void writableNeedsAMode()
    {
        TestStore store(QStringLiteral("sqlite"));
        QVERIFY(store.open());
        for (const QStringList &arguments : {QStringList{QStringLiteral("--writable")},
                                             QStringList{QStringLiteral("--writable"), QStringLiteral("yes")},
                                             QStringList{QStringLiteral("--require-auth")},
                                             QStringList{QStringLiteral("--obs23-lossy"), QStringLiteral("maybe")}}) {
            const CliRun run = runCaomSync(
                QStringList{QStringLiteral("serve"), QStringLiteral("--store"), store.argument()} + arguments, 30000);
            QVERIFY2(run.exitCode == 2, run.err.constData());
            QVERIFY2(run.out.isEmpty(), run.out.constData()); // never started listening
        }
    }

    // Issue 13 (6): writes need a credential unless the operator says --insecure-writes; a key or token file that
    // every user may read is refused, naming the file and the fix.
    void writesNeedACredentialAndSecretsStayPrivate()
    {
        TestStore store(QStringLiteral("sqlite"));
        QVERIFY(store.open());
        const QStringList serveStore{QStringLiteral("serve"), QStringLiteral("--store"), store.argument()};
        const CliRun open =
            runCaomSync(serveStore + QStringList{QStringLiteral("--writable"), QStringLiteral("mirror")}, 30000);
        QCOMPARE(open.exitCode, 2);
        QVERIFY2(open.err.contains("--writable needs --token-file or --tls-client-ca"), open.err.constData());
        QVERIFY(open.out.isEmpty());

        BackgroundProgram insecure;
        QVERIFY2(
            !startServe(insecure, store.argument(),
                        {QStringLiteral("--writable"), QStringLiteral("mirror"), QStringLiteral("--insecure-writes")})
                 .isEmpty(),
            qPrintable(insecure.error()));
        QCOMPARE(insecure.stop(), 0);
        QVERIFY(insecure.standardError().contains("anyone who can reach this address may change observations"));

        QTemporaryDir secrets;
        const QString tokenPath = secrets.filePath(QStringLiteral("serve.token"));
        QFile token(tokenPath);
        QVERIFY(token.open(QIODevice::WriteOnly) && token.write("serve-secret-token\n") > 0);
        token.close();
        QVERIFY(token.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        const CliRun exposed = runCaomSync(serveStore
                                               + QStringList{QStringLiteral("--writable"), QStringLiteral("mirror"),
                                                             QStringLiteral("--token-file"), tokenPath},
                                           30000);
        QCOMPARE(exposed.exitCode, 2);
        QVERIFY2(exposed.err.contains(tokenPath.toUtf8()) && exposed.err.contains("chmod 600"),
                 exposed.err.constData());
        QVERIFY(!exposed.err.contains("serve-secret-token"));
        QVERIFY(exposed.out.isEmpty());

        QVERIFY(token.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        BackgroundProgram guarded;
        QVERIFY2(!startServe(guarded, store.argument(),
                             {QStringLiteral("--writable"), QStringLiteral("mirror"), QStringLiteral("--token-file"),
                              tokenPath})
                      .isEmpty(),
                 qPrintable(guarded.error()));
        QCOMPARE(guarded.stop(), 0);
        QVERIFY(!guarded.standardError().contains("anyone who can reach"));
    }

    // Issue 19 (7): a cap below a client's 10,000-row page is warned about at start-up.
    void warnsAboutSmallMaxRec()
    {
        TestStore store(QStringLiteral("sqlite"));
        QVERIFY(store.open());
        for (const auto &[maxRec, warned] :
             {std::pair{QStringLiteral("9999"), true}, std::pair{QStringLiteral("10000"), false}}) {
            BackgroundProgram serve;
            QVERIFY2(!startServe(serve, store.argument(), {QStringLiteral("--max-rec"), maxRec}).isEmpty(),
                     qPrintable(serve.error()));
            QCOMPARE(serve.stop(), 0);
            const QByteArray err = serve.standardError();
            QCOMPARE(err.contains(QByteArray("--max-rec " + maxRec.toUtf8() + " is below the 10,000 rows")), warned);
        }
    }
};

QTEST_GUILESS_MAIN(TestRepositoryServer)
#include "tst_repository_server.moc"
