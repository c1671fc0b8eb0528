#pragma once

#include "store/partner_comparison.h"

#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

// The adapter behind "partners side by side": a comparison of one collection across partners (and the local
// copy) in, one stacked bar per party out — the observations it holds that every party agrees on, those it
// holds that someone disagrees with, and those it lacks — plus the sentence that says the same in words.
namespace mirror::charts {

struct PartyBarSet {
    QString label; // glyph and word for the legend
    QColor fill;
    QList<qreal> values; // one per party
};

struct PartyBarData {
    QStringList parties;           // "MAST", "CADC", ..., "here" for the local copy
    std::vector<PartyBarSet> sets; // agree, differs, lacks
};

QString partyName(const store::ComparisonParty &party);
PartyBarData partyBarData(const store::PartnerComparison &comparison);
// "HST: 1,000 observations — 950 agree everywhere, 20 differ, 30 are missing somewhere."
QString comparisonSummary(const store::PartnerComparison &comparison);

} // namespace mirror::charts
