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
    enum class Format { Tsv, Csv };

    // Copies the current cell's value, or the selected rows as TSV when more than one is selected; false when
    // nothing is current.
    bool copyCurrent() const;
    bool copyRow() const;
    // The selected rows (in view order), their visible columns (in view order) under a header line, as tab- or
    // comma-separated values (CSV quoted as RFC 4180 says); false when nothing is selected.
    bool copySelection(Format format) const;
    // The same text, without touching the clipboard.
    QString selectionText(Format format) const;

signals:
    // After a copy, with what went to the clipboard (for a status line).
    void copied(const QString &text) const;

private:
    void showMenu(const QPoint &position);

    QAbstractItemView *m_view = nullptr;
    QList<QAction *> m_extra;
};

} // namespace mirror::ui
