#include "views/xml_highlighter.h"

#include <QRegularExpression>

namespace mirror::ui {

XmlHighlighter::XmlHighlighter(QTextDocument *document) : QSyntaxHighlighter(document)
{
    m_element.setForeground(QColor(0x1a, 0x5f, 0xb4));
    m_attribute.setForeground(QColor(0x8a, 0x4b, 0x08));
    m_value.setForeground(QColor(0x26, 0x7a, 0x2e));
}

void XmlHighlighter::highlightBlock(const QString &text)
{
    static const QRegularExpression element(QStringLiteral("</?[A-Za-z_][\\w:.-]*|/?>"));
    static const QRegularExpression attribute(QStringLiteral("\\s([A-Za-z_][\\w:.-]*)=(\"[^\"]*\")"));
    for (auto it = element.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        setFormat(static_cast<int>(match.capturedStart()), static_cast<int>(match.capturedLength()), m_element);
    }
    for (auto it = attribute.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        setFormat(static_cast<int>(match.capturedStart(1)), static_cast<int>(match.capturedLength(1)), m_attribute);
        setFormat(static_cast<int>(match.capturedStart(2)), static_cast<int>(match.capturedLength(2)), m_value);
    }
}

} // namespace mirror::ui
