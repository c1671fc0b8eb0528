#include "scripted_http_server.h"

#include <QFile>
#include <QMutex>
#include <QMutexLocker>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <sys/socket.h>

#include <algorithm>

namespace testsupport {

struct ScriptedHttpServer::Shared {
    mutable QMutex mutex;
    QList<ScriptedResponse> queue;
    QList<RecordedRequest> journal;
    int connections = 0;
};

ScriptedResponse ScriptedResponse::ok(QByteArray body, QByteArray contentType)
{
    ScriptedResponse response;
    response.body = std::move(body);
    response.headers.append({"Content-Type", std::move(contentType)});
    return response;
}

ScriptedResponse ScriptedResponse::withStatus(int status, QByteArray body)
{
    ScriptedResponse response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

QByteArray RecordedRequest::header(const QByteArray &name) const
{
    const QByteArray wanted = name.toLower();
    for (const auto &[key, value] : headers) {
        if (key == wanted)
            return value;
    }
    return {};
}

bool RecordedRequest::hasHeader(const QByteArray &name) const
{
    const QByteArray wanted = name.toLower();
    return std::any_of(headers.begin(), headers.end(), [&](const auto &pair) { return pair.first == wanted; });
}

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

// One client connection: reads requests one at a time, answers each from the script.
class Connection : public QObject {
public:
    Connection(QTcpSocket *socket, int number, std::shared_ptr<ScriptedHttpServer::Shared> shared, QObject *parent)
        : QObject(parent),
          m_socket(socket),
          m_number(number),
          m_shared(std::move(shared))
    {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, &Connection::process);
        connect(socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    }

private:
    void process()
    {
        if (m_busy)
            return;
        m_buffer += m_socket->readAll();
        const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        RecordedRequest request;
        const QList<QByteArray> lines = m_buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        qsizetype contentLength = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = lines[i].left(colon).trimmed().toLower();
            const QByteArray value = lines[i].mid(colon + 1).trimmed();
            request.headers.append({name, value});
            if (name == "content-length")
                contentLength = value.toLongLong();
        }
        const qsizetype total = headerEnd + 4 + contentLength;
        if (m_buffer.size() < total)
            return; // the body is still on its way (chunked request bodies are not supported)
        request.body = m_buffer.mid(headerEnd + 4, contentLength);
        m_buffer.remove(0, total);
        request.connection = m_number;
        if (auto *tls = qobject_cast<QSslSocket *>(m_socket))
            request.clientCertCommonName = tls->peerCertificate().subjectInfo(QSslCertificate::CommonName).value(0);

        ScriptedResponse response = ScriptedResponse::withStatus(500, "no scripted response\n");
        {
            QMutexLocker lock(&m_shared->mutex);
            m_shared->journal.append(request);
            if (!m_shared->queue.isEmpty())
                response = m_shared->queue.takeFirst();
        }
        m_busy = true;
        const bool head = request.method == "HEAD";
        if (response.delayMs > 0)
            QTimer::singleShot(response.delayMs, this, [this, response, head] { respond(response, head); });
        else
            respond(response, head);
    }

    void respond(const ScriptedResponse &response, bool head)
    {
        if (response.reset) {
            // SO_LINGER with a zero timeout turns close() into a RST instead of an orderly FIN.
            const linger hard{1, 0};
            ::setsockopt(static_cast<int>(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
            m_socket->abort();
            return;
        }
        const bool cut = response.cutAfter.has_value();
        const QByteArray body = cut ? response.body.left(*response.cutAfter) : response.body;
        QByteArray out =
            "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
        using Framing = ScriptedResponse::Framing;
        if (response.framing == Framing::ContentLength)
            out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
        else if (response.framing == Framing::Chunked)
            out += "Transfer-Encoding: chunked\r\n";
        for (const auto &[name, value] : response.headers)
            out += name + ": " + value + "\r\n";
        if (!response.keepAlive || response.framing == Framing::CloseDelimited)
            out += "Connection: close\r\n";
        out += "\r\n";
        if (!head) {
            if (response.framing != Framing::Chunked) {
                out += body;
            } else if (cut) {
                // One chunk announced whole, then only part of it: no terminator will ever come.
                out += QByteArray::number(response.body.size(), 16) + "\r\n" + body;
            } else {
                const qsizetype half = body.size() / 2;
                for (const QByteArray &chunk : {body.left(half), body.mid(half)}) {
                    if (!chunk.isEmpty())
                        out += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
                }
                out += "0\r\n\r\n";
            }
        }
        m_socket->write(out);
        if (cut || !response.keepAlive || response.framing == Framing::CloseDelimited) {
            m_socket->disconnectFromHost(); // after the written bytes are flushed
            return;
        }
        m_busy = false;
        if (!m_buffer.isEmpty() || m_socket->bytesAvailable() > 0)
            QTimer::singleShot(0, this, &Connection::process);
    }

    QTcpSocket *m_socket;
    int m_number;
    std::shared_ptr<ScriptedHttpServer::Shared> m_shared;
    QByteArray m_buffer;
    bool m_busy = false;
};

} // namespace

// Accepts connections in the server thread, wrapping them in TLS when configured.
class ScriptedListener : public QTcpServer {
public:
    explicit ScriptedListener(std::shared_ptr<ScriptedHttpServer::Shared> shared) : m_shared(std::move(shared)) {}

    std::optional<QSslConfiguration> tls;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        int number = 0;
        {
            QMutexLocker lock(&m_shared->mutex);
            number = ++m_shared->connections;
        }
        QTcpSocket *socket = tls ? new QSslSocket : new QTcpSocket;
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        new Connection(socket, number, m_shared, this);
        if (tls) {
            auto *secure = static_cast<QSslSocket *>(socket);
            secure->setSslConfiguration(*tls);
            secure->startServerEncryption();
        }
    }

private:
    std::shared_ptr<ScriptedHttpServer::Shared> m_shared;
};

ScriptedHttpServer::ScriptedHttpServer() : m_shared(std::make_shared<Shared>()) {}

ScriptedHttpServer::~ScriptedHttpServer()
{
    if (m_thread) {
        ScriptedListener *listener = m_listener;
        QMetaObject::invokeMethod(
            listener, [listener] { delete listener; }, Qt::BlockingQueuedConnection);
        m_thread->quit();
        m_thread->wait();
        delete m_thread;
    }
}

namespace {

std::optional<QSslConfiguration> loadTls(const TlsServerConfig &config, QString *error)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(config.certFile);
    QFile keyFile(config.keyFile);
    if (chain.isEmpty() || !keyFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1 or %2").arg(config.certFile, config.keyFile);
        return std::nullopt;
    }
    const QByteArray keyPem = keyFile.readAll();
    QSslKey key;
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa}) {
        key = QSslKey(keyPem, algorithm, QSsl::Pem);
        if (!key.isNull())
            break;
    }
    if (key.isNull()) {
        *error = QStringLiteral("cannot load the key %1").arg(config.keyFile);
        return std::nullopt;
    }
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    if (config.tls12Only)
        tls.setProtocol(QSsl::TlsV1_2);
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    if (config.clientCaFile.isEmpty()) {
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    } else {
        tls.setCaCertificates(QSslCertificate::fromPath(config.clientCaFile));
        tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    }
    return tls;
}

} // namespace

bool ScriptedHttpServer::start(const std::optional<TlsServerConfig> &tls, QString *error)
{
    QString ignored;
    QString &why = error ? *error : ignored;
    if (m_thread) {
        why = QStringLiteral("already started");
        return false;
    }
    auto *listener = new ScriptedListener(m_shared);
    if (tls) {
        listener->tls = loadTls(*tls, &why);
        if (!listener->tls) {
            delete listener;
            return false;
        }
    }
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("ScriptedHttpServer"));
    listener->moveToThread(m_thread);
    m_listener = listener;
    m_thread->start();
    bool listening = false;
    QMetaObject::invokeMethod(
        listener, [&] { listening = listener->listen(QHostAddress::LocalHost, 0); }, Qt::BlockingQueuedConnection);
    if (!listening) {
        why = QStringLiteral("cannot listen: %1").arg(listener->errorString());
        return false;
    }
    m_port = listener->serverPort();
    m_tls = tls.has_value();
    return true;
}

quint16 ScriptedHttpServer::port() const
{
    return m_port;
}

QString ScriptedHttpServer::url(const QString &path, const QString &host) const
{
    return (m_tls ? QStringLiteral("https://") : QStringLiteral("http://")) + host + QLatin1Char(':')
        + QString::number(m_port) + path;
}

std::string ScriptedHttpServer::urlString(const QString &path, const QString &host) const
{
    return url(path, host).toStdString();
}

void ScriptedHttpServer::enqueue(const ScriptedResponse &response)
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->queue.append(response);
}

void ScriptedHttpServer::enqueue(const QList<ScriptedResponse> &responses)
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->queue.append(responses);
}

QList<RecordedRequest> ScriptedHttpServer::requests() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->journal;
}

int ScriptedHttpServer::requestCount() const
{
    QMutexLocker lock(&m_shared->mutex);
    return static_cast<int>(m_shared->journal.size());
}

int ScriptedHttpServer::connectionCount() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->connections;
}

int ScriptedHttpServer::pendingResponses() const
{
    QMutexLocker lock(&m_shared->mutex);
    return static_cast<int>(m_shared->queue.size());
}

} // namespace testsupport
