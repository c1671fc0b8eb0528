#pragma once

#include <QHostAddress>
#include <QString>

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

struct ServeOptions {
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0; // 0: any free port
    QString prefix = QStringLiteral("/caom2");
    Profile profile = Profile::Torkeep24;
    int maxRecords = 100000;    // the listing cap
    bool asciiListings = false; // the reference's US-ASCII listings ('?' for non-ASCII)
    bool writable = false;      // PUT/POST/DELETE of observations
    QString artifactRoot;       // files served under {prefix}/files; "" = none
    QString tlsCertificate;     // PEM; with tlsKey: HTTPS
    QString tlsKey;
    QString tlsClientCa;      // PEM: client certificates signed by it are required
    QString token;            // bearer token accepted (read from a file by the command; never logged)
    bool requireAuth = false; // anonymous data requests are refused
    std::function<void(const QString &line)> accessLog; // one Common Log Format line per request
};

} // namespace serve
