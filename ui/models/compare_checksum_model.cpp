#include "models/compare_checksum_model.h"

#include "models/compare_look.h"

#include <algorithm>

namespace mirror::models {

CompareChecksumModel::CompareChecksumModel(QObject *parent) : QAbstractTableModel(parent) {}

void CompareChecksumModel::setOutcome(std::shared_ptr<const CompareOutcome> outcome)
{
    m_outcome = std::move(outcome);
    m_node.reset();
    rebuild();
}

void CompareChecksumModel::setNode(std::optional<std::size_t> node)
{
    m_node = node;
    rebuild();
}

void CompareChecksumModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    if (m_outcome && m_node && *m_node < m_outcome->comparison.nodes.size()) {
        std::vector<std::size_t> chain;
        for (int n = static_cast<int>(*m_node); n >= 0;
             n = m_outcome->comparison.nodes[static_cast<std::size_t>(n)].parent)
            chain.push_back(static_cast<std::size_t>(n));
        std::reverse(chain.begin(), chain.end());
        for (const std::size_t node : chain)
            for (const Kind kind : {Kind::MetaRecomputed, Kind::MetaDeclared, Kind::AccRecomputed, Kind::AccDeclared})
                m_rows.push_back({node, kind});
    }
    endResetModel();
}

std::optional<QString> CompareChecksumModel::value(const Row &row, std::size_t copy) const
{
    const caom2::CopyChecksums &sums = m_outcome->comparison.nodes[row.node].copies[copy];
    if (!sums.present)
        return std::nullopt;
    switch (row.kind) {
    case Kind::MetaRecomputed: return QString::fromStdString(sums.metaChecksum);
    case Kind::AccRecomputed: return QString::fromStdString(sums.accMetaChecksum);
    case Kind::MetaDeclared:
        return sums.declaredMetaChecksum ? std::optional(QString::fromStdString(*sums.declaredMetaChecksum))
                                         : std::nullopt;
    case Kind::AccDeclared:
        return sums.declaredAccMetaChecksum ? std::optional(QString::fromStdString(*sums.declaredAccMetaChecksum))
                                            : std::nullopt;
    }
    return std::nullopt;
}

bool CompareChecksumModel::selfMismatch(const Row &row, std::size_t copy) const
{
    const caom2::CopyChecksums &sums = m_outcome->comparison.nodes[row.node].copies[copy];
    if (!sums.present)
        return false;
    if (row.kind == Kind::MetaDeclared)
        return sums.declaredMetaChecksum && *sums.declaredMetaChecksum != sums.metaChecksum;
    if (row.kind == Kind::AccDeclared)
        return sums.declaredAccMetaChecksum && *sums.declaredAccMetaChecksum != sums.accMetaChecksum;
    return false;
}

bool CompareChecksumModel::differs(const Row &row) const
{
    std::optional<QString> first;
    bool seen = false;
    for (std::size_t c = 0; c < m_outcome->copies.size(); ++c) {
        if (!m_outcome->copies[c].available)
            continue;
        const std::optional<QString> v = value(row, c);
        if (!seen) {
            first = v;
            seen = true;
        } else if (v != first) {
            return true;
        }
    }
    return false;
}

int CompareChecksumModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CompareChecksumModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_outcome ? 0 : FirstCopyColumn + static_cast<int>(m_outcome->copies.size());
}

QVariant CompareChecksumModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[static_cast<std::size_t>(index.row())];
    const caom2::ComparisonNode &node = m_outcome->comparison.nodes[row.node];
    const bool firstOfLevel = row.kind == Kind::MetaRecomputed;
    const std::size_t copy = static_cast<std::size_t>(index.column() - FirstCopyColumn);
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == LevelColumn) {
            if (!firstOfLevel)
                return QString();
            const QString level = node.path.empty()
                ? kindWord(node.kind)
                : QStringLiteral("%1 %2").arg(kindWord(node.kind), QString::fromStdString(node.label));
            return node.partsHere ? QStringLiteral("\u25C6 ") + level : level;
        }
        if (index.column() == ChecksumColumn) {
            QString name;
            switch (row.kind) {
            case Kind::MetaRecomputed: name = tr("metaChecksum computed"); break;
            case Kind::MetaDeclared: name = tr("metaChecksum declared"); break;
            case Kind::AccRecomputed: name = tr("accMetaChecksum computed"); break;
            case Kind::AccDeclared: name = tr("accMetaChecksum declared"); break;
            }
            return QString((differs(row) ? QStringLiteral("\u2260 ") : QStringLiteral("   ")) + name);
        }
        if (copy < m_outcome->copies.size()) {
            if (!node.copies[copy].present)
                return tr("(not in this copy)");
            const std::optional<QString> v = value(row, copy);
            if (!v)
                return tr("(none declared)");
            return selfMismatch(row, copy) ? QString(QStringLiteral("\u2717 ") + *v) : *v;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() >= FirstCopyColumn && selfMismatch(row, copy))
            return tr("Declared by this copy, but its own fields give another value");
        if (index.column() == LevelColumn && node.partsHere)
            return tr("The copies part here: this entity's own fields, or which children it holds, differ");
        if (index.column() == ChecksumColumn)
            return row.kind == Kind::MetaRecomputed || row.kind == Kind::AccRecomputed
                ? tr("Computed here from the copy's own fields")
                : tr("As the copy's document declares it");
        break;
    case Qt::BackgroundRole:
        if (differs(row) && (row.kind == Kind::MetaRecomputed || row.kind == Kind::AccRecomputed))
            return differenceBackground();
        break;
    case Qt::ForegroundRole:
        if (differs(row) && (row.kind == Kind::MetaRecomputed || row.kind == Kind::AccRecomputed))
            return QColor(Qt::black);
        break;
    case NodeRole: return static_cast<int>(row.node);
    case PartsHereRole: return node.partsHere;
    case DiffersRole: return differs(row);
    case SelfMismatchRole: return index.column() >= FirstCopyColumn && selfMismatch(row, copy);
    default: break;
    }
    return {};
}

QVariant CompareChecksumModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || !m_outcome)
        return {};
    if (section == LevelColumn)
        return tr("Level");
    if (section == ChecksumColumn)
        return tr("Checksum");
    const std::size_t copy = static_cast<std::size_t>(section - FirstCopyColumn);
    return copy < m_outcome->copies.size() ? m_outcome->copies[copy].name : QVariant();
}

} // namespace mirror::models
