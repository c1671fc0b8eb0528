#include "serve/repository_server.h"

#include "common/logging.h"
#include "net/http_date.h"
#include "serve/body_streams.h"
#include "serve/capabilities_document.h"
#include "serve/observation_handlers.h"
#include "serve/publication_feed_handler.h"
#include "serve/request_context.h"
#include "serve/worker_pool.h"
#include "serve/write_handlers.h"

#include <QDateTime>
#include <QFile>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLocale>
#include <QMimeDatabase>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QThread>

namespace serve {
namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return "GET";
    case QHttpServerRequest::Method::Head: return "HEAD";
    case QHttpServerRequest::Method::Put: return "PUT";
    case QHttpServerRequest::Method::Post: return "POST";
    case QHttpServerRequest::Method::Delete: return "DELETE";
    case QHttpServerRequest::Method::Options: return "OPTIONS";
    case QHttpServerRequest::Method::Patch: return "PATCH";
    default: return "OTHER";
    }
}

QByteArray httpDate(const QDateTime &time)
{
    return QLocale::c().toString(time.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
}

QByteArray logDate(const QDateTime &time)
{
    return QLocale::c().toString(time.toUTC(), QStringLiteral("dd/MMM/yyyy:hh:mm:ss '+0000'")).toLatin1();
}

// One Common Log Format line. Concatenated, never formatted: a URL's "%3A" must not become a placeholder.
QString accessLogLine(const QString &host, const QString &user, const QByteArray &method, const QByteArray &target,
                      int status, qint64 bytes)
{
    return host + QStringLiteral(" - ") + user + QStringLiteral(" [")
        + QString::fromLatin1(logDate(QDateTime::currentDateTimeUtc())) + QStringLiteral("] \"")
        + QString::fromLatin1(method) + QLatin1Char(' ') + QString::fromLatin1(target) + QStringLiteral(" HTTP/1.1\" ")
        + QString::number(status) + QLatin1Char(' ') + QString::number(bytes);
}

// A listening socket that shows each new connection to `accept` before the HTTP server takes it, so the
// connection gets its limits before a byte of it is parsed. Qt's server takes connections through this
// (virtual) function.
template <class Server>
class GuardedServer : public Server {
public:
    explicit GuardedServer(std::function<bool(QTcpSocket *)> accept) : m_accept(std::move(accept)) {}
    QTcpSocket *nextPendingConnection() override
    {
        while (QTcpSocket *socket = Server::nextPendingConnection())
            if (m_accept(socket))
                return socket;
        return nullptr;
    }

private:
    std::function<bool(QTcpSocket *)> m_accept;
};

int defaultWorkers()
{
    return std::max(2, QThread::idealThreadCount());
}

} // namespace

RepositoryServer::RepositoryServer(std::shared_ptr<store::Store> store, ServeOptions options, QObject *parent)
    : QAbstractHttpServer(parent),
      m_store(std::move(store)),
      m_options(std::move(options)),
      m_files(m_options.artifactRoot),
      m_rules(RoutingRules::from(m_options, m_files.enabled()))
{
    m_limits.requestTimeoutMs = m_options.requestTimeoutMs;
    const int workers = m_options.workers > 0 ? m_options.workers : defaultWorkers();
    m_pool = std::make_unique<WorkerPool>(m_store, workers, std::max(64, 4 * m_options.maxConnections));
    m_sweep.setParent(this);
    m_sweep.setInterval(std::clamp(m_limits.requestTimeoutMs / 4, 20, 1000));
    connect(&m_sweep, &QTimer::timeout, this, [this] {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (Connection *connection : m_connections.values()) // a copy: a sweep may close connections
            if (m_connections.contains(connection->id()))
                connection->sweep(now);
    });
}

RepositoryServer::~RepositoryServer()
{
    m_pool.reset(); // no worker runs past this line; answers they posted are dropped with this object
    for (Connection *connection : std::as_const(m_connections))
        connection->detach(); // the sockets (and their connections) outlive this body
    m_connections.clear();
}

int RepositoryServer::workerCount() const
{
    return m_pool->threadCount();
}

quint16 RepositoryServer::start(QString *error)
{
    if (!m_options.tlsCertificate.isEmpty()) {
        QFile certificateFile(m_options.tlsCertificate);
        QFile keyFile(m_options.tlsKey);
        if (!certificateFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read the TLS certificate %1 or key %2")
                         .arg(m_options.tlsCertificate, m_options.tlsKey);
            return 0;
        }
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificateChain(QSslCertificate::fromData(certificateFile.readAll(), QSsl::Pem));
        const QByteArray keyPem = keyFile.readAll();
        QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
        if (key.isNull() || tls.localCertificateChain().isEmpty()) {
            *error = QStringLiteral("%1 or %2 is not a PEM certificate and key")
                         .arg(m_options.tlsCertificate, m_options.tlsKey);
            return 0;
        }
        tls.setPrivateKey(key);
        if (!m_options.tlsClientCa.isEmpty()) {
            tls.setCaCertificates(QSslCertificate::fromPath(m_options.tlsClientCa));
            tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
        }
        m_tls = tls;
        m_tlsEnabled = true;
    }
    auto accept = [this](QTcpSocket *socket) { return this->accept(socket); };
    QTcpServer *listener = nullptr;
    if (m_tlsEnabled) {
        auto *tlsListener = new GuardedServer<QSslServer>(accept);
        tlsListener->setSslConfiguration(m_tls);
        listener = tlsListener;
    } else {
        listener = new GuardedServer<QTcpServer>(accept);
    }
    if (!listener->listen(m_options.address, m_options.port)) {
        *error = QStringLiteral("cannot listen on %1:%2: %3")
                     .arg(m_options.address.toString())
                     .arg(m_options.port)
                     .arg(listener->errorString());
        delete listener;
        return 0;
    }
    bind(listener);
    m_port = listener->serverPort();
    m_sweep.start();
    return m_port;
}

QString RepositoryServer::capabilitiesUrl() const
{
    const QString host = m_options.address.protocol() == QAbstractSocket::IPv6Protocol
        ? QLatin1Char('[') + m_options.address.toString() + QLatin1Char(']')
        : m_options.address.toString();
    return QStringLiteral("%1://%2:%3%4/capabilities")
        .arg(m_options.tlsCertificate.isEmpty() ? QStringLiteral("http") : QStringLiteral("https"), host)
        .arg(m_port)
        .arg(m_options.prefix);
}

bool RepositoryServer::accept(QTcpSocket *socket)
{
    if (m_connections.size() >= m_options.maxConnections) {
        const QByteArray body = "too many connections; try again shortly\n";
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(m_limits.requestTimeoutMs, socket, [socket] { socket->abort(); });
        socket->write("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\n"
                      "Content-Type: text/plain; charset=utf-8\r\nContent-Length: "
                      + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        socket->disconnectFromHost();
        qCWarning(lcServe, "refused a connection from %s: %d connections are open already",
                  qPrintable(socket->peerAddress().toString()), int(m_connections.size()));
        return false;
    }
    const quint64 id = m_nextConnection++;
    Connection::Callbacks callbacks;
    callbacks.askPiece = [this](quint64 connection, quint64 exchange, std::shared_ptr<BodyStream> stream) {
        askPiece(connection, exchange, std::move(stream));
    };
    callbacks.log = [this](const Exchange &exchange, int status, const QByteArray &note) {
        logAnswer(exchange, status, note);
    };
    callbacks.closed = [this](quint64 connection) { m_connections.remove(connection); };
    m_connections.insert(id, new Connection(socket, id, m_limits, std::move(callbacks)));
    return true;
}

Connection *RepositoryServer::connectionOf(QTcpSocket *socket) const
{
    return socket->findChild<Connection *>(QString(), Qt::FindDirectChildrenOnly);
}

bool RepositoryServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Connection *connection = connectionOf(socket);
    if (!connection || !connection->requestArrived())
        return true; // refused or closed: nothing more is answered on it
    Exchange exchange;
    exchange.id = m_nextExchange++;
    exchange.method = methodName(request.method());
    exchange.target = request.url().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
    exchange.peer = request.remoteAddress().toString();
    exchange.user = QStringLiteral("-");
    exchange.head = request.method() == QHttpServerRequest::Method::Head;

    IncomingRequest incoming;
    incoming.method = exchange.method;
    incoming.path = request.url().path(QUrl::FullyEncoded).toLatin1();
    incoming.query = request.query();
    incoming.headers = request.headers();
    incoming.body = request.body();
    incoming.tls = qobject_cast<QSslSocket *>(socket) != nullptr;
    if (auto *ssl = qobject_cast<QSslSocket *>(socket); ssl && !ssl->peerCertificate().isNull()) {
        const QStringList names = ssl->peerCertificate().subjectInfo(QSslCertificate::CommonName);
        incoming.certificateUser = names.isEmpty() ? QStringLiteral("certificate") : names.front();
    }
    incoming.listeningHost = QStringLiteral("%1:%2").arg(m_options.address.toString()).arg(m_port).toLatin1();
    RequestPlan plan = planRequest(incoming, m_rules);
    exchange.user = plan.user;
    if (plan.refused()) {
        exchange.reply = Reply::text(plan.status, plan.message);
        connection->queue(std::move(exchange));
        return true;
    }
    answerLater(connection, std::move(exchange), std::move(plan));
    return true;
}

void RepositoryServer::answerLater(Connection *connection, Exchange exchange, RequestPlan plan)
{
    const quint64 connectionId = connection->id();
    const quint64 exchangeId = exchange.id;
    connection->queue(std::move(exchange));
    const bool queued = m_pool->submitRequest([this, connectionId, exchangeId, plan = std::move(plan)] {
        Reply reply = perform(plan);
        QMetaObject::invokeMethod(
            this,
            [this, connectionId, exchangeId, reply = std::move(reply)] {
                if (Connection *open = m_connections.value(connectionId))
                    open->answer(exchangeId, reply);
            },
            Qt::QueuedConnection);
    });
    if (!queued) {
        Reply busy = Reply::text(503, "busy: too many requests are waiting; try again shortly");
        connection->answer(exchangeId, busy.header("Retry-After", "1"));
    }
}

void RepositoryServer::askPiece(quint64 connectionId, quint64 exchangeId, std::shared_ptr<BodyStream> stream)
{
    m_pool->submitContinuation([this, connectionId, exchangeId, stream = std::move(stream)] {
        bool last = false;
        QByteArray error;
        const QByteArray data = stream->next(&last, &error);
        QMetaObject::invokeMethod(
            this,
            [this, connectionId, exchangeId, data, last, error] {
                if (Connection *open = m_connections.value(connectionId))
                    open->piece(exchangeId, data, last, error);
            },
            Qt::QueuedConnection);
    });
}

void RepositoryServer::logAnswer(const Exchange &exchange, int status, const QByteArray &note)
{
    if (!note.isEmpty())
        qCWarning(lcServe, "%s %s from %s: %s", exchange.method.constData(), exchange.target.constData(),
                  qPrintable(exchange.peer), note.constData());
    if (m_options.accessLog)
        m_options.accessLog(
            accessLogLine(exchange.peer, exchange.user, exchange.method, exchange.target, status, exchange.bodyBytes));
}

void RepositoryServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Connection *connection = connectionOf(socket);
    if (!connection)
        return;
    Exchange exchange;
    exchange.id = m_nextExchange++;
    exchange.method = methodName(request.method());
    exchange.target = request.url().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
    exchange.peer = request.remoteAddress().toString();
    exchange.user = QStringLiteral("-");
    exchange.reply = Reply::text(404, "not found");
    connection->queue(std::move(exchange));
}

Reply RepositoryServer::perform(const RequestPlan &plan)
{
    const RequestContext &c = plan.context;
    switch (plan.route) {
    case Route::Refused: break;
    case Route::Capabilities: {
        Reply reply;
        reply.body = capabilitiesDocument(m_options, c.baseUrl);
        return reply.header("Content-Type", "text/xml; charset=utf-8");
    }
    case Route::Availability: {
        Reply reply;
        reply.body = availabilityDocument(true,
                                          m_options.writeMode != WriteMode::ReadOnly
                                              ? QStringLiteral("service is accepting requests")
                                              : QStringLiteral("service is read-only"));
        return reply.header("Content-Type", "text/xml; charset=utf-8");
    }
    case Route::ArtifactFile: return files(c, plan.item);
    case Route::PublicationFeed: return publicationFeed(m_store, c);
    case Route::CollectionList: return collectionList(m_store, m_options);
    case Route::StateListing: return stateListing(m_store, m_options, c, plan.collection);
    case Route::DeletionListing: return deletionListing(m_store, m_options, c, plan.collection);
    case Route::ObservationDocument:
        return observationDocument(m_store, m_options, plan.collection, plan.item, plan.documentVersion);
    case Route::PutObservation: return putObservation(m_store, m_options.writeMode, c, plan.collection, plan.item);
    case Route::PostObservation: return postObservation(m_store, m_options.writeMode, c, plan.collection, plan.item);
    case Route::DeleteObservation: return deleteObservation(m_store, plan.collection, plan.item);
    }
    return Reply::text(plan.status, plan.message);
}

Reply RepositoryServer::files(const RequestContext &c, const QString &relativePath)
{
    const auto file = m_files.find(relativePath);
    if (!file)
        return Reply::text(404, "not found: " + relativePath.toUtf8());
    const auto range = ArtifactFiles::range(c.range, file->size);
    if (!range) {
        Reply reply = Reply::text(416, "range not satisfiable");
        return reply.header("Content-Range", "bytes */" + QByteArray::number(file->size));
    }
    Reply reply;
    reply.status = range->partial ? 206 : 200;
    reply.header("Content-Type",
                 QMimeDatabase().mimeTypeForFile(file->path, QMimeDatabase::MatchExtension).name().toLatin1());
    reply.header("Last-Modified", httpDate(file->modified));
    reply.header("Accept-Ranges", "bytes");
    reply.header("Digest", "md5=" + file->md5.toBase64());
    reply.header("Content-MD5", file->md5.toBase64());
    if (range->partial)
        reply.header("Content-Range",
                     "bytes " + QByteArray::number(range->first) + '-' + QByteArray::number(range->last) + '/'
                         + QByteArray::number(file->size));
    const qint64 length = range->last - range->first + 1;
    if (c.head()) {
        reply.announcedLength = length;
        return reply;
    }
    // Read from disk a piece at a time as the client takes it, never whole into memory.
    auto data = std::make_unique<QFile>(file->path);
    if (!data->open(QIODevice::ReadOnly) || !data->seek(range->first))
        return Reply::text(500, "cannot read " + relativePath.toUtf8());
    reply.announcedLength = length;
    if (length > 0)
        reply.stream = std::make_shared<FileStream>(std::move(data), length);
    return reply;
}

} // namespace serve
