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

// Where the source's token or certificate would be read from, for a status line: "file ~/.ssl/cadcproxy.pem",
// "environment MAST_TOKEN (set)". Never the secret.
QString describeCredential(const PartnerSource &source);

} // namespace mirror
