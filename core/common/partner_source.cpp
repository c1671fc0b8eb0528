#include "common/partner_source.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

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
    for (const QString &collection : source.collections) {
        if (collection.isEmpty() || collection.contains(QRegularExpression(QStringLiteral("[\\s/,]"))))
            return refuse(QStringLiteral("collections: '%1' is not a collection name").arg(collection));
    }
    return {};
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
