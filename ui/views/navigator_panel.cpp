#include "views/navigator_panel.h"

#include "models/collection_counts_model.h"
#include "models/icon_set.h"
#include "models/model_roles.h"
#include "models/state_look.h"
#include "store/observation_store.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <map>

namespace mirror::ui {

namespace {

constexpr int SourceRole = models::ModelRole::Source;
constexpr int CollectionRole = models::ModelRole::Collection;

// Per-state counts of one row, in the order they are shown.
struct StateCounts {
    std::map<QString, qint64> byState;
    qint64 total() const
    {
        qint64 sum = 0;
        for (const auto &[state, count] : byState)
            sum += count;
        return sum;
    }
    QString worst() const
    {
        QString worst = store::ObservationState::ok;
        for (const auto &[state, count] : byState) {
            if (count > 0)
                worst = models::worseState(worst, state);
        }
        return worst;
    }
};

QString stateTooltip(const StateCounts &counts)
{
    QStringList lines;
    for (const auto &[state, count] : counts.byState) {
        const models::StateLook look = models::stateLook(state);
        lines << NavigatorPanel::tr("%1 %2: %3 (%4)")
                     .arg(look.glyph, look.label, QLocale().toString(count), look.tooltip);
    }
    return lines.join(QLatin1Char('\n'));
}

// Total, and the count of each troubled state in that state's colour (empty when none).
void showCounts(QTreeWidgetItem *item, const StateCounts &counts)
{
    item->setText(NavigatorPanel::CountColumn, QLocale().toString(counts.total()));
    item->setData(NavigatorPanel::CountColumn, Qt::ForegroundRole, QVariant());
    const std::pair<int, QString> columns[] = {{NavigatorPanel::StaleColumn, store::ObservationState::stale},
                                               {NavigatorPanel::DiffersColumn, store::ObservationState::differs}};
    for (const auto &[column, state] : columns) {
        const auto it = counts.byState.find(state);
        const qint64 count = it == counts.byState.end() ? 0 : it->second;
        const models::StateLook look = models::stateLook(state);
        item->setText(column, count > 0 ? QLocale().toString(count) : QString());
        item->setForeground(column, look.colour);
    }
    const QString tooltip = stateTooltip(counts);
    for (int column = NavigatorPanel::CountColumn; column < NavigatorPanel::ColumnCount; ++column)
        item->setToolTip(column, tooltip);
    // The worst state of the collection's observations at a glance, beside its name (the counts say how many).
    item->setIcon(NavigatorPanel::NameColumn, models::icon(models::stateIconName(counts.worst())));
}

QString partnerTitle(const QString &source)
{
    return source.isEmpty() ? NavigatorPanel::tr("Imported") : source;
}

} // namespace

NavigatorPanel::NavigatorPanel(models::CollectionCountsModel *counts, QWidget *parent)
    : QWidget(parent),
      m_counts(counts)
{
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("partners"));
    m_tree->setColumnCount(ColumnCount);
    const models::StateLook stale = models::stateLook(store::ObservationState::stale);
    const models::StateLook differs = models::stateLook(store::ObservationState::differs);
    // Narrow count columns leave the collection names room in a narrow dock: each state column is headed by its
    // word alone (the collection's icon beside its name shows its worst state), and the observation count by
    // "Count".
    m_tree->setHeaderLabels({tr("Collection"), tr("Count"), stale.label, differs.label});
    m_tree->headerItem()->setToolTip(NameColumn, tr("Partners (bold) and the collections held from each"));
    m_tree->headerItem()->setToolTip(CountColumn, tr("Observations held"));
    m_tree->headerItem()->setToolTip(StaleColumn, stale.tooltip);
    m_tree->headerItem()->setToolTip(DiffersColumn, differs.tooltip);
    m_tree->headerItem()->setForeground(StaleColumn, stale.colour);
    m_tree->headerItem()->setForeground(DiffersColumn, differs.colour);
    m_tree->setUniformRowHeights(true);
    m_tree->setIndentation(14); // two levels only: a small step leaves the names more room
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    for (int column = CountColumn; column < ColumnCount; ++column) {
        m_tree->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
        m_tree->headerItem()->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
    }

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("partnersHint"));
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_hint->hide();
    // Instead of an empty white tree, which reads as something that failed to load.
    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("partnersEmpty"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_empty->setText(tr("No partner is configured and no store is open.\n\nAdd partner sources in File \u203a "
                        "Settings, or open a store or the demo store from the File menu."));
    m_empty->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_empty, 1);
    layout->addWidget(m_hint);

    connect(m_counts, &models::CollectionCountsModel::countsRefreshed, this, &NavigatorPanel::rebuild);
    connect(m_counts, &QAbstractItemModel::modelReset, this, &NavigatorPanel::rebuild);
    connect(m_tree, &QTreeWidget::itemSelectionChanged, this, &NavigatorPanel::onSelectionChanged);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        if (const QTreeWidgetItem *item = m_tree->itemAt(at))
            emit contextMenuRequested(item->data(0, SourceRole).toString(), item->data(0, CollectionRole).toString(),
                                      m_tree->viewport()->mapToGlobal(at));
    });
    rebuild();
}

void NavigatorPanel::setSources(const std::vector<PartnerSource> &sources)
{
    m_sources = sources;
    rebuild();
}

void NavigatorPanel::setHint(const QString &text)
{
    m_hint->setText(text);
    m_hint->setVisible(!text.isEmpty());
}

QTreeWidgetItem *NavigatorPanel::partnerItem(const QString &source)
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_tree->topLevelItem(i);
        if (item->data(0, SourceRole).toString() == source)
            return item;
    }
    auto *item = new QTreeWidgetItem(m_tree);
    item->setData(0, SourceRole, source);
    item->setText(NameColumn, partnerTitle(source));
    QFont bold = item->font(NameColumn);
    bold.setBold(true);
    item->setFont(NameColumn, bold);
    item->setIcon(NameColumn, models::icon(models::IconName::Partner));
    item->setFlags(Qt::ItemIsEnabled); // partners group collections; only collections are selectable
    for (int column = CountColumn; column < ColumnCount; ++column)
        item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
    item->setExpanded(true);
    return item;
}

QTreeWidgetItem *NavigatorPanel::collectionItem(QTreeWidgetItem *partner, const QString &collection)
{
    for (int i = 0; i < partner->childCount(); ++i) {
        if (partner->child(i)->data(0, CollectionRole).toString() == collection)
            return partner->child(i);
    }
    auto *item = new QTreeWidgetItem(partner);
    item->setData(0, SourceRole, partner->data(0, SourceRole));
    item->setData(0, CollectionRole, collection);
    item->setText(NameColumn, collection);
    for (int column = CountColumn; column < ColumnCount; ++column)
        item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

void NavigatorPanel::rebuild()
{
    // Partners: configured ones in settings order, then any others the store holds observations from.
    std::map<QString, std::map<QString, StateCounts>> held;
    for (const store::CollectionCount &count : m_counts->counts())
        held[count.source][count.collection].byState[count.state] += count.count;
    QStringList order;
    for (const PartnerSource &source : m_sources)
        order << source.name;
    for (const auto &[source, collections] : held) {
        if (!order.contains(source))
            order << source;
    }

    const QBrush dimmed = palette().brush(QPalette::PlaceholderText);
    QList<QTreeWidgetItem *> keep;
    for (const QString &source : order) {
        const auto configured =
            std::find_if(m_sources.begin(), m_sources.end(), [&](const PartnerSource &s) { return s.name == source; });
        QTreeWidgetItem *partner = partnerItem(source);
        keep << partner;
        const auto heldHere = held.find(source);
        StateCounts partnerCounts;
        QStringList collections;
        if (heldHere != held.end()) {
            for (const auto &[collection, counts] : heldHere->second) {
                collections << collection;
                for (const auto &[state, count] : counts.byState)
                    partnerCounts.byState[state] += count;
            }
        }
        if (configured != m_sources.end()) {
            for (const QString &collection : configured->collections) {
                if (!collections.contains(collection))
                    collections << collection;
            }
        }
        for (const QString &collection : collections) {
            QTreeWidgetItem *item = collectionItem(partner, collection);
            keep << item;
            const StateCounts counts = heldHere != held.end() && heldHere->second.count(collection)
                ? heldHere->second.at(collection)
                : StateCounts{};
            if (counts.total() == 0) {
                item->setText(NameColumn, tr("%1 (not harvested yet)").arg(collection));
                item->setText(CountColumn, QStringLiteral("\u2014"));
                item->setToolTip(NameColumn,
                                 tr("Configured for %1; no observation of it is in this store.").arg(source));
                for (int column = NameColumn; column < ColumnCount; ++column)
                    item->setForeground(column, dimmed);
                item->setText(StaleColumn, QString());
                item->setText(DiffersColumn, QString());
                item->setIcon(NameColumn, models::icon(models::IconName::Collection));
                continue;
            }
            item->setText(NameColumn, collection);
            item->setToolTip(NameColumn, QString());
            item->setData(NameColumn, Qt::ForegroundRole, QVariant());
            showCounts(item, counts);
        }
        QString title = partnerTitle(source);
        if (configured != m_sources.end() && !configured->enabled)
            title = tr("%1 (disabled)").arg(title);
        else if (collections.isEmpty())
            title = tr("%1 (nothing harvested yet)").arg(title);
        partner->setText(NameColumn, title);
        if (collections.isEmpty() || (configured != m_sources.end() && !configured->enabled))
            partner->setForeground(NameColumn, dimmed);
        else
            partner->setData(NameColumn, Qt::ForegroundRole, QVariant());
        if (heldHere != held.end()) {
            showCounts(partner, partnerCounts);
        } else {
            for (int column = CountColumn; column < ColumnCount; ++column) {
                partner->setText(column, QString());
                partner->setToolTip(column, QString());
            }
        }
        if (configured != m_sources.end()) {
            partner->setToolTip(NameColumn,
                                tr("%1\n%2\nCredential: %3")
                                    .arg(configured->name, configured->endpoint, describeCredential(*configured)));
        } else {
            partner->setToolTip(NameColumn,
                                source.isEmpty() ? tr("Observations imported from files")
                                                 : tr("%1: not configured in the settings; the store "
                                                      "holds observations harvested from it")
                                                       .arg(source));
        }
    }
    // Rows for what is gone (another store was opened, a source was removed).
    for (int i = m_tree->topLevelItemCount() - 1; i >= 0; --i) {
        QTreeWidgetItem *partner = m_tree->topLevelItem(i);
        for (int j = partner->childCount() - 1; j >= 0; --j) {
            if (!keep.contains(partner->child(j)))
                delete partner->child(j);
        }
        if (!keep.contains(partner))
            delete partner;
    }
    m_tree->setVisible(!order.isEmpty());
    m_empty->setVisible(order.isEmpty());
}

bool NavigatorPanel::selectCollection(const QString &collection, const QString &source)
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *partner = m_tree->topLevelItem(i);
        if (!source.isNull() && partner->data(0, SourceRole).toString() != source)
            continue;
        for (int j = 0; j < partner->childCount(); ++j) {
            if (partner->child(j)->data(0, CollectionRole).toString() == collection) {
                m_tree->setCurrentItem(partner->child(j));
                return true;
            }
        }
    }
    return false;
}

std::optional<std::pair<QString, QString>> NavigatorPanel::largestCollection() const
{
    std::optional<std::pair<QString, QString>> largest;
    qint64 largestCount = 0;
    for (const store::CollectionCount &count : m_counts->counts()) {
        const qint64 total = m_counts->total(count.collection, count.source);
        if (total > largestCount) {
            largestCount = total;
            largest = std::make_pair(count.source, count.collection);
        }
    }
    return largest;
}

QSize NavigatorPanel::sizeHint() const
{
    // Wide enough for a collection name like SUBARUCADC beside its three counts without eliding.
    const QFontMetrics metrics = fontMetrics();
    const int counts = metrics.horizontalAdvance(tr("Observations"))
        + metrics.horizontalAdvance(QStringLiteral("stale")) + metrics.horizontalAdvance(QStringLiteral("differs"))
        + 3 * 14;
    const int name = metrics.horizontalAdvance(QStringLiteral("SUBARUCADC")) + 68; // + indentation and icon
    return {counts + name + 24, 400};
}

void NavigatorPanel::onSelectionChanged()
{
    const QList<QTreeWidgetItem *> selected = m_tree->selectedItems();
    if (selected.isEmpty() || selected.front()->data(0, CollectionRole).toString().isEmpty())
        return;
    const QTreeWidgetItem *item = selected.front();
    emit collectionSelected(item->data(0, SourceRole).toString(), item->data(0, CollectionRole).toString());
}

} // namespace mirror::ui
