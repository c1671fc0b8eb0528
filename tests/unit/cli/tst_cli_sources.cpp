// caom-sync sources list|add|remove|test as an operator uses them: every endpoint kind saved to the shared
// settings file (under a temporary XDG_CONFIG_HOME), endpoint and collection changes refused without --force
// (scenario 48), secrets kept out of the file and out of every message, and `test` against unreachable,
// scripted (plain and TLS) and real (`caom-sync serve`) services.
#include "background_program.h"
#include "cli_runner.h"
#include "scripted_http_server.h"
#include "test_pki.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using testsupport::CliRun;

namespace {

const QByteArray token = "tok-7Hq2-very-secret-9c1e";

CliRun sources(const QStringList &arguments)
{
    return testsupport::runCaomSync(QStringList{QStringLiteral("sources")} + arguments);
}

QString failure(const CliRun &run)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(run.exitCode)
        .arg(QString::fromUtf8(run.out), QString::fromUtf8(run.err));
}

} // namespace

class TestCliSources : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        // caom-sync inherits the test's environment: each test gets its own settings file.
        qputenv("XDG_CONFIG_HOME", m_dir->filePath(QStringLiteral("config")).toUtf8());
        m_tokenFile = m_dir->filePath(QStringLiteral("partner.token"));
        QFile file(m_tokenFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("  " + token + "\n\n"); // surrounding blanks, as editors leave them, are not part of it
        QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)); // a secret is private
    }

    void usage()
    {
        QCOMPARE(sources({}).exitCode, 2);
        const CliRun help = sources({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("add NAME"));
        QCOMPARE(sources({QStringLiteral("frobnicate")}).exitCode, 2);
        QCOMPARE(sources({QStringLiteral("add"), QStringLiteral("--help")}).exitCode, 0);
        const CliRun empty = sources({QStringLiteral("list")});
        QCOMPARE(empty.exitCode, 0);
        QVERIFY(empty.out.contains("no sources"));
    }

    void addEachEndpointKind_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<QString>("field");    // a kind-specific field of the JSON...
        QTest::addColumn<QJsonValue>("value"); // ...and its value

        QTest::newRow("capabilities") << QStringList{QStringLiteral("--capabilities"),
                                                     QStringLiteral("https://ws.example.org/caom2/capabilities")}
                                      << QStringLiteral("capabilities")
                                      << QStringLiteral("https://ws.example.org/caom2/capabilities")
                                      << QStringLiteral("caomVersion") << QJsonValue(24);
        QTest::newRow("resource-id") << QStringList{QStringLiteral("--resource-id"),
                                                    QStringLiteral("ivo://cadc.nrc.ca/ams"),
                                                    QStringLiteral("--registry"),
                                                    QStringLiteral("https://reg.example.org/reg")}
                                     << QStringLiteral("registry") << QStringLiteral("ivo://cadc.nrc.ca/ams")
                                     << QStringLiteral("registryUrl")
                                     << QJsonValue(QStringLiteral("https://reg.example.org/reg"));
        QTest::newRow("base-url") << QStringList{QStringLiteral("--base-url"),
                                                 QStringLiteral("http://127.0.0.1:8080/obs23"),
                                                 QStringLiteral("--deletions-url"),
                                                 QStringLiteral("http://127.0.0.1:8080/del"),
                                                 QStringLiteral("--caom-version"),
                                                 QStringLiteral("23")}
                                  << QStringLiteral("base-url") << QStringLiteral("http://127.0.0.1:8080/obs23")
                                  << QStringLiteral("caomVersion") << QJsonValue(23);
    }

    void addEachEndpointKind()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, kind);
        QFETCH(QString, endpoint);
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        const CliRun added =
            sources(QStringList{QStringLiteral("add"), QStringLiteral("P1")} + arguments
                    + QStringList{QStringLiteral("--collection"), QStringLiteral("HST"), QStringLiteral("--collection"),
                                  QStringLiteral("JWST"), QStringLiteral("--lag"), QStringLiteral("600"),
                                  QStringLiteral("--batch-size"), QStringLiteral("50"), QStringLiteral("--token-file"),
                                  m_tokenFile});
        QVERIFY2(added.exitCode == 0, qPrintable(failure(added)));
        QVERIFY(QFile::exists(settingsPath()));

        const CliRun listed = sources({QStringLiteral("list")});
        QCOMPARE(listed.exitCode, 0);
        QVERIFY2(listed.out.contains("P1") && listed.out.contains(endpoint.toUtf8()), listed.out.constData());
        QVERIFY(listed.out.contains("HST JWST"));
        QVERIFY(listed.out.contains("verified"));

        const CliRun json = sources({QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 0);
        QJsonParseError error;
        const QJsonArray array = QJsonDocument::fromJson(json.out, &error).array();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(array.size(), 1);
        const QJsonObject source = array.first().toObject();
        QCOMPARE(source.value(QStringLiteral("name")).toString(), QStringLiteral("P1"));
        QCOMPARE(source.value(QStringLiteral("endpointKind")).toString(), kind);
        QCOMPARE(source.value(QStringLiteral("endpoint")).toString(), endpoint);
        QCOMPARE(source.value(field), value);
        QCOMPARE(source.value(QStringLiteral("credentialKind")).toString(), QStringLiteral("token-file"));
        QVERIFY(source.value(QStringLiteral("credential")).toString().contains(m_tokenFile));
        QCOMPARE(source.value(QStringLiteral("collections")).toArray(),
                 QJsonArray({QStringLiteral("HST"), QStringLiteral("JWST")}));
        QCOMPARE(source.value(QStringLiteral("verifyTls")).toBool(), true);
        QCOMPARE(source.value(QStringLiteral("enabled")).toBool(), true);
        QCOMPARE(source.value(QStringLiteral("lagSeconds")).toInt(), 600);
        QCOMPARE(source.value(QStringLiteral("batchSize")).toInt(), 50);
        QCOMPARE(source.value(QStringLiteral("threads")).toInt(), 4);
        QVERIFY(!json.out.contains(token) && !listed.out.contains(token));
    }

    void insecureShownLoudly()
    {
        const CliRun added = sources({QStringLiteral("add"), QStringLiteral("LAX"), QStringLiteral("--base-url"),
                                      QStringLiteral("https://lax.example.org/obs"), QStringLiteral("--insecure"),
                                      QStringLiteral("--disabled")});
        QVERIFY2(added.exitCode == 0, qPrintable(failure(added)));
        QVERIFY(added.err.contains("warning"));
        const CliRun listed = sources({QStringLiteral("list")});
        QVERIFY2(listed.out.contains("NOT VERIFIED") && listed.out.contains("(disabled)"), listed.out.constData());
        const QJsonObject source =
            QJsonDocument::fromJson(sources({QStringLiteral("list"), QStringLiteral("--json")}).out)
                .array()
                .at(0)
                .toObject();
        QCOMPARE(source.value(QStringLiteral("verifyTls")).toBool(), false);
        QCOMPARE(source.value(QStringLiteral("enabled")).toBool(), false);
    }

    void usageErrorsSaveNothing_data()
    {
        QTest::addColumn<QStringList>("arguments");
        const QString caps = QStringLiteral("https://x.example.org/capabilities");
        QTest::newRow("no endpoint") << QStringList{QStringLiteral("X")};
        QTest::newRow("two endpoints") << QStringList{QStringLiteral("X"), QStringLiteral("--capabilities"), caps,
                                                      QStringLiteral("--base-url"), caps};
        QTest::newRow("registry without resource-id") << QStringList{
            QStringLiteral("X"), QStringLiteral("--capabilities"), caps, QStringLiteral("--registry"), caps};
        QTest::newRow("deletions without base-url") << QStringList{
            QStringLiteral("X"), QStringLiteral("--capabilities"), caps, QStringLiteral("--deletions-url"), caps};
        QTest::newRow("two credentials") << QStringList{QStringLiteral("X"),
                                                        QStringLiteral("--capabilities"),
                                                        caps,
                                                        QStringLiteral("--token-env"),
                                                        QStringLiteral("T"),
                                                        QStringLiteral("--cert"),
                                                        QStringLiteral("/c.pem")};
        QTest::newRow("caom 25") << QStringList{QStringLiteral("X"), QStringLiteral("--base-url"), caps,
                                                QStringLiteral("--caom-version"), QStringLiteral("25")};
        QTest::newRow("threads not a number") << QStringList{QStringLiteral("X"), QStringLiteral("--capabilities"),
                                                             caps, QStringLiteral("--threads"), QStringLiteral("many")};
        QTest::newRow("url with password") << QStringList{QStringLiteral("X"), QStringLiteral("--base-url"),
                                                          QStringLiteral("https://u:pw@x.example.org/obs")};
        QTest::newRow("resource id not ivo") << QStringList{QStringLiteral("X"), QStringLiteral("--resource-id"), caps};
        QTest::newRow("bad name") << QStringList{QStringLiteral("a b"), QStringLiteral("--capabilities"), caps};
    }

    void usageErrorsSaveNothing()
    {
        QFETCH(QStringList, arguments);
        const CliRun run = sources(QStringList{QStringLiteral("add")} + arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!run.err.isEmpty());
        QVERIFY(!QFile::exists(settingsPath()));
    }

    // A token (or PEM block) given where a file or variable name belongs is refused, saved nowhere, echoed never.
    void pastedSecretRefused_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("value");
        QTest::newRow("token as token file") << QStringLiteral("--token-file") << QString::fromLatin1(token);
        QTest::newRow("token as variable") << QStringLiteral("--token-env") << QString::fromLatin1(token);
        QTest::newRow("pem as cert") << QStringLiteral("--cert")
                                     << QStringLiteral("-----BEGIN CERTIFICATE-----\n") + QString::fromLatin1(token);
        QTest::newRow("pem as ca file") << QStringLiteral("--ca-file")
                                        << QStringLiteral("-----BEGIN CERTIFICATE-----\n") + QString::fromLatin1(token);
    }

    void pastedSecretRefused()
    {
        QFETCH(QString, option);
        QFETCH(QString, value);
        const CliRun run = sources({QStringLiteral("add"), QStringLiteral("X"), QStringLiteral("--capabilities"),
                                    QStringLiteral("https://x.example.org/capabilities"), option, value});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(!run.err.contains(token) && !run.out.contains(token), run.err.constData());
        QVERIFY(!QFile::exists(settingsPath()));
    }

    void settingsFileNeverHoldsTheToken()
    {
        QVERIFY(sources({QStringLiteral("add"), QStringLiteral("T"), QStringLiteral("--capabilities"),
                         QStringLiteral("http://127.0.0.1:9/caps"), QStringLiteral("--token-file"), m_tokenFile})
                    .exitCode
                == 0);
        const QByteArray ini = settingsContent();
        QVERIFY2(ini.contains(m_tokenFile.toUtf8()), ini.constData());
        QVERIFY(!ini.contains(token));
        // Nor does a failing test of the source print it.
        const CliRun tested = sources({QStringLiteral("test"), QStringLiteral("T")});
        QCOMPARE(tested.exitCode, 2);
        QVERIFY(!tested.err.contains(token) && !tested.out.contains(token));
    }

    // Scenario 48: the reference silently restarts the harvest when the endpoint or a collection string
    // changes; we refuse without --force, name what would restart, and leave the file as it was.
    void endpointOrCollectionChangeNeedsForce()
    {
        const QStringList first{QStringLiteral("add"),
                                QStringLiteral("MAST"),
                                QStringLiteral("--capabilities"),
                                QStringLiteral("https://old.example.org/capabilities"),
                                QStringLiteral("--collection"),
                                QStringLiteral("HST")};
        QCOMPARE(sources(first).exitCode, 0);
        const QByteArray before = settingsContent();

        // The same endpoint and collections with other tuning is a plain update.
        const CliRun tuned = sources(first + QStringList{QStringLiteral("--threads"), QStringLiteral("8")});
        QVERIFY2(tuned.exitCode == 0, qPrintable(failure(tuned)));
        QVERIFY(tuned.out.contains("updated"));
        const QByteArray tunedContent = settingsContent();

        const QStringList moved{QStringLiteral("add"),
                                QStringLiteral("mast"),
                                QStringLiteral("--capabilities"),
                                QStringLiteral("https://new.example.org/capabilities"),
                                QStringLiteral("--collection"),
                                QStringLiteral("HST")};
        const CliRun refused = sources(moved);
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("new harvest state") && refused.err.contains("--force")
                     && refused.err.contains("https://new.example.org/capabilities"),
                 refused.err.constData());
        QCOMPARE(settingsContent(), tunedContent);

        const CliRun moreCollections =
            sources(first + QStringList{QStringLiteral("--collection"), QStringLiteral("JWST")});
        QCOMPARE(moreCollections.exitCode, 2);
        QVERIFY2(moreCollections.err.contains("JWST added"), moreCollections.err.constData());
        QCOMPARE(settingsContent(), tunedContent);

        const CliRun forced = sources(moved + QStringList{QStringLiteral("--force")});
        QVERIFY2(forced.exitCode == 0, qPrintable(failure(forced)));
        QVERIFY(forced.err.contains("warning"));
        const QJsonArray listed =
            QJsonDocument::fromJson(sources({QStringLiteral("list"), QStringLiteral("--json")}).out).array();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.at(0).toObject().value(QStringLiteral("endpoint")).toString(),
                 QStringLiteral("https://new.example.org/capabilities"));
        QVERIFY(settingsContent() != before);
    }

    void remove()
    {
        for (const QString &name : {QStringLiteral("A"), QStringLiteral("B")})
            QCOMPARE(sources({QStringLiteral("add"), name, QStringLiteral("--base-url"),
                              QStringLiteral("https://x.example.org/") + name})
                         .exitCode,
                     0);
        const CliRun removed = sources({QStringLiteral("remove"), QStringLiteral("a")});
        QVERIFY2(removed.exitCode == 0, qPrintable(failure(removed)));
        const QJsonArray left =
            QJsonDocument::fromJson(sources({QStringLiteral("list"), QStringLiteral("--json")}).out).array();
        QCOMPARE(left.size(), 1);
        QCOMPARE(left.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("B"));
        const CliRun unknown = sources({QStringLiteral("remove"), QStringLiteral("A")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains("no source named A"));
        QCOMPARE(sources({QStringLiteral("test"), QStringLiteral("A")}).exitCode, 2);
    }

    void testUnreachable()
    {
        QCOMPARE(sources({QStringLiteral("add"), QStringLiteral("GONE"), QStringLiteral("--capabilities"),
                          QStringLiteral("http://127.0.0.1:9/caps"), QStringLiteral("--connect-timeout"),
                          QStringLiteral("5")})
                     .exitCode,
                 0);
        const CliRun tested = sources({QStringLiteral("test"), QStringLiteral("GONE")});
        QCOMPARE(tested.exitCode, 2);
        QVERIFY2(tested.err.contains("http://127.0.0.1:9/caps") && tested.err.contains("GONE"), tested.err.constData());
        const CliRun json = sources({QStringLiteral("test"), QStringLiteral("GONE"), QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 2);
        const QJsonObject object = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(object.value(QStringLiteral("ok")).toBool(true), false);
        QVERIFY(object.value(QStringLiteral("error")).toString().contains(QStringLiteral("127.0.0.1:9")));
    }

    // A base URL with a token file: the collections come back, and the token (trimmed) went as a bearer token.
    void testBaseUrlWithToken()
    {
        testsupport::ScriptedHttpServer server;
        QString error;
        QVERIFY2(server.start(std::nullopt, &error), qPrintable(error));
        server.enqueue(testsupport::ScriptedResponse::ok("HST\nJWST\nXMM\n"));
        QCOMPARE(sources({QStringLiteral("add"), QStringLiteral("LOOP"), QStringLiteral("--base-url"),
                          server.url(QStringLiteral("/obs23")), QStringLiteral("--token-file"), m_tokenFile,
                          QStringLiteral("--collection"), QStringLiteral("HST")})
                     .exitCode,
                 0);
        const CliRun tested = sources({QStringLiteral("test"), QStringLiteral("LOOP"), QStringLiteral("--json")});
        QVERIFY2(tested.exitCode == 0, qPrintable(failure(tested)));
        const QJsonObject object = QJsonDocument::fromJson(tested.out).object();
        QCOMPARE(object.value(QStringLiteral("collectionCount")).toInt(), 3);
        QCOMPARE(object.value(QStringLiteral("authMethod")).toString(), QStringLiteral("token"));
        QCOMPARE(object.value(QStringLiteral("observationsUrl")).toString(), server.url(QStringLiteral("/obs23")));
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(server.requests().at(0).header("authorization"), QByteArray("Bearer " + token));

        // A configured collection the source does not offer finishes with exit 1 and names it.
        server.enqueue(testsupport::ScriptedResponse::ok("JWST\n"));
        const CliRun missing = sources({QStringLiteral("test"), QStringLiteral("LOOP")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("HST is not offered"), missing.err.constData());

        // A token every user of the machine may read is refused before anything is sent, with the fix named.
        const int requestsBefore = server.requestCount();
        QVERIFY(QFile::setPermissions(m_tokenFile,
                                      QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                          | QFileDevice::ReadOther));
        const CliRun exposed = sources({QStringLiteral("test"), QStringLiteral("LOOP")});
        QCOMPARE(exposed.exitCode, 2);
        QVERIFY2(exposed.err.contains(m_tokenFile.toUtf8()) && exposed.err.contains("mode 0644")
                     && exposed.err.contains("chmod 600"),
                 exposed.err.constData());
        QVERIFY(!exposed.err.contains(token) && !exposed.out.contains(token));
        QCOMPARE(server.requestCount(), requestsBefore);
    }

    // TLS: an unknown CA fails; --ca-file trusts it; --insecure skips the check (and says so).
    void testTlsOptions()
    {
        QString error;
        const auto pki = testsupport::makeTestPki(m_dir->path(), &error);
        QVERIFY2(pki.has_value(), qPrintable(QStringLiteral("no test PKI (openssl is a test dependency): ") + error));
        testsupport::ScriptedHttpServer server;
        QVERIFY2(server.start(testsupport::TlsServerConfig{pki->serverCert, pki->serverKey, {}, false}, &error),
                 qPrintable(error));
        const QString url = server.url(QStringLiteral("/obs"));
        const QStringList add{QStringLiteral("add"), QStringLiteral("TLS"), QStringLiteral("--base-url"), url,
                              QStringLiteral("--force")};
        QCOMPARE(sources(add).exitCode, 0);
        const CliRun untrusted = sources({QStringLiteral("test"), QStringLiteral("TLS")});
        QCOMPARE(untrusted.exitCode, 2);
        QVERIFY2(untrusted.err.contains(url.toUtf8()), untrusted.err.constData());

        server.enqueue(testsupport::ScriptedResponse::ok("HST\n"));
        QCOMPARE(sources(add + QStringList{QStringLiteral("--ca-file"), pki->caCert}).exitCode, 0);
        const CliRun trusted = sources({QStringLiteral("test"), QStringLiteral("TLS")});
        QVERIFY2(trusted.exitCode == 0, qPrintable(failure(trusted)));
        QVERIFY(trusted.out.contains("1 collection(s): HST"));

        server.enqueue(testsupport::ScriptedResponse::ok("HST\n"));
        QCOMPARE(sources(add + QStringList{QStringLiteral("--insecure")}).exitCode, 0);
        const CliRun insecure = sources({QStringLiteral("test"), QStringLiteral("TLS")});
        QVERIFY2(insecure.exitCode == 0, qPrintable(failure(insecure)));
        QVERIFY(insecure.err.contains("TLS verification is off"));
    }

    // Credentials other than a token file: a certificate PEM goes to the TLS handshake (the server sees the
    // client's CN), a token in an environment variable goes as the bearer token, and an unset variable fails
    // before anything is sent, naming the variable.
    void testCertificateAndEnvironmentToken()
    {
        QString error;
        const auto pki = testsupport::makeTestPki(m_dir->path(), &error);
        QVERIFY2(pki.has_value(), qPrintable(QStringLiteral("no test PKI (openssl is a test dependency): ") + error));
        testsupport::ScriptedHttpServer server;
        QVERIFY2(
            server.start(testsupport::TlsServerConfig{pki->serverCert, pki->serverKey, pki->caCert, false}, &error),
            qPrintable(error));
        server.enqueue(testsupport::ScriptedResponse::ok("HST\n"));
        QCOMPARE(sources({QStringLiteral("add"), QStringLiteral("CERT"), QStringLiteral("--base-url"),
                          server.url(QStringLiteral("/obs")), QStringLiteral("--cert"), pki->clientPem,
                          QStringLiteral("--ca-file"), pki->caCert})
                     .exitCode,
                 0);
        const CliRun withCert = sources({QStringLiteral("test"), QStringLiteral("CERT")});
        QVERIFY2(withCert.exitCode == 0, qPrintable(failure(withCert)));
        QVERIFY(withCert.out.contains("access        certificate"));
        QCOMPARE(server.requests().at(0).clientCertCommonName, QStringLiteral("mirror-test-client"));

        testsupport::ScriptedHttpServer plain;
        QVERIFY2(plain.start(std::nullopt, &error), qPrintable(error));
        plain.enqueue(testsupport::ScriptedResponse::ok("HST\n"));
        QCOMPARE(sources({QStringLiteral("add"), QStringLiteral("ENV"), QStringLiteral("--base-url"),
                          plain.url(QStringLiteral("/obs")), QStringLiteral("--token-env"),
                          QStringLiteral("CLI_SOURCES_TEST_TOKEN")})
                     .exitCode,
                 0);
        qunsetenv("CLI_SOURCES_TEST_TOKEN");
        const CliRun unset = sources({QStringLiteral("test"), QStringLiteral("ENV")});
        QCOMPARE(unset.exitCode, 2);
        QVERIFY2(unset.err.contains("CLI_SOURCES_TEST_TOKEN is not set"), unset.err.constData());
        QCOMPARE(plain.requestCount(), 0);
        qputenv("CLI_SOURCES_TEST_TOKEN", token);
        const CliRun set = sources({QStringLiteral("test"), QStringLiteral("ENV")});
        qunsetenv("CLI_SOURCES_TEST_TOKEN");
        QVERIFY2(set.exitCode == 0, qPrintable(failure(set)));
        QCOMPARE(plain.requests().at(0).header("authorization"), QByteArray("Bearer " + token));
        QVERIFY(!set.out.contains(token) && !set.err.contains(token));
    }

    // The real thing: our own `serve` over a generated store, reached through its capabilities document.
    void testAgainstServe()
    {
        const QString store = m_dir->filePath(QStringLiteral("partner.sqlite"));
        const CliRun generated = testsupport::runCaomSync({QStringLiteral("generate"), QStringLiteral("--store"), store,
                                                           QStringLiteral("--collection"), QStringLiteral("HST"),
                                                           QStringLiteral("--count"), QStringLiteral("3")});
        QVERIFY2(generated.exitCode == 0, qPrintable(failure(generated)));
        testsupport::BackgroundProgram serve;
        const QString capabilities = testsupport::startServe(serve, store);
        QVERIFY2(!capabilities.isEmpty(), qPrintable(serve.error()));
        QCOMPARE(sources({QStringLiteral("add"), QStringLiteral("SELF"), QStringLiteral("--capabilities"), capabilities,
                          QStringLiteral("--collection"), QStringLiteral("HST")})
                     .exitCode,
                 0);
        const CliRun tested = sources({QStringLiteral("test"), QStringLiteral("SELF")});
        QVERIFY2(tested.exitCode == 0, qPrintable(failure(tested)));
        QVERIFY2(tested.out.contains("1 collection(s): HST") && tested.out.contains("CAOM 2.4"),
                 tested.out.constData());
    }

    // An operator's Ctrl-C while the partner does not answer: exit 3 (cancelled) at once, not death by signal
    // and not a wait for the timeout. The listener never accepts, so the request hangs after connecting.
    void testCancelledBySignal_data()
    {
        QTest::addColumn<int>("signalNumber");
        QTest::newRow("SIGINT") << SIGINT;
        QTest::newRow("SIGTERM") << SIGTERM;
    }

    void testCancelledBySignal()
    {
        QFETCH(int, signalNumber);
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        const QString url = QStringLiteral("http://127.0.0.1:%1/caps").arg(silent.serverPort());
        QCOMPARE(sources({QStringLiteral("add"), QStringLiteral("SILENT"), QStringLiteral("--capabilities"), url,
                          QStringLiteral("--request-timeout"), QStringLiteral("600")})
                     .exitCode,
                 0);
        QProcess process;
        process.start(QStringLiteral(MIRROR_CAOM_SYNC),
                      {QStringLiteral("sources"), QStringLiteral("test"), QStringLiteral("SILENT")});
        QVERIFY(process.waitForStarted());
        QVERIFY2(silent.waitForNewConnection(30000), "caom-sync never connected"); // it is now waiting
        QTest::qWait(200); // the request is written and curl is waiting for an answer
        QCOMPARE(::kill(pid_t(process.processId()), signalNumber), 0);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 3);
        QVERIFY(process.readAllStandardError().contains("cancelled"));
    }

    // An operator moving from icewind: the source is added from icewind.properties, what has no counterpart is
    // listed, the database password goes nowhere, --dry-run saves nothing, and a replacement that would restart
    // harvests needs --force as `add` does.
    void importIcewindConfiguration()
    {
        const QString properties = m_dir->filePath(QStringLiteral("icewind.properties"));
        const auto writeProperties = [&](const QByteArray &service) {
            QFile file(properties);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write("org.opencadc.icewind.repoService=" + service
                       + "\n"
                         "org.opencadc.icewind.collection=HST\n"
                         "org.opencadc.icewind.maxIdle=600\n"
                         "org.opencadc.icewind.caom.url=jdbc:postgresql://db.example.org/mirror\n"
                         "org.opencadc.icewind.caom.password="
                       + token + "\n");
        };
        writeProperties("ivo://cadc.nrc.ca/ams");

        const CliRun dry = sources({QStringLiteral("import-icewind"), properties, QStringLiteral("--dry-run")});
        QVERIFY2(dry.exitCode == 0, qPrintable(failure(dry)));
        QVERIFY(dry.out.contains("nothing saved"));
        QVERIFY(!QFile::exists(settingsPath()) || !settingsContent().contains("CADC"));

        const CliRun saved = sources({QStringLiteral("import-icewind"), properties});
        QVERIFY2(saved.exitCode == 0, qPrintable(failure(saved)));
        QVERIFY(saved.out.contains("added CADC"));
        QVERIFY(saved.out.contains("Not carried over"));
        QVERIFY(saved.out.contains("maxIdle"));
        for (const QByteArray &text : {saved.out, saved.err, dry.out, dry.err, settingsContent()})
            QVERIFY2(!text.contains(token), text.constData());
        const CliRun listed = sources({QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY(listed.out.contains("ivo://cadc.nrc.ca/ams"));
        QVERIFY(listed.out.contains("HST"));

        // The same name from another service restarts its harvests: refused unless --force.
        writeProperties("ivo://other.example.org/repo");
        const CliRun refused =
            sources({QStringLiteral("import-icewind"), properties, QStringLiteral("--name"), QStringLiteral("CADC")});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("--force"), qPrintable(failure(refused)));
        QVERIFY(settingsContent().contains("cadc.nrc.ca"));

        // A file that names no service: exit 2, naming the file.
        const QString empty = m_dir->filePath(QStringLiteral("empty.properties"));
        QFile file(empty);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("org.opencadc.icewind.collection=HST\n");
        file.close();
        const CliRun unusable = sources({QStringLiteral("import-icewind"), empty});
        QCOMPARE(unusable.exitCode, 2);
        QVERIFY2(unusable.err.contains("empty.properties"), qPrintable(failure(unusable)));
    }

private:
    QString settingsPath() const { return m_dir->filePath(QStringLiteral("config/caom-mirror/settings.ini")); }
    QByteArray settingsContent() const
    {
        QFile file(settingsPath());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_tokenFile;
};

QTEST_GUILESS_MAIN(TestCliSources)
#include "tst_cli_sources.moc"
