// Paging a listing the way the reference should have (spec caom2-sync.md §1.8): against a scripted server
// we see exactly which requests the lister makes and prove no row is lost or doubled at page boundaries,
// ties larger than a page end, a silently capped server is paged past, and a cut page is read again.
#include "scripted_http_server.h"

#include "net/repository_client.h"
#include "sync/state_lister.h"

#include <QTest>
#include <QUrlQuery>

using namespace harvest;
using namespace testsupport;

namespace {

QByteArray row(const char *id, const char *time)
{
    return QByteArray("HST\t") + id + "\t" + time + "\tmd5:00000000000000000000000000000000\n";
}

struct Listing {
    ScriptedHttpServer server;
    std::unique_ptr<net::RepositoryClient> client;
    JobControl control;

    void start()
    {
        QVERIFY(server.start());
        net::ServiceEndpoints endpoints;
        endpoints.observationsUrl = server.urlString(QStringLiteral("/obs"));
        net::HttpOptions http;
        http.retry.maxAttempts = 1;
        client = std::make_unique<net::RepositoryClient>(endpoints, http);
    }

    std::vector<std::string> run(int pageSize, mirror::Error *error = nullptr)
    {
        ListingWindow window;
        window.collection = "HST";
        window.pageSize = pageSize;
        window.serverCap = 1000;
        StateLister lister(*client, window, control);
        std::vector<std::string> ids;
        auto listed = lister.run([&](std::vector<net::StateRow> &&page) {
            for (const auto &r : page)
                ids.push_back(r.observationID);
            return true;
        });
        if (!listed && error)
            *error = listed.error();
        if (!listed && !error)
            qWarning("%s", listed.error().message.c_str());
        return ids;
    }

    QString parameter(int request, const char *name) const
    {
        const QByteArray target = server.requests().at(request).target;
        return QUrlQuery(QUrl(QString::fromLatin1(target)).query())
            .queryItemValue(QString::fromLatin1(name), QUrl::FullyDecoded);
    }
};

} // namespace

class TestStateLister : public QObject {
    Q_OBJECT

private slots:
    // Two rows share the boundary timestamp: the second page repeats one, which is dropped; the third
    // request brings nothing new and ends the listing.
    void boundaryRowsNeitherLostNorDoubled()
    {
        Listing l;
        l.start();
        l.server.enqueue(ScriptedResponse::ok(row("a", "2024-01-01T00:00:00.000") + row("b", "2024-01-01T00:00:01.000")
                                              + row("c", "2024-01-01T00:00:01.000")));
        l.server.enqueue(ScriptedResponse::ok(row("b", "2024-01-01T00:00:01.000") + row("c", "2024-01-01T00:00:01.000")
                                              + row("d", "2024-01-01T00:00:01.000")));
        l.server.enqueue(ScriptedResponse::ok(row("b", "2024-01-01T00:00:01.000") + row("c", "2024-01-01T00:00:01.000")
                                              + row("d", "2024-01-01T00:00:01.000")));
        l.server.enqueue(ScriptedResponse::ok(row("b", "2024-01-01T00:00:01.000") + row("c", "2024-01-01T00:00:01.000")
                                              + row("d", "2024-01-01T00:00:01.000")
                                              + row("e", "2024-01-01T00:00:01.000")));
        l.server.enqueue(ScriptedResponse::ok({})); // after that instant: nothing
        mirror::Error error;
        const auto ids = l.run(3, &error);
        QVERIFY2(error.message.empty(), error.message.c_str());
        QCOMPARE(ids, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
        QCOMPARE(l.server.requestCount(), 5);
        QCOMPARE(l.parameter(4, "start"), QStringLiteral("2024-01-01T00:00:01.001"));
        QCOMPARE(l.parameter(0, "maxrec"), QStringLiteral("3"));
        QVERIFY(l.parameter(0, "start").isEmpty());
        QCOMPARE(l.parameter(1, "start"), QStringLiteral("2024-01-01T00:00:01.000"));
        // Page 3 held only rows already seen, at one instant, as many as a page: the lister read that
        // instant whole (start = end = it, the server's cap) instead of looping.
        QCOMPARE(l.parameter(3, "start"), QStringLiteral("2024-01-01T00:00:01.000"));
        QCOMPARE(l.parameter(3, "end"), QStringLiteral("2024-01-01T00:00:01.000"));
        QCOMPARE(l.parameter(3, "maxrec"), QStringLiteral("1000"));
    }

    // A server that caps pages below what was asked (2 of 5) is paged past, not taken for finished.
    void silentlyCappedServerIsPagedPast()
    {
        Listing l;
        l.start();
        l.server.enqueue(
            ScriptedResponse::ok(row("a", "2024-01-01T00:00:00.000") + row("b", "2024-01-01T00:00:00.001")));
        l.server.enqueue(
            ScriptedResponse::ok(row("b", "2024-01-01T00:00:00.001") + row("c", "2024-01-01T00:00:00.002")));
        l.server.enqueue(ScriptedResponse::ok(row("c", "2024-01-01T00:00:00.002")));
        mirror::Error error;
        const auto ids = l.run(5, &error);
        QVERIFY2(error.message.empty(), error.message.c_str());
        QCOMPARE(ids, (std::vector<std::string>{"a", "b", "c"}));
        QCOMPARE(l.server.requestCount(), 3);
    }

    // A server that ignores `start` sends the same rows for every page: they are handed over once and the
    // listing ends, instead of paging forever (found by tst_hostile_network).
    void serverIgnoringStartIsNotPagedForever()
    {
        Listing l;
        l.start();
        const QByteArray same = row("a", "2024-01-01T00:00:00.000") + row("b", "2024-01-01T00:00:00.001")
            + row("c", "2024-01-01T00:00:00.002");
        for (int i = 0; i < 4; ++i)
            l.server.enqueue(ScriptedResponse::ok(same));
        mirror::Error error;
        const auto ids = l.run(5, &error);
        QVERIFY2(error.message.empty(), error.message.c_str());
        QCOMPARE(ids, (std::vector<std::string>{"a", "b", "c"}));
        QCOMPARE(l.server.requestCount(), 2);
        QCOMPARE(l.parameter(1, "start"), QStringLiteral("2024-01-01T00:00:00.002"));
    }

    // A page holding more rows than asked for (maxrec) is a listing that may never end: refused at the first
    // row past the limit, nothing of it handed over, not read again.
    void pageLongerThanAskedIsRefused()
    {
        Listing l;
        l.start();
        l.server.enqueue(ScriptedResponse::ok(row("a", "2024-01-01T00:00:00.000") + row("b", "2024-01-01T00:00:00.001")
                                              + row("c", "2024-01-01T00:00:00.002")));
        mirror::Error error;
        const auto ids = l.run(2, &error);
        QVERIFY(ids.empty());
        QCOMPARE(error.category, mirror::ErrorCategory::Fatal);
        QVERIFY2(error.message.find("more rows than the 2 asked for") != std::string::npos, error.message.c_str());
        QVERIFY2(error.message.find("127.0.0.1") != std::string::npos, error.message.c_str());
        QCOMPARE(l.server.requestCount(), 1);
    }

    // A page cut mid-line is read again; its complete rows are not handed over twice.
    void cutPageIsReadAgain()
    {
        Listing l;
        l.start();
        ScriptedResponse cut =
            ScriptedResponse::ok(row("a", "2024-01-01T00:00:00.000") + row("b", "2024-01-01T00:00:00.001"));
        cut.cutAfter = row("a", "2024-01-01T00:00:00.000").size() + 10;
        l.server.enqueue(cut);
        l.server.enqueue(
            ScriptedResponse::ok(row("a", "2024-01-01T00:00:00.000") + row("b", "2024-01-01T00:00:00.001")));
        l.server.enqueue(ScriptedResponse::ok(row("b", "2024-01-01T00:00:00.001")));
        mirror::Error error;
        const auto ids = l.run(10, &error);
        QVERIFY2(error.message.empty(), error.message.c_str());
        QCOMPARE(ids, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(l.server.requestCount(), 3);
    }

    // Every attempt cut: a Transient error after the configured attempts, no row handed over.
    void persistentlyCutListingFails()
    {
        Listing l;
        l.start();
        for (int i = 0; i < 3; ++i) {
            ScriptedResponse cut =
                ScriptedResponse::ok(row("a", "2024-01-01T00:00:00.000") + row("b", "2024-01-01T00:00:00.001"));
            cut.cutAfter = 30;
            l.server.enqueue(cut);
        }
        mirror::Error error;
        const auto ids = l.run(10, &error);
        QVERIFY(ids.empty());
        QCOMPARE(error.category, mirror::ErrorCategory::Transient);
        QVERIFY2(QString::fromStdString(error.message).contains(QLatin1String("cut short")), error.message.c_str());
        QCOMPARE(l.server.requestCount(), 3);
    }
};

QTEST_GUILESS_MAIN(TestStateLister)
#include "tst_statelister.moc"
