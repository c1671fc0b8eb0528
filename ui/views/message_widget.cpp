#include "views/message_widget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace mirror::ui {

namespace {

struct KindLook {
    QString glyph;
    QColor background;
    QColor border;
    QColor text;
};

// Light bands with dark text; readable on light and dark palettes because the band brings its own colours.
KindLook lookOf(MessageWidget::Kind kind)
{
    switch (kind) {
    case MessageWidget::Kind::Information:
        return {QStringLiteral("\u2139"), QColor(0xe3, 0xf2, 0xfd), QColor(0x64, 0xb5, 0xf6), QColor(0x0d, 0x3c, 0x61)};
    case MessageWidget::Kind::Positive:
        return {QStringLiteral("\u2713"), QColor(0xe8, 0xf5, 0xe9), QColor(0x81, 0xc7, 0x84), QColor(0x1b, 0x5e, 0x20)};
    case MessageWidget::Kind::Warning:
        return {QStringLiteral("\u26a0"), QColor(0xff, 0xf8, 0xe1), QColor(0xff, 0xb7, 0x4d), QColor(0x5d, 0x40, 0x37)};
    case MessageWidget::Kind::Error:
        return {QStringLiteral("\u2716"), QColor(0xff, 0xeb, 0xee), QColor(0xe5, 0x73, 0x73), QColor(0x8e, 0x1c, 0x1c)};
    }
    return {};
}

} // namespace

MessageWidget::MessageWidget(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("messageWidget"));
    m_glyph = new QLabel(this);
    m_glyph->setObjectName(QStringLiteral("messageGlyph"));
    QFont glyphFont = m_glyph->font();
    glyphFont.setBold(true);
    m_glyph->setFont(glyphFont);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("messageText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_close = new QToolButton(this);
    m_close->setObjectName(QStringLiteral("messageClose"));
    m_close->setText(QStringLiteral("\u2715"));
    m_close->setToolTip(tr("Close this message"));
    m_close->setAutoRaise(true);
    connect(m_close, &QToolButton::clicked, this, [this] {
        hideMessage();
        emit closed();
    });

    m_actions = new QHBoxLayout;
    m_actions->setSpacing(6);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->setSpacing(8);
    layout->addWidget(m_glyph, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addLayout(m_actions);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    hide();
}

void MessageWidget::showMessage(const QString &text, Kind kind)
{
    clearActions();
    m_kind = kind;
    const KindLook look = lookOf(kind);
    // By this frame's own object name (owners rename it): the band's colours must not reach other frames.
    setStyleSheet(QStringLiteral("QFrame#%1 { background: %2; border: 1px solid %3; border-radius: 4px; }"
                                 " QFrame#%1 QLabel { color: %4; background: transparent; border: none; }")
                      .arg(objectName(), look.background.name(), look.border.name(), look.text.name()));
    m_glyph->setText(look.glyph);
    m_text->setText(text);
    show();
}

void MessageWidget::hideMessage()
{
    clearActions();
    hide();
}

QToolButton *MessageWidget::addAction(const QString &text)
{
    auto *button = new QToolButton(this);
    button->setText(text);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_actions->addWidget(button, 0, Qt::AlignVCenter);
    return button;
}

void MessageWidget::setCloseButtonVisible(bool visible)
{
    m_close->setVisible(visible);
}

QString MessageWidget::text() const
{
    return m_text->text();
}

void MessageWidget::clearActions()
{
    while (QLayoutItem *item = m_actions->takeAt(0)) {
        if (QWidget *widget = item->widget())
            widget->deleteLater();
        delete item;
    }
}

} // namespace mirror::ui
