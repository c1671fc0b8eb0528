#pragma once

#include "charts/partner_comparison_data.h"

#include <QChartView>

// One stacked bar per partner (and the local copy) of a collection: what it holds that all agree on, what it
// holds that another disagrees with, what it lacks. Hover shows the numbers.
//
// Object name: "partyBarChart".
namespace mirror::charts {

class PartyBarChart : public QChartView {
    Q_OBJECT

public:
    explicit PartyBarChart(QWidget *parent = nullptr);
    void setComparison(const store::PartnerComparison &comparison);
    const PartyBarData &data() const { return m_data; }

private:
    PartyBarData m_data;
};

} // namespace mirror::charts
