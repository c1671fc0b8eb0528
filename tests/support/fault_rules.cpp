#include "fault_rules.h"

#include <QSet>

#include <algorithm>
#include <iterator>
#include <limits>
#include <optional>

namespace testsupport {

namespace {

struct ActionName {
    FaultAction action;
    const char *name;
};

constexpr ActionName actionNames[] = {
    {FaultAction::Status, "status"},
    {FaultAction::Truncate, "truncate"},
    {FaultAction::Reset, "reset"},
    {FaultAction::Delay, "delay"},
    {FaultAction::CorruptDocument, "corruptDocument"},
    {FaultAction::ReplaceBody, "replaceBody"},
    {FaultAction::Crlf, "crlf"},
    {FaultAction::Endless, "endless"},
    {FaultAction::UnderstateLength, "understateLength"},
};

// Splits at ';' except where written "\;", so a regex or a body may still contain one. Other backslashes
// are kept as they are: regexes need theirs.
QStringList splitFields(const QString &spec)
{
    QStringList fields;
    QString current;
    for (qsizetype i = 0; i < spec.size(); ++i) {
        const QChar c = spec.at(i);
        if (c == QLatin1Char('\\') && i + 1 < spec.size() && spec.at(i + 1) == QLatin1Char(';')) {
            current += QLatin1Char(';');
            ++i;
        } else if (c == QLatin1Char(';')) {
            fields.append(current);
            current.clear();
        } else {
            current += c;
        }
    }
    fields.append(current);
    return fields;
}

// Bodies are given on a command line, so \n, \r, \t and \\ stand for the characters.
QByteArray unescapeBody(const QString &value)
{
    const QByteArray raw = value.toUtf8();
    QByteArray out;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw.at(i) != '\\' || i + 1 == raw.size()) {
            out += raw.at(i);
            continue;
        }
        const char next = raw.at(++i);
        switch (next) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case '\\': out += '\\'; break;
        default:
            out += '\\';
            out += next;
            break;
        }
    }
    return out;
}

std::optional<qint64> toInteger(const QString &value, qint64 minimum, qint64 maximum)
{
    bool ok = false;
    const qint64 number = value.toLongLong(&ok);
    if (!ok || number < minimum || number > maximum)
        return std::nullopt;
    return number;
}

bool isMethodToken(const QString &word)
{
    return std::all_of(word.cbegin(), word.cend(),
                       [](QChar c) { return c >= QLatin1Char('A') && c <= QLatin1Char('Z'); });
}

QString checkRegex(const QString &pattern)
{
    const QRegularExpression regex(pattern);
    return regex.isValid() ? QString() : QStringLiteral("bad regex \"%1\": %2").arg(pattern, regex.errorString());
}

// Parses one spec; returns an error text, empty on success.
QString parseOne(const QString &spec, FaultRule *rule)
{
    QSet<QString> seen;
    bool codeGiven = false;
    bool actionGiven = false;
    QByteArray matchMethod; // from "match=METHOD REGEX"
    for (const QString &field : splitFields(spec)) {
        if (field.trimmed().isEmpty())
            continue; // tolerate "a=b;" and ";;"
        const qsizetype equals = field.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return QStringLiteral("expected key=value, got \"%1\"").arg(field);
        const QString key = field.left(equals).trimmed().toLower();
        const QString raw = field.mid(equals + 1);
        const QString value = raw.trimmed();
        if (seen.contains(key))
            return QStringLiteral("key \"%1\" given twice").arg(key);
        seen.insert(key);
        const auto bad = [&] { return QStringLiteral("bad value for %1: \"%2\"").arg(key, value); };
        if (key == QLatin1String("name")) {
            rule->name = value;
        } else if (key == QLatin1String("method")) {
            rule->method = value.toUpper().toLatin1();
        } else if (key == QLatin1String("match")) {
            // "GET /obs/.*" names the method too. Raw request targets never hold a space, so a regex with one
            // after an upper-case word could never match anything and reading that word as a method is safe.
            QString regexText = value;
            const qsizetype space = value.indexOf(QLatin1Char(' '));
            if (space > 0 && isMethodToken(value.left(space))) {
                matchMethod = value.left(space).toLatin1();
                regexText = value.mid(space + 1).trimmed();
            }
            if (const QString why = checkRegex(regexText); !why.isEmpty())
                return why;
            rule->match = regexText;
        } else if (key == QLatin1String("path") || key == QLatin1String("query")) {
            if (const QString why = checkRegex(value); !why.isEmpty())
                return why;
            (key == QLatin1String("path") ? rule->path : rule->query) = value;
        } else if (key == QLatin1String("times")) {
            const auto n = toInteger(value, 0, std::numeric_limits<int>::max());
            if (!n)
                return bad();
            rule->times = static_cast<int>(*n);
        } else if (key == QLatin1String("probability")) {
            bool ok = false;
            rule->probability = value.toDouble(&ok);
            if (!ok || rule->probability < 0.0 || rule->probability > 1.0)
                return bad();
        } else if (key == QLatin1String("action")) {
            const auto *found = std::find_if(std::begin(actionNames), std::end(actionNames),
                                             [&](const ActionName &a) { return value == QLatin1String(a.name); });
            if (found == std::end(actionNames))
                return QStringLiteral("unknown action \"%1\"").arg(value);
            rule->action = found->action;
            actionGiven = true;
        } else if (key == QLatin1String("code")) {
            const auto n = toInteger(value, 100, 599);
            if (!n)
                return bad();
            rule->code = static_cast<int>(*n);
            codeGiven = true;
        } else if (key == QLatin1String("retry-after")) {
            rule->retryAfter = value.toLatin1();
        } else if (key == QLatin1String("bytes")) {
            const auto n = toInteger(value, -1, std::numeric_limits<qint64>::max());
            if (!n)
                return bad();
            rule->bytes = *n;
        } else if (key == QLatin1String("framing")) {
            if (value == QLatin1String("upstream"))
                rule->framing = TruncateFraming::Upstream;
            else if (value == QLatin1String("contentLength"))
                rule->framing = TruncateFraming::ContentLength;
            else if (value == QLatin1String("chunked"))
                rule->framing = TruncateFraming::Chunked;
            else if (value == QLatin1String("close"))
                rule->framing = TruncateFraming::Close;
            else
                return bad();
        } else if (key == QLatin1String("ms")) {
            const auto n = toInteger(value, 0, 3600 * 1000);
            if (!n)
                return bad();
            rule->delayMs = static_cast<int>(*n);
        } else if (key == QLatin1String("chunk-ms")) {
            const auto n = toInteger(value, 0, 3600 * 1000);
            if (!n)
                return bad();
            rule->chunkDelayMs = static_cast<int>(*n);
        } else if (key == QLatin1String("chunk-bytes")) {
            const auto n = toInteger(value, 1, std::numeric_limits<qint64>::max());
            if (!n)
                return bad();
            rule->chunkBytes = *n;
        } else if (key == QLatin1String("body")) {
            rule->body = unescapeBody(raw); // untrimmed: spaces in a body are part of it
        } else if (key == QLatin1String("content-type")) {
            rule->contentType = value.toLatin1();
        } else {
            return QStringLiteral("unknown key \"%1\"").arg(key);
        }
    }
    if (!actionGiven)
        return QStringLiteral("no action given");
    if (!matchMethod.isEmpty()) {
        if (!rule->method.isEmpty() && rule->method != matchMethod)
            return QStringLiteral("method=%1 contradicts match=%2 ...")
                .arg(QString::fromLatin1(rule->method), QString::fromLatin1(matchMethod));
        rule->method = matchMethod;
    }
    if (rule->action == FaultAction::ReplaceBody && !codeGiven)
        rule->code = 200; // a replaced body is most useful as a "successful" answer with bad content
    return {};
}

// The text of the first <tag> element: [begin, end) offsets, or nullopt.
std::optional<std::pair<qsizetype, qsizetype>> elementText(const QByteArray &body, const QByteArray &tag)
{
    const qsizetype open = body.indexOf(QByteArray("<" + tag + ">"));
    if (open < 0)
        return std::nullopt;
    const qsizetype begin = open + tag.size() + 2;
    const qsizetype end = body.indexOf('<', begin);
    return std::make_pair(begin, end < 0 ? body.size() : end);
}

bool isAsciiLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

} // namespace

QString faultActionName(FaultAction action)
{
    for (const ActionName &entry : actionNames)
        if (entry.action == action)
            return QLatin1String(entry.name);
    return {};
}

void FaultRuleSet::setRules(const QList<FaultRule> &rules)
{
    m_rules = rules;
    m_patterns.clear();
    for (qsizetype i = 0; i < m_rules.size(); ++i) {
        if (m_rules[i].name.isEmpty())
            m_rules[i].name = faultActionName(m_rules[i].action) + QLatin1Char('#') + QString::number(i + 1);
        const FaultRule &rule = m_rules.at(i);
        // The path must match whole (a path regex reads like the path it names); match and query are searched.
        m_patterns.append({QRegularExpression(rule.match),
                           QRegularExpression(QRegularExpression::anchoredPattern(rule.path)),
                           QRegularExpression(rule.query)});
    }
    m_fired = QList<int>(m_rules.size(), 0);
}

std::optional<FaultRule> FaultRuleSet::choose(const QByteArray &method, const QByteArray &target)
{
    const QString text = QString::fromLatin1(target);
    const qsizetype question = text.indexOf(QLatin1Char('?'));
    const QString path = question < 0 ? text : text.left(question);
    const QString query = question < 0 ? QString() : text.mid(question + 1);
    for (qsizetype i = 0; i < m_rules.size(); ++i) {
        const FaultRule &rule = m_rules.at(i);
        if (rule.times >= 0 && m_fired.at(i) >= rule.times)
            continue;
        if (!rule.method.isEmpty() && rule.method != method)
            continue;
        const Patterns &patterns = m_patterns.at(i);
        if (!rule.match.isEmpty() && !patterns.match.match(text).hasMatch())
            continue;
        if (!rule.path.isEmpty() && !patterns.path.match(path).hasMatch())
            continue;
        if (!rule.query.isEmpty() && !patterns.query.match(query).hasMatch())
            continue;
        if (rule.probability < 1.0) {
            // 53 random bits as a double in [0, 1): unlike std::uniform_real_distribution, the same on every
            // standard library.
            const double draw = static_cast<double>(m_random() >> 11) * 0x1.0p-53;
            if (draw >= rule.probability)
                continue;
        }
        ++m_fired[i];
        return rule;
    }
    return std::nullopt;
}

QList<FaultRule> parseFaultRules(const QStringList &specs, QString *error)
{
    QList<FaultRule> rules;
    for (qsizetype i = 0; i < specs.size(); ++i) {
        FaultRule rule;
        const QString why = parseOne(specs.at(i), &rule);
        if (!why.isEmpty()) {
            if (error)
                *error = QStringLiteral("rule %1 (\"%2\"): %3").arg(i + 1).arg(specs.at(i), why);
            return {};
        }
        rules.append(rule);
    }
    return rules;
}

bool corruptCaomDocument(QByteArray *body)
{
    for (const QByteArray &tag : {QByteArray("caom2:type"), QByteArray("caom2:name")}) {
        const auto range = elementText(*body, tag);
        if (!range)
            continue;
        // Only plain ASCII bytes are candidates: an entity ("&amp;" must not become "&Amp;") or a UTF-8
        // sequence must stay intact for the document to remain well-formed.
        const auto find = [&](auto wanted) -> qsizetype {
            for (qsizetype i = range->first; i < range->second; ++i) {
                if (body->at(i) == '&') {
                    const qsizetype semicolon = body->indexOf(';', i);
                    i = semicolon < 0 ? range->second : semicolon;
                } else if (wanted(body->at(i))) {
                    return i;
                }
            }
            return -1;
        };
        if (const qsizetype letter = find(isAsciiLetter); letter >= 0) {
            (*body)[letter] = static_cast<char>(body->at(letter) ^ 0x20); // the ASCII case bit
            return true;
        }
        if (const qsizetype digit = find([](char c) { return c >= '0' && c <= '9'; }); digit >= 0) {
            (*body)[digit] = 'x';
            return true;
        }
        return false; // the element exists but offers nothing safe to change
    }
    return false;
}

QByteArray toCrlf(const QByteArray &body)
{
    QByteArray out;
    out.reserve(body.size() + body.count('\n'));
    for (qsizetype i = 0; i < body.size(); ++i) {
        if (body.at(i) == '\n' && (i == 0 || body.at(i - 1) != '\r'))
            out += '\r';
        out += body.at(i);
    }
    return out;
}

} // namespace testsupport
