#pragma once

#include "common/result.h"

#include <QString>
#include <QStringList>

#include <optional>

// A partner archive the mirror harvests from (MAST, CADC, ESDC...), as the operator configures it. The
// credential is a reference (a file path or the name of an environment variable), never the secret itself:
// the settings file that holds sources is meant to be readable, copied between machines and shown on screen.
namespace mirror {

enum class EndpointKind {
    RegistryResource, // ivo://cadc.nrc.ca/ams/caom2, resolved through the IVOA registry
    Capabilities,     // https://.../capabilities, the VOSI document listing the service's endpoints
    BaseUrl,          // https://.../ams, the repository service itself
};

enum class CredentialKind {
    None,             // anonymous access
    CertificateFile,  // a PEM proxy certificate with its key (CADC's cadcproxy.pem)
    TokenFile,        // a file whose content is a bearer token
    TokenEnvironment, // an environment variable holding a bearer token
};

struct PartnerSource {
    QString name; // short, unique: "MAST", "CADC", "ESDC"
    EndpointKind endpointKind = EndpointKind::BaseUrl;
    QString endpoint; // resource ID or URL, according to endpointKind
    CredentialKind credentialKind = CredentialKind::None;
    QString credential;      // file path or environment variable name; "" for None
    QStringList collections; // which collections to mirror; empty = every collection the source offers
    bool enabled = true;

    // Endpoint details: the registry for a resource ID ("" = the CADC registry), and for explicit base URLs
    // the deletions URL ("" = none) and the CAOM version the observations URL serves.
    QString registryUrl;
    QString deletionsUrl;
    int caomVersion = 24;
    // TLS: a CA bundle to trust instead of the system's (a path), and verification, on unless the operator
    // turned it off for this source (`sources add --insecure`).
    QString caFile;
    bool verifyTls = true;
    // Harvest tuning (spec caom2-sync.md §2.4): never list the last `lag`, re-scan `lookback` before the
    // cursor; rows per listing request; observations per store transaction (committed with the cursor that
    // produced them); parallel document fetchers; HTTP timeouts.
    int lagSeconds = 300;
    int lookbackSeconds = 120;
    int pageSize = 10000;
    int batchSize = 100;
    int threads = 4;
    int connectTimeoutSeconds = 10;
    int requestTimeoutSeconds = 300;

    friend bool operator==(const PartnerSource &, const PartnerSource &) = default;
};

// "registry", "capabilities", "base-url" and back; used in the settings file.
QString endpointKindName(EndpointKind kind);
std::optional<EndpointKind> endpointKindFromName(const QString &name);
// "none", "certificate-file", "token-file", "token-environment" and back.
QString credentialKindName(CredentialKind kind);
std::optional<CredentialKind> credentialKindFromName(const QString &name);

// Refuses a source that cannot be used or that would put a secret into the settings file: an empty or
// malformed name or endpoint, a URL carrying a password, a credential that is not a path or an environment
// variable name (a pasted token or PEM block). The message names the field, for display next to it.
Result<void> validate(const PartnerSource &source);

// What turning `before` into `after` does to harvest state, one line per effect, empty when nothing. The
// harvest key of a collection is "{endpoint}?{collection}" (the reference's), so a new endpoint (or a new way
// of reading it) starts every collection from the beginning, an added collection starts from the beginning
// and a dropped one is no longer harvested. The reference does this silently; we ask first.
QStringList harvestStateChanges(const PartnerSource &before, const PartnerSource &after);

// Where the source's token or certificate would be read from, for a status line: "file ~/.ssl/cadcproxy.pem",
// "environment MAST_TOKEN (set)". Never the secret.
QString describeCredential(const PartnerSource &source);

} // namespace mirror
