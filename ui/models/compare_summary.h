#pragma once

#include "models/compare_outcome.h"

#include <QString>

// A plain-text account of a comparison to paste into an email to a partner: which copies, where they part, every
// differing field with each copy's value, and what the copies' own checksums say.
namespace mirror::models {

QString comparisonSummary(const CompareOutcome &outcome);

} // namespace mirror::models
