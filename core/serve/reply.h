#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

#include <memory>

// One answer of the server, built by a handler and written in one place: a body held whole (sent with
// Content-Length), or a first piece and a stream of the rest (a long listing, a file), produced on the workers
// piece by piece as the client takes them, so no answer is ever held whole in memory.
namespace serve {

// The rest of a body, produced piece by piece on a worker thread (one call at a time, never two at once).
class BodyStream {
public:
    virtual ~BodyStream() = default;
    // The next piece, and whether it is the last. An error cuts the answer: the connection is closed without
    // the body's end, so the client knows it did not get all of it.
    virtual QByteArray next(bool *last, QByteArray *error) = 0;
};

struct Reply {
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // The length announced in Content-Length: for HEAD, what a GET would send; with a stream, the whole
    // body's length when known (a file). -1: body.size(), or, with a stream, unknown (sent chunked).
    qint64 announcedLength = -1;
    std::shared_ptr<BodyStream> stream; // the rest of the body after `body`; null: `body` is all of it

    Reply &header(const QByteArray &name, const QByteArray &value)
    {
        headers.append({name, value});
        return *this;
    }
    static Reply text(int status, const QByteArray &message)
    {
        Reply r;
        r.status = status;
        r.body = message + '\n';
        r.header("Content-Type", "text/plain; charset=utf-8");
        return r;
    }
};

} // namespace serve
