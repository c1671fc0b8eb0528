#pragma once

#include "store/observation_store.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QTimer;
class QToolButton;

namespace mirror {
class Settings;
} // namespace mirror

namespace mirror::ui {

class DateBoundEdit;

// The browser's filter bar: observationID (starts with / contains), instrument, a maxLastModified range (days or
// times of day, typed or picked, with presets: the last hour, 24 hours, 7 days), state and "only differences". It only
// describes a store query (filterFor()); the models run it, so the filter sees every observation of the collection, not
// just those loaded. Typing is debounced; choices apply at once.
//
// Object names: "filterId", "filterIdMatch", "filterInstrument", "filterFrom", "filterTo" (DateBoundEdit),
// "filterModifiedPresets", "filterState", "filterOnlyDifferences", "filterClear".
class BrowserFilterBar : public QWidget {
    Q_OBJECT

public:
    explicit BrowserFilterBar(Settings *settings, QWidget *parent = nullptr);

    // The query for `collection` with the current choices.
    store::ObservationFilter filterFor(const QString &collection) const;
    // True when any choice narrows the collection.
    bool isActive() const;
    void clear();
    void focusIdFilter();
    // Applies pending typing at once (Enter, tests).
    void applyNow();
    // Modified within the last `seconds` (a preset); 0: any time.
    void setModifiedWithin(qint64 seconds);
    // The day the modified-date calendars open at while empty (near the collection's data).
    void setSuggestedDate(const QDate &date);
    // The instruments present in the collection shown, offered as choices (matched case-insensitively).
    void setInstruments(const QStringList &instruments);
    QComboBox *instrumentChoice() const { return m_instrumentChoice; }
    DateBoundEdit *modifiedFrom() const { return m_from; }
    DateBoundEdit *modifiedTo() const { return m_to; }

signals:
    // The choices changed (after the typing pause).
    void filterChanged();

private:
    void scheduleApply();
    void updateClearButton();

    Settings *m_settings = nullptr;
    QLineEdit *m_id = nullptr;
    QComboBox *m_idMatch = nullptr;
    QComboBox *m_instrumentChoice = nullptr;
    QLineEdit *m_instrument = nullptr; // the choice's editor
    DateBoundEdit *m_from = nullptr;
    DateBoundEdit *m_to = nullptr;
    QToolButton *m_presets = nullptr;
    QComboBox *m_state = nullptr;
    QCheckBox *m_onlyDifferences = nullptr;
    QToolButton *m_clear = nullptr;
    QTimer *m_typing = nullptr;
};

} // namespace mirror::ui
