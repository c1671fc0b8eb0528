#include "models/compare_tree_model.h"

#include "models/compare_look.h"

namespace mirror::models {

CompareTreeModel::CompareTreeModel(QObject *parent) : QAbstractItemModel(parent) {}

void CompareTreeModel::setOutcome(std::shared_ptr<const CompareOutcome> outcome)
{
    beginResetModel();
    m_outcome = std::move(outcome);
    m_rowInParent.clear();
    if (m_outcome) {
        const auto &nodes = m_outcome->comparison.nodes;
        m_rowInParent.assign(nodes.size(), 0);
        for (const caom2::ComparisonNode &node : nodes)
            for (std::size_t r = 0; r < node.children.size(); ++r)
                m_rowInParent[node.children[r]] = static_cast<int>(r);
    }
    endResetModel();
}

const caom2::ComparisonNode *CompareTreeModel::nodeAt(const QModelIndex &index) const
{
    if (!m_outcome || !index.isValid() || index.internalId() >= m_outcome->comparison.nodes.size())
        return nullptr;
    return &m_outcome->comparison.nodes[index.internalId()];
}

QModelIndex CompareTreeModel::indexOfNode(std::size_t node, int column) const
{
    if (!m_outcome || node >= m_outcome->comparison.nodes.size())
        return {};
    return createIndex(m_rowInParent[node], column, static_cast<quintptr>(node));
}

QModelIndex CompareTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return indexOfNode(0, column);
    const caom2::ComparisonNode *node = nodeAt(parent);
    return node ? indexOfNode(node->children[static_cast<std::size_t>(row)], column) : QModelIndex();
}

QModelIndex CompareTreeModel::parent(const QModelIndex &child) const
{
    const caom2::ComparisonNode *node = nodeAt(child);
    if (!node || node->parent < 0)
        return {};
    return indexOfNode(static_cast<std::size_t>(node->parent));
}

int CompareTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!m_outcome)
        return 0;
    if (!parent.isValid())
        return m_outcome->comparison.nodes.empty() ? 0 : 1;
    if (parent.column() != 0)
        return 0;
    const caom2::ComparisonNode *node = nodeAt(parent);
    return node ? static_cast<int>(node->children.size()) : 0;
}

int CompareTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString CompareTreeModel::checksumText(const caom2::ComparisonNode &node) const
{
    if (node.partsHere)
        return tr("\u25C6 part here");
    if (node.own == caom2::CompareState::Missing)
        return tr("\u2014");
    if (node.metaParts || node.accParts)
        return tr("\u2260 from below");
    return tr("= same");
}

QVariant CompareTreeModel::data(const QModelIndex &index, int role) const
{
    const caom2::ComparisonNode *node = nodeAt(index);
    if (!node)
        return {};
    const CompareLook look = compareLook(*node, m_outcome->copyNames());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case EntityColumn:
            return QStringLiteral("%1  %2").arg(kindWord(node->kind), QString::fromStdString(node->label));
        case StateColumn: return look.text();
        case ChecksumColumn: return checksumText(*node);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == ChecksumColumn)
            return node->partsHere ? tr("The copies' checksums part here: this entity's own fields, or which children "
                                        "it holds, differ")
                : node->accParts   ? tr("accMetaChecksum differs because something below differs")
                                   : tr("Recomputed metaChecksum and accMetaChecksum of every copy, compared");
        if (index.column() == EntityColumn && !node->path.empty())
            return QString::fromStdString(node->path);
        return look.tooltip;
    case Qt::ForegroundRole:
        if (index.column() == StateColumn || (index.column() == ChecksumColumn && node->partsHere)
            || (index.column() == EntityColumn && node->own != caom2::CompareState::Equal))
            return look.colour;
        break;
    case NodeRole: return static_cast<int>(index.internalId());
    case StateRole: return static_cast<int>(node->own);
    case PathRole: return QString::fromStdString(node->path);
    default: break;
    }
    return {};
}

QVariant CompareTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case EntityColumn: return tr("Entity");
    case StateColumn: return tr("State");
    case ChecksumColumn: return tr("Checksums");
    }
    return {};
}

} // namespace mirror::models
