#include "models/dashboard_targets_model.h"

#include <QColor>
#include <QDateTime>
#include <QLocale>

namespace mirror::models {

DashboardTargetsModel::DashboardTargetsModel(QObject *parent) : QAbstractTableModel(parent) {}

void DashboardTargetsModel::setTargets(std::vector<harvest::TargetHealth> targets, qint64 now)
{
    // The same partners and collections in the same order (the usual refresh): one dataChanged, so selection
    // and scroll position stay where the operator left them.
    const bool sameRows = targets.size() == m_targets.size()
        && std::equal(targets.begin(), targets.end(), m_targets.begin(), [](const auto &a, const auto &b) {
                              return a.source == b.source && a.collection == b.collection;
                          });
    if (sameRows) {
        m_targets = std::move(targets);
        m_now = now;
        if (!m_targets.empty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_targets = std::move(targets);
    m_now = now;
    endResetModel();
}

int DashboardTargetsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_targets.size());
}

int DashboardTargetsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString DashboardTargetsModel::ageText(qint64 ms)
{
    const qint64 minutes = ms / 60000;
    if (minutes < 1)
        return tr("just now");
    if (minutes < 60)
        return tr("%n min ago", nullptr, static_cast<int>(minutes));
    const qint64 hours = minutes / 60;
    if (hours < 48)
        return tr("%n h ago", nullptr, static_cast<int>(hours));
    return tr("%n days ago", nullptr, static_cast<int>(hours / 24));
}

QString DashboardTargetsModel::freshnessText(harvest::Freshness freshness)
{
    switch (freshness) {
    case harvest::Freshness::Fresh: return tr("\u2713 fresh");
    case harvest::Freshness::Ageing: return tr("\u25d4 ageing");
    case harvest::Freshness::Old: return tr("\u26a0 out of date");
    case harvest::Freshness::Never: return tr("\u2717 never synced");
    }
    return {};
}

QColor DashboardTargetsModel::freshnessColour(harvest::Freshness freshness)
{
    switch (freshness) {
    case harvest::Freshness::Fresh: return QColor(0x1b5e20);
    case harvest::Freshness::Ageing: return QColor(0x8a5a00);
    case harvest::Freshness::Old:
    case harvest::Freshness::Never: return QColor(0xb71c1c);
    }
    return {};
}

QVariant DashboardTargetsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const harvest::TargetHealth &t = m_targets[static_cast<std::size_t>(index.row())];
    const QLocale locale;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Partner: return t.source.isEmpty() ? tr("(unknown partner)") : t.source;
        case Collection: return t.collection;
        case LastSuccess:
            return t.lastSuccess ? tr("%1 (%2)").arg(
                       locale.toString(QDateTime::fromMSecsSinceEpoch(*t.lastSuccess), QLocale::ShortFormat),
                       ageText(m_now - *t.lastSuccess))
                                 : tr("never");
        case Freshness: return freshnessText(t.freshness);
        case Status:
            if (t.running)
                return tr("\u21bb running now");
            return t.problems.isEmpty() ? tr("\u2713 nothing to do")
                                        : tr("\u26a0 %n problem(s)", nullptr, static_cast<int>(t.problems.size()));
        case LastRun:
            return t.lastRun ? tr("%1, %2").arg(t.lastRun->kind, store::runOutcomeName(t.lastRun->outcome))
                             : tr("none yet");
        }
    }
    if (role == Qt::ForegroundRole) {
        if (index.column() == Freshness)
            return freshnessColour(t.freshness);
        if (index.column() == Status && !t.problems.isEmpty() && !t.running)
            return QColor(0xb71c1c);
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Status && !t.problems.isEmpty())
            return t.problems.join(QLatin1Char('\n'));
        if (index.column() == LastRun && t.lastRun && !t.lastRun->errorSummary.isEmpty())
            return t.lastRun->errorSummary;
    }
    return {};
}

QVariant DashboardTargetsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Partner: return tr("Partner");
    case Collection: return tr("Collection");
    case LastSuccess: return tr("Last successful sync");
    case Freshness: return tr("Freshness");
    case Status: return tr("Status");
    case LastRun: return tr("Last run");
    }
    return {};
}

} // namespace mirror::models
