#pragma once

#include "common/result.h"
#include "net/capabilities.h"
#include "net/http_client.h"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>

// Finds a source's repository endpoints the three ways an operator can name a service (spec §1.1, Ours):
// an ivo:// resource ID looked up in a registry's resource-caps, a capabilities URL, or explicit base URLs
// (for air-gapped and loopback set-ups). Registry and capabilities documents are cached for a while;
// refresh() forgets them.
namespace net {

inline constexpr std::string_view defaultRegistryUrl = "https://ws.cadc-ccda.hia-iha.nrc-cnrc.gc.ca/reg";

struct EndpointSpec {
    enum class Kind { ResourceId, CapabilitiesUrl, BaseUrls };
    Kind kind = Kind::CapabilitiesUrl;
    std::string value;        // the resource ID, the capabilities URL, or the observations base URL
    std::string deletionsUrl; // BaseUrls only: "" when the service has no deletions endpoint
    int caomVersion = 24;     // BaseUrls only: which documents the observations URL serves
    std::string registryUrl = std::string(defaultRegistryUrl); // ResourceId only
};

class ServiceLocator {
public:
    explicit ServiceLocator(HttpOptions httpOptions, std::chrono::seconds cacheTtl = std::chrono::hours(1));

    // The endpoints to use with credentials of kind `held`. Errors name the resource ID, the registry or
    // capabilities URL and the cause; nothing is cached from a failed lookup. Setting `cancelled` stops a
    // lookup within a fraction of a second (a Cancelled error), whatever the time-outs.
    mirror::Result<ServiceEndpoints> locate(const EndpointSpec &spec, AuthMethod held,
                                            const std::atomic<bool> *cancelled = nullptr);

    // The capabilities URL a registry gives for a resource ID.
    mirror::Result<std::string> capabilitiesUrlFor(const std::string &resourceId, const std::string &registryUrl,
                                                   const std::atomic<bool> *cancelled = nullptr);

    void refresh(); // forget every cached document

private:
    mirror::Result<std::string> fetchCached(const std::string &url, std::string_view what,
                                            const std::atomic<bool> *cancelled);

    struct CachedDocument {
        std::string body;
        std::chrono::steady_clock::time_point fetched;
    };
    HttpClient m_http; // not thread-safe: used only under m_mutex, as is the cache
    std::chrono::seconds m_ttl;
    std::mutex m_mutex;
    std::map<std::string, CachedDocument> m_cache;
};

// The resource-caps text: "resourceID = URL" lines, '#' comments. Error when the ID is missing or listed
// twice, naming the ID and `registryUrl`.
mirror::Result<std::string> lookupResourceCaps(std::string_view text, std::string_view resourceId,
                                               std::string_view registryUrl);

} // namespace net
