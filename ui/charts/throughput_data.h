#pragma once

#include "sync/dashboard_snapshot.h"

#include <QList>
#include <QPointF>
#include <QString>

#include <vector>

// The adapter behind the throughput chart: the dashboard's buckets in, points (x: ms since 1970 UTC at the
// bucket's start, y: observations processed per hour) and the axis ranges out. No widget.
namespace mirror::charts {

struct ThroughputData {
    QList<QPointF> points;
    qint64 from = 0; // x range, ms since 1970 UTC
    qint64 to = 0;
    qreal peak = 0; // the largest y
    qint64 totalObservations = 0;
    qint64 totalRuns = 0;
};

ThroughputData throughputData(const std::vector<harvest::ThroughputPoint> &buckets, qint64 bucketMs);

// "1,234 observations in 12 harvest runs over the last 7 days" — said in words beside the chart.
QString throughputSummary(const ThroughputData &data);

} // namespace mirror::charts
