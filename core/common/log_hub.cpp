#include "common/log_hub.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <deque>
#include <mutex>

namespace mirror {

namespace {

constexpr int recordCapacity = 20000;

thread_local QString t_job;

struct Hub {
    std::mutex mutex;
    bool installed = false;
    QtMessageHandler previous = nullptr;
    std::deque<LogRecord> records;
    quint64 nextSequence = 1;
    QString path;
    qint64 maxBytes = 0;
    int keep = 3;
    std::unique_ptr<QFile> file;
};

Hub &hub()
{
    static Hub instance; // never destroyed before the last message: function-local static, leaked handler
    return instance;
}

// Called with the hub's mutex held.
void rotate(Hub &h)
{
    h.file.reset();
    for (int i = h.keep - 1; i >= 1; --i) {
        const QString from = QStringLiteral("%1.%2").arg(h.path).arg(i);
        const QString to = QStringLiteral("%1.%2").arg(h.path).arg(i + 1);
        if (QFile::exists(from)) {
            QFile::remove(to);
            QFile::rename(from, to);
        }
    }
    if (h.keep >= 1) {
        QFile::remove(h.path + QStringLiteral(".1"));
        QFile::rename(h.path, h.path + QStringLiteral(".1"));
    } else {
        QFile::remove(h.path);
    }
}

// Called with the hub's mutex held.
void writeLine(Hub &h, const QByteArray &line)
{
    if (h.path.isEmpty())
        return;
    if (h.file && h.maxBytes > 0 && h.file->size() + line.size() > h.maxBytes)
        rotate(h);
    if (!h.file) {
        QDir().mkpath(QFileInfo(h.path).absolutePath());
        auto file = std::make_unique<QFile>(h.path);
        // Owner only: a log names partners, paths and hosts, which are not for every user of the machine.
        if (!file->open(QIODevice::Append | QIODevice::Text))
            return;
        file->setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        h.file = std::move(file);
    }
    h.file->write(line);
    h.file->flush();
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    LogHub::add(type, QString::fromUtf8(context.category ? context.category : "default"), message);
    QtMessageHandler previous = nullptr;
    {
        std::lock_guard lock(hub().mutex);
        previous = hub().previous;
    }
    if (previous)
        previous(type, context, redactSecrets(message));
}

} // namespace

QString logLevelName(QtMsgType level)
{
    switch (level) {
    case QtDebugMsg: return QStringLiteral("debug");
    case QtInfoMsg: return QStringLiteral("info");
    case QtWarningMsg: return QStringLiteral("warning");
    case QtCriticalMsg: return QStringLiteral("critical");
    case QtFatalMsg: return QStringLiteral("fatal");
    }
    return QStringLiteral("info");
}

LogJobScope::LogJobScope(const QString &job) : m_previous(t_job)
{
    t_job = job;
}

LogJobScope::~LogJobScope()
{
    t_job = m_previous;
}

QString currentLogJob()
{
    return t_job;
}

QString redactSecrets(const QString &text)
{
    static const QRegularExpression bearer(QStringLiteral("(Bearer\\s+)[^\\s\"',;]+"),
                                           QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression parameter(
        QStringLiteral("([?&;](?:access_token|token|password|passwd|secret|api_key|apikey)=)[^&\\s\"']+"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression userInfo(QStringLiteral("(://[^/@\\s:]+:)[^@/\\s]+@"));
    QString out = text;
    out.replace(bearer, QStringLiteral("\\1***"));
    out.replace(parameter, QStringLiteral("\\1***"));
    out.replace(userInfo, QStringLiteral("\\1***@"));
    return out;
}

QString LogHub::defaultLogFilePath()
{
    QString state = qEnvironmentVariable("XDG_STATE_HOME");
    if (state.isEmpty() || QDir::isRelativePath(state))
        state = QDir::homePath() + QStringLiteral("/.local/state");
    return state + QStringLiteral("/caom-mirror/console.log");
}

void LogHub::install(const QString &logFilePath, qint64 maxBytes, int keep)
{
    Hub &h = hub();
    std::lock_guard lock(h.mutex);
    h.file.reset();
    h.path = logFilePath;
    h.maxBytes = maxBytes;
    h.keep = std::max(0, keep);
    if (!h.installed) {
        h.previous = qInstallMessageHandler(handler);
        h.installed = true;
    }
}

void LogHub::uninstall()
{
    Hub &h = hub();
    std::lock_guard lock(h.mutex);
    if (h.installed)
        qInstallMessageHandler(h.previous);
    h.installed = false;
    h.previous = nullptr;
    h.file.reset();
    h.path.clear();
}

QString LogHub::logFilePath()
{
    std::lock_guard lock(hub().mutex);
    return hub().path;
}

std::vector<LogRecord> LogHub::since(quint64 afterSequence)
{
    Hub &h = hub();
    std::lock_guard lock(h.mutex);
    std::vector<LogRecord> out;
    if (h.records.empty() || h.records.back().sequence <= afterSequence)
        return out;
    const quint64 first = h.records.front().sequence;
    const std::size_t skip = afterSequence >= first ? static_cast<std::size_t>(afterSequence - first + 1) : 0;
    out.assign(h.records.begin() + static_cast<std::ptrdiff_t>(skip), h.records.end());
    return out;
}

int LogHub::capacity()
{
    return recordCapacity;
}

void LogHub::add(QtMsgType level, const QString &category, const QString &text)
{
    LogRecord record;
    record.timeMs = QDateTime::currentMSecsSinceEpoch();
    record.level = level;
    record.category = category;
    record.job = t_job;
    record.text = redactSecrets(text);
    const QByteArray line =
        QStringLiteral("%1 %2 %3%4: %5\n")
            .arg(QDateTime::fromMSecsSinceEpoch(record.timeMs)
                     .toUTC()
                     .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")),
                 logLevelName(level).leftJustified(8), record.category,
                 record.job.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(record.job), record.text)
            .toUtf8();
    Hub &h = hub();
    std::lock_guard lock(h.mutex);
    record.sequence = h.nextSequence++;
    h.records.push_back(std::move(record));
    while (h.records.size() > static_cast<std::size_t>(recordCapacity))
        h.records.pop_front();
    writeLine(h, line);
}

} // namespace mirror
