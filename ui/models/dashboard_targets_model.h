#pragma once

#include "sync/dashboard_snapshot.h"

#include <QAbstractTableModel>

// The dashboard's table of partner collections: when each last synced successfully, how fresh that is (a word
// and a glyph as well as a colour), whether a run is going on, and what needs the operator. Rows come from a
// dashboard snapshot; nothing here reads the store.
namespace mirror::models {

class DashboardTargetsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Partner, Collection, LastSuccess, Freshness, Status, LastRun, ColumnCount };

    explicit DashboardTargetsModel(QObject *parent = nullptr);

    // `now` (ms since 1970 UTC) is what ages are counted from.
    void setTargets(std::vector<harvest::TargetHealth> targets, qint64 now);
    const harvest::TargetHealth &target(int row) const { return m_targets.at(static_cast<std::size_t>(row)); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "3 h ago", "2 days ago", "just now".
    static QString ageText(qint64 ms);
    // ✓ fresh / ◔ ageing / ⚠ old / ✗ never, with its colour.
    static QString freshnessText(harvest::Freshness freshness);
    static QColor freshnessColour(harvest::Freshness freshness);

private:
    std::vector<harvest::TargetHealth> m_targets;
    qint64 m_now = 0;
};

} // namespace mirror::models
