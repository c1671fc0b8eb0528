#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

// One answer of the server, built by a handler and written (with Content-Length) in one place.
namespace serve {

struct Reply {
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    qint64 announcedLength = -1; // HEAD: the length a GET would send; -1 = body.size()

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
