#include "views/document_viewer.h"

#include "views/message_widget.h"
#include "views/xml_highlighter.h"

#include <QAction>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPaintEvent>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollBar>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

namespace mirror::ui {

namespace {

// "caom2 2.4" from the root element's namespace, or "" when it is not a CAOM document.
QString caomVersionOf(const QByteArray &xml)
{
    const QByteArray head = xml.left(1024);
    for (const char *version : {"2.4", "2.3", "2.2"}) {
        if (head.contains(QByteArray(QByteArray("/caom2/xml/v") + version)))
            return QStringLiteral("CAOM ") + QString::fromLatin1(version);
    }
    return {};
}

// A read-only text view with the line numbers in a margin on its left.
class NumberedText : public QPlainTextEdit {
public:
    explicit NumberedText(QWidget *parent) : QPlainTextEdit(parent), m_numbers(new Margin(this))
    {
        m_numbers->setObjectName(QStringLiteral("documentLineNumbers"));
        connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { updateMargin(); });
        connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect &rect, int dy) {
            if (dy != 0)
                m_numbers->scroll(0, dy);
            else
                m_numbers->update(0, rect.y(), m_numbers->width(), rect.height());
        });
        updateMargin();
    }

    int marginWidth() const
    {
        const int digits = static_cast<int>(QString::number(std::max(1, blockCount())).size());
        return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(3, digits);
    }
    // Puts `line` (from 1) at the top of the view, with the cursor at its start.
    void showLine(int line)
    {
        setTextCursor(QTextCursor(document()->findBlockByNumber(std::max(0, line - 1))));
        verticalScrollBar()->setValue(std::max(0, line - 3)); // the line near the top, two lines of context above
    }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QPlainTextEdit::resizeEvent(event);
        const QRect area = contentsRect();
        m_numbers->setGeometry(QRect(area.left(), area.top(), marginWidth(), area.height()));
    }

private:
    class Margin : public QWidget {
    public:
        explicit Margin(NumberedText *text) : QWidget(text), m_text(text) {}
        QSize sizeHint() const override { return {m_text->marginWidth(), 0}; }

    protected:
        void paintEvent(QPaintEvent *event) override { m_text->paintNumbers(event->rect()); }

    private:
        NumberedText *m_text;
    };

    void updateMargin() { setViewportMargins(marginWidth(), 0, 0, 0); }

    void paintNumbers(const QRect &rect)
    {
        QPainter painter(m_numbers);
        painter.fillRect(rect, palette().color(QPalette::AlternateBase));
        painter.setPen(palette().color(QPalette::PlaceholderText));
        QTextBlock block = firstVisibleBlock();
        int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
        while (block.isValid() && top <= rect.bottom()) {
            const int height = qRound(blockBoundingRect(block).height());
            if (block.isVisible() && top + height >= rect.top())
                painter.drawText(0, top, m_numbers->width() - 6, fontMetrics().height(), Qt::AlignRight,
                                 QString::number(block.blockNumber() + 1));
            block = block.next();
            top += height;
        }
    }

    Margin *m_numbers;
};

// The line (from 1) of the element of the entity at `path` (productID, artifact URI, part name, chunk id),
// found by its identifying child element (or, for a chunk, its id attribute) after the previous level's; 1 when
// the path is empty or not found. Any namespace prefix is accepted.
int entityLine(const QString &text, const QStringList &path)
{
    static const char *const elements[] = {"plane", "artifact", "part", "chunk"};
    static const char *const keys[] = {"productID", "uri", "name", nullptr};
    qsizetype from = 0;
    qsizetype start = -1;
    for (int level = 0; level < path.size() && level < 4; ++level) {
        const QString value = QRegularExpression::escape(path[level].toHtmlEscaped());
        const QString element = QLatin1String(elements[level]);
        QRegularExpression key;
        if (keys[level])
            key.setPattern(QStringLiteral("<(\\w+:)?%1>\\s*%2\\s*</").arg(QLatin1String(keys[level]), value));
        else
            key.setPattern(QStringLiteral("<(\\w+:)?chunk\\b[^>]*\\bid=\"%1\"").arg(value));
        const QRegularExpressionMatch match = key.match(text, from);
        if (!match.hasMatch())
            return start < 0 ? 1 : static_cast<int>(text.left(start).count(QLatin1Char('\n'))) + 1;
        // The entity's own element: the last opening tag of its kind before its key.
        const QRegularExpression open(QStringLiteral("<(\\w+:)?%1[\\s>]").arg(element));
        const qsizetype opening = text.lastIndexOf(open, match.capturedStart());
        start = opening >= from ? opening : match.capturedStart();
        from = match.capturedEnd();
    }
    return start < 0 ? 1 : static_cast<int>(text.left(start).count(QLatin1Char('\n'))) + 1;
}

} // namespace

DocumentViewer::DocumentViewer(QWidget *parent) : QWidget(parent, Qt::Window)
{
    setAttribute(Qt::WA_DeleteOnClose);
    m_info = new QLabel(this);
    m_info->setObjectName(QStringLiteral("documentInfo"));
    m_find = new QLineEdit(this);
    m_find->setObjectName(QStringLiteral("documentFind"));
    m_find->setPlaceholderText(tr("Find (Ctrl+F)"));
    m_find->setClearButtonEnabled(true);
    m_find->setMaximumWidth(280);
    auto *copyAll = new QPushButton(tr("Copy all"), this);
    auto *saveAs = new QPushButton(tr("Save as\u2026"), this);
    m_message = new MessageWidget(this);

    m_text = new NumberedText(this);
    m_text->setObjectName(QStringLiteral("documentText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new XmlHighlighter(m_text->document());

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_info, 1);
    bar->addWidget(m_find);
    bar->addWidget(copyAll);
    bar->addWidget(saveAs);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_message);
    layout->addWidget(m_text, 1);

    auto *findAction = new QAction(this);
    findAction->setShortcut(QKeySequence::Find);
    connect(findAction, &QAction::triggered, m_find, [this] {
        m_find->setFocus();
        m_find->selectAll();
    });
    addAction(findAction);
    auto *closeAction = new QAction(this);
    closeAction->setShortcuts({QKeySequence::Close, QKeySequence(Qt::Key_Escape)});
    connect(closeAction, &QAction::triggered, this, &QWidget::close);
    addAction(closeAction);
    connect(m_find, &QLineEdit::returnPressed, this, [this] { findNext(false); });
    connect(copyAll, &QPushButton::clicked, this, [this] {
        m_text->selectAll();
        m_text->copy();
    });
    connect(saveAs, &QPushButton::clicked, this, &DocumentViewer::save);
    resize(900, 700);
}

void DocumentViewer::showDocument(const QString &title, const QByteArray &xml, const QStringList &entityPath)
{
    m_title = title;
    m_xml = xml;
    setWindowTitle(tr("%1 \u2014 CAOM document").arg(title));
    const QString version = caomVersionOf(xml);
    m_info->setText(tr("%1 \u00b7 %2 bytes, read-only, as the store keeps it")
                        .arg(version.isEmpty() ? tr("XML") : version, QLocale().toString(xml.size())));
    const QString text = QString::fromUtf8(xml);
    m_text->setPlainText(text);
    m_message->hideMessage();
    m_startLine = entityLine(text, entityPath);
    auto *numbered = static_cast<NumberedText *>(m_text);
    numbered->showLine(m_startLine);
    // Again once the window has its size (the scroll range depends on the view's height).
    QTimer::singleShot(0, numbered, [numbered, line = m_startLine] { numbered->showLine(line); });
}

QString DocumentViewer::text() const
{
    return m_text->toPlainText();
}

void DocumentViewer::findNext(bool backwards)
{
    const QString needle = m_find->text();
    if (needle.isEmpty())
        return;
    const QTextDocument::FindFlags flags = backwards ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    if (m_text->find(needle, flags)) {
        m_message->hideMessage();
        return;
    }
    // Wrap around once before saying there is none.
    QTextCursor cursor = m_text->textCursor();
    cursor.movePosition(backwards ? QTextCursor::End : QTextCursor::Start);
    m_text->setTextCursor(cursor);
    if (m_text->find(needle, flags))
        m_message->showMessage(
            tr("Search went round to the %1 of the document.").arg(backwards ? tr("end") : tr("start")),
            MessageWidget::Kind::Information);
    else
        m_message->showMessage(tr("\u201c%1\u201d does not occur in this document.").arg(needle),
                               MessageWidget::Kind::Warning);
}

void DocumentViewer::save()
{
    QString suggested = m_title;
    suggested.replace(QLatin1Char('/'), QLatin1Char('_'));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save CAOM document"),
                                                      suggested + QStringLiteral(".xml"), tr("XML documents (*.xml)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_xml) != m_xml.size() || !file.commit()) {
        m_message->showMessage(tr("Could not save %1: %2").arg(path, file.errorString()), MessageWidget::Kind::Error);
        return;
    }
    m_message->showMessage(tr("Saved to %1.").arg(path), MessageWidget::Kind::Positive);
}

} // namespace mirror::ui
