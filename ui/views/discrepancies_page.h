#pragma once

#include "store/discrepancy_reader.h"

#include <QPointer>
#include <QWidget>

#include <map>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;
class QPushButton;

namespace mirror::models {
class DiscrepancyListModel;
} // namespace mirror::models

// The Discrepancies tab: every finding of validate runs, in a list that pages through the store, with a
// toggle per class showing its live count, filters by partner, collection and text, sorting from the header,
// multi-select, acknowledge with a note, a plain-text summary to paste into an email to the partner, and Compare
// (double-click or Enter on a row) to see the observation's copies side by side.
namespace mirror::ui {

class DiscrepanciesPage : public QWidget {
    Q_OBJECT

public:
    explicit DiscrepanciesPage(QWidget *parent = nullptr);
    ~DiscrepanciesPage() override;

    // The store to read (nullptr: none open). The page owns its reader.
    void setStore(std::shared_ptr<store::Store> store);
    // Shows one partner's and collection's findings (empty: all), e.g. after "Compare with partner…".
    void showTarget(const QString &source, const QString &collection, std::optional<qint64> runKey = {});
    void refresh();

    QTableView *table() const { return m_table; }
    models::DiscrepancyListModel *model() const { return m_model; }
    // A plain-text summary of the selected rows, as copied for an email.
    QString selectionSummary() const;
    // Acknowledges the selected rows with this note (the dialog's work, callable by tests).
    void acknowledgeSelection(const QString &note);
    // Acknowledges these discrepancies with this note (the Compare tab's "Acknowledge…").
    void acknowledgeKeys(const std::vector<qint64> &keys, const QString &note);
    // Opens the current row in the Compare tab (double-click, Enter, the Compare button).
    void compareCurrent();

signals:
    void statusMessage(const QString &text);
    // Compare this observation's local copy with the partner's (the row's discrepancy key given).
    void compareRequested(const QString &source, const QString &collection, const QString &observationID,
                          qint64 discrepancyKey);

private:
    void applyFilter();
    void requestCounts();
    void onClassCounts(quint64 token, const store::ClassCounts &counts);
    void updateActions();
    void askAcknowledge();
    void copySummary();
    void showRowMenu(const QPoint &position);

    std::unique_ptr<store::DiscrepancyReader> m_reader;
    models::DiscrepancyListModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    std::map<QString, QToolButton *> m_classButtons; // by class name
    QLineEdit *m_partner = nullptr;
    QLineEdit *m_collection = nullptr;
    QLineEdit *m_text = nullptr;
    QCheckBox *m_openOnly = nullptr;
    QComboBox *m_found = nullptr; // when found: any time, the last hour, day, week, month
    QLabel *m_summary = nullptr;
    QPushButton *m_acknowledge = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_compare = nullptr;
    QToolButton *m_runFilter = nullptr; // "Only run 42 ✕": shown while a run is chosen
    std::optional<qint64> m_runKey;
    quint64 m_countsToken = 0;
    quint64 m_ackToken = 0;
};

} // namespace mirror::ui
