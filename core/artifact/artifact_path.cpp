#include "artifact/artifact_path.h"

#include <QStringList>

namespace artifact {

namespace {

constexpr int maxSegmentBytes = 255; // NAME_MAX on the file systems we write to
constexpr int maxPathBytes = 1024;   // well under PATH_MAX once the root is added

// The URI as it may appear in a message: control characters (a hostile URI's newline, escape) as '?'.
QString printable(const QString &text)
{
    QString shown = text.left(200);
    for (QChar &c : shown)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || (c.unicode() >= 0x80 && c.unicode() < 0xa0))
            c = QLatin1Char('?');
    return shown;
}

mirror::Error refused(const QString &what, const QString &why)
{
    const QString message = what + QStringLiteral(" cannot name a file under the artifact root: ") + why;
    return {mirror::ErrorCategory::PerItem, message.toStdString()};
}

bool validScheme(const QString &scheme)
{
    if (scheme.isEmpty() || !scheme.front().isLetter() || scheme.front().unicode() > 0x7f)
        return false;
    for (const QChar c : scheme) {
        const bool ascii = c.unicode() < 0x80;
        if (!ascii
            || !(c.isLetterOrNumber() || c == QLatin1Char('+') || c == QLatin1Char('-') || c == QLatin1Char('.')))
            return false;
    }
    return true;
}

// The reason a path is refused, or "" when it is acceptable.
QString problemOf(const QString &relativePath)
{
    if (relativePath.isEmpty())
        return QStringLiteral("the path is empty");
    if (relativePath.startsWith(QLatin1Char('/')))
        return QStringLiteral("it is an absolute path");
    if (relativePath.toUtf8().size() > maxPathBytes)
        return QStringLiteral("the path is longer than %1 bytes").arg(maxPathBytes);
    for (const QChar c : relativePath) {
        if (c.unicode() == 0)
            return QStringLiteral("it contains a NUL character");
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || (c.unicode() >= 0x80 && c.unicode() < 0xa0))
            return QStringLiteral("it contains a control character (code %1)").arg(c.unicode());
        if (c == QLatin1Char('\\'))
            return QStringLiteral("it contains a backslash");
    }
    for (const QString &segment : relativePath.split(QLatin1Char('/'))) {
        if (segment.isEmpty())
            return QStringLiteral("it has an empty path segment");
        if (segment == QLatin1String(".") || segment == QLatin1String(".."))
            return QStringLiteral("it has a '%1' segment").arg(segment);
        if (segment.toUtf8().size() > maxSegmentBytes)
            return QStringLiteral("a path segment is longer than %1 bytes").arg(maxSegmentBytes);
    }
    return {};
}

} // namespace

mirror::Result<QString> relativePathFor(const QString &uri)
{
    const QString what = QStringLiteral("the artifact URI '%1'").arg(printable(uri));
    const auto colon = uri.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return refused(what, QStringLiteral("it has no scheme (such as ad: or mast:)"));
    const QString scheme = uri.left(colon).toLower();
    if (!validScheme(scheme))
        return refused(what, QStringLiteral("'%1' is not a URI scheme").arg(printable(uri.left(colon).left(40))));
    QString rest = uri.mid(colon + 1);
    if (rest.startsWith(QLatin1String("//")))
        rest = rest.mid(2);
    const QString relative = scheme + QLatin1Char('/') + rest;
    if (const QString problem = problemOf(rest.isEmpty() ? QString() : relative); !problem.isEmpty())
        return refused(what, rest.isEmpty() ? QStringLiteral("nothing follows the scheme") : problem);
    return relative;
}

mirror::Result<void> checkRelativePath(const QString &relativePath)
{
    if (const QString problem = problemOf(relativePath); !problem.isEmpty())
        return refused(QStringLiteral("the path '%1'").arg(printable(relativePath)), problem);
    return {};
}

} // namespace artifact
