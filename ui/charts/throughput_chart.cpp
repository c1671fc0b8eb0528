#include "charts/throughput_chart.h"

#include <QAreaSeries>
#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

namespace mirror::charts {

ThroughputChart::ThroughputChart(QWidget *parent) : QChartView(new QChart, parent)
{
    setObjectName(QStringLiteral("throughputChart"));
    setRenderHint(QPainter::Antialiasing);
    chart()->setTitle(tr("Harvest throughput (observations per hour)"));
    chart()->legend()->hide();
    chart()->setAnimationOptions(QChart::NoAnimation);
    chart()->setMargins(QMargins(4, 4, 4, 4));
    setMinimumHeight(200);
}

void ThroughputChart::setBuckets(const std::vector<harvest::ThroughputPoint> &buckets, qint64 bucketMs)
{
    ThroughputData data = throughputData(buckets, bucketMs);
    if (data.points == m_data.points && data.from == m_data.from && !chart()->series().isEmpty())
        return;
    m_data = std::move(data);
    QChart *c = chart();
    c->removeAllSeries(); // deletes them
    for (QAbstractAxis *axis : c->axes()) {
        c->removeAxis(axis); // hands the axis back to us instead of deleting it
        delete axis;
    }
    if (m_data.points.isEmpty())
        return;
    // Steps, not slopes: a bucket's count belongs to the whole hour.
    auto *upper = new QLineSeries;
    for (qsizetype i = 0; i < m_data.points.size(); ++i) {
        const QPointF &p = m_data.points[i];
        const qreal end = i + 1 < m_data.points.size() ? m_data.points[i + 1].x() : static_cast<qreal>(m_data.to);
        upper->append(p);
        upper->append(end, p.y());
    }
    auto *area = new QAreaSeries(upper);
    upper->setParent(area); // an area series does not own its line; without a parent it outlived every refresh
    area->setColor(QColor(0x1e88e5).lighter(150));
    area->setBorderColor(QColor(0x1565c0));
    c->addSeries(area);
    auto *time = new QDateTimeAxis;
    time->setFormat(QStringLiteral("MMM d"));
    time->setRange(QDateTime::fromMSecsSinceEpoch(m_data.from), QDateTime::fromMSecsSinceEpoch(m_data.to));
    time->setTickCount(8);
    c->addAxis(time, Qt::AlignBottom);
    area->attachAxis(time);
    auto *rate = new QValueAxis;
    rate->setRange(0, std::max<qreal>(m_data.peak, 10));
    rate->setLabelFormat(QStringLiteral("%d"));
    rate->applyNiceNumbers();
    c->addAxis(rate, Qt::AlignLeft);
    area->attachAxis(rate);
}

} // namespace mirror::charts
