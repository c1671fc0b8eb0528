#pragma once

#include "store/discrepancy_reader.h"

#include <QPointer>
#include <QWidget>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QCheckBox;
class QMenu;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QTableView;
class QToolButton;
class QPushButton;

namespace mirror {
class Settings;
} // namespace mirror

namespace harvest {
struct RefetchTally;
} // namespace harvest

namespace mirror::models {
class DiscrepancyListModel;
} // namespace mirror::models

// The Discrepancies tab: every finding of validate runs, in a list that pages through the store, with a
// toggle per class showing its live count, filters by partner, collection and text, sorting from the header,
// multi-select, acknowledge with a note, a plain-text summary to paste into an email to the partner, and Compare
// (double-click or Enter on a row) to see the observation's copies side by side. From a selection: re-harvest the
// observations now from their partner or a chosen one (off the GUI thread, with progress and cancel, and a final
// "N re-harvested, M failed: reasons"), a retry job for their partners and collections, Open in browser (the local
// copy, under the partner it was harvested from).
//
// Object names: "discrepancyTable", "discrepancyMessage", "compareDiscrepancyButton", "browseDiscrepancyButton",
// "reharvestDiscrepancies", "retryDiscrepancies", "copySummaryButton", "acknowledgeButton", "reharvestProgress",
// "cancelReharvest".
namespace mirror::ui {

class BulkRefetch;
class LocalCopyFinder;
class MessageWidget;

class DiscrepanciesPage : public QWidget {
    Q_OBJECT

public:
    explicit DiscrepanciesPage(QWidget *parent = nullptr);
    ~DiscrepanciesPage() override;

    // The store to read (nullptr: none open). The page owns its reader.
    void setStore(std::shared_ptr<store::Store> store);
    // Where the partners are read from for a re-harvest (not owned; outlives the page). Without it there is none.
    void setSettings(Settings *settings) { m_settings = settings; }
    // Shows one partner's and collection's findings (empty: all), e.g. after "Compare with partner…".
    void showTarget(const QString &source, const QString &collection, std::optional<qint64> runKey = {});
    // What the dashboard counts as differences still to deal with at (source, collection): checksum differences and
    // observations missing on either side, not acknowledged, checksum differences first.
    void showOpenDifferences(const QString &source, const QString &collection);
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
    // The findings of the selected rows that are read (rows still "Loading…" are not).
    std::vector<store::Discrepancy> selectedFindings() const;
    // Re-harvests the selected findings' observations from `partner`, or each from the partner that found it
    // (nullopt), after the confirmation; false when nothing was started.
    bool reharvestSelection(const std::optional<QString> &partner = std::nullopt);
    bool reharvesting() const;
    void cancelReharvest();
    // A retry job for each partner and collection of the selection (retryRequested).
    void retrySelection();
    // Shows the current row's local copy in the Browser, under the partner it was harvested from; says so when
    // there is no local copy.
    void browseCurrent();
    // Replaces the question asked before local copies are replaced (tests): true to go ahead.
    void setConfirmation(std::function<bool(const QString &title, const QString &text)> ask)
    {
        m_confirm = std::move(ask);
    }
    MessageWidget *message() const { return m_message; }

signals:
    void statusMessage(const QString &text);
    // Compare this observation's local copy with the partner's (the row's discrepancy key given).
    void compareRequested(const QString &source, const QString &collection, const QString &observationID,
                          qint64 discrepancyKey);
    // Show this observation's local copy, filed under `source`, in the Browser.
    void browseRequested(const QString &source, const QString &collection, const QString &observationID);
    // Run a retry job for the observations of this partner and collection whose last harvest failed.
    void retryRequested(const QString &source, const QString &collection);
    // A re-harvest ended: local copies may have changed (the browser and the counts follow).
    void observationsRefetched();

private:
    void applyFilter();
    void requestCounts();
    void onClassCounts(quint64 token, const store::ClassCounts &counts);
    void updateActions();
    void askAcknowledge();
    void copySummary();
    void showRowMenu(const QPoint &position);
    void fillReharvestMenu(QMenu *menu);
    void onRefetchProgress(int done, int total, const QString &current);
    void onRefetchFinished(const harvest::RefetchTally &tally);

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
    QPushButton *m_browse = nullptr;
    QToolButton *m_reharvest = nullptr; // click: from each finding's partner; menu: from a chosen partner
    QPushButton *m_retry = nullptr;
    MessageWidget *m_message = nullptr;
    QWidget *m_progressRow = nullptr; // shown while a re-harvest runs
    QProgressBar *m_progress = nullptr;
    QLabel *m_progressText = nullptr;
    QPushButton *m_cancelReharvest = nullptr;
    BulkRefetch *m_refetch = nullptr;
    LocalCopyFinder *m_finder = nullptr;
    Settings *m_settings = nullptr;
    std::shared_ptr<store::Store> m_store;
    std::function<bool(const QString &, const QString &)> m_confirm;
    QToolButton *m_runFilter = nullptr; // "Only run 42 ✕": shown while a run is chosen
    std::optional<qint64> m_runKey;
    quint64 m_countsToken = 0;
    quint64 m_ackToken = 0;
};

} // namespace mirror::ui
