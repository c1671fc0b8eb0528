// caom-sync is two programs: the front runs the document commands with Qt Core alone, and hands every other
// command to caom-sync-engine in the same process. To an operator it stays one program: every command reachable,
// the same process to signal, and a clear word when the engine is missing.
#include "background_program.h"
#include "cli_runner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace testsupport;

namespace {

// The commands of caom-sync as the operator's guide lists them.
const QStringList everyCommand{
    QStringLiteral("acknowledge"),   QStringLiteral("artifacts"), QStringLiteral("checksum"),
    QStringLiteral("compare"),       QStringLiteral("convert"),   QStringLiteral("diff"),
    QStringLiteral("discrepancies"), QStringLiteral("export"),    QStringLiteral("generate"),
    QStringLiteral("harvest"),       QStringLiteral("import"),    QStringLiteral("ls"),
    QStringLiteral("publications"),  QStringLiteral("report"),    QStringLiteral("serve"),
    QStringLiteral("sources"),       QStringLiteral("status"),    QStringLiteral("validate"),
};

// The first words of the lines of the "Commands:" block of --help.
QStringList listedCommands(const QByteArray &help)
{
    QStringList names;
    bool inBlock = false;
    for (const QByteArray &line : help.split('\n')) {
        if (line == "Commands:") {
            inBlock = true;
            continue;
        }
        if (!inBlock)
            continue;
        if (line.trimmed().isEmpty())
            break;
        names << QString::fromUtf8(line.trimmed().split(' ').first());
    }
    return names;
}

} // namespace

class TestCliPrograms : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8());
        qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
    }

    // --help names every command, and each answers its own --help, whichever program runs it.
    void everyCommandIsReachable()
    {
        const CliRun help = runCaomSync({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QCOMPARE(listedCommands(help.out), everyCommand);
        for (const QString &command : everyCommand) {
            const CliRun run = runCaomSync({command, QStringLiteral("--help")});
            QVERIFY2(run.exitCode == 0, qPrintable(command + QStringLiteral(": ") + QString::fromUtf8(run.err)));
            const QByteArray usage = "Usage: caom-sync " + command.toUtf8() + ' ';
            QVERIFY2(run.out.startsWith(usage), run.out.constData());
        }
    }

    // --version is the engine's, since it names the libraries the engine runs with.
    void versionNamesTheRuntime()
    {
        const CliRun run = runCaomSync({QStringLiteral("--version")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.startsWith("caom-sync ") && run.out.contains("\n  Qt 6."), run.out.constData());
        QVERIFY2(run.out.contains("libcurl"), run.out.constData());
    }

    // A command of the engine's exits with the engine's code: a usage error is 2, with the command's own message.
    void engineExitCodesReachTheCaller()
    {
        const CliRun run = runCaomSync({QStringLiteral("harvest"), QStringLiteral("--no-such-option")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.startsWith("caom-sync harvest: "), run.err.constData());
        const CliRun unknown = runCaomSync({QStringLiteral("harvets")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.startsWith("caom-sync: unknown command 'harvets'"), unknown.err.constData());
    }

    // The document commands load nothing of the store's, the network's or the server's: the dynamic linker's
    // own list of what caom-sync loads.
    void frontLoadsNoEngineLibrary()
    {
        QProcess linker;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("LD_TRACE_LOADED_OBJECTS"), QStringLiteral("1"));
        linker.setProcessEnvironment(environment);
        linker.start(QStringLiteral(MIRROR_CAOM_SYNC), {QStringLiteral("checksum")});
        QVERIFY(linker.waitForFinished(30000));
        const QByteArray loaded = linker.readAllStandardOutput();
        QVERIFY2(loaded.contains("libQt6Core"), loaded.constData());
        for (const char *library : {"libQt6Sql", "libQt6Network", "libQt6HttpServer", "libcurl", "libssl"})
            QVERIFY2(!loaded.contains(library), loaded.constData());
    }

    // A long-running command is the engine in caom-sync's own process: what the caller started is what it stops.
    void engineRunsInTheSameProcess()
    {
        const QString store = m_dir.filePath(QStringLiteral("served.sqlite"));
        QCOMPARE(
            runCaomSync({QStringLiteral("generate"), QStringLiteral("--store"), store, QStringLiteral("--collection"),
                         QStringLiteral("HST"), QStringLiteral("--count"), QStringLiteral("2")})
                .exitCode,
            0);
        BackgroundProgram serve;
        QVERIFY2(!startServe(serve, store).isEmpty(), qPrintable(serve.error()));
        const QFileInfo running(QStringLiteral("/proc/%1/exe").arg(serve.processId()));
        QCOMPARE(running.symLinkTarget(), QFileInfo(engineProgram()).canonicalFilePath());
        QCOMPARE(serve.stop(), 0); // SIGTERM to the pid caom-sync was started as: a clean stop
    }

    // caom-sync without its engine still checks documents; an engine command says what is missing and where
    // it was looked for.
    void missingEngineIsNamed()
    {
        const QString alone = m_dir.filePath(QStringLiteral("alone/caom-sync"));
        QVERIFY(QDir().mkpath(QFileInfo(alone).path()));
        QVERIFY(QFile::copy(QStringLiteral(MIRROR_CAOM_SYNC), alone));

        const CliRun checked = runProgram(alone, {QStringLiteral("checksum"), QStringLiteral("973887.xml")});
        QCOMPARE(checked.exitCode, 0);
        QVERIFY2(checked.out.contains(" ok\n"), checked.out.constData());
        const CliRun help = runProgram(alone, {QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QCOMPARE(listedCommands(help.out), everyCommand);

        for (const QString &command : {QStringLiteral("harvest"), QStringLiteral("--version")}) {
            const CliRun run = runProgram(alone, {command});
            QCOMPARE(run.exitCode, 2);
            QVERIFY(run.out.isEmpty());
            const QByteArray said = "caom-sync: '" + command.toUtf8() + "' is run by caom-sync-engine, which is not";
            QVERIFY2(run.err.startsWith(said), run.err.constData());
            // Where the package puts it, relative to caom-sync, and next to it.
            const QByteArray installed =
                m_dir.filePath(QStringLiteral("libexec/caom-mirror/caom-sync-engine")).toUtf8();
            const QByteArray nextToIt = m_dir.filePath(QStringLiteral("alone/caom-sync-engine")).toUtf8();
            QVERIFY2(run.err.contains(installed) && run.err.contains(nextToIt), run.err.constData());
        }
    }

private:
    static QString engineProgram()
    {
        return QFileInfo(QStringLiteral(MIRROR_CAOM_SYNC)).dir().filePath(QStringLiteral("caom-sync-engine"));
    }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestCliPrograms)
#include "tst_cli_programs.moc"
