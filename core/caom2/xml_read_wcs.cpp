// Readers of the chunk-level WCS value objects (spec §2.9, §3.4).
#include "caom2/xml_read_context.h"

namespace caom2::detail {

namespace {

void require(pugi::xml_node parent, bool found, std::string_view element)
{
    if (!found)
        ReadContext::fail(parent, std::string("has no <").append(element).append(">, which is required"));
}

// Names are string views so that a literal's length is known where it is written, not measured on every call.
pugi::xml_node requiredChild(ReadContext &ctx, pugi::xml_node parent, std::string_view element)
{
    pugi::xml_node node = ctx.child(parent, element);
    require(parent, node, element);
    return node;
}

double requiredDouble(ReadContext &ctx, pugi::xml_node parent, std::string_view element)
{
    return ReadContext::parseDouble(requiredChild(ctx, parent, element));
}

// A child already looked up (ReadContext::children): required, then read.
pugi::xml_node required(pugi::xml_node parent, pugi::xml_node child, std::string_view element)
{
    require(parent, child, element);
    return child;
}

double requiredDouble(pugi::xml_node parent, pugi::xml_node child, std::string_view element)
{
    return ReadContext::parseDouble(required(parent, child, element));
}

// Each reader below finds its children in one pass, then reads them in the order the lookups were made before,
// so that of two faults in one element the same one is reported.
Axis readAxis(ReadContext &ctx, pugi::xml_node node)
{
    const auto [ctype, cunit] = ctx.children(node, {"ctype", "cunit"});
    Axis a;
    a.ctype = ReadContext::requiredString(required(node, ctype, "ctype"));
    if (cunit)
        a.cunit = ReadContext::optionalString(cunit);
    return a;
}

RefCoord readRefCoord(ReadContext &ctx, pugi::xml_node node)
{
    const auto [pix, val] = ctx.children(node, {"pix", "val"});
    RefCoord r;
    r.pix = requiredDouble(node, pix, "pix");
    r.val = requiredDouble(node, val, "val");
    return r;
}

Coord2D readCoord2D(ReadContext &ctx, pugi::xml_node node)
{
    const auto [coord1, coord2] = ctx.children(node, {"coord1", "coord2"});
    Coord2D c;
    c.coord1 = readRefCoord(ctx, required(node, coord1, "coord1"));
    c.coord2 = readRefCoord(ctx, required(node, coord2, "coord2"));
    return c;
}

ValueCoord2D readValueCoord2D(ReadContext &ctx, pugi::xml_node node)
{
    const auto [coord1, coord2] = ctx.children(node, {"coord1", "coord2"});
    ValueCoord2D c;
    c.coord1 = requiredDouble(node, coord1, "coord1");
    c.coord2 = requiredDouble(node, coord2, "coord2");
    return c;
}

CoordError readCoordError(ReadContext &ctx, pugi::xml_node node)
{
    const auto [syser, rnder] = ctx.children(node, {"syser", "rnder"});
    CoordError e;
    e.syser = ctx.optDouble(syser);
    e.rnder = ctx.optDouble(rnder);
    return e;
}

CoordRange1D readCoordRange1D(ReadContext &ctx, pugi::xml_node node)
{
    const auto [start, end] = ctx.children(node, {"start", "end"});
    CoordRange1D r;
    r.start = readRefCoord(ctx, required(node, start, "start"));
    r.end = readRefCoord(ctx, required(node, end, "end"));
    return r;
}

CoordRange2D readCoordRange2D(ReadContext &ctx, pugi::xml_node node)
{
    const auto [start, end] = ctx.children(node, {"start", "end"});
    CoordRange2D r;
    r.start = readCoord2D(ctx, required(node, start, "start"));
    r.end = readCoord2D(ctx, required(node, end, "end"));
    return r;
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
    const auto [naxis, delta, refCoord] = ctx.children(node, {"naxis", "delta", "refCoord"});
    CoordFunction1D f;
    f.naxis = ReadContext::parseInteger<std::int64_t>(required(node, naxis, "naxis"));
    f.delta = requiredDouble(node, delta, "delta");
    f.refCoord = readRefCoord(ctx, required(node, refCoord, "refCoord"));
    return f;
}

CoordFunction2D readCoordFunction2D(ReadContext &ctx, pugi::xml_node node)
{
    const auto [dimension, refCoord, cd11, cd12, cd21, cd22] =
        ctx.children(node, {"dimension", "refCoord", "cd11", "cd12", "cd21", "cd22"});
    CoordFunction2D f;
    required(node, dimension, "dimension");
    const auto [naxis1, naxis2] = ctx.children(dimension, {"naxis1", "naxis2"});
    f.dimension.naxis1 = ReadContext::parseInteger<std::int64_t>(required(dimension, naxis1, "naxis1"));
    f.dimension.naxis2 = ReadContext::parseInteger<std::int64_t>(required(dimension, naxis2, "naxis2"));
    f.refCoord = readCoord2D(ctx, required(node, refCoord, "refCoord"));
    f.cd11 = requiredDouble(node, cd11, "cd11");
    f.cd12 = requiredDouble(node, cd12, "cd12");
    f.cd21 = requiredDouble(node, cd21, "cd21");
    f.cd22 = requiredDouble(node, cd22, "cd22");
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
    const auto [axis, bin] = ctx.children(node, {"axis", "bin"});
    Slice s;
    s.axis = readAxis(ctx, required(node, axis, "axis"));
    s.bin = ReadContext::parseInteger<std::int64_t>(required(node, bin, "bin"));
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
