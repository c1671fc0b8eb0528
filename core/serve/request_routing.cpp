#include "serve/request_routing.h"

#include "artifact/artifact_path.h"

#include <openssl/crypto.h>

namespace serve {
namespace {

// Each segment decoded once: "%2B" is a '+', "%252B" stays "%2B".
QStringList decodedSegments(const QByteArray &encodedPath)
{
    QStringList segments;
    for (const QByteArray &part : encodedPath.split('/'))
        segments << QString::fromUtf8(QByteArray::fromPercentEncoding(part));
    return segments;
}

// Equal tokens, in a time that does not depend on where they differ (a byte-by-byte compare would tell an
// attacker how much of a guess was right). Only the length leaks, which a token's format gives away anyway.
bool sameToken(const QByteArray &offered, const QByteArray &configured)
{
    return offered.size() == configured.size()
        && CRYPTO_memcmp(offered.constData(), configured.constData(), std::size_t(configured.size())) == 0;
}

RequestPlan refusal(RequestPlan plan, int status, const QByteArray &message)
{
    plan.route = Route::Refused;
    plan.status = status;
    plan.message = message;
    return plan;
}

RequestPlan routed(RequestPlan plan, Route route)
{
    plan.route = route;
    plan.status = 200;
    plan.message.clear();
    return plan;
}

// The route for a request whose credential is settled: the same order of checks the protocol describes
// (capabilities and availability open to all, then the data, then writes).
RequestPlan choose(RequestPlan plan, const RoutingRules &rules)
{
    const RequestContext &c = plan.context;
    const QString first = c.segments.value(0);
    const bool read = c.method == "GET" || c.method == "HEAD";
    if (first == QLatin1String("capabilities") && read)
        return routed(std::move(plan), Route::Capabilities);
    if (first == QLatin1String("availability") && read)
        return routed(std::move(plan), Route::Availability);
    const bool anonymousRefused = rules.requireAuth || rules.profile == Profile::CertificateOnly;
    if (anonymousRefused && !c.authenticated)
        return refusal(std::move(plan), rules.requireAuth ? 401 : 403, "permission denied: credentials required");
    if (first == QLatin1String("files") && rules.filesEnabled && read) {
        plan.item = c.rest(1);
        // A path that could leave the artifact root is answered as absent, as a missing file is.
        if (!artifact::checkRelativePath(plan.item))
            return refusal(std::move(plan), 404, "not found: " + plan.item.toUtf8());
        return routed(std::move(plan), Route::ArtifactFile);
    }
    if (first == QLatin1String("publications")) {
        if (read && c.segments.size() == 1)
            return routed(std::move(plan), Route::PublicationFeed);
        return refusal(std::move(plan), 405, "method not allowed");
    }

    const bool obs24 = first == QLatin1String("observations") && rules.profile != Profile::Legacy23;
    const bool obs23 =
        first == QLatin1String("obs23") && (rules.profile == Profile::Legacy23 || rules.profile == Profile::Both);
    const bool deletions = first == QLatin1String("deletions") && rules.profile != Profile::NoDeletions;
    if (!obs24 && !obs23 && !deletions)
        return refusal(std::move(plan), 404, "not found");
    plan.collection = c.segments.value(1);
    if (read) {
        if (c.segments.size() <= 1 || plan.collection.isEmpty())
            return routed(std::move(plan), Route::CollectionList);
        if (deletions)
            return c.segments.size() == 2 ? routed(std::move(plan), Route::DeletionListing)
                                          : refusal(std::move(plan), 404, "not found");
        if (c.segments.size() == 2)
            return routed(std::move(plan), Route::StateListing);
        plan.item = c.rest(2);
        plan.documentVersion = obs24 ? 24 : 23;
        return routed(std::move(plan), Route::ObservationDocument);
    }
    if (deletions || c.segments.size() < 3)
        return refusal(std::move(plan), 405, "method not allowed here");
    if (rules.writeMode == WriteMode::ReadOnly)
        return refusal(std::move(plan), 403, "read-only: this service does not accept writes");
    // Writes always need the credential the service was given, even where reads are open to anyone; only a
    // service given none (local seeding) accepts anonymous writes.
    const bool credentialConfigured = !rules.token.isEmpty() || rules.clientCertificates;
    if (credentialConfigured && !c.authenticated)
        return refusal(std::move(plan), 401,
                       "permission denied: writes need the service's token or client certificate");
    plan.item = c.rest(2);
    if (c.method == "PUT")
        return routed(std::move(plan), Route::PutObservation);
    if (c.method == "POST")
        return routed(std::move(plan), Route::PostObservation);
    if (c.method == "DELETE")
        return routed(std::move(plan), Route::DeleteObservation);
    return refusal(std::move(plan), 405, "method not allowed");
}

} // namespace

QString RequestContext::rest(int from) const
{
    return segments.mid(from).join(QLatin1Char('/'));
}

RoutingRules RoutingRules::from(const ServeOptions &options, bool filesEnabled)
{
    RoutingRules rules;
    rules.prefix = options.prefix;
    rules.profile = options.profile;
    rules.writeMode = options.writeMode;
    rules.requireAuth = options.requireAuth;
    rules.filesEnabled = filesEnabled;
    rules.token = options.token.toUtf8();
    rules.clientCertificates = !options.tlsClientCa.isEmpty();
    return rules;
}

QByteArray IncomingRequest::header(const QByteArray &name) const
{
    for (auto it = headers.crbegin(); it != headers.crend(); ++it)
        if (it->first.compare(name, Qt::CaseInsensitive) == 0)
            return it->second;
    return {};
}

RequestPlan planRequest(const IncomingRequest &request, const RoutingRules &rules)
{
    RequestPlan plan;
    const QByteArray prefix = rules.prefix.toUtf8();
    if (request.path != prefix && !request.path.startsWith(QByteArray(prefix + '/')))
        return refusal(std::move(plan), 404, "not found");

    RequestContext &context = plan.context;
    context.method = request.method;
    context.segments = decodedSegments(request.path.mid(prefix.size() + 1));
    if (!context.segments.isEmpty() && context.segments.back().isEmpty() && context.segments.size() > 1)
        context.segments.removeLast(); // a trailing slash means the same resource
    context.query = request.query;
    context.body = request.body;
    context.ifMatch = request.header("If-Match");
    context.range = request.header("Range");
    QByteArray host = request.header("Host");
    if (host.isEmpty())
        host = request.listeningHost;
    context.baseUrl = (request.tls ? "https://" : "http://") + host + prefix;

    if (!request.certificateUser.isEmpty()) {
        plan.user = request.certificateUser;
        context.authenticated = true;
    }
    const QByteArray authorization = request.header("Authorization");
    if (authorization.startsWith("Bearer ")) {
        // The token is compared, never logged; the access log says only that one was used.
        if (rules.token.isEmpty() || !sameToken(authorization.mid(7).trimmed(), rules.token)) {
            plan.user = QStringLiteral("-");
            context.authenticated = false;
            return refusal(std::move(plan), 401, "invalid token");
        }
        plan.user = QStringLiteral("token");
        context.authenticated = true;
    }
    return choose(std::move(plan), rules);
}

} // namespace serve
