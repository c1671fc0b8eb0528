// Readers of the chunk-level WCS value objects (spec §2.9, §3.4).
#include "caom2/xml_read_context.h"

namespace caom2::detail {

namespace {

void require(pugi::xml_node parent, bool found, const char *element)
{
    if (!found)
        ReadContext::fail(parent, std::string("has no <") + element + ">, which is required");
}

pugi::xml_node requiredChild(ReadContext &ctx, pugi::xml_node parent, const char *element)
{
    pugi::xml_node node = ctx.child(parent, element);
    require(parent, node, element);
    return node;
}

double requiredDouble(ReadContext &ctx, pugi::xml_node parent, const char *element)
{
    return ReadContext::parseDouble(requiredChild(ctx, parent, element));
}

Axis readAxis(ReadContext &ctx, pugi::xml_node node)
{
    Axis a;
    a.ctype = ReadContext::requiredString(requiredChild(ctx, node, "ctype"));
    if (pugi::xml_node cunit = ctx.child(node, "cunit"))
        a.cunit = ReadContext::optionalString(cunit);
    return a;
}

RefCoord readRefCoord(ReadContext &ctx, pugi::xml_node node)
{
    return RefCoord{requiredDouble(ctx, node, "pix"), requiredDouble(ctx, node, "val")};
}

Coord2D readCoord2D(ReadContext &ctx, pugi::xml_node node)
{
    return Coord2D{readRefCoord(ctx, requiredChild(ctx, node, "coord1")),
                   readRefCoord(ctx, requiredChild(ctx, node, "coord2"))};
}

ValueCoord2D readValueCoord2D(ReadContext &ctx, pugi::xml_node node)
{
    return ValueCoord2D{requiredDouble(ctx, node, "coord1"), requiredDouble(ctx, node, "coord2")};
}

CoordError readCoordError(ReadContext &ctx, pugi::xml_node node)
{
    return CoordError{ctx.optDouble(ctx.child(node, "syser")), ctx.optDouble(ctx.child(node, "rnder"))};
}

CoordRange1D readCoordRange1D(ReadContext &ctx, pugi::xml_node node)
{
    return CoordRange1D{readRefCoord(ctx, requiredChild(ctx, node, "start")),
                        readRefCoord(ctx, requiredChild(ctx, node, "end"))};
}

CoordRange2D readCoordRange2D(ReadContext &ctx, pugi::xml_node node)
{
    return CoordRange2D{readCoord2D(ctx, requiredChild(ctx, node, "start")),
                        readCoord2D(ctx, requiredChild(ctx, node, "end"))};
}

CoordBounds1D readCoordBounds1D(ReadContext &ctx, pugi::xml_node node)
{
    CoordBounds1D b;
    if (pugi::xml_node samples = ctx.child(node, "samples"))
        for (pugi::xml_node c = samples.first_child(); c; c = c.next_sibling())
            if (ctx.local(c) == "range")
                b.samples.push_back(readCoordRange1D(ctx, c));
    return b;
}

CoordBounds2D readCoordBounds2D(ReadContext &ctx, pugi::xml_node node)
{
    if (pugi::xml_node circle = ctx.child(node, "circle")) {
        return CoordCircle2D{readValueCoord2D(ctx, requiredChild(ctx, circle, "center")),
                             requiredDouble(ctx, circle, "radius")};
    }
    if (pugi::xml_node polygon = ctx.child(node, "polygon")) {
        CoordPolygon2D p;
        if (pugi::xml_node vertices = ctx.child(polygon, "vertices"))
            for (pugi::xml_node c = vertices.first_child(); c; c = c.next_sibling())
                if (ctx.local(c) == "vertex")
                    p.vertices.push_back(readValueCoord2D(ctx, c));
        return p;
    }
    ReadContext::fail(node, "has neither <circle> nor <polygon>");
}

CoordFunction1D readCoordFunction1D(ReadContext &ctx, pugi::xml_node node)
{
    CoordFunction1D f;
    f.naxis = ReadContext::parseInteger<std::int64_t>(requiredChild(ctx, node, "naxis"));
    f.delta = requiredDouble(ctx, node, "delta");
    f.refCoord = readRefCoord(ctx, requiredChild(ctx, node, "refCoord"));
    return f;
}

CoordFunction2D readCoordFunction2D(ReadContext &ctx, pugi::xml_node node)
{
    CoordFunction2D f;
    pugi::xml_node dimension = requiredChild(ctx, node, "dimension");
    f.dimension.naxis1 = ReadContext::parseInteger<std::int64_t>(requiredChild(ctx, dimension, "naxis1"));
    f.dimension.naxis2 = ReadContext::parseInteger<std::int64_t>(requiredChild(ctx, dimension, "naxis2"));
    f.refCoord = readCoord2D(ctx, requiredChild(ctx, node, "refCoord"));
    f.cd11 = requiredDouble(ctx, node, "cd11");
    f.cd12 = requiredDouble(ctx, node, "cd12");
    f.cd21 = requiredDouble(ctx, node, "cd21");
    f.cd22 = requiredDouble(ctx, node, "cd22");
    return f;
}

CoordAxis1D readCoordAxis1D(ReadContext &ctx, pugi::xml_node node)
{
    CoordAxis1D a;
    bool hasAxis = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "axis") {
            a.axis = readAxis(ctx, c);
            hasAxis = true;
        } else if (n == "error") {
            a.error = readCoordError(ctx, c);
        } else if (n == "range") {
            a.range = readCoordRange1D(ctx, c);
        } else if (n == "bounds") {
            a.bounds = readCoordBounds1D(ctx, c);
        } else if (n == "function") {
            a.function = readCoordFunction1D(ctx, c);
        }
    }
    require(node, hasAxis, "axis");
    return a;
}

CoordAxis2D readCoordAxis2D(ReadContext &ctx, pugi::xml_node node)
{
    CoordAxis2D a;
    bool hasAxis1 = false;
    bool hasAxis2 = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "axis1") {
            a.axis1 = readAxis(ctx, c);
            hasAxis1 = true;
        } else if (n == "axis2") {
            a.axis2 = readAxis(ctx, c);
            hasAxis2 = true;
        } else if (n == "error1") {
            a.error1 = readCoordError(ctx, c);
        } else if (n == "error2") {
            a.error2 = readCoordError(ctx, c);
        } else if (n == "range") {
            a.range = readCoordRange2D(ctx, c);
        } else if (n == "bounds") {
            a.bounds = readCoordBounds2D(ctx, c);
        } else if (n == "function") {
            a.function = readCoordFunction2D(ctx, c);
        }
    }
    require(node, hasAxis1, "axis1");
    require(node, hasAxis2, "axis2");
    return a;
}

Slice readSlice(ReadContext &ctx, pugi::xml_node node)
{
    Slice s;
    s.axis = readAxis(ctx, requiredChild(ctx, node, "axis"));
    s.bin = ReadContext::parseInteger<std::int64_t>(requiredChild(ctx, node, "bin"));
    return s;
}

} // namespace

ObservableAxis readObservableAxis(ReadContext &ctx, pugi::xml_node node)
{
    ObservableAxis o;
    o.dependent = readSlice(ctx, requiredChild(ctx, node, "dependent"));
    if (pugi::xml_node independent = ctx.child(node, "independent"))
        o.independent = readSlice(ctx, independent);
    return o;
}

SpatialWCS readSpatialWCS(ReadContext &ctx, pugi::xml_node node)
{
    SpatialWCS w;
    bool hasAxis = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "axis") {
            w.axis = readCoordAxis2D(ctx, c);
            hasAxis = true;
        } else if (n == "coordsys") {
            w.coordsys = ReadContext::optionalString(c);
        } else if (n == "equinox") {
            w.equinox = ctx.optDouble(c);
        } else if (n == "resolution") {
            w.resolution = ctx.optDouble(c);
        }
    }
    require(node, hasAxis, "axis");
    return w;
}

SpectralWCS readSpectralWCS(ReadContext &ctx, pugi::xml_node node)
{
    SpectralWCS w;
    bool hasAxis = false;
    bool hasSpecsys = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "axis") {
            w.axis = readCoordAxis1D(ctx, c);
            hasAxis = true;
        } else if (n == "specsys") {
            w.specsys = ReadContext::requiredString(c);
            hasSpecsys = true;
        } else if (n == "ssysobs") {
            w.ssysobs = ReadContext::optionalString(c);
        } else if (n == "ssyssrc") {
            w.ssyssrc = ReadContext::optionalString(c);
        } else if (n == "restfrq") {
            w.restfrq = ctx.optDouble(c);
        } else if (n == "restwav") {
            w.restwav = ctx.optDouble(c);
        } else if (n == "velosys") {
            w.velosys = ctx.optDouble(c);
        } else if (n == "zsource") {
            w.zsource = ctx.optDouble(c);
        } else if (n == "velang") {
            w.velang = ctx.optDouble(c);
        } else if (n == "bandpassName") {
            w.bandpassName = ReadContext::optionalString(c);
        } else if (n == "resolvingPower") {
            w.resolvingPower = ctx.optDouble(c);
        } else if (n == "transition") {
            w.transition = readEnergyTransition(ctx, c);
        }
    }
    require(node, hasAxis, "axis");
    require(node, hasSpecsys, "specsys"); // required by the Java model in every version
    return w;
}

TemporalWCS readTemporalWCS(ReadContext &ctx, pugi::xml_node node)
{
    TemporalWCS w;
    bool hasAxis = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "axis") {
            w.axis = readCoordAxis1D(ctx, c);
            hasAxis = true;
        } else if (n == "timesys") {
            w.timesys = ReadContext::optionalString(c);
        } else if (n == "trefpos") {
            w.trefpos = ReadContext::optionalString(c);
        } else if (n == "mjdref") {
            w.mjdref = ctx.optDouble(c);
        } else if (n == "exposure") {
            w.exposure = ctx.optDouble(c);
        } else if (n == "resolution") {
            w.resolution = ctx.optDouble(c);
        }
    }
    require(node, hasAxis, "axis");
    return w;
}

PolarizationWCS readPolarizationWCS(ReadContext &ctx, pugi::xml_node node)
{
    return PolarizationWCS{readCoordAxis1D(ctx, requiredChild(ctx, node, "axis"))};
}

CustomWCS readCustomWCS(ReadContext &ctx, pugi::xml_node node)
{
    return CustomWCS{readCoordAxis1D(ctx, requiredChild(ctx, node, "axis"))};
}

} // namespace caom2::detail
