#include "net/http_client.h"
#include "net/retry_delay.h"
#include "scripted_http_server.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QMutex>
#include <QProcess>
#include <QTest>

#include <thread>

using namespace std::chrono_literals;
using mirror::ErrorCategory;
using testsupport::ScriptedHttpServer;
using testsupport::ScriptedResponse;

Q_DECLARE_METATYPE(mirror::ErrorCategory)

namespace {

// Every message any category logs while a test runs, so a test can prove what never reaches a log.
QMutex logMutex;
QStringList capturedLog;
QtMessageHandler previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&logMutex);
        capturedLog.append(message);
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

// Fast retries so tests spend their time on behaviour, not on waiting.
net::HttpOptions quickOptions()
{
    net::HttpOptions options;
    options.retry.initialDelay = 20ms;
    options.retry.maxDelay = 100ms;
    options.retry.jitter = 0.0;
    options.retry.seed = 42;
    options.connectTimeout = 5s;
    options.totalTimeout = 20s;
    return options;
}

net::HttpRequest get(const std::string &url)
{
    net::HttpRequest request;
    request.url = url;
    return request;
}

QByteArray gzip(const QByteArray &data)
{
    QProcess process;
    process.start(QStringLiteral("gzip"), {QStringLiteral("-c"), QStringLiteral("-n")});
    process.write(data);
    process.closeWriteChannel();
    process.waitForFinished(30000);
    return process.readAllStandardOutput();
}

QByteArray bigBody(int size)
{
    QByteArray body;
    body.reserve(size);
    for (int i = 0; i < size; ++i)
        body.append(static_cast<char>('a' + i % 26));
    return body;
}

} // namespace

class TestHttpClient : public QObject {
    Q_OBJECT

private:
    ScriptedHttpServer *m_server = nullptr;

private slots:
    void initTestCase()
    {
        net::initialiseHttp();
        QLoggingCategory::setFilterRules(QStringLiteral("mirror.net.http.debug=true"));
        previousHandler = qInstallMessageHandler(captureMessage);
    }

    void cleanupTestCase() { qInstallMessageHandler(previousHandler); }

    void init()
    {
        m_server = new ScriptedHttpServer;
        QString error;
        QVERIFY2(m_server->start(std::nullopt, &error), qPrintable(error));
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void getWithoutSinkCollectsBody()
    {
        m_server->enqueue(ScriptedResponse::ok("hello world", "text/plain"));
        net::HttpClient client(quickOptions());
        const auto response = client.perform(get(m_server->urlString(QStringLiteral("/obs/HST?x=1"))));
        QVERIFY2(response, response ? "" : response.error().message.c_str());
        QCOMPARE(response->status, 200L);
        QCOMPARE(response->body, std::string("hello world"));
        QCOMPARE(response->bodyBytes, 11);
        QCOMPARE(response->contentLength, std::optional<std::int64_t>(11));
        QCOMPARE(response->header("CONTENT-TYPE"), std::optional<std::string>("text/plain"));
        QCOMPARE(response->httpVersion, std::string("1.1"));
        QCOMPARE(response->attempts, 1);
        QCOMPARE(response->effectiveUrl, m_server->urlString(QStringLiteral("/obs/HST?x=1")));
        for (const auto &[name, value] : response->headers)
            QCOMPARE(QString::fromStdString(name), QString::fromStdString(name).toLower());
        const auto requests = m_server->requests();
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests[0].method, QByteArray("GET"));
        QCOMPARE(requests[0].target, QByteArray("/obs/HST?x=1"));
        QCOMPARE(requests[0].header("user-agent"), QByteArray("caom-mirror"));
    }

    void getWithSinkStreamsBody()
    {
        const QByteArray body = bigBody(300000);
        ScriptedResponse chunked = ScriptedResponse::ok(body);
        chunked.framing = ScriptedResponse::Framing::Chunked;
        m_server->enqueue(chunked);
        net::HttpClient client(quickOptions());
        std::string received;
        int calls = 0;
        const auto response =
            client.perform(get(m_server->urlString(QStringLiteral("/big"))), [&](const char *data, std::size_t size) {
                received.append(data, size);
                ++calls;
                return true;
            });
        QVERIFY(response);
        QCOMPARE(response->status, 200L);
        QVERIFY(response->body.empty()); // it went to the sink
        QCOMPARE(QByteArray::fromStdString(received), body);
        QCOMPARE(response->bodyBytes, body.size());
        QVERIFY(calls > 1); // delivered as it arrived, not in one piece at the end
    }

    void connectionIsReused()
    {
        m_server->enqueue({ScriptedResponse::ok("1"), ScriptedResponse::ok("2"), ScriptedResponse::ok("3")});
        net::HttpClient client(quickOptions());
        for (const char *expected : {"1", "2", "3"}) {
            const auto response = client.perform(get(m_server->urlString(QStringLiteral("/r"))));
            QVERIFY(response);
            QCOMPARE(response->body, std::string(expected));
        }
        QCOMPARE(m_server->requestCount(), 3);
        QCOMPARE(m_server->connectionCount(), 1);
    }

    void gzipIsDecoded()
    {
        const QByteArray plain = bigBody(5000);
        const QByteArray packed = gzip(plain);
        QVERIFY(!packed.isEmpty() && packed.size() < plain.size());
        ScriptedResponse response = ScriptedResponse::ok(packed);
        response.addHeader("Content-Encoding", "gzip");
        m_server->enqueue(response);
        net::HttpClient client(quickOptions());
        const auto result = client.perform(get(m_server->urlString(QStringLiteral("/z"))));
        QVERIFY(result);
        QCOMPARE(QByteArray::fromStdString(result->body), plain);
        QVERIFY(m_server->requests().value(0).header("accept-encoding").contains("gzip"));
    }

    // The hostile-input catalogue's compression bomb: a gzip body inflating more than a thousandfold is
    // abandoned once the decoded bytes pass the request's limit, and not fetched again; under the limit the
    // same answer arrives whole (so it is the limit that stops it, not the encoding).
    void gzipBombStopsAtTheBodyLimit()
    {
        const QByteArray plain(8 << 20, '\0');
        const QByteArray packed = gzip(plain);
        QVERIFY2(!packed.isEmpty() && packed.size() * 1000 < plain.size(), "the body does not inflate a thousandfold");
        ScriptedResponse bomb = ScriptedResponse::ok(packed);
        bomb.addHeader("Content-Encoding", "gzip");
        m_server->enqueue({bomb, bomb});
        net::HttpClient client(quickOptions());

        net::HttpRequest limited = get(m_server->urlString(QStringLiteral("/bomb")));
        limited.maxBodyBytes = 1 << 20;
        const auto refused = client.perform(limited);
        QVERIFY(!refused);
        QCOMPARE(refused.error().category, ErrorCategory::PerItem);
        const QString message = QString::fromStdString(refused.error().message);
        QVERIFY2(message.contains(QStringLiteral("larger than 1048576 bytes")), qPrintable(message));
        QVERIFY2(message.contains(m_server->url(QStringLiteral("/bomb"))), qPrintable(message));
        QCOMPARE(m_server->requestCount(), 1);

        limited.maxBodyBytes = 16 << 20;
        const auto whole = client.perform(limited);
        QVERIFY(whole);
        QCOMPARE(whole->body.size(), std::size_t(plain.size()));
    }

    // A redirect may lead to another host, never to another protocol: file: (or anything but http and https)
    // is refused, and nothing of the local file reaches the caller.
    void redirectToFileIsRefused()
    {
        ScriptedResponse moved = ScriptedResponse::withStatus(302, "moved");
        moved.addHeader("Location", "file:///etc/hostname");
        m_server->enqueue(moved);
        net::HttpClient client(quickOptions());
        std::string received;
        const auto response =
            client.perform(get(m_server->urlString(QStringLiteral("/moved"))), [&](const char *data, std::size_t size) {
                received.append(data, size);
                return true;
            });
        QVERIFY(!response);
        QVERIFY(received.empty());
        QCOMPARE(m_server->requestCount(), 1);
    }

    void retryAfterIsHonoured()
    {
        ScriptedResponse busy = ScriptedResponse::withStatus(503, "busy");
        busy.addHeader("Retry-After", "1");
        m_server->enqueue({busy, ScriptedResponse::ok("done")});
        net::HttpClient client(quickOptions()); // back-off alone would wait 20 ms
        QElapsedTimer timer;
        timer.start();
        const auto response = client.perform(get(m_server->urlString(QStringLiteral("/later"))));
        QVERIFY(response);
        QCOMPARE(response->status, 200L);
        QCOMPARE(response->attempts, 2);
        QCOMPARE(response->body, std::string("done"));
        QVERIFY2(timer.elapsed() >= 1000, qPrintable(QString::number(timer.elapsed())));
    }

    void exhaustedRetriesReturnTheLastAnswer()
    {
        for (int i = 0; i < 3; ++i)
            m_server->enqueue(ScriptedResponse::withStatus(503, "still busy"));
        auto options = quickOptions();
        options.retry.maxAttempts = 3;
        net::HttpClient client(options);
        const auto response = client.perform(get(m_server->urlString(QStringLiteral("/busy"))));
        QVERIFY(response);
        QCOMPARE(response->status, 503L);
        QCOMPARE(response->attempts, 3);
        QCOMPARE(response->body, std::string("still busy"));
        QCOMPARE(m_server->requestCount(), 3);
        const mirror::Error error = net::statusError(*response, "listing HST");
        QCOMPARE(error.category, ErrorCategory::Transient);
        QVERIFY(QString::fromStdString(error.message).contains(QStringLiteral("still busy")));
    }

    void serverErrorBacksOff()
    {
        m_server->enqueue(
            {ScriptedResponse::withStatus(500), ScriptedResponse::withStatus(502), ScriptedResponse::ok("fine")});
        auto options = quickOptions();
        options.retry.initialDelay = 100ms;
        options.retry.maxDelay = 1000ms;
        net::HttpClient client(options);
        QElapsedTimer timer;
        timer.start();
        const auto response = client.perform(get(m_server->urlString(QStringLiteral("/flaky"))));
        QVERIFY(response);
        QCOMPARE(response->status, 200L);
        QCOMPARE(response->attempts, 3);
        QVERIFY(timer.elapsed() >= 300); // 100 ms, then 200 ms
    }

    void backoffDoublesUpToTheCapWithBoundedJitter()
    {
        net::RetryPolicy policy;
        policy.initialDelay = 100ms;
        policy.maxDelay = 1000ms;
        policy.jitter = 0.0;
        std::mt19937_64 random(1);
        QCOMPARE(net::detail::backoffDelay(policy, 1, random), 100ms);
        QCOMPARE(net::detail::backoffDelay(policy, 2, random), 200ms);
        QCOMPARE(net::detail::backoffDelay(policy, 4, random), 800ms);
        QCOMPARE(net::detail::backoffDelay(policy, 5, random), 1000ms);
        QCOMPARE(net::detail::backoffDelay(policy, 60, random), 1000ms);
        policy.jitter = 0.2;
        std::mt19937_64 first(7), second(7);
        for (int attempt = 1; attempt <= 6; ++attempt) {
            const auto delay = net::detail::backoffDelay(policy, attempt, first);
            QCOMPARE(net::detail::backoffDelay(policy, attempt, second), delay); // same seed, same delays
            const auto base = std::min<std::int64_t>(1000, 100LL << (attempt - 1));
            QVERIFY(delay.count() >= base * 8 / 10 && delay.count() <= base * 12 / 10);
        }
    }

    // The client's running count of tries made again, which runs report: retried statuses and bodies cut short
    // are counted, requests that end in failure included, and what is not retried is not.
    void retriesAreCountedAcrossRequests()
    {
        ScriptedResponse cut = ScriptedResponse::ok(bigBody(1000));
        cut.cutAfter = 10;
        m_server->enqueue({ScriptedResponse::withStatus(503), ScriptedResponse::withStatus(500),
                           ScriptedResponse::ok("first"),       // 2 retries
                           cut, cut, cut,                       // 2, then fails
                           ScriptedResponse::withStatus(404)}); // none
        auto options = quickOptions();
        options.retry.maxAttempts = 3;
        net::HttpClient client(options);
        QCOMPARE(client.retries(), 0);
        QVERIFY(client.perform(get(m_server->urlString(QStringLiteral("/one")))));
        QCOMPARE(client.retries(), 2);
        QVERIFY(!client.perform(get(m_server->urlString(QStringLiteral("/two")))));
        QCOMPARE(client.retries(), 4);
        const auto missing = client.perform(get(m_server->urlString(QStringLiteral("/three"))));
        QVERIFY(missing && missing->status == 404);
        QCOMPARE(client.retries(), 4);
        QCOMPARE(m_server->requestCount(), 7);
    }

    void notFoundIsNotRetried()
    {
        m_server->enqueue({ScriptedResponse::withStatus(404, "no such observation\nmore"), ScriptedResponse::ok("x")});
        net::HttpClient client(quickOptions());
        const auto response = client.perform(get(m_server->urlString(QStringLiteral("/missing"))));
        QVERIFY(response);
        QCOMPARE(response->status, 404L);
        QCOMPARE(response->attempts, 1);
        QCOMPARE(m_server->requestCount(), 1);
        const mirror::Error error = net::statusError(*response, "observation HST/x");
        QCOMPARE(error.category, ErrorCategory::PerItem);
        QCOMPARE(error.message, std::string("observation HST/x: HTTP 404 not found: no such observation"));
    }

    void errorBodiesAreCapped()
    {
        m_server->enqueue(ScriptedResponse::withStatus(400, bigBody(100000)));
        net::HttpClient client(quickOptions());
        std::size_t sinkBytes = 0;
        const auto response =
            client.perform(get(m_server->urlString(QStringLiteral("/bad"))), [&](const char *, std::size_t size) {
                sinkBytes += size;
                return true;
            });
        QVERIFY(response);
        QCOMPARE(response->status, 400L);
        QCOMPARE(sinkBytes, std::size_t(0)); // a non-2xx body never reaches the sink
        QCOMPARE(response->body.size(), std::size_t(64 * 1024));
    }

    void redirectBodyNeverReachesTheSink()
    {
        ScriptedResponse moved = ScriptedResponse::withStatus(302, "redirect text");
        moved.addHeader("Location", "/final");
        m_server->enqueue({moved, ScriptedResponse::ok("final body")});
        net::HttpClient client(quickOptions());
        std::string received;
        const auto response =
            client.perform(get(m_server->urlString(QStringLiteral("/start"))), [&](const char *data, std::size_t size) {
                received.append(data, size);
                return true;
            });
        QVERIFY(response);
        QCOMPARE(response->status, 200L);
        QCOMPARE(received, std::string("final body"));
        QCOMPARE(response->effectiveUrl, m_server->urlString(QStringLiteral("/final")));
        QVERIFY(!response->header("location")); // headers of the final answer only
    }

    void bodyCutShortAfterSinkIsNotRetried()
    {
        ScriptedResponse cut = ScriptedResponse::ok(bigBody(1000));
        cut.cutAfter = 100;
        m_server->enqueue({cut, ScriptedResponse::ok(bigBody(1000))});
        net::HttpClient client(quickOptions());
        std::size_t received = 0;
        const auto response =
            client.perform(get(m_server->urlString(QStringLiteral("/cut"))), [&](const char *, std::size_t size) {
                received += size;
                return true;
            });
        QVERIFY(!response);
        QCOMPARE(response.error().category, ErrorCategory::Transient);
        const QString message = QString::fromStdString(response.error().message);
        QVERIFY2(message.contains(QStringLiteral("cut short after 100 bytes")), qPrintable(message));
        QVERIFY2(message.contains(m_server->url(QStringLiteral("/cut"))), qPrintable(message));
        QCOMPARE(received, std::size_t(100));
        QCOMPARE(m_server->requestCount(), 1); // the sink already holds bytes: no second attempt
    }

    void bodyCutShortWithoutSinkIsRetried()
    {
        ScriptedResponse cut = ScriptedResponse::ok(bigBody(1000));
        cut.cutAfter = 10;
        m_server->enqueue({cut, cut});
        auto options = quickOptions();
        options.retry.maxAttempts = 2;
        net::HttpClient client(options);
        const auto response = client.perform(get(m_server->urlString(QStringLiteral("/cut"))));
        QVERIFY(!response);
        QCOMPARE(response.error().category, ErrorCategory::Transient);
        QVERIFY(QString::fromStdString(response.error().message).contains(QStringLiteral("cut short")));
        QCOMPARE(m_server->requestCount(), 2);
    }

    void chunkedBodyWithoutTerminatorFails()
    {
        ScriptedResponse cut = ScriptedResponse::ok(bigBody(1000));
        cut.framing = ScriptedResponse::Framing::Chunked;
        cut.cutAfter = 500;
        m_server->enqueue(cut);
        auto options = quickOptions();
        options.retry.maxAttempts = 1;
        net::HttpClient client(options);
        const auto response = client.perform(get(m_server->urlString(QStringLiteral("/chunks"))));
        QVERIFY(!response);
        QCOMPARE(response.error().category, ErrorCategory::Transient);
        const QString message = QString::fromStdString(response.error().message);
        QVERIFY2(message.contains(QStringLiteral("cut short after 500 bytes")), qPrintable(message));
    }

    void resetBeforeHeadersIsRetried()
    {
        ScriptedResponse reset;
        reset.reset = true;
        m_server->enqueue({reset, ScriptedResponse::ok("after reset")});
        net::HttpClient client(quickOptions());
        const auto response = client.perform(get(m_server->urlString(QStringLiteral("/reset"))));
        QVERIFY2(response, response ? "" : response.error().message.c_str());
        QCOMPARE(response->body, std::string("after reset"));
        QCOMPARE(response->attempts, 2);
        QCOMPARE(m_server->connectionCount(), 2);
    }

    void refusedConnectionIsTransient()
    {
        quint16 port = 0;
        {
            ScriptedHttpServer closed;
            QVERIFY(closed.start());
            port = closed.port();
        } // nothing listens there any more
        auto options = quickOptions();
        options.retry.maxAttempts = 2;
        net::HttpClient client(options);
        const auto response = client.perform(get("http://127.0.0.1:" + std::to_string(port) + "/x"));
        QVERIFY(!response);
        QCOMPARE(response.error().category, ErrorCategory::Transient);
        QVERIFY(QString::fromStdString(response.error().message).contains(QStringLiteral("after 2 attempts")));
    }

    void timeoutIsTransientAndNamesTheUrl()
    {
        ScriptedResponse slow = ScriptedResponse::ok("late");
        slow.delayMs = 5000;
        m_server->enqueue(slow);
        auto options = quickOptions();
        options.totalTimeout = 300ms;
        options.retry.maxAttempts = 1;
        net::HttpClient client(options);
        const auto response = client.perform(get(m_server->urlString(QStringLiteral("/slow?page=2"))));
        QVERIFY(!response);
        QCOMPARE(response.error().category, ErrorCategory::Transient);
        const QString message = QString::fromStdString(response.error().message);
        QVERIFY2(message.contains(m_server->url(QStringLiteral("/slow?page=2"))), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("timed out")), qPrintable(message));
    }

    void cancelFromAnotherThread()
    {
        ScriptedResponse slow = ScriptedResponse::ok("late");
        slow.delayMs = 10000;
        m_server->enqueue(slow);
        net::HttpClient client(quickOptions());
        std::atomic<bool> cancelled{false};
        QElapsedTimer sinceCancel;
        std::thread canceller([&] {
            std::this_thread::sleep_for(300ms);
            sinceCancel.start();
            cancelled = true;
        });
        net::HttpRequest request = get(m_server->urlString(QStringLiteral("/wait")));
        request.cancelled = &cancelled;
        const auto response = client.perform(request);
        const qint64 latency = sinceCancel.elapsed();
        canceller.join();
        QVERIFY(!response);
        QCOMPARE(response.error().category, ErrorCategory::Cancelled);
        QVERIFY2(latency < 1000, qPrintable(QString::number(latency)));
    }

    void cancelDuringRetryWait()
    {
        ScriptedResponse busy = ScriptedResponse::withStatus(503);
        busy.addHeader("Retry-After", "60");
        m_server->enqueue(busy);
        net::HttpClient client(quickOptions());
        std::atomic<bool> cancelled{false};
        std::thread canceller([&] {
            while (m_server->requestCount() == 0)
                std::this_thread::sleep_for(10ms);
            cancelled = true;
        });
        net::HttpRequest request = get(m_server->urlString(QStringLiteral("/busy")));
        request.cancelled = &cancelled;
        const auto response = client.perform(request);
        canceller.join();
        QVERIFY(!response);
        QCOMPARE(response.error().category, ErrorCategory::Cancelled);
    }

    void sinkRefusalAbortsAsPerItem()
    {
        m_server->enqueue(ScriptedResponse::ok(bigBody(100000)));
        net::HttpClient client(quickOptions());
        const auto response = client.perform(get(m_server->urlString(QStringLiteral("/refuse"))),
                                             [](const char *, std::size_t) { return false; });
        QVERIFY(!response);
        QCOMPARE(response.error().category, ErrorCategory::PerItem);
        QVERIFY(QString::fromStdString(response.error().message).contains(QStringLiteral("aborted by the receiver")));
        QCOMPARE(m_server->requestCount(), 1);
    }

    void postSendsBodyAndHeaders()
    {
        m_server->enqueue(ScriptedResponse::ok("stored"));
        net::HttpClient client(quickOptions());
        net::HttpRequest request = get(m_server->urlString(QStringLiteral("/put")));
        request.method = "POST";
        request.body = "<doc/>";
        request.headers = {{"Content-Type", "text/xml"}};
        const auto response = client.perform(request);
        QVERIFY(response);
        const auto recorded = m_server->requests().value(0);
        QCOMPARE(recorded.method, QByteArray("POST"));
        QCOMPARE(recorded.body, QByteArray("<doc/>"));
        QCOMPARE(recorded.header("content-type"), QByteArray("text/xml"));
        QVERIFY(!recorded.hasHeader("expect"));
    }

    void bearerTokenIsSentButNeverShown()
    {
        const std::string token = "tok-SECRET-7f3a9";
        {
            QMutexLocker lock(&logMutex);
            capturedLog.clear();
        }
        ScriptedResponse moved = ScriptedResponse::withStatus(302);
        moved.addHeader("Location", m_server->url(QStringLiteral("/elsewhere"), QStringLiteral("localhost")).toUtf8());
        ScriptedResponse slow = ScriptedResponse::ok("late");
        slow.delayMs = 5000;
        m_server->enqueue({ScriptedResponse::ok("mine"), moved, ScriptedResponse::ok("other host"),
                           ScriptedResponse::withStatus(401, "bad token"), slow});
        auto options = quickOptions();
        options.bearerToken = token;
        options.totalTimeout = 300ms;
        options.retry.maxAttempts = 1;
        net::HttpClient client(options);

        QVERIFY(client.perform(get(m_server->urlString(QStringLiteral("/a")))));
        QVERIFY(client.perform(get(m_server->urlString(QStringLiteral("/redirect")))));
        const auto refused = client.perform(get(m_server->urlString(QStringLiteral("/b"))));
        QVERIFY(refused);
        const mirror::Error authError = net::statusError(*refused, "listing");
        QCOMPARE(authError.category, ErrorCategory::Auth);
        const auto timedOut = client.perform(get(m_server->urlString(QStringLiteral("/c"))));
        QVERIFY(!timedOut);

        const auto requests = m_server->requests();
        QCOMPARE(requests.size(), 5);
        QCOMPARE(requests[0].header("authorization"), QByteArray("Bearer ") + QByteArray::fromStdString(token));
        QCOMPARE(requests[1].header("authorization"), QByteArray("Bearer ") + QByteArray::fromStdString(token));
        QCOMPARE(requests[2].target, QByteArray("/elsewhere"));
        QVERIFY(requests[2].hasHeader("host") && requests[2].header("host").startsWith("localhost"));
        QVERIFY(!requests[2].hasHeader("authorization")); // a redirect to another host gets no credentials

        const QString secret = QString::fromStdString(token);
        QVERIFY(!QString::fromStdString(authError.describe()).contains(secret));
        QVERIFY(!QString::fromStdString(timedOut.error().describe()).contains(secret));
        QMutexLocker lock(&logMutex);
        QVERIFY(!capturedLog.isEmpty()); // the debug lines were written...
        for (const QString &line : std::as_const(capturedLog))
            QVERIFY2(!line.contains(secret), qPrintable(line)); // ...without the token
    }

    void statusErrorCategories_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<ErrorCategory>("category");
        QTest::newRow("401") << 401 << ErrorCategory::Auth;
        QTest::newRow("403") << 403 << ErrorCategory::Auth;
        QTest::newRow("404") << 404 << ErrorCategory::PerItem;
        QTest::newRow("400") << 400 << ErrorCategory::PerItem;
        QTest::newRow("410") << 410 << ErrorCategory::PerItem;
        QTest::newRow("408") << 408 << ErrorCategory::Transient;
        QTest::newRow("429") << 429 << ErrorCategory::Transient;
        QTest::newRow("500") << 500 << ErrorCategory::Transient;
        QTest::newRow("503") << 503 << ErrorCategory::Transient;
        QTest::newRow("507") << 507 << ErrorCategory::Transient;
    }

    void statusErrorCategories()
    {
        QFETCH(int, status);
        QFETCH(ErrorCategory, category);
        net::HttpResponse response;
        response.status = status;
        response.body = "  \n first line \r\nsecond line";
        const mirror::Error error = net::statusError(response, "thing");
        QCOMPARE(error.category, category);
        const QString message = QString::fromStdString(error.message);
        QVERIFY(message.startsWith(QStringLiteral("thing: HTTP ") + QString::number(status)));
        QVERIFY(message.endsWith(QStringLiteral(": first line")));
    }

    void parseRetryAfterForms()
    {
        const auto now = std::chrono::system_clock::from_time_t(784111747); // Sun, 06 Nov 1994 08:49:07 GMT
        QCOMPARE(net::parseRetryAfter("120", now), std::optional<std::chrono::milliseconds>(120s));
        QCOMPARE(net::parseRetryAfter(" 0 ", now), std::optional<std::chrono::milliseconds>(0s));
        QCOMPARE(net::parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now),
                 std::optional<std::chrono::milliseconds>(30s));
        QCOMPARE(net::parseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now),
                 std::optional<std::chrono::milliseconds>(30s));
        QCOMPARE(net::parseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", now),
                 std::optional<std::chrono::milliseconds>(0s)); // in the past: no wait
        QVERIFY(!net::parseRetryAfter("soon", now));
        QVERIFY(!net::parseRetryAfter("", now));
        QVERIFY(!net::parseRetryAfter("-5", now));
    }
};

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
