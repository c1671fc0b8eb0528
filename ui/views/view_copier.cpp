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

#include <algorithm>

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

namespace {

// Visible columns in the order the view shows them.
QList<int> visibleColumns(const QAbstractItemView *view, int columns)
{
    const auto *tree = qobject_cast<const QTreeView *>(view);
    QList<int> order;
    for (int visual = 0; visual < columns; ++visual) {
        const int logical = tree ? tree->header()->logicalIndex(visual) : visual;
        if (logical >= 0 && !(tree && tree->isColumnHidden(logical)))
            order << logical;
    }
    return order;
}

QString field(const QString &text, ViewCopier::Format format)
{
    if (format == ViewCopier::Format::Tsv) {
        QString flat = text;
        return flat.replace(QLatin1Char('\t'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
    }
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    return QLatin1Char('"') + quoted.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

} // namespace

QString ViewCopier::selectionText(Format format) const
{
    QItemSelectionModel *selection = m_view->selectionModel();
    if (!selection || !m_view->model())
        return {};
    QModelIndexList rows = selection->selectedRows();
    if (rows.isEmpty())
        return {};
    // View order: top to bottom as the rows are painted.
    std::sort(rows.begin(), rows.end(), [this](const QModelIndex &a, const QModelIndex &b) {
        const QRect ra = m_view->visualRect(a);
        const QRect rb = m_view->visualRect(b);
        if (ra.isValid() && rb.isValid() && ra.top() != rb.top())
            return ra.top() < rb.top();
        return a.row() < b.row();
    });
    const QList<int> columns = visibleColumns(m_view, m_view->model()->columnCount(rows.front().parent()));
    const QChar separator = format == Format::Tsv ? QLatin1Char('\t') : QLatin1Char(',');
    QStringList lines;
    QStringList header;
    for (int column : columns)
        header << field(m_view->model()->headerData(column, Qt::Horizontal).toString(), format);
    lines << header.join(separator);
    for (const QModelIndex &row : std::as_const(rows)) {
        QStringList cells;
        for (int column : columns) {
            const QModelIndex cell = row.siblingAtColumn(column);
            const QVariant full = cell.data(models::ModelRole::FullText);
            cells << field(full.isValid() ? full.toString() : cellText(cell), format);
        }
        lines << cells.join(separator);
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

bool ViewCopier::copySelection(Format format) const
{
    const QString text = selectionText(format);
    if (text.isEmpty())
        return false;
    QGuiApplication::clipboard()->setText(text);
    emit copied(text);
    return true;
}

bool ViewCopier::copyCurrent() const
{
    if (m_view->selectionModel() && m_view->selectionModel()->selectedRows().size() > 1)
        return copySelection(Format::Tsv);
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
    // A right click inside a multi-row selection keeps it (to copy it); elsewhere it selects that row.
    if (!m_view->selectionModel()->isSelected(index))
        m_view->setCurrentIndex(index);
    QMenu menu(m_view);
    const QString column = m_view->model()->headerData(index.column(), Qt::Horizontal).toString();
    QAction *copyValue = menu.addAction(column.isEmpty() ? tr("&Copy") : tr("&Copy %1").arg(column));
    copyValue->setShortcut(QKeySequence::Copy); // shown only: Edit › Copy owns the key
    copyValue->setShortcutVisibleInContextMenu(true);
    connect(copyValue, &QAction::triggered, this, &ViewCopier::copyCurrent);
    QAction *copyRow = menu.addAction(tr("Copy &row"));
    connect(copyRow, &QAction::triggered, this, &ViewCopier::copyRow);
    if (m_view->selectionMode() == QAbstractItemView::ExtendedSelection) {
        const qsizetype selected = m_view->selectionModel()->selectedRows().size();
        QAction *tsv = menu.addAction(tr("Copy %n selected row(s) as &TSV", nullptr, int(selected)));
        connect(tsv, &QAction::triggered, this, [this] { copySelection(Format::Tsv); });
        QAction *csv = menu.addAction(tr("Copy %n selected row(s) as C&SV", nullptr, int(selected)));
        connect(csv, &QAction::triggered, this, [this] { copySelection(Format::Csv); });
    }
    if (!m_extra.isEmpty()) {
        menu.addSeparator();
        for (QAction *action : std::as_const(m_extra))
            menu.addAction(action);
    }
    menu.exec(m_view->viewport()->mapToGlobal(position));
}

} // namespace mirror::ui
