// Plane-level computed axes (position, energy, time, polarization, custom) and the geometry types they
// hold (spec §2.7, §2.8), in the element order of spec §3.4.
#include "caom2/xml_write_context.h"

#include <variant>

namespace caom2 {

namespace {

void writePoint(WriteContext &context, std::string_view name, const Point &point)
{
    context.xml.open(name);
    context.number("cval1", point.cval1);
    context.number("cval2", point.cval2);
    context.xml.close();
}

void writeCircle(WriteContext &context, const Circle &circle)
{
    context.xml.beginStartTag("bounds");
    context.xml.plainAttribute("xsi:type", "caom2:Circle");
    context.xml.endStartTag();
    writePoint(context, "center", circle.center);
    context.number("radius", circle.radius);
    context.xml.close();
}

void writePolygon(WriteContext &context, const Polygon &polygon)
{
    context.xml.beginStartTag("bounds");
    context.xml.plainAttribute("xsi:type", "caom2:Polygon");
    context.xml.endStartTag();

    // The schema's PointList and VertexList demand at least 3 entries.
    if (polygon.points.size() < 3)
        context.schemaRule("points", "a polygon needs at least 3 points");
    context.xml.open("points");
    for (const Point &point : polygon.points)
        writePoint(context, "point", point);
    context.xml.close();

    context.xml.open("samples");
    if (polygon.samples.vertices.size() < 3)
        context.schemaRule("vertices", "a polygon's samples need at least 3 vertices");
    context.xml.open("vertices");
    for (const Vertex &vertex : polygon.samples.vertices) {
        context.xml.open("vertex");
        context.number("cval1", vertex.cval1);
        context.number("cval2", vertex.cval2);
        const auto type = static_cast<std::int32_t>(vertex.type);
        if (!segmentTypeFromInt(type))
            context.fail("type", "segment type must be 0, 1 or 2");
        context.integer("type", type);
        context.xml.close();
    }
    context.xml.close();
    context.xml.close();

    context.xml.close();
}

void writeInterval(WriteContext &context, std::string_view name, const Interval &interval)
{
    context.xml.open(name);
    context.number("lower", interval.lower);
    context.number("upper", interval.upper);
    context.xml.close();
}

// 2.4 SampledInterval = 2.3 Interval: same element names, only the XSD type names differ.
void writeSampledInterval(WriteContext &context, const SampledInterval &interval)
{
    context.xml.open("bounds");
    context.number("lower", interval.lower);
    context.number("upper", interval.upper);
    if (interval.samples.empty())
        context.schemaRule("samples", "a sampled interval needs at least one sample");
    context.xml.open("samples");
    for (const Interval &sample : interval.samples)
        writeInterval(context, "sample", sample);
    context.xml.close();
    context.xml.close();
}

// Position.resolutionBounds, Energy.resolvingPowerBounds, Time.resolutionBounds exist only in 2.4.
void writeInterval24(WriteContext &context, std::string_view name, const std::optional<Interval> &interval)
{
    if (!interval)
        return;
    if (context.is24())
        writeInterval(context, name, *interval);
    else
        context.dropped(name);
}

} // namespace

void writePosition(WriteContext &context, const Position &position)
{
    context.xml.open("position");
    if (position.bounds) {
        if (const auto *circle = std::get_if<Circle>(&*position.bounds))
            writeCircle(context, *circle);
        else
            writePolygon(context, std::get<Polygon>(*position.bounds));
    }
    if (position.dimension) {
        context.xml.open("dimension");
        context.integer("naxis1", position.dimension->naxis1);
        context.integer("naxis2", position.dimension->naxis2);
        context.xml.close();
    }
    context.number("resolution", position.resolution);
    writeInterval24(context, "resolutionBounds", position.resolutionBounds);
    context.number("sampleSize", position.sampleSize);
    context.boolean("timeDependent", position.timeDependent);
    context.xml.close();
}

void writeEnergy(WriteContext &context, const Energy &energy)
{
    context.xml.open("energy");
    if (energy.bounds)
        writeSampledInterval(context, *energy.bounds);
    context.integer("dimension", energy.dimension);
    context.number("resolvingPower", energy.resolvingPower);
    writeInterval24(context, "resolvingPowerBounds", energy.resolvingPowerBounds);
    context.number("sampleSize", energy.sampleSize);
    context.text("bandpassName", energy.bandpassName);
    if (context.is24()) {
        if (!energy.energyBands.empty()) {
            context.xml.open("energyBands");
            for (const EnergyBand band : energy.energyBands)
                context.xml.plainElement("emBand", toString(band));
            context.xml.close();
        }
    } else if (energy.energyBands.size() == 1) {
        context.xml.plainElement("emBand", toString(energy.energyBands.front()));
    } else if (energy.energyBands.size() > 1) {
        context.dropped("energyBands"); // 2.3 holds a single optional emBand
    }
    context.number("restwav", energy.restwav);
    if (energy.transition) {
        context.xml.open("transition");
        context.text("species", energy.transition->species);
        context.text("transition", energy.transition->transition);
        context.xml.close();
    }
    context.xml.close();
}

void writeTime(WriteContext &context, const Time &time)
{
    context.xml.open("time");
    if (time.bounds)
        writeSampledInterval(context, *time.bounds);
    context.integer("dimension", time.dimension);
    context.number("resolution", time.resolution);
    writeInterval24(context, "resolutionBounds", time.resolutionBounds);
    context.number("sampleSize", time.sampleSize);
    context.number("exposure", time.exposure);
    context.xml.close();
}

void writePolarization(WriteContext &context, const Polarization &polarization)
{
    context.xml.open("polarization");
    if (!polarization.states.empty()) {
        context.xml.open("states");
        for (const PolarizationState state : polarization.states) {
            // Java accepts POLA, but neither the 2.3 nor the 2.4 schema lists it: a validating reader
            // (Java's default) would refuse the whole document, so we refuse to write it.
            if (state == PolarizationState::POLA)
                context.schemaRule("state", "POLA is not a PolarizationState of the CAOM schemas");
            context.xml.plainElement("state", toString(state));
        }
        context.xml.close();
    }
    context.integer("dimension", polarization.dimension);
    context.xml.close();
}

void writeCustomAxis(WriteContext &context, const CustomAxis &custom)
{
    context.xml.open("custom");
    context.text("ctype", custom.ctype);
    if (custom.bounds)
        writeSampledInterval(context, *custom.bounds);
    context.integer("dimension", custom.dimension);
    context.xml.close();
}

} // namespace caom2
