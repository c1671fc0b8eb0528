#pragma once

#include "store/partner_comparison.h"
#include "sync/dashboard_snapshot.h"

#include <QXmlStreamWriter>

#include <vector>

// The report's charts, drawn as inline SVG by us (no chart library, no network, no script): each writes one
// <svg> element with a <title> for screen readers, numbers as text next to what they measure, and state words in
// the legend, so a chart reads without colour. Coordinates are in CSS pixels.
namespace harvest {

// One horizontal stacked bar per partner and collection, by state, with the total at its end.
void writeStateBarsSvg(QXmlStreamWriter &xml, const std::vector<StateBar> &bars);
// Observations processed per hour over the period, as steps, with the peak and the time axis labelled.
void writeThroughputSvg(QXmlStreamWriter &xml, const std::vector<ThroughputPoint> &buckets, qint64 bucketMs);
// One stacked column per copy of a collection: agrees with all, differs from another, missing.
void writePartyBarsSvg(QXmlStreamWriter &xml, const store::PartnerComparison &comparison);

} // namespace harvest
