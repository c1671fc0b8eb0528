#include "models/recent_runs_model.h"

#include <QColor>
#include <QDateTime>
#include <QLocale>

namespace mirror::models {

RecentRunsModel::RecentRunsModel(QObject *parent) : QAbstractTableModel(parent) {}

void RecentRunsModel::setRuns(std::vector<store::RunRecord> runs)
{
    const bool sameRows = runs.size() == m_runs.size()
        && std::equal(runs.begin(), runs.end(), m_runs.begin(),
                      [](const auto &a, const auto &b) { return a.key == b.key; });
    if (sameRows) {
        m_runs = std::move(runs); // a running one moved on: its counts and outcome change in place
        if (!m_runs.empty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_runs = std::move(runs);
    endResetModel();
}

int RecentRunsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

int RecentRunsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RecentRunsModel::outcomeText(store::RunOutcome outcome)
{
    switch (outcome) {
    case store::RunOutcome::Running: return tr("\u21bb running");
    case store::RunOutcome::Succeeded: return tr("\u2713 succeeded");
    case store::RunOutcome::Failed: return tr("\u2717 failed");
    case store::RunOutcome::Cancelled: return tr("\u25a0 cancelled");
    case store::RunOutcome::Partial: return tr("\u26a0 with failures");
    }
    return {};
}

QString RecentRunsModel::durationText(qint64 ms)
{
    if (ms < 1000)
        return tr("%1 ms").arg(ms);
    const qint64 s = ms / 1000;
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return tr("%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60);
}

QVariant RecentRunsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::RunRecord &r = m_runs[static_cast<std::size_t>(index.row())];
    const QLocale locale;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Started: return locale.toString(QDateTime::fromMSecsSinceEpoch(r.startedAt), QLocale::ShortFormat);
        case Partner: return r.source;
        case Collection: return r.collection;
        case Kind: return r.kind;
        case Outcome: return outcomeText(r.outcome);
        case Duration: return r.endedAt ? durationText(*r.endedAt - r.startedAt) : QString();
        case Processed: return locale.toString(r.counts.itemsOk);
        case Failed: return locale.toString(r.counts.itemsFailed);
        case Message: return r.errorSummary;
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Outcome) {
        switch (r.outcome) {
        case store::RunOutcome::Succeeded: return QColor(0x1b5e20);
        case store::RunOutcome::Failed: return QColor(0xb71c1c);
        case store::RunOutcome::Partial: return QColor(0x8a5a00);
        default: return {};
        }
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Processed || index.column() == Failed))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Message && !r.errorSummary.isEmpty())
        return r.errorSummary;
    return {};
}

QVariant RecentRunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Started: return tr("Started");
    case Partner: return tr("Partner");
    case Collection: return tr("Collection");
    case Kind: return tr("Kind");
    case Outcome: return tr("Outcome");
    case Duration: return tr("Took");
    case Processed: return tr("Observations");
    case Failed: return tr("Failed");
    case Message: return tr("Message");
    }
    return {};
}

} // namespace mirror::models
