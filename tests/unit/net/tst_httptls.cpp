#include "net/curl_error.h"
#include "net/http_client.h"
#include "scripted_http_server.h"
#include "test_pki.h"

#include <QMutex>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;
using mirror::ErrorCategory;
using testsupport::ScriptedHttpServer;
using testsupport::ScriptedResponse;
using testsupport::TlsServerConfig;

namespace {

QMutex logMutex;
QStringList capturedWarnings;
QtMessageHandler previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && QByteArray(context.category) == "mirror.net.http") {
        QMutexLocker lock(&logMutex);
        capturedWarnings.append(message);
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

} // namespace

// Certificates made fresh for the run: each bad one must be refused for its own reason, as an Auth error
// that says which reason, and never retried.
class TestHttpTls : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<testsupport::TestPki> m_pki;

    std::unique_ptr<ScriptedHttpServer> serve(const QString &cert, const QString &key, const QString &clientCa = {})
    {
        auto server = std::make_unique<ScriptedHttpServer>();
        QString error;
        if (!server->start(TlsServerConfig{cert, key, clientCa}, &error)) {
            qWarning("cannot start the TLS server: %s", qPrintable(error));
            return nullptr;
        }
        return server;
    }

    net::HttpOptions trustingTestCa() const
    {
        net::HttpOptions options;
        options.tls.caFile = m_pki->caCert.toStdString();
        options.connectTimeout = 5s;
        options.totalTimeout = 20s;
        options.retry.initialDelay = 20ms;
        options.retry.jitter = 0.0;
        return options;
    }

    static net::HttpRequest get(const std::string &url)
    {
        net::HttpRequest request;
        request.url = url;
        return request;
    }

    // Runs one request that must fail as Auth without a retry; returns the message (with detail).
    QString refusedWith(ScriptedHttpServer &server, const net::HttpOptions &options)
    {
        server.enqueue(ScriptedResponse::ok("must not be read"));
        net::HttpClient client(options);
        const auto response = client.perform(get(server.urlString(QStringLiteral("/tls"))));
        if (response) {
            QTest::qFail("the request succeeded", __FILE__, __LINE__);
            return {};
        }
        if (response.error().category != ErrorCategory::Auth)
            QTest::qFail(response.error().describe().c_str(), __FILE__, __LINE__);
        if (server.connectionCount() != 1)
            QTest::qFail("a TLS failure was retried", __FILE__, __LINE__);
        return QString::fromStdString(response.error().describe());
    }

private slots:
    void initTestCase()
    {
        net::initialiseHttp();
        QVERIFY(m_dir.isValid());
        QString error;
        m_pki = testsupport::makeTestPki(m_dir.path(), &error);
        QVERIFY2(m_pki, qPrintable(error));
        previousHandler = qInstallMessageHandler(captureMessage);
    }

    void cleanupTestCase() { qInstallMessageHandler(previousHandler); }

    void certificateFromTheTrustedCaIsAccepted()
    {
        auto server = serve(m_pki->serverCert, m_pki->serverKey);
        QVERIFY(server);
        server->enqueue({ScriptedResponse::ok("secure"), ScriptedResponse::ok("again")});
        net::HttpClient client(trustingTestCa());
        for (const QString &host : {QStringLiteral("127.0.0.1"), QStringLiteral("localhost")}) {
            const auto response = client.perform(get(server->urlString(QStringLiteral("/ok"), host)));
            QVERIFY2(response, response ? "" : response.error().describe().c_str());
            QCOMPARE(response->status, 200L);
        }
        QCOMPARE(server->requestCount(), 2);
    }

    void unknownAuthorityIsRefused()
    {
        auto server = serve(m_pki->serverCert, m_pki->serverKey);
        QVERIFY(server);
        net::HttpOptions options = trustingTestCa();
        options.tls.caFile.clear(); // the system store does not know our test CA
        const QString message = refusedWith(*server, options);
        QVERIFY2(message.contains(QStringLiteral("unknown authority")), qPrintable(message));
    }

    void expiredCertificateIsRefused()
    {
        auto server = serve(m_pki->expiredServerCert, m_pki->expiredServerKey);
        QVERIFY(server);
        const QString message = refusedWith(*server, trustingTestCa());
        QVERIFY2(message.contains(QStringLiteral("expired")), qPrintable(message));
    }

    void wrongHostIsRefused()
    {
        auto server = serve(m_pki->wrongHostServerCert, m_pki->wrongHostServerKey);
        QVERIFY(server);
        const QString message = refusedWith(*server, trustingTestCa());
        QVERIFY2(message.contains(QStringLiteral("different host")), qPrintable(message));
    }

    void selfSignedIsRefused()
    {
        auto server = serve(m_pki->selfSignedCert, m_pki->selfSignedKey);
        QVERIFY(server);
        const QString message = refusedWith(*server, trustingTestCa());
        QVERIFY2(message.contains(QStringLiteral("self-signed")), qPrintable(message));
    }

    void unverifiedModeAcceptsAndWarnsOnce()
    {
        auto server = serve(m_pki->selfSignedCert, m_pki->selfSignedKey);
        QVERIFY(server);
        server->enqueue({ScriptedResponse::ok("1"), ScriptedResponse::ok("2")});
        {
            QMutexLocker lock(&logMutex);
            capturedWarnings.clear();
        }
        net::HttpOptions options = trustingTestCa();
        options.tls.verifyPeer = false;
        options.bearerToken = "tls-token-do-not-log";
        net::HttpClient client(options);
        for (int i = 0; i < 2; ++i) {
            const auto response = client.perform(get(server->urlString(QStringLiteral("/insecure"))));
            QVERIFY2(response, response ? "" : response.error().describe().c_str());
            QCOMPARE(response->status, 200L);
        }
        QMutexLocker lock(&logMutex);
        QCOMPARE(capturedWarnings.size(), 1);
        QVERIFY(capturedWarnings[0].contains(QStringLiteral("127.0.0.1")));
        QVERIFY(!capturedWarnings[0].contains(QStringLiteral("tls-token-do-not-log")));
    }

    void clientCertificateRequiredButMissing()
    {
        // TLS 1.3: the server refuses after the client's handshake ended; no request may get through.
        auto server = serve(m_pki->serverCert, m_pki->serverKey, m_pki->caCert);
        QVERIFY(server);
        server->enqueue(ScriptedResponse::ok("must not be read"));
        net::HttpOptions options = trustingTestCa();
        options.retry.maxAttempts = 2;
        net::HttpClient client(options);
        const auto response = client.perform(get(server->urlString(QStringLiteral("/private"))));
        QVERIFY(!response);
        QCOMPARE(server->requestCount(), 0);

        // TLS 1.2: the refusal is part of the handshake, so it is an Auth error and never retried.
        auto strict = std::make_unique<ScriptedHttpServer>();
        TlsServerConfig config{m_pki->serverCert, m_pki->serverKey, m_pki->caCert};
        config.tls12Only = true;
        QVERIFY(strict->start(config));
        const QString message = refusedWith(*strict, trustingTestCa());
        QCOMPARE(strict->requestCount(), 0);
        QVERIFY(!message.isEmpty());
    }

    void refusalAlertsAreAuth_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("summary");
        // What libcurl reports against an OpenSSL server that requires a client certificate.
        QTest::newRow("tls1.3 certificate required")
            << int(CURLE_RECV_ERROR)
            << QStringLiteral("OpenSSL SSL_read: OpenSSL/3.0.19: error:0A00045C:SSL routines::tlsv13 alert "
                              "certificate required, errno 0")
            << QStringLiteral("client certificate");
        QTest::newRow("tls1.2 handshake failure")
            << int(CURLE_SSL_CONNECT_ERROR)
            << QStringLiteral("OpenSSL/3.0.19: error:0A000410:SSL routines::sslv3 alert handshake failure")
            << QStringLiteral("client certificate");
        QTest::newRow("unknown ca") << int(CURLE_PEER_FAILED_VERIFICATION)
                                    << QStringLiteral("SSL certificate problem: unable to get local issuer certificate")
                                    << QStringLiteral("unknown authority");
    }

    void refusalAlertsAreAuth()
    {
        QFETCH(int, code);
        QFETCH(QString, text);
        QFETCH(QString, summary);
        net::detail::TransferFailure failure;
        failure.code = static_cast<CURLcode>(code);
        failure.text = text.toStdString();
        QVERIFY(net::detail::isTlsFailure(failure));
        QVERIFY(!net::detail::isRetryableTransport(failure));
        const mirror::Error error = net::detail::transportError("GET", "https://h/x", failure);
        QCOMPARE(error.category, ErrorCategory::Auth);
        QVERIFY2(QString::fromStdString(error.message).contains(summary), error.message.c_str());
        QCOMPARE(QString::fromStdString(error.detail), text);
    }

    void plainReceiveErrorsStayTransient()
    {
        net::detail::TransferFailure failure;
        failure.code = CURLE_RECV_ERROR;
        failure.text = "Recv failure: Connection reset by peer";
        QVERIFY(!net::detail::isTlsFailure(failure));
        QVERIFY(net::detail::isRetryableTransport(failure));
        QCOMPARE(net::detail::transportError("GET", "https://h/x", failure).category, ErrorCategory::Transient);
    }

    void clientCertificatePresented()
    {
        auto server = serve(m_pki->serverCert, m_pki->serverKey, m_pki->caCert);
        QVERIFY(server);
        server->enqueue(ScriptedResponse::ok("welcome"));
        net::HttpOptions options = trustingTestCa();
        options.tls.clientCertPem = m_pki->clientPem.toStdString();
        net::HttpClient client(options);
        const auto response = client.perform(get(server->urlString(QStringLiteral("/private"))));
        QVERIFY2(response, response ? "" : response.error().describe().c_str());
        QCOMPARE(response->status, 200L);
        QCOMPARE(response->body, std::string("welcome"));
        const auto requests = server->requests();
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests[0].clientCertCommonName, QStringLiteral("mirror-test-client"));
    }

    void unreadableClientCertificateIsAuth()
    {
        auto server = serve(m_pki->serverCert, m_pki->serverKey, m_pki->caCert);
        QVERIFY(server);
        net::HttpOptions options = trustingTestCa();
        options.tls.clientCertPem = QString(m_dir.path() + QStringLiteral("/missing.pem")).toStdString();
        server->enqueue(ScriptedResponse::ok("must not be read"));
        net::HttpClient client(options);
        const auto response = client.perform(get(server->urlString(QStringLiteral("/private"))));
        QVERIFY(!response);
        QVERIFY2(response.error().category == ErrorCategory::Auth, response.error().describe().c_str());
        QVERIFY2(QString::fromStdString(response.error().message).contains(QStringLiteral("client certificate")),
                 response.error().describe().c_str());
    }
};

QTEST_GUILESS_MAIN(TestHttpTls)
#include "tst_httptls.moc"
