#pragma once

#include "common/partner_source.h"

#include <QHash>
#include <QWidget>

#include <vector>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace mirror::models {
class CollectionCountsModel;
} // namespace mirror::models

namespace mirror::ui {

// The partners and their collections, with live counts per state from the CollectionCountsModel, beside the
// partner sources configured in the settings (configured but not harvested yet, or disabled). One column per
// troubled state, its header carrying glyph and word, its cells the count in the state's colour (FreeFileSync's
// category counts). Selecting a collection asks the browser to show it. Refreshing updates rows in place, so
// expansion and selection stay.
//
// Object names: "partners" (the tree), "partnersHint" (the line under it).
class NavigatorPanel : public QWidget {
    Q_OBJECT

public:
    enum Column { NameColumn, CountColumn, StaleColumn, DiffersColumn, ColumnCount };

    NavigatorPanel(models::CollectionCountsModel *counts, QWidget *parent = nullptr);

    void setSources(const std::vector<PartnerSource> &sources);
    // Selects the collection's row (the first source holding it when `source` is null); false if absent.
    bool selectCollection(const QString &collection, const QString &source = QString());
    // The largest collection (source, collection), for opening a store on something rather than nothing.
    std::optional<std::pair<QString, QString>> largestCollection() const;
    void setHint(const QString &text);
    QSize sizeHint() const override;

signals:
    // source may be "" (observations imported without a source).
    void collectionSelected(const QString &source, const QString &collection);
    // The context menu was asked for on a partner (collection "") or a collection row, at `globalPos`.
    void contextMenuRequested(const QString &source, const QString &collection, const QPoint &globalPos);

private:
    void rebuild();
    QTreeWidgetItem *partnerItem(const QString &source);
    QTreeWidgetItem *collectionItem(QTreeWidgetItem *partner, const QString &collection);
    void onSelectionChanged();

    models::CollectionCountsModel *m_counts = nullptr;
    std::vector<PartnerSource> m_sources;
    QTreeWidget *m_tree = nullptr;
    QLabel *m_hint = nullptr;
    QLabel *m_empty = nullptr;
};

} // namespace mirror::ui
