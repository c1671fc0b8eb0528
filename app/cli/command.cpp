#include "command.h"

#include <cstdio>

namespace cli {

void printOut(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stdout);
}

void printErr(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stderr);
}

QString helpText(const QCommandLineParser &parser, const QString &subcommand)
{
    // Qt names the running binary's path in the usage line; name the subcommand instead.
    QString text = parser.helpText();
    const qsizetype optionsAt = text.indexOf(QStringLiteral(" [options]"));
    if (text.startsWith(QStringLiteral("Usage: ")) && optionsAt > 0)
        text.replace(7, optionsAt - 7, QStringLiteral("caom-sync ") + subcommand);
    return text;
}

bool parseArguments(QCommandLineParser &parser, const QStringList &arguments, int &exitCode)
{
    const QCommandLineOption helpOption(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                        QStringLiteral("Show this help."));
    parser.addOption(helpOption);
    if (!parser.parse(arguments)) {
        printErr(QStringLiteral("caom-sync %1: %2\n\n").arg(arguments.value(0), parser.errorText()));
        printErr(helpText(parser, arguments.value(0)));
        exitCode = Failed;
        return false;
    }
    if (parser.isSet(helpOption)) {
        printOut(helpText(parser, arguments.value(0)));
        exitCode = Success;
        return false;
    }
    return true;
}

std::optional<qint64> parseByteSize(QString text)
{
    text = text.trimmed().toUpper();
    qint64 unit = 1;
    if (text.endsWith(QLatin1Char('K')) || text.endsWith(QLatin1Char('M')) || text.endsWith(QLatin1Char('G'))) {
        unit = text.endsWith(QLatin1Char('K')) ? 1024
            : text.endsWith(QLatin1Char('M'))  ? 1024 * 1024
                                               : 1024 * 1024 * 1024;
        text.chop(1);
    }
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < 0 || value > (qint64(1) << 40) / unit)
        return std::nullopt;
    return value * unit;
}

} // namespace cli
