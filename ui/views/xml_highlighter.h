#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace mirror::ui {

// Colours element names, attribute names and values of an XML document, line by line (CAOM documents put
// every tag on its own line; comments and CDATA are not expected).
class XmlHighlighter : public QSyntaxHighlighter {
    Q_OBJECT

public:
    explicit XmlHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_element;
    QTextCharFormat m_attribute;
    QTextCharFormat m_value;
};

} // namespace mirror::ui
