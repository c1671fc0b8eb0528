#pragma once

#include "models/compare_outcome.h"

#include <QAbstractItemModel>

#include <memory>

// The copies' entity trees aligned by identity, as one tree: observation > planes by productID > artifacts by
// URI > parts by name > chunks by id. Each row says its state in a glyph, a word and a colour (same, differs,
// only in some copies, differs below, not compared) and whether the copies' checksums part at it.
namespace mirror::models {

class CompareTreeModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { EntityColumn, StateColumn, ChecksumColumn, ColumnCount };
    static constexpr int NodeRole = Qt::UserRole + 60;  // int: index of the node in Comparison::nodes
    static constexpr int StateRole = Qt::UserRole + 61; // int: the node's own caom2::CompareState
    static constexpr int PathRole = Qt::UserRole + 62;  // QString: the node's identity path ("" observation)

    explicit CompareTreeModel(QObject *parent = nullptr);

    void setOutcome(std::shared_ptr<const CompareOutcome> outcome);
    const CompareOutcome *outcome() const { return m_outcome.get(); }
    QModelIndex indexOfNode(std::size_t node, int column = EntityColumn) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    const caom2::ComparisonNode *nodeAt(const QModelIndex &index) const;
    QString checksumText(const caom2::ComparisonNode &node) const;

    std::shared_ptr<const CompareOutcome> m_outcome;
    std::vector<int> m_rowInParent; // per node
};

} // namespace mirror::models
