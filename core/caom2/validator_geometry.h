#pragma once

#include "caom2/geometry.h"

#include <string>
#include <vector>

// Geometry rules of CaomValidator (spec §5): Position.bounds polygons, their MultiPolygon samples and the
// SampledInterval bounds of energy, time and custom axes. Internal to validator.cpp.
namespace caom2::detail {

struct GeometryProblem {
    std::string path;    // relative to the value checked, e.g. "points[2].cval1"; "" for the value itself
    std::string message; // names the offending values
};

std::vector<GeometryProblem> checkPolygon(const Polygon &polygon);
std::vector<GeometryProblem> checkMultiPolygon(const MultiPolygon &multiPolygon);
std::vector<GeometryProblem> checkSampledInterval(const SampledInterval &interval);

} // namespace caom2::detail
