#include "views/job_progress_delegate.h"

#include "models/job_list_model.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>
#include <QStyleOptionProgressBar>

namespace mirror::ui {

void JobProgressDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const auto state = static_cast<models::JobState>(index.data(models::JobListModel::JobStateRole).toInt());
    if (state != models::JobState::Running && state != models::JobState::RunningElsewhere) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The selection background first, so a selected row stays visibly selected behind the bar.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    QStyle *style = option.widget ? option.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);

    const double fraction = index.data(models::JobListModel::ProgressRole).toDouble();
    if (fraction < 0) {
        // The total is unknown while the partner is still being listed: a bar would have to lie about how far
        // along the job is, so the count stands alone ("1,527 so far").
        background.text = index.data(Qt::DisplayRole).toString();
        style->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);
        return;
    }
    QStyleOptionProgressBar bar;
    bar.rect = option.rect.adjusted(2, 2, -2, -2);
    // Drawn as an unselected bar with its own chunk colour: in a selected row the style would paint the chunk
    // in the selection colour, invisible on the row, with the count unreadable on top.
    bar.state = (option.state & QStyle::State_Enabled) | QStyle::State_Horizontal;
    bar.direction = option.direction;
    bar.fontMetrics = option.fontMetrics;
    const QWidget *widget = option.widget;
    bar.palette = widget ? widget->palette() : QApplication::palette();
    bar.palette.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xbf));
    bar.palette.setColor(QPalette::HighlightedText, Qt::white);
    bar.minimum = 0;
    bar.maximum = 1000;
    bar.progress = static_cast<int>(fraction * 1000);
    bar.text = index.data(Qt::DisplayRole).toString();
    bar.textVisible = true;
    bar.textAlignment = Qt::AlignCenter;
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, option.widget);
}

QSize JobProgressDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width() + 24, 140));
    return size;
}

} // namespace mirror::ui
