#include "background_program.h"
#include "fault_proxy.h"
#include "http_message.h"
#include "scripted_http_server.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace testsupport;

// The fault proxy is only useful if every fault is exactly the one its rule names, and if runs with the same
// seed make the same decisions; these tests pin both at the byte level, against a scripted upstream.
namespace {

struct RawResult {
    QByteArray bytes; // everything received until the proxy closed (or the timeout)
    QAbstractSocket::SocketError error = QAbstractSocket::UnknownSocketError;
};

quint16 portOf(const QString &url)
{
    return static_cast<quint16>(QUrl(url).port());
}

QByteArray getRequest(const QByteArray &target, const QByteArray &extra = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

// Sends `request` and reads until the proxy closes the connection.
RawResult rawExchange(const QString &proxyUrl, const QByteArray &request, int timeoutMs = 10000)
{
    RawResult result;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, portOf(proxyUrl));
    if (!socket.waitForConnected(timeoutMs))
        return result;
    socket.write(request);
    QElapsedTimer timer;
    timer.start();
    while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < timeoutMs) {
        socket.waitForReadyRead(100);
        result.bytes += socket.readAll();
    }
    result.bytes += socket.readAll();
    result.error = socket.error();
    return result;
}

// Reads one complete response from a kept-alive connection.
HttpResponse readResponse(QTcpSocket &socket, bool head = false)
{
    ResponseReader reader(head);
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 10000) {
        if (reader.append(socket.readAll()) != ReadStatus::NeedMore)
            break;
        if (!socket.waitForReadyRead(100) && socket.state() != QAbstractSocket::ConnectedState)
            break;
    }
    return reader.response();
}

struct Reply {
    int status = 0;
    QByteArray body;
    QByteArray retryAfter;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
};

Reply get(const QString &url)
{
    QNetworkAccessManager manager;
    QNetworkReply *reply = manager.get(QNetworkRequest(QUrl(url)));
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 15000))
        qFatal("no reply from %s", qPrintable(url));
    Reply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.retryAfter = reply->rawHeader("Retry-After");
    out.error = reply->error();
    delete reply;
    return out;
}

QList<FaultRule> rules(const QStringList &specs)
{
    QString error;
    QList<FaultRule> parsed = parseFaultRules(specs, &error);
    if (!error.isEmpty())
        qFatal("bad rule in test: %s", qPrintable(error));
    return parsed;
}

const QByteArray caomDocument = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                "<caom2:Observation xmlns:caom2=\"http://www.opencadc.org/caom2/xml/v2.4\">\n"
                                "  <caom2:collection>TEST</caom2:collection>\n"
                                "  <caom2:algorithm><caom2:name>exposure</caom2:name></caom2:algorithm>\n"
                                "  <caom2:type>OBJECT</caom2:type>\n"
                                "</caom2:Observation>\n";

} // namespace

class TestFaultProxy : public QObject {
    Q_OBJECT

private:
    ScriptedHttpServer m_upstream;

    QString startProxy(FaultProxy &proxy, const QStringList &specs = {}, quint64 seed = 1)
    {
        proxy.setRules(rules(specs));
        return proxy.start(QUrl(m_upstream.url()), seed);
    }

private slots:
    void initTestCase() { QVERIFY(m_upstream.start()); }

    void passThroughIsByteIdenticalAndKeepsHost()
    {
        QByteArray binary;
        for (int i = 0; i < 3000; ++i)
            binary += static_cast<char>(i * 7 % 256);
        ScriptedResponse chunked = ScriptedResponse::ok(binary, "application/octet-stream");
        chunked.framing = ScriptedResponse::Framing::Chunked; // the proxy must de-chunk and re-frame
        m_upstream.enqueue({chunked, ScriptedResponse::ok("second\n")});
        const int before = m_upstream.requestCount();

        FaultProxy proxy;
        const QString url = startProxy(proxy);
        QVERIFY(!url.isEmpty());
        const QByteArray host = "127.0.0.1:" + QByteArray::number(portOf(url));
        QTcpSocket socket; // both requests on one kept-alive connection
        socket.connectToHost(QHostAddress::LocalHost, portOf(url));
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /a?x=1 HTTP/1.1\r\nHost: " + host + "\r\nX-Test: yes\r\n\r\n");
        const HttpResponse first = readResponse(socket);
        socket.write("GET /b HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        const HttpResponse second = readResponse(socket);

        QVERIFY(first.complete);
        QCOMPARE(first.body, binary);
        QVERIFY(!first.wasChunked);
        QCOMPARE(first.announcedLength, binary.size());
        QCOMPARE(headerValue(first.headers, "Content-Type"), QByteArray("application/octet-stream"));
        QCOMPARE(second.body, QByteArray("second\n"));
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);

        const QList<RecordedRequest> seen = m_upstream.requests().mid(before);
        QCOMPARE(seen.size(), 2);
        QCOMPARE(seen[0].target, QByteArray("/a?x=1"));
        QCOMPARE(seen[0].header("host"), host);
        QCOMPARE(seen[0].header("x-test"), QByteArray("yes"));
        QCOMPARE(seen[0].header("connection"), QByteArray("close"));
        const QList<FaultJournalEntry> journal = proxy.journal();
        QCOMPARE(journal.size(), 2);
        QCOMPARE(journal[0].rule, QString());
        QCOMPARE(journal[0].status, 200);
        QCOMPARE(journal[0].bodyBytes, binary.size());
    }

    void statusRuleFiresTimesThenPassesThrough()
    {
        m_upstream.enqueue(ScriptedResponse::ok("real\n"));
        const int before = m_upstream.requestCount();
        FaultProxy proxy;
        const QString url =
            startProxy(proxy,
                       {QStringLiteral("name=busy;method=GET;match=^/obs;times=2;action=status;code=503;"
                                       "retry-after=7")});
        const Reply a = get(url + QStringLiteral("/obs/C"));
        const Reply b = get(url + QStringLiteral("/obs/C"));
        const Reply c = get(url + QStringLiteral("/obs/C"));
        QCOMPARE(a.status, 503);
        QCOMPARE(a.retryAfter, QByteArray("7"));
        QCOMPARE(b.status, 503);
        QCOMPARE(c.status, 200);
        QCOMPARE(c.body, QByteArray("real\n"));
        QCOMPARE(m_upstream.requestCount() - before, 1); // the faults never reached the upstream
        const QList<FaultJournalEntry> journal = proxy.journal();
        QCOMPARE(journal.size(), 3);
        QCOMPARE(journal[0].rule, QStringLiteral("busy"));
        QCOMPARE(journal[1].rule, QStringLiteral("busy"));
        QCOMPARE(journal[1].status, 503);
        QCOMPARE(journal[2].rule, QString());
        QCOMPARE(journal[2].status, 200);
    }

    void truncateWithContentLengthSendsFewerBytesThanAnnounced()
    {
        m_upstream.enqueue(ScriptedResponse::ok(QByteArray(100, 'r')));
        FaultProxy proxy;
        const QString url = startProxy(proxy, {QStringLiteral("action=truncate;bytes=40")});
        const RawResult raw = rawExchange(url, getRequest("/list"));
        const qsizetype headerEnd = raw.bytes.indexOf("\r\n\r\n");
        QVERIFY(headerEnd > 0);
        QVERIFY(raw.bytes.left(headerEnd).contains("Content-Length: 100"));
        QCOMPARE(raw.bytes.size() - headerEnd - 4, 40);
        QCOMPARE(proxy.journal().value(0).bodyBytes, 40);
    }

    void truncateChunkedHasNoTerminator()
    {
        m_upstream.enqueue(ScriptedResponse::ok("alpha\tone\nbeta\ttwo\n")); // 19 bytes: half is mid-line
        FaultProxy proxy;
        const QString url = startProxy(proxy, {QStringLiteral("action=truncate;framing=chunked")});
        const RawResult raw = rawExchange(url, getRequest("/list"));
        const qsizetype headerEnd = raw.bytes.indexOf("\r\n\r\n");
        QVERIFY(raw.bytes.left(headerEnd).contains("Transfer-Encoding: chunked"));
        QVERIFY(!raw.bytes.left(headerEnd).contains("Content-Length"));
        QCOMPARE(raw.bytes.mid(headerEnd + 4), QByteArray("9\r\nalpha\tone\r\n"));
        ResponseReader reader(false);
        QCOMPARE(reader.append(raw.bytes), ReadStatus::NeedMore); // no 0-chunk: never complete
    }

    // Without framing=..., a cut keeps the upstream's framing: the announced length stays, a chunked body loses
    // its terminator, and a close-delimited body just ends early (the client cannot tell).
    void truncateKeepsTheUpstreamFraming_data()
    {
        QTest::addColumn<int>("upstreamFraming");
        QTest::addColumn<QByteArray>("framingHeader"); // expected in the head sent to the client
        QTest::addColumn<QByteArray>("bodyBytes");     // everything after the head
        QTest::newRow("content-length") << int(ScriptedResponse::Framing::ContentLength)
                                        << QByteArray("Content-Length: 20") << QByteArray("0123456789");
        QTest::newRow("chunked") << int(ScriptedResponse::Framing::Chunked) << QByteArray("Transfer-Encoding: chunked")
                                 << QByteArray("a\r\n0123456789\r\n");
        QTest::newRow("close-delimited") << int(ScriptedResponse::Framing::CloseDelimited) << QByteArray()
                                         << QByteArray("0123456789");
    }

    void truncateKeepsTheUpstreamFraming()
    {
        QFETCH(int, upstreamFraming);
        QFETCH(QByteArray, framingHeader);
        QFETCH(QByteArray, bodyBytes);
        ScriptedResponse response = ScriptedResponse::ok("0123456789abcdefghij");
        response.framing = static_cast<ScriptedResponse::Framing>(upstreamFraming);
        m_upstream.enqueue(response);
        FaultProxy proxy;
        const QString url = startProxy(proxy, {QStringLiteral("action=truncate;bytes=10")});
        const RawResult raw = rawExchange(url, getRequest("/list"));
        const qsizetype headerEnd = raw.bytes.indexOf("\r\n\r\n");
        QVERIFY(headerEnd > 0);
        const QByteArray head = raw.bytes.left(headerEnd);
        if (framingHeader.isEmpty())
            QVERIFY(!head.contains("Content-Length") && !head.contains("Transfer-Encoding"));
        else
            QVERIFY2(head.contains(framingHeader), head.constData());
        QVERIFY(head.contains("Connection: close"));
        QCOMPARE(raw.bytes.mid(headerEnd + 4), bodyBytes);
        QCOMPARE(proxy.journal().value(0).bodyBytes, 10);
    }

    void resetClosesWithoutResponse()
    {
        const int before = m_upstream.requestCount();
        FaultProxy proxy;
        const QString url = startProxy(proxy, {QStringLiteral("name=rst;action=reset")});
        const RawResult raw = rawExchange(url, getRequest("/x"));
        QVERIFY(raw.bytes.isEmpty());
        QVERIFY2(raw.error == QAbstractSocket::RemoteHostClosedError || raw.error == QAbstractSocket::NetworkError,
                 qPrintable(QString::number(raw.error)));
        const Reply reply = get(url + QStringLiteral("/y"));
        QVERIFY(reply.error != QNetworkReply::NoError);
        QCOMPARE(reply.status, 0);
        QCOMPARE(m_upstream.requestCount(), before);
        // One entry per request that was reset (QNAM sends /y again after a reset, the raw /x went once).
        const QList<FaultJournalEntry> journal = proxy.journal();
        QCOMPARE(std::count_if(journal.cbegin(), journal.cend(), [](const auto &e) { return e.target == "/x"; }), 1);
        for (const FaultJournalEntry &entry : journal) {
            QCOMPARE(entry.status, 0);
            QCOMPARE(entry.rule, QStringLiteral("rst"));
        }
    }

    void delayWaitsAtLeastTheGivenTime()
    {
        m_upstream.enqueue(ScriptedResponse::ok("slow\n"));
        FaultProxy proxy;
        const QString url = startProxy(proxy, {QStringLiteral("action=delay;ms=300")});
        QElapsedTimer timer;
        timer.start();
        const Reply reply = get(url + QStringLiteral("/slow"));
        QVERIFY(timer.elapsed() >= 300);
        QCOMPARE(reply.body, QByteArray("slow\n"));
    }

    void delayPausesBetweenBodyPieces()
    {
        const QByteArray body = "0123456789abcdefghijklmnopqrstuvwxyz"; // 36 bytes: 4 pieces, 3 pauses
        m_upstream.enqueue(ScriptedResponse::ok(body));
        FaultProxy proxy;
        const QString url = startProxy(proxy, {QStringLiteral("action=delay;ms=50;chunk-ms=100;chunk-bytes=10")});
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, portOf(url));
        QVERIFY(socket.waitForConnected(5000));
        QElapsedTimer timer;
        timer.start();
        socket.write(getRequest("/slow"));
        QByteArray received;
        qint64 headAt = -1;
        int reads = 0;
        while (!received.endsWith(body) && timer.elapsed() < 10000) {
            if (!socket.waitForReadyRead(100))
                continue;
            received += socket.readAll();
            ++reads;
            if (headAt < 0 && received.contains("\r\n\r\n"))
                headAt = timer.elapsed();
        }
        const qint64 total = timer.elapsed();
        QVERIFY(received.contains("Content-Length: 36")); // announced whole, sent slowly
        const QByteArray headEndAndBody = "\r\n\r\n" + body;
        QVERIFY(received.endsWith(headEndAndBody));
        QVERIFY2(total >= 50 + 3 * 100, qPrintable(QString::number(total))); // lower bounds only
        QVERIFY2(total - headAt >= 2 * 100, qPrintable(QStringLiteral("%1 %2").arg(headAt).arg(total)));
        QVERIFY(reads >= 2);
        QCOMPARE(proxy.journal().value(0).bodyBytes, body.size());
    }

    void pathAndQueryCriteria()
    {
        m_upstream.enqueue({ScriptedResponse::ok("doc\n"), ScriptedResponse::ok("plain\n")});
        FaultProxy proxy;
        const QString url = startProxy(
            proxy, {QStringLiteral("name=list;match=GET ^/obs/;path=/obs/[^/]+;query=maxrec=;action=status;code=500")});
        QCOMPARE(get(url + QStringLiteral("/obs/A?maxrec=5")).status, 500);
        QCOMPARE(get(url + QStringLiteral("/obs/A/b?maxrec=5")).body, QByteArray("doc\n")); // path matches whole
        QCOMPARE(get(url + QStringLiteral("/obs/A")).body, QByteArray("plain\n"));          // no query
        const QList<FaultJournalEntry> journal = proxy.journal();
        QCOMPARE(journal.size(), 3);
        QCOMPARE(journal[0].rule, QStringLiteral("list"));
        QCOMPARE(journal[0].target, QByteArray("/obs/A?maxrec=5"));
        QCOMPARE(journal[1].rule, QString());
    }

    void clientLeavingMidDelayIsJournalled()
    {
        m_upstream.enqueue({ScriptedResponse::ok("late\n"), ScriptedResponse::ok("next\n")});
        FaultProxy proxy;
        const QString url = startProxy(proxy, {QStringLiteral("name=slow;times=1;action=delay;ms=400")});
        {
            QTcpSocket impatient;
            impatient.connectToHost(QHostAddress::LocalHost, portOf(url));
            QVERIFY(impatient.waitForConnected(5000));
            impatient.write(getRequest("/late"));
            QVERIFY(impatient.waitForBytesWritten(5000));
            QTest::qWait(50);
        } // closed before the delay is over
        QVERIFY(QTest::qWaitFor([&] { return !proxy.journal().isEmpty(); }, 5000));
        QCOMPARE(proxy.journal().value(0).rule, QStringLiteral("slow"));
        QCOMPARE(proxy.journal().value(0).status, 0);                            // nothing was sent
        QCOMPARE(get(url + QStringLiteral("/next")).body, QByteArray("next\n")); // and the proxy goes on
    }

    void corruptDocumentChangesOneCharacter()
    {
        m_upstream.enqueue(ScriptedResponse::ok(caomDocument, "text/x-caom+xml"));
        FaultProxy proxy;
        const QString url = startProxy(proxy, {QStringLiteral("action=corruptDocument")});
        const Reply reply = get(url + QStringLiteral("/obs/TEST/a"));
        QCOMPARE(reply.body.size(), caomDocument.size());
        int differences = 0;
        for (qsizetype i = 0; i < caomDocument.size(); ++i)
            differences += reply.body.at(i) != caomDocument.at(i) ? 1 : 0;
        QCOMPARE(differences, 1);
        QVERIFY(reply.body.contains("<caom2:type>oBJECT</caom2:type>"));
    }

    void replaceBodyAndCrlf()
    {
        m_upstream.enqueue(ScriptedResponse::ok("a\tb\nc\td\n"));
        FaultProxy proxy;
        const QString url = startProxy(proxy,
                                       {QStringLiteral("match=bad;action=replaceBody;body=<oops\\n;"
                                                       "content-type=text/x-caom+xml"),
                                        QStringLiteral("match=list;action=crlf")});
        const Reply replaced = get(url + QStringLiteral("/bad"));
        QCOMPARE(replaced.status, 200);
        QCOMPARE(replaced.body, QByteArray("<oops\n"));
        const Reply crlf = get(url + QStringLiteral("/list"));
        QCOMPARE(crlf.body, QByteArray("a\tb\r\nc\td\r\n"));
    }

    void probabilityDecisionsFollowTheSeed()
    {
        // No upstream involved: the second rule answers whatever the first one lets through.
        const QStringList specs{QStringLiteral("name=hit;probability=0.5;action=status;code=500"),
                                QStringLiteral("name=miss;action=status;code=200")};
        const auto decisions = [&](quint64 seed) {
            FaultProxy proxy;
            proxy.setRules(rules(specs));
            const QString url = proxy.start(QUrl(m_upstream.url()), seed);
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, portOf(url));
            socket.waitForConnected(5000);
            QString pattern;
            for (int i = 0; i < 50; ++i) {
                socket.write(getRequest("/r/" + QByteArray::number(i)));
                pattern += readResponse(socket).status == 500 ? QLatin1Char('H') : QLatin1Char('m');
            }
            return pattern;
        };
        const QString first = decisions(42);
        QCOMPARE(decisions(42), first);
        QVERIFY(decisions(43) != first);
        QVERIFY(first.contains(QLatin1Char('H')) && first.contains(QLatin1Char('m')));
    }

    void upstreamDownGives502()
    {
        QTcpServer closed; // a port that was free a moment ago and now refuses connections
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        FaultProxy proxy;
        const QString url = proxy.start(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), 1);
        QCOMPARE(get(url + QStringLiteral("/x")).status, 502);
        QCOMPARE(proxy.journal().value(0).status, 502);
    }

    void malformedRequestGives400()
    {
        FaultProxy proxy;
        const QString url = startProxy(proxy);
        const RawResult raw = rawExchange(url, "NONSENSE\r\n\r\n");
        QVERIFY(raw.bytes.startsWith("HTTP/1.1 400 "));
    }

    void programAnnouncesItselfAndStopsCleanly()
    {
        const QString program = QCoreApplication::applicationDirPath() + QStringLiteral("/fault-proxy");
        QVERIFY2(QFileInfo::exists(program), "fault-proxy is built with this test (CMake dependency)");
        BackgroundProgram proxy;
        const QString url = proxy.start(program,
                                        {QStringLiteral("--upstream"), m_upstream.url(), QStringLiteral("--seed"),
                                         QStringLiteral("5"), QStringLiteral("--rule"),
                                         QStringLiteral("name=teapot;match=GET ^/tea$;action=status;code=418")});
        QVERIFY2(url.startsWith(QStringLiteral("http://127.0.0.1:")), qPrintable(proxy.error()));
        QCOMPARE(get(url + QStringLiteral("/tea")).status, 418);
        m_upstream.enqueue(ScriptedResponse::ok("coffee\n"));
        QCOMPARE(get(url + QStringLiteral("/coffee")).body, QByteArray("coffee\n"));
        QCOMPARE(proxy.stop(), 0);
        QVERIFY(proxy.standardError().contains("GET /tea -> 418 "));
        QVERIFY(proxy.standardError().contains("[teapot]"));
        QVERIFY(proxy.standardError().contains("GET /coffee -> 200 7 bytes\n"));
    }
};

QTEST_GUILESS_MAIN(TestFaultProxy)
#include "tst_faultproxy.moc"
