#pragma once

#include "sync/dashboard_snapshot.h"

#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

// The adapter behind the dashboard's stacked bars: plain value rows (one per partner and collection, counts by
// state) in, what the chart draws out: categories, one set per state with its word, glyph and colour, and the
// text shown on hover. No widget here, so tests check it without a window.
namespace mirror::charts {

struct StateBarSet {
    harvest::BarState state = harvest::BarState::InSync;
    QString label; // glyph and word, for the legend
    QColor fill;
    QList<qreal> values; // one per category
};

struct StateBarData {
    QStringList categories;        // "MAST · HST", in the rows' order
    std::vector<StateBarSet> sets; // states with a count in some row, in stacking order
    std::vector<harvest::StateBar> rows;
    qint64 largestTotal = 0;
};

StateBarData stateBarData(const std::vector<harvest::StateBar> &rows);

// "MAST · HST — ≠ differs: 12 of 1,000 observations (1.2%). Its checksum differs from the partner's."
QString segmentToolTip(const harvest::StateBar &row, harvest::BarState state);
QString categoryLabel(const QString &source, const QString &collection);

} // namespace mirror::charts
