#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryFile>

#include <memory>

// A long-running program a test starts and talks to over the network: `caom-sync serve` or `fault-proxy`.
// Both announce readiness by printing one line (their URL) on stdout; start() waits for it. The program is
// stopped with SIGTERM when the object goes away, and its stderr (the access log) stays readable.
namespace testsupport {

class BackgroundProgram {
public:
    BackgroundProgram() = default;
    ~BackgroundProgram();
    BackgroundProgram(const BackgroundProgram &) = delete;
    BackgroundProgram &operator=(const BackgroundProgram &) = delete;

    // Starts the program and returns its first stdout line, or "" (with error() set) when it exited or
    // stayed silent for timeoutMs.
    QString start(const QString &program, const QStringList &arguments, int timeoutMs = 30000);
    // SIGTERM, then the exit code (-1 when it crashed or had to be killed).
    int stop(int timeoutMs = 10000);

    QString error() const { return m_error; }
    QByteArray standardError(); // everything written to stderr so far
    bool running() const;
    qint64 processId() const; // 0 when not running

private:
    std::unique_ptr<QProcess> m_process;
    // stderr goes to a file: an access log read only at the end would fill a pipe and stall the program.
    std::unique_ptr<QTemporaryFile> m_stderrFile;
    QString m_error;
};

// caom-sync serve over `storeArgument`, listening on a free loopback port; returns the capabilities URL.
QString startServe(BackgroundProgram &program, const QString &storeArgument, const QStringList &extraArguments = {});

} // namespace testsupport
