#include "cli_runner.h"

#include <QProcess>

namespace testsupport {

CliRun runProgram(const QString &program, const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.setWorkingDirectory(QStringLiteral(MIRROR_TEST_DATA_DIR));
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {-1, process.readAllStandardOutput(), process.readAllStandardError()};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

CliRun runCaomSync(const QStringList &arguments, int timeoutMs)
{
    return runProgram(QStringLiteral(MIRROR_CAOM_SYNC), arguments, timeoutMs);
}

} // namespace testsupport
