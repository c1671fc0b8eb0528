#pragma once

#include "caom2/enums.h"

#include <cstdint>
#include <variant>
#include <vector>

// Geometry value types (spec §2.8). Field comments give the checksum position where it differs from the
// declaration order; the authoritative checksum order lives in fields.h.
namespace caom2 {

struct Point {
    double cval1 = 0; // longitude, degrees
    double cval2 = 0; // latitude, degrees
    friend bool operator==(const Point &, const Point &) = default;
};

struct Vertex {
    double cval1 = 0;
    double cval2 = 0;
    SegmentType type = SegmentType::Line;
    friend bool operator==(const Vertex &, const Vertex &) = default;
};

struct MultiPolygon {
    std::vector<Vertex> vertices;
    friend bool operator==(const MultiPolygon &, const MultiPolygon &) = default;
};

struct Circle {
    Point center;
    double radius = 0;
    friend bool operator==(const Circle &, const Circle &) = default;
};

struct Polygon {
    std::vector<Point> points;
    MultiPolygon samples;
    friend bool operator==(const Polygon &, const Polygon &) = default;
};

// Position.bounds: xsi:type caom2:Circle or caom2:Polygon.
using Shape = std::variant<Circle, Polygon>;

// 2.4 "Interval" (2.2/2.3 "SubInterval").
struct Interval {
    double lower = 0;
    double upper = 0;
    friend bool operator==(const Interval &, const Interval &) = default;
};

// 2.4 "SampledInterval" (2.2/2.3 "Interval"). Checksum order: lower, samples, upper.
struct SampledInterval {
    double lower = 0;
    double upper = 0;
    std::vector<Interval> samples;
    friend bool operator==(const SampledInterval &, const SampledInterval &) = default;
};

struct Dimension2D {
    std::int64_t naxis1 = 0;
    std::int64_t naxis2 = 0;
    friend bool operator==(const Dimension2D &, const Dimension2D &) = default;
};

} // namespace caom2
