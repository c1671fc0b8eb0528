#include "views/view_copier.h"

#include "models/model_roles.h"

#include <QAbstractItemView>
#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QKeySequence>
#include <QMenu>
#include <QTreeView>

namespace mirror::ui {

ViewCopier::ViewCopier(QAbstractItemView *view) : QObject(view), m_view(view)
{
    setObjectName(QStringLiteral("viewCopier"));
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, &ViewCopier::showMenu);
}

ViewCopier *ViewCopier::of(const QObject *view)
{
    return view ? view->findChild<ViewCopier *>(QStringLiteral("viewCopier"), Qt::FindDirectChildrenOnly) : nullptr;
}

QString ViewCopier::cellText(const QModelIndex &index)
{
    const QVariant copy = index.data(models::ModelRole::CopyText);
    if (copy.isValid())
        return copy.toString();
    return index.data(Qt::DisplayRole).toString();
}

void ViewCopier::addContextAction(QAction *action)
{
    m_extra << action;
}

bool ViewCopier::copyCurrent() const
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return false;
    const QString text = cellText(current);
    QGuiApplication::clipboard()->setText(text);
    emit copied(text);
    return true;
}

bool ViewCopier::copyRow() const
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || !m_view->model())
        return false;
    QStringList cells;
    const int columns = m_view->model()->columnCount(current.parent());
    const auto *tree = qobject_cast<const QTreeView *>(m_view);
    for (int column = 0; column < columns; ++column) {
        if (tree && tree->isColumnHidden(column))
            continue;
        // Each cell's own whole text once: not the "name: value" a single cell's copy gives.
        const QModelIndex cell = current.siblingAtColumn(column);
        const QVariant full = cell.data(models::ModelRole::FullText);
        cells << (full.isValid() ? full.toString() : cellText(cell));
    }
    const QString text = cells.join(QLatin1Char('\t'));
    QGuiApplication::clipboard()->setText(text);
    emit copied(text);
    return true;
}

void ViewCopier::showMenu(const QPoint &position)
{
    const QModelIndex index = m_view->indexAt(position);
    if (!index.isValid())
        return;
    m_view->setCurrentIndex(index);
    QMenu menu(m_view);
    const QString column = m_view->model()->headerData(index.column(), Qt::Horizontal).toString();
    QAction *copyValue = menu.addAction(column.isEmpty() ? tr("&Copy") : tr("&Copy %1").arg(column));
    copyValue->setShortcut(QKeySequence::Copy); // shown only: Edit › Copy owns the key
    copyValue->setShortcutVisibleInContextMenu(true);
    connect(copyValue, &QAction::triggered, this, &ViewCopier::copyCurrent);
    QAction *copyRow = menu.addAction(tr("Copy &row"));
    connect(copyRow, &QAction::triggered, this, &ViewCopier::copyRow);
    if (!m_extra.isEmpty()) {
        menu.addSeparator();
        for (QAction *action : std::as_const(m_extra))
            menu.addAction(action);
    }
    menu.exec(m_view->viewport()->mapToGlobal(position));
}

} // namespace mirror::ui
