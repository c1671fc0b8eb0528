// Readers of the value objects owned by Observation and Plane (spec §2.7, §2.8, §3.4).
#include "caom2/xml_read_context.h"

namespace caom2::detail {

namespace {

void require(pugi::xml_node parent, bool found, std::string_view element)
{
    if (!found)
        ReadContext::fail(parent, std::string("has no <").append(element).append(">, which is required"));
}

} // namespace

std::vector<std::string> readKeywords(ReadContext &ctx, pugi::xml_node node)
{
    std::vector<std::string> keywords;
    if (ctx.version() < 23) {
        // 2.2: one element, keywords separated by white space.
        const std::string_view all = ReadContext::textOf(node);
        std::size_t pos = 0;
        while (pos < all.size()) {
            while (pos < all.size() && static_cast<unsigned char>(all[pos]) <= 0x20)
                ++pos;
            std::size_t end = pos;
            while (end < all.size() && static_cast<unsigned char>(all[end]) > 0x20)
                ++end;
            if (end > pos)
                keywords.emplace_back(all.substr(pos, end - pos));
            pos = end;
        }
        return keywords;
    }
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
        if (ctx.local(c) == "keyword")
            if (auto value = ReadContext::text(c))
                keywords.emplace_back(*value);
    return keywords;
}

std::vector<Uri> readGroups(ReadContext &ctx, pugi::xml_node node)
{
    std::vector<Uri> groups;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
        if (ctx.local(c) == "groupURI")
            groups.push_back(ReadContext::parseUri(c));
    return groups;
}

Point readPoint(ReadContext &ctx, pugi::xml_node node)
{
    Point p;
    bool has1 = false;
    bool has2 = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "cval1") {
            p.cval1 = ReadContext::parseDouble(c);
            has1 = true;
        } else if (n == "cval2") {
            p.cval2 = ReadContext::parseDouble(c);
            has2 = true;
        }
    }
    require(node, has1, "cval1");
    require(node, has2, "cval2");
    return p;
}

Interval readInterval(ReadContext &ctx, pugi::xml_node node)
{
    Interval i;
    bool hasLower = false;
    bool hasUpper = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "lower") {
            i.lower = ReadContext::parseDouble(c);
            hasLower = true;
        } else if (n == "upper") {
            i.upper = ReadContext::parseDouble(c);
            hasUpper = true;
        }
    }
    require(node, hasLower, "lower");
    require(node, hasUpper, "upper");
    return i;
}

namespace {

SampledInterval readSampledInterval(ReadContext &ctx, pugi::xml_node node)
{
    SampledInterval s;
    const Interval range = readInterval(ctx, node);
    s.lower = range.lower;
    s.upper = range.upper;
    bool hasSamples = false;
    if (pugi::xml_node samples = ctx.child(node, "samples")) {
        hasSamples = true;
        for (pugi::xml_node c = samples.first_child(); c; c = c.next_sibling())
            if (ctx.local(c) == "sample")
                s.samples.push_back(readInterval(ctx, c));
    }
    // Before 2.3 samples were optional; the Java reader then makes the whole range the one sample,
    // which changes the checksum, so we do the same.
    if (!hasSamples && ctx.version() < 23)
        s.samples.push_back(Interval{s.lower, s.upper});
    return s;
}

Dimension2D readDimension2D(ReadContext &ctx, pugi::xml_node node)
{
    Dimension2D d;
    bool has1 = false;
    bool has2 = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "naxis1") {
            d.naxis1 = ReadContext::parseInteger<std::int64_t>(c);
            has1 = true;
        } else if (n == "naxis2") {
            d.naxis2 = ReadContext::parseInteger<std::int64_t>(c);
            has2 = true;
        }
    }
    require(node, has1, "naxis1");
    require(node, has2, "naxis2");
    return d;
}

Shape readShape(ReadContext &ctx, pugi::xml_node node)
{
    std::string_view type;
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
        const std::string_view name = a.name();
        if (name.size() >= 5 && name.substr(name.size() - 5) == ":type") {
            type = a.value();
            if (const auto colon = type.find(':'); colon != std::string_view::npos)
                type = type.substr(colon + 1);
        }
    }
    if (type == "Circle") {
        Circle circle;
        bool hasCenter = false;
        bool hasRadius = false;
        for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
            const auto n = ctx.local(c);
            if (n == "center") {
                circle.center = readPoint(ctx, c);
                hasCenter = true;
            } else if (n == "radius") {
                circle.radius = ReadContext::parseDouble(c);
                hasRadius = true;
            }
        }
        require(node, hasCenter, "center");
        require(node, hasRadius, "radius");
        return circle;
    }
    if (type == "Polygon") {
        if (ctx.version() < 23)
            ReadContext::fail(node,
                              "is a CAOM 2.2 polygon (bare vertices), which cannot be converted to the 2.3+ "
                              "model (the reference refuses it too)");
        Polygon polygon;
        if (pugi::xml_node points = ctx.child(node, "points"))
            for (pugi::xml_node c = points.first_child(); c; c = c.next_sibling())
                if (ctx.local(c) == "point")
                    polygon.points.push_back(readPoint(ctx, c));
        pugi::xml_node samples = ctx.child(node, "samples");
        require(node, samples, "samples");
        if (pugi::xml_node vertices = ctx.child(samples, "vertices")) {
            for (pugi::xml_node c = vertices.first_child(); c; c = c.next_sibling()) {
                if (ctx.local(c) != "vertex")
                    continue;
                Vertex v;
                const Point p = readPoint(ctx, c);
                v.cval1 = p.cval1;
                v.cval2 = p.cval2;
                pugi::xml_node typeNode = ctx.child(c, "type");
                require(c, typeNode, "type");
                const auto code = ReadContext::parseInteger<std::int32_t>(typeNode);
                const auto segment = segmentTypeFromInt(code);
                if (!segment)
                    ReadContext::fail(typeNode,
                                      "'" + std::to_string(code) + "' is not a segment type (0 CLOSE, 1 LINE, 2 MOVE)");
                v.type = *segment;
                polygon.samples.vertices.push_back(v);
            }
        }
        return polygon;
    }
    ReadContext::fail(node,
                      type.empty() ? std::string("has no xsi:type saying which shape it is")
                                   : "has unknown shape type '" + std::string(type) + "'");
}

} // namespace

EnergyTransition readEnergyTransition(ReadContext &ctx, pugi::xml_node node)
{
    EnergyTransition t;
    bool hasSpecies = false;
    bool hasTransition = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "species") {
            t.species = ReadContext::requiredString(c);
            hasSpecies = true;
        } else if (n == "transition") {
            t.transition = ReadContext::requiredString(c);
            hasTransition = true;
        }
    }
    require(node, hasSpecies, "species");
    require(node, hasTransition, "transition");
    return t;
}

Proposal readProposal(ReadContext &ctx, pugi::xml_node node)
{
    Proposal p;
    bool hasId = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "id") {
            p.id = ReadContext::requiredString(c);
            hasId = true;
        } else if (n == "pi") {
            p.pi = ReadContext::optionalString(c);
        } else if (n == "project") {
            p.project = ReadContext::optionalString(c);
        } else if (n == "title") {
            p.title = ReadContext::optionalString(c);
        } else if (n == "keywords") {
            p.keywords = readKeywords(ctx, c);
        }
    }
    require(node, hasId, "id");
    return p;
}

Target readTarget(ReadContext &ctx, pugi::xml_node node)
{
    Target t;
    bool hasName = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "name") {
            t.name = ReadContext::requiredString(c);
            hasName = true;
        } else if (n == "targetID") {
            if (ReadContext::text(c))
                t.targetID = ReadContext::parseUri(c);
        } else if (n == "type") {
            if (const auto text = ReadContext::text(c)) {
                t.type = parseTargetType(*text);
                if (!t.type)
                    ReadContext::fail(c, "'" + std::string(*text) + "' is not a target type (object, field)");
            }
        } else if (n == "standard") {
            t.standard = ReadContext::parseBool(c);
        } else if (n == "redshift") {
            t.redshift = ctx.optDouble(c);
        } else if (n == "moving") {
            t.moving = ReadContext::parseBool(c);
        } else if (n == "keywords") {
            t.keywords = readKeywords(ctx, c);
        }
    }
    require(node, hasName, "name");
    return t;
}

TargetPosition readTargetPosition(ReadContext &ctx, pugi::xml_node node)
{
    TargetPosition t;
    bool hasCoordsys = false;
    bool hasCoordinates = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "coordsys") {
            t.coordsys = ReadContext::requiredString(c);
            hasCoordsys = true;
        } else if (n == "equinox") {
            t.equinox = ctx.optDouble(c);
        } else if (n == "coordinates") {
            t.coordinates = readPoint(ctx, c);
            hasCoordinates = true;
        }
    }
    require(node, hasCoordsys, "coordsys");
    require(node, hasCoordinates, "coordinates");
    return t;
}

Telescope readTelescope(ReadContext &ctx, pugi::xml_node node)
{
    Telescope t;
    bool hasName = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "name") {
            t.name = ReadContext::requiredString(c);
            hasName = true;
        } else if (n == "geoLocationX") {
            t.geoLocationX = ctx.optDouble(c);
        } else if (n == "geoLocationY") {
            t.geoLocationY = ctx.optDouble(c);
        } else if (n == "geoLocationZ") {
            t.geoLocationZ = ctx.optDouble(c);
        } else if (n == "keywords") {
            t.keywords = readKeywords(ctx, c);
        }
    }
    require(node, hasName, "name");
    return t;
}

Instrument readInstrument(ReadContext &ctx, pugi::xml_node node)
{
    Instrument i;
    bool hasName = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "name") {
            i.name = ReadContext::requiredString(c);
            hasName = true;
        } else if (n == "keywords") {
            i.keywords = readKeywords(ctx, c);
        }
    }
    require(node, hasName, "name");
    return i;
}

Environment readEnvironment(ReadContext &ctx, pugi::xml_node node)
{
    Environment e;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "seeing")
            e.seeing = ctx.optDouble(c);
        else if (n == "humidity")
            e.humidity = ctx.optDouble(c);
        else if (n == "elevation")
            e.elevation = ctx.optDouble(c);
        else if (n == "tau")
            e.tau = ctx.optDouble(c);
        else if (n == "wavelengthTau")
            e.wavelengthTau = ctx.optDouble(c);
        else if (n == "ambientTemp")
            e.ambientTemp = ctx.optDouble(c);
        else if (n == "photometric")
            e.photometric = ReadContext::parseBool(c);
    }
    return e;
}

Requirements readRequirements(ReadContext &ctx, pugi::xml_node node)
{
    pugi::xml_node flag = ctx.child(node, "flag");
    require(node, flag, "flag");
    const std::string text = ReadContext::requiredString(flag);
    const auto status = parseStatus(text);
    if (!status)
        ReadContext::fail(flag, "'" + text + "' is not a requirements status (fail)");
    return Requirements{*status};
}

DataQuality readDataQuality(ReadContext &ctx, pugi::xml_node node)
{
    pugi::xml_node flag = ctx.child(node, "flag");
    require(node, flag, "flag");
    const std::string text = ReadContext::requiredString(flag);
    const auto quality = parseQuality(text);
    if (!quality)
        ReadContext::fail(flag, "'" + text + "' is not a data quality flag (junk)");
    return DataQuality{*quality};
}

Observable readObservable(ReadContext &ctx, pugi::xml_node node)
{
    pugi::xml_node ucd = ctx.child(node, "ucd");
    require(node, ucd, "ucd");
    return Observable{ReadContext::requiredString(ucd)};
}

Provenance readProvenance(ReadContext &ctx, pugi::xml_node node)
{
    Provenance p;
    bool hasName = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "name") {
            p.name = ReadContext::requiredString(c);
            hasName = true;
        } else if (n == "version") {
            p.version = ReadContext::optionalString(c);
        } else if (n == "project") {
            p.project = ReadContext::optionalString(c);
        } else if (n == "producer") {
            p.producer = ReadContext::optionalString(c);
        } else if (n == "runID") {
            p.runID = ReadContext::optionalString(c);
        } else if (n == "reference") {
            if (ReadContext::text(c))
                p.reference = ReadContext::parseUri(c);
        } else if (n == "lastExecuted") {
            if (ReadContext::text(c))
                p.lastExecuted = ReadContext::parseDate(c);
        } else if (n == "keywords") {
            p.keywords = readKeywords(ctx, c);
        } else if (n == "inputs") {
            for (pugi::xml_node i = c.first_child(); i; i = i.next_sibling())
                if (ctx.local(i) == "planeURI")
                    p.inputs.push_back(PlaneUri{ReadContext::parseUri(i)});
        }
    }
    require(node, hasName, "name");
    return p;
}

Metrics readMetrics(ReadContext &ctx, pugi::xml_node node)
{
    Metrics m;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "sourceNumberDensity")
            m.sourceNumberDensity = ctx.optDouble(c);
        else if (n == "background")
            m.background = ctx.optDouble(c);
        else if (n == "backgroundStddev")
            m.backgroundStddev = ctx.optDouble(c);
        else if (n == "fluxDensityLimit")
            m.fluxDensityLimit = ctx.optDouble(c);
        else if (n == "magLimit")
            m.magLimit = ctx.optDouble(c);
        else if (n == "sampleSNR")
            m.sampleSNR = ctx.optDouble(c);
    }
    return m;
}

Position readPosition(ReadContext &ctx, pugi::xml_node node)
{
    Position p;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "bounds")
            p.bounds = readShape(ctx, c);
        else if (n == "dimension")
            p.dimension = readDimension2D(ctx, c);
        else if (n == "resolution")
            p.resolution = ctx.optDouble(c);
        else if (n == "resolutionBounds")
            p.resolutionBounds = readInterval(ctx, c);
        else if (n == "sampleSize")
            p.sampleSize = ctx.optDouble(c);
        else if (n == "timeDependent")
            p.timeDependent = ReadContext::parseBool(c);
    }
    return p;
}

Energy readEnergy(ReadContext &ctx, pugi::xml_node node)
{
    Energy e;
    auto addBand = [&](pugi::xml_node bandNode) {
        const auto text = ReadContext::text(bandNode);
        if (!text)
            return;
        const auto band = parseEnergyBand(*text);
        if (!band)
            ReadContext::fail(bandNode, "'" + std::string(*text) + "' is not an energy band");
        e.energyBands.push_back(*band);
    };
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "bounds") {
            e.bounds = readSampledInterval(ctx, c);
        } else if (n == "dimension") {
            if (ReadContext::text(c))
                e.dimension = ReadContext::parseInteger<std::int64_t>(c);
        } else if (n == "resolvingPower") {
            e.resolvingPower = ctx.optDouble(c);
        } else if (n == "resolvingPowerBounds") {
            e.resolvingPowerBounds = readInterval(ctx, c);
        } else if (n == "sampleSize") {
            e.sampleSize = ctx.optDouble(c);
        } else if (n == "bandpassName") {
            e.bandpassName = ReadContext::optionalString(c);
        } else if (n == "emBand") { // 2.2/2.3: one optional band
            addBand(c);
        } else if (n == "energyBands") { // 2.4
            for (pugi::xml_node b = c.first_child(); b; b = b.next_sibling())
                if (ctx.local(b) == "emBand")
                    addBand(b);
        } else if (n == "restwav") {
            e.restwav = ctx.optDouble(c);
        } else if (n == "transition") {
            e.transition = readEnergyTransition(ctx, c);
        }
    }
    return e;
}

Time readTime(ReadContext &ctx, pugi::xml_node node)
{
    Time t;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "bounds") {
            t.bounds = readSampledInterval(ctx, c);
        } else if (n == "dimension") {
            if (ReadContext::text(c))
                t.dimension = ReadContext::parseInteger<std::int64_t>(c);
        } else if (n == "resolution") {
            t.resolution = ctx.optDouble(c);
        } else if (n == "resolutionBounds") {
            t.resolutionBounds = readInterval(ctx, c);
        } else if (n == "sampleSize") {
            t.sampleSize = ctx.optDouble(c);
        } else if (n == "exposure") {
            t.exposure = ctx.optDouble(c);
        }
    }
    return t;
}

Polarization readPolarization(ReadContext &ctx, pugi::xml_node node)
{
    Polarization p;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "states") {
            for (pugi::xml_node s = c.first_child(); s; s = s.next_sibling()) {
                if (ctx.local(s) != "state")
                    continue;
                const std::string text = ReadContext::requiredString(s);
                const auto state = parsePolarizationState(text);
                if (!state)
                    ReadContext::fail(s, "'" + text + "' is not a polarization state");
                p.states.push_back(*state);
            }
        } else if (n == "dimension") {
            if (ReadContext::text(c))
                p.dimension = ReadContext::parseInteger<std::int64_t>(c);
        }
    }
    return p;
}

CustomAxis readCustomAxis(ReadContext &ctx, pugi::xml_node node)
{
    CustomAxis a;
    bool hasCtype = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto n = ctx.local(c);
        if (n == "ctype") {
            a.ctype = ReadContext::requiredString(c);
            hasCtype = true;
        } else if (n == "bounds") {
            a.bounds = readSampledInterval(ctx, c);
        } else if (n == "dimension") {
            if (ReadContext::text(c))
                a.dimension = ReadContext::parseInteger<std::int64_t>(c);
        }
    }
    require(node, hasCtype, "ctype");
    return a;
}

} // namespace caom2::detail
