#pragma once

#include "common/partner_source.h"
#include "sync/dashboard_snapshot.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QTableView;
class QTimer;

namespace store {
class StoreReader;
} // namespace store

namespace mirror::charts {
class StateBarChart;
class ThroughputChart;
} // namespace mirror::charts

namespace mirror::models {
class ArtifactStatesModel;
class DownloadQueueModel;
class DashboardTargetsModel;
class PublicationYearsModel;
class RecentRunsModel;
} // namespace mirror::models

namespace mirror::ui {

class MessageWidget;
class PartnersPage;

// Mirror health at a glance: the overall status (never good while a failure waits for the operator), the
// observations of each partner and collection by state, harvest throughput, when each last synced and how
// fresh that is, and the recent runs. Everything comes from one dashboard snapshot (core/sync) gathered on the
// store reader's thread; the page only draws it. Clicking a bar segment asks for the observations behind it.
//
// Object names: "dashboardPage", "dashboardStatus", "dashboardTargets", "dashboardRuns", "dashboardFiles",
// "throughputSummary".
class DashboardPage : public QWidget {
    Q_OBJECT

public:
    explicit DashboardPage(QWidget *parent = nullptr);
    ~DashboardPage() override;

    void setReader(store::StoreReader *reader);
    void setSources(std::vector<PartnerSource> sources);
    // Asks for a fresh snapshot now; while one is on its way, one more follows it (never a queue of them).
    void refresh();
    // The store changed: refreshes now when the page is shown, else when it next is.
    void storeChanged();

    // Writes the report (report.html and its CSV files) into `dir` off the GUI thread → reportFinished.
    void exportReport(const QString &dir, const QString &storeName);

    bool hasSnapshot() const { return m_snapshot.takenAt != 0; }
    const harvest::DashboardSnapshot &snapshot() const { return m_snapshot; }
    charts::StateBarChart *stateChart() const { return m_bars; }
    charts::ThroughputChart *throughputChart() const { return m_throughput; }
    models::DashboardTargetsModel *targetsModel() const { return m_targets; }
    models::RecentRunsModel *runsModel() const { return m_runs; }
    models::ArtifactStatesModel *artifactsModel() const { return m_artifacts; }
    models::PublicationYearsModel *publicationYearsModel() const { return m_publicationYears; }
    models::DownloadQueueModel *downloadQueueModel() const { return m_downloads; }
    MessageWidget *statusMessage() const { return m_status; }
    PartnersPage *partnersPage() const { return m_partners; }

    // The overall status in words, from a snapshot: good only when no partner collection has a problem.
    static QString statusText(const harvest::DashboardSnapshot &snapshot, bool *good = nullptr);

signals:
    // A bar segment was clicked: the observations of `source` in `collection` shown with `state` ("" for any).
    void observationsRequested(const QString &source, const QString &collection, const QString &state);
    // The status line's "Show the differences": the Discrepancies tab on what validate found there.
    void discrepanciesRequested(const QString &source, const QString &collection);
    void snapshotApplied();
    // ok: `text` is the report's path; else why it could not be written.
    void reportFinished(bool ok, const QString &text);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void apply(const harvest::DashboardSnapshot &snapshot);
    void onTaskDone(quint64 token, const QVariant &result);
    void onFailed(quint64 token, const QString &message);

    QPointer<store::StoreReader> m_reader;
    QMetaObject::Connection m_connections[2];
    std::vector<PartnerSource> m_sources;
    quint64 m_token = 0;
    quint64 m_reportToken = 0;
    bool m_again = false;
    bool m_dirty = false;
    harvest::DashboardSnapshot m_snapshot;
    harvest::DashboardOptions m_options;

    MessageWidget *m_status = nullptr;
    charts::StateBarChart *m_bars = nullptr;
    charts::ThroughputChart *m_throughput = nullptr;
    QLabel *m_throughputSummary = nullptr;
    models::DashboardTargetsModel *m_targets = nullptr;
    models::RecentRunsModel *m_runs = nullptr;
    models::ArtifactStatesModel *m_artifacts = nullptr;
    models::PublicationYearsModel *m_publicationYears = nullptr;
    models::DownloadQueueModel *m_downloads = nullptr;
    QTableView *m_targetsView = nullptr;
    QTableView *m_runsView = nullptr;
    QTimer *m_ageTimer = nullptr;
    PartnersPage *m_partners = nullptr;
};

} // namespace mirror::ui
