// `serve` under load and against misbehaving clients (issue 13 item 5, issue 16 item 3), on loopback against an
// in-process server on its own thread: long listings sent chunked and ended cleanly, a cut answer without its
// end, 64 concurrent clients mixing listings and documents while others send requests that never end, send
// oversized ones or vanish mid-answer. Outcomes are asserted (every good answer whole and right, the others
// refused or dropped, no connection or descriptor left behind, memory bounded), never durations.
#include "server_thread.h"
#include "test_stores.h"

#include "caom2/checksum.h"
#include "caom2/generator.h"
#include "net/http_client.h"
#include "serve/connection.h"
#include "serve/repository_server.h"
#include "store/observation_store.h"

#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <atomic>
#include <mutex>
#include <thread>

using namespace testsupport;

namespace {

// `count` observations of HST with distinct timestamps, one second apart.
std::vector<caom2::Observation> fill(const std::shared_ptr<store::Store> &s, int count)
{
    caom2::GeneratorOptions options;
    options.collection = "HST";
    std::vector<caom2::Observation> held;
    std::vector<store::UpsertItem> items;
    for (int i = 0; i < count; ++i) {
        caom2::Observation o = caom2::generateObservation(options, std::uint64_t(i));
        o.observationID = "load" + std::to_string(1000 + i);
        o.lastModified = caom2::Date{1700000000000 + i * 1000};
        o.maxLastModified = o.lastModified;
        caom2::assignChecksums(o);
        held.push_back(o);
        items.emplace_back(o);
    }
    if (!store::ObservationStore(s).upsert(items))
        qFatal("cannot fill the store");
    return held;
}

// The listing of `held` as the protocol writes it, oldest first.
std::string listing(const std::vector<caom2::Observation> &held)
{
    std::string body;
    for (const caom2::Observation &o : held)
        body += "HST\t" + o.observationID + '\t' + o.maxLastModified->toString() + '\t' + *o.accMetaChecksum + '\n';
    return body;
}

// One answer read off a raw connection, framing decoded by hand (not by the client under test).
struct RawAnswer {
    int status = 0;
    QByteArray headers; // lower case
    QByteArray body;
    bool complete = false; // the body's end arrived: its length, or the empty last chunk
    bool closed = false;   // the server closed the connection
};

// Reads from `socket` (blocking, this thread) until one answer is complete or the connection ends.
RawAnswer readAnswer(QTcpSocket &socket, int waitMs = 20000)
{
    RawAnswer answer;
    QByteArray buffer;
    QDeadlineTimer deadline(waitMs);
    auto more = [&] {
        if (socket.bytesAvailable() == 0
            && !socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
            return false;
        buffer += socket.readAll();
        return true;
    };
    qsizetype headerEnd = -1;
    while ((headerEnd = buffer.indexOf("\r\n\r\n")) < 0)
        if (!more()) {
            answer.closed = socket.state() != QAbstractSocket::ConnectedState;
            return answer;
        }
    const QByteArray head = buffer.left(headerEnd);
    buffer.remove(0, headerEnd + 4);
    answer.status = head.mid(9, 3).toInt();
    answer.headers = head.toLower();
    const qsizetype lengthAt = answer.headers.indexOf("content-length: ");
    if (lengthAt >= 0) {
        const qint64 length =
            answer.headers.mid(lengthAt + 16, answer.headers.indexOf('\r', lengthAt) - lengthAt - 16).toLongLong();
        while (buffer.size() < length && more()) {}
        answer.body = buffer.left(length);
        answer.complete = buffer.size() >= length;
    } else if (answer.headers.contains("transfer-encoding: chunked")) {
        for (;;) {
            qsizetype lineEnd = -1;
            while ((lineEnd = buffer.indexOf("\r\n")) < 0)
                if (!more())
                    break;
            if (lineEnd < 0)
                break;
            bool ok = false;
            const qint64 size = buffer.left(lineEnd).toLongLong(&ok, 16);
            if (!ok)
                break;
            while (buffer.size() < lineEnd + 2 + size + 2 && more()) {}
            if (buffer.size() < lineEnd + 2 + size + 2)
                break;
            answer.body += buffer.mid(lineEnd + 2, size);
            buffer.remove(0, lineEnd + 2 + size + 2);
            if (size == 0) {
                answer.complete = true;
                break;
            }
        }
    }
    if (!answer.complete)
        answer.closed = socket.state() != QAbstractSocket::ConnectedState || !socket.waitForReadyRead(0);
    return answer;
}

bool connectTo(QTcpSocket &socket, quint16 port)
{
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    return socket.waitForConnected(20000);
}

// Sockets this process holds open (a leaked connection is one of them).
int openSockets()
{
    int sockets = 0;
    const QDir fds(QStringLiteral("/proc/self/fd"));
    for (const QString &name : fds.entryList(QDir::NoDotAndDotDot | QDir::System | QDir::Files | QDir::Dirs))
        if (QFile::symLinkTarget(fds.filePath(name)).contains(QLatin1String("socket:")))
            ++sockets;
    return sockets;
}

qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return 0;
}

// How much the process may grow while serving the load: 96 MB in a normal build. AddressSanitizer holds freed
// blocks back in a quarantine of up to 256 MB (its default) before reusing them, and ThreadSanitizer keeps
// shadow memory several times the size of what the program touches, so under them the bound grows by what
// the sanitizer itself keeps; leaks are still caught there by LeakSanitizer and the socket count below.
qint64 memoryBoundKiB()
{
    constexpr qint64 releaseBoundKiB = 96 * 1024;
#if defined(__SANITIZE_ADDRESS__)
    return releaseBoundKiB + 256 * 1024;
#elif defined(__SANITIZE_THREAD__)
    return releaseBoundKiB * 8;
#else
    return releaseBoundKiB;
#endif
}

net::HttpOptions clientOptions()
{
    net::HttpOptions options;
    options.totalTimeout = std::chrono::milliseconds(120000);
    return options;
}

} // namespace

class TestServeLoad : public QObject {
    Q_OBJECT

private slots:
    // A listing longer than a page goes out chunked, page by page, and ends with the empty chunk; one that fits
    // in a page goes out whole with its length. Either way the rows are the stored ones, in order.
    void longListingsAreChunkedAndEndCleanly_data() { addEngineColumn(); }
    void longListingsAreChunkedAndEndCleanly()
    {
        QFETCH(QString, engine);
        TestStore test(engine);
        auto s = test.openOrDie();
        const auto held = fill(s, 23);
        serve::ServeOptions options;
        options.listingPageRows = 4;
        ServerThread server(s, options);

        QTcpSocket socket;
        QVERIFY(connectTo(socket, server.port()));
        socket.write("GET /caom2/observations/HST HTTP/1.1\r\nHost: test\r\n\r\n");
        RawAnswer whole = readAnswer(socket);
        QCOMPARE(whole.status, 200);
        QVERIFY2(whole.headers.contains("transfer-encoding: chunked"), whole.headers.constData());
        QVERIFY(!whole.headers.contains("content-length"));
        QVERIFY(whole.complete);
        QCOMPARE(whole.body.toStdString(), listing(held));

        // The same connection goes on: a short listing, whole with its length.
        socket.write("GET /caom2/observations/HST?maxrec=3 HTTP/1.1\r\nHost: test\r\n\r\n");
        RawAnswer shortOne = readAnswer(socket);
        QCOMPARE(shortOne.status, 200);
        QVERIFY2(shortOne.headers.contains("content-length: "), shortOne.headers.constData());
        QCOMPARE(shortOne.body.toStdString(), listing({held.begin(), held.begin() + 3}));

        // Newest first, bounded, through the HTTP client the harvester uses.
        net::HttpClient client(clientOptions());
        net::HttpRequest request;
        request.url = server.url(QStringLiteral("/observations/HST?order=desc&start=2023-11-14T22:13:22.000"));
        auto answer = client.perform(request);
        QVERIFY(answer);
        std::vector<caom2::Observation> newest(held.begin() + 2, held.end());
        std::reverse(newest.begin(), newest.end());
        QCOMPARE(answer->body, listing(newest));
    }

    // The connection's framing of a streamed answer: complete, it ends with the empty chunk; cut (the store
    // failed between pages), the connection closes without it, which HTTP clients report as an error
    // (tst_httpclient chunkedBodyWithoutTerminatorFails).
    void cutAnswerLacksTheEndOfBody()
    {
        for (const bool cut : {false, true}) {
            QTcpServer listener;
            QVERIFY(listener.listen(QHostAddress::LocalHost));
            QTcpSocket client;
            client.connectToHost(QHostAddress::LocalHost, listener.serverPort());
            QTRY_VERIFY(listener.hasPendingConnections());
            QTcpSocket *served = listener.nextPendingConnection();
            quint64 asked = 0;
            serve::Connection::Callbacks callbacks;
            callbacks.askPiece = [&](quint64, quint64 exchange, std::shared_ptr<serve::BodyStream>) {
                asked = exchange;
            };
            auto *connection = new serve::Connection(served, 1, serve::ConnectionLimits(), callbacks);
            serve::Exchange exchange;
            exchange.id = 7;
            serve::Reply reply;
            reply.body = "first page\n";
            struct Never : serve::BodyStream {
                QByteArray next(bool *, QByteArray *) override { return {}; }
            };
            reply.stream = std::make_shared<Never>();
            exchange.reply = reply;
            connection->queue(exchange);
            QTRY_COMPARE(asked, quint64(7));
            asked = 0;
            connection->piece(7, "second page\n", false, {});
            QTRY_COMPARE(asked, quint64(7));
            if (cut)
                connection->piece(7, {}, false, "store error: disk I/O error");
            else
                connection->piece(7, "last page\n", true, {});
            QByteArray received;
            QTRY_VERIFY2((received += client.readAll()).contains(cut ? "second page" : "last page\n\r\n0\r\n\r\n"),
                         received.toPercentEncoding(" :/-").constData());
            if (cut) {
                QTRY_COMPARE(client.state(), QAbstractSocket::UnconnectedState);
                received += client.readAll();
                QVERIFY2(!received.contains("\r\n0\r\n\r\n"), received.constData());
            } else {
                QCOMPARE(client.state(), QAbstractSocket::ConnectedState);
                QVERIFY(received.endsWith("\r\n0\r\n\r\n"));
            }
            QVERIFY(received.contains("transfer-encoding: chunked") || received.contains("Transfer-Encoding: chunked"));
            delete served;
        }
    }

    // 64 clients at once, each listing (streamed, several pages) and fetching documents on one kept-alive
    // connection, while others open requests they never finish, send headers or bodies too large, or close
    // mid-answer. Every good answer arrives whole and right; the rest are refused or dropped; afterwards no
    // connection or socket is left open and memory has not grown beyond what the answers in flight need.
    void keepsAnsweringUnderLoad()
    {
        TestStore test(QStringLiteral("sqlite"));
        auto s = test.openOrDie();
        const auto held = fill(s, 60);
        const std::string fullListing = listing(held);
        serve::ServeOptions options;
        options.listingPageRows = 7;
        options.requestTimeoutMs = 2000;
        options.workers = 2;
        const int socketsBefore = openSockets();
        const qint64 memoryBefore = residentKiB();
        auto server = std::make_unique<ServerThread>(s, options);

        // Requests that never end, and clients that vanish after asking.
        std::vector<std::unique_ptr<QTcpSocket>> slow;
        for (int i = 0; i < 16; ++i) {
            slow.push_back(std::make_unique<QTcpSocket>());
            QVERIFY(connectTo(*slow.back(), server->port()));
            slow.back()->write(i % 2 ? "GET /caom2/observations/HST HTTP/1.1\r\nHost: x\r\n" : "GET /caom2/observ");
            slow.back()->flush();
        }
        for (int i = 0; i < 16; ++i) {
            QTcpSocket vanishing;
            QVERIFY(connectTo(vanishing, server->port()));
            vanishing.write(i % 2 ? "GET /caom2/observations/HST HTTP/1.1\r\nHost: x\r\n\r\n"
                                  : "GET /caom2/observations/HST/load1001 HTTP/1.1\r\nHost: x\r\n\r\n");
            vanishing.flush();
            if (i % 4 == 3)
                vanishing.waitForReadyRead(20000); // some take a first piece of the answer before leaving
            vanishing.abort();
        }

        // The good clients, on their own threads (the HTTP client blocks).
        std::atomic<int> goodAnswers{0};
        std::mutex failuresMutex;
        QStringList failures;
        std::vector<std::thread> clients;
        for (int c = 0; c < 64; ++c)
            clients.emplace_back([&, c] {
                net::HttpClient client(clientOptions());
                auto fail = [&](const QString &what) {
                    std::lock_guard lock(failuresMutex);
                    failures << QStringLiteral("client %1: %2").arg(c).arg(what);
                };
                for (int round = 0; round < 2; ++round) {
                    net::HttpRequest list;
                    list.url = server->url(QStringLiteral("/observations/HST"));
                    auto listed = client.perform(list);
                    if (!listed || listed->status != 200 || listed->body != fullListing)
                        return fail(listed ? QStringLiteral("listing differs")
                                           : QString::fromStdString(listed.error().message));
                    ++goodAnswers;
                    const auto &o = held[std::size_t(c * 7 + round) % held.size()];
                    net::HttpRequest document;
                    document.url =
                        server->url(QStringLiteral("/observations/HST/") + QString::fromStdString(o.observationID));
                    auto fetched = client.perform(document);
                    if (!fetched || fetched->status != 200
                        || fetched->body.find("<caom2:observationID>" + o.observationID + "</caom2:observationID>")
                            == std::string::npos)
                        return fail(fetched ? QStringLiteral("document differs")
                                            : QString::fromStdString(fetched.error().message));
                    ++goodAnswers;
                }
            });

        // Too large: a header that never ends below the limit, and a body announced beyond it.
        QTcpSocket bigHeader;
        QVERIFY(connectTo(bigHeader, server->port()));
        bigHeader.write("GET /caom2/observations/HST HTTP/1.1\r\nX-Filler: " + QByteArray(100 * 1024, 'x'));
        QCOMPARE(readAnswer(bigHeader).status, 431);
        QTcpSocket bigBody;
        QVERIFY(connectTo(bigBody, server->port()));
        bigBody.write("PUT /caom2/observations/HST/x HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000000\r\n\r\nabc");
        QCOMPARE(readAnswer(bigBody).status, 413);

        for (std::thread &t : clients)
            t.join();
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
        QCOMPARE(goodAnswers.load(), 64 * 4);

        // The requests that never ended are given up: 408, or closed (the half-written request line).
        for (auto &socket : slow) {
            const RawAnswer answer = readAnswer(*socket);
            QVERIFY(answer.status == 408 || (answer.status == 0 && answer.closed));
            QTRY_COMPARE_WITH_TIMEOUT(socket->state(), QAbstractSocket::UnconnectedState, 20000);
        }
        slow.clear();
        bigHeader.abort();
        bigBody.abort();

        // Nothing left behind: the server holds no connection, the process no socket beyond the listener.
        QTRY_COMPARE_WITH_TIMEOUT(server->openConnections(), 0, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(openSockets(), socketsBefore + 1, 20000);
        const qint64 grownKiB = residentKiB() - memoryBefore;
        qInfo("%d good answers to 64 clients beside 16 unfinished requests, 16 vanished clients, 2 oversized; "
              "process memory grew by %lld kB (server and clients together); %d sockets before, %d after",
              goodAnswers.load(), static_cast<long long>(grownKiB), socketsBefore + 1, openSockets());
        QVERIFY2(grownKiB < memoryBoundKiB(),
                 qPrintable(QStringLiteral("memory grew by %1 kB (bound %2 kB)").arg(grownKiB).arg(memoryBoundKiB())));
        // Every good listing was logged with its full length.
        const QString listed =
            QStringLiteral("\"GET /caom2/observations/HST HTTP/1.1\" 200 %1").arg(fullListing.size());
        QVERIFY(server->log().filter(listed).size() >= 64 * 2);
        server.reset();
        QCOMPARE(openSockets(), socketsBefore);
    }

    // Past the connection cap a client is answered 503 and closed; the others are served, and a place freed
    // is taken again.
    void connectionsBeyondTheCapAreRefused()
    {
        TestStore test(QStringLiteral("sqlite"));
        auto s = test.openOrDie();
        fill(s, 2);
        serve::ServeOptions options;
        options.maxConnections = 4;
        ServerThread server(s, options);
        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < 4; ++i) {
            held.push_back(std::make_unique<QTcpSocket>());
            QVERIFY(connectTo(*held.back(), server.port()));
        }
        QTRY_COMPARE_WITH_TIMEOUT(server.openConnections(), 4, 20000);
        QTcpSocket refused;
        QVERIFY(connectTo(refused, server.port()));
        const RawAnswer answer = readAnswer(refused);
        QCOMPARE(answer.status, 503);
        QVERIFY(answer.headers.contains("retry-after"));
        // The held connections still work.
        held[0]->write("GET /caom2/observations/HST HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(readAnswer(*held[0]).status, 200);
        held[1]->abort();
        QTRY_COMPARE_WITH_TIMEOUT(server.openConnections(), 3, 20000);
        QTcpSocket again;
        QVERIFY(connectTo(again, server.port()));
        again.write("GET /caom2/observations/HST HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(readAnswer(again).status, 200);
    }

    // A file is sent from disk a piece at a time: a file far larger than a piece arrives whole and exact,
    // with its length, and a range of it too.
    void largeFilesArriveWhole()
    {
        TestStore test(QStringLiteral("sqlite"));
        auto s = test.openOrDie();
        QTemporaryDir root;
        QVERIFY(QDir(root.path()).mkpath(QStringLiteral("mast/HST")));
        QByteArray content;
        for (int i = 0; content.size() < 3 * 1024 * 1024 + 17; ++i)
            content += QByteArray::number(i) + ' ';
        QFile file(root.filePath(QStringLiteral("mast/HST/big.fits")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();
        serve::ServeOptions options;
        options.artifactRoot = root.path();
        ServerThread server(s, options);
        net::HttpClient client(clientOptions());
        net::HttpRequest request;
        request.url = server.url(QStringLiteral("/files/mast/HST/big.fits"));
        auto whole = client.perform(request);
        QVERIFY(whole);
        QCOMPARE(whole->status, 200L);
        QCOMPARE(whole->header("content-length").value_or(""), std::to_string(content.size()));
        QVERIFY(whole->body == content.toStdString());
        request.headers = {{"Range", "bytes=1000000-2999999"}};
        auto part = client.perform(request);
        QVERIFY(part);
        QCOMPARE(part->status, 206L);
        QVERIFY(part->body == content.mid(1000000, 2000000).toStdString());
    }
};

QTEST_GUILESS_MAIN(TestServeLoad)
#include "tst_serve_load.moc"
