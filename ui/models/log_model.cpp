#include "models/log_model.h"

#include "models/model_roles.h"

#include <QColor>
#include <QDateTime>
#include <QLocale>

namespace mirror::models {

namespace {

QString levelGlyph(QtMsgType level)
{
    switch (level) {
    case QtDebugMsg: return QStringLiteral("\u00b7");
    case QtInfoMsg: return QStringLiteral("\u2139");
    case QtWarningMsg: return QStringLiteral("\u26a0");
    case QtCriticalMsg:
    case QtFatalMsg: return QStringLiteral("\u2716");
    }
    return {};
}

} // namespace

int logSeverity(QtMsgType level)
{
    switch (level) {
    case QtDebugMsg: return 0;
    case QtInfoMsg: return 1;
    case QtWarningMsg: return 2;
    case QtCriticalMsg: return 3;
    case QtFatalMsg: return 4;
    }
    return 1;
}

LogModel::LogModel(int capacity, QObject *parent) : QAbstractTableModel(parent), m_capacity(std::max(1, capacity)) {}

void LogModel::append(const std::vector<LogRecord> &records)
{
    if (records.empty())
        return;
    bool newChoices = false;
    for (const LogRecord &r : records) {
        if (!r.category.isEmpty() && !m_categories.contains(r.category)) {
            m_categories << r.category;
            newChoices = true;
        }
        if (!r.job.isEmpty() && !m_jobs.contains(r.job)) {
            m_jobs << r.job;
            newChoices = true;
        }
    }
    // Drop the oldest first, in one step, so the view sees one removal and one insertion per batch.
    const std::size_t incoming = std::min(records.size(), static_cast<std::size_t>(m_capacity));
    const std::size_t overflow = m_records.size() + incoming > static_cast<std::size_t>(m_capacity)
        ? m_records.size() + incoming - static_cast<std::size_t>(m_capacity)
        : 0;
    if (overflow > 0) {
        beginRemoveRows({}, 0, static_cast<int>(overflow) - 1);
        m_records.erase(m_records.begin(), m_records.begin() + static_cast<std::ptrdiff_t>(overflow));
        endRemoveRows();
    }
    const int first = static_cast<int>(m_records.size());
    beginInsertRows({}, first, first + static_cast<int>(incoming) - 1);
    m_records.insert(m_records.end(), records.end() - static_cast<std::ptrdiff_t>(incoming), records.end());
    endInsertRows();
    m_lastSequence = std::max(m_lastSequence, records.back().sequence);
    if (newChoices)
        emit choicesChanged();
}

void LogModel::pull()
{
    append(LogHub::since(m_lastSequence));
}

void LogModel::clear()
{
    beginResetModel();
    m_records.clear();
    endResetModel();
}

QStringList LogModel::categories() const
{
    QStringList sorted = m_categories;
    sorted.sort();
    return sorted;
}

QStringList LogModel::jobs() const
{
    return m_jobs;
}

QString LogModel::lineOf(const LogRecord &r)
{
    return QStringLiteral("%1 %2 %3%4: %5")
        .arg(QDateTime::fromMSecsSinceEpoch(r.timeMs).toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")),
             logLevelName(r.level), r.category, r.job.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(r.job),
             r.text);
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_records.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogRecord &r = record(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn:
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(r.timeMs).toLocalTime(),
                                      QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        case LevelColumn: return QString(levelGlyph(r.level) + QLatin1Char(' ') + logLevelName(r.level));
        case CategoryColumn: return r.category;
        case JobColumn: return r.job;
        case MessageColumn: return r.text;
        default: return {};
        }
    case Qt::ForegroundRole:
        if (index.column() != LevelColumn)
            return {};
        if (logSeverity(r.level) >= 3)
            return QColor(0xb0, 0x1c, 0x1c);
        if (r.level == QtWarningMsg)
            return QColor(0x8a, 0x4b, 0x00);
        return {};
    case ModelRole::RawValue:
        return index.column() == TimeColumn ? QVariant(r.timeMs)
            : index.column() == LevelColumn ? QVariant(logSeverity(r.level))
                                            : QVariant();
    case ModelRole::CopyText:
    case ModelRole::FullText: return lineOf(r);
    default: return {};
    }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case LevelColumn: return tr("Level");
    case CategoryColumn: return tr("Category");
    case JobColumn: return tr("Job");
    case MessageColumn: return tr("Message");
    default: return {};
    }
}

void LogFilterModel::setMinimumSeverity(int severity)
{
    m_minimumSeverity = severity;
    invalidateFilter();
}

void LogFilterModel::setCategory(const QString &category)
{
    m_category = category;
    invalidateFilter();
}

void LogFilterModel::setJob(const QString &job)
{
    m_job = job;
    invalidateFilter();
}

void LogFilterModel::setNewerThan(qint64 ms)
{
    m_newerThan = ms;
    invalidateFilter();
}

void LogFilterModel::setSearch(const QString &words)
{
    m_search = words.trimmed();
    invalidateFilter();
}

bool LogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *model = qobject_cast<const LogModel *>(sourceModel());
    if (!model || sourceParent.isValid())
        return false;
    const LogRecord &r = model->record(sourceRow);
    if (logSeverity(r.level) < m_minimumSeverity)
        return false;
    if (!m_category.isEmpty() && r.category != m_category)
        return false;
    if (!m_job.isEmpty() && r.job != m_job)
        return false;
    if (m_newerThan > 0 && r.timeMs < m_newerThan)
        return false;
    if (!m_search.isEmpty() && !r.text.contains(m_search, Qt::CaseInsensitive)
        && !r.category.contains(m_search, Qt::CaseInsensitive) && !r.job.contains(m_search, Qt::CaseInsensitive))
        return false;
    return true;
}

} // namespace mirror::models
