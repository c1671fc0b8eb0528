#pragma once

#include "sync/harvest_job.h"
#include "sync/job_control.h"

#include <QMetaType>
#include <QObject>
#include <QTimer>

#include <map>
#include <memory>
#include <thread>

// The facade the console and caom-sync drive: it owns the job threads, passes start / pause / resume /
// cancel to them, and reports through queued signals carrying small values — progress about once a second
// per job, and the report when a job ends. Nothing else of core/sync needs to be known to a caller.
namespace harvest {

using JobId = quint64;

struct JobProgress {
    JobId job = 0;
    QString source;
    QString collection;
    QString mode;
    ProgressSnapshot snapshot;
};

struct JobResult {
    JobId job = 0;
    QString source;
    QString collection;
    QString mode;
    HarvestReport report;
};

class Engine : public QObject {
    Q_OBJECT

public:
    explicit Engine(std::shared_ptr<store::Store> store, QObject *parent = nullptr,
                    store::Clock clock = store::systemClock());
    ~Engine() override; // cancels what runs and waits for it (a second at most, by JobControl's promise)

    JobId start(HarvestRequest request);
    void pause(JobId job);
    void resume(JobId job);
    void cancel(JobId job);
    void cancelAll();
    bool running(JobId job) const;
    std::size_t runningCount() const;

signals:
    void progressChanged(const harvest::JobProgress &progress);
    void jobFinished(const harvest::JobResult &result);

private:
    struct Job {
        HarvestRequest request;
        JobControl control;
        std::thread thread;
        bool finished = false;
    };
    void reportProgress();
    void finishJob(JobId job, const HarvestReport &report);

    std::shared_ptr<store::Store> m_store;
    store::Clock m_clock;
    std::map<JobId, std::unique_ptr<Job>> m_jobs; // touched on the owner's thread only
    JobId m_nextJob = 1;
    QTimer m_progressTimer;
};

} // namespace harvest

Q_DECLARE_METATYPE(harvest::JobProgress)
Q_DECLARE_METATYPE(harvest::JobResult)
