// The repository client's collection list: one answer gives the names and the partner's clock, a name that
// opens with a bare quote stays one name, and a cancel flag stops the request.
#include "net/repository_client.h"
#include "scripted_http_server.h"

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
