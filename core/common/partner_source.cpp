#include "common/partner_source.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

#include <utility>

namespace mirror {

namespace {

Result<void> refuse(const QString &message)
{
    return Error{ErrorCategory::Fatal, message.toStdString()};
}

QString expandHome(const QString &path)
{
    if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
        return QDir::homePath() + path.mid(1);
    return path;
}

Result<void> validateEndpoint(const PartnerSource &source)
{
    const QString &text = source.endpoint;
    if (text.trimmed().isEmpty())
        return refuse(QStringLiteral("endpoint: give a registry resource ID, a capabilities URL or a base URL"));
    if (text != text.trimmed() || text.contains(QRegularExpression(QStringLiteral("\\s"))))
        return refuse(QStringLiteral("endpoint: no spaces allowed"));
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return refuse(QStringLiteral("endpoint: '%1' is not a URL with a host").arg(text));
    // A password in the URL would be written to the settings file in clear text.
    if (!url.password().isEmpty())
        return refuse(QStringLiteral("endpoint: the URL carries a password; remove it and reference a token or "
                                     "certificate as the credential instead"));
    const QString scheme = url.scheme().toLower();
    if (source.endpointKind == EndpointKind::RegistryResource) {
        if (scheme != QLatin1String("ivo"))
            return refuse(QStringLiteral("endpoint: a registry resource ID starts with ivo://"));
    } else if (scheme != QLatin1String("https") && scheme != QLatin1String("http")) {
        return refuse(QStringLiteral("endpoint: a capabilities or base URL starts with https://"));
    }
    return {};
}

// A path given for a file: one line, no PEM block, absolute (or ~/). The same rule as credential paths, so
// a certificate or bundle pasted into the field is refused instead of saved.
bool isPlainPath(const QString &text)
{
    return !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1String("-----BEGIN"))
        && QDir::isAbsolutePath(expandHome(text));
}

Result<void> validateExtras(const PartnerSource &source)
{
    if (!source.caFile.isEmpty() && !isPlainPath(source.caFile))
        return refuse(QStringLiteral("CA file: give the absolute path of a PEM file (or one starting with ~/)"));
    if (source.caomVersion != 23 && source.caomVersion != 24)
        return refuse(QStringLiteral("CAOM version: 23 or 24"));
    const std::pair<const char *, const QString *> urls[] = {{"registry URL", &source.registryUrl},
                                                             {"deletions URL", &source.deletionsUrl}};
    for (const auto &[field, url] : urls) {
        if (url->isEmpty())
            continue;
        const QUrl parsed(*url, QUrl::StrictMode);
        const QString scheme = parsed.scheme().toLower();
        if (!parsed.isValid() || parsed.host().isEmpty()
            || (scheme != QLatin1String("https") && scheme != QLatin1String("http")))
            return refuse(QStringLiteral("%1: '%2' is not an http(s) URL with a host").arg(QLatin1String(field), *url));
        if (!parsed.password().isEmpty())
            return refuse(QStringLiteral("%1: the URL carries a password; remove it").arg(QLatin1String(field)));
    }
    // Bounds that keep a typo from hurting the partner or the store: the protocol's largest page is 100,000
    // rows, and more than 64 parallel connections to one archive is abuse, not tuning.
    if (source.lagSeconds < 0 || source.lookbackSeconds < 0)
        return refuse(QStringLiteral("lag and look-back: seconds, 0 or more"));
    if (source.pageSize < 1 || source.pageSize > 100000)
        return refuse(QStringLiteral("page size: 1 to 100000 rows"));
    if (source.batchSize < 1 || source.batchSize > 10000)
        return refuse(QStringLiteral("batch size: 1 to 10000 observations"));
    if (source.threads < 1 || source.threads > 64)
        return refuse(QStringLiteral("threads: 1 to 64"));
    if (source.connectTimeoutSeconds < 1 || source.requestTimeoutSeconds < 1)
        return refuse(QStringLiteral("timeouts: 1 second or more"));
    return {};
}

Result<void> validateCredential(const PartnerSource &source)
{
    const QString &text = source.credential;
    switch (source.credentialKind) {
    case CredentialKind::None:
        if (!text.isEmpty())
            return refuse(QStringLiteral("credential: anonymous access takes no file or variable"));
        return {};
    case CredentialKind::CertificateFile:
    case CredentialKind::TokenFile: {
        if (text.isEmpty())
            return refuse(QStringLiteral("credential: give the path of the file"));
        // A pasted PEM block or token is not a path: keep it out of the settings file.
        if (text.contains(QLatin1Char('\n')) || text.contains(QLatin1String("-----BEGIN")))
            return refuse(QStringLiteral("credential: give the path of the file, not its content"));
        if (!QDir::isAbsolutePath(expandHome(text)))
            return refuse(QStringLiteral("credential: the path must be absolute (or start with ~/)"));
        return {};
    }
    case CredentialKind::TokenEnvironment: {
        // Upper-case by convention; the rule also stops most pasted tokens, which carry lower case or dots.
        static const QRegularExpression variable(QStringLiteral("^[A-Z_][A-Z0-9_]{0,63}$"));
        if (!variable.match(text).hasMatch())
            return refuse(QStringLiteral("credential: give the name of an environment variable (upper-case "
                                         "letters, digits and _), not the token itself"));
        return {};
    }
    }
    return {};
}

} // namespace

QString endpointKindName(EndpointKind kind)
{
    switch (kind) {
    case EndpointKind::RegistryResource: return QStringLiteral("registry");
    case EndpointKind::Capabilities: return QStringLiteral("capabilities");
    case EndpointKind::BaseUrl: return QStringLiteral("base-url");
    }
    return QStringLiteral("base-url");
}

std::optional<EndpointKind> endpointKindFromName(const QString &name)
{
    for (const EndpointKind kind :
         {EndpointKind::RegistryResource, EndpointKind::Capabilities, EndpointKind::BaseUrl}) {
        if (endpointKindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QString credentialKindName(CredentialKind kind)
{
    switch (kind) {
    case CredentialKind::None: return QStringLiteral("none");
    case CredentialKind::CertificateFile: return QStringLiteral("certificate-file");
    case CredentialKind::TokenFile: return QStringLiteral("token-file");
    case CredentialKind::TokenEnvironment: return QStringLiteral("token-environment");
    }
    return QStringLiteral("none");
}

std::optional<CredentialKind> credentialKindFromName(const QString &name)
{
    for (const CredentialKind kind : {CredentialKind::None, CredentialKind::CertificateFile, CredentialKind::TokenFile,
                                      CredentialKind::TokenEnvironment}) {
        if (credentialKindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

Result<void> validate(const PartnerSource &source)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$"));
    if (!name.match(source.name).hasMatch())
        return refuse(QStringLiteral("name: 1 to 40 letters, digits, '.', '_' or '-', starting with a letter or "
                                     "digit"));
    if (auto endpoint = validateEndpoint(source); !endpoint)
        return endpoint;
    if (auto credential = validateCredential(source); !credential)
        return credential;
    if (auto extras = validateExtras(source); !extras)
        return extras;
    for (const QString &collection : source.collections) {
        if (collection.isEmpty() || collection.contains(QRegularExpression(QStringLiteral("[\\s/,]"))))
            return refuse(QStringLiteral("collections: '%1' is not a collection name").arg(collection));
    }
    return {};
}

QStringList harvestStateChanges(const PartnerSource &before, const PartnerSource &after)
{
    QStringList changes;
    if (before.endpoint != after.endpoint || before.endpointKind != after.endpointKind) {
        changes << QStringLiteral("endpoint %1 %2 becomes %3 %4: every collection is harvested again from the "
                                  "beginning, under a new harvest state")
                       .arg(endpointKindName(before.endpointKind), before.endpoint,
                            endpointKindName(after.endpointKind), after.endpoint);
        return changes; // the collection changes are subsumed: everything starts afresh
    }
    for (const QString &collection : after.collections) {
        if (!before.collections.contains(collection))
            changes << QStringLiteral("collection %1 added: harvested from the beginning under a new harvest state")
                           .arg(collection);
    }
    for (const QString &collection : before.collections) {
        if (!after.collections.contains(collection))
            changes << QStringLiteral("collection %1 dropped: no longer harvested (its harvest state stays in the "
                                      "store)")
                           .arg(collection);
    }
    // Empty means "every collection the source offers": said outright, since no name above shows it.
    if (before.collections.isEmpty() != after.collections.isEmpty())
        changes << (after.collections.isEmpty()
                        ? QStringLiteral("every collection the source offers will be harvested, each new one from the "
                                         "beginning")
                        : QStringLiteral("only the listed collections will be harvested, no longer every one the "
                                         "source offers"));
    return changes;
}

QString describeCredential(const PartnerSource &source)
{
    switch (source.credentialKind) {
    case CredentialKind::None: return QStringLiteral("anonymous");
    case CredentialKind::CertificateFile:
    case CredentialKind::TokenFile: {
        const QString what = source.credentialKind == CredentialKind::CertificateFile ? QStringLiteral("certificate")
                                                                                      : QStringLiteral("token file");
        const QFileInfo file(expandHome(source.credential));
        const QString state = !file.exists() ? QStringLiteral("missing")
            : !file.isReadable()             ? QStringLiteral("not readable")
                                             : QStringLiteral("present");
        return QStringLiteral("%1 %2 (%3)").arg(what, source.credential, state);
    }
    case CredentialKind::TokenEnvironment:
        return QStringLiteral("token in $%1 (%2)")
            .arg(source.credential,
                 qEnvironmentVariableIsEmpty(qPrintable(source.credential)) ? QStringLiteral("not set")
                                                                            : QStringLiteral("set"));
    }
    return {};
}

} // namespace mirror
