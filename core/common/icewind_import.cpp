#include "common/icewind_import.h"

#include "common/java_properties.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

namespace mirror {

namespace {

const QString prefix = QStringLiteral("org.opencadc.icewind.");

Error importError(const QString &path, const QString &what, ErrorCategory category = ErrorCategory::Parse)
{
    return Error{category, QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), what).toStdString()};
}

// ivo:// resource IDs go through the registry; a URL ending in /capabilities is a VOSI document; any other URL is
// the repository service itself.
void setEndpoint(PartnerSource &source, const QString &endpoint)
{
    source.endpoint = endpoint.trimmed();
    if (source.endpoint.startsWith(QLatin1String("ivo://"), Qt::CaseInsensitive))
        source.endpointKind = EndpointKind::RegistryResource;
    else if (source.endpoint.endsWith(QLatin1String("/capabilities")))
        source.endpointKind = EndpointKind::Capabilities;
    else
        source.endpointKind = EndpointKind::BaseUrl;
}

// "ivo://cadc.nrc.ca/ams" → "CADC", "https://mast.stsci.edu/caom2" → "MAST": the host's first label that is not
// a service word.
QString nameFromEndpoint(const QString &endpoint)
{
    const QStringList labels = QUrl(endpoint).host().split(QLatin1Char('.'), Qt::SkipEmptyParts);
    for (const QString &label : labels) {
        if (label == QLatin1String("www") || label == QLatin1String("ws") || label == QLatin1String("api"))
            continue;
        return label.toUpper();
    }
    return {};
}

// "jdbc:postgresql://server:5432/db" → "postgresql://USER@server:5432/db" for --store (never with the password).
QString storeUrlFromJdbc(const QString &jdbc, const QString &user)
{
    QString url = jdbc.trimmed();
    if (!url.startsWith(QLatin1String("jdbc:postgresql://")))
        return {};
    url = url.mid(5);
    const qsizetype query = url.indexOf(QLatin1Char('?'));
    if (query >= 0)
        url.truncate(query);
    if (!user.isEmpty())
        url.insert(QStringLiteral("postgresql://").size(), user.trimmed() + QLatin1Char('@'));
    return url;
}

void readProperties(const QString &text, IcewindImport &import, const QString &path)
{
    PartnerSource &source = import.source;
    QString jdbcUrl, user, schema;
    bool hasPassword = false;
    for (const PropertyEntry &entry : parseJavaProperties(text)) {
        const QString where = QStringLiteral("line %1").arg(entry.line);
        if (!entry.key.startsWith(prefix)) {
            import.notCarriedOver << QStringLiteral("%1 (%2): not an icewind setting; ignored").arg(entry.key, where);
            continue;
        }
        const QString key = entry.key.mid(prefix.size());
        if (key == QLatin1String("repoService")) {
            setEndpoint(source, entry.value);
            import.carriedOver << QStringLiteral("repository service %1 (%2)").arg(source.endpoint, where);
        } else if (key == QLatin1String("collection")) {
            for (const QString &collection :
                 entry.value.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts)) {
                if (!source.collections.contains(collection))
                    source.collections << collection;
            }
            import.carriedOver << QStringLiteral("collection %1 (%2)").arg(entry.value.trimmed(), where);
        } else if (key == QLatin1String("caom.url")) {
            jdbcUrl = entry.value;
        } else if (key == QLatin1String("caom.username")) {
            user = entry.value;
        } else if (key == QLatin1String("caom.password")) {
            hasPassword = !entry.value.isEmpty();
        } else if (key == QLatin1String("caom.schema")) {
            schema = entry.value;
        } else if (key == QLatin1String("maxIdle")) {
            import.notCarriedOver << QStringLiteral(
                                         "maxIdle %1 s (%2): caom-sync harvests once per run; schedule runs with "
                                         "the caom-sync-harvest@%3.timer unit instead")
                                         .arg(entry.value.trimmed(), where,
                                              source.name.isEmpty() ? QStringLiteral("NAME") : source.name);
        } else if (key == QLatin1String("exitWhenComplete")) {
            import.notCarriedOver
                << QStringLiteral("exitWhenComplete (%1): caom-sync always ends after one pass").arg(where);
        } else if (key == QLatin1String("basePublisherID")) {
            import.notCarriedOver
                << QStringLiteral("basePublisherID %1 (%2): not used; observations are kept as the partner serves "
                                  "them, with the publisherIDs it gives")
                       .arg(entry.value.trimmed(), where);
        } else if (key == QLatin1String("logging")) {
            import.notCarriedOver << QStringLiteral("logging %1 (%2): caom-sync writes its messages to standard error "
                                                    "(the journal under systemd)")
                                         .arg(entry.value.trimmed(), where);
        } else {
            import.notCarriedOver << QStringLiteral("%1 (%2): unknown icewind setting; ignored").arg(entry.key, where);
        }
    }
    if (!jdbcUrl.isEmpty() || !user.isEmpty() || hasPassword) {
        const QString store = storeUrlFromJdbc(jdbcUrl, user);
        QString sentence = store.isEmpty()
            ? QStringLiteral("the destination database %1: not a PostgreSQL URL caom-sync can use").arg(jdbcUrl)
            : QStringLiteral("the destination database: give caom-sync --store %1 (or store/location in the "
                             "settings)")
                  .arg(store);
        if (!schema.isEmpty() && schema != QLatin1String("caom2"))
            sentence += QStringLiteral("; its schema %1 is not used, our store has its own tables").arg(schema);
        if (hasPassword)
            sentence += QStringLiteral("; the password was not copied: put it in ~/.pgpass or PGPASSWORD");
        import.notCarriedOver << sentence;
    }
    // icewind authenticates with /config/cadcproxy.pem when it is there: the same file beside this one.
    const QString certificate = QFileInfo(path).absoluteDir().filePath(QStringLiteral("cadcproxy.pem"));
    if (QFileInfo::exists(certificate)) {
        source.credentialKind = CredentialKind::CertificateFile;
        source.credential = certificate;
        import.carriedOver << QStringLiteral("client certificate %1").arg(certificate);
    }
}

// caom2harvester's command line: --resourceID=ivo://... --collection=C --threads=N --batchSize=N ...
void readCommandLine(const QString &text, IcewindImport &import)
{
    PartnerSource &source = import.source;
    const QStringList words = text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    for (const QString &word : words) {
        if (!word.startsWith(QLatin1String("--")))
            continue; // the program and its launcher (java -jar ...)
        const qsizetype equals = word.indexOf(QLatin1Char('='));
        const QString option = word.mid(2, equals < 0 ? -1 : equals - 2);
        const QString value = equals < 0 ? QString() : word.mid(equals + 1);
        bool number = false;
        const int count = value.toInt(&number);
        if ((option == QLatin1String("resourceID") || option == QLatin1String("source"))
            && value.contains(QLatin1String("://"))) {
            setEndpoint(source, value);
            import.carriedOver << QStringLiteral("repository service %1 (--%2)").arg(source.endpoint, option);
        } else if (option == QLatin1String("collection") && !value.isEmpty()) {
            if (!source.collections.contains(value))
                source.collections << value;
            import.carriedOver << QStringLiteral("collection %1").arg(value);
        } else if (option == QLatin1String("threads") && number && count > 0) {
            source.threads = count;
            import.carriedOver << QStringLiteral("%1 fetch threads").arg(count);
        } else if (option == QLatin1String("batchSize") && number && count > 0) {
            source.batchSize = count;
            import.carriedOver << QStringLiteral("batches of %1 observations").arg(count);
        } else if (option == QLatin1String("destination") || option == QLatin1String("source")) {
            import.notCarriedOver << QStringLiteral("--%1=%2: a database named server.database.schema; give "
                                                    "caom-sync --store postgresql://USER@SERVER/DATABASE instead")
                                         .arg(option, value);
        } else {
            import.notCarriedOver << QStringLiteral("%1: no counterpart in caom-sync sources; see caom-sync harvest "
                                                    "--help for the modes (incremental, retry, validate, full)")
                                         .arg(word);
        }
    }
}

} // namespace

Result<IcewindImport> importIcewind(const QString &path, const QString &name)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return importError(path, QStringLiteral("cannot be read: %1").arg(file.errorString()), ErrorCategory::Io);
    const QString text = QString::fromUtf8(file.readAll());
    IcewindImport import;
    import.source.name = name;
    if (text.contains(prefix))
        readProperties(text, import, path);
    else if (text.contains(QLatin1String("--")))
        readCommandLine(text, import);
    else
        return importError(path,
                           QStringLiteral("neither an icewind.properties file (no %1 keys) nor a caom2harvester "
                                          "command line (no --options)")
                               .arg(prefix));
    if (import.source.endpoint.isEmpty())
        return importError(path,
                           QStringLiteral("names no repository service (%1repoService, or --resourceID=)").arg(prefix));
    if (import.source.name.isEmpty())
        import.source.name = nameFromEndpoint(import.source.endpoint);
    if (import.source.name.isEmpty())
        return importError(
            path,
            QStringLiteral("no source name can be made from %1: give one with --name").arg(import.source.endpoint));
    // The schedule sentence was written before the name was known.
    for (QString &sentence : import.notCarriedOver)
        sentence.replace(QStringLiteral("caom-sync-harvest@NAME.timer"),
                         QStringLiteral("caom-sync-harvest@%1.timer").arg(import.source.name));
    return import;
}

} // namespace mirror
