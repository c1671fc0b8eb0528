#pragma once

#include "models/compare_outcome.h"
#include "models/compare_stops.h"

#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTableView;
class QTabWidget;
class QToolButton;
class QTreeView;

namespace mirror {
class Settings;
} // namespace mirror

namespace mirror::models {
class CompareChecksumModel;
class CompareFieldModel;
class CompareTreeModel;
} // namespace mirror::models

namespace store {
class Store;
} // namespace store

namespace mirror::ui {

class CompareDocumentView;
class CompareLoader;
class LocalCopyFinder;
class MessageWidget;

// The Compare tab: one observation's copies side by side, the way Meld or KDiff3 show two files. The local
// store's copy against a partner's current one fetched live, two partners, or three copies. On the left the
// entity trees aligned by identity with each entity's state (glyph, word and colour) rolled up; on the right the
// selected entity's fields with one column per copy, every level's checksums as recomputed and declared with the
// level where the copies part marked, and the documents themselves line against line. Next and previous
// difference (Alt+Down / Alt+Up, F7 / Shift+F7, Ctrl+Down / Ctrl+Up) walk every differing field of the whole tree.
// Actions: re-harvest the observation from a partner, acknowledge the discrepancy it came from, open it in the
// browser, copy a plain-text summary for the partner.
//
// Object names: "compareCollection", "compareObservation", "compareCopyA", "compareCopyB", "compareCopyC",
// "compareButton", "cancelCompare", "compareMessage", "compareHeadline", "compareTree", "compareFields",
// "compareChecksums", "compareOnlyDifferences", "compareDocuments", "comparePosition", "previousDifference",
// "nextDifference", "reharvestButton", "acknowledgeCompare", "openInBrowser", "copyCompareSummary".
class ComparePage : public QWidget {
    Q_OBJECT

public:
    // settings: not owned; outlives the page (partners are read from it at each comparison).
    explicit ComparePage(Settings *settings, QWidget *parent = nullptr);
    ~ComparePage() override;

    void setStore(std::shared_ptr<store::Store> store);
    // The partners offered in the copy choosers changed.
    void reloadSources();

    // Compares the observation between these copies ("local" or partner names, two or three) and shows the
    // result when it arrives. `discrepancyKey`: the finding this comparison was opened from (acknowledge).
    void compare(const QString &collection, const QString &observationID, const QStringList &copies,
                 std::optional<qint64> discrepancyKey = {});
    // Shows a comparison made elsewhere (tests).
    void showOutcome(std::shared_ptr<const models::CompareOutcome> outcome);
    const models::CompareOutcome *outcome() const { return m_outcome.get(); }
    bool loading() const;
    // Stops the comparison being read (the partners' fetches stop where they are) and says so.
    void cancelComparison();

    void nextDifference();
    void previousDifference();
    int stopCount() const { return static_cast<int>(m_stops.size()); }
    int currentStop() const { return m_stop; } // -1 before the first
    // The identity path of the difference the view stands on: a field ("planes[productID=x].provenance.version")
    // or an entity only some copies hold. "" when none.
    QString currentPath() const;
    QString summaryText() const; // what "Copy summary" copies

    // Replaces the question asked before the local copy is replaced by a partner's (tests): true to go ahead.
    void setConfirmation(std::function<bool(const QString &title, const QString &text)> ask)
    {
        m_confirm = std::move(ask);
    }
    // Re-harvests the observation from this partner now (what the button's menu does, after confirming).
    void reharvestFrom(const QString &partner);

    QTreeView *tree() const { return m_tree; }
    QTableView *fieldTable() const { return m_fields; }
    QTableView *checksumTable() const { return m_checksums; }
    models::CompareTreeModel *treeModel() const { return m_treeModel; }
    models::CompareFieldModel *fieldModel() const { return m_fieldModel; }

signals:
    void statusMessage(const QString &text);
    // A comparison arrived and is shown.
    void comparisonShown();
    void browseRequested(const QString &source, const QString &collection, const QString &observationID);
    void acknowledgeRequested(qint64 discrepancyKey, const QString &note);
    // The local copy was replaced (or found current): views of the store and discrepancies may have changed.
    void observationRefetched(const QString &source, const QString &collection, const QString &observationID);

private:
    struct Relay;
    QWidget *buildRequestBar();
    QWidget *buildActionBar();
    QWidget *buildBody();
    void fillCopyChoosers();
    void startFromBar();
    void onFinished(const std::shared_ptr<const models::CompareOutcome> &outcome);
    void onCurrentNodeChanged(const QModelIndex &current);
    void goToStop(int stop);
    void updateActions();
    void updatePosition();
    void askAcknowledge();
    void copySummary();
    void onRefetched(quint64 token, bool ok, const QString &message, const QString &partner);

    Settings *m_settings = nullptr;
    std::shared_ptr<store::Store> m_store;
    CompareLoader *m_loader = nullptr;
    LocalCopyFinder *m_finder = nullptr; // where the local copy is filed, for "Open in browser"
    std::shared_ptr<const models::CompareOutcome> m_outcome;
    std::vector<models::DifferenceStop> m_stops;
    int m_stop = -1;
    std::optional<qint64> m_discrepancyKey;
    std::function<bool(const QString &, const QString &)> m_confirm;
    std::shared_ptr<Relay> m_relay;
    quint64 m_refetchToken = 0;

    QLineEdit *m_collection = nullptr;
    QLineEdit *m_observation = nullptr;
    QComboBox *m_copyA = nullptr;
    QComboBox *m_copyB = nullptr;
    QComboBox *m_copyC = nullptr;
    QPushButton *m_compare = nullptr;
    QPushButton *m_cancel = nullptr; // shown while the copies are read
    MessageWidget *m_message = nullptr;
    QLabel *m_headline = nullptr;
    QLabel *m_position = nullptr;
    QToolButton *m_previous = nullptr;
    QToolButton *m_next = nullptr;
    QToolButton *m_reharvest = nullptr;
    QPushButton *m_acknowledge = nullptr;
    QPushButton *m_browse = nullptr;
    QPushButton *m_copy = nullptr;
    QSplitter *m_splitter = nullptr;
    QTreeView *m_tree = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_fields = nullptr;
    QTableView *m_checksums = nullptr;
    QCheckBox *m_onlyDifferences = nullptr;
    QLabel *m_diagnosis = nullptr;
    CompareDocumentView *m_documents = nullptr;
    models::CompareTreeModel *m_treeModel = nullptr;
    models::CompareFieldModel *m_fieldModel = nullptr;
    models::CompareChecksumModel *m_checksumModel = nullptr;
};

} // namespace mirror::ui
