#include "views/jobs_page.h"

#include "common/settings.h"
#include "models/icon_set.h"
#include "models/job_list_model.h"
#include "sync/artifact_report_format.h"
#include "sync/harvest_report_format.h"
#include "views/job_launch_dialog.h"
#include "views/job_progress_delegate.h"
#include "views/job_scheduler.h"
#include "views/log_page.h"
#include "views/message_widget.h"
#include "views/runs_elsewhere_watcher.h"
#include "views/schedules_pane.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTreeView>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace mirror::ui {

namespace {

QString dateText(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString browseLink(const QString &source, const QString &collection)
{
    QUrl url;
    url.setScheme(QStringLiteral("browse"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("source"), source);
    query.addQueryItem(QStringLiteral("collection"), collection);
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

} // namespace

JobsPage::JobsPage(Settings *settings, QWidget *parent) : QWidget(parent), m_settings(settings)
{
    setObjectName(QStringLiteral("jobsPage"));
    m_model = new models::JobListModel(this);
    m_runner = new JobRunner(m_model, this);
    m_elsewhere = new RunsElsewhereWatcher(m_model, this);

    const auto button = [this](const QString &text, const QString &name, const QString &tip) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(name);
        b->setToolTip(tip);
        return b;
    };
    QPushButton *newJob = button(tr("&New job\u2026"), QStringLiteral("newJobButton"),
                                 tr("Harvest, retry, validate or re-check (Ctrl+J)"));
    m_pause = button(tr("&Pause"), QStringLiteral("pauseJobButton"), tr("Pause the selected job"));
    m_resume = button(tr("Res&ume"), QStringLiteral("resumeJobButton"), tr("Resume the selected job"));
    m_cancel = button(tr("&Cancel"), QStringLiteral("cancelJobButton"),
                      tr("Cancel the selected job: what is committed stays, the next run goes on from there"));
    m_pauseAll = button(tr("Pause all"), QStringLiteral("pauseAllButton"), tr("Pause every running job"));
    m_resumeAll = button(tr("Resume all"), QStringLiteral("resumeAllButton"), tr("Resume every paused job"));
    m_cancelAll =
        button(tr("Cancel all"), QStringLiteral("cancelAllButton"), tr("Cancel every running and queued job"));
    m_clearFinished =
        button(tr("Clear finished"), QStringLiteral("clearFinishedButton"), tr("Remove finished jobs from the list"));
    // The toolbar's icons, so a job's controls look the same wherever they appear.
    newJob->setIcon(models::icon(models::IconName::NewJob));
    for (QPushButton *pause : {m_pause, m_pauseAll})
        pause->setIcon(models::icon(models::IconName::Pause));
    for (QPushButton *resume : {m_resume, m_resumeAll})
        resume->setIcon(models::icon(models::IconName::Resume));
    for (QPushButton *cancel : {m_cancel, m_cancelAll})
        cancel->setIcon(models::icon(models::IconName::Cancel));

    auto *bar = new QHBoxLayout;
    bar->addWidget(newJob);
    bar->addSpacing(12);
    for (QPushButton *b : {m_pause, m_resume, m_cancel})
        bar->addWidget(b);
    bar->addStretch();
    for (QPushButton *b : {m_pauseAll, m_resumeAll, m_cancelAll, m_clearFinished})
        bar->addWidget(b);

    m_message = new MessageWidget(this);
    m_message->setObjectName(QStringLiteral("jobsMessage"));

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("jobsView"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setItemDelegateForColumn(models::JobListModel::ProgressColumn, new JobProgressDelegate(m_view));
    // The status says the most; it goes last and takes the width the numbers leave.
    m_view->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->header()->moveSection(models::JobListModel::StatusColumn, models::JobListModel::ColumnCount - 1);
    m_view->header()->setStretchLastSection(true);
    const std::pair<int, int> widths[] = {
        {models::JobListModel::SourceColumn, 64}, {models::JobListModel::CollectionColumn, 80},
        {models::JobListModel::ModeColumn, 100},  {models::JobListModel::ProgressColumn, 120},
        {models::JobListModel::RateColumn, 56},   {models::JobListModel::EtaColumn, 76},
        {models::JobListModel::StartedColumn, 64}};
    for (const auto &[column, width] : widths)
        m_view->header()->resizeSection(column, width);
    for (int column = models::JobListModel::ListedColumn; column <= models::JobListModel::FailedColumn; ++column)
        m_view->header()->resizeSection(column, 60);

    m_summary = new QTextBrowser(this);
    m_summary->setObjectName(QStringLiteral("jobSummary"));
    m_summary->setOpenLinks(false);
    m_copyJson = button(tr("Copy as JSON"), QStringLiteral("copyJobJsonButton"),
                        tr("The selected job's reports as caom-sync harvest --json prints them"));
    auto *summaryPane = new QWidget(this);
    auto *summaryLayout = new QVBoxLayout(summaryPane);
    summaryLayout->setContentsMargins(0, 0, 0, 0);
    summaryLayout->addWidget(m_summary, 1);
    auto *summaryBar = new QHBoxLayout;
    summaryBar->addStretch();
    summaryBar->addWidget(m_copyJson);
    summaryLayout->addLayout(summaryBar);

    m_log = new LogPage(this);
    m_details = new QTabWidget(this);
    m_details->setObjectName(QStringLiteral("jobDetailTabs"));
    m_details->setDocumentMode(true);
    m_details->addTab(summaryPane, tr("Summary"));
    m_details->addTab(m_log, tr("Log"));
    m_scheduler = new JobScheduler(
        m_settings, m_model, [this](const JobRequest &request) { return launch(request); }, this);
    m_details->addTab(new SchedulesPane(m_settings, m_scheduler, this), tr("Schedules"));

    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("jobsSplitter"));
    split->addWidget(m_view);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);

    connect(newJob, &QPushButton::clicked, this, [this] { showLaunchDialog(); });
    connect(m_pause, &QPushButton::clicked, this, [this] { m_runner->pause(selectedId()); });
    connect(m_resume, &QPushButton::clicked, this, [this] { m_runner->resume(selectedId()); });
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_runner->cancel(selectedId()); });
    connect(m_pauseAll, &QPushButton::clicked, m_runner, &JobRunner::pauseAll);
    connect(m_resumeAll, &QPushButton::clicked, m_runner, &JobRunner::resumeAll);
    connect(m_cancelAll, &QPushButton::clicked, m_runner, &JobRunner::cancelAll);
    connect(m_clearFinished, &QPushButton::clicked, m_model, &models::JobListModel::clearFinished);
    connect(m_copyJson, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(QString::fromUtf8(summaryJson(selectedId()))); });
    connect(m_summary, &QTextBrowser::anchorClicked, this, &JobsPage::showSummaryLink);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateButtons();
        updateSummary();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from) {
        updateButtons();
        if (from.row() == m_view->currentIndex().row())
            updateSummary();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first) {
        // A new job of this console becomes the selected one, so its progress shows below at once.
        if (m_model->rowAt(first)->state == models::JobState::Queued || !m_view->currentIndex().isValid())
            m_view->setCurrentIndex(m_model->index(first, 0));
        updateButtons();
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this] {
        updateButtons();
        updateSummary();
    });
    connect(m_model, &models::JobListModel::jobEnded, this, &JobsPage::onJobEnded);
    updateButtons();
    updateSummary();
}

JobsPage::~JobsPage() = default;

void JobsPage::setStore(std::shared_ptr<store::Store> store)
{
    m_runner->setStore(store);
    m_scheduler->setActive(store != nullptr);
    m_elsewhere->setStore(std::move(store));
    updateButtons();
}

JobRequest JobsPage::withArtifactRoot(JobRequest request) const
{
    if (request.artifactMode && request.artifactRoot.isEmpty())
        request.artifactRoot = m_settings->artifactRoot();
    return request;
}

quint64 JobsPage::launch(const JobRequest &request)
{
    auto source = m_settings->source(request.source);
    if (!source) {
        m_message->showMessage(tr("The job was not started: %1.").arg(QString::fromStdString(source.error().message)),
                               MessageWidget::Kind::Error);
        return 0;
    }
    if (const QString text = JobLaunchDialog::confirmationText({request}); !text.isEmpty()) {
        const QString title = tr("Change the local store?");
        const bool go = m_confirm
            ? m_confirm(title, text)
            : QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
                == QMessageBox::Yes;
        if (!go)
            return 0;
    }
    auto started = m_runner->launch(*source, withArtifactRoot(request));
    if (!started) {
        m_message->showMessage(tr("The job was not started: %1").arg(QString::fromStdString(started.error().message)),
                               MessageWidget::Kind::Error);
        return 0;
    }
    m_message->hideMessage();
    return *started;
}

void JobsPage::showLaunchDialog(const QString &source, const QString &collection)
{
    JobLaunchDialog dialog(m_settings->sources(), m_known, this);
    if (!source.isEmpty())
        dialog.preselect(source, collection);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const std::vector<JobRequest> requests = dialog.requests();
    // One question for everything the launch changes, rather than one per source.
    if (const QString text = JobLaunchDialog::confirmationText(requests); !text.isEmpty()) {
        const QString title = tr("Change the local store?");
        const bool go = m_confirm
            ? m_confirm(title, text)
            : QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
                == QMessageBox::Yes;
        if (!go)
            return;
    }
    for (const JobRequest &request : requests) {
        auto configured = m_settings->source(request.source);
        if (!configured) {
            m_message->showMessage(
                tr("%1 was not started: %2.").arg(request.source, QString::fromStdString(configured.error().message)),
                MessageWidget::Kind::Error);
            continue;
        }
        if (auto started = m_runner->launch(*configured, withArtifactRoot(request)); !started)
            m_message->showMessage(
                tr("The job was not started: %1").arg(QString::fromStdString(started.error().message)),
                MessageWidget::Kind::Error);
    }
}

quint64 JobsPage::selectedId() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? m_model->data(current.siblingAtColumn(0), models::JobListModel::JobIdRole).toULongLong()
                             : 0;
}

void JobsPage::updateButtons()
{
    const models::JobRow *job = m_model->jobById(selectedId());
    const bool running = job && job->state == models::JobState::Running;
    m_pause->setEnabled(running && !job->progress.paused);
    m_resume->setEnabled(running && job->progress.paused);
    m_cancel->setEnabled(job && job->active());
    bool anyFinished = false;
    int active = 0;
    int runningCount = 0;
    int pausedCount = 0;
    int queuedCount = 0;
    int elsewhereCount = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const models::JobRow *r = m_model->rowAt(row);
        active += r->active() ? 1 : 0;
        runningCount += r->state == models::JobState::Running && !r->progress.paused ? 1 : 0;
        pausedCount += r->paused() ? 1 : 0;
        queuedCount += r->state == models::JobState::Queued ? 1 : 0;
        elsewhereCount += r->state == models::JobState::RunningElsewhere ? 1 : 0;
        anyFinished |= r->state == models::JobState::Finished || r->state == models::JobState::EndedElsewhere;
    }
    m_pauseAll->setEnabled(runningCount > 0);
    m_resumeAll->setEnabled(pausedCount > 0);
    m_cancelAll->setEnabled(active > 0);
    m_clearFinished->setEnabled(anyFinished);
    m_copyJson->setEnabled(job && !job->results.empty());
    QStringList parts;
    if (runningCount > 0)
        parts << (runningCount == 1 ? tr("1 job running") : tr("%1 jobs running").arg(runningCount));
    if (pausedCount > 0)
        parts << tr("%1 paused").arg(pausedCount);
    if (queuedCount > 0)
        parts << tr("%1 queued").arg(queuedCount);
    if (elsewhereCount > 0)
        parts << tr("%1 running elsewhere").arg(elsewhereCount);
    emit activityChanged(parts.join(QStringLiteral(", ")), active);
}

void JobsPage::select(quint64 id)
{
    const int row = m_model->rowOfId(id);
    if (row >= 0)
        m_view->setCurrentIndex(m_model->index(row, 0));
}

QString JobsPage::summaryText() const
{
    return m_summary->toPlainText();
}

QByteArray JobsPage::summaryJson(quint64 id) const
{
    const models::JobRow *job = m_model->jobById(id);
    QJsonArray reports;
    if (job)
        for (const auto &result : job->results)
            reports.append(harvest::reportJson(result));
    return QJsonDocument(reports).toJson();
}

void JobsPage::updateSummary()
{
    const models::JobRow *job = m_model->jobById(selectedId());
    if (!job) {
        m_summary->setHtml(
            m_model->rowCount() == 0
                ? tr("<p>No jobs yet.</p><p>Start one with <b>New job\u2026</b> (Ctrl+J), or from a collection's "
                     "context menu in the Partners panel. Harvests that caom-sync or another console run on this "
                     "store appear here too, marked as running elsewhere.</p>")
                : tr("<p>Select a job to see its summary.</p>"));
        return;
    }
    QString html = QStringLiteral("<h3>%1</h3>")
                       .arg(tr("%1 %2 \u2014 %3")
                                .arg(job->modeLabel, job->source, models::JobListModel::statusText(*job))
                                .toHtmlEscaped());
    if (job->run) {
        const store::RunRecord &run = *job->run;
        html += tr("<p>Run %1 of %2/%3, started %4 by another program on this store (caom-sync or another console). "
                   "It can be paused or cancelled only there.</p>")
                    .arg(run.key)
                    .arg(run.source.toHtmlEscaped(), run.collection.toHtmlEscaped(), dateText(run.startedAt));
        html += tr("<p>So far: %1 observations written or confirmed, %2 deleted, %3 failed.</p>")
                    .arg(QLocale().toString(run.counts.itemsOk), QLocale().toString(run.counts.deletions),
                         QLocale().toString(run.counts.itemsFailed));
        if (!run.errorSummary.isEmpty())
            html += QStringLiteral("<p>%1</p>").arg(run.errorSummary.toHtmlEscaped());
        m_summary->setHtml(html);
        return;
    }
    if (job->state == models::JobState::Queued)
        html += tr("<p>Waits until the running job of %1 ends: a partner is asked by one harvest at a time.</p>")
                    .arg(job->source.toHtmlEscaped());
    if (job->state == models::JobState::Running && job->movesFiles()) {
        const harvest::HarvestCounts c = job->totals();
        html += tr("<p>%1 %2: examined %3, downloaded %4 (%5), already here %6, queued %7, failed %8.</p>")
                    .arg(job->collection.toHtmlEscaped(), job->progress.phase.toHtmlEscaped(),
                         QLocale().toString(c.listed), QLocale().toString(c.fetched),
                         harvest::byteSizeText(double(job->progress.bytesDone.value_or(c.bytes))),
                         QLocale().toString(c.unchanged), QLocale().toString(c.ingested), QLocale().toString(c.failed));
    } else if (job->state == models::JobState::Running) {
        const harvest::HarvestCounts c = job->totals();
        html += tr("<p>%1 %2: listed %3, fetched %4, new %5, updated %6, deleted %7, failed %8.</p>")
                    .arg(job->collection.toHtmlEscaped(), job->progress.phase.toHtmlEscaped(),
                         QLocale().toString(c.listed), QLocale().toString(c.fetched), QLocale().toString(c.ingested),
                         QLocale().toString(c.updated), QLocale().toString(c.deleted), QLocale().toString(c.failed));
    }
    if (job->engineJob != 0) {
        QUrl log;
        log.setScheme(QStringLiteral("log"));
        log.setPath(harvest::jobLogLabel(job->source, job->mode, job->engineJob));
        html += tr("<p><a href=\"%1\">Show this job's messages in the log</a></p>")
                    .arg(log.toString(QUrl::FullyEncoded).toHtmlEscaped());
    }
    if (job->end) {
        if (!job->end->planError.isEmpty())
            html += QStringLiteral("<p><b>%1</b></p>").arg(job->end->planError.toHtmlEscaped());
        for (const QString &note : job->end->notes)
            html += QStringLiteral("<p>%1</p>").arg(tr("Note: %1").arg(note).toHtmlEscaped());
    }
    for (const harvest::JobResult &result : job->results) {
        html += QStringLiteral("<pre>%1</pre>").arg(harvest::reportText(result).toHtmlEscaped());
        if (result.artifacts)
            continue; // its findings are in the Discrepancies view; the browser's links are about observations
        const harvest::HarvestCounts &c = result.report.counts;
        QStringList links;
        if (c.discrepancies > 0)
            links << tr("<a href=\"%1\">Show the %2 difference(s) found in %3 in the browser</a>")
                         .arg(browseLink(result.source, result.collection))
                         .arg(c.discrepancies)
                         .arg(result.collection.toHtmlEscaped());
        if (c.failed > 0 || c.skippedNew > 0)
            links << tr("<a href=\"%1\">Show %3's observations that are not in sync in the browser</a> (%2 "
                        "failed; each is kept as a skip record that the retry mode works off)")
                         .arg(browseLink(result.source, result.collection))
                         .arg(c.failed)
                         .arg(result.collection.toHtmlEscaped());
        if (!links.isEmpty())
            html += QStringLiteral("<p>%1</p>").arg(links.join(QStringLiteral("<br>")));
    }
    m_summary->setHtml(html);
}

void JobsPage::showSummaryLink(const QUrl &link)
{
    if (link.scheme() == QStringLiteral("log")) {
        m_log->showJob(link.path());
        m_details->setCurrentWidget(m_log);
        return;
    }
    if (link.scheme() != QStringLiteral("browse"))
        return;
    const QUrlQuery query(link);
    emit browseRequested(query.queryItemValue(QStringLiteral("source"), QUrl::FullyDecoded),
                         query.queryItemValue(QStringLiteral("collection"), QUrl::FullyDecoded), true);
}

void JobsPage::onJobEnded(quint64 id)
{
    if (selectedId() == id)
        updateSummary();
    updateButtons();
}

} // namespace mirror::ui
