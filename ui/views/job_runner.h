#pragma once

#include "common/partner_source.h"
#include "common/result.h"
#include "sync/engine.h"

#include <QObject>
#include <QStringList>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

namespace store {
class Store;
} // namespace store

namespace mirror::models {
class JobListModel;
} // namespace mirror::models

namespace mirror::ui {

// One job as the operator asks for it, for one source: the options of `caom-sync harvest`, or with an artifact
// mode those of `caom-sync artifacts`.
struct JobRequest {
    QString source;          // a configured source's name
    QStringList collections; // empty: the source's configured collections (or all it offers)
    harvest::HarvestMode mode = harvest::HarvestMode::Incremental;
    bool repair = false;                              // validate
    bool prune = false;                               // full
    std::optional<qint64> fullFrom;                   // full: start at this time (ms since 1970, UTC)
    std::optional<mirror::ErrorCategory> retryReason; // retry: only this class of failure
    // An artifact job instead of a harvest: discover, download, validate (at `depth`) or diff the files.
    std::optional<harvest::ArtifactMode> artifactMode;
    int depth = 1;        // artifact validate: 1, 2 or 3
    QString artifactRoot; // artifact jobs: the root; "" = the settings' (the jobs page fills it in)
};

// "validate and repair", "retry (transient failures)"...: how a request's mode is shown.
QString modeLabel(const JobRequest &request);
// The caom-sync command line that runs the same job (shown to operators moving work to a timer).
QString commandLine(const JobRequest &request);

// Runs the console's jobs through harvest::Engine: one engine job per source, at most one running per source
// (a partner is never asked by two of our harvests at once, and the second would only find the lease held);
// the others wait in a queue. Feeds the JobListModel from the engine's signals. Never waits: a job cancelled
// or an engine replaced finishes on its own threads.
class JobRunner : public QObject {
    Q_OBJECT

public:
    explicit JobRunner(models::JobListModel *model, QObject *parent = nullptr);
    ~JobRunner() override;

    // The store jobs write to (nullptr: none open). Jobs running on the previous store are cancelled and
    // queued ones dropped, each saying so in its row.
    void setStore(std::shared_ptr<store::Store> store);
    bool hasStore() const { return m_store != nullptr; }

    // Queues or starts the job; returns its row id. Refused (with the reason) when no store is open.
    Result<quint64> launch(const PartnerSource &source, const JobRequest &request);

    void pause(quint64 id);
    void resume(quint64 id);
    void cancel(quint64 id); // a queued job is dropped, a running one cancelled
    void pauseAll();
    void resumeAll();
    void cancelAll();

    // Tests and benchmarks: a clock for the rows' times.
    void setClock(std::function<qint64()> nowMs) { m_now = std::move(nowMs); }

signals:
    // A job of this console finished: its row shows the outcome.
    void jobFinished(quint64 id);

private:
    struct Pending {
        quint64 id = 0;
        QString source;
        std::optional<harvest::SourceHarvest> harvest; // one of the two
        std::optional<harvest::SourceArtifacts> artifacts;
    };
    void startNext();
    bool sourceBusy(const QString &source) const;
    void onJobFinished(const harvest::JobEnd &end);

    models::JobListModel *m_model = nullptr;
    std::shared_ptr<store::Store> m_store;
    std::unique_ptr<harvest::Engine> m_engine;
    std::deque<Pending> m_queue;
    std::function<qint64()> m_now;
};

} // namespace mirror::ui
