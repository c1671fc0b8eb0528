#include "views/discrepancies_page.h"

#include "common/settings.h"
#include "models/discrepancy_list_model.h"
#include "models/model_roles.h"
#include "views/bulk_refetch.h"
#include "views/discrepancy_actions.h"
#include "views/local_copy_finder.h"
#include "views/message_widget.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTimeZone>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace mirror::ui {

namespace {

// The classes an operator toggles, in the order they matter.
const QStringList kClasses{QStringLiteral("checksum-differs"), QStringLiteral("missing-locally"),
                           QStringLiteral("missing-remotely"), QStringLiteral("timestamp-differs"),
                           QStringLiteral("pending")};

} // namespace

DiscrepanciesPage::DiscrepanciesPage(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("discrepanciesPage"));
    m_model = new models::DiscrepancyListModel(this);

    auto *toggles = new QHBoxLayout;
    toggles->addWidget(new QLabel(tr("Show:")));
    for (const QString &cls : kClasses) {
        auto *button = new QToolButton;
        button->setObjectName(QStringLiteral("class-") + cls);
        button->setCheckable(true);
        button->setChecked(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setText(models::DiscrepancyListModel::classGlyph(cls) + QLatin1Char(' ')
                        + models::DiscrepancyListModel::classLabel(cls));
        connect(button, &QToolButton::toggled, this, &DiscrepanciesPage::applyFilter);
        toggles->addWidget(button);
        m_classButtons.emplace(cls, button);
    }
    toggles->addStretch(1);

    auto *filters = new QHBoxLayout;
    m_partner = new QLineEdit;
    m_partner->setObjectName(QStringLiteral("partnerFilter"));
    m_partner->setPlaceholderText(tr("Partner"));
    m_partner->setClearButtonEnabled(true);
    m_collection = new QLineEdit;
    m_collection->setObjectName(QStringLiteral("collectionFilter"));
    m_collection->setPlaceholderText(tr("Collection"));
    m_collection->setClearButtonEnabled(true);
    m_text = new QLineEdit;
    m_text->setObjectName(QStringLiteral("textFilter"));
    m_text->setPlaceholderText(tr("Observation ID contains\u2026"));
    m_text->setClearButtonEnabled(true);
    m_openOnly = new QCheckBox(tr("Open only"));
    m_openOnly->setObjectName(QStringLiteral("openOnly"));
    m_openOnly->setToolTip(tr("Leave out what an operator has acknowledged"));
    filters->addWidget(m_partner, 1);
    filters->addWidget(m_collection, 1);
    filters->addWidget(m_text, 2);
    m_found = new QComboBox;
    m_found->setObjectName(QStringLiteral("foundFilter"));
    m_found->setToolTip(tr("When the discrepancies were found"));
    m_found->addItem(tr("Found any time"), qint64(0));
    m_found->addItem(tr("Found in the last hour"), qint64(3600));
    m_found->addItem(tr("Found in the last 24 hours"), qint64(86400));
    m_found->addItem(tr("Found in the last 7 days"), qint64(7 * 86400));
    m_found->addItem(tr("Found in the last 30 days"), qint64(30 * 86400));
    filters->addWidget(m_found);
    m_runFilter = new QToolButton;
    m_runFilter->setObjectName(QStringLiteral("runFilter"));
    m_runFilter->setToolTip(tr("Only what one comparison run found; click to show every run's findings"));
    m_runFilter->hide();
    connect(m_runFilter, &QToolButton::clicked, this, [this] {
        m_runKey.reset();
        m_runFilter->hide();
        applyFilter();
    });
    filters->addWidget(m_runFilter);
    filters->addWidget(m_openOnly);
    // Typing filters after a short pause, so each key press does not start a query.
    auto *typing = new QTimer(this);
    typing->setSingleShot(true);
    typing->setInterval(250);
    connect(typing, &QTimer::timeout, this, &DiscrepanciesPage::applyFilter);
    for (QLineEdit *edit : {m_partner, m_collection, m_text})
        connect(edit, &QLineEdit::textChanged, typing, qOverload<>(&QTimer::start));
    connect(m_openOnly, &QCheckBox::toggled, this, &DiscrepanciesPage::applyFilter);
    connect(m_found, &QComboBox::currentIndexChanged, this, &DiscrepanciesPage::applyFilter);

    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("discrepancyTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(models::DiscrepancyListModel::Found, Qt::DescendingOrder);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(models::DiscrepancyListModel::Observation, 300);
    m_table->setColumnWidth(models::DiscrepancyListModel::Class, 170);
    m_table->setColumnWidth(models::DiscrepancyListModel::Found, 130);
    m_table->setColumnWidth(models::DiscrepancyListModel::Checksums, 200);
    m_table->setWordWrap(false);
    // Double-click or Enter on a row: the observation's copies side by side.
    connect(m_table, &QTableView::activated, this, [this] { compareCurrent(); });
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QTableView::customContextMenuRequested, this, &DiscrepanciesPage::showRowMenu);

    m_message = new MessageWidget(this);
    m_message->setObjectName(QStringLiteral("discrepancyMessage"));
    m_refetch = new BulkRefetch(this);
    connect(m_refetch, &BulkRefetch::progressed, this, &DiscrepanciesPage::onRefetchProgress);
    connect(m_refetch, &BulkRefetch::finished, this, &DiscrepanciesPage::onRefetchFinished);
    m_finder = new LocalCopyFinder(this);
    connect(m_finder, &LocalCopyFinder::found, this, &DiscrepanciesPage::browseRequested);
    m_finder->reportTo(m_message);
    m_confirm = [this](const QString &title, const QString &text) {
        return QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            == QMessageBox::Yes;
    };

    auto *actions = new QHBoxLayout;
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("discrepancySummary"));
    m_acknowledge = new QPushButton(tr("Acknowledge\u2026"));
    m_acknowledge->setObjectName(QStringLiteral("acknowledgeButton"));
    m_acknowledge->setToolTip(tr("Mark the selected discrepancies seen, with a note saying why"));
    m_copy = new QPushButton(tr("Copy summary"));
    m_copy->setObjectName(QStringLiteral("copySummaryButton"));
    m_copy->setToolTip(tr("Copy a plain-text summary of the selection, to paste into an email to the partner"));
    m_compare = new QPushButton(tr("Compare"));
    m_compare->setObjectName(QStringLiteral("compareDiscrepancyButton"));
    m_compare->setToolTip(tr("See this observation's local copy and the partner's side by side (double-click, Enter)"));
    m_browse = new QPushButton(tr("Open in browser"));
    m_browse->setObjectName(QStringLiteral("browseDiscrepancyButton"));
    m_browse->setToolTip(tr("Show this observation's local copy in the Browser, under the partner it was harvested "
                            "from"));
    m_reharvest = new QToolButton;
    m_reharvest->setObjectName(QStringLiteral("reharvestDiscrepancies"));
    m_reharvest->setText(tr("Re-harvest"));
    m_reharvest->setToolTip(tr("Replace the local copies of the selected observations with the partner's current "
                               "copy, now (the arrow: from another partner)"));
    m_reharvest->setPopupMode(QToolButton::MenuButtonPopup);
    m_reharvest->setMenu(new QMenu(m_reharvest));
    connect(m_reharvest->menu(), &QMenu::aboutToShow, this, [this] { fillReharvestMenu(m_reharvest->menu()); });
    m_retry = new QPushButton(tr("Retry skipped"));
    m_retry->setObjectName(QStringLiteral("retryDiscrepancies"));
    m_retry->setToolTip(tr("Run a retry job for the selection's partners and collections: the observations whose "
                           "last harvest failed are fetched again (Jobs tab)"));
    actions->addWidget(m_summary, 1);
    actions->addWidget(m_compare);
    actions->addWidget(m_browse);
    actions->addWidget(m_reharvest);
    actions->addWidget(m_retry);
    actions->addWidget(m_copy);
    actions->addWidget(m_acknowledge);
    connect(m_acknowledge, &QPushButton::clicked, this, &DiscrepanciesPage::askAcknowledge);
    connect(m_copy, &QPushButton::clicked, this, &DiscrepanciesPage::copySummary);
    connect(m_compare, &QPushButton::clicked, this, &DiscrepanciesPage::compareCurrent);
    connect(m_browse, &QPushButton::clicked, this, &DiscrepanciesPage::browseCurrent);
    connect(m_reharvest, &QToolButton::clicked, this, [this] { reharvestSelection(); });
    connect(m_retry, &QPushButton::clicked, this, &DiscrepanciesPage::retrySelection);

    // While a re-harvest runs: how far it is, which observation it just did, and Cancel.
    m_progressRow = new QWidget;
    auto *progress = new QHBoxLayout(m_progressRow);
    progress->setContentsMargins(0, 0, 0, 0);
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("reharvestProgress"));
    m_progress->setFormat(tr("%v of %m"));
    m_progress->setMaximumWidth(240);
    m_progressText = new QLabel;
    m_progressText->setObjectName(QStringLiteral("reharvestProgressText"));
    m_progressText->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_cancelReharvest = new QPushButton(tr("Cancel"));
    m_cancelReharvest->setObjectName(QStringLiteral("cancelReharvest"));
    m_cancelReharvest->setToolTip(tr("Stop after the observation under way; what was re-harvested stays"));
    connect(m_cancelReharvest, &QPushButton::clicked, this, &DiscrepanciesPage::cancelReharvest);
    progress->addWidget(m_progress);
    progress->addWidget(m_progressText, 1);
    progress->addWidget(m_cancelReharvest);
    m_progressRow->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(toggles);
    layout->addLayout(filters);
    layout->addWidget(m_message);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_progressRow);
    layout->addLayout(actions);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DiscrepanciesPage::updateActions);
    connect(m_model, &models::DiscrepancyListModel::countChanged, this, &DiscrepanciesPage::updateActions);
    connect(m_model, &models::DiscrepancyListModel::loadFailed, this, [this](const QString &message) {
        m_summary->setText(tr("Cannot read the discrepancies: %1").arg(message));
    });
    updateActions();
}

DiscrepanciesPage::~DiscrepanciesPage() = default;

void DiscrepanciesPage::setStore(std::shared_ptr<store::Store> store)
{
    m_model->setReader(nullptr);
    m_reader.reset();
    m_store = store;
    m_finder->setStore(store);
    if (store) {
        m_reader = std::make_unique<store::DiscrepancyReader>(std::move(store));
        connect(m_reader.get(), &store::DiscrepancyReader::classCountsLoaded, this, &DiscrepanciesPage::onClassCounts);
        connect(m_reader.get(), &store::DiscrepancyReader::acknowledged, this, [this](quint64 token, int changed) {
            if (token != m_ackToken)
                return;
            emit statusMessage(tr("Acknowledged %n discrepancies", nullptr, changed));
            refresh();
        });
    }
    m_model->setReader(m_reader.get());
    applyFilter();
}

void DiscrepanciesPage::showTarget(const QString &source, const QString &collection, std::optional<qint64> runKey)
{
    if (!m_refetch->busy())
        m_message->hideMessage(); // what it said concerned the list shown before
    m_runKey = runKey;
    m_runFilter->setText(runKey ? tr("Only run %1 \u2715").arg(*runKey) : QString());
    m_runFilter->setVisible(runKey.has_value());
    const QSignalBlocker blockPartner(m_partner);
    const QSignalBlocker blockCollection(m_collection);
    m_partner->setText(source);
    m_collection->setText(collection);
    applyFilter();
}

void DiscrepanciesPage::showOpenDifferences(const QString &source, const QString &collection)
{
    const QStringList open{QStringLiteral("checksum-differs"), QStringLiteral("missing-locally"),
                           QStringLiteral("missing-remotely")};
    for (const auto &[cls, button] : m_classButtons) {
        const QSignalBlocker quiet(button);
        button->setChecked(open.contains(cls));
    }
    {
        const QSignalBlocker quiet(m_openOnly);
        m_openOnly->setChecked(true);
    }
    {
        const QSignalBlocker quiet(m_text);
        m_text->clear();
    }
    // By class: checksum differences, the ones with a field to look at, come first.
    m_table->sortByColumn(models::DiscrepancyListModel::Class, Qt::AscendingOrder);
    showTarget(source, collection);
}

void DiscrepanciesPage::refresh()
{
    m_model->reload();
    requestCounts();
}

void DiscrepanciesPage::applyFilter()
{
    store::DiscrepancyFilter filter;
    filter.source = m_partner->text().trimmed();
    filter.collection = m_collection->text().trimmed();
    filter.text = m_text->text().trimmed();
    filter.includeAcknowledged = !m_openOnly->isChecked();
    filter.runKey = m_runKey;
    if (const qint64 within = m_found->currentData().toLongLong(); within > 0)
        filter.detectedFrom = QDateTime::currentMSecsSinceEpoch() - within * 1000;
    bool all = true;
    for (const auto &[cls, button] : m_classButtons) {
        if (button->isChecked())
            filter.classes << cls;
        else
            all = false;
    }
    if (all)
        filter.classes.clear(); // every class, including any the toggles do not name
    else if (filter.classes.isEmpty())
        filter.classes << QStringLiteral("(none)"); // every toggle off: nothing matches
    m_model->setFilter(filter);
    requestCounts();
}

void DiscrepanciesPage::requestCounts()
{
    if (!m_reader)
        return;
    m_countsToken = m_reader->newToken();
    m_reader->requestClassCounts(m_countsToken, m_model->filter());
}

void DiscrepanciesPage::onClassCounts(quint64 token, const store::ClassCounts &counts)
{
    if (token != m_countsToken)
        return;
    for (const auto &[cls, button] : m_classButtons) {
        qint64 count = 0;
        for (const store::ClassCount &c : counts)
            if (c.cls == cls)
                count = c.count;
        button->setText(QStringLiteral("%1 %2  %3")
                            .arg(models::DiscrepancyListModel::classGlyph(cls),
                                 models::DiscrepancyListModel::classLabel(cls), QLocale().toString(count)));
    }
}

void DiscrepanciesPage::updateActions()
{
    const int selected = static_cast<int>(m_table->selectionModel()->selectedRows().size());
    m_acknowledge->setEnabled(selected > 0 && m_reader);
    m_copy->setEnabled(selected > 0);
    m_compare->setEnabled(m_table->currentIndex().isValid() && m_reader);
    m_browse->setEnabled(m_table->currentIndex().isValid() && m_store);
    m_reharvest->setEnabled(selected > 0 && m_store && m_settings && !m_refetch->busy());
    m_retry->setEnabled(selected > 0 && m_settings);
    const QString total = m_model->countKnown() ? tr("%n discrepancies", nullptr, static_cast<int>(m_model->rowCount()))
                                                : tr("Counting\u2026");
    m_summary->setText(selected > 0 ? tr("%1, %n selected", nullptr, selected).arg(total) : total);
}

QString DiscrepanciesPage::selectionSummary() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList lines;
    for (const QModelIndex &index : rows) {
        const store::DiscrepancyRow *row = m_model->rowAt(index.row());
        if (!row)
            continue;
        const store::Discrepancy &d = row->discrepancy;
        QString line = QStringLiteral("%1/%2 (%3): %4")
                           .arg(d.collection, d.observationID, d.source,
                                models::DiscrepancyListModel::classLabel(store::discrepancyClassName(d.cls)).toLower());
        if (!d.localChecksum.isEmpty() || !d.remoteChecksum.isEmpty())
            line += QStringLiteral("; accMetaChecksum here %1, at %2 %3")
                        .arg(d.localChecksum.isEmpty() ? QStringLiteral("none") : d.localChecksum, d.source,
                             d.remoteChecksum.isEmpty() ? QStringLiteral("none") : d.remoteChecksum);
        line +=
            QStringLiteral("; found %1 UTC")
                .arg(
                    QDateTime::fromMSecsSinceEpoch(d.detectedAt, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        lines << line;
    }
    if (lines.isEmpty())
        return {};
    return tr("%n observation(s) differ between our mirror and yours:", nullptr, static_cast<int>(lines.size()))
        + QStringLiteral("\n\n") + lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

void DiscrepanciesPage::copySummary()
{
    const QString text = selectionSummary();
    if (text.isEmpty())
        return;
    QApplication::clipboard()->setText(text);
    emit statusMessage(tr("Copied a summary of %n discrepancies", nullptr,
                          static_cast<int>(m_table->selectionModel()->selectedRows().size())));
}

void DiscrepanciesPage::acknowledgeSelection(const QString &note)
{
    if (!m_reader)
        return;
    std::vector<qint64> keys;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows()) {
        const QVariant key = index.data(models::DiscrepancyListModel::KeyRole);
        if (key.isValid())
            keys.push_back(key.toLongLong());
    }
    if (keys.empty())
        return;
    m_ackToken = m_reader->newToken();
    m_reader->requestAcknowledge(m_ackToken, keys, note);
}

void DiscrepanciesPage::acknowledgeKeys(const std::vector<qint64> &keys, const QString &note)
{
    if (!m_reader || keys.empty())
        return;
    m_ackToken = m_reader->newToken();
    m_reader->requestAcknowledge(m_ackToken, keys, note);
}

void DiscrepanciesPage::compareCurrent()
{
    const QModelIndex current = m_table->currentIndex();
    const store::DiscrepancyRow *row = current.isValid() ? m_model->rowAt(current.row()) : nullptr;
    if (!row)
        return; // not read yet: the row says "Loading…"
    const store::Discrepancy &d = row->discrepancy;
    emit compareRequested(d.source, d.collection, d.observationID, d.key);
}

void DiscrepanciesPage::showRowMenu(const QPoint &position)
{
    const QModelIndex at = m_table->indexAt(position);
    if (!at.isValid())
        return;
    if (!m_table->selectionModel()->isRowSelected(at.row(), {}))
        m_table->selectRow(at.row());
    m_table->setCurrentIndex(at);
    QMenu menu(this);
    QAction *compare = menu.addAction(tr("Compare local and partner copies"));
    compare->setObjectName(QStringLiteral("compareRowAction"));
    connect(compare, &QAction::triggered, this, &DiscrepanciesPage::compareCurrent);
    QAction *browse = menu.addAction(tr("Open in browser"));
    browse->setEnabled(m_store != nullptr);
    connect(browse, &QAction::triggered, this, &DiscrepanciesPage::browseCurrent);
    QMenu *reharvest = menu.addMenu(tr("Re-harvest"));
    reharvest->setEnabled(m_reharvest->isEnabled());
    fillReharvestMenu(reharvest);
    QAction *retry = menu.addAction(tr("Retry skipped"));
    retry->setEnabled(m_retry->isEnabled());
    connect(retry, &QAction::triggered, this, &DiscrepanciesPage::retrySelection);
    menu.addSeparator();
    QAction *copy = menu.addAction(tr("Copy summary"));
    connect(copy, &QAction::triggered, this, &DiscrepanciesPage::copySummary);
    QAction *acknowledge = menu.addAction(tr("Acknowledge…"));
    acknowledge->setEnabled(m_reader != nullptr);
    connect(acknowledge, &QAction::triggered, this, &DiscrepanciesPage::askAcknowledge);
    menu.exec(m_table->viewport()->mapToGlobal(position));
}

void DiscrepanciesPage::askAcknowledge()
{
    const int selected = static_cast<int>(m_table->selectionModel()->selectedRows().size());
    bool ok = false;
    const QString note = QInputDialog::getText(
        this, tr("Acknowledge"),
        tr("Why are these %n discrepancies acknowledged? The note stays with them.", nullptr, selected),
        QLineEdit::Normal, {}, &ok);
    if (ok && !note.trimmed().isEmpty())
        acknowledgeSelection(note.trimmed());
}

std::vector<store::Discrepancy> DiscrepanciesPage::selectedFindings() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    std::vector<store::Discrepancy> out;
    for (const QModelIndex &index : rows)
        if (const store::DiscrepancyRow *row = m_model->rowAt(index.row()))
            out.push_back(row->discrepancy);
    return out;
}

void DiscrepanciesPage::fillReharvestMenu(QMenu *menu)
{
    menu->clear();
    QAction *own = menu->addAction(tr("From the partner that found each"));
    own->setObjectName(QStringLiteral("reharvestFromFinder"));
    connect(own, &QAction::triggered, this, [this] { reharvestSelection(); });
    if (!m_settings)
        return;
    menu->addSeparator();
    for (const PartnerSource &source : m_settings->sources()) {
        const QString name = source.name;
        QAction *from = menu->addAction(tr("From %1").arg(name));
        from->setObjectName(QStringLiteral("reharvestFrom-") + name);
        connect(from, &QAction::triggered, this, [this, name] { reharvestSelection(name); });
    }
}

bool DiscrepanciesPage::reharvestSelection(const std::optional<QString> &partner)
{
    if (!m_store || m_refetch->busy())
        return false;
    const std::vector<store::Discrepancy> findings = selectedFindings();
    const int unread = static_cast<int>(m_table->selectionModel()->selectedRows().size() - findings.size());
    RefetchPlan plan = planRefetch(findings, partner, m_settings);
    if (unread > 0)
        plan.leftOut << tr("%n selected row(s) not read from the store yet (scroll to them first)", nullptr, unread);
    if (plan.items.empty()) {
        m_message->showMessage(tr("Nothing to re-harvest. %1").arg(plan.leftOut.join(QStringLiteral("; "))),
                               MessageWidget::Kind::Warning);
        return false;
    }
    if (!m_confirm(tr("Re-harvest"), refetchQuestion(plan)))
        return false;
    if (!m_refetch->start(m_store, plan.items))
        return false;
    m_message->hideMessage();
    m_progress->setRange(0, static_cast<int>(plan.items.size()));
    m_progress->setValue(0);
    m_progressText->setText(tr("Re-harvesting %n observation(s)\u2026", nullptr, static_cast<int>(plan.items.size())));
    m_cancelReharvest->setEnabled(true);
    m_progressRow->show();
    updateActions();
    return true;
}

bool DiscrepanciesPage::reharvesting() const
{
    return m_refetch->busy();
}

void DiscrepanciesPage::cancelReharvest()
{
    if (!m_refetch->busy())
        return;
    m_refetch->cancel();
    m_cancelReharvest->setEnabled(false);
    m_progressText->setText(tr("Cancelling after the observation under way\u2026"));
}

void DiscrepanciesPage::onRefetchProgress(int done, int total, const QString &current)
{
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    if (!current.isEmpty() && m_cancelReharvest->isEnabled())
        m_progressText->setText(tr("Re-harvesting: %1 done").arg(current));
}

void DiscrepanciesPage::onRefetchFinished(const harvest::RefetchTally &tally)
{
    m_progressRow->hide();
    const bool clean = tally.failed == 0 && tally.notAtPartner == 0 && !tally.cancelled;
    const QString text =
        (tally.cancelled ? tr("Re-harvest cancelled: %1") : tr("Re-harvest: %1")).arg(tally.sentence());
    m_message->showMessage(text, clean ? MessageWidget::Kind::Positive : MessageWidget::Kind::Warning);
    emit statusMessage(text);
    // What was re-harvested is resolved: the list, its counts and the other views follow. The selection goes with
    // it (the rows it named are gone or have moved; kept, it would point at other findings).
    m_table->clearSelection();
    refresh();
    emit observationsRefetched();
    updateActions();
}

void DiscrepanciesPage::retrySelection()
{
    const auto targets = retryTargets(selectedFindings());
    for (const auto &[source, collection] : targets)
        emit retryRequested(source, collection);
    if (!targets.empty())
        emit statusMessage(tr("Retry started for %n partner and collection pair(s): see the Jobs tab", nullptr,
                              static_cast<int>(targets.size())));
}

void DiscrepanciesPage::browseCurrent()
{
    const QModelIndex current = m_table->currentIndex();
    const store::DiscrepancyRow *row = current.isValid() ? m_model->rowAt(current.row()) : nullptr;
    if (!row)
        return;
    m_finder->find(row->discrepancy.collection, row->discrepancy.observationID);
}

} // namespace mirror::ui
