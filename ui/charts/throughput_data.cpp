#include "charts/throughput_data.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>

namespace mirror::charts {

ThroughputData throughputData(const std::vector<harvest::ThroughputPoint> &buckets, qint64 bucketMs)
{
    ThroughputData data;
    if (buckets.empty() || bucketMs <= 0)
        return data;
    const qreal perHour = 3600.0 * 1000.0 / static_cast<qreal>(bucketMs);
    for (const harvest::ThroughputPoint &bucket : buckets) {
        const qreal y = static_cast<qreal>(bucket.observations) * perHour;
        data.points << QPointF(static_cast<qreal>(bucket.bucketStart), y);
        data.peak = std::max(data.peak, y);
        data.totalObservations += bucket.observations;
        data.totalRuns += bucket.runs;
    }
    data.from = buckets.front().bucketStart;
    data.to = buckets.back().bucketStart + bucketMs;
    return data;
}

QString throughputSummary(const ThroughputData &data)
{
    const QLocale locale;
    const qint64 days = std::max<qint64>(1, (data.to - data.from + 12 * 3600 * 1000LL) / (24 * 3600 * 1000LL));
    return QCoreApplication::translate("Throughput", "%1 observations in %2 harvest runs over the last %3 days")
        .arg(locale.toString(data.totalObservations), locale.toString(data.totalRuns), locale.toString(days));
}

} // namespace mirror::charts
