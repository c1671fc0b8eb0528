#pragma once

#include <QStyledItemDelegate>

namespace mirror::ui {

// Draws the jobs panel's progress column as a progress bar carrying the model's text ("1,234 / 10,000"): the
// fraction from JobListModel::ProgressRole, the count alone while the total is unknown, nothing for finished rows
// (their status says how they ended).
class JobProgressDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace mirror::ui
