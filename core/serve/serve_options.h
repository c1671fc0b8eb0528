#pragma once

#include "serve/tsv_writer.h"

#include <QHostAddress>
#include <QString>

#include <array>
#include <functional>

// How `caom-sync serve` publishes a store: where it listens, which capabilities it announces, which
// requests it accepts, and where its access log goes.
namespace serve {

// Which capabilities the service announces (repository-service.md §3): the reference's layouts, so
// clients can be tested against each.
enum class Profile {
    Torkeep24, // obs-1.2 and del-1.0 (default)
    Legacy23,  // obs-1.1 and del-1.0
    Both,      // obs-1.2, obs-1.1 and del-1.0
    NoDeletions,
    AnonymousOnly,   // obs-1.2 and del-1.0, anonymous interfaces only
    CertificateOnly, // obs-1.2 and del-1.0, certificate only: anonymous data requests are refused
};
QString profileName(Profile profile);
bool profileFromName(const QString &name, Profile *profile);

// Who may change observations, and what a write means.
enum class WriteMode {
    ReadOnly, // every write is 403 (default)
    // An archive's own service, as the reference's: documents may arrive without checksums or with stale
    // ones; every entity's checksums are computed here, and lastModified/maxLastModified set to now for every
    // entity whose checksum changed, so harvesters of this service see the change.
    Origin,
    // One mirror feeding another: documents must carry checksums that verify, and keep their timestamps.
    Mirror,
};
QString writeModeName(WriteMode mode);
bool writeModeFromName(const QString &name, WriteMode *mode);

// What the obs-1.1 endpoint (CAOM 2.3) does with an observation holding content 2.3 cannot carry.
enum class LossyObs23 {
    StoredChecksums, // drop that content, keep the 2.4 checksums (the reference: such documents do not verify)
    Refuse,          // answer with an error naming what 2.3 cannot hold
    Recompute,       // drop that content and send checksums computed for what is sent
};
QString lossyObs23Name(LossyObs23 mode);
bool lossyObs23FromName(const QString &name, LossyObs23 *mode);

struct ServeOptions {
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0; // 0: any free port
    QString prefix = QStringLiteral("/caom2");
    Profile profile = Profile::Torkeep24;
    int maxRecords = 100000;    // the listing cap
    bool asciiListings = false; // the reference's US-ASCII listings ('?' for non-ASCII)
    ListingQuoting listingQuoting = ListingQuoting::Tsv;
    WriteMode writeMode = WriteMode::ReadOnly; // PUT/POST/DELETE of observations
    LossyObs23 lossyObs23 = LossyObs23::StoredChecksums;
    QString artifactRoot;   // files served under {prefix}/files; "" = none
    QString tlsCertificate; // PEM; with tlsKey: HTTPS
    QString tlsKey;
    QString tlsClientCa; // PEM: client certificates signed by it are required
    QString token;       // bearer token accepted (read from a file by the command; never logged)
    // Anonymous data requests are refused. Writes need the configured credential (token or client
    // certificate) whatever this says; only a service with neither accepts anonymous writes.
    bool requireAuth = false;
    std::function<void(const QString &line)> accessLog; // one Common Log Format line per request
    // Load: requests are answered by `workers` threads (0: one per core, at least two), each with its own
    // store connection; at most `maxConnections` clients at once (more are answered 503 and closed).
    int workers = 0;
    int maxConnections = 256;
    // A request must arrive whole within this long of its first byte; idle connections close after it.
    int requestTimeoutMs = 30000;
    // Rows per page of a listing read from the store: a listing longer than one page is sent chunked, a page
    // at a time as the client takes it (~100 kB for 1,000 rows).
    int listingPageRows = 1000;
};

} // namespace serve
