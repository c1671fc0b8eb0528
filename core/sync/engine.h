#pragma once

#include "common/partner_source.h"
#include "sync/artifact_job.h"
#include "sync/harvest_job.h"
#include "sync/job_control.h"

#include <QMetaType>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

// The facade the console and caom-sync drive: it owns the job threads, passes start / pause / resume /
// cancel to them, and reports through queued signals carrying small values — progress about once a second
// per job, a report as each collection ends, and the end of the job. Nothing else of core/sync needs to be
// known to a caller.
//
// A job harvests one source: it resolves the source (endpoints, collections, the partner's clock; see
// source_resolver.h) on its own thread, then runs its collections one after another, so a partner is never
// asked by two of our harvests at once and the GUI thread never waits for the network.
namespace harvest {

using JobId = quint64;

// One source, some of its collections (empty: the configured ones, or all it offers), one mode.
struct SourceHarvest {
    mirror::PartnerSource source;
    QStringList collections;
    HarvestRequest base; // mode and its options; the target is filled in per collection
};

// The artifact files of one source's collections (empty: the configured ones), one mode: the same job as
// `caom-sync artifacts`. `base` holds the mode and its options; the target is filled in per collection.
struct SourceArtifacts {
    mirror::PartnerSource source;
    QStringList collections;
    ArtifactRequest base;
};

struct JobProgress {
    JobId job = 0;
    QString source;
    QString collection; // the collection being harvested now, "" while the source is being resolved
    QString mode;
    ProgressSnapshot snapshot;
};

struct JobResult {
    JobId job = 0;
    QString source;
    QString collection;
    QString mode;
    HarvestReport report;                    // for an artifact run: its outcome, error and counters (harvestCountsOf)
    std::optional<ArtifactReport> artifacts; // an artifact run's own report
};

struct JobEnd {
    JobId job = 0;
    QString source;
    QString mode;
    QString planError; // the source could not be resolved: no collection ran ("" otherwise)
    std::optional<mirror::ErrorCategory> planErrorCategory;
    QStringList notes; // from planning (collections the partner does not list...)
    int exitCode = 0;  // the worst of its collections' exit codes (2 when planning failed, 3 when cancelled)
};

// How a job's messages are filed in the log ("MAST incremental, job 3"): the engine marks the job's threads with
// it, and the console's log view offers it as a job to filter by.
QString jobLogLabel(const QString &source, const QString &mode, JobId job);

struct EngineLink;

class Engine : public QObject {
    Q_OBJECT

public:
    explicit Engine(std::shared_ptr<store::Store> store, QObject *parent = nullptr,
                    store::Clock clock = store::systemClock());
    // Cancels what runs and hands the threads off to finish by themselves (each holds what it needs).
    ~Engine() override;

    JobId start(SourceHarvest harvest);
    // An artifact job; its mode is the run kind (discover, download, artifact-validate, artifact-diff).
    JobId start(SourceArtifacts artifacts);
    // A target resolved already (tests, benchmarks, a job re-run with the same endpoints).
    JobId start(HarvestRequest request);
    void pause(JobId job);
    void resume(JobId job);
    void cancel(JobId job);
    void cancelAll();
    bool running(JobId job) const;
    std::size_t runningCount() const;

signals:
    void progressChanged(const harvest::JobProgress &progress);
    void collectionFinished(const harvest::JobResult &result);
    void jobFinished(const harvest::JobEnd &end);

private:
    struct Job;
    JobId launch(std::shared_ptr<Job> job);
    void reportProgress();
    void finishJob(const JobEnd &end);

    std::shared_ptr<store::Store> m_store;
    store::Clock m_clock;
    std::shared_ptr<EngineLink> m_link;
    std::map<JobId, std::shared_ptr<Job>> m_jobs; // running jobs; touched on the owner's thread only
    JobId m_nextJob = 1;
    QTimer m_progressTimer;
};

} // namespace harvest

Q_DECLARE_METATYPE(harvest::JobProgress)
Q_DECLARE_METATYPE(harvest::JobResult)
Q_DECLARE_METATYPE(harvest::JobEnd)
