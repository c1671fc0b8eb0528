#pragma once

#include "serve/reply.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>

#include <deque>
#include <functional>
#include <optional>

class QTcpSocket;

// One client connection of `serve`, on the server's thread: it holds the client to the request limits before
// the HTTP parser buffers anything, and writes the answers in the order the requests came, each as soon as a
// worker has it, a streamed body only as fast as the client takes it.
namespace serve {

struct ConnectionLimits {
    qint64 maxHeaderBytes = 64 * 1024; // request line and headers (431 beyond)
    qint64 maxBodyBytes = 64 << 20;    // a request's body (413 beyond); the largest document the reader takes
    // A request must arrive whole within this long of its first byte (408), an idle connection is closed after
    // it, and a client that takes none of an answer for this long is dropped.
    int requestTimeoutMs = 30000;
    qint64 sendAheadBytes = 256 * 1024; // bytes waiting for the client before the next piece is produced
    int maxPipelined = 16;              // requests of one connection waiting for their answers
};

// One request and, once a worker has it, its answer.
struct Exchange {
    quint64 id = 0;
    QByteArray method;
    QByteArray target; // as sent, for the access log
    QString peer;
    QString user;
    bool head = false;
    std::optional<Reply> reply;
    bool started = false;     // the status line and headers are written
    bool chunked = false;     // the body goes out in chunks, ended by an empty one
    bool pieceAsked = false;  // a worker is producing the next piece
    bool streamEnded = false; // the stream gave its last piece
    qint64 bodyBytes = 0;     // body bytes written, for the access log
};

class Connection : public QObject {
    Q_OBJECT

public:
    struct Callbacks {
        // Produce the next piece of `stream` on a worker, then call piece() (through the server's id lookup).
        std::function<void(quint64 connection, quint64 exchange, std::shared_ptr<BodyStream> stream)> askPiece;
        // One access-log line for an answer written whole (or cut: `note` says why).
        std::function<void(const Exchange &exchange, int status, const QByteArray &note)> log;
        std::function<void(quint64 connection)> closed; // the connection is gone
    };

    // Becomes a child of `socket` and is deleted with it.
    Connection(QTcpSocket *socket, quint64 id, const ConnectionLimits &limits, Callbacks callbacks);
    ~Connection() override;

    quint64 id() const { return m_id; }
    // The server is going away: no more callbacks.
    void detach() { m_callbacks = {}; }

    // The HTTP parser has a whole request: false when it must not be answered (the connection was refused, or
    // holds too many requests waiting already: then it is closed).
    bool requestArrived();
    // Queues a request's exchange; its answer follows with answer().
    void queue(Exchange exchange);
    void answer(quint64 exchange, Reply reply);
    // The next piece of a streamed body, or `error` (the answer is cut: the connection is closed).
    void piece(quint64 exchange, const QByteArray &data, bool last, const QByteArray &error);
    // Enforces the time limits; called often by the server.
    void sweep(qint64 nowMs);

private:
    void inspectIncoming();
    void refuse(int status, const QByteArray &message);
    void pump();
    void writeHead(Exchange &exchange);
    void writeBody(Exchange &exchange, const QByteArray &data);
    // Ends the connection without finishing the answer under way; `flush`: what was written goes out first.
    void cut(const QByteArray &why, bool flush);

    QTcpSocket *m_socket;
    quint64 m_id;
    ConnectionLimits m_limits;
    Callbacks m_callbacks;
    std::deque<Exchange> m_exchanges;
    // The request being read: its first bytes came at m_requestStartMs; its header seen so far.
    bool m_requestStarted = false;
    QByteArray m_header;
    bool m_headerDone = false;
    bool m_chunkedBody = false;
    qint64 m_bodySeen = 0;
    qint64 m_deadlineMs = 0;     // when an idle or half-sent request is given up
    qint64 m_lastProgressMs = 0; // when the client last took bytes of an answer
    bool m_refused = false;
};

} // namespace serve
