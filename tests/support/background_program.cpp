#include "background_program.h"

#include <QElapsedTimer>
#include <QFile>

namespace testsupport {

BackgroundProgram::~BackgroundProgram()
{
    if (running())
        stop();
}

QString BackgroundProgram::start(const QString &program, const QStringList &arguments, int timeoutMs)
{
    m_process = std::make_unique<QProcess>();
    m_stderrFile = std::make_unique<QTemporaryFile>();
    if (!m_stderrFile->open()) {
        m_error = QStringLiteral("cannot create a file for the stderr of %1").arg(program);
        return {};
    }
    m_process->setStandardErrorFile(m_stderrFile->fileName());
    m_process->setProgram(program);
    m_process->setArguments(arguments);
    m_process->start();
    if (!m_process->waitForStarted(timeoutMs)) {
        m_error = QStringLiteral("%1 did not start: %2").arg(program, m_process->errorString());
        return {};
    }
    QElapsedTimer timer;
    timer.start();
    while (!m_process->canReadLine()) {
        if (m_process->state() != QProcess::Running || timer.elapsed() > timeoutMs) {
            m_error = QStringLiteral("%1 printed no ready line (%2): %3")
                          .arg(program,
                               m_process->state() == QProcess::Running ? QStringLiteral("timed out")
                                                                       : QStringLiteral("it exited"),
                               QString::fromUtf8(standardError().right(2000)));
            return {};
        }
        m_process->waitForReadyRead(100);
    }
    return QString::fromUtf8(m_process->readLine()).trimmed();
}

int BackgroundProgram::stop(int timeoutMs)
{
    if (!m_process)
        return -1;
    if (m_process->state() == QProcess::Running) {
        m_process->terminate();
        if (!m_process->waitForFinished(timeoutMs)) {
            m_process->kill();
            m_process->waitForFinished();
            return -1;
        }
    }
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

QByteArray BackgroundProgram::standardError()
{
    if (!m_stderrFile)
        return {};
    QFile file(m_stderrFile->fileName());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool BackgroundProgram::running() const
{
    return m_process && m_process->state() == QProcess::Running;
}

qint64 BackgroundProgram::processId() const
{
    return running() ? m_process->processId() : 0;
}

QString startServe(BackgroundProgram &program, const QString &storeArgument, const QStringList &extraArguments)
{
    QStringList arguments{QStringLiteral("serve"), QStringLiteral("--store"), storeArgument, QStringLiteral("--listen"),
                          QStringLiteral("127.0.0.1:0")};
    arguments += extraArguments;
    return program.start(QStringLiteral(MIRROR_CAOM_SYNC), arguments);
}

} // namespace testsupport
