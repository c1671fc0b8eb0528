// libFuzzer target: serve's request handling. The input's first byte chooses how the service is configured
// (profile, write mode, authentication, token, prefix); the rest is a raw HTTP/1.1 request (request line,
// headers, body), read by a small strict parser the way Qt's server reads one, then routed by planRequest().
// Beyond "no crash", it checks the promises the routing makes: a file path it accepts stays under the
// artifact root, a wrong token is never taken for a credential, writes and reads go only where the
// configuration lets them, and the token never appears in what the plan carries.
#include "artifact/artifact_path.h"
#include "serve/request_routing.h"

#include <QByteArray>
#include <QDir>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <cstdint>
#include <cstdlib>
#include <optional>

namespace {

const QByteArray configuredToken = "s3cret-fuzz-token";

void require(bool condition)
{
    if (!condition)
        std::abort(); // libFuzzer keeps the input
}

serve::RoutingRules rulesFrom(std::uint8_t choice)
{
    static constexpr serve::Profile profiles[] = {serve::Profile::Torkeep24,     serve::Profile::Legacy23,
                                                  serve::Profile::Both,          serve::Profile::NoDeletions,
                                                  serve::Profile::AnonymousOnly, serve::Profile::CertificateOnly};
    static constexpr serve::WriteMode modes[] = {serve::WriteMode::ReadOnly, serve::WriteMode::Origin,
                                                 serve::WriteMode::Mirror};
    serve::RoutingRules rules;
    rules.profile = profiles[(choice & 7) % 6];
    rules.writeMode = modes[((choice >> 3) & 3) % 3];
    rules.requireAuth = (choice >> 5) & 1;
    rules.token = (choice >> 6) & 1 ? configuredToken : QByteArray();
    rules.prefix = (choice >> 7) & 1 ? QString() : QStringLiteral("/caom2");
    rules.filesEnabled = true;
    return rules;
}

bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || QByteArray("!#$%&'*+-.^_`|~").contains(c);
}

// What Qt's parser (llhttp) lets through to a handler: a known method, an origin-form target of visible
// characters, HTTP/1.0 or 1.1, header lines "name: value" with a token name and no control character in the
// value, a blank line. Anything else is malformed and never reaches the routing (the server answers 400).
std::optional<serve::IncomingRequest> parseRequest(const QByteArray &bytes, QByteArray *target)
{
    const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return std::nullopt;
    const QList<QByteArray> lines = bytes.left(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.front().chopped(lines.front().endsWith('\r') ? 1 : 0).split(' ');
    if (requestLine.size() != 3 || (requestLine[2] != "HTTP/1.1" && requestLine[2] != "HTTP/1.0"))
        return std::nullopt;
    static const QList<QByteArray> methods = {"GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS", "PATCH"};
    if (!methods.contains(requestLine[0]))
        return std::nullopt;
    *target = requestLine[1];
    if (!target->startsWith('/'))
        return std::nullopt;
    for (const char c : *target)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return std::nullopt;

    serve::IncomingRequest request;
    request.method = requestLine[0];
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (!lines[i].endsWith('\r'))
            return std::nullopt;
        const QByteArray line = lines[i].chopped(1);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return std::nullopt;
        const QByteArray name = line.left(colon);
        for (const char c : name)
            if (!isTokenChar(c))
                return std::nullopt;
        const QByteArray value = line.mid(colon + 1).trimmed();
        for (const char c : value)
            if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f)
                return std::nullopt;
        request.headers.append({name, value});
    }
    request.body = bytes.mid(headEnd + 4);

    // As Qt builds the request's URL: the path and the query of the target, the fragment dropped.
    QByteArray pathAndQuery = target->left(target->indexOf('#') < 0 ? target->size() : target->indexOf('#'));
    const qsizetype question = pathAndQuery.indexOf('?');
    QUrl url;
    url.setPath(QString::fromUtf8(question < 0 ? pathAndQuery : pathAndQuery.left(question)), QUrl::TolerantMode);
    if (question >= 0)
        url.setQuery(QString::fromUtf8(pathAndQuery.mid(question + 1)), QUrl::TolerantMode);
    request.path = url.path(QUrl::FullyEncoded).toLatin1();
    request.query = QUrlQuery(url);
    request.listeningHost = "127.0.0.1:8080";
    return request;
}

bool isRead(serve::Route route)
{
    switch (route) {
    case serve::Route::Capabilities:
    case serve::Route::Availability:
    case serve::Route::ArtifactFile:
    case serve::Route::PublicationFeed:
    case serve::Route::CollectionList:
    case serve::Route::StateListing:
    case serve::Route::DeletionListing:
    case serve::Route::ObservationDocument: return true;
    case serve::Route::Refused:
    case serve::Route::PutObservation:
    case serve::Route::PostObservation:
    case serve::Route::DeleteObservation: return false;
    }
    return false;
}

void checkPlan(const serve::IncomingRequest &request, const serve::RoutingRules &rules, const serve::RequestPlan &plan)
{
    const QByteArray prefix = rules.prefix.toUtf8();
    const bool underPrefix = request.path == prefix || request.path.startsWith(QByteArray(prefix + '/'));
    if (!underPrefix)
        require(plan.refused() && plan.status == 404);
    if (plan.refused()) {
        require(plan.status >= 400 && plan.status < 500 && !plan.message.isEmpty());
        require(!plan.message.contains(configuredToken));
        return;
    }
    const QByteArray &method = request.method;
    const bool readMethod = method == "GET" || method == "HEAD";
    require(isRead(plan.route) == readMethod);

    // A bearer token other than the configured one never authenticates (it is refused with 401 above).
    const QByteArray authorization = request.header("Authorization");
    if (authorization.startsWith("Bearer "))
        require(!rules.token.isEmpty() && authorization.mid(7).trimmed() == rules.token
                && plan.user == QLatin1String("token"));
    require(plan.user != QString::fromLatin1(configuredToken));
    require(plan.context.authenticated == (plan.user != QLatin1String("-")));

    // Only capabilities and availability are open to anyone when the service asks for credentials.
    if ((rules.requireAuth || rules.profile == serve::Profile::CertificateOnly) && !plan.context.authenticated)
        require(plan.route == serve::Route::Capabilities || plan.route == serve::Route::Availability);

    if (!readMethod) {
        require(rules.writeMode != serve::WriteMode::ReadOnly);
        require(rules.token.isEmpty() || plan.context.authenticated);
        require(method == "PUT" || method == "POST" || method == "DELETE");
        require(plan.context.segments.size() >= 3);
    }

    if (plan.route == serve::Route::ArtifactFile) {
        // The promise that matters most: a path taken for /files/ cannot leave the artifact root.
        require(rules.filesEnabled && bool(artifact::checkRelativePath(plan.item)));
        require(!plan.item.startsWith(QLatin1Char('/')));
        for (const QString &segment : plan.item.split(QLatin1Char('/')))
            require(!segment.isEmpty() && segment != QLatin1String(".") && segment != QLatin1String(".."));
        const QString root = QStringLiteral("/srv/artifacts");
        require(QDir::cleanPath(root + QLatin1Char('/') + plan.item).startsWith(root + QLatin1Char('/')));
    }
    if (plan.route == serve::Route::StateListing || plan.route == serve::Route::DeletionListing)
        require(!plan.collection.isEmpty() && plan.context.segments.size() == 2);
    if (plan.route == serve::Route::ObservationDocument)
        require(!plan.collection.isEmpty() && (plan.documentVersion == 24 || plan.documentVersion == 23));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const serve::RoutingRules rules = rulesFrom(data[0]);
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), static_cast<qsizetype>(size - 1));
    QByteArray target;
    const auto request = parseRequest(bytes, &target);
    if (!request)
        return 0; // malformed: the server's parser answers 400 before any routing
    checkPlan(*request, rules, serve::planRequest(*request, rules));
    return 0;
}
