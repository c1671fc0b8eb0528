#pragma once

#include "common/log_hub.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include <deque>

// The log view's rows: the console's messages as the LogHub keeps them, appended in batches (the view asks the
// hub for what is new a few times a second, never per message), the oldest dropped beyond the hub's capacity.
// LogFilterModel narrows them by lowest level, category, job, age and words; the rows are in memory, so a proxy
// sees all of them.
//
// Columns: time, level (glyph + word), category, job, message. ModelRole::RawValue: the time in ms, the level's
// severity (0 debug .. 4 fatal); ModelRole::CopyText: the whole line as the log file has it.
namespace mirror::models {

// 0 debug, 1 info, 2 warning, 3 critical, 4 fatal (QtMsgType's values are not in that order).
int logSeverity(QtMsgType level);

class LogModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { TimeColumn, LevelColumn, CategoryColumn, JobColumn, MessageColumn, ColumnCount };

    explicit LogModel(int capacity = LogHub::capacity(), QObject *parent = nullptr);

    void append(const std::vector<LogRecord> &records);
    // Takes what the hub logged since the last call.
    void pull();
    void clear();

    const LogRecord &record(int row) const { return m_records[static_cast<std::size_t>(row)]; }
    QStringList categories() const;
    QStringList jobs() const;
    // A record as one line, as in the log file.
    static QString lineOf(const LogRecord &record);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    // A category or job appeared that the filters do not offer yet.
    void choicesChanged();

private:
    std::deque<LogRecord> m_records;
    int m_capacity = 0;
    quint64 m_lastSequence = 0;
    QStringList m_categories;
    QStringList m_jobs;
};

class LogFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setMinimumSeverity(int severity);
    void setCategory(const QString &category); // "" any
    void setJob(const QString &job);           // "" any
    void setNewerThan(qint64 ms);              // 0 any time
    void setSearch(const QString &words);      // case-insensitive, in the message, category and job

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int m_minimumSeverity = 0;
    QString m_category;
    QString m_job;
    qint64 m_newerThan = 0;
    QString m_search;
};

} // namespace mirror::models
