// caom-sync sources list|add|remove|test: the partner sources, kept in the settings file the console shares
// (docs/settings.md), so a source added here is the one the console's settings show, and the other way round.
#include "command.h"
#include "command_adopt_icewind.h"
#include "interrupt_watch.h"
#include "source_format.h"

#include "common/icewind_import.h"
#include "common/settings.h"
#include "sync/source_resolver.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace cli {
namespace {

const QString usageText = QStringLiteral(
    "Usage: caom-sync sources list|add|remove|test|import-icewind|adopt-icewind [options]\n\n"
    "  list [--json]            the configured sources (credentials described, never shown)\n"
    "  add NAME --capabilities URL|--resource-id IVO_ID|--base-url URL [...]\n"
    "                           add a source, or replace the settings of one (see 'sources add --help')\n"
    "  remove NAME              remove a source (its harvest state stays in the store)\n"
    "  test NAME [--json]       resolve the endpoints and list the collections the source offers\n"
    "  import-icewind FILE      add a source from an icewind.properties file or a caom2harvester command line\n"
    "  adopt-icewind NAME --database URL [--schema S]\n"
    "                           continue where icewind stopped: its cursors and skip records for source NAME\n\n"
    "Sources live in the settings file the console shares: %1\n");

int list(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the configured partner sources. Credentials are described "
                                                    "(file present, variable set), never shown."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print a JSON array.")});
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    const mirror::Settings settings;
    QJsonArray json;
    QStringList text;
    for (const mirror::PartnerSource &source : settings.sources()) {
        json.append(sourceJson(source));
        text << sourceText(source);
    }
    if (parser.isSet(QStringLiteral("json")))
        printOut(QString::fromUtf8(QJsonDocument(json).toJson()));
    else if (text.isEmpty())
        printOut(
            QStringLiteral("no sources in %1 (add one with 'caom-sync sources add')\n").arg(settings.sharedFileName()));
    else
        printOut(text.join(QLatin1Char('\n')));
    return Success;
}

// A relative path to an existing file is made absolute, since the settings are read from anywhere. Anything
// else is kept as typed for validate() to refuse: a token pasted here names no file (and is never echoed).
QString pathValue(const QCommandLineParser &parser, const QString &option)
{
    const QString value = parser.value(option);
    const QFileInfo file(value);
    return !value.isEmpty() && file.isRelative() && !value.startsWith(QLatin1Char('~')) && file.isFile()
        ? file.absoluteFilePath()
        : value;
}

bool numberValue(const QCommandLineParser &parser, const QString &option, int &field)
{
    if (!parser.isSet(option))
        return true;
    bool ok = false;
    field = parser.value(option).toInt(&ok);
    if (!ok)
        printErr(QStringLiteral("caom-sync sources add: --%1 takes a whole number\n").arg(option));
    return ok;
}

// The source the options describe, or nullopt after a usage message.
std::optional<mirror::PartnerSource> sourceFromOptions(const QCommandLineParser &parser)
{
    const auto has = [&](const char *option) { return parser.isSet(QLatin1String(option)); };
    const auto usage = [](const QString &message) {
        printErr(QStringLiteral("caom-sync sources add: %1\n").arg(message));
        return std::nullopt;
    };
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("give one NAME"));
    if (int(has("capabilities")) + int(has("resource-id")) + int(has("base-url")) != 1)
        return usage(QStringLiteral("give one of --capabilities URL, --resource-id IVO_ID or --base-url URL"));
    if (int(has("cert")) + int(has("token-file")) + int(has("token-env")) > 1)
        return usage(QStringLiteral("give at most one of --cert, --token-file and --token-env"));
    if (has("registry") && !has("resource-id"))
        return usage(QStringLiteral("--registry goes with --resource-id"));
    if ((has("deletions-url") || has("caom-version")) && !has("base-url"))
        return usage(QStringLiteral("--deletions-url and --caom-version go with --base-url"));

    mirror::PartnerSource source;
    source.name = parser.positionalArguments().front();
    if (has("capabilities")) {
        source.endpointKind = mirror::EndpointKind::Capabilities;
        source.endpoint = parser.value(QStringLiteral("capabilities"));
    } else if (has("resource-id")) {
        source.endpointKind = mirror::EndpointKind::RegistryResource;
        source.endpoint = parser.value(QStringLiteral("resource-id"));
        source.registryUrl = parser.value(QStringLiteral("registry"));
    } else {
        source.endpointKind = mirror::EndpointKind::BaseUrl;
        source.endpoint = parser.value(QStringLiteral("base-url"));
        source.deletionsUrl = parser.value(QStringLiteral("deletions-url"));
        if (!numberValue(parser, QStringLiteral("caom-version"), source.caomVersion))
            return std::nullopt;
    }
    if (has("cert")) {
        source.credentialKind = mirror::CredentialKind::CertificateFile;
        source.credential = pathValue(parser, QStringLiteral("cert"));
    } else if (has("token-file")) {
        source.credentialKind = mirror::CredentialKind::TokenFile;
        source.credential = pathValue(parser, QStringLiteral("token-file"));
    } else if (has("token-env")) {
        source.credentialKind = mirror::CredentialKind::TokenEnvironment;
        source.credential = parser.value(QStringLiteral("token-env"));
    }
    source.caFile = pathValue(parser, QStringLiteral("ca-file"));
    source.verifyTls = !has("insecure"); // off only when asked for in so many words
    source.collections = parser.values(QStringLiteral("collection"));
    source.enabled = !has("disabled");
    const std::pair<const char *, int *> numbers[] = {{"lag", &source.lagSeconds},
                                                      {"lookback", &source.lookbackSeconds},
                                                      {"page-size", &source.pageSize},
                                                      {"batch-size", &source.batchSize},
                                                      {"threads", &source.threads},
                                                      {"connect-timeout", &source.connectTimeoutSeconds},
                                                      {"request-timeout", &source.requestTimeoutSeconds}};
    for (const auto &[option, field] : numbers) {
        if (!numberValue(parser, QLatin1String(option), *field))
            return std::nullopt;
    }
    return source;
}

// The options of `sources add`: name, value name ("" for a flag), help.
struct AddOption {
    const char *name;
    const char *value;
    const char *help;
};
constexpr AddOption addOptions[] = {
    {"capabilities", "URL", "The service's VOSI capabilities URL."},
    {"resource-id", "IVO_ID", "An ivo:// resource ID, looked up in the registry."},
    {"registry", "URL", "With --resource-id: the registry (default: CADC's)."},
    {"base-url", "URL", "The observations endpoint itself (no capabilities document)."},
    {"deletions-url", "URL", "With --base-url: the deletions endpoint."},
    {"caom-version", "V", "With --base-url: 24 (default) or 23."},
    {"cert", "FILE", "PEM file with certificate and key (cadcproxy.pem)."},
    {"token-file", "FILE", "A file holding a bearer token."},
    {"token-env", "NAME", "An environment variable holding a bearer token."},
    {"ca-file", "FILE", "PEM bundle to trust instead of the system's CAs."},
    {"insecure", "", "Do not verify the partner's TLS certificate (shown loudly by 'list')."},
    {"collection", "C", "A collection to mirror (repeatable; none = every one offered)."},
    {"lag", "S", "Seconds at the head never listed (default 300)."},
    {"lookback", "S", "Seconds re-scanned before the cursor (default 120)."},
    {"page-size", "N", "Rows per listing request (default 10000)."},
    {"batch-size", "N", "Observations per store transaction (default 100)."},
    {"threads", "N", "Parallel document fetchers (default 4)."},
    {"connect-timeout", "S", "Seconds to connect (default 10)."},
    {"request-timeout", "S", "Seconds per request (default 300)."},
    {"disabled", "", "Keep it configured but do not harvest it."},
    {"force", "", "Make a change that starts harvests from the beginning."},
};

// Saves `source` to the shared settings file, adding it or replacing the one of the same name. A replacement that
// would restart harvests is refused unless `force` (scenario 48). Prints what was saved; returns the exit code.
int saveSource(const mirror::PartnerSource &source, bool force, const QString &command)
{
    mirror::Settings settings;
    std::vector<mirror::PartnerSource> sources = settings.sources();
    const auto existing = std::find_if(sources.begin(), sources.end(), [&](const mirror::PartnerSource &s) {
        return s.name.compare(source.name, Qt::CaseInsensitive) == 0;
    });
    const bool replacing = existing != sources.end();
    if (replacing) {
        // Scenario 48: the reference restarts such harvests without a word; we name what would restart.
        const QStringList changes = mirror::harvestStateChanges(*existing, source);
        QString described;
        for (const QString &change : changes)
            described += QStringLiteral("  - %1\n").arg(change);
        if (!changes.isEmpty() && !force) {
            printErr(QStringLiteral("caom-sync %1: %2 exists, and this change starts a new harvest state:\n%3"
                                    "Nothing was changed. Repeat with --force to make the change.\n")
                         .arg(command, existing->name, described));
            return Failed;
        }
        if (!changes.isEmpty())
            printErr(QStringLiteral("warning: changing %1 (--force):\n%2").arg(existing->name, described));
        *existing = source;
    } else {
        sources.push_back(source);
    }
    if (auto saved = settings.setSources(sources); !saved) {
        const QString message = fromStd(saved.error().message);
        // The likeliest cause of a refused path is a secret pasted in its place: say what belongs there.
        const bool path = message.contains(QLatin1String("credential:")) || message.contains(QLatin1String("CA file:"));
        printErr(QStringLiteral("caom-sync %1: %2 (nothing was saved)\n%3")
                     .arg(command, message,
                          path ? QStringLiteral("--cert, --token-file and --ca-file take the path of a file, "
                                                "--token-env the name of a variable; never the secret itself\n")
                               : QString()));
        return Failed;
    }
    if (auto synced = settings.sync(); !synced) {
        printErr(QStringLiteral("caom-sync %1: %2\n").arg(command, fromStd(synced.error().message)));
        return Failed;
    }
    if (!source.verifyTls)
        printErr(QStringLiteral("warning: TLS verification is off for %1: its certificate will not be checked\n")
                     .arg(source.name));
    printOut(QStringLiteral("%1 %2 in %3\n%4")
                 .arg(replacing ? QStringLiteral("updated") : QStringLiteral("added"), source.name,
                      settings.sharedFileName(), sourceText(source)));
    return Success;
}

int add(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Add a partner source, or replace the settings of an existing one with those given (options left out "
        "take their defaults).\nThe harvest state of a collection is keyed by the endpoint and the collection, "
        "so a change of either starts that collection's harvest from the beginning: such a change is refused "
        "unless --force is given.\nCredentials are references: a file path or an environment variable name, "
        "never the token or certificate itself.\n\nExit status: 0 saved, 2 refused or failed (nothing saved)."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("Short unique name: MAST, CADC, ESDC."));
    for (const AddOption &option : addOptions)
        parser.addOption({QLatin1String(option.name), QString::fromUtf8(option.help), QLatin1String(option.value)});
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    auto source = sourceFromOptions(parser);
    if (!source)
        return Failed;

    return saveSource(*source, parser.isSet(QStringLiteral("force")), QStringLiteral("sources add"));
}

int remove(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Remove a source from the settings. Its observations and harvest state stay in the store; "
                       "adding it again with the same endpoint and collections continues where it stopped."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The source."));
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1) {
        printErr(QStringLiteral("caom-sync sources remove: give one NAME\n"));
        return Failed;
    }
    const QString name = parser.positionalArguments().front();
    mirror::Settings settings;
    std::vector<mirror::PartnerSource> sources = settings.sources();
    const auto removed = std::erase_if(
        sources, [&](const mirror::PartnerSource &s) { return s.name.compare(name, Qt::CaseInsensitive) == 0; });
    if (removed == 0) {
        printErr(QStringLiteral("caom-sync sources remove: no source named %1 in %2\n")
                     .arg(name, settings.sharedFileName()));
        return Failed;
    }
    auto saved = settings.setSources(sources);
    if (saved)
        saved = settings.sync();
    if (!saved) {
        printErr(QStringLiteral("caom-sync sources remove: %1\n").arg(fromStd(saved.error().message)));
        return Failed;
    }
    printOut(QStringLiteral("removed %1 (its harvest state stays in the store)\n").arg(name));
    return Success;
}

QStringList qStringList(const std::vector<std::string> &texts)
{
    QStringList list;
    for (const std::string &text : texts)
        list << fromStd(text);
    return list;
}

int test(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Resolve a source as a harvest would (registry, capabilities, the interface for the credential held), "
        "then list the collections it offers.\n\nExit status: 0 reachable, 1 reachable but a configured "
        "collection is not offered, 2 failed, 3 cancelled."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The source."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print a JSON object.")});
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1) {
        printErr(QStringLiteral("caom-sync sources test: give one NAME\n"));
        return Failed;
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    const QString name = parser.positionalArguments().front();
    // Every failure says what was being tried, on which endpoint; messages from the network layer name the
    // URL and the cause, never a header, so no token reaches the terminal.
    const auto fail = [&](const QString &message) {
        printErr(QStringLiteral("caom-sync sources test: %1\n").arg(message));
        if (json)
            printOut(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("source"), name},
                                                                 {QStringLiteral("ok"), false},
                                                                 {QStringLiteral("error"), message}})
                                           .toJson()));
        return Failed;
    };
    const InterruptWatch interrupts; // before any network call: Ctrl-C cancels whatever is in flight
    auto source = mirror::Settings().source(name);
    if (!source)
        return fail(fromStd(source.error().message) + QStringLiteral(" (see 'caom-sync sources list')"));
    if (!source->verifyTls)
        printErr(QStringLiteral("warning: TLS verification is off for %1\n").arg(source->name));
    const QString endpoint = mirror::endpointKindName(source->endpointKind) + QLatin1Char(' ') + source->endpoint;

    net::initialiseHttp();
    // The same resolution a harvest makes, so "reachable" here means a harvest can start.
    auto resolved = harvest::resolveSource(*source, InterruptWatch::flag());
    const auto cancelled = [&] {
        printErr(QStringLiteral("caom-sync sources test: cancelled\n"));
        return int(Cancelled);
    };
    if (InterruptWatch::interrupted())
        return cancelled();
    if (!resolved)
        return fail(QStringLiteral("%1 (%2)").arg(fromStd(resolved.error().message), endpoint));
    const net::ServiceEndpoints *endpoints = &resolved->endpoints;
    if (!resolved->partnerClock.failure.isEmpty())
        return fail(QStringLiteral("%1: cannot list the collections at %2: %3")
                        .arg(source->name, fromStd(endpoints->observationsUrl), resolved->partnerClock.failure));

    const QStringList offered = resolved->offered;
    const QStringList notes = qStringList(endpoints->notes);
    // A configured "HLSP?telescope=X" harvests collection HLSP: compare what precedes the filter.
    QStringList missing;
    for (const QString &configured : source->collections) {
        if (!offered.contains(configured.section(QLatin1Char('?'), 0, 0)))
            missing << configured;
    }
    const QString auth = fromStd(net::authMethodName(endpoints->authMethod));
    if (json) {
        printOut(QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("source"), source->name},
                                      {QStringLiteral("ok"), true},
                                      {QStringLiteral("observationsUrl"), fromStd(endpoints->observationsUrl)},
                                      {QStringLiteral("deletionsUrl"), fromStd(endpoints->deletionsUrl)},
                                      {QStringLiteral("caomVersion"), endpoints->caomVersion},
                                      {QStringLiteral("authMethod"), auth},
                                      {QStringLiteral("notes"), QJsonArray::fromStringList(notes)},
                                      {QStringLiteral("collections"), QJsonArray::fromStringList(offered)},
                                      {QStringLiteral("collectionCount"), offered.size()},
                                      {QStringLiteral("missingCollections"), QJsonArray::fromStringList(missing)}})
                .toJson()));
    } else {
        QString text = QStringLiteral("%1: reachable\n  endpoint      %2\n  observations  %3 (CAOM 2.%4)\n"
                                      "  deletions     %5\n  access        %6\n")
                           .arg(source->name, endpoint, fromStd(endpoints->observationsUrl))
                           .arg(endpoints->caomVersion % 10)
                           .arg(endpoints->deletionsUrl.empty() ? QStringLiteral("not available")
                                                                : fromStd(endpoints->deletionsUrl),
                                auth);
        for (const QString &note : notes)
            text += QStringLiteral("  note          %1\n").arg(note);
        text += QStringLiteral("  %1 collection(s): %2\n").arg(offered.size()).arg(offered.join(QLatin1Char(' ')));
        printOut(text);
    }
    for (const QString &collection : missing)
        printErr(QStringLiteral("caom-sync sources test: %1: configured collection %2 is not offered by the source\n")
                     .arg(source->name, collection));
    return missing.isEmpty() ? Success : ItemFailures;
}

int importIcewind(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Add a partner source from the reference tools' configuration: an icewind.properties file (its repository "
        "service, collections, and the cadcproxy.pem beside it), or a file holding a caom2harvester command line "
        "(--resourceID=... --collection=...). Settings with no counterpart here, and the database password (never "
        "copied), are listed with what to do instead.\n\nExit status: 0 saved, 2 refused or failed (nothing "
        "saved)."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("icewind.properties, or a command line file."));
    parser.addOption({QStringLiteral("name"), QStringLiteral("The source's name (default: from the service's host)."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("dry-run"), QStringLiteral("Show what would be saved; save nothing.")});
    parser.addOption({QStringLiteral("force"),
                      QStringLiteral("Replace a source of the same name even if that "
                                     "starts its harvests from the beginning.")});
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1) {
        printErr(QStringLiteral("caom-sync sources import-icewind: give one file\n"));
        return Failed;
    }
    auto imported = mirror::importIcewind(parser.positionalArguments().front(), parser.value(QStringLiteral("name")));
    if (!imported) {
        printErr(QStringLiteral("caom-sync sources import-icewind: %1 (nothing was saved)\n")
                     .arg(fromStd(imported.error().message)));
        return Failed;
    }
    QString report = QStringLiteral("Read from %1:\n").arg(parser.positionalArguments().front());
    for (const QString &line : imported->carriedOver)
        report += QStringLiteral("  + %1\n").arg(line);
    if (!imported->notCarriedOver.isEmpty()) {
        report += QStringLiteral("Not carried over:\n");
        for (const QString &line : imported->notCarriedOver)
            report += QStringLiteral("  - %1\n").arg(line);
    }
    printOut(report);
    if (auto valid = mirror::validate(imported->source); !valid) {
        printErr(QStringLiteral("caom-sync sources import-icewind: %1 (nothing was saved)\n")
                     .arg(fromStd(valid.error().message)));
        return Failed;
    }
    if (parser.isSet(QStringLiteral("dry-run"))) {
        printOut(QStringLiteral("Would save (--dry-run, nothing saved):\n%1").arg(sourceText(imported->source)));
        return Success;
    }
    return saveSource(imported->source, parser.isSet(QStringLiteral("force")),
                      QStringLiteral("sources import-icewind"));
}

} // namespace

int runSources(const QStringList &arguments)
{
    const QString action = arguments.value(1);
    // Each action parses its own options; "sources add" names it in usage lines and errors.
    const QStringList rest = QStringList{QStringLiteral("sources ") + action} + arguments.mid(2);
    if (action == QLatin1String("list"))
        return list(rest);
    if (action == QLatin1String("add"))
        return add(rest);
    if (action == QLatin1String("remove"))
        return remove(rest);
    if (action == QLatin1String("test"))
        return test(rest);
    if (action == QLatin1String("import-icewind"))
        return importIcewind(rest);
    if (action == QLatin1String("adopt-icewind"))
        return adoptIcewindState(rest);
    const QString usage = usageText.arg(mirror::Settings::sharedSettingsPath());
    if (action == QLatin1String("--help") || action == QLatin1String("-h") || action == QLatin1String("help")) {
        printOut(usage);
        return Success;
    }
    printErr((action.isEmpty() ? QString() : QStringLiteral("caom-sync sources: unknown action '%1'\n\n").arg(action))
             + usage);
    return Failed;
}

} // namespace cli
