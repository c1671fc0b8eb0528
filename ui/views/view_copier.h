#pragma once

#include <QList>
#include <QObject>

class QAbstractItemView;
class QAction;
class QModelIndex;
class QPoint;

namespace mirror::ui {

// Copy for an item view: the current cell's value (ModelRole::CopyText when the model gives one, else its
// display text) or the whole row, from a context menu and from Edit › Copy (Ctrl+C) while the view has focus.
// Extra actions (such as "Open document") can join the context menu.
class ViewCopier : public QObject {
    Q_OBJECT

public:
    explicit ViewCopier(QAbstractItemView *view);

    // The copier of a view, if it has one (for Edit › Copy to find the focused view's).
    static ViewCopier *of(const QObject *view);
    static QString cellText(const QModelIndex &index);

    void addContextAction(QAction *action);
    // Copies the current cell's value; false when nothing is current.
    bool copyCurrent() const;
    bool copyRow() const;

signals:
    // After a copy, with what went to the clipboard (for a status line).
    void copied(const QString &text) const;

private:
    void showMenu(const QPoint &position);

    QAbstractItemView *m_view = nullptr;
    QList<QAction *> m_extra;
};

} // namespace mirror::ui
