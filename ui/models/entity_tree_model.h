#pragma once

#include "models/entity_ref.h"
#include "models/observation_window_cache.h"
#include "store/store_reader.h"

#include <QAbstractItemModel>

#include <memory>
#include <optional>
#include <unordered_map>

// The lazy tree Observation > Plane > Artifact > Part > Chunk over the store, for the observation browser.
//
// Top level: the observations of a filtered collection, windowed exactly like ObservationTableModel (so a
// collection of a million observations opens at once and memory stays bounded; the first window shows before a
// slow count and the rest of the rows are added when it arrives), or a fixed set of
// observations given by the caller. Below that, children are read through the StoreReader off the GUI thread
// when the view calls fetchMore() (QTreeView does on expand). Every row that may have children (an observation,
// or a node whose stored child count is not 0) has one "Loading…" child row (ModelRole::RowStatus = Loading)
// until its children arrive, so expanding shows it at once and every change of structure (the placeholder
// replaced by the children) happens when an answer arrives, never inside a view's handling of another change.
// If the read fails the placeholder becomes an error row whose text is the message (RowStatus = Error); retry()
// (or an explicit fetchMore()) reads again, while canFetchMore() stays false for it so views do not retry in a
// loop. Fetched subtrees stay until the next setFilter/setObservations/refresh (a person expands few rows).
//
// Columns: name (observationID, productID, artifact URI, part name, chunk id), kind, state, metaChecksum,
// accMetaChecksum, detail. The state is the observation's (the store keeps one state per observation: its
// entities were verified together), shown on every row below it with glyph, word and colour.
// Every row carries ModelRole::Collection, ObservationId, NodeKind, EntityPath (see entityRef()).
namespace mirror::models {

class EntityTreeModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        KindColumn,
        StateColumn,
        MetaChecksumColumn,
        AccChecksumColumn,
        DetailColumn,
        InstrumentColumn, // observations only
        ModifiedColumn,   // observations only: maxLastModified, UTC
        ColumnCount
    };

    // The store order a column sorts by; nullopt for the columns the store cannot sort by an index.
    static std::optional<store::ObservationSortKey> sortKey(int column);
    static int sortColumn(store::ObservationSortKey key);

    // reader: not owned; must outlive the model or be replaced with setReader() first.
    explicit EntityTreeModel(store::StoreReader *reader, QObject *parent = nullptr);
    EntityTreeModel(store::StoreReader *reader, ObservationWindowCache::Options options, QObject *parent = nullptr);
    ~EntityTreeModel() override;

    void setReader(store::StoreReader *reader); // resets to empty
    // Top level = the observations matching `filter` (filter.collection is required), windowed; resets.
    void setFilter(const store::ObservationFilter &filter);
    // Top level = exactly these observations; resets.
    void setObservations(store::SummaryRows rows);
    // Re-reads the current filter from the store; expanded subtrees are read again when expanded.
    void refresh();
    // Follows a change of the store without a reset, so views keep their selection, expansion and scroll
    // position: the count and the windows in memory are read again; rows are added or removed at the end when the
    // count changed, changed rows send dataChanged, and an expanded observation whose row changed has its
    // children read again. Fixed rows (setObservations) stay as they are.
    void refreshInPlace();
    void clear();

    const store::ObservationFilter &filter() const { return m_top.filter(); }
    // Which entity a row shows (invalid EntityRef for "Loading…"/error rows and unloaded top rows).
    EntityRef entityRef(const QModelIndex &index) const;
    // The row's store node (kind, keys, label, checksums, childCount, detail), nullptr for placeholder rows and
    // top rows not in memory.
    const store::TreeNode *node(const QModelIndex &index) const;
    bool isLoading(const QModelIndex &index) const; // a fetch below this row is in flight
    // Reads the children of a row whose fetch failed again (the error row becomes "Loading…").
    void retry(const QModelIndex &index);
    int windowsInMemory() const { return m_top.windowsInMemory(); }
    // Whether the top level's rowCount() is the exact number of matches (else: the first rows, shown while the
    // count runs), and whether that count's read failed.
    bool countKnown() const { return m_top.countKnown(); }
    bool countFailed() const { return m_top.countFailed(); }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // Orders the observations by name, instrument or modification time, as the store reads them (a new filter
    // order: resets). Other columns, and fixed rows, keep their order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

signals:
    // The exact number of top rows is known (the count arrived, or a first window that was not full told it).
    void countLoaded(qint64 count);
    // The first top rows are readable, maybe before the count.
    void firstRowsLoaded();
    // Children of `parent` arrived (rows inserted) or failed (an error row is shown).
    void childrenLoaded(const QModelIndex &parent);
    void loadFailed(const QModelIndex &parent, const QString &message);

private:
    struct Node;

    Node *nodeFor(const QModelIndex &index) const;
    Node *topNode(int row) const; // the node of a top row, nullptr if never created
    static void adoptSummary(Node &node, const store::ObservationSummary &summary);
    Node *ensureTopNode(int row) const; // creates it from the row's summary (nullptr if not in memory)
    QModelIndex indexOf(Node *node, int column = 0) const;
    void resetTop();
    void onCountLoaded(quint64 token, qint64 count);
    void onWindowLoaded(quint64 token, qint64 firstRow, const store::SummaryRows &rows);
    void onChildrenLoaded(quint64 token, const store::TreeNodes &nodes);
    void onFailed(quint64 token, const QString &message);
    void connectReader();
    void refetchChildren(Node *node);
    // Inserts or removes top rows at the end so that `count` are shown (forgetting removed rows' subtrees); exact:
    // that is the count.
    void resizeTop(qint64 count, bool exact);
    void announceFirstRows();

    mutable ObservationWindowCache m_top;
    // Top rows that were looked at closely (fetched, or asked for node()), by row. They keep their summary when
    // the row's window leaves the cache, so expanded rows never lose their identity.
    mutable std::unordered_map<int, std::unique_ptr<Node>> m_topNodes;
    std::unordered_map<quint64, Node *> m_fetching; // pending children requests by token
    QMetaObject::Connection m_connections[4];
    bool m_firstRowsAnnounced = false;
};

} // namespace mirror::models
