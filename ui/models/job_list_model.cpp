#include "models/job_list_model.h"

#include "models/model_roles.h"
#include "sync/artifact_report_format.h"

#include <QColor>
#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace mirror::models {

namespace {

QString countText(qint64 value)
{
    return QLocale().toString(value);
}

// "about 3 min", "about 40 s": an ETA is an estimate, and says so.
QString etaText(qint64 seconds)
{
    if (seconds < 60)
        return JobListModel::tr("about %1 s").arg(std::max<qint64>(seconds, 1));
    if (seconds < 3600)
        return JobListModel::tr("about %1 min").arg((seconds + 30) / 60);
    return JobListModel::tr("about %1 h %2 min").arg(seconds / 3600).arg((seconds % 3600 + 30) / 60);
}

QString timeText(qint64 ms)
{
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(ms).toLocalTime();
    const bool today = when.date() == QDate::currentDate();
    return QLocale().toString(when, today ? QStringLiteral("HH:mm:ss") : QStringLiteral("yyyy-MM-dd HH:mm"));
}

// The worst exit code among a job's collections, from its end or (while running) its results.
int exitCodeOf(const JobRow &row)
{
    if (row.end)
        return row.end->exitCode;
    int worst = 0;
    for (const auto &result : row.results)
        if (!result.report.heldElsewhere())
            worst = std::max(worst, result.report.exitCode());
    return worst;
}

QString outcomeWords(store::RunOutcome outcome)
{
    switch (outcome) {
    case store::RunOutcome::Running: return JobListModel::tr("running");
    case store::RunOutcome::Succeeded: return JobListModel::tr("succeeded");
    case store::RunOutcome::Failed: return JobListModel::tr("failed");
    case store::RunOutcome::Cancelled: return JobListModel::tr("cancelled");
    case store::RunOutcome::Partial: return JobListModel::tr("finished with failures");
    }
    return {};
}

// Colours readable on a white or light base (same family as the observation states').
const QColor okColour(0x1b, 0x6e, 0x2a);
const QColor warnColour(0x8a, 0x4b, 0x00);
const QColor failColour(0xb0, 0x1c, 0x1c);
const QColor elsewhereColour(0x1f, 0x4e, 0x99);

} // namespace

harvest::HarvestCounts JobRow::totals() const
{
    harvest::HarvestCounts sum;
    for (const auto &[collection, counts] : countsByCollection)
        sum += counts;
    return sum;
}

bool JobRow::movesFiles() const
{
    for (const auto mode : {harvest::ArtifactMode::Discover, harvest::ArtifactMode::Download,
                            harvest::ArtifactMode::Validate, harvest::ArtifactMode::Diff})
        if (this->mode == harvest::artifactRunKind(mode))
            return true;
    return false;
}

bool JobRow::skippedHeldElsewhere() const
{
    return std::any_of(results.begin(), results.end(),
                       [](const harvest::JobResult &r) { return r.report.heldElsewhere(); });
}

JobListModel::JobListModel(QObject *parent) : QAbstractTableModel(parent) {}

quint64 JobListModel::addQueued(const QString &source, const QStringList &collections, const QString &mode,
                                const QString &modeLabel, qint64 nowMs)
{
    JobRow row;
    row.id = m_nextId++;
    row.source = source;
    row.collections = collections;
    row.mode = mode;
    row.modeLabel = modeLabel;
    row.queuedAt = nowMs;
    const int at = static_cast<int>(m_rows.size());
    beginInsertRows({}, at, at);
    m_rows.push_back(std::move(row));
    endInsertRows();
    return m_rows.back().id;
}

void JobListModel::markStarted(quint64 id, harvest::JobId engineJob, qint64 nowMs)
{
    const int at = rowOfId(id);
    if (at < 0)
        return;
    JobRow &row = m_rows[static_cast<std::size_t>(at)];
    row.engineJob = engineJob;
    row.state = JobState::Running;
    row.startedAt = nowMs;
    row.progress.phase = tr("starting");
    rowChanged(at);
}

void JobListModel::markNotStarted(quint64 id, const QString &note, qint64 nowMs)
{
    const int at = rowOfId(id);
    if (at < 0)
        return;
    JobRow &row = m_rows[static_cast<std::size_t>(at)];
    row.state = JobState::Finished;
    row.endNote = note;
    row.endedAt = nowMs;
    rowChanged(at);
    emit jobEnded(id);
}

void JobListModel::updateProgress(const harvest::JobProgress &progress)
{
    const int at = rowOfEngineJob(progress.job);
    if (at < 0)
        return;
    JobRow &row = m_rows[static_cast<std::size_t>(at)];
    if (row.state != JobState::Running)
        return;
    row.progress = progress.snapshot;
    row.collection = progress.collection;
    const bool finishedAlready = std::any_of(row.results.begin(), row.results.end(), [&](const harvest::JobResult &r) {
        return r.collection == progress.collection;
    });
    // Between two collections the job's counters still hold the last one's totals for a moment: they belong to
    // that collection, not to the one starting.
    const bool leftOver = !row.results.empty() && row.results.back().collection != progress.collection
        && progress.snapshot.counts == row.results.back().report.counts;
    if (!progress.collection.isEmpty() && !finishedAlready)
        row.countsByCollection[progress.collection] = leftOver ? harvest::HarvestCounts{} : progress.snapshot.counts;
    rowChanged(at);
}

void JobListModel::addResult(const harvest::JobResult &result)
{
    const int at = rowOfEngineJob(result.job);
    if (at < 0)
        return;
    JobRow &row = m_rows[static_cast<std::size_t>(at)];
    row.results.push_back(result);
    row.countsByCollection[result.collection] = result.report.counts;
    rowChanged(at);
}

void JobListModel::finish(const harvest::JobEnd &end, qint64 nowMs)
{
    const int at = rowOfEngineJob(end.job);
    if (at < 0)
        return;
    JobRow &row = m_rows[static_cast<std::size_t>(at)];
    row.state = JobState::Finished;
    row.end = end;
    row.endedAt = nowMs;
    row.progress.paused = false;
    row.progress.etaSeconds.reset();
    row.progress.ratePerSecond = 0;
    rowChanged(at);
    emit jobEnded(row.id);
}

void JobListModel::setRunsElsewhere(const std::vector<store::RunRecord> &live,
                                    const std::vector<store::RunRecord> &ended)
{
    const auto rowOfRun = [this](qint64 key) {
        for (std::size_t i = 0; i < m_rows.size(); ++i)
            if (m_rows[i].run && m_rows[i].run->key == key)
                return static_cast<int>(i);
        return -1;
    };
    const auto update = [&](const store::RunRecord &record, JobState state) {
        int at = rowOfRun(record.key);
        if (at < 0) {
            if (state != JobState::RunningElsewhere)
                return; // an end of a run never shown
            // Complete before it is inserted: views reading the new row see it as it is.
            JobRow row;
            row.id = m_nextId++;
            row.source = record.source;
            row.collections = {record.collection};
            row.mode = record.kind;
            row.modeLabel = record.kind;
            row.queuedAt = record.startedAt;
            row.run = record;
            row.state = state;
            at = static_cast<int>(m_rows.size());
            beginInsertRows({}, at, at);
            m_rows.push_back(std::move(row));
            endInsertRows();
        }
        JobRow &row = m_rows[static_cast<std::size_t>(at)];
        row.run = record;
        row.state = state;
        row.collection = record.collection;
        row.startedAt = record.startedAt;
        row.endedAt = record.endedAt;
        harvest::HarvestCounts counts;
        counts.failed = record.counts.itemsFailed;
        counts.deleted = record.counts.deletions;
        counts.bytes = record.counts.bytes;
        row.countsByCollection[record.collection] = counts;
        row.progress.done = record.counts.itemsOk;
        rowChanged(at);
    };
    for (const auto &record : live)
        update(record, JobState::RunningElsewhere);
    for (const auto &record : ended)
        update(record, JobState::EndedElsewhere);
}

void JobListModel::clearFinished()
{
    for (int i = static_cast<int>(m_rows.size()) - 1; i >= 0; --i) {
        const JobState state = m_rows[static_cast<std::size_t>(i)].state;
        if (state != JobState::Finished && state != JobState::EndedElsewhere)
            continue;
        beginRemoveRows({}, i, i);
        m_rows.erase(m_rows.begin() + i);
        endRemoveRows();
    }
}

const JobRow *JobListModel::rowAt(int row) const
{
    return row >= 0 && row < static_cast<int>(m_rows.size()) ? &m_rows[static_cast<std::size_t>(row)] : nullptr;
}

const JobRow *JobListModel::jobById(quint64 id) const
{
    return rowAt(rowOfId(id));
}

int JobListModel::rowOfId(quint64 id) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].id == id)
            return static_cast<int>(i);
    return -1;
}

int JobListModel::rowOfEngineJob(harvest::JobId job) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].engineJob == job && job != 0 && !m_rows[i].run)
            return static_cast<int>(i);
    return -1;
}

std::vector<qint64> JobListModel::runsElsewhere() const
{
    std::vector<qint64> keys;
    for (const JobRow &row : m_rows)
        if (row.state == JobState::RunningElsewhere && row.run)
            keys.push_back(row.run->key);
    return keys;
}

std::vector<std::pair<QString, QString>> JobListModel::harvestingHere() const
{
    std::vector<std::pair<QString, QString>> pairs;
    for (const JobRow &row : m_rows)
        if (row.state == JobState::Running && !row.collection.isEmpty())
            pairs.emplace_back(row.source, row.collection);
    return pairs;
}

QString JobListModel::statusText(const JobRow &row)
{
    switch (row.state) {
    case JobState::Queued: return tr("\u23f3 Queued: waiting for the running job of %1").arg(row.source);
    case JobState::Running:
        if (row.progress.paused)
            return tr("\u23f8 Paused (%1)").arg(row.progress.phase);
        return tr("\u25b6 %1").arg(row.progress.phase.isEmpty() ? tr("starting") : row.progress.phase);
    case JobState::RunningElsewhere: {
        return tr("\u25b6 Running elsewhere");
    }
    case JobState::EndedElsewhere:
        return tr("Elsewhere: %1").arg(row.run ? outcomeWords(row.run->outcome) : tr("ended"));
    case JobState::Finished: break;
    }
    if (!row.endNote.isEmpty())
        return tr("\u25a0 %1").arg(row.endNote);
    if (row.end && !row.end->planError.isEmpty())
        return row.end->exitCode == 3 ? tr("\u25a0 Cancelled") : tr("\u2716 Failed: %1").arg(row.end->planError);
    const harvest::HarvestCounts totals = row.totals();
    switch (exitCodeOf(row)) {
    case 0:
        if (!row.results.empty() && std::all_of(row.results.begin(), row.results.end(), [](const auto &r) {
                return r.report.heldElsewhere();
            }))
            return tr("\u23ed Skipped: being harvested elsewhere");
        return row.skippedHeldElsewhere() ? tr("\u2714 Succeeded (some collections skipped: harvested elsewhere)")
                                          : tr("\u2714 Succeeded");
    case 1:
        if (row.movesFiles() && totals.failed > 0)
            return totals.failed == 1 ? tr("\u26a0 Finished: 1 file failed")
                                      : tr("\u26a0 Finished: %1 files failed").arg(QLocale().toString(totals.failed));
        if (row.movesFiles())
            return totals.discrepancies == 1
                ? tr("\u26a0 Finished: 1 file differs")
                : tr("\u26a0 Finished: %1 files differ").arg(QLocale().toString(totals.discrepancies));
        if (totals.failed > 0)
            return totals.failed == 1
                ? tr("\u26a0 Finished: 1 observation failed")
                : tr("\u26a0 Finished: %1 observations failed").arg(QLocale().toString(totals.failed));
        return totals.discrepancies == 1
            ? tr("\u26a0 Finished: 1 difference found")
            : tr("\u26a0 Finished: %1 differences found").arg(QLocale().toString(totals.discrepancies));
    case 3: return tr("\u25a0 Cancelled");
    default: break;
    }
    for (const auto &result : row.results)
        if (result.report.exitCode() == 2 && !result.report.heldElsewhere())
            return tr("\u2716 Failed: %1").arg(result.report.error);
    return tr("\u2716 Failed");
}

int JobListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int JobListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant JobListModel::rawValue(const JobRow &row, int column) const
{
    const harvest::HarvestCounts c = row.totals();
    const bool elsewhere = row.run.has_value();
    switch (column) {
    case ListedColumn: return elsewhere ? QVariant() : QVariant(c.listed);
    case FetchedColumn: return elsewhere ? QVariant() : QVariant(c.fetched);
    case NewColumn: return elsewhere ? QVariant() : QVariant(c.ingested);
    case UpdatedColumn: return elsewhere ? QVariant() : QVariant(c.updated);
    case DeletedColumn: return c.deleted;
    case FailedColumn: return c.failed;
    case RateColumn:
        if (row.state != JobState::Running)
            return {};
        return row.progress.bytesDone ? QVariant(row.progress.bytesPerSecond) : QVariant(row.progress.ratePerSecond);
    case EtaColumn:
        return row.state == JobState::Running && !row.progress.paused && row.progress.etaSeconds
            ? QVariant(*row.progress.etaSeconds)
            : QVariant();
    case StartedColumn: return row.startedAt ? QVariant(*row.startedAt) : QVariant(row.queuedAt);
    case ProgressColumn: return row.progress.done;
    default: return {};
    }
}

QVariant JobListModel::display(const JobRow &row, int column) const
{
    switch (column) {
    case SourceColumn: return row.source;
    case CollectionColumn:
        if (!row.collection.isEmpty() && row.state == JobState::Running && row.collections.size() != 1)
            return row.collections.isEmpty()
                ? row.collection
                : tr("%1 (of %2)").arg(row.collection, row.collections.join(QStringLiteral(", ")));
        if (!row.collections.isEmpty())
            return row.collections.join(QStringLiteral(", "));
        if (!row.results.empty()) {
            QStringList names;
            for (const auto &result : row.results)
                names << result.collection;
            return names.join(QStringLiteral(", "));
        }
        return tr("configured collections");
    case ModeColumn: return row.modeLabel;
    case StatusColumn: return statusText(row);
    case ProgressColumn: {
        if (row.state == JobState::Queued)
            return QString();
        if (row.state == JobState::Finished || row.state == JobState::EndedElsewhere) {
            return QString();
        }
        QString text = countText(row.progress.done);
        if (row.progress.total)
            text += QStringLiteral(" / ") + countText(*row.progress.total);
        if (row.progress.bytesDone) {
            text = tr("%1 files, %2").arg(text, harvest::byteSizeText(double(*row.progress.bytesDone)));
            if (row.progress.bytesTotal)
                text = tr("%1 of %2").arg(text, harvest::byteSizeText(double(*row.progress.bytesTotal)));
        } else if (!row.progress.total) {
            text = tr("%1 so far").arg(text);
        }
        return text;
    }
    case RateColumn: {
        const QVariant rate = rawValue(row, column);
        if (rate.isValid() && row.progress.bytesDone)
            return tr("%1/s").arg(harvest::byteSizeText(rate.toDouble()));
        return rate.isValid() ? tr("%1/s").arg(QLocale().toString(rate.toDouble(), 'f', 0)) : QVariant();
    }
    case EtaColumn: {
        const QVariant eta = rawValue(row, column);
        if (eta.isValid())
            return etaText(eta.toLongLong());
        // Said rather than left blank, so an empty cell never reads as "nothing left".
        if (row.state == JobState::Running && !row.progress.paused)
            return row.progress.total ? tr("estimating") : tr("after listing");
        return QVariant();
    }
    case StartedColumn: return row.startedAt ? timeText(*row.startedAt) : QString();
    default: {
        const QVariant value = rawValue(row, column);
        return value.isValid() ? QVariant(countText(value.toLongLong())) : QVariant();
    }
    }
}

QVariant JobListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const JobRow &row = m_rows[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: return display(row, column);
    case Qt::ToolTipRole:
        if (column == StatusColumn || column == SourceColumn) {
            QString tip = statusText(row);
            if (row.state == JobState::RunningElsewhere || row.state == JobState::EndedElsewhere)
                tip += tr("\nStarted by another program on this store (caom-sync or another console); it can "
                          "only be paused or cancelled there.");
            if (row.end)
                for (const QString &note : row.end->notes)
                    tip += QLatin1Char('\n') + note;
            return tip;
        }
        if (column == EtaColumn && row.state == JobState::Running && !row.progress.etaSeconds)
            return tr("Shown once the rate has settled and the total is known.");
        return {};
    case Qt::ForegroundRole:
        if (column != StatusColumn)
            return {};
        switch (row.state) {
        case JobState::RunningElsewhere:
        case JobState::EndedElsewhere: return elsewhereColour;
        case JobState::Finished: {
            if (!row.endNote.isEmpty())
                return {};
            const int code = exitCodeOf(row);
            if (row.end && !row.end->planError.isEmpty() && code != 3)
                return failColour;
            return code == 0 ? okColour : code == 1 ? warnColour : code == 3 ? QVariant() : QVariant(failColour);
        }
        default: return {};
        }
    case Qt::TextAlignmentRole:
        return column >= ProgressColumn && column <= EtaColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                               : QVariant();
    case ModelRole::Source: return row.source;
    case ModelRole::Collection: return row.collection;
    case ModelRole::RawValue: return rawValue(row, column);
    case JobIdRole: return row.id;
    case JobStateRole: return static_cast<int>(row.state);
    case ProgressRole: {
        if (row.state == JobState::Finished || row.state == JobState::EndedElsewhere)
            return 1.0;
        if (row.state == JobState::Queued)
            return 0.0;
        // A transfer's share of the bytes moves smoothly even while one large file takes minutes.
        if (row.progress.bytesDone && row.progress.bytesTotal && *row.progress.bytesTotal > 0)
            return std::clamp(double(*row.progress.bytesDone) / double(*row.progress.bytesTotal), 0.0, 1.0);
        if (!row.progress.total || *row.progress.total <= 0)
            return -1.0;
        return std::clamp(double(row.progress.done) / double(*row.progress.total), 0.0, 1.0);
    }
    default: return {};
    }
}

QVariant JobListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const titles[] = {QT_TR_NOOP("Source"),    QT_TR_NOOP("Collection"), QT_TR_NOOP("Mode"),
                                         QT_TR_NOOP("Status"),    QT_TR_NOOP("Progress"),   QT_TR_NOOP("Listed"),
                                         QT_TR_NOOP("Fetched"),   QT_TR_NOOP("New"),        QT_TR_NOOP("Updated"),
                                         QT_TR_NOOP("Deleted"),   QT_TR_NOOP("Failed"),     QT_TR_NOOP("Rate"),
                                         QT_TR_NOOP("Time left"), QT_TR_NOOP("Started")};
    static const char *const tips[] = {
        QT_TR_NOOP("The partner source"),
        QT_TR_NOOP("The collection being harvested, or those asked for"),
        QT_TR_NOOP("incremental, retry, validate or full"),
        QT_TR_NOOP("What the job is doing, or how it ended"),
        QT_TR_NOOP("Items done in the current phase, of the total when it is known"),
        QT_TR_NOOP("Rows read from the partner's listings"),
        QT_TR_NOOP("Documents downloaded"),
        QT_TR_NOOP("Observations new to the store"),
        QT_TR_NOOP("Observations replaced by a changed version"),
        QT_TR_NOOP("Local observations removed"),
        QT_TR_NOOP("Observations that failed (each kept as a skip record for the retry mode)"),
        QT_TR_NOOP("Items per second over the last seconds"),
        QT_TR_NOOP("Shown once the rate has settled and the total is known"),
        QT_TR_NOOP("When the job started")};
    if (role == Qt::DisplayRole)
        return tr(titles[section]);
    if (role == Qt::ToolTipRole)
        return tr(tips[section]);
    if (role == Qt::TextAlignmentRole && section >= ProgressColumn && section <= EtaColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return QAbstractTableModel::headerData(section, orientation, role);
}

void JobListModel::rowChanged(int row)
{
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace mirror::models
