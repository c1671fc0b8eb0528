// The repository client's collection list: one answer gives the names and the partner's clock, a name that
// opens with a bare quote stays one name, and a cancel flag stops the request. A document whose compressed
// answer inflates past the reader's limit is refused as it arrives.
#include "net/repository_client.h"
#include "scripted_http_server.h"

#include "caom2/xml_reader.h"

#include <QProcess>
#include <QTest>

#include <atomic>
#include <thread>

using namespace testsupport;

class TestRepositoryClient : public QObject {
    Q_OBJECT

    std::unique_ptr<net::RepositoryClient> clientFor(const ScriptedHttpServer &server)
    {
        net::ServiceEndpoints endpoints;
        endpoints.observationsUrl = server.urlString(QStringLiteral("/obs"));
        net::HttpOptions http;
        http.retry.maxAttempts = 1;
        return std::make_unique<net::RepositoryClient>(endpoints, http);
    }

private slots:
    void initTestCase() { net::initialiseHttp(); }

    // The hostile-input catalogue's compression bomb for documents: about 70 kB on the wire, decoding to more
    // than the reader's 64 MiB limit. Refused for that observation alone (PerItem, naming it), without holding
    // the decoded bytes: the harvest records a skip and writes nothing for it.
    void inflatingDocumentIsRefused()
    {
        const QByteArray plain(qsizetype(caom2::ReadLimits{}.maxDocumentBytes) + 1024, '<');
        QProcess gzip;
        gzip.start(QStringLiteral("gzip"), {QStringLiteral("-c"), QStringLiteral("-n")});
        gzip.write(plain);
        gzip.closeWriteChannel();
        QVERIFY(gzip.waitForFinished(60000));
        const QByteArray packed = gzip.readAllStandardOutput();
        QVERIFY2(!packed.isEmpty() && packed.size() * 500 < plain.size(), "the document does not inflate enough");

        ScriptedHttpServer server;
        QVERIFY(server.start());
        server.enqueue(ScriptedResponse::ok(packed, "text/xml").addHeader("Content-Encoding", "gzip"));
        auto client = clientFor(server);
        const auto fetched = client->getObservation("HST", "bomb", nullptr);
        QVERIFY(!fetched);
        QCOMPARE(fetched.error().category, mirror::ErrorCategory::PerItem);
        const QString message = QString::fromStdString(fetched.error().message);
        QVERIFY2(message.contains(QStringLiteral("caom:HST/bomb")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("larger than")), qPrintable(message));
    }

    void collectionsAndClockFromOneAnswer()
    {
        ScriptedHttpServer server;
        QVERIFY(server.start());
        server.enqueue(ScriptedResponse::ok("\"odd\nHST\nJWST\n", "text/tab-separated-values; charset=utf-8")
                           .addHeader("Date", "Tue, 01 Dec 2026 10:00:00 GMT"));
        auto client = clientFor(server);
        auto listed = client->readCollections();
        QVERIFY2(listed.ok(), listed.ok() ? "" : listed.error().message.c_str());
        QCOMPARE(listed->names, (std::vector<std::string>{"\"odd", "HST", "JWST"}));
        QVERIFY(listed->serverDateMs.has_value());
        QCOMPARE(*listed->serverDateMs, qint64(1796119200000)); // 2026-12-01T10:00:00Z
        QCOMPARE(server.requestCount(), 1);
    }

    void cancelStopsTheRequest()
    {
        ScriptedHttpServer server;
        QVERIFY(server.start());
        ScriptedResponse slow = ScriptedResponse::ok("HST\n");
        slow.delayMs = 30000;
        server.enqueue(slow);
        auto client = clientFor(server);
        std::atomic<bool> cancelled{false};
        std::thread canceller([&] {
            QTest::qSleep(100);
            cancelled = true;
        });
        const auto listed = client->readCollections(&cancelled);
        canceller.join();
        QVERIFY(!listed.ok());
        QCOMPARE(listed.error().category, mirror::ErrorCategory::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestRepositoryClient)
#include "tst_repositoryclient.moc"
