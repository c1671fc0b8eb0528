#include "views/placeholder_pane.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace mirror::ui {

namespace {

QLabel *wrappedLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

PlaceholderPane::PlaceholderPane(const PlaceholderText &text, QWidget *parent) : QWidget(parent)
{
    // A card of bounded width, centred, so the text stays readable on a wide window instead of running
    // across the whole screen.
    auto *card = new QFrame(this);
    card->setObjectName(QStringLiteral("placeholderCard"));
    card->setFrameShape(QFrame::StyledPanel);
    card->setMaximumWidth(760);
    card->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    card->setAutoFillBackground(true);
    card->setBackgroundRole(QPalette::Base);

    auto *badge = new QLabel(tr("Not in the console yet"), card);
    badge->setObjectName(QStringLiteral("comingNextBadge"));
    QFont badgeFont = badge->font();
    badgeFont.setBold(true);
    badge->setFont(badgeFont);
    badge->setForegroundRole(QPalette::Link);

    auto *heading = wrappedLabel(text.heading, card);
    heading->setObjectName(QStringLiteral("placeholderHeading"));
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.4);
    headingFont.setBold(true);
    heading->setFont(headingFont);

    auto *cardLayout = new QVBoxLayout(card);
    cardLayout->setContentsMargins(24, 20, 24, 20);
    cardLayout->setSpacing(10);
    cardLayout->addWidget(badge);
    cardLayout->addWidget(heading);
    cardLayout->addWidget(wrappedLabel(text.summary, card));

    if (!text.planned.isEmpty()) {
        // Plain text rather than a rich-text list: nothing in an item is taken for markup, and it copies
        // cleanly.
        auto *plannedTitle = new QLabel(tr("This tab will show:"), card);
        QFont titleFont = plannedTitle->font();
        titleFont.setBold(true);
        plannedTitle->setFont(titleFont);
        cardLayout->addSpacing(4);
        cardLayout->addWidget(plannedTitle);
        for (const QString &item : text.planned) {
            // Bullet and text in separate labels, so a wrapped item hangs under its own text.
            auto *bullet = new QLabel(QStringLiteral("\u2022"), card);
            bullet->setAlignment(Qt::AlignTop);
            auto *line = new QHBoxLayout;
            line->setSpacing(8);
            line->addWidget(bullet, 0, Qt::AlignTop);
            line->addWidget(wrappedLabel(item, card), 1);
            cardLayout->addLayout(line);
        }
    }

    if (!text.meanwhile.isEmpty()) {
        cardLayout->addSpacing(4);
        auto *now = wrappedLabel(text.meanwhile, card);
        now->setObjectName(QStringLiteral("placeholderMeanwhile"));
        cardLayout->addWidget(now);
    }

    // The card takes the width up to its maximum before the side stretches get any, so it stays wide on a
    // small window and centred on a large one.
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(card, 1000);
    row->addStretch(1);

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(16, 16, 16, 16);
    // A fixed top margin rather than vertical centring: cards of different heights then start at the same
    // place, and switching tabs does not make the text jump.
    outer->addSpacing(48);
    outer->addLayout(row);
    outer->addStretch(1);
}

} // namespace mirror::ui
