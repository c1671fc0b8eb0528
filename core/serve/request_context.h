#pragma once

#include "serve/serve_options.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

// What a handler needs of a request: method, the path below the prefix split into decoded segments, the
// query, the body, the headers it reads, and who asked.
namespace serve {

struct RequestContext {
    QByteArray method;    // GET, HEAD, PUT, POST, DELETE
    QStringList segments; // below the prefix, each percent-decoded once
    QString
    rest(int from) const; // segments from `from` joined with '/' (an observationID may hold '/'? no: kept for files)
    QUrlQuery query;
    QByteArray body;
    QByteArray baseUrl; // scheme://host{prefix}, from the Host header
    QByteArray ifMatch;
    QByteArray range;
    bool authenticated = false; // a valid token or client certificate
    bool head() const { return method == "HEAD"; }
};

} // namespace serve
