#pragma once

#include "charts/throughput_data.h"

#include <QChartView>

// Harvest throughput over the dashboard's period: observations processed per hour, from the run records.
//
// Object name: "throughputChart".
namespace mirror::charts {

class ThroughputChart : public QChartView {
    Q_OBJECT

public:
    explicit ThroughputChart(QWidget *parent = nullptr);

    void setBuckets(const std::vector<harvest::ThroughputPoint> &buckets, qint64 bucketMs);
    const ThroughputData &data() const { return m_data; }

private:
    ThroughputData m_data;
};

} // namespace mirror::charts
