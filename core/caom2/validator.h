#pragma once

#include "caom2/entities.h"

#include <string>
#include <vector>

// The model's rules (spec §5): structural rules the references enforce when building objects, plus the
// explicit CaomValidator checks (keywords, contentChecksum form, polygon and interval geometry).
namespace caom2 {

struct ValidationIssue {
    std::string path;    // identity path as in diff.h, e.g. "planes[productID=cal].position.bounds"
    std::string message; // what rule is broken, with the offending value
};

std::vector<ValidationIssue> validateObservation(const Observation &observation);

} // namespace caom2
