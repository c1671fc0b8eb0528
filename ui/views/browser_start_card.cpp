#include "views/browser_start_card.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace mirror::ui {

BrowserStartCard::BrowserStartCard(QWidget *parent) : QWidget(parent)
{
    // A card of bounded width, centred, like the placeholder tabs.
    auto *card = new QFrame(this);
    card->setFrameShape(QFrame::StyledPanel);
    card->setMaximumWidth(720);
    card->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    card->setAutoFillBackground(true);
    card->setBackgroundRole(QPalette::Base);

    m_heading = new QLabel(card);
    m_heading->setObjectName(QStringLiteral("startHeading"));
    m_heading->setWordWrap(true);
    QFont headingFont = m_heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.4);
    headingFont.setBold(true);
    m_heading->setFont(headingFont);
    m_text = new QLabel(card);
    m_text->setObjectName(QStringLiteral("startText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress = new QProgressBar(card);
    m_progress->setObjectName(QStringLiteral("startProgress"));
    m_progress->hide();

    m_openDemo = new QPushButton(tr("Open the &demo store"), card);
    m_openDemo->setObjectName(QStringLiteral("openDemoButton"));
    m_openStore = new QPushButton(tr("Open a store &file\u2026"), card);
    m_openStore->setObjectName(QStringLiteral("openStoreButton"));
    m_settings = new QPushButton(tr("&Settings\u2026"), card);
    m_settings->setObjectName(QStringLiteral("settingsButton"));
    connect(m_openDemo, &QPushButton::clicked, this, &BrowserStartCard::openDemoRequested);
    connect(m_openStore, &QPushButton::clicked, this, &BrowserStartCard::openStoreRequested);
    connect(m_settings, &QPushButton::clicked, this, &BrowserStartCard::settingsRequested);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_openDemo);
    buttons->addWidget(m_openStore);
    buttons->addWidget(m_settings);
    buttons->addStretch(1);

    auto *cardLayout = new QVBoxLayout(card);
    cardLayout->setContentsMargins(24, 20, 24, 20);
    cardLayout->setSpacing(12);
    cardLayout->addWidget(m_heading);
    cardLayout->addWidget(m_text);
    cardLayout->addWidget(m_progress);
    cardLayout->addLayout(buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(card, 4);
    row->addStretch(1);
    layout->addLayout(row);
    layout->addStretch(2);
}

void BrowserStartCard::setButtonsVisible(bool visible)
{
    m_openDemo->setVisible(visible);
    m_openStore->setVisible(visible);
    m_settings->setVisible(visible);
}

void BrowserStartCard::showNoStore(const QString &path)
{
    m_heading->setText(tr("No local store yet"));
    m_text->setText(tr("The console reads a local mirror store, and there is none at %1 yet. Harvesting from the "
                       "partners will fill it once partner sources are set up.\n\nTo look around first, open the "
                       "demo store: a few thousand HST and JWST observations and real CAOM samples, with stale "
                       "copies, skip records and discrepancies, all made on this machine without a network.")
                        .arg(path));
    m_progress->hide();
    setButtonsVisible(true);
}

void BrowserStartCard::showOpening(const QString &what, bool demo)
{
    m_heading->setText(demo ? tr("Preparing the demo store") : tr("Opening the store"));
    m_text->setText(demo ? tr("Building %1 (only when it is missing or out of date)\u2026").arg(what)
                         : tr("Opening %1\u2026").arg(what));
    m_progress->setRange(0, 0); // busy until the first progress report
    m_progress->setVisible(true);
    setButtonsVisible(false);
}

void BrowserStartCard::showProgress(const demo::DemoProgress &progress)
{
    m_text->setText(progress.phase + QStringLiteral("\u2026"));
    m_progress->setRange(0, static_cast<int>(std::max<qint64>(1, progress.total)));
    m_progress->setValue(static_cast<int>(progress.done));
    m_progress->setVisible(true);
}

void BrowserStartCard::showFailed(const QString &what, const QString &message)
{
    m_heading->setText(tr("The store could not be opened"));
    m_text->setText(tr("%1\n\n%2").arg(what, message));
    m_progress->hide();
    setButtonsVisible(true);
}

void BrowserStartCard::showEmptyStore(const QString &what)
{
    m_heading->setText(tr("This store holds no observations yet"));
    m_text->setText(tr("%1 is open and empty. Harvests fill it once partner sources are set up in the settings; "
                       "caom-sync import adds documents from files.")
                        .arg(what));
    m_progress->hide();
    setButtonsVisible(true);
}

} // namespace mirror::ui
