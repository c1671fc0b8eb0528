#include "views/browser_page.h"

#include "common/settings.h"
#include "models/entity_detail_model.h"
#include "models/entity_tree_model.h"
#include "models/model_roles.h"
#include "store/store_reader.h"
#include "views/browser_filter_bar.h"
#include "views/browser_start_card.h"
#include "views/document_viewer.h"
#include "views/elided_tooltips.h"
#include "views/entity_detail_pane.h"
#include "views/message_widget.h"
#include "views/view_copier.h"

#include <QAction>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStackedWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace mirror::ui {

namespace {

using Tree = models::EntityTreeModel;

} // namespace

BrowserPage::BrowserPage(Settings *settings, QWidget *parent) : QWidget(parent), m_settings(settings)
{
    setObjectName(QStringLiteral("browserPage"));
    m_treeModel = new Tree(nullptr, this);
    m_detailModel = new models::EntityDetailModel(this);

    m_message = new MessageWidget(this);
    m_message->setObjectName(QStringLiteral("browserMessage"));

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("browserTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("browserCount"));
    auto *heading = new QHBoxLayout;
    heading->addWidget(m_title);
    heading->addSpacing(12);
    heading->addWidget(m_count, 1);

    m_filter = new BrowserFilterBar(m_settings, this);

    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("browserTree"));
    m_tree->setModel(m_treeModel);
    m_tree->setUniformRowHeights(true); // the view never measures rows it does not paint
    m_tree->setAlternatingRowColors(true);
    m_tree->setTextElideMode(Qt::ElideMiddle); // keeps both ends of URIs and checksums
    // Several rows can be selected (Shift, Ctrl) and copied as TSV or CSV; the current row drives the details.
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setAllColumnsShowFocus(true);
    QHeaderView *header = m_tree->header();
    header->setStretchLastSection(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    // What an operator scans for comes first: the state and the two checksums right after the name, so they stay
    // in view on a small screen (1024×700); the kind (also told by the tree's depth) and the detail follow.
    header->moveSection(header->visualIndex(Tree::StateColumn), 1);
    header->moveSection(header->visualIndex(Tree::MetaChecksumColumn), 2);
    header->moveSection(header->visualIndex(Tree::AccChecksumColumn), 3);
    header->resizeSection(Tree::NameColumn, 150);
    header->resizeSection(Tree::StateColumn, 80);
    header->resizeSection(Tree::MetaChecksumColumn, 95);
    header->resizeSection(Tree::AccChecksumColumn, 95);
    header->resizeSection(Tree::KindColumn, 80);
    // The instrument and modification time follow the checksums: they are what the list can be sorted by.
    header->moveSection(header->visualIndex(Tree::InstrumentColumn), 4);
    header->moveSection(header->visualIndex(Tree::ModifiedColumn), 5);
    header->resizeSection(Tree::InstrumentColumn, 90);
    header->resizeSection(Tree::ModifiedColumn, 140);
    // Sorting is the store's (by an index), so only some columns sort; the header says which in its tooltips.
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(true);
    header->setSortIndicator(Tree::NameColumn, Qt::AscendingOrder);
    connect(header, &QHeaderView::sortIndicatorChanged, this, &BrowserPage::onSortIndicatorChanged);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, [this](const QPoint &position) {
        QMenu menu(this);
        fillColumnMenu(menu);
        menu.exec(m_tree->header()->mapToGlobal(position));
    });
    m_treeCopier = new ViewCopier(m_tree);
    new ElidedToolTips(m_tree);

    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("browserEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_treeStack = new QStackedWidget(this);
    m_treeStack->addWidget(m_tree);
    m_treeStack->addWidget(m_empty);

    m_detail = new EntityDetailPane(m_detailModel, this);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("browserSplitter"));
    m_splitter->addWidget(m_treeStack);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    // Fixed minimum widths: without them the splitter follows the detail pane's minimum size hint, which grows
    // with what it shows (a long path, a WCS value), and the handle would move on every selection.
    m_treeStack->setMinimumWidth(280);
    m_detail->setMinimumWidth(240);

    m_browsing = new QWidget(this);
    auto *browsingLayout = new QVBoxLayout(m_browsing);
    browsingLayout->setContentsMargins(0, 0, 0, 0);
    browsingLayout->addLayout(heading);
    browsingLayout->addWidget(m_filter);
    browsingLayout->addWidget(m_splitter, 1);

    m_start = new BrowserStartCard(this);
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("browserStack"));
    m_stack->addWidget(m_start);
    m_stack->addWidget(m_browsing);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_message);
    layout->addWidget(m_stack, 1);

    auto *openDocumentAction = new QAction(tr("Open &document"), this);
    openDocumentAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    openDocumentAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(openDocumentAction, &QAction::triggered, this, &BrowserPage::openDocument);
    addAction(openDocumentAction);
    m_treeCopier->addContextAction(openDocumentAction);
    auto *compareAction = new QAction(tr("&Compare with partner"), this);
    compareAction->setObjectName(QStringLiteral("browserCompareAction"));
    compareAction->setToolTip(tr("The local copy and the partner's current copy side by side"));
    connect(compareAction, &QAction::triggered, this, [this] {
        QModelIndex top = m_tree->currentIndex();
        while (top.parent().isValid())
            top = top.parent();
        const QString observationID = top.data(models::ModelRole::ObservationId).toString();
        if (!observationID.isEmpty())
            emit compareRequested(m_source, m_collection, observationID);
    });
    m_treeCopier->addContextAction(compareAction);
    m_detail->copier()->addContextAction(openDocumentAction);

    connect(m_filter, &BrowserFilterBar::filterChanged, this, &BrowserPage::applyFilter);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });
    connect(m_treeModel, &Tree::countLoaded, this, &BrowserPage::onCountLoaded);
    // The first rows can come before the count (a common text takes seconds to count): say how many are shown.
    connect(m_treeModel, &Tree::firstRowsLoaded, this, &BrowserPage::updateTitle);
    connect(m_treeModel, &Tree::loadFailed, this, [this](const QModelIndex &, const QString &message) {
        m_message->showMessage(tr("Reading the store failed: %1").arg(message), MessageWidget::Kind::Error);
        updateTitle(); // a count that failed is no longer "counting"
    });
    connect(m_treeModel, &QAbstractItemModel::dataChanged, this, &BrowserPage::onTreeDataChanged);
    connect(m_treeModel, &QAbstractItemModel::modelReset, this, [this] {
        m_detailRef = {};
        m_detail->showNothing(tr("Select an observation, plane, artifact, part or chunk to see all of its fields."));
        m_detailModel->clear();
    });
    connect(m_detail, &EntityDetailPane::openDocumentRequested, this, &BrowserPage::openDocument);
    for (ViewCopier *copier : {m_treeCopier, m_detail->copier()}) {
        connect(copier, &ViewCopier::copied, this, [this](const QString &text) {
            emit statusMessage(tr("Copied %1").arg(text.size() > 60 ? text.left(57) + QStringLiteral("\u2026") : text));
        });
    }
    m_stack->setCurrentWidget(m_start);
}

BrowserPage::~BrowserPage() = default;

void BrowserPage::setReader(store::StoreReader *reader)
{
    m_applied.reset();
    m_collection.clear();
    m_source.clear();
    m_total = -1;
    m_matching = -1;
    m_message->hideMessage();
    m_treeModel->setReader(reader);
    m_detailModel->setReader(reader);
    m_detail->setReader(reader);
    disconnect(m_rowConnection);
    m_rowToken = 0;
    m_reader = reader;
    if (m_reader)
        m_rowConnection = connect(m_reader, &store::StoreReader::rowLocated, this, &BrowserPage::onRowLocated);
    disconnect(m_instrumentsConnection);
    m_instrumentsToken = 0;
    m_filter->setInstruments({});
    if (m_reader)
        m_instrumentsConnection = connect(m_reader, &store::StoreReader::instrumentsLoaded, this,
                                          [this](quint64 token, const QStringList &instruments) {
                                              if (token == m_instrumentsToken)
                                                  m_filter->setInstruments(instruments);
                                          });
    disconnect(m_newestConnection);
    m_newestToken = 0;
    m_filter->setSuggestedDate({});
    if (m_reader)
        m_newestConnection =
            connect(m_reader, &store::StoreReader::windowLoaded, this,
                    [this](quint64 token, qint64, const store::SummaryRows &rows) {
                        if (token != m_newestToken || rows.empty() || !rows.front().maxLastModified)
                            return;
                        m_filter->setSuggestedDate(
                            QDateTime::fromMSecsSinceEpoch(*rows.front().maxLastModified, Qt::UTC).date());
                    });
    m_detailModel->clear();
}

void BrowserPage::showStartCard()
{
    m_stack->setCurrentWidget(m_start);
}

void BrowserPage::showBrowsing()
{
    if (!m_collection.isEmpty())
        m_stack->setCurrentWidget(m_browsing);
}

void BrowserPage::showError(const QString &text)
{
    m_message->showMessage(text, MessageWidget::Kind::Error);
}

void BrowserPage::showCollection(const QString &source, const QString &collection, qint64 total)
{
    m_total = total;
    if (collection != m_collection && m_reader) {
        // The instruments present, for the instrument filter's choices (a store query, off this thread).
        m_filter->setInstruments({});
        m_instrumentsToken = m_reader->newToken();
        m_reader->requestInstruments(m_instrumentsToken, collection);
    }
    if ((collection != m_collection || source != m_source) && m_reader) {
        // The calendars of the modified-date filter open at the newest modification of what is shown: one row
        // read newest first (by the index); rows without a time are left out by the lower bound.
        store::ObservationFilter newest;
        newest.collection = collection;
        newest.source = source;
        newest.modifiedFrom = 0;
        newest.order = {store::ObservationSortKey::Modified, true};
        m_filter->setSuggestedDate({});
        m_newestToken = m_reader->newToken();
        m_reader->requestWindow(m_newestToken, newest, 0, 1);
    }
    if (collection != m_collection || source != m_source) {
        m_collection = collection;
        m_source = source;
        m_matching = -1;
    }
    m_stack->setCurrentWidget(m_browsing);
    applyFilter();
    updateTitle();
}

void BrowserPage::setCollectionTotal(qint64 total)
{
    m_total = total;
    updateTitle();
}

void BrowserPage::refresh()
{
    if (m_collection.isEmpty())
        return;
    m_treeModel->refresh();
}

void BrowserPage::followStoreChange()
{
    if (m_collection.isEmpty())
        return;
    const QString followed = rememberFollowed();
    m_treeModel->refreshInPlace();
    m_detailModel->reload();
    locateFollowed(followed);
}

void BrowserPage::selectObservation(const QString &observationID)
{
    m_followOffset = 0;
    locateFollowed(observationID);
}

QString BrowserPage::rememberFollowed()
{
    QModelIndex top = m_tree->currentIndex();
    while (top.parent().isValid())
        top = top.parent();
    const QString followed = top.isValid() ? top.data(models::ModelRole::ObservationId).toString() : QString();
    if (!followed.isEmpty())
        m_followOffset = m_tree->visualRect(top).top() / std::max(1, m_tree->visualRect(top).height());
    return followed;
}

void BrowserPage::locateFollowed(const QString &observationID)
{
    // Asked after the tree's count, so answered after it: the rows are in place when the answer comes.
    if (observationID.isEmpty() || !m_reader || !m_applied)
        return;
    if (m_rowToken)
        m_reader->cancel(m_rowToken);
    m_rowToken = m_reader->newToken();
    m_reader->requestRowOf(m_rowToken, *m_applied, observationID);
}

void BrowserPage::onSortIndicatorChanged(int column, Qt::SortOrder order)
{
    QHeaderView *header = m_tree->header();
    const auto key = Tree::sortKey(column);
    if (!key) {
        const QSignalBlocker quiet(header);
        header->setSortIndicator(Tree::sortColumn(m_order.key),
                                 m_order.descending ? Qt::DescendingOrder : Qt::AscendingOrder);
        emit statusMessage(tr("The list sorts by name, instrument or modification time"));
        return;
    }
    m_order = store::ObservationOrder{*key, order == Qt::DescendingOrder};
    if (m_settings)
        saveLayout(*m_settings); // the order is kept with the header's layout
    if (m_collection.isEmpty())
        return;
    const QString followed = rememberFollowed();
    applyFilter();
    locateFollowed(followed);
}

void BrowserPage::onRowLocated(quint64 token, const QString &observationID, qint64 row)
{
    if (token != m_rowToken || token == 0)
        return;
    m_rowToken = 0;
    if (row < 0 || row >= m_treeModel->rowCount())
        return; // gone, or no longer matching the filter: the selection stays on its row
    QModelIndex top = m_tree->currentIndex();
    while (top.parent().isValid())
        top = top.parent();
    if (top.isValid() && top.row() == row)
        return; // it did not move
    // Rows were added or removed before it: select it again where it is now, at the same height in the view.
    const QModelIndex target = m_treeModel->index(static_cast<int>(row), 0);
    m_tree->setCurrentIndex(target);
    m_tree->scrollTo(target, QAbstractItemView::PositionAtTop);
    QScrollBar *bar = m_tree->verticalScrollBar();
    bar->setValue(bar->value() - m_followOffset);
    Q_UNUSED(observationID)
}

void BrowserPage::applyFilter()
{
    if (m_collection.isEmpty())
        return;
    store::ObservationFilter filter = m_filter->filterFor(m_collection);
    filter.source = m_source; // a partner's node shows what that partner holds, nothing else
    filter.order = m_order;
    if (m_applied && *m_applied == filter)
        return;
    m_applied = filter;
    m_matching = -1;
    m_message->hideMessage();
    m_treeModel->setFilter(filter);
    m_treeStack->setCurrentWidget(m_tree);
    updateTitle();
}

void BrowserPage::onCountLoaded(qint64 count)
{
    m_matching = count;
    if (count == 0) {
        const QString from = m_source.isEmpty() ? tr("imported from files") : tr("from %1").arg(m_source);
        if (m_filter->isActive())
            m_empty->setText(tr("No observation of %1 %2 matches the filter.").arg(m_collection, from));
        else if (m_source.isEmpty())
            m_empty->setText(tr("This store holds no observation of %1 imported from files.").arg(m_collection));
        else
            m_empty->setText(tr("%1 has contributed nothing to %2 in this store: no observation of %2 came from "
                                "%1 yet. Observations of %2 from other partners are listed under their names.")
                                 .arg(m_source, m_collection));
        m_treeStack->setCurrentWidget(m_empty);
    } else {
        m_treeStack->setCurrentWidget(m_tree);
    }
    updateTitle();
}

void BrowserPage::updateTitle()
{
    m_title->setText(m_source.isEmpty() ? m_collection : tr("%1 \u00b7 %2").arg(m_collection, m_source));
    const QLocale locale;
    const int shown = m_treeModel->rowCount();
    if (m_matching < 0 && m_treeModel->countFailed())
        m_count->setText(shown > 0 ? tr("first %1 shown; counting the rest failed").arg(locale.toString(shown))
                                   : tr("counting failed"));
    else if (m_matching < 0 && shown > 0 && m_filter->isActive())
        m_count->setText(tr("first %1 matches shown, counting\u2026").arg(locale.toString(shown)));
    else if (m_matching < 0 && shown > 0)
        m_count->setText(tr("first %1 shown, counting\u2026").arg(locale.toString(shown)));
    else if (m_matching < 0)
        m_count->setText(tr("counting\u2026"));
    else if (m_filter->isActive() && m_total >= 0)
        m_count->setText(
            tr("%1 of %2 observations match the filter").arg(locale.toString(m_matching), locale.toString(m_total)));
    else
        m_count->setText(tr("%1 observations").arg(locale.toString(m_matching)));
}

void BrowserPage::onCurrentChanged(const QModelIndex &current)
{
    const models::EntityRef ref = m_treeModel->entityRef(current);
    if (!ref.isValid()) {
        // A row still being read (End in a big collection) or an error row: the pane must not keep describing
        // the row selected before. When the row arrives, onTreeDataChanged shows it.
        m_detailRef = {};
        m_detailModel->clear();
        if (current.isValid())
            m_detail->showLoadingRow();
        else
            m_detail->showNothing(tr("Select an observation, plane, artifact, part or chunk to see all of its "
                                     "fields."));
        return;
    }
    m_detailRef = ref;
    m_detail->showPending(ref, current.data(models::ModelRole::State).toString());
    m_detailModel->showEntity(ref);
}

void BrowserPage::onTreeDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    // The current row's data arrived or changed (its window was read, or read again after the store changed).
    const QModelIndex current = m_tree->currentIndex();
    if (!current.isValid() || topLeft.parent() != current.parent() || current.row() < topLeft.row()
        || current.row() > bottomRight.row())
        return;
    if (m_treeModel->entityRef(current) != m_detailRef)
        onCurrentChanged(current);
}

void BrowserPage::openDocument()
{
    const models::EntityRef ref = m_treeModel->entityRef(m_tree->currentIndex());
    const models::EntityRef shown = m_detailModel->current();
    if (!ref.isValid()) {
        m_message->showMessage(tr("Select an observation (or any entity of it) to open its document."),
                               MessageWidget::Kind::Information);
        return;
    }
    const QByteArray xml = m_detailModel->document();
    if (shown.collection != ref.collection || shown.observationID != ref.observationID || xml.isEmpty()) {
        m_message->showMessage(
            tr("The document of %1 is still being read; try again in a moment.").arg(ref.observationID),
            MessageWidget::Kind::Information);
        return;
    }
    auto *viewer = new DocumentViewer(window());
    viewer->showDocument(ref.collection + QLatin1Char('/') + ref.observationID, xml, ref.path); // at the entity
    viewer->show();
    emit statusMessage(tr("Opened the document of %1").arg(ref.observationID));
}

void BrowserPage::fillColumnMenu(QMenu &menu)
{
    QHeaderView *header = m_tree->header();
    for (int visual = 0; visual < header->count(); ++visual) {
        const int column = header->logicalIndex(visual);
        QAction *action = menu.addAction(m_treeModel->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!m_tree->isColumnHidden(column));
        action->setEnabled(column != Tree::NameColumn); // the tree's own column stays
        connect(action, &QAction::toggled, this, [this, column](bool shown) {
            m_tree->setColumnHidden(column, !shown);
            if (m_settings)
                saveLayout(*m_settings); // the choice is kept with the header's layout
        });
    }
}

void BrowserPage::saveLayout(Settings &settings) const
{
    (void)settings.setValue(SettingKey::BrowserSplitter, m_splitter->saveState());
    (void)settings.setValue(SettingKey::BrowserTreeHeader, m_tree->header()->saveState());
}

void BrowserPage::restoreLayout(const Settings &settings)
{
    const QByteArray splitter = settings.value(SettingKey::BrowserSplitter).toByteArray();
    if (!splitter.isEmpty())
        m_splitter->restoreState(splitter);
    else
        m_splitter->setSizes({600, 400}); // shares: the splitter scales them to its width
    const QByteArray header = settings.value(SettingKey::BrowserTreeHeader).toByteArray();
    QHeaderView *view = m_tree->header();
    // A layout saved when the tree had other columns is left alone: its section numbers would mean others now.
    if (!header.isEmpty()) {
        const QSignalBlocker quiet(view);
        QHeaderView probe(Qt::Horizontal);
        probe.setModel(m_treeModel);
        if (probe.restoreState(header) && probe.count() == Tree::ColumnCount)
            view->restoreState(header);
    }
    const auto key = Tree::sortKey(view->sortIndicatorSection());
    m_order = key ? store::ObservationOrder{*key, view->sortIndicatorOrder() == Qt::DescendingOrder}
                  : store::ObservationOrder{};
    if (!key) {
        const QSignalBlocker quiet(view);
        view->setSortIndicator(Tree::NameColumn, Qt::AscendingOrder);
    }
}

} // namespace mirror::ui
