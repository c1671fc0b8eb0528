#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// Runs the built caom-sync (or another program) the way an operator's script does, from tests/data.
namespace testsupport {

struct CliRun {
    int exitCode = -1; // -1: crashed or timed out
    QByteArray out;
    QByteArray err;
};

CliRun runProgram(const QString &program, const QStringList &arguments, int timeoutMs = 120000);
CliRun runCaomSync(const QStringList &arguments, int timeoutMs = 120000);

} // namespace testsupport
