#include "net/source_connection.h"

#include "common/secret_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace net {
namespace {

// A bearer token is a line of text; anything larger is the wrong file (a certificate, a log), and reading it
// whole into a header would only produce a confusing 400 from the partner.
constexpr qint64 maxTokenBytes = 16 * 1024;

QString expanded(const QString &path)
{
    return path == QLatin1String("~") || path.startsWith(QLatin1String("~/")) ? QDir::homePath() + path.mid(1) : path;
}

mirror::Error refused(const mirror::PartnerSource &source, mirror::ErrorCategory category, const QString &message)
{
    return mirror::Error{category, QString(source.name + QStringLiteral(": ") + message).toStdString()};
}

// The file must be there and readable now: a harvest that finds out at the first TLS handshake reports a
// handshake failure, which hides the simpler cause.
mirror::Result<void> readableFile(const mirror::PartnerSource &source, const QString &path, const QString &what)
{
    const QFileInfo file(path);
    if (!file.exists())
        return refused(source, mirror::ErrorCategory::Auth, QStringLiteral("the %1 %2 does not exist").arg(what, path));
    if (!file.isFile() || !file.isReadable())
        return refused(source, mirror::ErrorCategory::Auth, QStringLiteral("cannot read the %1 %2").arg(what, path));
    return {};
}

// A secret every user of the machine may read is refused (common/secret_file.h says why).
mirror::Result<void> privateFile(const mirror::PartnerSource &source, const QString &path, const QString &what)
{
    if (auto readable = readableFile(source, path, what); !readable)
        return readable.error();
    if (const auto unsafe = mirror::unsafeSecretFile(path))
        return refused(source, mirror::ErrorCategory::Auth, QStringLiteral("the %1 %2").arg(what, *unsafe));
    return {};
}

mirror::Result<std::string> readToken(const mirror::PartnerSource &source)
{
    const QString path = expanded(source.credential);
    if (auto readable = privateFile(source, path, QStringLiteral("token file")); !readable)
        return readable.error();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return refused(source, mirror::ErrorCategory::Auth, QStringLiteral("cannot read the token file %1").arg(path));
    const QByteArray token = file.read(maxTokenBytes + 1).trimmed();
    if (token.isEmpty())
        return refused(source, mirror::ErrorCategory::Auth, QStringLiteral("the token file %1 is empty").arg(path));
    // The content is never quoted: if this is the wrong file, its first line may still be someone's secret.
    if (token.size() > maxTokenBytes || token.contains('\n') || token.contains("-----BEGIN"))
        return refused(source, mirror::ErrorCategory::Auth,
                       QStringLiteral("the token file %1 does not hold one line of token text").arg(path));
    return token.toStdString();
}

} // namespace

mirror::Result<SourceConnection> sourceConnection(const mirror::PartnerSource &source)
{
    SourceConnection connection;
    connection.spec.value = source.endpoint.toStdString();
    switch (source.endpointKind) {
    case mirror::EndpointKind::RegistryResource:
        connection.spec.kind = EndpointSpec::Kind::ResourceId;
        if (!source.registryUrl.isEmpty()) // otherwise EndpointSpec's default, the CADC registry
            connection.spec.registryUrl = source.registryUrl.toStdString();
        break;
    case mirror::EndpointKind::Capabilities: connection.spec.kind = EndpointSpec::Kind::CapabilitiesUrl; break;
    case mirror::EndpointKind::BaseUrl:
        connection.spec.kind = EndpointSpec::Kind::BaseUrls;
        connection.spec.deletionsUrl = source.deletionsUrl.toStdString();
        connection.spec.caomVersion = source.caomVersion;
        break;
    }

    HttpOptions &http = connection.http;
    http.connectTimeout = std::chrono::seconds(source.connectTimeoutSeconds);
    http.totalTimeout = std::chrono::seconds(source.requestTimeoutSeconds);
    http.tls.verifyPeer = source.verifyTls;
    if (!source.caFile.isEmpty()) {
        const QString caFile = expanded(source.caFile);
        if (auto readable = readableFile(source, caFile, QStringLiteral("CA file")); !readable)
            return readable.error();
        http.tls.caFile = caFile.toStdString();
    }

    switch (source.credentialKind) {
    case mirror::CredentialKind::None: break;
    case mirror::CredentialKind::CertificateFile: {
        // libcurl reads the PEM (certificate chain and key) itself, at each handshake: only the path goes on.
        const QString path = expanded(source.credential);
        if (auto readable = privateFile(source, path, QStringLiteral("certificate file")); !readable)
            return readable.error();
        http.tls.clientCertPem = path.toStdString();
        connection.held = AuthMethod::Certificate;
        break;
    }
    case mirror::CredentialKind::TokenFile: {
        auto token = readToken(source);
        if (!token)
            return token.error();
        http.bearerToken = std::move(*token);
        connection.held = AuthMethod::Token;
        break;
    }
    case mirror::CredentialKind::TokenEnvironment: {
        // The name was validated as [A-Z_][A-Z0-9_]*, so Latin-1 is exact.
        const QByteArray value = qgetenv(source.credential.toLatin1().constData()).trimmed();
        if (value.isEmpty())
            return refused(source, mirror::ErrorCategory::Auth,
                           QStringLiteral("the environment variable %1 is not set").arg(source.credential));
        http.bearerToken = value.toStdString();
        connection.held = AuthMethod::Token;
        break;
    }
    }
    return connection;
}

} // namespace net
