#include "serve/capabilities_document.h"

#include "net/capabilities.h"

namespace serve {
namespace {

QByteArray interfaceXml(const QByteArray &url, const QList<std::string_view> &methods, bool anonymous)
{
    QByteArray xml = "    <interface xsi:type=\"vs:ParamHTTP\" role=\"std\">\n"
                     "      <accessURL use=\"base\">"
        + url + "</accessURL>\n";
    if (anonymous)
        xml += "      <securityMethod/>\n";
    for (const auto method : methods)
        xml += "      <securityMethod standardID=\"" + QByteArray(method.data(), qsizetype(method.size())) + "\"/>\n";
    return xml + "    </interface>\n";
}

QByteArray capabilityXml(std::string_view standardId, const QByteArray &interfaces)
{
    return "  <capability standardID=\"" + QByteArray(standardId.data(), qsizetype(standardId.size())) + "\">\n"
        + interfaces + "  </capability>\n";
}

} // namespace

QByteArray capabilitiesDocument(const ServeOptions &options, const QByteArray &baseUrl)
{
    const Profile p = options.profile;
    // Only what is accepted is announced: with --require-auth an anonymous client must not be sent in.
    const bool anonymous = p != Profile::CertificateOnly && !options.requireAuth;
    QList<std::string_view> methods;
    if (p != Profile::AnonymousOnly) {
        if (!options.tlsClientCa.isEmpty() || p == Profile::CertificateOnly)
            methods << net::standard::securityCertificate;
        if (!options.token.isEmpty() && p != Profile::CertificateOnly)
            methods << net::standard::securityToken;
    }
    QByteArray xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<vosi:capabilities xmlns:vosi=\"http://www.ivoa.net/xml/VOSICapabilities/v1.0\""
                     " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                     " xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\">\n";
    xml += capabilityXml(net::standard::vosiCapabilities, interfaceXml(baseUrl + "/capabilities", {}, true));
    xml += capabilityXml(net::standard::vosiAvailability, interfaceXml(baseUrl + "/availability", {}, true));
    if (p != Profile::Legacy23)
        xml +=
            capabilityXml(net::standard::observations24, interfaceXml(baseUrl + "/observations", methods, anonymous));
    if (p == Profile::Legacy23 || p == Profile::Both)
        xml += capabilityXml(net::standard::observations23, interfaceXml(baseUrl + "/obs23", methods, anonymous));
    if (p != Profile::NoDeletions)
        xml += capabilityXml(net::standard::deletions, interfaceXml(baseUrl + "/deletions", methods, anonymous));
    xml += capabilityXml(net::standard::publications, interfaceXml(baseUrl + "/publications", methods, anonymous));
    return xml + "</vosi:capabilities>\n";
}

QByteArray availabilityDocument(bool available, const QString &note)
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<vosi:availability xmlns:vosi=\"http://www.ivoa.net/xml/VOSIAvailability/v1.0\">\n"
           "  <vosi:available>"
        + QByteArray(available ? "true" : "false")
        + "</vosi:available>\n"
          "  <vosi:note>"
        + note.toHtmlEscaped().toUtf8()
        + "</vosi:note>\n"
          "</vosi:availability>\n";
}

QString profileName(Profile profile)
{
    switch (profile) {
    case Profile::Torkeep24: return QStringLiteral("torkeep24");
    case Profile::Legacy23: return QStringLiteral("legacy23");
    case Profile::Both: return QStringLiteral("both");
    case Profile::NoDeletions: return QStringLiteral("nodel");
    case Profile::AnonymousOnly: return QStringLiteral("anononly");
    case Profile::CertificateOnly: return QStringLiteral("certonly");
    }
    return {};
}

bool profileFromName(const QString &name, Profile *profile)
{
    for (Profile p : {Profile::Torkeep24, Profile::Legacy23, Profile::Both, Profile::NoDeletions,
                      Profile::AnonymousOnly, Profile::CertificateOnly})
        if (profileName(p) == name) {
            *profile = p;
            return true;
        }
    return false;
}

} // namespace serve
