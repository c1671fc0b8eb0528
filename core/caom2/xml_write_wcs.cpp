// Chunk-level WCS (spec §2.9), in the element order of spec §3.4.
#include "caom2/xml_write_context.h"

#include <variant>

namespace caom2 {

namespace {

void writeAxis(WriteContext &context, std::string_view name, const Axis &axis)
{
    context.xml.open(name);
    context.text("ctype", axis.ctype);
    context.text("cunit", axis.cunit);
    context.xml.close();
}

void writeRefCoord(WriteContext &context, std::string_view name, const RefCoord &coord)
{
    context.xml.open(name);
    context.number("pix", coord.pix);
    context.number("val", coord.val);
    context.xml.close();
}

void writeCoord2D(WriteContext &context, std::string_view name, const Coord2D &coord)
{
    context.xml.open(name);
    writeRefCoord(context, "coord1", coord.coord1);
    writeRefCoord(context, "coord2", coord.coord2);
    context.xml.close();
}

void writeValueCoord2D(WriteContext &context, std::string_view name, const ValueCoord2D &coord)
{
    context.xml.open(name);
    context.number("coord1", coord.coord1);
    context.number("coord2", coord.coord2);
    context.xml.close();
}

void writeError(WriteContext &context, std::string_view name, const std::optional<CoordError> &error)
{
    if (!error)
        return;
    context.xml.open(name);
    context.number("syser", error->syser);
    context.number("rnder", error->rnder);
    context.xml.close();
}

void writeRange1D(WriteContext &context, std::string_view name, const CoordRange1D &range)
{
    context.xml.open(name);
    writeRefCoord(context, "start", range.start);
    writeRefCoord(context, "end", range.end);
    context.xml.close();
}

void writeSlice(WriteContext &context, std::string_view name, const Slice &slice)
{
    context.xml.open(name);
    writeAxis(context, "axis", slice.axis);
    context.integer("bin", slice.bin);
    context.xml.close();
}

void writeCoordAxis1D(WriteContext &context, const CoordAxis1D &axis)
{
    context.xml.open("axis");
    writeAxis(context, "axis", axis.axis);
    writeError(context, "error", axis.error);
    if (axis.range)
        writeRange1D(context, "range", *axis.range);
    if (axis.bounds) {
        context.xml.open("bounds");
        // <samples> is required inside <bounds> even when it holds no range.
        context.xml.open("samples");
        for (const CoordRange1D &range : axis.bounds->samples)
            writeRange1D(context, "range", range);
        context.xml.close();
        context.xml.close();
    }
    if (axis.function) {
        context.xml.open("function");
        context.integer("naxis", axis.function->naxis);
        context.number("delta", axis.function->delta);
        writeRefCoord(context, "refCoord", axis.function->refCoord);
        context.xml.close();
    }
    context.xml.close();
}

void writeBounds2D(WriteContext &context, const CoordBounds2D &bounds)
{
    context.xml.open("bounds");
    if (const auto *circle = std::get_if<CoordCircle2D>(&bounds)) {
        context.xml.open("circle");
        writeValueCoord2D(context, "center", circle->center);
        context.number("radius", circle->radius);
        context.xml.close();
    } else {
        const auto &polygon = std::get<CoordPolygon2D>(bounds);
        context.xml.open("polygon");
        if (polygon.vertices.size() < 3)
            context.schemaRule("vertices", "a polygon needs at least 3 vertices");
        context.xml.open("vertices");
        for (const ValueCoord2D &vertex : polygon.vertices)
            writeValueCoord2D(context, "vertex", vertex);
        context.xml.close();
        context.xml.close();
    }
    context.xml.close();
}

void writeCoordAxis2D(WriteContext &context, const CoordAxis2D &axis)
{
    context.xml.open("axis");
    writeAxis(context, "axis1", axis.axis1);
    writeAxis(context, "axis2", axis.axis2);
    writeError(context, "error1", axis.error1);
    writeError(context, "error2", axis.error2);
    if (axis.range) {
        context.xml.open("range");
        writeCoord2D(context, "start", axis.range->start);
        writeCoord2D(context, "end", axis.range->end);
        context.xml.close();
    }
    if (axis.bounds)
        writeBounds2D(context, *axis.bounds);
    if (axis.function) {
        const CoordFunction2D &function = *axis.function;
        context.xml.open("function");
        context.xml.open("dimension");
        context.integer("naxis1", function.dimension.naxis1);
        context.integer("naxis2", function.dimension.naxis2);
        context.xml.close();
        writeCoord2D(context, "refCoord", function.refCoord);
        context.number("cd11", function.cd11);
        context.number("cd12", function.cd12);
        context.number("cd21", function.cd21);
        context.number("cd22", function.cd22);
        context.xml.close();
    }
    context.xml.close();
}

void writeSpatial(WriteContext &context, const SpatialWCS &position)
{
    context.xml.open("position");
    writeCoordAxis2D(context, position.axis);
    context.text("coordsys", position.coordsys);
    context.number("equinox", position.equinox);
    context.number("resolution", position.resolution);
    context.xml.close();
}

void writeSpectral(WriteContext &context, const SpectralWCS &energy)
{
    context.xml.open("energy");
    writeCoordAxis1D(context, energy.axis);
    context.text("specsys", energy.specsys); // required in 2.4; optional in 2.3 but always set in the model
    context.text("ssysobs", energy.ssysobs);
    context.text("ssyssrc", energy.ssyssrc);
    context.number("restfrq", energy.restfrq);
    context.number("restwav", energy.restwav);
    context.number("velosys", energy.velosys);
    context.number("zsource", energy.zsource);
    context.number("velang", energy.velang);
    context.text("bandpassName", energy.bandpassName);
    context.number("resolvingPower", energy.resolvingPower);
    if (energy.transition) {
        context.xml.open("transition");
        context.text("species", energy.transition->species);
        context.text("transition", energy.transition->transition);
        context.xml.close();
    }
    context.xml.close();
}

void writeTemporal(WriteContext &context, const TemporalWCS &time)
{
    context.xml.open("time");
    writeCoordAxis1D(context, time.axis);
    context.text("timesys", time.timesys);
    context.text("trefpos", time.trefpos);
    context.number("mjdref", time.mjdref);
    context.number("exposure", time.exposure);
    context.number("resolution", time.resolution);
    context.xml.close();
}

} // namespace

void writeChunkWcs(WriteContext &context, const Chunk &chunk)
{
    if (chunk.observable) {
        context.xml.open("observable");
        writeSlice(context, "dependent", chunk.observable->dependent);
        if (chunk.observable->independent)
            writeSlice(context, "independent", *chunk.observable->independent);
        context.xml.close();
    }
    if (chunk.position)
        writeSpatial(context, *chunk.position);
    if (chunk.energy)
        writeSpectral(context, *chunk.energy);
    if (chunk.time)
        writeTemporal(context, *chunk.time);
    if (chunk.polarization) {
        context.xml.open("polarization");
        writeCoordAxis1D(context, chunk.polarization->axis);
        context.xml.close();
    }
    if (chunk.custom) {
        if (context.is24()) {
            context.xml.open("custom");
            writeCoordAxis1D(context, chunk.custom->axis);
            context.xml.close();
        } else {
            context.dropped("custom");
        }
    }
}

} // namespace caom2
