// caom-sync serve: publish a store with the repository protocol, so another mirror can harvest this one
// and tests run against a real server on loopback.
#include "command.h"
#include "interrupt_watch.h"
#include "store_option.h"

#include "artifact/artifact_root.h"
#include "common/secret_file.h"
#include "serve/repository_server.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

namespace cli {
namespace {

bool parseListen(const QString &text, serve::ServeOptions &options)
{
    const auto colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535 || !options.address.setAddress(host))
        return false;
    options.port = quint16(port);
    return true;
}

} // namespace

int runServe(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Serve the store with the CAOM repository protocol (capabilities, collection and observation-state\n"
        "listings, documents in CAOM 2.4 and 2.3, deletions, optional writes and artifact files).\n"
        "When listening, prints one line to stdout: the capabilities URL. Stops on SIGINT or SIGTERM."));
    parser.addOption(storeOption());
    parser.addOption({QStringLiteral("listen"),
                      QStringLiteral("Address and port (default 127.0.0.1:0, any free port)."),
                      QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:0")});
    parser.addOption(
        {QStringLiteral("profile"),
         QStringLiteral("Capabilities announced: torkeep24 (default), legacy23, both, nodel, anononly, certonly."),
         QStringLiteral("P"), QStringLiteral("torkeep24")});
    parser.addOption({QStringLiteral("prefix"), QStringLiteral("Path prefix (default /caom2)."), QStringLiteral("PATH"),
                      QStringLiteral("/caom2")});
    parser.addOption({QStringLiteral("writable"),
                      QStringLiteral("Accept PUT, POST and DELETE of observations. origin: this archive's own service "
                                     "(checksums computed here, timestamps moved on change, as the reference "
                                     "service); mirror: copies from another service (checksums must verify, "
                                     "timestamps kept)."),
                      QStringLiteral("origin|mirror")});
    parser.addOption({QStringLiteral("artifact-root"),
                      QStringLiteral("Serve files under PREFIX/files from DIR/{scheme}/{path}."),
                      QStringLiteral("DIR")});
    parser.addOption(
        {QStringLiteral("tls-cert"), QStringLiteral("PEM certificate: serve HTTPS."), QStringLiteral("FILE")});
    parser.addOption(
        {QStringLiteral("tls-key"), QStringLiteral("PEM private key of --tls-cert."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("tls-client-ca"), QStringLiteral("Require client certificates signed by this CA."),
                      QStringLiteral("FILE")});
    parser.addOption(
        {QStringLiteral("token-file"), QStringLiteral("Accept the bearer token in FILE."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("require-auth"), QStringLiteral("Refuse anonymous data requests.")});
    parser.addOption({QStringLiteral("insecure-writes"),
                      QStringLiteral("Let --writable accept writes from anyone who can reach the address, without "
                                     "--token-file or --tls-client-ca (for tests on loopback).")});
    parser.addOption({QStringLiteral("access-log"), QStringLiteral("Write the access log to FILE (default stderr)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("max-rec"), QStringLiteral("Most rows per listing (default 100000)."),
                      QStringLiteral("N"), QStringLiteral("100000")});
    parser.addOption({QStringLiteral("ascii-listings"),
                      QStringLiteral("Listings in US-ASCII with '?' for other characters, as the reference service "
                                     "(default UTF-8).")});
    parser.addOption({QStringLiteral("reference-quoting"),
                      QStringLiteral("Quote listing values holding '\"' too, as the reference service's CSV writer "
                                     "(real clients then read them wrongly; for tests).")});
    parser.addOption({QStringLiteral("obs23-lossy"),
                      QStringLiteral("What obs23 answers for an observation CAOM 2.3 cannot hold: stored-checksums "
                                     "(default, as the reference: the document does not verify), refuse (422), "
                                     "recompute (checksums for what is sent)."),
                      QStringLiteral("MODE"), QStringLiteral("stored-checksums")});
    parser.addOption({QStringLiteral("workers"),
                      QStringLiteral("Threads answering requests, each with its own store connection (default: one "
                                     "per core, at least 2)."),
                      QStringLiteral("N"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("max-connections"),
                      QStringLiteral("Most clients connected at once; more are answered 503 (default 256)."),
                      QStringLiteral("N"), QStringLiteral("256")});
    parser.addOption({QStringLiteral("request-timeout"),
                      QStringLiteral("Seconds a client has to send a whole request, and that an idle connection or "
                                     "one whose client stopped reading is kept (default 30)."),
                      QStringLiteral("SECONDS"), QStringLiteral("30")});
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;

    serve::ServeOptions options;
    if (!parseListen(parser.value(QStringLiteral("listen")), options)) {
        printErr(QStringLiteral("caom-sync serve: --listen wants HOST:PORT, not '%1'\n")
                     .arg(parser.value(QStringLiteral("listen"))));
        return Failed;
    }
    if (!serve::profileFromName(parser.value(QStringLiteral("profile")), &options.profile)) {
        printErr(
            QStringLiteral("caom-sync serve: unknown profile '%1'\n").arg(parser.value(QStringLiteral("profile"))));
        return Failed;
    }
    bool ok = false;
    options.maxRecords = parser.value(QStringLiteral("max-rec")).toInt(&ok);
    if (!ok || options.maxRecords <= 0) {
        printErr(QStringLiteral("caom-sync serve: --max-rec wants a positive number\n"));
        return Failed;
    }
    // A client pages with 10,000 rows (caom2repo, the Java RepoClient) and stops at the first shorter page.
    constexpr int clientPageRows = 10000;
    if (options.maxRecords < clientPageRows)
        printErr(QStringLiteral("caom-sync serve: warning: --max-rec %1 is below the 10,000 rows a client asks for "
                                "per page; CADC's clients stop at the first short page and miss the rest\n")
                     .arg(options.maxRecords));
    const struct {
        const char *name;
        int *target;
        int least;
        int scale;
    } counts[] = {{"workers", &options.workers, 0, 1},
                  {"max-connections", &options.maxConnections, 1, 1},
                  {"request-timeout", &options.requestTimeoutMs, 1, 1000}};
    for (const auto &count : counts) {
        const int value = parser.value(QLatin1String(count.name)).toInt(&ok);
        if (!ok || value < count.least || value > 100000) {
            printErr(QStringLiteral("caom-sync serve: --%1 wants a number from %2 to 100000, not '%3'\n")
                         .arg(QLatin1String(count.name))
                         .arg(count.least)
                         .arg(parser.value(QLatin1String(count.name))));
            return Failed;
        }
        *count.target = value * count.scale;
    }
    options.prefix = parser.value(QStringLiteral("prefix"));
    if (parser.isSet(QStringLiteral("writable"))
        && !serve::writeModeFromName(parser.value(QStringLiteral("writable")), &options.writeMode)) {
        printErr(QStringLiteral("caom-sync serve: --writable wants origin or mirror, not '%1'\n")
                     .arg(parser.value(QStringLiteral("writable"))));
        return Failed;
    }
    if (!serve::lossyObs23FromName(parser.value(QStringLiteral("obs23-lossy")), &options.lossyObs23)) {
        printErr(
            QStringLiteral("caom-sync serve: --obs23-lossy wants stored-checksums, refuse or recompute, not '%1'\n")
                .arg(parser.value(QStringLiteral("obs23-lossy"))));
        return Failed;
    }
    if (parser.isSet(QStringLiteral("reference-quoting")))
        options.listingQuoting = serve::ListingQuoting::ReferenceCsv;
    options.artifactRoot = parser.value(QStringLiteral("artifact-root"));
    if (!options.artifactRoot.isEmpty()) // a mistyped root would answer 404 for every file
        if (auto root = artifact::ArtifactRoot::open(options.artifactRoot, false); !root) {
            printErr(QStringLiteral("caom-sync serve: %1\n").arg(fromStd(root.error().message)));
            return Failed;
        }
    options.tlsCertificate = parser.value(QStringLiteral("tls-cert"));
    options.tlsKey = parser.value(QStringLiteral("tls-key"));
    // A key or token every user of the machine may read would let any of them act as this archive.
    for (const char *secret : {"tls-key", "token-file"}) {
        if (!parser.isSet(QLatin1String(secret)))
            continue;
        if (const auto unsafe = mirror::unsafeSecretFile(parser.value(QLatin1String(secret)))) {
            printErr(QStringLiteral("caom-sync serve: --%1: %2\n").arg(QLatin1String(secret), *unsafe));
            return Failed;
        }
    }
    options.tlsClientCa = parser.value(QStringLiteral("tls-client-ca"));
    options.requireAuth = parser.isSet(QStringLiteral("require-auth"));
    options.asciiListings = parser.isSet(QStringLiteral("ascii-listings"));
    if (parser.isSet(QStringLiteral("token-file"))) {
        QFile tokenFile(parser.value(QStringLiteral("token-file")));
        if (!tokenFile.open(QIODevice::ReadOnly)) {
            printErr(QStringLiteral("caom-sync serve: cannot read the token file %1\n").arg(tokenFile.fileName()));
            return Failed;
        }
        options.token = QString::fromUtf8(tokenFile.readAll()).trimmed();
    }
    const bool credential = !options.token.isEmpty() || !options.tlsClientCa.isEmpty();
    if (options.requireAuth && !credential) {
        printErr(QStringLiteral("caom-sync serve: --require-auth needs --token-file or --tls-client-ca\n"));
        return Failed;
    }
    if (options.writeMode != serve::WriteMode::ReadOnly && !credential) {
        if (!parser.isSet(QStringLiteral("insecure-writes"))) {
            printErr(QStringLiteral("caom-sync serve: --writable needs --token-file or --tls-client-ca, so that only "
                                    "your partners may change observations (or --insecure-writes to accept writes "
                                    "from anyone who can reach the address)\n"));
            return Failed;
        }
        printErr(QStringLiteral("caom-sync serve: warning: --insecure-writes: anyone who can reach this address may "
                                "change observations\n"));
    }
    std::unique_ptr<QFile> accessLog;
    if (parser.isSet(QStringLiteral("access-log"))) {
        accessLog = std::make_unique<QFile>(parser.value(QStringLiteral("access-log")));
        if (!accessLog->open(QIODevice::Append | QIODevice::Text)) {
            printErr(QStringLiteral("caom-sync serve: cannot write the access log %1\n").arg(accessLog->fileName()));
            return Failed;
        }
    }
    options.accessLog = [&accessLog](const QString &line) {
        if (accessLog) {
            accessLog->write(line.toUtf8() + '\n');
            accessLog->flush();
        } else {
            printErr(line + QLatin1Char('\n'));
        }
    };
    auto store = openStore(parser, QStringLiteral("serve"));
    if (!store)
        return Failed;

    serve::RepositoryServer server(store, options);
    QString error;
    if (server.start(&error) == 0) {
        printErr(QStringLiteral("caom-sync serve: %1\n").arg(error));
        return Failed;
    }
    // Handlers first: whoever started us may stop us as soon as it reads the URL.
    InterruptWatch stops;
    stops.watch([] { QCoreApplication::exit(Success); });
    printOut(server.capabilitiesUrl() + QLatin1Char('\n'));
    std::fflush(stdout);
    return QCoreApplication::exec();
}

} // namespace cli
