#pragma once

#include "serve/request_context.h"
#include "serve/serve_options.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

// Where a request goes, decided from the request alone: its method, path, query and headers in, a route (or
// the refusal to answer) out. No socket, store or file is touched here, so the decision can be tested and
// fuzzed on its own (tests/fuzz/fuzz_serve_request.cpp); RepositoryServer carries the route out on a worker.
namespace serve {

enum class Route {
    Refused,             // answered at once with `status` and `message`
    Capabilities,        // {prefix}/capabilities
    Availability,        // {prefix}/availability
    ArtifactFile,        // {prefix}/files/{relativePath}; the path passed artifact::checkRelativePath
    PublicationFeed,     // {prefix}/publications
    CollectionList,      // {prefix}/observations (or obs23, deletions) without a collection
    StateListing,        // {prefix}/observations/{collection}
    DeletionListing,     // {prefix}/deletions/{collection}
    ObservationDocument, // {prefix}/observations/{collection}/{observationID} (2.4, or 2.3 under obs23)
    PutObservation,
    PostObservation,
    DeleteObservation,
};

// What of the service's options decides routes. The token is compared here in constant time and never kept
// in a plan.
struct RoutingRules {
    QString prefix = QStringLiteral("/caom2");
    Profile profile = Profile::Torkeep24;
    WriteMode writeMode = WriteMode::ReadOnly;
    bool requireAuth = false;
    bool filesEnabled = false;       // an artifact root is configured
    QByteArray token;                // the bearer token accepted; empty: none
    bool clientCertificates = false; // client certificates signed by the configured CA are accepted

    static RoutingRules from(const ServeOptions &options, bool filesEnabled);
};

// A request as HTTP delivered it, before any decision.
struct IncomingRequest {
    QByteArray method; // GET, HEAD, PUT, POST, DELETE; anything else is never routed to a handler
    QByteArray path;   // the percent-encoded path, as sent
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers; // names in any case; the last of a repeated name counts
    QByteArray body;
    bool tls = false;
    // The common name of a client certificate the TLS layer verified, or "certificate" when it has none;
    // empty when the client presented no certificate.
    QString certificateUser;
    QByteArray listeningHost; // "address:port", for the base URL of a request without a Host header

    QByteArray header(const QByteArray &name) const;
};

struct RequestPlan {
    Route route = Route::Refused;
    int status = 404; // Refused only
    QByteArray message = "not found";
    RequestContext context;             // what the handler reads (segments, query, body, headers, baseUrl, credential)
    QString user = QStringLiteral("-"); // for the access log: "-", "token" or the certificate's name
    QString collection;                 // listings, documents and writes
    QString item;                       // the observationID of a document or write, the relative path of a file
    int documentVersion = 24;           // ObservationDocument: 24, or 23 under obs23

    bool refused() const { return route == Route::Refused; }
};

RequestPlan planRequest(const IncomingRequest &request, const RoutingRules &rules);

} // namespace serve
