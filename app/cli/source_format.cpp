#include "source_format.h"

#include "command.h"

#include "net/service_locator.h"

#include <QJsonArray>

namespace cli {

namespace {

QString tlsText(const mirror::PartnerSource &s)
{
    if (!s.verifyTls)
        return QStringLiteral("NOT VERIFIED (--insecure): anyone on the network path can pose as this partner");
    return s.caFile.isEmpty() ? QStringLiteral("verified against the system's CAs")
                              : QStringLiteral("verified against %1").arg(s.caFile);
}

} // namespace

QJsonObject sourceJson(const mirror::PartnerSource &s)
{
    return QJsonObject{{QStringLiteral("name"), s.name},
                       {QStringLiteral("enabled"), s.enabled},
                       {QStringLiteral("endpointKind"), mirror::endpointKindName(s.endpointKind)},
                       {QStringLiteral("endpoint"), s.endpoint},
                       {QStringLiteral("registryUrl"), s.registryUrl},
                       {QStringLiteral("deletionsUrl"), s.deletionsUrl},
                       {QStringLiteral("caomVersion"), s.caomVersion},
                       {QStringLiteral("credentialKind"), mirror::credentialKindName(s.credentialKind)},
                       {QStringLiteral("credential"), mirror::describeCredential(s)},
                       {QStringLiteral("caFile"), s.caFile},
                       {QStringLiteral("verifyTls"), s.verifyTls},
                       {QStringLiteral("collections"), QJsonArray::fromStringList(s.collections)},
                       {QStringLiteral("lagSeconds"), s.lagSeconds},
                       {QStringLiteral("lookbackSeconds"), s.lookbackSeconds},
                       {QStringLiteral("pageSize"), s.pageSize},
                       {QStringLiteral("batchSize"), s.batchSize},
                       {QStringLiteral("threads"), s.threads},
                       {QStringLiteral("connectTimeoutSeconds"), s.connectTimeoutSeconds},
                       {QStringLiteral("requestTimeoutSeconds"), s.requestTimeoutSeconds}};
}

QString sourceText(const mirror::PartnerSource &s)
{
    QString text = QStringLiteral("%1%2\n  endpoint     %3 %4\n")
                       .arg(s.name, s.enabled ? QString() : QStringLiteral(" (disabled)"),
                            mirror::endpointKindName(s.endpointKind), s.endpoint);
    if (s.endpointKind == mirror::EndpointKind::RegistryResource)
        text += QStringLiteral("  registry     %1\n")
                    .arg(s.registryUrl.isEmpty() ? fromStd(net::defaultRegistryUrl) + QStringLiteral(" (default)")
                                                 : s.registryUrl);
    if (s.endpointKind == mirror::EndpointKind::BaseUrl)
        text += QStringLiteral("  deletions    %1\n  CAOM         2.%2\n")
                    .arg(s.deletionsUrl.isEmpty() ? QStringLiteral("none") : s.deletionsUrl)
                    .arg(s.caomVersion % 10);
    text += QStringLiteral("  credential   %1\n  collections  %2\n  TLS          %3\n")
                .arg(mirror::describeCredential(s),
                     s.collections.isEmpty() ? QStringLiteral("(every collection the source offers)")
                                             : s.collections.join(QLatin1Char(' ')),
                     tlsText(s));
    text += QStringLiteral("  tuning       lag %1 s, look-back %2 s, pages of %3 rows, batches of %4, %5 fetchers, "
                           "timeouts %6 s connect / %7 s request\n")
                .arg(s.lagSeconds)
                .arg(s.lookbackSeconds)
                .arg(s.pageSize)
                .arg(s.batchSize)
                .arg(s.threads)
                .arg(s.connectTimeoutSeconds)
                .arg(s.requestTimeoutSeconds);
    return text;
}

} // namespace cli
