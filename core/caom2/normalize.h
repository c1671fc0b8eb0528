#pragma once

#include "caom2/entities.h"

// Puts every set of an observation into its canonical order without duplicates (spec §4.4): keywords
// by Java string order, group URIs by Java URI order, members and inputs by URI, energy bands and
// polarization states by declaration order. The reader calls it; code that builds or edits a model by
// hand must call it before computing checksums or writing.
namespace caom2 {

void normalizeSets(Observation &observation);

} // namespace caom2
