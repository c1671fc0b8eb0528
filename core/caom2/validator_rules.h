#pragma once

#include "caom2/entities.h"

#include <string>
#include <vector>

// Rules of the validator that need more than a line or two, kept apart so validator.cpp stays a walk over the
// model: the CaomValidator geometry (polygons, their samples, sampled intervals) and the CaomWCSValidator axis
// rules. Internal to the caom2 library.
namespace caom2::detail {

struct RuleProblem {
    std::string path;    // relative to the value checked, e.g. "points[2].cval1"; "" for the value itself
    std::string message; // names the offending values
};

// validator_geometry.cpp
std::vector<RuleProblem> checkPolygon(const Polygon &polygon);
std::vector<RuleProblem> checkMultiPolygon(const MultiPolygon &multiPolygon);
std::vector<RuleProblem> checkSampledInterval(const SampledInterval &interval);

// validator_axes.cpp: positionAxis1/2 come together, no axis number is used twice, axes count from 1, every
// declared axis has its WCS object and 1..naxis are all assigned.
std::vector<RuleProblem> checkChunkAxes(const Chunk &chunk);

} // namespace caom2::detail
