#pragma once

#include "models/entity_ref.h"
#include "store/observation_store.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QMenu;
class QSplitter;
class QStackedWidget;
class QTreeView;

namespace store {
class StoreReader;
} // namespace store

namespace mirror {
class Settings;
} // namespace mirror

namespace mirror::models {
class EntityDetailModel;
class EntityTreeModel;
} // namespace mirror::models

namespace mirror::ui {

class BrowserFilterBar;
class BrowserStartCard;
class EntityDetailPane;
class MessageWidget;
class ViewCopier;

// The observation browser: a filter bar over one collection, the lazy tree Observation › Plane › Artifact ›
// Part › Chunk with each entity's state and checksums, and the detail pane of the selected entity. The models
// do the windowing and the store does the filtering, so a collection of any size opens at once.
//
// Object names: "browserPage", "browserTree", "browserTitle", "browserCount", "browserSplitter",
// "browserMessage", "browserStack", "browserEmpty".
class BrowserPage : public QWidget {
    Q_OBJECT

public:
    explicit BrowserPage(Settings *settings, QWidget *parent = nullptr);
    ~BrowserPage() override;

    void setReader(store::StoreReader *reader);
    // Browses what `source` holds of `collection` (never another partner's observations of it) with the current
    // filter; `total` is its size.
    void showCollection(const QString &source, const QString &collection, qint64 total);
    void setCollectionTotal(qint64 total);
    QString collection() const { return m_collection; }
    // The partner whose part of the collection is shown ("" for observations imported from files).
    QString source() const { return m_source; }
    void refresh();
    // Selects this observation's row once the list shows it (call after showCollection), at the top of the view, so
    // the detail pane shows its fields. Nothing moves when the filter leaves it out.
    void selectObservation(const QString &observationID);
    // Another process wrote the store: the tree and the detail pane follow it in place, keeping the selection,
    // the expanded rows and the scroll position.
    void followStoreChange();

    BrowserStartCard *startCard() const { return m_start; }
    void showStartCard();
    // Shows the browser again (after the start card was shown for an open that failed) if a collection is chosen.
    void showBrowsing();
    // An error in the message line at the top of the page (opening another store failed, ...).
    void showError(const QString &text);
    BrowserFilterBar *filterBar() const { return m_filter; }
    QTreeView *treeView() const { return m_tree; }
    models::EntityTreeModel *treeModel() const { return m_treeModel; }
    models::EntityDetailModel *detailModel() const { return m_detailModel; }
    EntityDetailPane *detailPane() const { return m_detail; }

    // The tree's column chooser (the header's context menu): one checkable action per column but the name.
    void fillColumnMenu(QMenu &menu);
    // Shows the selected observation's CAOM document in a viewer window.
    void openDocument();
    void saveLayout(Settings &settings) const;
    void restoreLayout(const Settings &settings);

signals:
    // A short line for the status bar ("Copied accMetaChecksum").
    void statusMessage(const QString &text);
    // "Compare with partner" on an observation: its local copy against `source`'s ("" when it was imported).
    void compareRequested(const QString &source, const QString &collection, const QString &observationID);

private:
    void applyFilter();
    void onCurrentChanged(const QModelIndex &current);
    void onTreeDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void onRowLocated(quint64 token, const QString &observationID, qint64 row);
    void onCountLoaded(qint64 count);
    // The header's sort indicator moved: sorts by that column if the store can, else puts the indicator back.
    void onSortIndicatorChanged(int column, Qt::SortOrder order);
    // Remembers the observation the current row belongs to and its height in the view, to select it again
    // where it lands after the list changes (locateFollowed()); "" when nothing is selected.
    QString rememberFollowed();
    void locateFollowed(const QString &observationID);
    void updateTitle();

    Settings *m_settings = nullptr;
    models::EntityTreeModel *m_treeModel = nullptr;
    models::EntityDetailModel *m_detailModel = nullptr;
    MessageWidget *m_message = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_count = nullptr;
    BrowserFilterBar *m_filter = nullptr;
    QStackedWidget *m_stack = nullptr;
    BrowserStartCard *m_start = nullptr;
    QWidget *m_browsing = nullptr;
    QStackedWidget *m_treeStack = nullptr;
    QLabel *m_empty = nullptr;
    QTreeView *m_tree = nullptr;
    ViewCopier *m_treeCopier = nullptr;
    QSplitter *m_splitter = nullptr;
    EntityDetailPane *m_detail = nullptr;
    models::EntityRef m_detailRef; // what the detail pane was asked to show: the current row's entity
    // Following a change of the store: the selected observation is looked up again, so that it stays selected
    // (at the same height in the view) when rows were added or removed before it.
    QPointer<store::StoreReader> m_reader;
    QMetaObject::Connection m_rowConnection;
    quint64 m_rowToken = 0;
    QMetaObject::Connection m_instrumentsConnection; // the instrument filter's choices, read per collection
    quint64 m_instrumentsToken = 0;
    QMetaObject::Connection m_newestConnection; // the newest modification time, where the calendars open
    quint64 m_newestToken = 0;
    int m_followOffset = 0; // the selected observation's row, counted from the top of the view
    QString m_source;
    QString m_collection;
    qint64 m_total = -1;
    qint64 m_matching = -1;
    std::optional<store::ObservationFilter> m_applied;
    store::ObservationOrder m_order; // the header's choice, kept with its layout
};

} // namespace mirror::ui
