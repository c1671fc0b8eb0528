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
        QCOMPARE(proxy.journal().value(0).status, 0);
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

    void corruptCaomDocumentChoosesASafeByte_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<bool>("changed");
        QTest::newRow("type letter") << QByteArray("<caom2:type>science</caom2:type>")
                                     << QByteArray("<caom2:type>Science</caom2:type>") << true;
        QTest::newRow("entity skipped") << QByteArray("<caom2:type>&amp;x</caom2:type>")
                                        << QByteArray("<caom2:type>&amp;X</caom2:type>") << true;
        QTest::newRow("digit when no letter")
            << QByteArray("<caom2:type>12</caom2:type>") << QByteArray("<caom2:type>x2</caom2:type>") << true;
        QTest::newRow("name when no type") << QByteArray("<caom2:name>exposure</caom2:name>")
                                           << QByteArray("<caom2:name>Exposure</caom2:name>") << true;
        QTest::newRow("neither") << QByteArray("<a>b</a>") << QByteArray("<a>b</a>") << false;
    }

    void corruptCaomDocumentChoosesASafeByte()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        QFETCH(bool, changed);
        QCOMPARE(corruptCaomDocument(&input), changed);
        QCOMPARE(input, expected);
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

    void grammar_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("error"); // a fragment of the message, empty when the spec is valid
        QTest::newRow("status") << QStringLiteral("name=a;method=get;match=^/x\\;y;times=3;probability=0.25;"
                                                  "action=status;code=429;retry-after=5")
                                << QString();
        QTest::newRow("truncate") << QStringLiteral("action=truncate;bytes=-1;framing=chunked") << QString();
        QTest::newRow("no action") << QStringLiteral("name=a") << QStringLiteral("no action");
        QTest::newRow("unknown key") << QStringLiteral("action=reset;colour=red") << QStringLiteral("colour");
        QTest::newRow("bad action") << QStringLiteral("action=explode") << QStringLiteral("explode");
        QTest::newRow("bad probability") << QStringLiteral("action=reset;probability=1.5")
                                         << QStringLiteral("probability");
        QTest::newRow("bad regex") << QStringLiteral("action=reset;match=(") << QStringLiteral("regex");
        QTest::newRow("bad framing") << QStringLiteral("action=truncate;framing=none") << QStringLiteral("framing");
        QTest::newRow("twice") << QStringLiteral("action=reset;action=delay") << QStringLiteral("twice");
        QTest::newRow("no equals") << QStringLiteral("action=reset;oops") << QStringLiteral("key=value");
    }

    void grammar()
    {
        QFETCH(QString, spec);
        QFETCH(QString, error);
        QString message;
        const QList<FaultRule> parsed = parseFaultRules({spec}, &message);
        if (error.isEmpty()) {
            QVERIFY2(message.isEmpty(), qPrintable(message));
            QCOMPARE(parsed.size(), 1);
        } else {
            QVERIFY(parsed.isEmpty());
            QVERIFY2(message.contains(error), qPrintable(message));
        }
    }

    void grammarFields()
    {
        QString message;
        const QList<FaultRule> parsed = parseFaultRules(
            {QStringLiteral("name=a;method=get;match=^/x\\;y;times=3;probability=0.25;action=status;code=429;"
                            "retry-after=5"),
             QStringLiteral("action=replaceBody;body=a\\tb")},
            &message);
        QCOMPARE(parsed.size(), 2);
        QCOMPARE(parsed[0].method, QByteArray("GET"));
        QCOMPARE(parsed[0].match, QStringLiteral("^/x;y"));
        QCOMPARE(parsed[0].times, 3);
        QCOMPARE(parsed[0].probability, 0.25);
        QCOMPARE(parsed[0].code, 429);
        QCOMPARE(parsed[0].retryAfter, QByteArray("5"));
        QCOMPARE(parsed[1].code, 200);
        QCOMPARE(parsed[1].body, QByteArray("a\tb"));
    }

    void programAnnouncesItselfAndStopsCleanly()
    {
        const QString program = QCoreApplication::applicationDirPath() + QStringLiteral("/fault-proxy");
        QVERIFY2(QFileInfo::exists(program), "fault-proxy is built with this test (CMake dependency)");
        BackgroundProgram proxy;
        const QString url =
            proxy.start(program,
                        {QStringLiteral("--upstream"), m_upstream.url(), QStringLiteral("--seed"), QStringLiteral("5"),
                         QStringLiteral("--rule"), QStringLiteral("name=teapot;action=status;code=418")});
        QVERIFY2(url.startsWith(QStringLiteral("http://127.0.0.1:")), qPrintable(proxy.error()));
        QCOMPARE(get(url + QStringLiteral("/tea")).status, 418);
        QCOMPARE(proxy.stop(), 0);
        QVERIFY(proxy.standardError().contains("GET /tea -> 418"));
    }
};

QTEST_GUILESS_MAIN(TestFaultProxy)
#include "tst_faultproxy.moc"
