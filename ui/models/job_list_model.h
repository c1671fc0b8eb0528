#pragma once

#include "store/run_record_store.h"
#include "sync/engine.h"

#include <QAbstractTableModel>

#include <map>
#include <optional>
#include <vector>

// The jobs panel's rows: jobs queued, running and finished in this console, and runs going on elsewhere
// (caom-sync, another console) as their run records show them. It only holds and presents values: the
// JobRunner feeds it the engine's signals, the elsewhere watcher the live run records. Progress arrives about
// once a second per job and changes one row (one ranged dataChanged), so a busy engine never floods the view.
//
// Columns as in Column; ModelRole::Source / Collection on every cell, ModelRole::RawValue the number behind
// a count, JobIdRole the row's id, ProgressRole the fraction done (0..1, or -1 while the total is unknown).
namespace mirror::models {

enum class JobState {
    Queued,           // waiting for an earlier job of the same source
    Running,          // started in this console (possibly paused)
    Finished,         // ended in this console: see end/results
    RunningElsewhere, // a run record of another program whose heartbeat is fresh
    EndedElsewhere,   // such a run, seen ending
};

struct JobRow {
    quint64 id = 0;               // the row's own id (stable; not the engine's job id)
    harvest::JobId engineJob = 0; // 0 while queued, and for runs elsewhere
    QString source;
    QStringList collections; // as asked; empty: the source's configured collections
    QString collection;      // the one being harvested now
    QString mode;            // harvest mode name (incremental, retry, validate, full)
    QString modeLabel;       // how the mode is shown ("validate and repair")
    JobState state = JobState::Queued;
    harvest::ProgressSnapshot progress;
    std::map<QString, harvest::HarvestCounts> countsByCollection; // live, then final per collection
    std::vector<harvest::JobResult> results;                      // collections finished, in order
    std::optional<harvest::JobEnd> end;
    QString endNote;                     // why it ended without running ("cancelled before it started"...)
    std::optional<store::RunRecord> run; // for runs elsewhere: their record
    qint64 queuedAt = 0;                 // ms since 1970
    std::optional<qint64> startedAt;
    std::optional<qint64> endedAt;

    harvest::HarvestCounts totals() const;
    // An artifact job (discover, download, validate or diff of files): its counts are files, its rate bytes.
    bool movesFiles() const;
    bool paused() const { return state == JobState::Running && progress.paused; }
    bool active() const { return state == JobState::Queued || state == JobState::Running; }
    // A collection held by another harvester was skipped (said in the status).
    bool skippedHeldElsewhere() const;
};

class JobListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        SourceColumn,
        CollectionColumn,
        ModeColumn,
        StatusColumn,
        ProgressColumn,
        ListedColumn,
        FetchedColumn,
        NewColumn,
        UpdatedColumn,
        DeletedColumn,
        FailedColumn,
        RateColumn,
        EtaColumn,
        StartedColumn,
        ColumnCount
    };
    static constexpr int JobIdRole = Qt::UserRole + 40;    // quint64
    static constexpr int ProgressRole = Qt::UserRole + 41; // double 0..1, -1: unknown total
    static constexpr int JobStateRole = Qt::UserRole + 42; // int: JobState

    explicit JobListModel(QObject *parent = nullptr);

    // A job asked for; it is shown queued until markStarted(). Returns the row's id.
    quint64 addQueued(const QString &source, const QStringList &collections, const QString &mode,
                      const QString &modeLabel, qint64 nowMs);
    void markStarted(quint64 id, harvest::JobId engineJob, qint64 nowMs);
    // A queued job that will never start (cancelled, the store closed): finished with `note`.
    void markNotStarted(quint64 id, const QString &note, qint64 nowMs);
    void updateProgress(const harvest::JobProgress &progress);
    void addResult(const harvest::JobResult &result);
    void finish(const harvest::JobEnd &end, qint64 nowMs);
    // The runs going on elsewhere now, and the final records of those that were shown running and have ended.
    void setRunsElsewhere(const std::vector<store::RunRecord> &live, const std::vector<store::RunRecord> &ended);
    // Removes finished rows (this console's and elsewhere's).
    void clearFinished();

    const JobRow *rowAt(int row) const;
    const JobRow *jobById(quint64 id) const;
    int rowOfId(quint64 id) const;
    // The row of the engine's job, or -1.
    int rowOfEngineJob(harvest::JobId job) const;
    // Keys of the runs shown as going on elsewhere.
    std::vector<qint64> runsElsewhere() const;
    // (source, collection) pairs this console is harvesting now: a run record of one of them is ours.
    std::vector<std::pair<QString, QString>> harvestingHere() const;

    // The words of the status column for a row (also the tooltip's first line).
    static QString statusText(const JobRow &row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    // A job of this console ended (after its row changed).
    void jobEnded(quint64 id);

private:
    void rowChanged(int row);
    QVariant display(const JobRow &row, int column) const;
    QVariant rawValue(const JobRow &row, int column) const;

    std::vector<JobRow> m_rows;
    quint64 m_nextId = 1;
};

} // namespace mirror::models
