#include "views/browser_filter_bar.h"

#include "common/settings.h"
#include "models/state_look.h"
#include "views/date_bound_edit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace mirror::ui {

namespace {

QLabel *caption(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

} // namespace

BrowserFilterBar::BrowserFilterBar(Settings *settings, QWidget *parent) : QWidget(parent), m_settings(settings)
{
    m_id = new QLineEdit(this);
    m_id->setObjectName(QStringLiteral("filterId"));
    m_id->setPlaceholderText(tr("any observation"));
    m_id->setClearButtonEnabled(true);
    m_id->setMinimumWidth(150);
    m_idMatch = new QComboBox(this);
    m_idMatch->setObjectName(QStringLiteral("filterIdMatch"));
    m_idMatch->addItem(tr("starts with"), QStringLiteral("prefix"));
    m_idMatch->addItem(tr("contains"), QStringLiteral("contains"));
    m_idMatch->setToolTip(tr("\u201cStarts with\u201d matches the start of the observationID exactly; "
                             "\u201ccontains\u201d finds the text anywhere in it, whatever its letter case. "
                             "Both are answered from the store's indexes."));
    const QString match =
        m_settings ? m_settings->value(SettingKey::BrowserIdMatch).toString() : QStringLiteral("prefix");
    m_idMatch->setCurrentIndex(std::max(0, m_idMatch->findData(match)));

    m_instrumentChoice = new QComboBox(this);
    m_instrumentChoice->setObjectName(QStringLiteral("filterInstrument"));
    m_instrumentChoice->setEditable(true);
    m_instrumentChoice->setInsertPolicy(QComboBox::NoInsert);
    m_instrumentChoice->setToolTip(tr("One of the instruments of this collection; upper or lower case does not "
                                      "matter (wfc3/uvis finds WFC3/UVIS)"));
    m_instrumentChoice->setMinimumWidth(120);
    m_instrumentChoice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_instrumentChoice->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_instrumentChoice->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_instrumentChoice->completer()->setFilterMode(Qt::MatchContains);
    m_instrument = m_instrumentChoice->lineEdit();
    m_instrument->setPlaceholderText(tr("any"));
    m_instrument->setClearButtonEnabled(true);

    m_from = new DateBoundEdit(DateBoundEdit::Bound::From, this);
    m_from->setObjectNames(QStringLiteral("filterFrom"));
    m_to = new DateBoundEdit(DateBoundEdit::Bound::To, this);
    m_to->setObjectNames(QStringLiteral("filterTo"));
    m_from->setCompanion(m_to);
    m_to->setCompanion(m_from);
    m_presets = new QToolButton(this);
    m_presets->setObjectName(QStringLiteral("filterModifiedPresets"));
    m_presets->setText(tr("Recent"));
    m_presets->setToolTip(tr("Modified within the last hour, day or week"));
    m_presets->setPopupMode(QToolButton::InstantPopup);
    auto *presets = new QMenu(m_presets);
    const std::pair<QString, qint64> choices[] = {{tr("Last &hour"), 3600},
                                                  {tr("Last &24 hours"), 24 * 3600},
                                                  {tr("Last &7 days"), 7 * 24 * 3600},
                                                  {tr("&Any time"), 0}};
    for (const auto &[text, seconds] : choices) {
        QAction *action = presets->addAction(text);
        connect(action, &QAction::triggered, this, [this, seconds = seconds] { setModifiedWithin(seconds); });
    }
    m_presets->setMenu(presets);

    m_state = new QComboBox(this);
    m_state->setObjectName(QStringLiteral("filterState"));
    m_state->addItem(tr("any"), QString());
    for (const QString &state :
         {store::ObservationState::ok, store::ObservationState::stale, store::ObservationState::differs}) {
        const models::StateLook look = models::stateLook(state);
        m_state->addItem(look.text(), state);
        m_state->setItemData(m_state->count() - 1, look.colour, Qt::ForegroundRole);
        m_state->setItemData(m_state->count() - 1, look.tooltip, Qt::ToolTipRole);
    }

    m_onlyDifferences = new QCheckBox(tr("Only &differences"), this);
    m_onlyDifferences->setObjectName(QStringLiteral("filterOnlyDifferences"));
    m_onlyDifferences->setToolTip(tr("Observations that are not ok, or that a validate or compare run found to "
                                     "differ from a partner and nobody has acknowledged yet"));

    m_clear = new QToolButton(this);
    m_clear->setObjectName(QStringLiteral("filterClear"));
    m_clear->setText(tr("Clear filter"));
    m_clear->setEnabled(false);

    // Two rows: what to look for, then how to narrow it. One row would hold the window at least 1,300 pixels
    // wide.
    auto *what = new QHBoxLayout;
    what->setSpacing(6);
    what->addWidget(caption(tr("Observation &ID"), m_id, this));
    what->addWidget(m_idMatch);
    what->addWidget(m_id, 3);
    what->addSpacing(12);
    what->addWidget(caption(tr("I&nstrument"), m_instrumentChoice, this));
    what->addWidget(m_instrumentChoice, 1);
    what->addSpacing(12);
    what->addWidget(m_clear); // on the first row, which stretches: the second stays narrow enough for 1024 pixels
    auto *narrow = new QHBoxLayout;
    narrow->setSpacing(6);
    narrow->addWidget(caption(tr("&Modified"), m_from, this));
    narrow->addWidget(m_from, 1);
    narrow->addWidget(new QLabel(QStringLiteral("\u2013"), this));
    narrow->addWidget(m_to, 1);
    narrow->addWidget(m_presets);
    narrow->addSpacing(12);
    narrow->addWidget(caption(tr("&State"), m_state, this));
    narrow->addWidget(m_state);
    narrow->addSpacing(12);
    narrow->addWidget(m_onlyDifferences);
    narrow->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(what);
    layout->addLayout(narrow);

    m_typing = new QTimer(this);
    m_typing->setSingleShot(true);
    m_typing->setInterval(300);
    connect(m_typing, &QTimer::timeout, this, &BrowserFilterBar::applyNow);
    connect(m_id, &QLineEdit::textEdited, this, &BrowserFilterBar::scheduleApply);
    connect(m_instrument, &QLineEdit::textEdited, this, &BrowserFilterBar::scheduleApply);
    // The clear buttons inside the edits change the text without textEdited.
    connect(m_id, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty())
            scheduleApply();
    });
    connect(m_instrument, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty())
            scheduleApply();
    });
    connect(m_id, &QLineEdit::returnPressed, this, &BrowserFilterBar::applyNow);
    connect(m_instrument, &QLineEdit::returnPressed, this, &BrowserFilterBar::applyNow);
    connect(m_instrumentChoice, &QComboBox::activated, this, &BrowserFilterBar::applyNow);
    connect(m_idMatch, &QComboBox::currentIndexChanged, this, [this] {
        if (m_settings)
            (void)m_settings->setValue(SettingKey::BrowserIdMatch, m_idMatch->currentData());
        if (!m_id->text().trimmed().isEmpty())
            applyNow();
    });
    connect(m_from, &DateBoundEdit::boundChanged, this, &BrowserFilterBar::applyNow);
    connect(m_to, &DateBoundEdit::boundChanged, this, &BrowserFilterBar::applyNow);
    connect(m_state, &QComboBox::currentIndexChanged, this, &BrowserFilterBar::applyNow);
    connect(m_onlyDifferences, &QCheckBox::toggled, this, &BrowserFilterBar::applyNow);
    connect(m_clear, &QToolButton::clicked, this, &BrowserFilterBar::clear);
}

store::ObservationFilter BrowserFilterBar::filterFor(const QString &collection) const
{
    store::ObservationFilter filter;
    filter.collection = collection;
    const QString id = m_id->text().trimmed();
    if (m_idMatch->currentData().toString() == QLatin1String("contains"))
        filter.idContains = id;
    else
        filter.idPrefix = id;
    // Typed in any case, asked for as the store spells it.
    filter.instrument = m_instrument->text().trimmed();
    if (const int known = m_instrumentChoice->findText(filter.instrument, Qt::MatchFixedString); known >= 0)
        filter.instrument = m_instrumentChoice->itemText(known);
    filter.state = m_state->currentData().toString();
    filter.modifiedFrom = m_from->bound();
    filter.modifiedTo = m_to->bound();
    filter.onlyDifferences = m_onlyDifferences->isChecked();
    return filter;
}

bool BrowserFilterBar::isActive() const
{
    const store::ObservationFilter filter = filterFor(QString());
    return !filter.idPrefix.isEmpty() || !filter.idContains.isEmpty() || !filter.instrument.isEmpty()
        || !filter.state.isEmpty() || filter.modifiedFrom || filter.modifiedTo || filter.onlyDifferences;
}

void BrowserFilterBar::clear()
{
    const QSignalBlocker blockers[] = {QSignalBlocker(m_id),    QSignalBlocker(m_instrument),
                                       QSignalBlocker(m_from),  QSignalBlocker(m_to),
                                       QSignalBlocker(m_state), QSignalBlocker(m_onlyDifferences)};
    m_id->clear();
    m_instrument->clear();
    m_from->clear();
    m_to->clear();
    m_state->setCurrentIndex(0);
    m_onlyDifferences->setChecked(false);
    applyNow();
}

void BrowserFilterBar::setModifiedWithin(qint64 seconds)
{
    {
        const QSignalBlocker blockFrom(m_from);
        const QSignalBlocker blockTo(m_to);
        if (seconds > 0)
            m_from->setTime(QDateTime::currentDateTimeUtc().addSecs(-seconds));
        else
            m_from->clear();
        m_to->clear();
    }
    applyNow();
}

void BrowserFilterBar::setInstruments(const QStringList &instruments)
{
    const QSignalBlocker blocker(m_instrumentChoice);
    const QString typed = m_instrument->text();
    m_instrumentChoice->clear();
    m_instrumentChoice->addItems(instruments);
    m_instrumentChoice->setCurrentIndex(-1);
    m_instrument->setText(typed);
}

void BrowserFilterBar::setSuggestedDate(const QDate &date)
{
    m_from->setSuggestedDate(date);
    m_to->setSuggestedDate(date);
}

void BrowserFilterBar::focusIdFilter()
{
    m_id->setFocus(Qt::ShortcutFocusReason);
    m_id->selectAll();
}

void BrowserFilterBar::scheduleApply()
{
    m_typing->start();
}

void BrowserFilterBar::applyNow()
{
    m_typing->stop();
    updateClearButton();
    emit filterChanged();
}

void BrowserFilterBar::updateClearButton()
{
    m_clear->setEnabled(isActive());
}

} // namespace mirror::ui
