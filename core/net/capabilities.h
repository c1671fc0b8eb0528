#pragma once

#include "common/result.h"

#include <string>
#include <string_view>
#include <vector>

// VOSI capabilities (spec caom2-sync.md §1.1): which repository endpoints a service offers, and through
// which interface for which kind of credential. Access URLs are always taken from here, never guessed.
namespace net {

namespace standard {
inline constexpr std::string_view observations24 = "vos://cadc.nrc.ca~vospace/CADC/std/CAOM2Repository#obs-1.2";
inline constexpr std::string_view observations23 = "vos://cadc.nrc.ca~vospace/CADC/std/CAOM2Repository#obs-1.1";
inline constexpr std::string_view deletions = "vos://cadc.nrc.ca~vospace/CADC/std/CAOM2Repository#del-1.0";
// Ours: the proposal -> publication link feed (docs/publications.md).
inline constexpr std::string_view publications = "ivo://caom-mirror.org/std/publications#feed-1.0";
inline constexpr std::string_view vosiCapabilities = "ivo://ivoa.net/std/VOSI#capabilities";
inline constexpr std::string_view vosiAvailability = "ivo://ivoa.net/std/VOSI#availability";
inline constexpr std::string_view securityCertificate = "ivo://ivoa.net/sso#tls-with-certificate";
inline constexpr std::string_view securityToken = "ivo://ivoa.net/sso#token";
inline constexpr std::string_view securityCookie = "ivo://ivoa.net/sso#cookie";
inline constexpr std::string_view securityBasic = "http://www.w3.org/Protocols/HTTP/1.0/spec.html#BasicAA";
} // namespace standard

enum class AuthMethod { Anonymous, Certificate, Token, Cookie, Basic, Unknown };
std::string_view authMethodName(AuthMethod method); // "anonymous", "certificate", "token", ...

struct CapabilityInterface {
    std::string accessUrl;
    std::vector<AuthMethod> securityMethods; // empty: anonymous only
    bool allowsAnonymous() const;
    bool allows(AuthMethod method) const;
};

struct Capability {
    std::string standardId;
    std::vector<CapabilityInterface> interfaces;
};

// Reads a VOSI capabilities document. Parse errors name `documentUrl`.
mirror::Result<std::vector<Capability>> parseCapabilities(std::string_view xml, std::string_view documentUrl);

// The endpoints a harvest uses, as chosen from a service's capabilities (or given explicitly).
struct ServiceEndpoints {
    std::string observationsUrl;
    int caomVersion = 24;        // 24 for obs-1.2, 23 for obs-1.1: the documents' namespace
    std::string deletionsUrl;    // "" when the service publishes no deletions
    std::string publicationsUrl; // the publication link feed; "" when the service offers none
    AuthMethod authMethod = AuthMethod::Anonymous;
    std::vector<std::string> notes; // what an operator should know about the choice (fallbacks, absences)
};

// Picks obs-1.2, else obs-1.1, and del-1.0 if offered; for each, the interface that accepts `held`, else the
// anonymous one (noted), else an Auth error saying which credentials the service wants.
mirror::Result<ServiceEndpoints> selectEndpoints(const std::vector<Capability> &capabilities, AuthMethod held,
                                                 std::string_view documentUrl);

} // namespace net
