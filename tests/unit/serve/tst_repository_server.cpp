// The repository service's rules (repository-service.md §5-7, §12 items 1-7) against an in-process
// RepositoryServer on loopback, over stores on both engines. Expected bodies are written out by hand from
// the rules and the data the test stored, never taken from the server.
#include "test_pki.h"
#include "test_stores.h"

#include "caom2/checksum.h"
#include "caom2/generator.h"
#include "caom2/xml_writer.h"
#include "net/http_client.h"
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

// The server on its own thread, so the test can make blocking requests.
class ServerThread {
public:
    ServerThread(std::shared_ptr<store::Store> store, serve::ServeOptions options)
    {
        options.accessLog = [this](const QString &line) {
            std::lock_guard lock(m_mutex);
            m_log << line;
        };
        m_server = new serve::RepositoryServer(std::move(store), std::move(options));
        m_server->moveToThread(&m_thread);
        m_thread.start();
        QMetaObject::invokeMethod(
            m_server, [this] { m_port = m_server->start(&m_error); }, Qt::BlockingQueuedConnection);
    }
    ~ServerThread()
    {
        QMetaObject::invokeMethod(
            m_server, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    std::string url(const QString &path, const char *scheme = "http") const
    {
        return QStringLiteral("%1://127.0.0.1:%2/caom2%3")
            .arg(QLatin1String(scheme))
            .arg(m_port)
            .arg(path)
            .toStdString();
    }
    quint16 port() const { return m_port; }
    QStringList log()
    {
        std::lock_guard lock(m_mutex);
        return m_log;
    }

private:
    QThread m_thread;
    serve::RepositoryServer *m_server = nullptr;
    quint16 m_port = 0;
    QString m_error;
    std::mutex m_mutex;
    QStringList m_log;
};

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
        // Byte-exact: time order, ties in insertion order, the '"' quoted, UTF-8, capped at 2.
        const std::string all = f.line(0, "a") + f.line(1, "\"b\"\"q\"");
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        auto listed = request(server.url(QStringLiteral("/observations/HST")));
        QCOMPARE(listed.status, 200L);
        QCOMPARE(listed.header("content-type").value_or(""), std::string("text/tab-separated-values"));
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
                 f.line(1, "\"b\"\"q\"") + f.line(2, "c\xc3\xa9"));
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
        const auto body = request(server.url(QStringLiteral("/observations/HST?start=2023-11-14T22:13:22.000"))).body;
        QVERIFY2(body.find("\tc??\t") != std::string::npos || body.find("\tc?\t") != std::string::npos, body.c_str());
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
            QCOMPARE(document.header("content-type").value_or(""), std::string("text/x-caom+xml"));
            QCOMPARE(document.header("etag").value_or(""), *f.held[2].accMetaChecksum);
            QVERIFY(document.body.find("<caom2:observationID>c\xc3\xa9</caom2:observationID>") != std::string::npos);
            QCOMPARE(request(server.url(QStringLiteral("/observations/HST/zzz"))).status, 404L);
            QCOMPARE(request(server.url(QStringLiteral("/observations/HST/a")), "DELETE").status, 403L);
        }
        serve::ServeOptions writable;
        writable.writable = true;
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
};

QTEST_GUILESS_MAIN(TestRepositoryServer)
#include "tst_repository_server.moc"
