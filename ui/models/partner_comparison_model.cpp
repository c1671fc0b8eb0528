#include "models/partner_comparison_model.h"

#include <QColor>

namespace mirror::models {

namespace {

constexpr int fixedColumns = 2; // observation, agreement

} // namespace

PartnerComparisonModel::PartnerComparisonModel(QObject *parent) : QAbstractTableModel(parent) {}

void PartnerComparisonModel::setComparison(store::PartnerComparison comparison)
{
    beginResetModel();
    m_comparison = std::move(comparison);
    endResetModel();
}

int PartnerComparisonModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_comparison.disagreements.size());
}

int PartnerComparisonModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : fixedColumns + static_cast<int>(m_comparison.parties.size());
}

QString PartnerComparisonModel::agreementText(store::Agreement agreement)
{
    switch (agreement) {
    case store::Agreement::Agree: return tr("\u2713 agrees");
    case store::Agreement::Differ: return tr("\u2260 differs");
    case store::Agreement::Missing: return tr("\u2205 missing somewhere");
    }
    return {};
}

QVariant PartnerComparisonModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::ComparedObservation &row = m_comparison.disagreements[static_cast<std::size_t>(index.row())];
    if (index.column() == 0)
        return role == Qt::DisplayRole ? QVariant(row.observationID) : QVariant();
    if (index.column() == 1) {
        if (role == Qt::DisplayRole)
            return agreementText(row.agreement);
        if (role == Qt::ForegroundRole)
            return row.agreement == store::Agreement::Differ ? QColor(0xb71c1c) : QColor(0x5f5f5f);
        return {};
    }
    const auto &checksum = row.checksums[static_cast<std::size_t>(index.column() - fixedColumns)];
    if (role == Qt::DisplayRole) {
        if (!checksum)
            return tr("\u2205 missing");
        if (checksum->isEmpty())
            return tr("held (no checksum listed)");
        return QString(checksum->left(12) + QStringLiteral("\u2026")); // "md5:0a1b2c3d…": enough to tell them apart
    }
    if (role == Qt::ToolTipRole)
        return checksum ? (checksum->isEmpty() ? tr("Listed without a checksum") : *checksum) : tr("Not held here");
    if (role == Qt::ForegroundRole && !checksum)
        return QColor(0x5f5f5f);
    return {};
}

QVariant PartnerComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == 0)
        return tr("Observation");
    if (section == 1)
        return tr("Agreement");
    const std::size_t party = static_cast<std::size_t>(section - fixedColumns);
    if (party >= m_comparison.parties.size())
        return {};
    const store::ComparisonParty &p = m_comparison.parties[party];
    return p.local ? tr("Here") : p.source;
}

} // namespace mirror::models
