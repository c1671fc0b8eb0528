#pragma once

#include <QDateTime>
#include <QWidget>

#include <optional>

class QCalendarWidget;
class QLineEdit;
class QToolButton;

namespace mirror::ui {

// One end of a modification-time range, typed or picked: empty means no bound ("any" in grey), a day
// ("2023-11-15") means its start or its end (for the range's upper end), a time of day ("2023-11-15 14:30", also
// with seconds or a 'T') that minute or second. Times are UTC, as maxLastModified is. A plain line edit, so Tab
// leaves it and typing replaces the placeholder; the button beside it opens a calendar at the date shown, or at
// the date the data suggests (setSuggestedDate), never at a fixed year.
//
// Object names: the line edit is "<objectName>Text", the calendar button "<objectName>Calendar".
class DateBoundEdit : public QWidget {
    Q_OBJECT

public:
    enum class Bound { From, To };

    DateBoundEdit(Bound bound, QWidget *parent = nullptr);

    // The bound in ms since 1970 (UTC); nullopt when empty or not readable (see isValid()).
    std::optional<qint64> bound() const;
    // False when the text is neither empty nor a date or time this edit reads.
    bool isValid() const;
    QString text() const;
    // Shows `time` (UTC): as a day when it falls on midnight, else to the minute or second. nullopt: empty.
    void setTime(const std::optional<QDateTime> &time);
    void clear();
    // Where the calendar opens when the edit is empty (the newest data of the collection shown, say).
    void setSuggestedDate(const QDate &date);
    QDate suggestedDate() const { return m_suggested; }
    // The range's other end: while this edit is empty, its calendar opens at the other end's date.
    void setCompanion(const DateBoundEdit *other) { m_companion = other; }
    // Opens the calendar (the button does); it returns its pick through the edit.
    void openCalendar();
    QCalendarWidget *calendar() const { return m_calendar; } // nullptr until opened once
    QLineEdit *lineEdit() const { return m_edit; }
    void setObjectNames(const QString &name);

signals:
    // The bound changed: after Enter, leaving the edit with changed text, a calendar pick or setTime/clear.
    void boundChanged();

private:
    void commit();
    void showValidity();

    Bound m_bound;
    QLineEdit *m_edit = nullptr;
    QToolButton *m_button = nullptr;
    QCalendarWidget *m_calendar = nullptr;
    QDate m_suggested;
    const DateBoundEdit *m_companion = nullptr;
    QString m_committed;
};

// Reads the text of a DateBoundEdit: "", "yyyy-MM-dd", "yyyy-MM-dd HH:mm[:ss]" or with 'T'. The day's start
// (From) or end (To), or the minute's or second's. nullopt for "" and for text it cannot read (`ok` false).
std::optional<qint64> parseDateBound(const QString &text, DateBoundEdit::Bound bound, bool *ok = nullptr);

} // namespace mirror::ui
