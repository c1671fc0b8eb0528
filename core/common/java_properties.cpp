#include "common/java_properties.h"

#include <QStringList>

#include <algorithm>

namespace mirror {

namespace {

bool isBlank(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\f');
}

// A line ends in a continuation when it ends in an odd number of backslashes.
bool continues(const QString &line)
{
    int backslashes = 0;
    for (qsizetype i = line.size() - 1; i >= 0 && line.at(i) == QLatin1Char('\\'); --i)
        ++backslashes;
    return backslashes % 2 == 1;
}

QString unescape(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c != QLatin1Char('\\') || i + 1 >= text.size()) {
            out += c;
            continue;
        }
        const QChar next = text.at(++i);
        switch (next.unicode()) {
        case 't': out += QLatin1Char('\t'); break;
        case 'n': out += QLatin1Char('\n'); break;
        case 'r': out += QLatin1Char('\r'); break;
        case 'f': out += QLatin1Char('\f'); break;
        case 'u': {
            bool ok = false;
            const QString hex = text.mid(i + 1, 4);
            const ushort code = hex.toUShort(&ok, 16);
            if (ok && hex.size() == 4) {
                out += QChar(code);
                i += 4;
            } else {
                out += next; // a malformed \u is kept as the letter, as lenient readers do
            }
            break;
        }
        default: out += next;
        }
    }
    return out;
}

} // namespace

std::vector<PropertyEntry> parseJavaProperties(const QString &text)
{
    std::vector<PropertyEntry> entries;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype n = 0; n < lines.size(); ++n) {
        QString line = lines.at(n);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        qsizetype start = 0;
        while (start < line.size() && isBlank(line.at(start)))
            ++start;
        if (start == line.size() || line.at(start) == QLatin1Char('#') || line.at(start) == QLatin1Char('!'))
            continue;
        const int firstLine = static_cast<int>(n) + 1;
        QString logical = line.mid(start);
        while (continues(logical) && n + 1 < lines.size()) {
            logical.chop(1);
            QString next = lines.at(++n);
            if (next.endsWith(QLatin1Char('\r')))
                next.chop(1);
            qsizetype skip = 0;
            while (skip < next.size() && isBlank(next.at(skip)))
                ++skip;
            logical += next.mid(skip);
        }
        // The key ends at the first unescaped '=', ':' or blank; blanks around the separator are not part of either.
        qsizetype end = 0;
        while (end < logical.size()) {
            const QChar c = logical.at(end);
            if (c == QLatin1Char('\\')) {
                end += 2;
                continue;
            }
            if (c == QLatin1Char('=') || c == QLatin1Char(':') || isBlank(c))
                break;
            ++end;
        }
        end = std::min(end, logical.size());
        qsizetype value = end;
        while (value < logical.size() && isBlank(logical.at(value)))
            ++value;
        if (value < logical.size() && (logical.at(value) == QLatin1Char('=') || logical.at(value) == QLatin1Char(':')))
            ++value;
        while (value < logical.size() && isBlank(logical.at(value)))
            ++value;
        entries.push_back({unescape(logical.left(end)), unescape(logical.mid(value)), firstLine});
    }
    return entries;
}

} // namespace mirror
