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
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
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

    m_text = new QPlainTextEdit(this);
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

void DocumentViewer::showDocument(const QString &title, const QByteArray &xml)
{
    m_title = title;
    m_xml = xml;
    setWindowTitle(tr("%1 \u2014 CAOM document").arg(title));
    const QString version = caomVersionOf(xml);
    m_info->setText(tr("%1 \u00b7 %2 bytes, read-only, as the store keeps it")
                        .arg(version.isEmpty() ? tr("XML") : version, QLocale().toString(xml.size())));
    m_text->setPlainText(QString::fromUtf8(xml));
    m_message->hideMessage();
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
