#include "net/service_locator.h"

#include "common/logging.h"
#include "net/url.h"

namespace net {
namespace {

std::string trim(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r");
    return std::string(text.substr(first, last - first + 1));
}

// A service given by base URLs names no feed; ours serves it beside the observations ("{base}/observations"
// -> "{base}/publications"), so that is where it is looked for.
std::string siblingUrl(const std::string &url, std::string_view name)
{
    std::string base = url;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    const auto slash = base.rfind('/');
    if (slash == std::string::npos || slash < base.find("://") + 3)
        return {};
    return base.substr(0, slash + 1) + std::string(name);
}

} // namespace

mirror::Result<std::string> lookupResourceCaps(std::string_view text, std::string_view resourceId,
                                               std::string_view registryUrl)
{
    std::string found;
    int matches = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string line = trim(text.substr(start, end - start));
        start = end + 1;
        if (line.empty() || line.front() == '#')
            continue;
        const auto equals = line.find('=');
        if (equals == std::string::npos)
            continue;
        if (trim(std::string_view(line).substr(0, equals)) == resourceId) {
            found = trim(std::string_view(line).substr(equals + 1));
            ++matches;
        }
    }
    const std::string where = std::string(registryUrl) + "/resource-caps";
    if (matches == 0) {
        return mirror::Error{mirror::ErrorCategory::Fatal,
                             "resource " + std::string(resourceId) + " is not in the registry " + where};
    }
    if (matches > 1) {
        return mirror::Error{mirror::ErrorCategory::Fatal,
                             "resource " + std::string(resourceId) + " is listed " + std::to_string(matches)
                                 + " times in the registry " + where};
    }
    if (found.empty()) {
        return mirror::Error{mirror::ErrorCategory::Fatal,
                             "resource " + std::string(resourceId) + " has an empty URL in the registry " + where};
    }
    return found;
}

ServiceLocator::ServiceLocator(HttpOptions httpOptions, std::chrono::seconds cacheTtl)
    : m_http(std::move(httpOptions)),
      m_ttl(cacheTtl)
{}

void ServiceLocator::refresh()
{
    std::lock_guard lock(m_mutex);
    m_cache.clear();
}

mirror::Result<std::string> ServiceLocator::fetchCached(const std::string &url, std::string_view what,
                                                        const std::atomic<bool> *cancelled)
{
    std::lock_guard lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    if (const auto it = m_cache.find(url); it != m_cache.end() && now - it->second.fetched < m_ttl)
        return it->second.body;

    HttpRequest request;
    request.url = url;
    request.cancelled = cancelled;
    auto response = m_http.perform(request);
    if (!response) {
        mirror::Error error = response.error();
        error.message = std::string(what) + ": " + error.message;
        return error;
    }
    if (response->status != 200) {
        mirror::Error error = statusError(*response, std::string(what) + " " + redactUrl(url));
        return error;
    }
    qCDebug(lcNetRegistry, "fetched %s %s (%lld bytes)", std::string(what).c_str(), redactUrl(url).c_str(),
            static_cast<long long>(response->body.size()));
    m_cache[url] = {response->body, now};
    return std::move(response->body);
}

mirror::Result<std::string> ServiceLocator::capabilitiesUrlFor(const std::string &resourceId,
                                                               const std::string &registryUrl,
                                                               const std::atomic<bool> *cancelled)
{
    const std::string capsUrl = joinUrl(registryUrl, "resource-caps");
    auto text = fetchCached(capsUrl, "registry", cancelled);
    if (!text) {
        mirror::Error error = text.error();
        error.message = "cannot resolve " + resourceId + ": " + error.message;
        return error;
    }
    return lookupResourceCaps(*text, resourceId, registryUrl);
}

mirror::Result<ServiceEndpoints> ServiceLocator::locate(const EndpointSpec &spec, AuthMethod held,
                                                        const std::atomic<bool> *cancelled)
{
    if (spec.kind == EndpointSpec::Kind::BaseUrls) {
        ServiceEndpoints endpoints;
        endpoints.observationsUrl = spec.value;
        endpoints.deletionsUrl = spec.deletionsUrl;
        endpoints.caomVersion = spec.caomVersion;
        endpoints.authMethod = held;
        endpoints.publicationsUrl = siblingUrl(spec.value, "publications");
        if (spec.deletionsUrl.empty())
            endpoints.notes.push_back("no deletions URL configured: deletions not available");
        return endpoints;
    }
    std::string capabilitiesUrl = spec.value;
    if (spec.kind == EndpointSpec::Kind::ResourceId) {
        auto resolved = capabilitiesUrlFor(spec.value, spec.registryUrl, cancelled);
        if (!resolved)
            return resolved.error();
        capabilitiesUrl = std::move(*resolved);
    }
    auto document = fetchCached(capabilitiesUrl, "capabilities", cancelled);
    if (!document)
        return document.error();
    auto capabilities = parseCapabilities(*document, redactUrl(capabilitiesUrl));
    if (!capabilities)
        return capabilities.error();
    auto endpoints = selectEndpoints(*capabilities, held, redactUrl(capabilitiesUrl));
    if (endpoints) {
        for (const auto &note : endpoints->notes)
            qCInfo(lcNetRegistry, "%s: %s", redactUrl(capabilitiesUrl).c_str(), note.c_str());
    }
    return endpoints;
}

} // namespace net
