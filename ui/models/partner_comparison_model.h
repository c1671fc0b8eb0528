#pragma once

#include "store/partner_comparison.h"

#include <QAbstractTableModel>

// The observations of one collection that the partners (and the local copy) do not agree on: one row each, with
// what every party holds — its checksum, or that it lacks it. Rows come from a comparison (core/store).
namespace mirror::models {

class PartnerComparisonModel : public QAbstractTableModel {
    Q_OBJECT

public:
    explicit PartnerComparisonModel(QObject *parent = nullptr);

    void setComparison(store::PartnerComparison comparison);
    const store::PartnerComparison &comparison() const { return m_comparison; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override; // observation, agreement, one per party
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString agreementText(store::Agreement agreement); // "≠ differs", "∅ missing somewhere", "✓ agrees"

private:
    store::PartnerComparison m_comparison;
};

} // namespace mirror::models
