#include "fault_proxy.h"

#include "http_message.h"

#include <QMutex>
#include <QMutexLocker>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <sys/socket.h>

#include <algorithm>
#include <optional>

namespace testsupport {

namespace {
// Long enough for any test upstream, short enough that a wedged upstream does not hang a test run.
constexpr int upstreamTimeoutMs = 120 * 1000;
} // namespace

struct FaultProxy::Shared {
    mutable QMutex mutex;
    FaultRuleSet rules;
    QList<FaultJournalEntry> journal;
    std::function<void(const FaultJournalEntry &)> observer;
    QString upstreamHost;
    quint16 upstreamPort = 0;

    // Called in request arrival order, so the random stream is consumed alike for the same request sequence.
    std::optional<FaultRule> choose(const HttpRequest &request)
    {
        QMutexLocker lock(&mutex);
        return rules.choose(request.method, request.target);
    }

    void record(const FaultJournalEntry &entry)
    {
        std::function<void(const FaultJournalEntry &)> notify;
        {
            QMutexLocker lock(&mutex);
            journal.append(entry);
            notify = observer;
        }
        if (notify)
            notify(entry);
    }
};

namespace {

// One client connection, living in the proxy thread: reads requests one at a time, answers each either
// from its rule or through a fresh upstream connection.
class ClientConnection : public QObject {
public:
    ClientConnection(QTcpSocket *socket, std::shared_ptr<FaultProxy::Shared> shared, QObject *parent)
        : QObject(parent),
          m_socket(socket),
          m_shared(std::move(shared))
    {
        socket->setParent(this);
        m_timeout.setSingleShot(true);
        connect(&m_timeout, &QTimer::timeout, this, [this] { failUpstream(504, "fault proxy: upstream timed out\n"); });
        connect(socket, &QTcpSocket::readyRead, this, &ClientConnection::readClient);
        connect(socket, &QTcpSocket::disconnected, this, &ClientConnection::clientGone);
    }

private:
    // A client that leaves mid-request (gave up waiting on a delay, say) still gets its journal entry, with
    // the status and body bytes it was sent so far (0 when nothing), so tests can see the request happened.
    void clientGone()
    {
        if (m_busy) {
            m_busy = false;
            m_shared->record(m_entry);
        }
        m_gone = true; // a delay or pacing timer may still fire before the deferred delete: it must not record
        dropUpstream();
        deleteLater();
    }

    void readClient()
    {
        m_requests.append(m_socket->readAll());
        if (!m_busy)
            processNext();
    }

    void processNext()
    {
        if (m_busy || m_closing)
            return;
        HttpRequest request;
        const ReadStatus status = m_requests.next(&request);
        if (status == ReadStatus::NeedMore)
            return;
        m_busy = true;
        m_entry = {};
        m_rule.reset();
        if (status == ReadStatus::Malformed) {
            m_request = {};
            m_closeAfter = true; // the stream cannot be resynchronised after a bad request
            answer(400, {{"Content-Type", "text/plain"}}, "fault proxy: malformed request\n");
            return;
        }
        m_request = std::move(request);
        m_entry.method = m_request.method;
        m_entry.target = m_request.target;
        m_closeAfter = m_request.wantsClose();
        m_rule = m_shared->choose(m_request);
        if (!m_rule) {
            forward();
            return;
        }
        m_entry.rule = m_rule->name;
        if (m_rule->action == FaultAction::Status) {
            HttpHeaders headers{{"Content-Type", m_rule->contentType}};
            if (!m_rule->retryAfter.isEmpty())
                headers.append({"Retry-After", m_rule->retryAfter});
            const QByteArray body = !m_rule->body.isEmpty()
                ? m_rule->body
                : "fault proxy: " + QByteArray::number(m_rule->code) + ' ' + reasonPhrase(m_rule->code) + '\n';
            answer(m_rule->code, headers, body);
        } else if (m_rule->action == FaultAction::ReplaceBody) {
            answer(m_rule->code, {{"Content-Type", m_rule->contentType}}, m_rule->body);
        } else if (m_rule->action == FaultAction::Reset) {
            resetClient();
        } else if (m_rule->action == FaultAction::Endless) {
            startEndless();
        } else {
            forward();
        }
    }

    // Writes a whole response framed by Content-Length and moves on. A HEAD answer has no body; it announces
    // `headLength` (the upstream's Content-Length, none when -1), or the body size when not given.
    void answer(int status, HttpHeaders headers, const QByteArray &body, std::optional<qint64> headLength = {})
    {
        const bool head = m_request.method == "HEAD";
        const qint64 length = head && headLength ? *headLength : body.size();
        if (length >= 0)
            headers.append(qMakePair(QByteArray("Content-Length"), QByteArray::number(length)));
        if (m_closeAfter)
            headers.append(qMakePair(QByteArray("Connection"), QByteArray("close")));
        m_socket->write(serializeResponseHead(status, headers));
        m_entry.status = status;
        m_entry.bodyBytes = head ? 0 : body.size();
        if (!head && m_rule && m_rule->action == FaultAction::Delay && m_rule->chunkDelayMs > 0) {
            m_entry.bodyBytes = 0; // counted piece by piece, in case the client leaves half-way
            writePaced(body, 0);
            return;
        }
        if (!head)
            m_socket->write(body);
        finishRequest();
    }

    // delay with chunk-ms: the body in pieces with pauses between, so a client's timeout between body bytes
    // can be tested as well as its wait for the headers. Each piece is flushed before the pause.
    void writePaced(const QByteArray &body, qsizetype from)
    {
        if (m_gone)
            return;
        const qsizetype piece = static_cast<qsizetype>(std::min<qint64>(m_rule->chunkBytes, body.size() - from));
        m_socket->write(body.mid(from, piece));
        m_entry.bodyBytes += piece;
        if (from + piece >= body.size()) {
            finishRequest(); // journal first, bytes after (from the event loop), as for every answer
            return;
        }
        m_socket->flush();
        QTimer::singleShot(m_rule->chunkDelayMs, this, [this, body, next = from + piece] { writePaced(body, next); });
    }

    void finishRequest()
    {
        if (m_gone)
            return;
        m_shared->record(m_entry);
        m_busy = false;
        if (m_closeAfter) {
            m_closing = true;
            m_socket->disconnectFromHost(); // after the written bytes are flushed
            return;
        }
        if (m_requests.hasBufferedBytes()) // a pipelined request: answer it from the event loop
            QTimer::singleShot(0, this, &ClientConnection::processNext);
    }

    void resetClient()
    {
        // SO_LINGER with a zero timeout turns close() into a RST instead of an orderly FIN.
        const linger hard{1, 0};
        ::setsockopt(static_cast<int>(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        m_closing = true;
        m_busy = false; // abort() emits disconnected: clientGone() must not record the request again
        m_shared->record(m_entry);
        m_socket->abort();
    }

    void forward()
    {
        m_reader.emplace(m_request.method == "HEAD");
        m_upstream = new QTcpSocket(this);
        connect(m_upstream, &QTcpSocket::connected, this,
                [this] { m_upstream->write(m_request.serializeForUpstream()); });
        connect(m_upstream, &QTcpSocket::readyRead, this, [this] {
            const ReadStatus status = m_reader->append(m_upstream->readAll());
            if (status == ReadStatus::Complete)
                upstreamDone();
            else if (status == ReadStatus::Malformed)
                failUpstream(502, "fault proxy: malformed upstream response\n");
        });
        // A remote close may come as an error, as a disconnect, or both: upstreamEnded() runs once.
        connect(m_upstream, &QTcpSocket::disconnected, this, &ClientConnection::upstreamEnded);
        connect(m_upstream, &QTcpSocket::errorOccurred, this, &ClientConnection::upstreamEnded);
        m_timeout.start(upstreamTimeoutMs);
        m_upstream->connectToHost(m_shared->upstreamHost, m_shared->upstreamPort);
    }

    void upstreamEnded()
    {
        if (!m_upstream)
            return;
        m_reader->append(m_upstream->readAll());
        const ReadStatus status = m_reader->finish();
        if (status == ReadStatus::Malformed)
            failUpstream(502, "fault proxy: upstream unreachable or no response\n");
        else
            upstreamDone();
    }

    void dropUpstream()
    {
        m_timeout.stop();
        if (!m_upstream)
            return;
        m_upstream->disconnect(this);
        m_upstream->abort();
        m_upstream->deleteLater();
        m_upstream = nullptr;
    }

    void failUpstream(int status, const QByteArray &text)
    {
        dropUpstream();
        answer(status, {{"Content-Type", "text/plain"}}, text);
    }

    void upstreamDone()
    {
        dropUpstream();
        HttpResponse response = m_reader->response();
        HttpHeaders headers = response.headers;
        for (const char *framing : {"Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive"})
            removeHeaders(headers, framing);
        if (!response.complete) {
            relayCut(response, headers);
            return;
        }
        const FaultAction action = m_rule ? m_rule->action : FaultAction::Status; // Status: pass through
        if (action == FaultAction::Truncate) {
            truncate(response, headers);
        } else if (action == FaultAction::UnderstateLength) {
            understateLength(response, std::move(headers));
        } else if (action == FaultAction::Delay) {
            QTimer::singleShot(m_rule->delayMs, this, [this, response, headers] {
                answer(response.status, headers, response.body, response.announcedLength);
            });
        } else {
            if (action == FaultAction::CorruptDocument)
                corruptCaomDocument(&response.body);
            else if (action == FaultAction::Crlf)
                response.body = toCrlf(response.body);
            answer(response.status, headers, response.body, response.announcedLength);
        }
    }

    // The action: the upstream's answer whole, under a Content-Length shorter than it, then close.
    void understateLength(const HttpResponse &response, HttpHeaders headers)
    {
        const qint64 size = response.body.size();
        const qint64 announced = m_rule->bytes < 0 ? size / 2 : std::min(m_rule->bytes, size);
        headers.append(qMakePair(QByteArray("Content-Length"), QByteArray::number(announced)));
        headers.append(qMakePair(QByteArray("Connection"), QByteArray("close")));
        QByteArray out = serializeResponseHead(response.status, headers);
        if (m_request.method != "HEAD") {
            out += response.body;
            m_entry.bodyBytes = size;
        }
        m_socket->write(out);
        m_entry.status = response.status;
        m_closeAfter = true;
        finishRequest();
    }

    // The action: a chunked 200 whose body never ends. More is written whenever the client has taken what
    // was sent (bytesWritten), so the pace is the client's and memory stays bounded; a safety limit closes
    // the connection should a client under test never stop reading.
    void startEndless()
    {
        m_entry.status = 200;
        m_socket->write(
            serializeResponseHead(200, {{"Content-Type", m_rule->contentType}, {"Transfer-Encoding", "chunked"}}));
        connect(m_socket, &QTcpSocket::bytesWritten, this, &ClientConnection::writeEndless);
        writeEndless();
    }

    void writeEndless()
    {
        constexpr qint64 safetyLimit = qint64(1) << 30;
        if (m_gone || m_socket->bytesToWrite() > 256 * 1024)
            return;
        if (m_entry.bodyBytes > safetyLimit) {
            m_socket->abort();
            return;
        }
        QByteArray piece;
        for (int i = 0; i < 256; ++i)
            piece += QByteArray(m_rule->body).replace("{n}", QByteArray::number(m_endlessCounter++));
        m_entry.bodyBytes += piece.size();
        m_socket->write(QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n");
    }

    // The action: the upstream's headers, then only k body bytes, then close.
    void truncate(const HttpResponse &response, HttpHeaders headers)
    {
        const qint64 size = response.body.size();
        const qint64 kept = m_rule->bytes < 0 ? size / 2 : std::min(m_rule->bytes, size);
        const QByteArray part = response.body.left(kept);
        const TruncateFraming framing =
            m_rule->framing == TruncateFraming::Upstream ? upstreamFraming(response) : m_rule->framing;
        writeCut(response.status, std::move(headers), part, framing, size);
    }

    // The upstream itself stopped mid-body: pass the damage on in the upstream's own framing.
    void relayCut(const HttpResponse &response, HttpHeaders headers)
    {
        writeCut(response.status, std::move(headers), response.body, upstreamFraming(response),
                 std::max<qint64>(response.announcedLength, response.body.size()));
    }

    static TruncateFraming upstreamFraming(const HttpResponse &response)
    {
        if (response.wasChunked)
            return TruncateFraming::Chunked;
        return response.announcedLength >= 0 ? TruncateFraming::ContentLength : TruncateFraming::Close;
    }

    // `framing` is resolved (never Upstream). Close announces nothing: the client learns of the end by the
    // close, as it would from an upstream that sent a close-delimited body.
    void writeCut(int status, HttpHeaders headers, const QByteArray &part, TruncateFraming framing, qint64 announced)
    {
        const bool chunked = framing == TruncateFraming::Chunked;
        if (chunked)
            headers.append(qMakePair(QByteArray("Transfer-Encoding"), QByteArray("chunked")));
        else if (framing == TruncateFraming::ContentLength)
            headers.append(qMakePair(QByteArray("Content-Length"), QByteArray::number(announced)));
        headers.append(qMakePair(QByteArray("Connection"), QByteArray("close")));
        QByteArray out = serializeResponseHead(status, headers);
        if (m_request.method != "HEAD") {
            // Whole chunks only, and never a zero-size one: that would be the terminator.
            if (chunked && !part.isEmpty())
                out += QByteArray::number(part.size(), 16) + "\r\n" + part + "\r\n";
            else if (!chunked)
                out += part;
            m_entry.bodyBytes = part.size();
        }
        m_socket->write(out);
        m_entry.status = status;
        m_closeAfter = true;
        finishRequest();
    }

    QTcpSocket *m_socket;
    std::shared_ptr<FaultProxy::Shared> m_shared;
    RequestReader m_requests;
    HttpRequest m_request;
    std::optional<FaultRule> m_rule;
    FaultJournalEntry m_entry;
    QTcpSocket *m_upstream = nullptr;
    std::optional<ResponseReader> m_reader;
    QTimer m_timeout; // bounds the wait for the upstream
    bool m_busy = false;
    bool m_closeAfter = false;
    bool m_closing = false;
    bool m_gone = false;         // the client disconnected; this object is about to be deleted
    qint64 m_endlessCounter = 0; // Endless: the next "{n}"
};

} // namespace

// Accepts connections in the proxy thread; connections are its children, so deleting it closes them all.
class ProxyListener : public QTcpServer {
public:
    explicit ProxyListener(std::shared_ptr<FaultProxy::Shared> shared) : m_shared(std::move(shared)) {}

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket;
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        new ClientConnection(socket, m_shared, this);
    }

private:
    std::shared_ptr<FaultProxy::Shared> m_shared;
};

FaultProxy::FaultProxy() : m_shared(std::make_shared<Shared>()) {}

FaultProxy::~FaultProxy()
{
    stop();
}

QString FaultProxy::start(const QUrl &upstream, quint64 seed, const QHostAddress &address, quint16 port)
{
    if (m_thread) {
        m_error = QStringLiteral("already started");
        return {};
    }
    if (upstream.scheme() != QLatin1String("http") || upstream.host().isEmpty()) {
        m_error = QStringLiteral("upstream must be an http:// URL with a host: %1").arg(upstream.toString());
        return {};
    }
    {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->upstreamHost = upstream.host();
        m_shared->upstreamPort = static_cast<quint16>(upstream.port(80));
        m_shared->rules.seed(seed);
    }
    auto *listener = new ProxyListener(m_shared);
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("FaultProxy"));
    listener->moveToThread(m_thread);
    m_listener = listener;
    m_thread->start();
    bool listening = false;
    QMetaObject::invokeMethod(
        listener, [&] { listening = listener->listen(address, port); }, Qt::BlockingQueuedConnection);
    if (!listening) {
        m_error =
            QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(listener->errorString());
        stop();
        return {};
    }
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
        ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
        : address.toString();
    m_baseUrl = QStringLiteral("http://") + host + QLatin1Char(':') + QString::number(listener->serverPort());
    return m_baseUrl;
}

void FaultProxy::stop()
{
    if (!m_thread)
        return;
    ProxyListener *listener = m_listener;
    QMetaObject::invokeMethod(
        listener, [listener] { delete listener; }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_listener = nullptr;
    m_baseUrl.clear();
}

void FaultProxy::setRules(const QList<FaultRule> &rules)
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->rules.setRules(rules);
}

QList<FaultJournalEntry> FaultProxy::journal() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->journal;
}

void FaultProxy::clearJournal()
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->journal.clear();
}

void FaultProxy::setJournalObserver(std::function<void(const FaultJournalEntry &)> observer)
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->observer = std::move(observer);
}

} // namespace testsupport
