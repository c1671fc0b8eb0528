#include "views/compare_page.h"

#include "common/settings.h"
#include "models/compare_checksum_model.h"
#include "models/compare_field_model.h"
#include "models/compare_look.h"
#include "models/compare_summary.h"
#include "models/compare_tree_model.h"
#include "store/store.h"
#include "sync/observation_refetch.h"
#include "views/compare_document_view.h"
#include "views/compare_loader.h"
#include "views/local_copy_finder.h"
#include "views/message_widget.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMutex>
#include <QMutexLocker>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace mirror::ui {

namespace {

const QString kLocal = QStringLiteral("local");

QTableView *makeTable(const QString &name)
{
    auto *table = new QTableView;
    table->setObjectName(name);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideMiddle);
    return table;
}

} // namespace

struct ComparePage::Relay {
    QMutex mutex;
    ComparePage *owner = nullptr;
};

ComparePage::ComparePage(Settings *settings, QWidget *parent)
    : QWidget(parent),
      m_settings(settings),
      m_relay(std::make_shared<Relay>())
{
    setObjectName(QStringLiteral("comparePage"));
    m_relay->owner = this;
    m_loader = new CompareLoader(this);
    m_finder = new LocalCopyFinder(this);
    m_treeModel = new models::CompareTreeModel(this);
    m_fieldModel = new models::CompareFieldModel(this);
    m_checksumModel = new models::CompareChecksumModel(this);
    m_confirm = [this](const QString &title, const QString &text) {
        return QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            == QMessageBox::Yes;
    };

    m_message = new MessageWidget(this);
    m_message->setObjectName(QStringLiteral("compareMessage"));
    m_headline = new QLabel;
    m_headline->setObjectName(QStringLiteral("compareHeadline"));
    m_headline->setWordWrap(true);
    QFont bold = m_headline->font();
    bold.setBold(true);
    m_headline->setFont(bold);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(buildRequestBar());
    layout->addWidget(m_message);
    layout->addWidget(m_headline);
    layout->addWidget(buildActionBar());
    layout->addWidget(buildBody(), 1);

    // Meld's and KDiff3's keys for the next and previous difference, anywhere on the page.
    const auto shortcut = [this](const QList<QKeySequence> &keys, void (ComparePage::*slot)(), const QString &name) {
        auto *action = new QAction(this);
        action->setObjectName(name);
        action->setShortcuts(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
    };
    shortcut({QKeySequence(Qt::ALT | Qt::Key_Down), QKeySequence(Qt::Key_F7), QKeySequence(Qt::CTRL | Qt::Key_Down)},
             &ComparePage::nextDifference, QStringLiteral("nextDifferenceAction"));
    shortcut(
        {QKeySequence(Qt::ALT | Qt::Key_Up), QKeySequence(Qt::SHIFT | Qt::Key_F7), QKeySequence(Qt::CTRL | Qt::Key_Up)},
        &ComparePage::previousDifference, QStringLiteral("previousDifferenceAction"));

    shortcut({QKeySequence(Qt::Key_Escape)}, &ComparePage::cancelComparison, QStringLiteral("cancelCompareAction"));

    connect(m_loader, &CompareLoader::finished, this, &ComparePage::onFinished);
    fillCopyChoosers();
    m_headline->setText(tr("Choose an observation and the copies to compare, or open one from the Discrepancies "
                           "tab (double-click a row) or the browser (right-click an observation)."));
    updateActions();
}

ComparePage::~ComparePage()
{
    QMutexLocker lock(&m_relay->mutex);
    m_relay->owner = nullptr; // a re-harvest under way reports to no one
}

QWidget *ComparePage::buildRequestBar()
{
    auto *bar = new QWidget;
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_collection = new QLineEdit;
    m_collection->setObjectName(QStringLiteral("compareCollection"));
    m_collection->setPlaceholderText(tr("Collection"));
    m_collection->setMaximumWidth(120);
    m_observation = new QLineEdit;
    m_observation->setObjectName(QStringLiteral("compareObservation"));
    m_observation->setPlaceholderText(tr("Observation ID"));
    const auto chooser = [](const QString &name, const QString &tip) {
        auto *box = new QComboBox;
        box->setObjectName(name);
        box->setToolTip(tip);
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        return box;
    };
    m_copyA = chooser(QStringLiteral("compareCopyA"), tr("The first copy (left column)"));
    m_copyB = chooser(QStringLiteral("compareCopyB"), tr("The second copy"));
    m_copyC = chooser(QStringLiteral("compareCopyC"), tr("A third copy, for a three-way comparison"));
    m_compare = new QPushButton(tr("Compare"));
    m_compare->setObjectName(QStringLiteral("compareButton"));
    m_compare->setToolTip(tr("Read the copies now (partners' copies are fetched live) and compare them"));
    row->addWidget(new QLabel(tr("Observation")));
    row->addWidget(m_collection);
    row->addWidget(new QLabel(QStringLiteral("/")));
    row->addWidget(m_observation, 1);
    row->addSpacing(12);
    row->addWidget(new QLabel(tr("Copies")));
    row->addWidget(m_copyA);
    row->addWidget(new QLabel(tr("vs")));
    row->addWidget(m_copyB);
    row->addWidget(new QLabel(tr("and")));
    row->addWidget(m_copyC);
    row->addWidget(m_compare);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(QStringLiteral("cancelCompare"));
    m_cancel->setToolTip(tr("Stop reading the copies (Esc)"));
    m_cancel->hide();
    row->addWidget(m_cancel);
    connect(m_compare, &QPushButton::clicked, this, &ComparePage::startFromBar);
    connect(m_cancel, &QPushButton::clicked, this, &ComparePage::cancelComparison);
    connect(m_observation, &QLineEdit::returnPressed, this, &ComparePage::startFromBar);
    return bar;
}

QWidget *ComparePage::buildActionBar()
{
    auto *bar = new QWidget;
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_previous = new QToolButton;
    m_previous->setObjectName(QStringLiteral("previousDifference"));
    m_previous->setText(tr("\u25B2 Previous"));
    m_previous->setToolTip(tr("Previous difference (Alt+Up, Shift+F7)"));
    m_next = new QToolButton;
    m_next->setObjectName(QStringLiteral("nextDifference"));
    m_next->setText(tr("\u25BC Next"));
    m_next->setToolTip(tr("Next difference (Alt+Down, F7)"));
    m_position = new QLabel;
    m_position->setObjectName(QStringLiteral("comparePosition"));
    m_position->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long identity path must not widen the window: the label takes the room there is, the tooltip the rest.
    m_position->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_reharvest = new QToolButton;
    m_reharvest->setObjectName(QStringLiteral("reharvestButton"));
    m_reharvest->setText(tr("Re-harvest from\u2026"));
    m_reharvest->setToolTip(tr("Replace the local copy with this partner's, now (the arrow: another partner)"));
    // One click fixes it from the partner compared with; the arrow offers the others.
    m_reharvest->setPopupMode(QToolButton::MenuButtonPopup);
    connect(m_reharvest, &QToolButton::clicked, this, [this] {
        if (QAction *first = m_reharvest->menu()->actions().value(0))
            first->trigger();
    });
    m_reharvest->setMenu(new QMenu(m_reharvest));
    m_acknowledge = new QPushButton(tr("Acknowledge\u2026"));
    m_acknowledge->setObjectName(QStringLiteral("acknowledgeCompare"));
    m_acknowledge->setToolTip(tr("Mark the discrepancy this comparison was opened from as seen, with a note"));
    m_browse = new QPushButton(tr("Open in browser"));
    m_browse->setObjectName(QStringLiteral("openInBrowser"));
    m_copy = new QPushButton(tr("Copy summary"));
    m_copy->setObjectName(QStringLiteral("copyCompareSummary"));
    m_copy->setToolTip(tr("Copy a plain-text account of the differences, to paste into an email to the partner"));
    row->addWidget(m_previous);
    row->addWidget(m_next);
    row->addWidget(m_position, 1);
    row->addWidget(m_reharvest);
    row->addWidget(m_acknowledge);
    row->addWidget(m_browse);
    row->addWidget(m_copy);
    connect(m_previous, &QToolButton::clicked, this, &ComparePage::previousDifference);
    connect(m_next, &QToolButton::clicked, this, &ComparePage::nextDifference);
    connect(m_acknowledge, &QPushButton::clicked, this, &ComparePage::askAcknowledge);
    connect(m_copy, &QPushButton::clicked, this, &ComparePage::copySummary);
    // The local copy is filed under the partner it was harvested from, which need not be one of the copies
    // compared: the store says which.
    m_browse->setToolTip(tr("Show the local copy in the Browser, under the partner it was harvested from"));
    connect(m_browse, &QPushButton::clicked, this, [this] {
        if (m_outcome)
            m_finder->find(m_outcome->request.collection, m_outcome->request.observationID);
    });
    connect(m_finder, &LocalCopyFinder::found, this, &ComparePage::browseRequested);
    m_finder->reportTo(m_message);
    return bar;
}

QWidget *ComparePage::buildBody()
{
    m_tree = new QTreeView;
    m_tree->setObjectName(QStringLiteral("compareTree"));
    m_tree->setModel(m_treeModel);
    m_tree->setUniformRowHeights(true);
    m_tree->setAllColumnsShowFocus(true);
    // The state and checksum columns always show; the entity's name takes the rest, cut in the middle.
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(models::CompareTreeModel::EntityColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(models::CompareTreeModel::StateColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(models::CompareTreeModel::ChecksumColumn, QHeaderView::ResizeToContents);
    m_tree->setTextElideMode(Qt::ElideMiddle);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentNodeChanged(current); });

    m_fields = makeTable(QStringLiteral("compareFields"));
    m_fields->setModel(m_fieldModel);
    m_onlyDifferences = new QCheckBox(tr("Only differences"));
    m_onlyDifferences->setObjectName(QStringLiteral("compareOnlyDifferences"));
    m_onlyDifferences->setToolTip(tr("Leave out the fields every copy agrees on"));
    m_onlyDifferences->setChecked(true);
    connect(m_onlyDifferences, &QCheckBox::toggled, this, [this](bool only) {
        const QString path = currentPath();
        m_fieldModel->setOnlyDifferences(only);
        if (m_stop >= 0)
            goToStop(m_stop); // the current field stays selected
        Q_UNUSED(path);
    });
    m_checksums = makeTable(QStringLiteral("compareChecksums"));
    m_checksums->setModel(m_checksumModel);
    m_checksums->setSelectionMode(QAbstractItemView::NoSelection);
    m_diagnosis = new QLabel;
    m_diagnosis->setObjectName(QStringLiteral("compareDiagnosis"));
    m_diagnosis->setWordWrap(true);
    m_diagnosis->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *fieldsPane = new QWidget;
    auto *fieldsLayout = new QVBoxLayout(fieldsPane);
    fieldsLayout->setContentsMargins(0, 0, 0, 0);
    auto *fieldsTop = new QHBoxLayout;
    fieldsTop->addWidget(new QLabel(tr("Fields of the selected entity")), 1);
    fieldsTop->addWidget(m_onlyDifferences);
    fieldsLayout->addLayout(fieldsTop);
    auto *fieldSplit = new QSplitter(Qt::Vertical);
    fieldSplit->addWidget(m_fields);
    auto *sumsPane = new QWidget;
    auto *sumsLayout = new QVBoxLayout(sumsPane);
    sumsLayout->setContentsMargins(0, 0, 0, 0);
    sumsLayout->addWidget(
        new QLabel(tr("Checksums from the observation down to the selected entity (\u25C6 where the copies part)")));
    sumsLayout->addWidget(m_checksums, 1);
    sumsLayout->addWidget(m_diagnosis);
    fieldSplit->addWidget(sumsPane);
    // An entity has a few differing fields and four checksum rows per level: the checksums get the larger part.
    fieldSplit->setStretchFactor(0, 2);
    fieldSplit->setStretchFactor(1, 3);
    fieldsLayout->addWidget(fieldSplit, 1);

    m_documents = new CompareDocumentView;
    m_documents->setObjectName(QStringLiteral("compareDocuments"));
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("compareTabs"));
    m_tabs->addTab(fieldsPane, tr("Fields and checksums"));
    m_tabs->addTab(m_documents, tr("Documents side by side"));

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setObjectName(QStringLiteral("compareSplitter"));
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setChildrenCollapsible(false);
    m_tree->setMinimumWidth(280);
    m_tabs->setMinimumWidth(320);
    m_splitter->setSizes({600, 900});
    return m_splitter;
}

void ComparePage::setStore(std::shared_ptr<store::Store> store)
{
    m_store = std::move(store);
    m_loader->setStore(m_store);
    m_finder->setStore(m_store);
    updateActions();
}

void ComparePage::reloadSources()
{
    fillCopyChoosers();
}

void ComparePage::fillCopyChoosers()
{
    QStringList names{kLocal};
    if (m_settings)
        for (const PartnerSource &source : m_settings->sources())
            names << source.name;
    const auto refill = [&](QComboBox *box, bool withNone, int fallback) {
        const QString was = box->currentData().toString();
        const QSignalBlocker block(box);
        box->clear();
        if (withNone)
            box->addItem(tr("(no third copy)"), QString());
        for (const QString &name : names)
            box->addItem(name == kLocal ? tr("local store") : name, name);
        const int at = box->findData(was);
        box->setCurrentIndex(at >= 0 ? at : std::min(fallback, box->count() - 1));
    };
    refill(m_copyA, false, 0);
    refill(m_copyB, false, 1);
    refill(m_copyC, true, 0);
}

void ComparePage::startFromBar()
{
    QStringList copies{m_copyA->currentData().toString(), m_copyB->currentData().toString()};
    if (!m_copyC->currentData().toString().isEmpty())
        copies << m_copyC->currentData().toString();
    compare(m_collection->text().trimmed(), m_observation->text().trimmed(), copies, m_discrepancyKey);
}

bool ComparePage::loading() const
{
    return m_loader->busy();
}

void ComparePage::compare(const QString &collection, const QString &observationID, const QStringList &copies,
                          std::optional<qint64> discrepancyKey)
{
    m_discrepancyKey = discrepancyKey;
    {
        const QSignalBlocker a(m_collection);
        const QSignalBlocker b(m_observation);
        m_collection->setText(collection);
        m_observation->setText(observationID);
    }
    const auto choose = [](QComboBox *box, const QString &name) {
        const QSignalBlocker block(box);
        const int at = box->findData(name);
        if (at >= 0)
            box->setCurrentIndex(at);
    };
    if (copies.size() >= 2) {
        choose(m_copyA, copies[0]);
        choose(m_copyB, copies[1]);
        choose(m_copyC, copies.size() > 2 ? copies[2] : QString());
    }

    if (collection.isEmpty() || observationID.isEmpty()) {
        m_message->showMessage(tr("Give the collection and the observation ID to compare"), MessageWidget::Kind::Error);
        return;
    }
    QStringList distinct;
    for (const QString &copy : copies)
        if (!distinct.contains(copy))
            distinct << copy;
    if (distinct.size() < 2) {
        m_message->showMessage(tr("Choose two different copies to compare"), MessageWidget::Kind::Error);
        return;
    }
    models::CompareRequest request;
    request.collection = collection;
    request.observationID = observationID;
    for (const QString &name : distinct) {
        models::CompareSide side;
        if (name == kLocal) {
            side.local = true;
        } else {
            auto source = m_settings ? m_settings->source(name)
                                     : Result<PartnerSource>(Error{ErrorCategory::Fatal, "no settings"});
            if (!source) {
                m_message->showMessage(
                    tr("Cannot compare with %1: %2").arg(name, QString::fromStdString(source.error().message)),
                    MessageWidget::Kind::Error);
                return;
            }
            side.source = *source;
        }
        request.sides.push_back(std::move(side));
    }
    m_message->hideMessage();
    m_headline->setText(tr("Reading %1 from %2\u2026").arg(request.observation(), distinct.join(tr(", "))));
    m_loader->start(request);
    m_cancel->show();
    updateActions();
}

void ComparePage::cancelComparison()
{
    if (!m_loader->busy())
        return;
    const QString observation = m_collection->text() + QLatin1Char('/') + m_observation->text();
    m_loader->cancel(); // the fetches stop where they are; whatever they answer is dropped
    m_cancel->hide();
    // What was shown before belongs to another question: clear it, so nothing on the page passes for an answer.
    showOutcome(nullptr);
    m_message->showMessage(
        tr("Cancelled: %1 was not compared. Press Compare to read the copies again.").arg(observation),
        MessageWidget::Kind::Information);
    m_headline->setText(tr("? %1: comparison cancelled").arg(observation));
    emit statusMessage(tr("Comparison of %1 cancelled").arg(observation));
}

void ComparePage::onFinished(const std::shared_ptr<const models::CompareOutcome> &outcome)
{
    m_cancel->hide();
    showOutcome(outcome);
}

void ComparePage::showOutcome(std::shared_ptr<const models::CompareOutcome> outcome)
{
    m_outcome = std::move(outcome);
    m_treeModel->setOutcome(m_outcome);
    m_fieldModel->setOutcome(m_outcome);
    m_checksumModel->setOutcome(m_outcome);
    m_documents->setOutcome(m_outcome);
    m_stops = m_outcome ? models::differenceStops(m_outcome->comparison) : std::vector<models::DifferenceStop>{};
    m_stop = -1;
    if (!m_outcome) {
        updateActions();
        return;
    }
    // The name columns keep their width; the copies share the rest, side by side like the panes of a diff tool.
    m_fields->setColumnWidth(0, 280);
    for (int c = 1; c < m_fieldModel->columnCount(); ++c)
        m_fields->horizontalHeader()->setSectionResizeMode(c, QHeaderView::Stretch);
    m_checksums->setColumnWidth(models::CompareChecksumModel::LevelColumn, 180);
    m_checksums->horizontalHeader()->setSectionResizeMode(models::CompareChecksumModel::ChecksumColumn,
                                                          QHeaderView::ResizeToContents);
    for (int c = models::CompareChecksumModel::FirstCopyColumn; c < m_checksumModel->columnCount(); ++c)
        m_checksums->horizontalHeader()->setSectionResizeMode(c, QHeaderView::Stretch);

    const caom2::Comparison &c = m_outcome->comparison;
    // Errors first: a copy that could not be read is said above everything, naming the observation and cause.
    const QStringList unreadable = m_outcome->unreadable();
    if (!m_outcome->error.isEmpty())
        m_message->showMessage(m_outcome->error, MessageWidget::Kind::Error);
    else if (!unreadable.isEmpty())
        m_message->showMessage(unreadable.join(QLatin1Char('\n')), MessageWidget::Kind::Error);
    else
        m_message->hideMessage();

    const QString copies = m_outcome->copyNames().join(tr(" vs "));
    if (!m_outcome->error.isEmpty() || c.nodes.empty())
        m_headline->setText(tr("? %1: nothing to compare (%2)").arg(m_outcome->request.observation(), copies));
    else if (c.identical())
        m_headline->setText(
            tr("\u2713 %1: the copies are identical (%2)").arg(m_outcome->request.observation(), copies));
    else
        m_headline->setText(
            tr("\u2260 %1: %n difference(s) between %2%3", nullptr, stopCount())
                .arg(m_outcome->request.observation(), copies,
                     c.firstParting
                         ? tr("; they first part at %1")
                               .arg(c.nodes[*c.firstParting].path.empty()
                                        ? tr("the observation")
                                        : models::kindWord(c.nodes[*c.firstParting].kind).toLower() + QLatin1Char(' ')
                                            + QString::fromStdString(c.nodes[*c.firstParting].label))
                         : QString()));

    QStringList diagnoses;
    for (std::size_t i = 0; i < c.diagnoses.size(); ++i) {
        const caom2::ChecksumDiagnosis &d = c.diagnoses[i];
        if (d.agrees())
            continue;
        QString line = tr("\u2717 %1's declared checksums disagree with its own fields: %2")
                           .arg(QString::fromStdString(c.copyNames[i]), QString::fromStdString(d.summary()));
        if (d.explainedBy)
            line += QLatin1Char(' ')
                + tr("Another child ordering (%1) would explain it: the partner computed them with other software.")
                      .arg(d.explainedBy == caom2::ChildOrder::Python ? QStringLiteral("python")
                                                                      : QStringLiteral("legacy"));
        diagnoses << line;
    }
    m_diagnosis->setText(diagnoses.join(QLatin1Char('\n')));
    m_diagnosis->setVisible(!diagnoses.isEmpty());

    // Open the tree down to every difference, as Meld opens the folders that hold one.
    m_tree->collapseAll();
    for (std::size_t n = 0; n < c.nodes.size(); ++n)
        if (c.nodes[n].rolledUp != caom2::CompareState::Equal && !c.nodes[n].children.empty())
            m_tree->expand(m_treeModel->indexOfNode(n));
    if (!c.nodes.empty())
        m_tree->expand(m_treeModel->indexOfNode(0));
    if (!m_stops.empty())
        goToStop(0);
    else if (!c.nodes.empty())
        m_tree->setCurrentIndex(m_treeModel->indexOfNode(0));
    updateActions();
    emit comparisonShown();
}

void ComparePage::onCurrentNodeChanged(const QModelIndex &current)
{
    std::optional<std::size_t> node;
    if (current.isValid())
        node = static_cast<std::size_t>(current.data(models::CompareTreeModel::NodeRole).toInt());
    m_fieldModel->setNode(node);
    m_checksumModel->setNode(node);
    updatePosition();
}

void ComparePage::goToStop(int stop)
{
    if (stop < 0 || stop >= stopCount())
        return;
    m_stop = stop;
    const models::DifferenceStop &at = m_stops[static_cast<std::size_t>(stop)];
    const QModelIndex node = m_treeModel->indexOfNode(at.node);
    for (QModelIndex up = node.parent(); up.isValid(); up = up.parent())
        m_tree->expand(up);
    m_tree->setCurrentIndex(node);
    m_tree->scrollTo(node);
    if (at.field) {
        const int row = m_fieldModel->rowOfField(*at.field);
        if (row >= 0) {
            m_fields->setCurrentIndex(m_fieldModel->index(row, 0));
            m_fields->scrollTo(m_fieldModel->index(row, 0));
        }
    } else {
        m_fields->clearSelection();
    }
    updatePosition();
}

void ComparePage::nextDifference()
{
    if (m_stop + 1 < stopCount())
        goToStop(m_stop + 1);
    else if (stopCount() > 0)
        emit statusMessage(tr("That was the last difference"));
}

void ComparePage::previousDifference()
{
    if (m_stop > 0)
        goToStop(m_stop - 1);
    else if (stopCount() > 0)
        emit statusMessage(tr("That was the first difference"));
}

QString ComparePage::currentPath() const
{
    if (!m_outcome || m_stop < 0 || m_stop >= stopCount())
        return {};
    const models::DifferenceStop &at = m_stops[static_cast<std::size_t>(m_stop)];
    if (at.field)
        return QString::fromStdString(m_outcome->comparison.fields[*at.field].path);
    return QString::fromStdString(m_outcome->comparison.nodes[at.node].path);
}

void ComparePage::updatePosition()
{
    if (!m_outcome || stopCount() == 0) {
        m_position->setText(m_outcome && m_outcome->error.isEmpty() && m_outcome->comparison.identical()
                                ? tr("No differences")
                                : QString());
        return;
    }
    const QString where = currentPath();
    QString what;
    if (m_stop >= 0) {
        // The field first, so a narrow window still shows it; the full path is in the tooltip.
        const models::DifferenceStop &at = m_stops[static_cast<std::size_t>(m_stop)];
        const caom2::ComparisonNode &node = m_outcome->comparison.nodes[at.node];
        const QString entity =
            QStringLiteral("%1 %2").arg(models::kindWord(node.kind).toLower(), QString::fromStdString(node.label));
        what = at.field
            ? tr("%1 of %2").arg(QString::fromStdString(m_outcome->comparison.fields[*at.field].field), entity)
            : tr("%1, %2").arg(entity, models::compareLook(node, m_outcome->copyNames()).label);
    }
    m_position->setText(m_stop < 0 ? tr("%n difference(s): Alt+Down or F7 goes to the first", nullptr, stopCount())
                                   : tr("Difference %1 of %2: %3").arg(m_stop + 1).arg(stopCount()).arg(what));
    m_position->setToolTip(where);
}

void ComparePage::updateActions()
{
    const bool shown = m_outcome != nullptr;
    m_previous->setEnabled(shown && m_stop > 0);
    m_next->setEnabled(shown && m_stop + 1 < stopCount());
    m_copy->setEnabled(shown);
    m_browse->setEnabled(shown);
    m_acknowledge->setEnabled(shown && m_discrepancyKey.has_value());
    m_acknowledge->setVisible(m_discrepancyKey.has_value());

    // Re-harvest: only into the local store, from a partner that is one of the copies.
    QMenu *menu = m_reharvest->menu();
    menu->clear();
    bool local = false;
    if (m_outcome) {
        for (const models::CompareSide &side : m_outcome->request.sides)
            local = local || side.local;
        for (const models::CompareSide &side : m_outcome->request.sides) {
            if (side.local)
                continue;
            const QString partner = side.source.name;
            QAction *action = menu->addAction(tr("Replace the local copy with %1's").arg(partner));
            action->setObjectName(QStringLiteral("reharvestFrom-") + partner);
            connect(action, &QAction::triggered, this, [this, partner] {
                if (!m_outcome)
                    return;
                if (m_confirm(tr("Re-harvest"),
                              tr("Replace the local copy of %1 with %2's now?\n\nThe local document, with all its "
                                 "planes, artifacts, parts and chunks, becomes what %2 serves now, once it passes the "
                                 "checksum check. Downloaded files are not touched.")
                                  .arg(m_outcome->request.observation(), partner)))
                    reharvestFrom(partner);
            });
        }
    }
    m_reharvest->setEnabled(shown && local && m_store && !menu->isEmpty());
    const QList<QAction *> partners = menu->actions();
    m_reharvest->setText(partners.isEmpty() || !local
                             ? tr("Re-harvest from\u2026")
                             : tr("Re-harvest from %1")
                                   .arg(partners.front()->objectName().mid(QStringLiteral("reharvestFrom-").size())));
    // The buttons' states follow the stop: refresh them when it moves.
    if (shown) {
        m_previous->setEnabled(m_stop > 0);
        m_next->setEnabled(m_stop + 1 < stopCount());
    }
}

void ComparePage::askAcknowledge()
{
    if (!m_discrepancyKey || !m_outcome)
        return;
    bool ok = false;
    const QString note = QInputDialog::getText(
        this, tr("Acknowledge"),
        tr("Why is the discrepancy of %1 acknowledged? The note stays with it.").arg(m_outcome->request.observation()),
        QLineEdit::Normal, {}, &ok);
    if (ok && !note.trimmed().isEmpty())
        emit acknowledgeRequested(*m_discrepancyKey, note.trimmed());
}

QString ComparePage::summaryText() const
{
    return m_outcome ? models::comparisonSummary(*m_outcome) : QString();
}

void ComparePage::copySummary()
{
    const QString text = summaryText();
    if (text.isEmpty())
        return;
    QApplication::clipboard()->setText(text);
    emit statusMessage(tr("Copied a summary of the comparison of %1").arg(m_outcome->request.observation()));
}

void ComparePage::reharvestFrom(const QString &partner)
{
    if (!m_outcome || !m_store || !m_settings)
        return;
    auto source = m_settings->source(partner);
    if (!source) {
        m_message->showMessage(
            tr("Cannot re-harvest from %1: %2").arg(partner, QString::fromStdString(source.error().message)),
            MessageWidget::Kind::Error);
        return;
    }
    const quint64 token = ++m_refetchToken;
    const QString collection = m_outcome->request.collection;
    const QString observationID = m_outcome->request.observationID;
    m_headline->setText(tr("Re-harvesting %1 from %2\u2026").arg(m_outcome->request.observation(), partner));
    m_reharvest->setEnabled(false);
    (void)QtConcurrent::run([store = m_store, source = *source, collection, observationID, relay = m_relay, token] {
        auto done = harvest::refetchObservation(store, source, collection, observationID);
        store->releaseThreadConnection();
        const bool ok = done.ok();
        const QString message = ok ? done->message : QString::fromStdString(done.error().message);
        QMutexLocker lock(&relay->mutex);
        if (ComparePage *owner = relay->owner)
            QMetaObject::invokeMethod(
                owner,
                [owner, token, ok, message, partner = source.name] { owner->onRefetched(token, ok, message, partner); },
                Qt::QueuedConnection);
    });
}

void ComparePage::onRefetched(quint64 token, bool ok, const QString &message, const QString &partner)
{
    if (token != m_refetchToken || !m_outcome)
        return;
    if (!ok) {
        m_message->showMessage(message, MessageWidget::Kind::Error);
        updateActions();
        return;
    }
    emit statusMessage(message);
    const models::CompareRequest request = m_outcome->request;
    emit observationRefetched(partner, request.collection, request.observationID);
    // Compare again, so the view shows what the store holds now.
    m_headline->setText(message + QStringLiteral(" \u2014 ") + tr("comparing again\u2026"));
    m_loader->start(request);
    m_cancel->show();
}

} // namespace mirror::ui
