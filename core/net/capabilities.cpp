#include "net/capabilities.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cstring>

namespace net {
namespace {

// Element names are compared without their prefix: services differ in the prefixes they bind.
std::string_view localName(const pugi::xml_node &node)
{
    std::string_view name = node.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

AuthMethod authMethodFromStandard(std::string_view id)
{
    if (id.empty())
        return AuthMethod::Anonymous;
    if (id == standard::securityCertificate)
        return AuthMethod::Certificate;
    if (id == standard::securityToken)
        return AuthMethod::Token;
    if (id == standard::securityCookie)
        return AuthMethod::Cookie;
    if (id == standard::securityBasic)
        return AuthMethod::Basic;
    return AuthMethod::Unknown;
}

CapabilityInterface readInterface(const pugi::xml_node &node)
{
    CapabilityInterface result;
    for (const auto &child : node.children()) {
        const auto name = localName(child);
        if (name == "accessURL") {
            std::string url = child.text().get();
            url.erase(0, url.find_first_not_of(" \t\r\n"));
            url.erase(url.find_last_not_of(" \t\r\n") + 1);
            result.accessUrl = url;
        } else if (name == "securityMethod") {
            const AuthMethod method = authMethodFromStandard(child.attribute("standardID").value());
            // An empty securityMethod element states anonymous access explicitly.
            if (method != AuthMethod::Anonymous)
                result.securityMethods.push_back(method);
            else
                result.securityMethods.push_back(AuthMethod::Anonymous);
        }
    }
    return result;
}

const Capability *find(const std::vector<Capability> &capabilities, std::string_view standardId)
{
    const auto it = std::find_if(capabilities.begin(), capabilities.end(),
                                 [&](const Capability &c) { return c.standardId == standardId; });
    return it == capabilities.end() ? nullptr : &*it;
}

struct Choice {
    const CapabilityInterface *interface = nullptr;
    AuthMethod method = AuthMethod::Anonymous;
    bool fellBack = false;
};

Choice choose(const Capability &capability, AuthMethod held)
{
    if (held != AuthMethod::Anonymous) {
        for (const auto &interface : capability.interfaces)
            if (interface.allows(held) && !interface.accessUrl.empty())
                return {&interface, held, false};
    }
    for (const auto &interface : capability.interfaces)
        if (interface.allowsAnonymous() && !interface.accessUrl.empty())
            return {&interface, AuthMethod::Anonymous, held != AuthMethod::Anonymous};
    return {};
}

std::string offeredMethods(const Capability &capability)
{
    std::string text;
    for (const auto &interface : capability.interfaces) {
        const std::vector<AuthMethod> methods = interface.securityMethods.empty()
            ? std::vector<AuthMethod>{AuthMethod::Anonymous}
            : interface.securityMethods;
        for (const AuthMethod method : methods) {
            const std::string name(authMethodName(method));
            if (text.find(name) == std::string::npos)
                text += (text.empty() ? "" : ", ") + name;
        }
    }
    return text.empty() ? std::string("none") : text;
}

} // namespace

std::string_view authMethodName(AuthMethod method)
{
    switch (method) {
    case AuthMethod::Anonymous: return "anonymous";
    case AuthMethod::Certificate: return "certificate";
    case AuthMethod::Token: return "token";
    case AuthMethod::Cookie: return "cookie";
    case AuthMethod::Basic: return "basic";
    case AuthMethod::Unknown: return "unknown";
    }
    return "unknown";
}

bool CapabilityInterface::allowsAnonymous() const
{
    return securityMethods.empty() || allows(AuthMethod::Anonymous);
}

bool CapabilityInterface::allows(AuthMethod method) const
{
    return std::find(securityMethods.begin(), securityMethods.end(), method) != securityMethods.end();
}

mirror::Result<std::vector<Capability>> parseCapabilities(std::string_view xml, std::string_view documentUrl)
{
    pugi::xml_document document;
    // No DTD, no entities: a capabilities document is small, plain XML.
    const auto parsed = document.load_buffer(xml.data(), xml.size(), pugi::parse_default & ~pugi::parse_doctype);
    if (!parsed) {
        return mirror::Error{mirror::ErrorCategory::Parse,
                             "capabilities " + std::string(documentUrl) + " is not XML: " + parsed.description()};
    }
    const auto root = document.document_element();
    if (localName(root) != "capabilities") {
        return mirror::Error{mirror::ErrorCategory::Parse,
                             "capabilities " + std::string(documentUrl) + ": root element is <" + root.name()
                                 + ">, not <capabilities>"};
    }
    std::vector<Capability> capabilities;
    for (const auto &node : root.children()) {
        if (localName(node) != "capability")
            continue;
        Capability capability;
        capability.standardId = node.attribute("standardID").value();
        for (const auto &child : node.children())
            if (localName(child) == "interface")
                capability.interfaces.push_back(readInterface(child));
        capabilities.push_back(std::move(capability));
    }
    return capabilities;
}

mirror::Result<ServiceEndpoints> selectEndpoints(const std::vector<Capability> &capabilities, AuthMethod held,
                                                 std::string_view documentUrl)
{
    ServiceEndpoints endpoints;
    const Capability *observations = find(capabilities, standard::observations24);
    endpoints.caomVersion = 24;
    if (!observations) {
        observations = find(capabilities, standard::observations23);
        endpoints.caomVersion = 23;
    }
    if (!observations) {
        return mirror::Error{mirror::ErrorCategory::Fatal,
                             "capabilities " + std::string(documentUrl)
                                 + " offer no CAOM repository (neither obs-1.2 nor obs-1.1)"};
    }
    if (endpoints.caomVersion == 23)
        endpoints.notes.push_back("service offers obs-1.1 only: documents arrive as CAOM 2.3");

    const Choice observationChoice = choose(*observations, held);
    if (!observationChoice.interface) {
        return mirror::Error{mirror::ErrorCategory::Auth,
                             "capabilities " + std::string(documentUrl) + ": the observation service accepts "
                                 + offeredMethods(*observations) + ", and the source holds "
                                 + std::string(authMethodName(held)) + " credentials"};
    }
    endpoints.observationsUrl = observationChoice.interface->accessUrl;
    endpoints.authMethod = observationChoice.method;
    if (observationChoice.fellBack) {
        endpoints.notes.push_back(std::string(authMethodName(held))
                                  + " credentials configured but the service offers no interface for them: "
                                    "using anonymous access");
    }

    if (const Capability *deletions = find(capabilities, standard::deletions)) {
        // The same method as for observations, as the reference does; anonymous when that is all there is.
        const Choice deletionChoice = choose(*deletions, endpoints.authMethod);
        if (deletionChoice.interface)
            endpoints.deletionsUrl = deletionChoice.interface->accessUrl;
        else
            endpoints.notes.push_back("deletions offered only for " + offeredMethods(*deletions)
                                      + " access: deletions not available");
    } else {
        endpoints.notes.push_back("service publishes no deletions (no del-1.0 capability): deletions not available");
    }
    // Optional and ours: its absence is no note, as most partners have no such feed.
    if (const Capability *publications = find(capabilities, standard::publications)) {
        const Choice publicationChoice = choose(*publications, endpoints.authMethod);
        if (publicationChoice.interface)
            endpoints.publicationsUrl = publicationChoice.interface->accessUrl;
    }
    return endpoints;
}

} // namespace net
