#include "views/date_bound_edit.h"

#include <QCalendarWidget>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QTimeZone>
#include <QToolButton>

namespace mirror::ui {

namespace {

const QString dayFormat = QStringLiteral("yyyy-MM-dd");

} // namespace

std::optional<qint64> parseDateBound(const QString &text, DateBoundEdit::Bound bound, bool *ok)
{
    const QString trimmed = text.trimmed();
    if (ok)
        *ok = true;
    if (trimmed.isEmpty())
        return std::nullopt;
    const bool upper = bound == DateBoundEdit::Bound::To;
    const QDate day = QDate::fromString(trimmed, dayFormat);
    if (day.isValid()) {
        const QDateTime start(upper ? day.addDays(1) : day, QTime(0, 0), Qt::UTC);
        return start.toMSecsSinceEpoch() - (upper ? 1 : 0);
    }
    QString normalised = trimmed;
    normalised.replace(QLatin1Char('T'), QLatin1Char(' '));
    normalised = normalised.simplified();
    for (const auto &[format, step] : {std::pair{QStringLiteral("yyyy-MM-dd HH:mm:ss"), qint64(1000)},
                                       std::pair{QStringLiteral("yyyy-MM-dd HH:mm"), qint64(60'000)},
                                       std::pair{QStringLiteral("yyyy-MM-dd H:mm"), qint64(60'000)}}) {
        QDateTime time = QDateTime::fromString(normalised, format);
        if (time.isValid()) {
            time.setTimeZone(QTimeZone::utc());
            return time.toMSecsSinceEpoch() + (upper ? step - 1 : 0);
        }
    }
    if (ok)
        *ok = false;
    return std::nullopt;
}

DateBoundEdit::DateBoundEdit(Bound bound, QWidget *parent) : QWidget(parent), m_bound(bound)
{
    m_edit = new QLineEdit(this);
    m_edit->setPlaceholderText(tr("any"));
    m_edit->setClearButtonEnabled(true);
    m_edit->setToolTip(bound == Bound::From
                           ? tr("Modified at or after (UTC): a day such as 2023-11-15, or a time such as "
                                "2023-11-15 14:30. Empty: any.")
                           : tr("Modified at or before (UTC): a day such as 2023-11-15 (up to its end), or a time "
                                "such as 2023-11-15 14:30. Empty: any."));
    // Room for a day at least (on a small screen the partners' names need the rest), a day and a time when there
    // is space (the filter bar gives the edits a share of its width).
    const int dayWidth = m_edit->fontMetrics().horizontalAdvance(QStringLiteral("2023-11-15")) + 28;
    const int timeWidth = m_edit->fontMetrics().horizontalAdvance(QStringLiteral("2023-11-15 14:30")) + 28;
    m_edit->setMinimumWidth(dayWidth);
    m_edit->setMaximumWidth(timeWidth + 40);
    m_button = new QToolButton(this);
    m_button->setText(QStringLiteral("\u25be"));
    m_button->setToolTip(tr("Pick a day from a calendar"));
    m_button->setFocusPolicy(Qt::NoFocus); // Tab goes from the edit to the next filter
    setFocusProxy(m_edit);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_button);

    connect(m_edit, &QLineEdit::textEdited, this, &DateBoundEdit::showValidity);
    connect(m_edit, &QLineEdit::returnPressed, this, &DateBoundEdit::commit);
    connect(m_edit, &QLineEdit::editingFinished, this, &DateBoundEdit::commit);
    // The clear button empties the text without textEdited.
    connect(m_edit, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty() && !m_committed.isEmpty())
            commit();
    });
    connect(m_button, &QToolButton::clicked, this, &DateBoundEdit::openCalendar);
}

void DateBoundEdit::setObjectNames(const QString &name)
{
    setObjectName(name);
    m_edit->setObjectName(name + QStringLiteral("Text"));
    m_button->setObjectName(name + QStringLiteral("Calendar"));
}

std::optional<qint64> DateBoundEdit::bound() const
{
    return parseDateBound(m_committed, m_bound);
}

bool DateBoundEdit::isValid() const
{
    bool ok = false;
    parseDateBound(m_edit->text(), m_bound, &ok);
    return ok;
}

QString DateBoundEdit::text() const
{
    return m_edit->text();
}

void DateBoundEdit::setTime(const std::optional<QDateTime> &time)
{
    if (!time) {
        m_edit->clear();
    } else {
        const QDateTime utc = time->toUTC();
        const QTime clock = utc.time();
        const bool midnight = clock == QTime(0, 0) && m_bound == Bound::From;
        m_edit->setText(utc.toString(midnight                  ? dayFormat
                                         : clock.second() == 0 ? QStringLiteral("yyyy-MM-dd HH:mm")
                                                               : QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    }
    commit();
}

void DateBoundEdit::clear()
{
    setTime(std::nullopt);
}

void DateBoundEdit::setSuggestedDate(const QDate &date)
{
    m_suggested = date;
}

void DateBoundEdit::openCalendar()
{
    if (!m_calendar) {
        m_calendar = new QCalendarWidget(this);
        m_calendar->setWindowFlags(Qt::Popup);
        m_calendar->setObjectName(objectName() + QStringLiteral("Popup"));
        m_calendar->setGridVisible(true);
        connect(m_calendar, &QCalendarWidget::activated, this, [this](const QDate &date) {
            m_calendar->hide();
            // A picked day keeps a time of day already typed.
            const std::optional<qint64> current = parseDateBound(m_edit->text(), m_bound);
            const QString text = m_edit->text().trimmed();
            if (current && text.size() > dayFormat.size())
                m_edit->setText(date.toString(dayFormat) + text.mid(dayFormat.size()));
            else
                m_edit->setText(date.toString(dayFormat));
            commit();
            m_edit->setFocus();
        });
        connect(m_calendar, &QCalendarWidget::clicked, m_calendar, &QCalendarWidget::activated);
    }
    // The date typed here, else the range's other end, else what the data suggests, else today.
    std::optional<qint64> current = parseDateBound(m_edit->text(), m_bound);
    if (!current && m_companion)
        current = m_companion->bound();
    const QDate start = current ? QDateTime::fromMSecsSinceEpoch(*current, Qt::UTC).date()
        : m_suggested.isValid() ? m_suggested
                                : QDateTime::currentDateTimeUtc().date();
    m_calendar->setSelectedDate(start);
    m_calendar->setCurrentPage(start.year(), start.month());
    m_calendar->adjustSize();
    m_calendar->move(mapToGlobal(QPoint(0, height())));
    m_calendar->show();
    m_calendar->setFocus();
}

void DateBoundEdit::showValidity()
{
    const bool valid = isValid();
    m_edit->setStyleSheet(valid ? QString() : QStringLiteral("QLineEdit { border: 1px solid #b71c1c; }"));
}

void DateBoundEdit::commit()
{
    showValidity();
    if (!isValid())
        return; // kept as typed, marked, not applied
    const QString text = m_edit->text().trimmed();
    if (text == m_committed)
        return;
    m_committed = text;
    emit boundChanged();
}

} // namespace mirror::ui
