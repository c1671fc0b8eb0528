#include "http_message.h"

namespace testsupport {

namespace {

// A header block larger than this is a broken or hostile peer, not a test request.
constexpr qsizetype maxHeaderBlock = 64 * 1024;

bool sameName(const QByteArray &a, const QByteArray &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

// Splits "Name: value" lines; false on a line without a name, or with whitespace before the colon
// (RFC 9112 §5.1 makes that an error, and accepting it hides client bugs).
bool parseHeaderLines(const QList<QByteArray> &lines, HttpHeaders *out)
{
    for (const QByteArray &raw : lines) {
        const QByteArray line = raw.endsWith('\r') ? raw.chopped(1) : raw;
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || line.at(colon - 1) == ' ' || line.at(colon - 1) == '\t' || line.at(0) == ' ')
            return false;
        out->append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    return true;
}

bool hasToken(const QByteArray &value, const QByteArray &token)
{
    for (const QByteArray &part : value.split(','))
        if (sameName(part.trimmed(), token))
            return true;
    return false;
}

} // namespace

QByteArray headerValue(const HttpHeaders &headers, const QByteArray &name)
{
    for (const auto &[key, value] : headers)
        if (sameName(key, name))
            return value;
    return {};
}

void removeHeaders(HttpHeaders &headers, const QByteArray &name)
{
    headers.removeIf([&](const auto &pair) { return sameName(pair.first, name); });
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

bool HttpRequest::wantsClose() const
{
    const QByteArray connection = headerValue(headers, "Connection");
    if (hasToken(connection, "close"))
        return true;
    return version == "HTTP/1.0" && !hasToken(connection, "keep-alive");
}

QByteArray HttpRequest::serializeForUpstream() const
{
    QByteArray out = method + ' ' + target + ' ' + version + "\r\n";
    HttpHeaders kept = headers;
    for (const char *hop :
         {"Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Content-Length", "TE", "Upgrade"})
        removeHeaders(kept, hop);
    for (const auto &[name, value] : kept)
        out += name + ": " + value + "\r\n";
    const bool hadBody =
        !headerValue(headers, "Content-Length").isEmpty() || !headerValue(headers, "Transfer-Encoding").isEmpty();
    if (hadBody || !body.isEmpty())
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "Connection: close\r\n\r\n";
    return out + body;
}

ReadStatus decodeChunks(const QByteArray &data, qsizetype *pos, QByteArray *out)
{
    for (;;) {
        const qsizetype lineEnd = data.indexOf("\r\n", *pos);
        if (lineEnd < 0)
            return data.size() - *pos > 1024 ? ReadStatus::Malformed : ReadStatus::NeedMore;
        QByteArray sizeText = data.mid(*pos, lineEnd - *pos);
        if (const qsizetype semicolon = sizeText.indexOf(';'); semicolon >= 0)
            sizeText.truncate(semicolon); // chunk extensions carry nothing we need
        bool ok = false;
        const qint64 size = sizeText.trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0)
            return ReadStatus::Malformed;
        const qsizetype dataStart = lineEnd + 2;
        if (size == 0) {
            // The last chunk; trailer fields (ignored) up to an empty line.
            if (data.size() < dataStart + 2)
                return ReadStatus::NeedMore;
            if (data.mid(dataStart, 2) == "\r\n") {
                *pos = dataStart + 2;
                return ReadStatus::Complete;
            }
            const qsizetype trailerEnd = data.indexOf("\r\n\r\n", dataStart);
            if (trailerEnd < 0)
                return ReadStatus::NeedMore;
            *pos = trailerEnd + 4;
            return ReadStatus::Complete;
        }
        if (data.size() < dataStart + size + 2)
            return ReadStatus::NeedMore;
        if (data.mid(dataStart + size, 2) != "\r\n")
            return ReadStatus::Malformed;
        out->append(data.constData() + dataStart, size);
        *pos = dataStart + size + 2;
    }
}

ReadStatus RequestReader::next(HttpRequest *out)
{
    const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return m_buffer.size() > maxHeaderBlock ? ReadStatus::Malformed : ReadStatus::NeedMore;
    QList<QByteArray> lines = m_buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.takeFirst().trimmed().split(' ');
    HttpRequest request;
    if (requestLine.size() != 3 || requestLine[0].isEmpty() || requestLine[1].isEmpty()
        || !requestLine[2].startsWith("HTTP/1."))
        return ReadStatus::Malformed;
    request.method = requestLine[0];
    request.target = requestLine[1];
    request.version = requestLine[2];
    if (!parseHeaderLines(lines, &request.headers))
        return ReadStatus::Malformed;

    const qsizetype bodyStart = headerEnd + 4;
    const QByteArray transferEncoding = headerValue(request.headers, "Transfer-Encoding");
    const QByteArray contentLength = headerValue(request.headers, "Content-Length");
    qsizetype consumed = bodyStart;
    if (!transferEncoding.isEmpty()) {
        if (!contentLength.isEmpty() || !hasToken(transferEncoding, "chunked"))
            return ReadStatus::Malformed; // both framings at once is how requests get smuggled
        qsizetype pos = bodyStart;
        const ReadStatus status = decodeChunks(m_buffer, &pos, &request.body);
        if (status != ReadStatus::Complete)
            return status;
        consumed = pos;
    } else if (!contentLength.isEmpty()) {
        bool ok = false;
        const qint64 length = contentLength.toLongLong(&ok);
        if (!ok || length < 0)
            return ReadStatus::Malformed;
        if (m_buffer.size() - bodyStart < length)
            return ReadStatus::NeedMore;
        request.body = m_buffer.mid(bodyStart, length);
        consumed = bodyStart + length;
    }
    m_buffer.remove(0, consumed);
    *out = std::move(request);
    return ReadStatus::Complete;
}

ReadStatus ResponseReader::append(const QByteArray &bytes)
{
    if (m_malformed)
        return ReadStatus::Malformed;
    m_buffer += bytes;
    if (!m_headersDone) {
        const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            m_malformed = m_buffer.size() > maxHeaderBlock;
            return m_malformed ? ReadStatus::Malformed : ReadStatus::NeedMore;
        }
        QList<QByteArray> lines = m_buffer.left(headerEnd).split('\n');
        const QList<QByteArray> statusLine = lines.takeFirst().trimmed().split(' ');
        bool ok = false;
        m_response.status = statusLine.value(1).toInt(&ok);
        if (!statusLine.value(0).startsWith("HTTP/1.") || !ok || m_response.status < 100
            || !parseHeaderLines(lines, &m_response.headers)) {
            m_malformed = true;
            return ReadStatus::Malformed;
        }
        m_buffer.remove(0, headerEnd + 4);
        m_headersDone = true;
        m_response.wasChunked = hasToken(headerValue(m_response.headers, "Transfer-Encoding"), "chunked");
        const QByteArray length = headerValue(m_response.headers, "Content-Length");
        m_response.announcedLength = length.isEmpty() ? -1 : length.toLongLong();
        const int status = m_response.status;
        if (m_head || status < 200 || status == 204 || status == 304) {
            m_response.complete = true; // these never carry a body, whatever the headers say
            return ReadStatus::Complete;
        }
    }
    return advance();
}

ReadStatus ResponseReader::advance()
{
    if (m_response.complete)
        return ReadStatus::Complete;
    if (m_response.wasChunked) {
        const ReadStatus status = decodeChunks(m_buffer, &m_chunkPos, &m_response.body);
        m_malformed = status == ReadStatus::Malformed;
        m_response.complete = status == ReadStatus::Complete;
        return status;
    }
    if (m_response.announcedLength >= 0 && m_buffer.size() >= m_response.announcedLength) {
        m_response.body = m_buffer.left(m_response.announcedLength);
        m_response.complete = true;
        return ReadStatus::Complete;
    }
    return ReadStatus::NeedMore;
}

ReadStatus ResponseReader::finish()
{
    if (!m_headersDone || m_malformed)
        return ReadStatus::Malformed;
    if (m_response.complete)
        return ReadStatus::Complete;
    if (m_response.wasChunked)
        return ReadStatus::NeedMore; // cut short: the body holds the chunks that did arrive
    m_response.body = m_buffer.left(m_response.announcedLength >= 0 ? m_response.announcedLength : m_buffer.size());
    m_response.complete = m_response.announcedLength < 0; // close-delimited: the end is the close
    return m_response.complete ? ReadStatus::Complete : ReadStatus::NeedMore;
}

QByteArray serializeResponseHead(int status, const HttpHeaders &headers)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    return out + "\r\n";
}

} // namespace testsupport
