// fault-proxy: FaultProxy as a program, for scripts and for tests that run caom-sync against a faulty server.
//   fault-proxy --upstream URL [--listen 127.0.0.1:0] --seed N [--rule SPEC]...
// Prints its base URL on stdout once listening (the readiness line BackgroundProgram waits for), a journal
// line per request on stderr, and exits 0 on SIGTERM or SIGINT. The rule grammar is in fault_proxy.h.
#include "fault_proxy.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int signalPipe[2] = {-1, -1};

// Only async-signal-safe work here: the event loop learns of the signal through the socket pair.
void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(signalPipe[0], &byte, 1);
}

// The journal line on stderr: "GET /target -> 503 42 bytes [rule]"; tests and scripts grep for it.
QString formatJournalEntry(const testsupport::FaultJournalEntry &entry)
{
    return QStringLiteral("%1 %2 -> %3 %4 bytes%5")
        .arg(entry.method.isEmpty() ? QStringLiteral("-") : QString::fromLatin1(entry.method), // malformed request
             entry.target.isEmpty() ? QStringLiteral("-") : QString::fromLatin1(entry.target))
        .arg(entry.status)
        .arg(entry.bodyBytes)
        .arg(entry.rule.isEmpty() ? QString() : QStringLiteral(" [") + entry.rule + QLatin1Char(']'));
}

int fail(const QString &message)
{
    std::fprintf(stderr, "fault-proxy: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("fault-proxy"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Deterministic fault-injecting HTTP proxy for tests."));
    parser.addHelpOption();
    const QCommandLineOption upstreamOption(QStringLiteral("upstream"), QStringLiteral("Upstream base URL (http)."),
                                            QStringLiteral("URL"));
    const QCommandLineOption listenOption(QStringLiteral("listen"), QStringLiteral("Address and port to listen on."),
                                          QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:0"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Seed of the probability draws."),
                                        QStringLiteral("N"));
    const QCommandLineOption ruleOption(QStringLiteral("rule"),
                                        QStringLiteral("Fault rule key=value;... (repeatable, first match wins)."),
                                        QStringLiteral("SPEC"));
    parser.addOptions({upstreamOption, listenOption, seedOption, ruleOption});
    parser.process(app);

    const QUrl upstream(parser.value(upstreamOption));
    if (!parser.isSet(upstreamOption) || !upstream.isValid())
        return fail(QStringLiteral("--upstream URL is required"));
    bool seedOk = false;
    const quint64 seed = parser.value(seedOption).toULongLong(&seedOk);
    if (!seedOk)
        return fail(QStringLiteral("--seed N is required (a non-negative integer)"));
    const QString listen = parser.value(listenOption);
    const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
    bool portOk = false;
    const uint port = listen.mid(colon + 1).toUInt(&portOk);
    QString host = listen.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    const QHostAddress address(host);
    if (colon <= 0 || !portOk || port > 65535 || address.isNull())
        return fail(QStringLiteral("--listen wants ADDRESS:PORT, got \"%1\"").arg(listen));
    QString error;
    const QList<testsupport::FaultRule> rules = parser.values(ruleOption).isEmpty()
        ? QList<testsupport::FaultRule>{}
        : testsupport::parseFaultRules(parser.values(ruleOption), &error);
    if (!error.isEmpty())
        return fail(error);

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return fail(QStringLiteral("socketpair failed"));
    QSocketNotifier notifier(signalPipe[1], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [] { QCoreApplication::quit(); });
    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGTERM, &action, nullptr);
    ::sigaction(SIGINT, &action, nullptr);

    testsupport::FaultProxy proxy;
    proxy.setRules(rules);
    proxy.setJournalObserver([](const testsupport::FaultJournalEntry &entry) {
        std::fprintf(stderr, "%s\n", qPrintable(formatJournalEntry(entry)));
        std::fflush(stderr);
    });
    const QString url = proxy.start(upstream, seed, address, static_cast<quint16>(port));
    if (url.isEmpty())
        return fail(proxy.errorString());
    std::fprintf(stdout, "%s\n", qPrintable(url));
    std::fflush(stdout);

    const int code = QCoreApplication::exec();
    proxy.stop();
    return code;
}
