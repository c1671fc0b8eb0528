#pragma once

#include "charts/state_bar_data.h"

#include <QChartView>

// Stacked horizontal bars, one per partner and collection, of the observations by state. Hovering a segment shows
// its numbers; clicking one asks for the observations behind it (segmentClicked).
//
// Object name: "stateBarChart".
namespace mirror::charts {

class StateBarChart : public QChartView {
    Q_OBJECT

public:
    explicit StateBarChart(QWidget *parent = nullptr);

    // Redraws only when the rows changed, so a refresh that found nothing new costs nothing.
    void setRows(const std::vector<harvest::StateBar> &rows);
    const StateBarData &data() const { return m_data; }
    // The text the segment of `row` (index into data().rows) and `state` shows on hover.
    QString toolTipFor(int row, harvest::BarState state) const;
    // As a click on that segment does (tests and keyboard users).
    void activateSegment(int row, harvest::BarState state);

signals:
    void segmentClicked(const QString &source, const QString &collection, harvest::BarState state);

private:
    void rebuild();

    StateBarData m_data;
};

} // namespace mirror::charts
