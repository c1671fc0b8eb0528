#include "models/entity_tree_model.h"

#include "models/model_roles.h"
#include "models/observation_cells.h"
#include "models/state_look.h"

#include <QFont>

#include <limits>

namespace mirror::models {

// One row below the root that the model has looked at closely. A top node (parent == nullptr) is an observation
// and keeps its summary once known (resolved); the others are store rows or a placeholder ("Loading…" or an
// error). A node that may have children holds one "Loading…" placeholder child from the start, so fetchMore()
// only starts a read and every change of structure happens when an answer arrives, never inside a view's (or
// the model tester's) handling of another change.
struct EntityTreeModel::Node {
    enum class Fetch { None, Loading, Loaded, Failed };

    store::TreeNode data;
    store::ObservationSummary summary; // top nodes only
    bool resolved = true;              // false: a top node whose summary has not been read yet
    bool fetchWhenResolved = false;    // expanded before its summary arrived: read its children then
    Node *parent = nullptr;
    int row = 0;
    RowStatus status = RowStatus::Ready;
    QString message; // of an error placeholder
    Fetch fetch = Fetch::None;
    quint64 token = 0; // of the children request in flight
    std::vector<std::unique_ptr<Node>> children;

    const Node *top() const
    {
        const Node *n = this;
        while (n->parent)
            n = n->parent;
        return n;
    }
    bool isPlaceholder() const { return status != RowStatus::Ready; }
    bool hasPlaceholder() const { return children.size() == 1 && children.front()->isPlaceholder(); }
    void addPlaceholder()
    {
        auto placeholder = std::make_unique<Node>();
        placeholder->parent = this;
        placeholder->status = RowStatus::Loading;
        children.push_back(std::move(placeholder));
    }
};

EntityTreeModel::EntityTreeModel(store::StoreReader *reader, QObject *parent)
    : EntityTreeModel(reader, ObservationWindowCache::Options{}, parent)
{}

EntityTreeModel::EntityTreeModel(store::StoreReader *reader, ObservationWindowCache::Options options, QObject *parent)
    : QAbstractItemModel(parent),
      m_top(options)
{
    setReader(reader);
}

EntityTreeModel::~EntityTreeModel() = default;

void EntityTreeModel::setReader(store::StoreReader *reader)
{
    beginResetModel();
    resetTop();
    for (auto &connection : m_connections)
        disconnect(connection);
    m_top.setReader(reader);
    connectReader();
    endResetModel();
}

void EntityTreeModel::connectReader()
{
    store::StoreReader *reader = m_top.reader();
    if (!reader)
        return;
    m_connections[0] = connect(reader, &store::StoreReader::countLoaded, this, &EntityTreeModel::onCountLoaded);
    m_connections[1] = connect(reader, &store::StoreReader::windowLoaded, this, &EntityTreeModel::onWindowLoaded);
    m_connections[2] = connect(reader, &store::StoreReader::childrenLoaded, this, &EntityTreeModel::onChildrenLoaded);
    m_connections[3] = connect(reader, &store::StoreReader::failed, this, &EntityTreeModel::onFailed);
}

// Forgets every fetched subtree and cancels the fetches in flight (their answers become stale).
void EntityTreeModel::resetTop()
{
    if (store::StoreReader *reader = m_top.reader())
        for (const auto &[token, node] : m_fetching)
            reader->cancel(token);
    m_fetching.clear();
    m_topNodes.clear();
}

void EntityTreeModel::setFilter(const store::ObservationFilter &filter)
{
    beginResetModel();
    resetTop();
    m_firstRowsAnnounced = false;
    m_top.setFilter(filter);
    endResetModel();
}

void EntityTreeModel::setObservations(store::SummaryRows rows)
{
    beginResetModel();
    resetTop();
    m_top.setRows(std::move(rows));
    m_firstRowsAnnounced = true;
    endResetModel();
    emit countLoaded(m_top.rowCount());
    emit firstRowsLoaded();
}

void EntityTreeModel::refresh()
{
    if (m_top.isFixed()) {
        // The rows stay; their subtrees are read again on the next expand.
        beginResetModel();
        resetTop();
        endResetModel();
        return;
    }
    if (!m_top.filter().collection.isEmpty())
        setFilter(store::ObservationFilter(m_top.filter()));
}

void EntityTreeModel::refreshInPlace()
{
    m_top.reload();
}

void EntityTreeModel::refetchChildren(Node *node)
{
    if (!m_top.reader() || node->fetch == Node::Fetch::None || node->fetch == Node::Fetch::Loading)
        return; // never read (it will be on expand), or a read is on its way
    node->fetch = Node::Fetch::Loading;
    node->token = m_top.reader()->newToken();
    m_fetching.emplace(node->token, node);
    m_top.reader()->requestChildren(node->token, node->data.kind, node->data.key, node->data.obsKey);
}

void EntityTreeModel::clear()
{
    beginResetModel();
    resetTop();
    m_top.clear();
    endResetModel();
}

EntityTreeModel::Node *EntityTreeModel::topNode(int row) const
{
    auto it = m_topNodes.find(row);
    return it == m_topNodes.end() ? nullptr : it->second.get();
}

// A top node takes its observation's summary: kept whole, and the fields the tree shows copied into its data.
void EntityTreeModel::adoptSummary(Node &node, const store::ObservationSummary &summary)
{
    node.summary = summary;
    node.data.key = summary.key;
    node.data.obsKey = summary.key;
    node.data.label = summary.observationID;
    node.data.id = summary.id;
    node.data.metaChecksum = summary.metaChecksum;
    node.data.accMetaChecksum = summary.accMetaChecksum;
}

EntityTreeModel::Node *EntityTreeModel::ensureTopNode(int row) const
{
    Node *node = topNode(row);
    if (!node) {
        if (row < 0 || row >= rowCount())
            return nullptr;
        auto created = std::make_unique<Node>();
        created->row = row;
        created->resolved = false;
        created->data.kind = store::NodeKind::Observation;
        created->data.childCount = -1; // unknown until fetched
        created->addPlaceholder();     // an observation may have planes
        node = created.get();
        m_topNodes.emplace(row, std::move(created));
    }
    if (!node->resolved) {
        if (const store::ObservationSummary *summary = m_top.peek(row)) { // no read: data() asks for those
            adoptSummary(*node, *summary);
            node->resolved = true;
        }
    }
    return node;
}

EntityTreeModel::Node *EntityTreeModel::nodeFor(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    if (!index.internalPointer())
        return topNode(index.row());
    return static_cast<Node *>(index.internalPointer());
}

QModelIndex EntityTreeModel::indexOf(Node *node, int column) const
{
    if (!node)
        return {};
    return createIndex(node->row, column, node->parent ? node : nullptr);
}

QModelIndex EntityTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < rowCount() ? createIndex(row, column, nullptr) : QModelIndex();
    if (parent.column() != 0)
        return {};
    Node *parentNode = parent.internalPointer() ? nodeFor(parent) : ensureTopNode(parent.row());
    if (!parentNode || row >= static_cast<int>(parentNode->children.size()))
        return {};
    return createIndex(row, column, parentNode->children[static_cast<std::size_t>(row)].get());
}

QModelIndex EntityTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || !child.internalPointer())
        return {};
    const auto *node = static_cast<Node *>(child.internalPointer());
    return indexOf(node->parent);
}

int EntityTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return static_cast<int>(std::min<qint64>(m_top.rowCount(), std::numeric_limits<int>::max()));
    if (parent.column() != 0)
        return 0;
    const Node *node = parent.internalPointer() ? nodeFor(parent) : ensureTopNode(parent.row());
    return node ? static_cast<int>(node->children.size()) : 0;
}

int EntityTreeModel::columnCount(const QModelIndex &parent) const
{
    Q_UNUSED(parent)
    return ColumnCount;
}

bool EntityTreeModel::hasChildren(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return rowCount() > 0;
    if (parent.column() != 0)
        return false;
    if (const Node *node = nodeFor(parent))
        return !node->children.empty();
    return !parent.internalPointer(); // a top row not looked at yet: it will have its "Loading…" row
}

bool EntityTreeModel::canFetchMore(const QModelIndex &parent) const
{
    if (!parent.isValid() || parent.column() != 0)
        return false;
    const Node *node = nodeFor(parent);
    // A top row whose window has not arrived can be expanded too (it shows "Loading…"): its children are read
    // once its summary is known, or the view, which asks only once, would show "Loading…" for ever.
    if (!node)
        return !parent.internalPointer();
    if (!node->resolved && !parent.internalPointer())
        return !node->fetchWhenResolved;
    return node->fetch == Node::Fetch::None && node->hasPlaceholder();
}

void EntityTreeModel::fetchMore(const QModelIndex &parent)
{
    if (!parent.isValid() || parent.column() != 0 || !m_top.reader())
        return;
    Node *node = parent.internalPointer() ? nodeFor(parent) : ensureTopNode(parent.row());
    if (node && !node->resolved) {
        node->fetchWhenResolved = true; // onWindowLoaded() reads them
        return;
    }
    if (!node || node->isPlaceholder() || !node->hasPlaceholder())
        return;
    if (node->fetch == Node::Fetch::Loading || node->fetch == Node::Fetch::Loaded)
        return;
    if (node->fetch == Node::Fetch::Failed) {
        // The error row becomes the "Loading…" row again.
        Node *placeholder = node->children.front().get();
        placeholder->status = RowStatus::Loading;
        placeholder->message.clear();
        const QModelIndex parentIndex = indexOf(node);
        emit dataChanged(index(0, 0, parentIndex), index(0, ColumnCount - 1, parentIndex));
    }
    node->fetch = Node::Fetch::Loading;
    node->token = m_top.reader()->newToken();
    m_fetching.emplace(node->token, node);
    m_top.reader()->requestChildren(node->token, node->data.kind, node->data.key, node->data.obsKey);
}

void EntityTreeModel::retry(const QModelIndex &index)
{
    const Node *node = nodeFor(index.siblingAtColumn(0));
    if (node && node->fetch == Node::Fetch::Failed)
        fetchMore(index.siblingAtColumn(0));
}

bool EntityTreeModel::isLoading(const QModelIndex &index) const
{
    const Node *node = nodeFor(index.siblingAtColumn(0));
    return node && node->fetch == Node::Fetch::Loading;
}

EntityRef EntityTreeModel::entityRef(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    const Node *node = nodeFor(index);
    const store::ObservationSummary *summary = nullptr;
    if (!node)
        summary = index.internalPointer() ? nullptr : m_top.peek(index.row());
    else if (node->isPlaceholder() || !node->top()->resolved)
        return {};
    else
        summary = &node->top()->summary;
    if (!summary)
        return {};
    EntityRef ref{summary->collection, summary->observationID, {}};
    for (const Node *n = node; n && n->parent; n = n->parent)
        ref.path.prepend(n->data.label);
    return ref;
}

const store::TreeNode *EntityTreeModel::node(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    const Node *n = index.internalPointer() ? nodeFor(index) : ensureTopNode(index.row());
    return n && n->resolved && !n->isPlaceholder() ? &n->data : nullptr;
}

QVariant EntityTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *node = nodeFor(index);
    const bool topRow = !index.internalPointer();
    if (topRow) {
        if (node && !node->resolved && m_top.rowAt(index.row()))
            node = ensureTopNode(index.row()); // resolves it now that its window is in memory
        const store::ObservationSummary *summary =
            node && node->resolved ? &node->summary : (node ? nullptr : m_top.rowAt(index.row()));
        if (!summary) {
            const QString error = m_top.rowError(index.row());
            return placeholderData(error.isEmpty() ? RowStatus::Loading : RowStatus::Error, error,
                                   index.column() == NameColumn, role);
        }
        switch (index.column()) {
        case NameColumn: return observationCell(*summary, ObservationCell::ObservationId, role);
        case StateColumn: return observationCell(*summary, ObservationCell::State, role);
        case MetaChecksumColumn: return observationCell(*summary, ObservationCell::MetaChecksum, role);
        case AccChecksumColumn: return observationCell(*summary, ObservationCell::AccMetaChecksum, role);
        case InstrumentColumn: return observationCell(*summary, ObservationCell::Instrument, role);
        case ModifiedColumn: return observationCell(*summary, ObservationCell::MaxLastModified, role);
        default: break;
        }
        if (role != Qt::DisplayRole && role != ModelRole::CopyText)
            return observationCell(*summary, ObservationCell::Instrument, role); // the roles every cell carries
        if (index.column() == KindColumn)
            return nodeKindName(store::NodeKind::Observation);
        // The instrument and the modification time have their own columns.
        QStringList parts;
        if (!summary->type.isEmpty())
            parts << summary->type;
        if (!summary->intent.isEmpty())
            parts << summary->intent;
        return parts.join(QStringLiteral(" \u00b7 "));
    }

    if (!node)
        return {};
    if (node->isPlaceholder())
        return placeholderData(node->status, node->message, index.column() == NameColumn, role);
    const store::ObservationSummary &observation = node->top()->summary;
    switch (role) {
    case ModelRole::Collection: return observation.collection;
    case ModelRole::ObservationId: return observation.observationID;
    case ModelRole::State: return observation.state;
    case ModelRole::Source: return observation.source;
    case ModelRole::RowStatus: return static_cast<int>(RowStatus::Ready);
    case ModelRole::NodeKind: return static_cast<int>(node->data.kind);
    case ModelRole::EntityPath: return entityRef(index).path;
    default: break;
    }
    const bool text = role == Qt::DisplayRole || role == ModelRole::CopyText;
    switch (index.column()) {
    case NameColumn:
        if (text)
            return node->data.label;
        if (role == Qt::ToolTipRole)
            return node->data.id.isEmpty() ? QVariant() : QVariant(tr("id %1").arg(node->data.id));
        return {};
    case KindColumn: return text ? QVariant(nodeKindName(node->data.kind)) : QVariant();
    case StateColumn: return observationCell(observation, ObservationCell::State, role);
    case MetaChecksumColumn: return text ? QVariant(node->data.metaChecksum) : QVariant();
    case AccChecksumColumn: return text ? QVariant(node->data.accMetaChecksum) : QVariant();
    case DetailColumn: return text ? QVariant(node->data.detail) : QVariant();
    default: return {};
    }
}

QVariant EntityTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && sortKey(section))
        return tr("Click to sort the observations by %1; click again to reverse the order.")
            .arg(headerData(section, orientation).toString().toLower());
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("Name");
    case KindColumn: return tr("Kind");
    case StateColumn: return tr("State");
    case MetaChecksumColumn: return tr("metaChecksum");
    case AccChecksumColumn: return tr("accMetaChecksum");
    case DetailColumn: return tr("Detail");
    case InstrumentColumn: return tr("Instrument");
    case ModifiedColumn: return tr("Modified (UTC)");
    default: return {};
    }
}

std::optional<store::ObservationSortKey> EntityTreeModel::sortKey(int column)
{
    switch (column) {
    case NameColumn: return store::ObservationSortKey::ObservationId;
    case InstrumentColumn: return store::ObservationSortKey::Instrument;
    case ModifiedColumn: return store::ObservationSortKey::Modified;
    default: return std::nullopt;
    }
}

int EntityTreeModel::sortColumn(store::ObservationSortKey key)
{
    switch (key) {
    case store::ObservationSortKey::Instrument: return InstrumentColumn;
    case store::ObservationSortKey::Modified: return ModifiedColumn;
    case store::ObservationSortKey::ObservationId: break;
    }
    return NameColumn;
}

void EntityTreeModel::sort(int column, Qt::SortOrder order)
{
    const auto key = sortKey(column);
    if (!key || m_top.isFixed() || m_top.filter().collection.isEmpty())
        return;
    store::ObservationFilter filter = m_top.filter();
    const store::ObservationOrder wanted{*key, order == Qt::DescendingOrder};
    if (filter.order == wanted)
        return;
    filter.order = wanted;
    setFilter(filter);
}

Qt::ItemFlags EntityTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Node *node = nodeFor(index);
    if (node && node->isPlaceholder())
        return Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

void EntityTreeModel::resizeTop(qint64 count, bool exact)
{
    const int rows = static_cast<int>(std::min<qint64>(count, std::numeric_limits<int>::max()));
    // 0 for a new filter; the first window's rows when they came before the count; the rows shown so far after
    // refreshInPlace().
    const int before = rowCount();
    if (rows > before) {
        beginInsertRows({}, before, rows - 1);
        m_top.applyCount(count, exact);
        endInsertRows();
    } else if (rows < before) {
        beginRemoveRows({}, rows, before - 1);
        for (auto it = m_topNodes.begin(); it != m_topNodes.end();) {
            if (it->first >= rows) {
                for (auto f = m_fetching.begin(); f != m_fetching.end();)
                    f = f->second->top() == it->second.get() ? m_fetching.erase(f) : std::next(f);
                it = m_topNodes.erase(it);
            } else {
                ++it;
            }
        }
        m_top.applyCount(count, exact);
        endRemoveRows();
    } else {
        m_top.applyCount(count, exact);
    }
}

void EntityTreeModel::announceFirstRows()
{
    if (m_firstRowsAnnounced)
        return;
    if ((rowCount() > 0 && m_top.peek(0)) || (m_top.countKnown() && rowCount() == 0)) {
        m_firstRowsAnnounced = true;
        emit firstRowsLoaded();
    }
}

void EntityTreeModel::onCountLoaded(quint64 token, qint64 count)
{
    auto accepted = m_top.acceptCount(token, count);
    if (!accepted)
        return;
    resizeTop(*accepted, true);
    emit countLoaded(*accepted);
    announceFirstRows();
}

void EntityTreeModel::onWindowLoaded(quint64 token, qint64 firstRow, const store::SummaryRows &rows)
{
    auto answer = m_top.acceptWindow(token, firstRow, rows);
    if (!answer)
        return;
    if (answer->show) {
        // The first rows, before the count (or instead of it): no top node exists yet, nothing to bring up to date.
        resizeTop(*answer->show, answer->exact);
        if (answer->exact)
            emit countLoaded(*answer->show);
        announceFirstRows();
        return;
    }
    const auto *range = &answer->readable;
    // Top rows looked at closely keep a copy of their summary: bring it up to date (a refreshInPlace()).
    std::vector<Node *> expandedEarly;
    for (qint64 row = range->first; row <= range->last; ++row) {
        Node *node = topNode(static_cast<int>(row));
        const store::ObservationSummary *now = m_top.peek(row);
        if (node && !node->resolved && node->fetchWhenResolved && now) {
            ensureTopNode(static_cast<int>(row)); // resolves it from the window that just arrived
            node->fetchWhenResolved = false;
            expandedEarly.push_back(node);
            continue;
        }
        if (!node || !node->resolved || !now)
            continue;
        const bool moved = now->key != node->summary.key;
        const bool rewritten = now->accMetaChecksum != node->summary.accMetaChecksum;
        adoptSummary(*node, *now);
        if (moved || rewritten)
            refetchChildren(node);
    }
    if (range->last >= range->first)
        emit dataChanged(index(static_cast<int>(range->first), 0),
                         index(static_cast<int>(range->last), ColumnCount - 1));
    for (Node *node : expandedEarly)
        fetchMore(indexOf(node));
    announceFirstRows();
}

void EntityTreeModel::onChildrenLoaded(quint64 token, const store::TreeNodes &nodes)
{
    auto it = m_fetching.find(token);
    if (it == m_fetching.end())
        return;
    Node *node = it->second;
    m_fetching.erase(it);
    const QModelIndex parentIndex = indexOf(node);
    if (!node->children.empty()) {
        beginRemoveRows(parentIndex, 0, static_cast<int>(node->children.size()) - 1);
        node->children.clear();
        endRemoveRows();
    }
    node->fetch = Node::Fetch::Loaded;
    node->token = 0;
    if (node->data.kind == store::NodeKind::Observation)
        node->data.childCount = static_cast<int>(nodes.size());
    if (!nodes.empty()) {
        beginInsertRows(parentIndex, 0, static_cast<int>(nodes.size()) - 1);
        node->children.reserve(nodes.size());
        for (const store::TreeNode &child : nodes) {
            auto n = std::make_unique<Node>();
            n->data = child;
            n->parent = node;
            n->row = static_cast<int>(node->children.size());
            if (child.childCount > 0)
                n->addPlaceholder();
            node->children.push_back(std::move(n));
        }
        endInsertRows();
    }
    emit childrenLoaded(parentIndex);
}

void EntityTreeModel::onFailed(quint64 token, const QString &message)
{
    if (auto it = m_fetching.find(token); it != m_fetching.end()) {
        Node *node = it->second;
        m_fetching.erase(it);
        node->fetch = Node::Fetch::Failed;
        node->token = 0;
        const QModelIndex parentIndex = indexOf(node);
        if (!node->children.empty()) {
            Node *placeholder = node->children.front().get();
            placeholder->status = RowStatus::Error;
            placeholder->message = message;
            emit dataChanged(index(0, 0, parentIndex), index(0, ColumnCount - 1, parentIndex));
        }
        emit loadFailed(parentIndex, message);
        return;
    }
    auto range = m_top.acceptFailure(token, message);
    if (!range)
        return;
    if (range->last >= range->first)
        emit dataChanged(index(static_cast<int>(range->first), 0),
                         index(static_cast<int>(range->last), ColumnCount - 1));
    emit loadFailed({}, message);
}

} // namespace mirror::models
