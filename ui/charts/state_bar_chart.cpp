#include "charts/state_bar_chart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QCursor>
#include <QHorizontalStackedBarSeries>
#include <QToolTip>
#include <QValueAxis>

namespace mirror::charts {

namespace {

bool sameRows(const std::vector<harvest::StateBar> &a, const std::vector<harvest::StateBar> &b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto &x, const auto &y) {
        return x.source == y.source && x.collection == y.collection && x.counts == y.counts;
    });
}

} // namespace

StateBarChart::StateBarChart(QWidget *parent) : QChartView(new QChart, parent)
{
    setObjectName(QStringLiteral("stateBarChart"));
    setRenderHint(QPainter::Antialiasing);
    chart()->setTitle(tr("Observations by state, per partner and collection"));
    chart()->legend()->setAlignment(Qt::AlignBottom);
    chart()->setAnimationOptions(QChart::NoAnimation); // refreshes must not replay an animation each time
    chart()->setMargins(QMargins(4, 4, 4, 4));
    setMinimumHeight(220);
}

void StateBarChart::setRows(const std::vector<harvest::StateBar> &rows)
{
    if (!m_data.categories.isEmpty() && sameRows(rows, m_data.rows))
        return;
    m_data = stateBarData(rows);
    rebuild();
}

QString StateBarChart::toolTipFor(int row, harvest::BarState state) const
{
    if (row < 0 || row >= static_cast<int>(m_data.rows.size()))
        return {};
    return segmentToolTip(m_data.rows[static_cast<std::size_t>(row)], state);
}

void StateBarChart::activateSegment(int row, harvest::BarState state)
{
    if (row < 0 || row >= static_cast<int>(m_data.rows.size()))
        return;
    const harvest::StateBar &bar = m_data.rows[static_cast<std::size_t>(row)];
    emit segmentClicked(bar.source, bar.collection, state);
}

void StateBarChart::rebuild()
{
    QChart *c = chart();
    c->removeAllSeries(); // deletes them
    for (QAbstractAxis *axis : c->axes()) {
        c->removeAxis(axis); // hands the axis back to us instead of deleting it
        delete axis;
    }
    if (m_data.rows.empty())
        return;
    // Horizontal bars are drawn bottom-up; the rows are reversed so the first reads at the top.
    const int count = static_cast<int>(m_data.rows.size());
    const auto rowOf = [count](int index) { return count - 1 - index; };
    auto *series = new QHorizontalStackedBarSeries;
    for (const StateBarSet &set : m_data.sets) {
        auto *bars = new QBarSet(set.label);
        bars->setColor(set.fill);
        bars->setBorderColor(set.fill.darker(130));
        for (int i = count - 1; i >= 0; --i)
            bars->append(set.values[i]);
        const harvest::BarState state = set.state;
        connect(bars, &QBarSet::hovered, this, [this, state, rowOf](bool entered, int index) {
            if (entered)
                QToolTip::showText(QCursor::pos(), toolTipFor(rowOf(index), state), this);
            else
                QToolTip::hideText();
        });
        connect(bars, &QBarSet::clicked, this,
                [this, state, rowOf](int index) { activateSegment(rowOf(index), state); });
        series->append(bars);
    }
    series->setBarWidth(0.6);
    c->addSeries(series);
    auto *categories = new QBarCategoryAxis;
    QStringList labels = m_data.categories;
    std::reverse(labels.begin(), labels.end());
    categories->append(labels);
    categories->setTruncateLabels(false); // "MAST · HST" must read whole; the plot gives way instead
    c->addAxis(categories, Qt::AlignLeft);
    series->attachAxis(categories);
    auto *values = new QValueAxis;
    values->setRange(0, static_cast<qreal>(std::max<qint64>(m_data.largestTotal, 1)));
    values->setLabelFormat(QStringLiteral("%d"));
    values->setTitleText(tr("observations"));
    values->applyNiceNumbers();
    c->addAxis(values, Qt::AlignBottom);
    series->attachAxis(values);
}

} // namespace mirror::charts
