#include "charts/party_bar_chart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QCursor>
#include <QLocale>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QValueAxis>

namespace mirror::charts {

PartyBarChart::PartyBarChart(QWidget *parent) : QChartView(new QChart, parent)
{
    setObjectName(QStringLiteral("partyBarChart"));
    setRenderHint(QPainter::Antialiasing);
    chart()->setTitle(tr("Each copy of the collection"));
    chart()->legend()->setAlignment(Qt::AlignRight); // three entries: beside the bars they read whole
    chart()->setAnimationOptions(QChart::NoAnimation);
    chart()->setMargins(QMargins(4, 4, 4, 4));
    setMinimumHeight(220);
    setMinimumWidth(420);
}

void PartyBarChart::setComparison(const store::PartnerComparison &comparison)
{
    m_data = partyBarData(comparison);
    QChart *c = chart();
    c->removeAllSeries(); // deletes them
    for (QAbstractAxis *axis : c->axes()) {
        c->removeAxis(axis); // hands the axis back to us instead of deleting it
        delete axis;
    }
    if (m_data.parties.isEmpty())
        return;
    auto *series = new QStackedBarSeries;
    qreal largest = 1;
    for (int i = 0; i < m_data.parties.size(); ++i) {
        qreal total = 0;
        for (const PartyBarSet &set : m_data.sets)
            total += set.values[i];
        largest = std::max(largest, total);
    }
    for (const PartyBarSet &set : m_data.sets) {
        auto *bars = new QBarSet(set.label);
        bars->setColor(set.fill);
        bars->setBorderColor(set.fill.darker(130));
        bars->append(set.values);
        const QString label = set.label;
        connect(bars, &QBarSet::hovered, this, [this, bars, label](bool entered, int index) {
            if (!entered) {
                QToolTip::hideText();
                return;
            }
            QToolTip::showText(
                QCursor::pos(),
                tr("%1 \u2014 %2: %3 observations")
                    .arg(m_data.parties.value(index), label, QLocale().toString(static_cast<qint64>(bars->at(index)))),
                this);
        });
        series->append(bars);
    }
    c->addSeries(series);
    auto *parties = new QBarCategoryAxis;
    parties->append(m_data.parties);
    parties->setTruncateLabels(false);
    c->addAxis(parties, Qt::AlignBottom);
    series->attachAxis(parties);
    auto *values = new QValueAxis;
    values->setRange(0, largest);
    values->setLabelFormat(QStringLiteral("%d"));
    values->applyNiceNumbers();
    c->addAxis(values, Qt::AlignLeft);
    series->attachAxis(values);
}

} // namespace mirror::charts
