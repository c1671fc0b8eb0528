#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

// Just enough HTTP/1.1 for the fault proxy: incremental readers for requests (from clients, several per
// connection) and responses (from the upstream, one per connection), and the serialisation back out. The
// proxy must see bodies whole to alter them, so both readers de-chunk and hand over complete bodies.
namespace testsupport {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>; // names as received, values trimmed

QByteArray headerValue(const HttpHeaders &headers, const QByteArray &name); // case-insensitive, first
void removeHeaders(HttpHeaders &headers, const QByteArray &name);           // case-insensitive, all
QByteArray reasonPhrase(int status);

struct HttpRequest {
    QByteArray method;
    QByteArray target; // path and query, raw as sent
    QByteArray version;
    HttpHeaders headers;
    QByteArray body; // de-chunked when it came chunked

    bool wantsClose() const; // "Connection: close", or HTTP/1.0 without keep-alive
    // The request as sent to the upstream: same line and headers (Host included), the body framed by
    // Content-Length, hop-by-hop headers replaced by "Connection: close" (one request per upstream link).
    QByteArray serializeForUpstream() const;
};

enum class ReadStatus { NeedMore, Complete, Malformed };

// Decodes complete chunks of a chunked body from data[*pos...], appending to *out; *pos only moves past
// whole chunks, so a call after more data arrived resumes where the last one stopped.
ReadStatus decodeChunks(const QByteArray &data, qsizetype *pos, QByteArray *out);

// Client side: requests one after another from the same byte stream.
class RequestReader {
public:
    void append(const QByteArray &bytes) { m_buffer += bytes; }
    bool hasBufferedBytes() const { return !m_buffer.isEmpty(); }
    // Takes the next complete request out of the buffer; Malformed leaves the reader unusable.
    ReadStatus next(HttpRequest *out);

private:
    QByteArray m_buffer;
};

struct HttpResponse {
    int status = 0;
    HttpHeaders headers; // as received, framing headers included
    QByteArray body;     // de-chunked
    bool complete = false;
    bool wasChunked = false;
    qint64 announcedLength = -1; // upstream Content-Length, -1 when none
};

// Upstream side: one response, framed by Content-Length, chunked, or the end of the connection.
class ResponseReader {
public:
    explicit ResponseReader(bool headRequest) : m_head(headRequest) {}
    ReadStatus append(const QByteArray &bytes);
    ReadStatus finish(); // the upstream closed: completes a close-delimited body
    bool headersDone() const { return m_headersDone; }
    const HttpResponse &response() const { return m_response; }

private:
    ReadStatus advance();

    bool m_head;
    bool m_headersDone = false;
    bool m_malformed = false;
    QByteArray m_buffer; // raw bytes after the header block
    qsizetype m_chunkPos = 0;
    HttpResponse m_response;
};

// Status line and headers; `headers` must already carry the framing the caller wants.
QByteArray serializeResponseHead(int status, const HttpHeaders &headers);

} // namespace testsupport
