#pragma once

#include <QString>
#include <QtGlobal>

#include <vector>

// Where the console's messages go: Qt's message handler is replaced by one that keeps the latest messages in
// memory (for the log view, which takes what is new a few times a second) and appends each to a rotating log
// file, then hands the message on to the handler that was there before (the terminal). Any thread may log.
//
// Each message carries the job it belongs to: the engine marks its job threads with a LogJobScope, and every
// message those threads log is filed under that job.
//
// Secrets: nothing of ours logs a credential (tokens and certificate contents never enter a message), and as a
// second line of defence every message is passed through redactSecrets() before it is kept or written.
namespace mirror {

struct LogRecord {
    quint64 sequence = 0; // 1, 2, ... in the order logged
    qint64 timeMs = 0;    // ms since 1970, UTC
    QtMsgType level = QtInfoMsg;
    QString category; // "mirror.sync.engine"
    QString job;      // "" when not logged for a job
    QString text;
};

// "debug", "info", "warning", "critical", "fatal".
QString logLevelName(QtMsgType level);

// Files the messages of the current thread under `job` while it lives (scopes nest; the inner one wins).
class LogJobScope {
public:
    explicit LogJobScope(const QString &job);
    ~LogJobScope();
    LogJobScope(const LogJobScope &) = delete;
    LogJobScope &operator=(const LogJobScope &) = delete;

private:
    QString m_previous;
};
// The job the current thread logs for ("" when none).
QString currentLogJob();

// Bearer tokens in headers ("Bearer abc…"), token/password/secret parameters in URLs and user:password@ in
// URLs, replaced by "***".
QString redactSecrets(const QString &text);

class LogHub {
public:
    // $XDG_STATE_HOME/caom-mirror/console.log (~/.local/state/caom-mirror/console.log when unset or relative).
    static QString defaultLogFilePath();

    // Installs the handler (once; later calls change the file). `logFilePath` "" keeps messages in memory only.
    // The file is rotated when it would grow past `maxBytes`: console.log becomes console.log.1, and so on,
    // keeping `keep` old files.
    static void install(const QString &logFilePath, qint64 maxBytes = 2 * 1024 * 1024, int keep = 3);
    // Puts the previous handler back and closes the file.
    static void uninstall();
    static QString logFilePath();

    // Records logged after `afterSequence`, oldest first (at most the last `capacity()` ones are kept).
    static std::vector<LogRecord> since(quint64 afterSequence);
    static int capacity();
    // Files a record directly (the handler does this for every message; tests use it too).
    static void add(QtMsgType level, const QString &category, const QString &text);
};

} // namespace mirror
