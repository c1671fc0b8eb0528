#include "views/elided_tooltips.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QToolTip>

namespace mirror::ui {

ElidedToolTips::ElidedToolTips(QAbstractItemView *view) : QObject(view), m_view(view)
{
    m_view->viewport()->installEventFilter(this);
}

bool ElidedToolTips::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::ToolTip || watched != m_view->viewport())
        return false;
    const auto *help = static_cast<QHelpEvent *>(event);
    const QModelIndex index = m_view->indexAt(help->pos());
    if (!index.isValid() || index.data(Qt::ToolTipRole).isValid())
        return false; // the model's own tooltip wins
    const QString text = index.data(Qt::DisplayRole).toString();
    const QRect cell = m_view->visualRect(index);
    // The width the text needs, against what the cell offers after its margins and any indentation.
    const int needed = m_view->fontMetrics().horizontalAdvance(text) + 12;
    if (text.isEmpty() || needed <= cell.width()) {
        QToolTip::hideText();
        return true;
    }
    QToolTip::showText(help->globalPos(), text, m_view->viewport(), cell);
    return true;
}

} // namespace mirror::ui
