#include "serve/repository_server.h"

#include "common/logging.h"
#include "net/http_date.h"
#include "serve/capabilities_document.h"
#include "serve/observation_handlers.h"
#include "serve/request_context.h"
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
#include <QSslSocket>
#include <QTcpServer>

#include <openssl/crypto.h>

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

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 416: return "Range Not Satisfiable";
    case 422: return "Unprocessable Content";
    case 500: return "Internal Server Error";
    default: return "Status";
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

// Each segment decoded once: "%2B" is a '+', "%252B" stays "%2B".
QStringList decodedSegments(const QByteArray &encodedPath)
{
    QStringList segments;
    for (const QByteArray &part : encodedPath.split('/'))
        segments << QString::fromUtf8(QByteArray::fromPercentEncoding(part));
    return segments;
}

// Equal tokens, in a time that does not depend on where they differ (a byte-by-byte compare would tell an
// attacker how much of a guess was right). Only the length leaks, which a token's format gives away anyway.
bool sameToken(const QByteArray &offered, const QByteArray &configured)
{
    return offered.size() == configured.size()
        && CRYPTO_memcmp(offered.constData(), configured.constData(), std::size_t(configured.size())) == 0;
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

} // namespace

QString RequestContext::rest(int from) const
{
    return segments.mid(from).join(QLatin1Char('/'));
}

RepositoryServer::RepositoryServer(std::shared_ptr<store::Store> store, ServeOptions options, QObject *parent)
    : QAbstractHttpServer(parent),
      m_store(std::move(store)),
      m_options(std::move(options)),
      m_files(m_options.artifactRoot)
{}

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
        sslSetup(tls);
    }
    m_port = listen(m_options.address, m_options.port);
    if (m_port == 0)
        *error = QStringLiteral("cannot listen on %1:%2").arg(m_options.address.toString()).arg(m_options.port);
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

bool RepositoryServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const QByteArray path = request.url().path(QUrl::FullyEncoded).toLatin1();
    const QByteArray prefix = m_options.prefix.toUtf8();
    QString user = QStringLiteral("-");
    if (path != prefix && !path.startsWith(QByteArray(prefix + '/'))) {
        send(request, socket, Reply::text(404, "not found"), user);
        return true;
    }
    RequestContext context;
    context.method = methodName(request.method());
    context.segments = decodedSegments(path.mid(prefix.size() + 1));
    if (!context.segments.isEmpty() && context.segments.back().isEmpty() && context.segments.size() > 1)
        context.segments.removeLast(); // a trailing slash means the same resource
    context.query = request.query();
    context.body = request.body();
    context.ifMatch = request.value("If-Match");
    context.range = request.value("Range");
    const bool tls = qobject_cast<QSslSocket *>(socket) != nullptr;
    QByteArray host = request.value("Host");
    if (host.isEmpty())
        host = QStringLiteral("%1:%2").arg(m_options.address.toString()).arg(m_port).toLatin1();
    context.baseUrl = (tls ? "https://" : "http://") + host + prefix;

    if (auto *ssl = qobject_cast<QSslSocket *>(socket); ssl && !ssl->peerCertificate().isNull()) {
        const QStringList names = ssl->peerCertificate().subjectInfo(QSslCertificate::CommonName);
        user = names.isEmpty() ? QStringLiteral("certificate") : names.front();
        context.authenticated = true;
    }
    const QByteArray authorization = request.value("Authorization");
    if (authorization.startsWith("Bearer ")) {
        // The token is compared, never logged; the access log says only that one was used.
        if (m_options.token.isEmpty() || !sameToken(authorization.mid(7).trimmed(), m_options.token.toUtf8())) {
            send(request, socket, Reply::text(401, "invalid token"), QStringLiteral("-"));
            return true;
        }
        user = QStringLiteral("token");
        context.authenticated = true;
    }
    send(request, socket, route(context), user);
    return true;
}

void RepositoryServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    send(request, socket, Reply::text(404, "not found"), QStringLiteral("-"));
}

Reply RepositoryServer::route(const RequestContext &c)
{
    const QString first = c.segments.value(0);
    const bool read = c.method == "GET" || c.method == "HEAD";
    if (first == QLatin1String("capabilities") && read) {
        Reply reply;
        reply.body = capabilitiesDocument(m_options, c.baseUrl);
        return reply.header("Content-Type", "text/xml; charset=utf-8");
    }
    if (first == QLatin1String("availability") && read) {
        Reply reply;
        reply.body = availabilityDocument(true,
                                          m_options.writeMode != WriteMode::ReadOnly
                                              ? QStringLiteral("service is accepting requests")
                                              : QStringLiteral("service is read-only"));
        return reply.header("Content-Type", "text/xml; charset=utf-8");
    }
    const bool anonymousRefused = m_options.requireAuth || m_options.profile == Profile::CertificateOnly;
    if (anonymousRefused && !c.authenticated)
        return Reply::text(m_options.requireAuth ? 401 : 403, "permission denied: credentials required");
    if (first == QLatin1String("files") && m_files.enabled() && read)
        return files(c, c.rest(1));

    const bool obs24 = first == QLatin1String("observations") && m_options.profile != Profile::Legacy23;
    const bool obs23 = first == QLatin1String("obs23")
        && (m_options.profile == Profile::Legacy23 || m_options.profile == Profile::Both);
    const bool deletions = first == QLatin1String("deletions") && m_options.profile != Profile::NoDeletions;
    if (!obs24 && !obs23 && !deletions)
        return Reply::text(404, "not found");
    const QString collection = c.segments.value(1);
    if (read) {
        if (c.segments.size() <= 1 || collection.isEmpty())
            return collectionList(m_store, m_options);
        if (deletions)
            return c.segments.size() == 2 ? deletionListing(m_store, m_options, c, collection)
                                          : Reply::text(404, "not found");
        if (c.segments.size() == 2)
            return stateListing(m_store, m_options, c, collection);
        return observationDocument(m_store, m_options, collection, c.rest(2), obs24 ? 24 : 23);
    }
    if (deletions || c.segments.size() < 3)
        return Reply::text(405, "method not allowed here");
    if (m_options.writeMode == WriteMode::ReadOnly)
        return Reply::text(403, "read-only: this service does not accept writes");
    // Writes always need the credential the service was given, even where reads are open to anyone; only a
    // service given none (local seeding) accepts anonymous writes.
    const bool credentialConfigured = !m_options.token.isEmpty() || !m_options.tlsClientCa.isEmpty();
    if (credentialConfigured && !c.authenticated)
        return Reply::text(401, "permission denied: writes need the service's token or client certificate");
    if (c.method == "PUT")
        return putObservation(m_store, m_options.writeMode, c, collection, c.rest(2));
    if (c.method == "POST")
        return postObservation(m_store, m_options.writeMode, c, collection, c.rest(2));
    if (c.method == "DELETE")
        return deleteObservation(m_store, collection, c.rest(2));
    return Reply::text(405, "method not allowed");
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
    QFile data(file->path);
    if (!data.open(QIODevice::ReadOnly) || !data.seek(range->first))
        return Reply::text(500, "cannot read " + relativePath.toUtf8());
    reply.body = data.read(length);
    return reply;
}

void RepositoryServer::send(const QHttpServerRequest &request, QTcpSocket *socket, const Reply &reply,
                            const QString &user)
{
    const bool head = request.method() == QHttpServerRequest::Method::Head;
    const qint64 length = reply.announcedLength >= 0 ? reply.announcedLength : reply.body.size();
    // One write of the whole answer, without Nagle's delay: headers and body in separate small segments
    // meet the client's delayed ACK and cost ~40 ms per request.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    QByteArray answer;
    answer.reserve(256 + (head ? 0 : reply.body.size()));
    answer += "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    // RFC 9110 §6.6.1: an origin server with a clock sends Date; harvesters read our clock from it.
    answer += "Date: " + QByteArray::fromStdString(net::formatHttpDate(QDateTime::currentMSecsSinceEpoch())) + "\r\n";
    for (const auto &[name, value] : reply.headers)
        answer += name + ": " + value + "\r\n";
    if (reply.status != 204)
        answer += "Content-Length: " + QByteArray::number(length) + "\r\n";
    answer += "\r\n";
    if (!head && reply.status != 204)
        answer += reply.body;
    socket->write(answer);
    if (m_options.accessLog) {
        const QByteArray target = request.url().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
        m_options.accessLog(accessLogLine(request.remoteAddress().toString(), user, methodName(request.method()),
                                          target, reply.status, head ? 0 : reply.body.size()));
    }
}

} // namespace serve
