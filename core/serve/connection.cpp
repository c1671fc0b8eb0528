#include "serve/connection.h"

#include "net/http_date.h"

#include <QDateTime>
#include <QTcpSocket>

namespace serve {
namespace {

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
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 416: return "Range Not Satisfiable";
    case 422: return "Unprocessable Content";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// Where the header block ends in `bytes` (just after its blank line), or -1. Bare LF line ends count too, as
// the HTTP parser accepts them.
qsizetype headerEnd(const QByteArray &bytes)
{
    const qsizetype crlf = bytes.indexOf("\n\r\n");
    const qsizetype lf = bytes.indexOf("\n\n");
    if (crlf < 0)
        return lf < 0 ? -1 : lf + 2;
    if (lf < 0 || crlf < lf)
        return crlf + 3;
    return lf + 2;
}

// The value of header `name` (lower case, with its colon) in a raw header block, or an empty array.
QByteArray headerValue(const QByteArray &block, const QByteArray &name)
{
    const QByteArray lower = block.toLower();
    const qsizetype at = lower.indexOf(QByteArray('\n' + name));
    if (at < 0)
        return {};
    const qsizetype from = at + 1 + name.size();
    const qsizetype end = lower.indexOf('\n', from);
    return block.mid(from, end < 0 ? -1 : end - from).trimmed();
}

} // namespace

Connection::Connection(QTcpSocket *socket, quint64 id, const ConnectionLimits &limits, Callbacks callbacks)
    : QObject(socket),
      m_socket(socket),
      m_id(id),
      m_limits(limits),
      m_callbacks(std::move(callbacks)),
      m_deadlineMs(nowMs() + limits.requestTimeoutMs)
{
    // Before the HTTP parser's own handler (connected after this one): the limits are checked on bytes it has
    // not buffered yet. The read buffer is capped too, so even bytes it never parses cannot grow without end.
    socket->setReadBufferSize(limits.maxHeaderBytes + limits.maxBodyBytes + 64 * 1024);
    connect(socket, &QTcpSocket::readyRead, this, [this] { inspectIncoming(); });
    connect(socket, &QTcpSocket::bytesWritten, this, [this] {
        m_lastProgressMs = nowMs();
        pump();
    });
    // One write per answer part, without Nagle's delay: small segments meet the client's delayed ACK and
    // cost ~40 ms per request.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
}

Connection::~Connection()
{
    if (m_callbacks.closed)
        m_callbacks.closed(m_id);
}

void Connection::inspectIncoming()
{
    if (m_refused)
        return;
    const qint64 available = m_socket->bytesAvailable();
    if (available <= 0)
        return;
    if (!m_requestStarted) {
        m_requestStarted = true;
        m_deadlineMs = nowMs() + m_limits.requestTimeoutMs; // from the request's first byte, never extended
    }
    if (!m_headerDone) {
        // Only what is still unread is new: the parser has consumed everything before it.
        const qint64 room = m_limits.maxHeaderBytes + 4 - m_header.size();
        const qsizetype scannedBefore = m_header.size();
        m_header += m_socket->peek(std::min(available, std::max<qint64>(room, 0)));
        const qsizetype end = headerEnd(m_header);
        if (end < 0) {
            if (m_header.size() > m_limits.maxHeaderBytes)
                refuse(431,
                       "request header too large: more than " + QByteArray::number(m_limits.maxHeaderBytes) + " bytes");
            return;
        }
        m_headerDone = true;
        m_header.truncate(end);
        if (m_header.size() > m_limits.maxHeaderBytes) {
            refuse(431,
                   "request header too large: more than " + QByteArray::number(m_limits.maxHeaderBytes) + " bytes");
            return;
        }
        const QByteArray length = headerValue(m_header, "content-length:");
        bool numeric = false;
        if (!length.isEmpty() && (length.toULongLong(&numeric) > quint64(m_limits.maxBodyBytes) || !numeric)) {
            refuse(413, "request body too large: more than " + QByteArray::number(m_limits.maxBodyBytes) + " bytes");
            return;
        }
        m_chunkedBody = headerValue(m_header, "transfer-encoding:").toLower().contains("chunked");
        m_bodySeen = available - (end - scannedBefore);
    } else {
        m_bodySeen += available;
    }
    // A chunked body announces no length: counted as it comes (its framing allowed for).
    if (m_chunkedBody && m_bodySeen > m_limits.maxBodyBytes + m_limits.maxBodyBytes / 16)
        refuse(413, "request body too large: more than " + QByteArray::number(m_limits.maxBodyBytes) + " bytes");
}

bool Connection::requestArrived()
{
    m_requestStarted = false;
    m_header.clear();
    m_headerDone = false;
    m_chunkedBody = false;
    m_bodySeen = 0;
    if (m_refused)
        return false;
    if (int(m_exchanges.size()) >= m_limits.maxPipelined) {
        cut("too many requests waiting on one connection", false);
        return false;
    }
    return true;
}

void Connection::queue(Exchange exchange)
{
    m_exchanges.push_back(std::move(exchange));
    pump();
}

void Connection::answer(quint64 exchange, Reply reply)
{
    for (Exchange &e : m_exchanges)
        if (e.id == exchange) {
            e.reply = std::move(reply);
            break;
        }
    pump();
}

void Connection::piece(quint64 exchange, const QByteArray &data, bool last, const QByteArray &error)
{
    if (m_exchanges.empty() || m_exchanges.front().id != exchange)
        return;
    Exchange &e = m_exchanges.front();
    e.pieceAsked = false;
    if (!error.isEmpty()) {
        cut(error, true);
        return;
    }
    writeBody(e, data);
    e.streamEnded = last;
    pump();
}

void Connection::pump()
{
    while (!m_exchanges.empty() && !m_refused) {
        Exchange &e = m_exchanges.front();
        if (!e.reply)
            return; // a worker is still on it; later answers wait behind it
        if (!e.started) {
            writeHead(e);
            m_lastProgressMs = nowMs();
        }
        if (e.reply->stream && !e.head && !e.streamEnded) {
            if (e.pieceAsked || m_socket->bytesToWrite() > m_limits.sendAheadBytes)
                return; // bytesWritten brings us back
            e.pieceAsked = true;
            if (m_callbacks.askPiece)
                m_callbacks.askPiece(m_id, e.id, e.reply->stream);
            return;
        }
        if (e.chunked && !e.head)
            m_socket->write("0\r\n\r\n");
        if (m_callbacks.log)
            m_callbacks.log(e, e.reply->status, QByteArray());
        m_exchanges.pop_front();
        if (m_exchanges.empty())
            m_deadlineMs = nowMs() + m_limits.requestTimeoutMs; // idle from now on
    }
}

void Connection::writeHead(Exchange &e)
{
    Reply &reply = *e.reply;
    e.started = true;
    QByteArray head;
    head.reserve(256 + (e.head ? 0 : reply.body.size()));
    head += "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    // RFC 9110 §6.6.1: an origin server with a clock sends Date; harvesters read our clock from it.
    head += "Date: " + QByteArray::fromStdString(net::formatHttpDate(nowMs())) + "\r\n";
    for (const auto &[name, value] : reply.headers)
        head += name + ": " + value + "\r\n";
    if (reply.status != 204) {
        if (reply.stream && reply.announcedLength < 0) {
            head += "Transfer-Encoding: chunked\r\n";
            e.chunked = true;
        } else {
            const qint64 length = reply.announcedLength >= 0 ? reply.announcedLength : reply.body.size();
            head += "Content-Length: " + QByteArray::number(length) + "\r\n";
        }
    }
    head += "\r\n";
    if (e.head || reply.status == 204) {
        m_socket->write(head);
        return;
    }
    if (e.chunked) {
        m_socket->write(head);
        writeBody(e, reply.body);
    } else {
        e.bodyBytes += reply.body.size();
        m_socket->write(head + reply.body);
    }
    reply.body = QByteArray(); // sent: not kept while the rest streams
}

void Connection::writeBody(Exchange &e, const QByteArray &data)
{
    if (data.isEmpty())
        return; // an empty chunk would end the body
    e.bodyBytes += data.size();
    if (!e.chunked) {
        m_socket->write(data);
        return;
    }
    m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
}

void Connection::refuse(int status, const QByteArray &message)
{
    m_refused = true;
    if (!m_exchanges.empty()) { // answers are still owed: a refusal written now would come out of order
        cut(message, false);
        return;
    }
    const QByteArray body = message + '\n';
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
                    + "\r\nDate: " + QByteArray::fromStdString(net::formatHttpDate(nowMs()))
                    + "\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                    + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    if (m_callbacks.log) {
        Exchange refused;
        refused.method = "-";
        refused.target = "-";
        refused.peer = m_socket->peerAddress().toString();
        refused.user = QStringLiteral("-");
        refused.bodyBytes = body.size();
        m_callbacks.log(refused, status, message);
    }
    m_deadlineMs = nowMs() + m_limits.requestTimeoutMs; // a client that never reads the refusal is dropped
    m_socket->disconnectFromHost();
}

void Connection::cut(const QByteArray &why, bool flush)
{
    m_refused = true;
    if (m_callbacks.log && !m_exchanges.empty() && m_exchanges.front().reply)
        m_callbacks.log(m_exchanges.front(), m_exchanges.front().reply->status, why);
    m_exchanges.clear();
    if (!flush) {
        m_socket->abort();
        return;
    }
    // What was written goes out, then the connection closes where the body's end should have been.
    m_deadlineMs = nowMs() + m_limits.requestTimeoutMs; // sweep() drops a client that never takes it
    m_socket->disconnectFromHost();
}

void Connection::sweep(qint64 now)
{
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        if (m_refused && now > m_deadlineMs)
            m_socket->abort();
        return;
    }
    if (!m_exchanges.empty()) {
        // Answering: the client must keep taking what it asked for (the workers' time is ours, not its).
        if (m_exchanges.front().started && m_socket->bytesToWrite() > 0
            && now - m_lastProgressMs > m_limits.requestTimeoutMs)
            cut("the client took none of the answer for " + QByteArray::number(m_limits.requestTimeoutMs / 1000.0)
                    + " s",
                false);
        return;
    }
    if (now <= m_deadlineMs)
        return;
    if (m_requestStarted)
        refuse(408,
               "request not received in full within " + QByteArray::number(m_limits.requestTimeoutMs / 1000.0) + " s");
    else
        m_socket->disconnectFromHost(); // idle: the client may reconnect when it has something to ask
}

} // namespace serve
