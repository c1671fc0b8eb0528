#include "caom2/validator_rules.h"

#include "caom2/diff_format.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>

namespace caom2::detail {

namespace {

struct LonLat {
    double lon = 0;
    double lat = 0;
};

struct Planar {
    double x = 0;
    double y = 0;
};

struct Vector3 {
    double x = 0;
    double y = 0;
    double z = 0;
};

Vector3 unitVector(const LonLat &point)
{
    constexpr double toRadians = std::numbers::pi / 180.0;
    const double lon = point.lon * toRadians;
    const double lat = point.lat * toRadians;
    return {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
}

double dot(const Vector3 &a, const Vector3 &b)
{
    return a.x * b.x + a.y * b.y + a.z * b.z;
}

Vector3 cross(const Vector3 &a, const Vector3 &b)
{
    return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}

Vector3 normalized(const Vector3 &v)
{
    const double length = std::sqrt(dot(v, v));
    return {v.x / length, v.y / length, v.z / length};
}

// Gnomonic projection onto the plane tangent at the loop's mean direction, x growing east (with longitude)
// and y north. Great-circle edges become straight lines there, so planar segment tests hold on the sphere
// and the loop keeps its orientation on the sky, wherever it lies (across longitude 0, around a pole).
// nullopt when a point is 90 degrees or more from the centre: a hemisphere-sized region, which CAOM bounds
// never are and whose winding cannot be judged this way.
std::optional<std::vector<Planar>> project(const std::vector<LonLat> &loop)
{
    Vector3 sum;
    std::vector<Vector3> vectors;
    vectors.reserve(loop.size());
    for (const LonLat &point : loop) {
        vectors.push_back(unitVector(point));
        sum = {sum.x + vectors.back().x, sum.y + vectors.back().y, sum.z + vectors.back().z};
    }
    if (dot(sum, sum) < 1e-24)
        return std::nullopt;
    const Vector3 centre = normalized(sum);
    Vector3 east = cross({0, 0, 1}, centre);
    if (dot(east, east) < 1e-24) // centred on a pole: any east will do, (east, north, centre) stays right-handed
        east = {0, 1, 0};
    east = normalized(east);
    const Vector3 north = cross(centre, east);
    std::vector<Planar> planar;
    planar.reserve(vectors.size());
    for (const Vector3 &v : vectors) {
        const double depth = dot(v, centre);
        if (depth < 1e-9)
            return std::nullopt;
        planar.push_back({dot(v, east) / depth, dot(v, north) / depth});
    }
    return planar;
}

// Which side of the line a->b the point p is on: 1 left, -1 right, 0 on it (within rounding).
int side(const Planar &a, const Planar &b, const Planar &p)
{
    const double value = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
    const double scale = std::hypot(b.x - a.x, b.y - a.y) * std::hypot(p.x - a.x, p.y - a.y);
    if (std::abs(value) <= 1e-12 * scale)
        return 0;
    return value > 0 ? 1 : -1;
}

// Segments ab and cd cross, or lie on one line and overlap over some length. Meeting at an end point is not
// an intersection (as in the reference, which lets a vertex touch another edge).
bool intersect(const Planar &a, const Planar &b, const Planar &c, const Planar &d)
{
    const int sideA = side(c, d, a);
    const int sideB = side(c, d, b);
    const int sideC = side(a, b, c);
    const int sideD = side(a, b, d);
    if (sideA * sideB < 0 && sideC * sideD < 0)
        return true;
    if (sideA != 0 || sideB != 0 || sideC != 0 || sideD != 0)
        return false;
    const bool alongX = std::abs(b.x - a.x) >= std::abs(b.y - a.y);
    const auto coordinate = [alongX](const Planar &p) { return alongX ? p.x : p.y; };
    const double low = std::max(std::min(coordinate(a), coordinate(b)), std::min(coordinate(c), coordinate(d)));
    const double high = std::min(std::max(coordinate(a), coordinate(b)), std::max(coordinate(c), coordinate(d)));
    return high > low;
}

std::string indexed(const char *list, std::size_t index)
{
    return std::string(list) + "[" + std::to_string(index) + "]";
}

// The closed loop through `loop` (its last point joins the first). `first` is the index of loop[0] in the
// list named `list`, for messages. Reports the first pair of crossing edges and, when asked, a clockwise
// winding (DALI and CAOM polygons wind counter-clockwise on the sky).
void checkLoop(const std::vector<LonLat> &loop, const char *list, std::size_t first, bool checkWinding,
               std::vector<RuleProblem> &problems)
{
    const auto planar = project(loop);
    if (!planar)
        return;
    const std::vector<Planar> &p = *planar;
    const std::size_t n = p.size();
    const auto edge = [&](std::size_t i) {
        return indexed(list, first + i) + "-" + indexed(list, first + (i + 1) % n);
    };
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 2; j < n; ++j) {
            if (i == 0 && j == n - 1)
                continue; // adjacent through the closing edge
            if (intersect(p[i], p[(i + 1) % n], p[j], p[(j + 1) % n])) {
                problems.push_back({list, "edges " + edge(i) + " and " + edge(j) + " intersect"});
                return; // winding means nothing for a self-intersecting loop
            }
        }
    }
    if (!checkWinding)
        return;
    double twiceArea = 0;
    for (std::size_t i = 0; i < n; ++i)
        twiceArea += p[i].x * p[(i + 1) % n].y - p[(i + 1) % n].x * p[i].y;
    // x grows with longitude, i.e. to the left on the sky, so counter-clockwise on the sky is a negative area.
    if (twiceArea > 0)
        problems.push_back({list, std::string(list) + " wind clockwise; a polygon must wind counter-clockwise"});
    else if (twiceArea == 0)
        problems.push_back({list, std::string(list) + " enclose no area"});
}

} // namespace

std::vector<RuleProblem> checkPolygon(const Polygon &polygon)
{
    std::vector<RuleProblem> problems;
    const auto &points = polygon.points;
    if (points.size() < 3) {
        problems.push_back(
            {"points", "polygon has " + std::to_string(points.size()) + " points; at least 3 are needed"});
    } else {
        bool inRange = true;
        for (std::size_t i = 0; i < points.size(); ++i) {
            const Point &point = points[i];
            if (!(point.cval1 >= 0.0 && point.cval1 <= 360.0)) {
                problems.push_back(
                    {indexed("points", i) + ".cval1", "longitude " + valueText(point.cval1) + " is outside [0, 360]"});
                inRange = false;
            }
            if (!(point.cval2 >= -90.0 && point.cval2 <= 90.0)) {
                problems.push_back(
                    {indexed("points", i) + ".cval2", "latitude " + valueText(point.cval2) + " is outside [-90, 90]"});
                inRange = false;
            }
        }
        if (inRange) {
            std::vector<LonLat> loop;
            loop.reserve(points.size());
            for (const Point &point : points)
                loop.push_back({point.cval1, point.cval2});
            checkLoop(loop, "points", 0, true, problems);
        }
    }
    for (RuleProblem &problem : checkMultiPolygon(polygon.samples))
        problems.push_back({"samples." + problem.path, std::move(problem.message)});
    return problems;
}

std::vector<RuleProblem> checkMultiPolygon(const MultiPolygon &multiPolygon)
{
    std::vector<RuleProblem> problems;
    const auto &vertices = multiPolygon.vertices;
    const std::size_t n = vertices.size();
    if (n < 4) {
        problems.push_back({"vertices", "multipolygon has " + std::to_string(n) + " vertices; at least 4 are needed"});
        return problems;
    }
    const auto typeOf = [&](std::size_t i) { return std::string(segmentTypeName(vertices[i].type)); };
    if (vertices.front().type != SegmentType::Move)
        problems.push_back({indexed("vertices", 0) + ".type", "first vertex must be MOVE, found " + typeOf(0)});
    if (vertices.back().type != SegmentType::Close)
        problems.push_back({indexed("vertices", n - 1) + ".type", "last vertex must be CLOSE, found " + typeOf(n - 1)});
    if (!problems.empty())
        return problems; // the loop structure below would only repeat these in other words

    // Loops are MOVE, LINE..., CLOSE, one after the other; the CLOSE vertex carries no position.
    std::vector<std::pair<std::size_t, std::size_t>> loops; // [move, close)
    constexpr std::size_t noLoop = static_cast<std::size_t>(-1);
    std::size_t open = noLoop; // index of the MOVE of the loop being read
    for (std::size_t i = 0; i < n; ++i) {
        const std::string path = indexed("vertices", i) + ".type";
        switch (vertices[i].type) {
        case SegmentType::Move:
            if (open != noLoop)
                problems.push_back(
                    {path, "MOVE while the loop opened at " + indexed("vertices", open) + " is still open"});
            open = i;
            break;
        case SegmentType::Close:
            if (open == noLoop)
                problems.push_back({path, "CLOSE without a MOVE opening the loop"});
            else
                loops.emplace_back(open, i);
            open = noLoop;
            break;
        case SegmentType::Line:
            if (open == noLoop)
                problems.push_back({path, "LINE outside a loop (no MOVE before it)"});
            break;
        }
    }
    if (!problems.empty())
        return problems;
    for (const auto &[move, close] : loops) {
        if (close - move < 3)
            continue; // too few points to cross; the reference does not judge such loops either
        std::vector<LonLat> loop;
        for (std::size_t i = move; i < close; ++i)
            loop.push_back({vertices[i].cval1, vertices[i].cval2});
        checkLoop(loop, "vertices", move, false, problems);
    }
    return problems;
}

std::vector<RuleProblem> checkSampledInterval(const SampledInterval &interval)
{
    std::vector<RuleProblem> problems;
    const auto range = [](const Interval &sample) {
        std::string text(1, '[');
        appendValueText(text, sample.lower);
        text.append(", ");
        appendValueText(text, sample.upper);
        text.push_back(']');
        return text;
    };
    if (interval.upper < interval.lower)
        problems.push_back(
            {"upper", "upper " + valueText(interval.upper) + " is less than lower " + valueText(interval.lower)});
    if (interval.samples.empty())
        problems.push_back({"samples", "no samples; at least one is needed"});
    for (std::size_t i = 0; i < interval.samples.size(); ++i) {
        const Interval &sample = interval.samples[i];
        if (sample.lower < interval.lower)
            problems.push_back(
                {indexed("samples", i) + ".lower",
                 "sample " + range(sample) + " extends below the lower bound " + valueText(interval.lower)});
        if (sample.upper > interval.upper)
            problems.push_back(
                {indexed("samples", i) + ".upper",
                 "sample " + range(sample) + " extends above the upper bound " + valueText(interval.upper)});
        if (i > 0 && sample.lower <= interval.samples[i - 1].upper)
            problems.push_back({indexed("samples", i) + ".lower",
                                "sample " + range(sample) + " overlaps or touches the previous sample "
                                    + range(interval.samples[i - 1])});
    }
    return problems;
}

} // namespace caom2::detail
