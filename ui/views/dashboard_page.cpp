#include "views/dashboard_page.h"

#include "charts/state_bar_chart.h"
#include "charts/throughput_chart.h"
#include "models/artifact_states_model.h"
#include "models/dashboard_targets_model.h"
#include "models/download_queue_model.h"
#include "models/publication_years_model.h"
#include "models/recent_runs_model.h"
#include "store/store_reader.h"
#include "sync/report_writer.h"
#include "views/message_widget.h"
#include "views/partners_page.h"

#include <QDateTime>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace mirror::ui {

namespace {

constexpr int ageRefreshMs = 60 * 1000; // ages and freshness words move on even when nothing is written

QTableView *tableFor(QAbstractItemModel *model, const QString &name, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->setWordWrap(false);
    return view;
}

} // namespace

DashboardPage::DashboardPage(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("dashboardPage"));
    qRegisterMetaType<harvest::DashboardSnapshot>();
    m_status = new MessageWidget(this);
    m_status->setObjectName(QStringLiteral("dashboardStatus"));
    m_status->setCloseButtonVisible(false);
    m_status->showMessage(tr("Reading the mirror's status\u2026"), MessageWidget::Kind::Information);

    m_bars = new charts::StateBarChart(this);
    connect(m_bars, &charts::StateBarChart::segmentClicked, this,
            [this](const QString &source, const QString &collection, harvest::BarState state) {
                emit observationsRequested(source, collection, harvest::barStateFilter(state));
            });
    m_throughput = new charts::ThroughputChart(this);
    m_throughputSummary = new QLabel(this);
    m_throughputSummary->setObjectName(QStringLiteral("throughputSummary"));
    auto *throughputBox = new QWidget(this);
    auto *throughputLayout = new QVBoxLayout(throughputBox);
    throughputLayout->setContentsMargins(0, 0, 0, 0);
    throughputLayout->addWidget(m_throughput, 1);
    throughputLayout->addWidget(m_throughputSummary);

    m_targets = new models::DashboardTargetsModel(this);
    m_runs = new models::RecentRunsModel(this);
    m_targetsView = tableFor(m_targets, QStringLiteral("dashboardTargets"), this);
    m_runsView = tableFor(m_runs, QStringLiteral("dashboardRuns"), this);
    m_artifacts = new models::ArtifactStatesModel(this);
    QTableView *filesView = tableFor(m_artifacts, QStringLiteral("dashboardFiles"), this);
    m_downloads = new models::DownloadQueueModel(this);
    QTableView *downloadsView = tableFor(m_downloads, QStringLiteral("dashboardDownloads"), this);

    auto *charts = new QSplitter(Qt::Horizontal, this);
    charts->setObjectName(QStringLiteral("dashboardCharts"));
    charts->addWidget(m_bars);
    charts->addWidget(throughputBox);
    charts->setStretchFactor(0, 3);
    charts->setStretchFactor(1, 2);
    m_partners = new PartnersPage(this);
    auto *tables = new QTabWidget(this);
    tables->setObjectName(QStringLiteral("dashboardTables"));
    tables->setDocumentMode(true);
    tables->addTab(m_targetsView, tr("Last successful sync"));
    tables->addTab(m_runsView, tr("Recent runs"));
    tables->addTab(filesView, tr("Files"));
    tables->addTab(downloadsView, tr("Download queue"));
    tables->addTab(m_partners, tr("Partners side by side"));
    m_publicationYears = new models::PublicationYearsModel(this);
    QTableView *publicationsView = tableFor(m_publicationYears, QStringLiteral("dashboardPublications"), this);
    publicationsView->verticalHeader()->show(); // the collections
    tables->addTab(publicationsView, tr("Publications per year"));
    auto *rows = new QSplitter(Qt::Vertical, this);
    rows->setObjectName(QStringLiteral("dashboardSplitter"));
    rows->addWidget(charts);
    rows->addWidget(tables);
    rows->setStretchFactor(0, 3);
    rows->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(rows, 1);

    m_ageTimer = new QTimer(this);
    m_ageTimer->setInterval(ageRefreshMs);
    connect(m_ageTimer, &QTimer::timeout, this, &DashboardPage::storeChanged);
    m_ageTimer->start();
}

DashboardPage::~DashboardPage() = default;

void DashboardPage::setReader(store::StoreReader *reader)
{
    for (auto &connection : m_connections)
        disconnect(connection);
    m_reader = reader;
    m_token = 0;
    m_again = false;
    m_partners->setReader(reader);
    m_publicationYears->setReader(reader);
    if (!reader)
        return;
    m_connections[0] = connect(reader, &store::StoreReader::taskDone, this, &DashboardPage::onTaskDone);
    m_connections[1] = connect(reader, &store::StoreReader::failed, this, &DashboardPage::onFailed);
    refresh();
}

void DashboardPage::setSources(std::vector<PartnerSource> sources)
{
    m_sources = std::move(sources);
    storeChanged();
}

void DashboardPage::refresh()
{
    m_dirty = false;
    if (!m_reader)
        return;
    m_publicationYears->refresh();
    if (m_token) {
        m_again = true;
        return;
    }
    m_token = m_reader->newToken();
    harvest::DashboardOptions options = m_options;
    options.now = QDateTime::currentMSecsSinceEpoch();
    m_reader->requestTask(
        m_token, [sources = m_sources, options](const std::shared_ptr<store::Store> &s) -> mirror::Result<QVariant> {
            auto snapshot = harvest::collectDashboard(s, sources, options);
            if (!snapshot)
                return snapshot.error();
            return QVariant::fromValue(*snapshot);
        });
}

void DashboardPage::storeChanged()
{
    if (isVisible()) {
        refresh();
        m_partners->refresh();
    } else
        m_dirty = true;
}

void DashboardPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty || !hasSnapshot()) {
        refresh();
        m_partners->refresh();
    }
}

void DashboardPage::exportReport(const QString &dir, const QString &storeName)
{
    if (!m_reader) {
        emit reportFinished(false, tr("No store is open to report on."));
        return;
    }
    harvest::ReportRequest request;
    request.outDir = dir;
    request.now = QDateTime::currentMSecsSinceEpoch();
    request.storeName = storeName;
    m_reportToken = m_reader->newToken();
    m_reader->requestTask(
        m_reportToken,
        [request, sources = m_sources](const std::shared_ptr<store::Store> &s) -> mirror::Result<QVariant> {
            auto written = harvest::writeReport(s, sources, request);
            if (!written)
                return written.error();
            return QVariant(written->html);
        });
}

void DashboardPage::onTaskDone(quint64 token, const QVariant &result)
{
    if (token == m_reportToken) {
        m_reportToken = 0;
        emit reportFinished(true, QDir::toNativeSeparators(result.toString()));
        return;
    }
    if (token != m_token)
        return;
    m_token = 0;
    apply(result.value<harvest::DashboardSnapshot>());
    if (m_again) {
        m_again = false;
        refresh();
    }
}

void DashboardPage::onFailed(quint64 token, const QString &message)
{
    if (token == m_reportToken) {
        m_reportToken = 0;
        emit reportFinished(false, tr("The report could not be written: %1").arg(message));
        return;
    }
    if (token != m_token)
        return;
    m_token = 0;
    m_status->showMessage(tr("\u2716 The mirror's status could not be read: %1").arg(message),
                          MessageWidget::Kind::Error);
    if (m_again) {
        m_again = false;
        refresh();
    }
}

QString DashboardPage::statusText(const harvest::DashboardSnapshot &snapshot, bool *good)
{
    return harvest::statusSentence(snapshot, good);
}

void DashboardPage::apply(const harvest::DashboardSnapshot &snapshot)
{
    m_snapshot = snapshot;
    bool good = false;
    const QString text = statusText(snapshot, &good);
    bool failed = false;
    for (const harvest::TargetHealth &t : snapshot.targets)
        failed = failed || (t.lastRun && t.lastRun->outcome == store::RunOutcome::Failed);
    m_status->showMessage(text,
                          good                           ? MessageWidget::Kind::Positive
                              : failed                   ? MessageWidget::Kind::Error
                              : snapshot.targets.empty() ? MessageWidget::Kind::Information
                                                         : MessageWidget::Kind::Warning);
    // The differences validate found, one click away: the first collection with some, as the sentence names it.
    for (const harvest::TargetHealth &t : snapshot.targets) {
        if (t.openDifferences <= 0)
            continue;
        QToolButton *show = m_status->addAction(
            tr("Show the %n difference(s) of %1 \u00b7 %2", nullptr, static_cast<int>(t.openDifferences))
                .arg(t.source, t.collection));
        show->setObjectName(QStringLiteral("showDifferences"));
        connect(show, &QToolButton::clicked, this, [this, source = t.source, collection = t.collection] {
            emit discrepanciesRequested(source, collection);
        });
        break;
    }
    m_bars->setRows(snapshot.bars);
    m_throughput->setBuckets(snapshot.throughput, m_options.bucket);
    m_throughputSummary->setText(charts::throughputSummary(m_throughput->data()));
    m_targets->setTargets(snapshot.targets, snapshot.takenAt);
    m_runs->setRuns(snapshot.runs);
    m_artifacts->setRows(snapshot.artifacts);
    m_downloads->setTargets(snapshot.targets);
    emit snapshotApplied();
}

} // namespace mirror::ui
