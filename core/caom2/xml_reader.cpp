// Reading a CAOM document: hostile-input screening, parsing with pugixml, version detection from the root
// namespace, and the five entities. Value objects are read in xml_read_values.cpp and xml_read_wcs.cpp.
#include "caom2/xml_reader.h"

#include "caom2/file_buffer.h"
#include "caom2/normalize.h"
#include "caom2/utf8.h"
#include "caom2/xml_read_context.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

namespace caom2 {

namespace {

using detail::ReadContext;

constexpr std::string_view xsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

int versionOfNamespace(std::string_view ns)
{
    if (ns == "http://www.opencadc.org/caom2/xml/v2.4")
        return 24;
    if (ns == "http://www.opencadc.org/caom2/xml/v2.3")
        return 23;
    if (ns == "vos://cadc.nrc.ca!vospace/CADC/xml/CAOM/v2.2")
        return 22;
    return 0;
}

void require(pugi::xml_node parent, bool found, std::string_view element)
{
    if (!found)
        ReadContext::fail(parent, std::string("has no <").append(element).append(">, which is required"));
}

void readEntityAttributes(ReadContext &ctx, pugi::xml_node node, EntityBase &entity)
{
    // One pass over the attributes, taking the first of each name (every entity of every document comes here, and
    // a lookup per name would walk the attributes six times); then each is read in a fixed order, so that of two
    // faults the same one is always reported.
    pugi::xml_attribute id, lastModified, maxLastModified, metaChecksum, accMetaChecksum, metaProducer;
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
        const std::string_view name = ctx.attributeLocalName(a);
        auto take = [&](pugi::xml_attribute &slot, std::string_view wanted) {
            if (!slot && name == wanted)
                slot = a;
        };
        take(id, "id");
        take(lastModified, "lastModified");
        take(maxLastModified, "maxLastModified");
        take(metaChecksum, "metaChecksum");
        take(accMetaChecksum, "accMetaChecksum");
        take(metaProducer, "metaProducer");
    }
    if (!id)
        ReadContext::fail(node, "has no id attribute");
    const auto uuid = Uuid::parse(ReadContext::trim(id.value()));
    if (!uuid)
        ReadContext::fail(node, "id '" + std::string(id.value()) + "' is not a UUID");
    entity.id = *uuid;
    auto dateAttribute = [&](pugi::xml_attribute a, const char *name) -> std::optional<Date> {
        if (!a)
            return std::nullopt;
        const auto date = Date::parse(a.value());
        if (!date)
            ReadContext::fail(node, std::string(name) + " '" + a.value() + "' is not a date");
        return date;
    };
    entity.lastModified = dateAttribute(lastModified, "lastModified");
    if (ctx.version() >= 23) {
        entity.maxLastModified = dateAttribute(maxLastModified, "maxLastModified");
        // The reference ignores checksum attributes before 2.3 and metaProducer before 2.4; so do we.
        if (metaChecksum)
            entity.metaChecksum = std::string(ReadContext::trim(metaChecksum.value()));
        if (accMetaChecksum)
            entity.accMetaChecksum = std::string(ReadContext::trim(accMetaChecksum.value()));
    }
    if (ctx.version() >= 24)
        if (metaProducer && !ReadContext::trim(metaProducer.value()).empty())
            entity.metaProducer = Uri{std::string(ReadContext::trim(metaProducer.value()))};
}

std::optional<ProductType> readProductType(pugi::xml_node node)
{
    const auto text = ReadContext::text(node);
    if (!text)
        return std::nullopt;
    auto type = parseProductType(*text);
    if (!type)
        ReadContext::fail(node,
                          "'" + std::string(*text)
                              + "' is not a product type (a base term such as science, "
                                "auxiliary, preview, or namespace#term)");
    return type;
}

Chunk readChunk(ReadContext &ctx, pugi::xml_node node)
{
    Chunk c;
    readEntityAttributes(ctx, node, c);
    auto axis = [](pugi::xml_node n) -> std::optional<std::int32_t> {
        if (!ReadContext::text(n))
            return std::nullopt;
        return ReadContext::parseInteger<std::int32_t>(n);
    };
    for (pugi::xml_node e = node.first_child(); e; e = e.next_sibling()) {
        const auto n = ctx.local(e);
        if (n == "productType")
            c.productType = readProductType(e);
        else if (n == "naxis")
            c.naxis = axis(e);
        else if (n == "observableAxis")
            c.observableAxis = axis(e);
        else if (n == "positionAxis1")
            c.positionAxis1 = axis(e);
        else if (n == "positionAxis2")
            c.positionAxis2 = axis(e);
        else if (n == "energyAxis")
            c.energyAxis = axis(e);
        else if (n == "timeAxis")
            c.timeAxis = axis(e);
        else if (n == "polarizationAxis")
            c.polarizationAxis = axis(e);
        else if (n == "customAxis")
            c.customAxis = axis(e);
        else if (n == "observable")
            c.observable = detail::readObservableAxis(ctx, e);
        else if (n == "position")
            c.position = detail::readSpatialWCS(ctx, e);
        else if (n == "energy")
            c.energy = detail::readSpectralWCS(ctx, e);
        else if (n == "time")
            c.time = detail::readTemporalWCS(ctx, e);
        else if (n == "polarization")
            c.polarization = detail::readPolarizationWCS(ctx, e);
        else if (n == "custom")
            c.custom = detail::readCustomWCS(ctx, e);
    }
    return c;
}

Part readPart(ReadContext &ctx, pugi::xml_node node)
{
    Part p;
    readEntityAttributes(ctx, node, p);
    bool hasName = false;
    for (pugi::xml_node e = node.first_child(); e; e = e.next_sibling()) {
        const auto n = ctx.local(e);
        if (n == "name") {
            p.name = ReadContext::requiredString(e);
            hasName = true;
        } else if (n == "productType") {
            p.productType = readProductType(e);
        } else if (n == "chunks") {
            for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
                if (ctx.local(c) != "chunk")
                    continue;
                Chunk chunk = readChunk(ctx, c);
                // The reference keys chunks by id and keeps the first; a repeated id is dropped, and we say so.
                const bool repeated = std::any_of(p.chunks.begin(), p.chunks.end(),
                                                  [&](const Chunk &other) { return other.id == chunk.id; });
                if (repeated) {
                    ctx.warnings().push_back("part '" + p.name + "': chunk " + chunk.id.toString()
                                             + " appears twice; the second copy was dropped as the reference does");
                    continue;
                }
                p.chunks.push_back(std::move(chunk));
            }
        }
    }
    require(node, hasName, "name");
    return p;
}

Artifact readArtifact(ReadContext &ctx, pugi::xml_node node)
{
    Artifact a;
    readEntityAttributes(ctx, node, a);
    bool hasUri = false;
    bool hasProductType = false;
    bool hasReleaseType = false;
    pugi::xml_node partsNode;
    for (pugi::xml_node e = node.first_child(); e; e = e.next_sibling()) {
        const auto n = ctx.local(e);
        if (n == "uri") {
            a.uri = ReadContext::parseUri(e);
            hasUri = true;
        } else if (n == "productType") {
            if (auto type = readProductType(e)) {
                a.productType = std::move(*type);
                hasProductType = true;
            }
        } else if (n == "releaseType") {
            const std::string text = ReadContext::requiredString(e);
            const auto type = parseReleaseType(text);
            if (!type)
                ReadContext::fail(e, "'" + text + "' is not a release type (data, meta)");
            a.releaseType = *type;
            hasReleaseType = true;
        } else if (n == "contentRelease") {
            if (ReadContext::text(e))
                a.contentRelease = ReadContext::parseDate(e);
        } else if (n == "contentReadGroups") {
            a.contentReadGroups = detail::readGroups(ctx, e);
        } else if (n == "contentType") {
            a.contentType = ReadContext::optionalString(e);
        } else if (n == "contentLength") {
            if (ReadContext::text(e))
                a.contentLength = ReadContext::parseInteger<std::int64_t>(e);
        } else if (n == "contentChecksum") {
            if (ReadContext::text(e))
                a.contentChecksum = ReadContext::parseUri(e);
        } else if (n == "parts") {
            partsNode = e;
        }
    }
    require(node, hasUri, "uri");
    require(node, hasProductType, "productType");
    require(node, hasReleaseType, "releaseType");
    if (partsNode) {
        for (pugi::xml_node c = partsNode.first_child(); c; c = c.next_sibling()) {
            if (ctx.local(c) != "part")
                continue;
            Part part = readPart(ctx, c);
            for (const Part &other : a.parts)
                if (other.name == part.name)
                    ReadContext::fail(c, "artifact " + a.uri.text + " has two parts named '" + part.name + "'");
            a.parts.push_back(std::move(part));
        }
    }
    return a;
}

Plane readPlane(ReadContext &ctx, pugi::xml_node node)
{
    Plane p;
    readEntityAttributes(ctx, node, p);
    bool hasProductID = false;
    pugi::xml_node artifactsNode;
    for (pugi::xml_node e = node.first_child(); e; e = e.next_sibling()) {
        const auto n = ctx.local(e);
        if (n == "productID") {
            p.productID = ReadContext::requiredString(e);
            hasProductID = true;
        } else if (n == "creatorID") {
            if (ReadContext::text(e))
                p.creatorID = ReadContext::parseUri(e);
        } else if (n == "metaRelease") {
            if (ReadContext::text(e))
                p.metaRelease = ReadContext::parseDate(e);
        } else if (n == "metaReadGroups") {
            p.metaReadGroups = detail::readGroups(ctx, e);
        } else if (n == "dataRelease") {
            if (ReadContext::text(e))
                p.dataRelease = ReadContext::parseDate(e);
        } else if (n == "dataReadGroups") {
            p.dataReadGroups = detail::readGroups(ctx, e);
        } else if (n == "dataProductType") {
            if (const auto text = ReadContext::text(e)) {
                p.dataProductType = parseDataProductType(*text, ctx.version());
                if (!p.dataProductType)
                    ReadContext::fail(
                        e,
                        "'" + std::string(*text)
                            + "' is not a data product type (image, spectrum, "
                              "timeseries, visibility, event, cube, measurements, sed, or namespace#term)");
            }
        } else if (n == "calibrationLevel") {
            if (ReadContext::text(e)) {
                const auto code = ReadContext::parseInteger<std::int32_t>(e);
                p.calibrationLevel = calibrationLevelFromInt(code);
                if (!p.calibrationLevel)
                    ReadContext::fail(e, "'" + std::to_string(code) + "' is not a calibration level (-1 to 4)");
            }
        } else if (n == "provenance") {
            p.provenance = detail::readProvenance(ctx, e);
        } else if (n == "observable") {
            p.observable = detail::readObservable(ctx, e);
        } else if (n == "metrics") {
            p.metrics = detail::readMetrics(ctx, e);
        } else if (n == "quality") {
            p.quality = detail::readDataQuality(ctx, e);
        } else if (n == "position") {
            p.position = detail::readPosition(ctx, e);
        } else if (n == "energy") {
            p.energy = detail::readEnergy(ctx, e);
        } else if (n == "time") {
            p.time = detail::readTime(ctx, e);
        } else if (n == "polarization") {
            p.polarization = detail::readPolarization(ctx, e);
        } else if (n == "custom") {
            p.custom = detail::readCustomAxis(ctx, e);
        } else if (n == "artifacts") {
            artifactsNode = e;
        }
    }
    require(node, hasProductID, "productID");
    if (artifactsNode) {
        for (pugi::xml_node c = artifactsNode.first_child(); c; c = c.next_sibling()) {
            if (ctx.local(c) != "artifact")
                continue;
            Artifact artifact = readArtifact(ctx, c);
            for (const Artifact &other : p.artifacts)
                if (other.uri == artifact.uri)
                    ReadContext::fail(c, "plane '" + p.productID + "' has two artifacts with URI " + artifact.uri.text);
            p.artifacts.push_back(std::move(artifact));
        }
    }
    return p;
}

std::string_view xsiTypeOf(pugi::xml_node node, std::string_view xsiPrefix)
{
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
        const std::string_view name = a.name();
        if (name.size() == xsiPrefix.size() + 4 && name.substr(0, xsiPrefix.size()) == xsiPrefix
            && name.substr(xsiPrefix.size()) == "type") {
            std::string_view value = a.value();
            if (const auto colon = value.find(':'); colon != std::string_view::npos)
                value = value.substr(colon + 1);
            return value;
        }
    }
    return {};
}

Observation readObservationElement(ReadContext &ctx, pugi::xml_node root, std::string_view xsiPrefix)
{
    Observation o;
    const std::string_view type = xsiTypeOf(root, xsiPrefix);
    if (type == "SimpleObservation")
        o.kind = ObservationKind::Simple;
    else if (type == "DerivedObservation" || type == "CompositeObservation")
        o.kind = ObservationKind::Derived;
    else
        ReadContext::fail(root,
                          type.empty() ? std::string("has no xsi:type (SimpleObservation or DerivedObservation)")
                                       : "has unknown xsi:type '" + std::string(type) + "'");
    readEntityAttributes(ctx, root, o);
    bool hasCollection = false;
    bool hasObservationID = false;
    bool hasAlgorithm = false;
    pugi::xml_node planesNode;
    for (pugi::xml_node e = root.first_child(); e; e = e.next_sibling()) {
        const auto n = ctx.local(e);
        if (n == "collection") {
            o.collection = ReadContext::requiredString(e);
            hasCollection = true;
        } else if (n == "observationID") {
            o.observationID = ReadContext::requiredString(e);
            hasObservationID = true;
        } else if (n == "metaRelease") {
            if (ReadContext::text(e))
                o.metaRelease = ReadContext::parseDate(e);
        } else if (n == "metaReadGroups") {
            o.metaReadGroups = detail::readGroups(ctx, e);
        } else if (n == "sequenceNumber") {
            if (ReadContext::text(e))
                o.sequenceNumber = ReadContext::parseInteger<std::int32_t>(e);
        } else if (n == "algorithm") {
            pugi::xml_node name = ctx.child(e, "name");
            require(e, name, "name");
            o.algorithm.name = ReadContext::requiredString(name);
            hasAlgorithm = true;
        } else if (n == "type") {
            o.type = ReadContext::optionalString(e);
        } else if (n == "intent") {
            if (const auto text = ReadContext::text(e)) {
                o.intent = parseObservationIntentType(*text);
                if (!o.intent)
                    ReadContext::fail(e, "'" + std::string(*text) + "' is not an intent (science, calibration)");
            }
        } else if (n == "proposal") {
            o.proposal = detail::readProposal(ctx, e);
        } else if (n == "target") {
            o.target = detail::readTarget(ctx, e);
        } else if (n == "targetPosition") {
            o.targetPosition = detail::readTargetPosition(ctx, e);
        } else if (n == "requirements") {
            o.requirements = detail::readRequirements(ctx, e);
        } else if (n == "telescope") {
            o.telescope = detail::readTelescope(ctx, e);
        } else if (n == "instrument") {
            o.instrument = detail::readInstrument(ctx, e);
        } else if (n == "environment") {
            o.environment = detail::readEnvironment(ctx, e);
        } else if (n == "planes") {
            planesNode = e;
        } else if (n == "members") {
            for (pugi::xml_node m = e.first_child(); m; m = m.next_sibling())
                if (ctx.local(m) == "observationURI")
                    o.members.push_back(ObservationUri{ReadContext::parseUri(m)});
        }
    }
    require(root, hasCollection, "collection");
    require(root, hasObservationID, "observationID");
    require(root, hasAlgorithm, "algorithm");
    if (planesNode) {
        for (pugi::xml_node c = planesNode.first_child(); c; c = c.next_sibling()) {
            if (ctx.local(c) != "plane")
                continue;
            Plane plane = readPlane(ctx, c);
            for (const Plane &other : o.planes)
                if (other.productID == plane.productID)
                    ReadContext::fail(c, "observation has two planes with productID '" + plane.productID + "'");
            o.planes.push_back(std::move(plane));
        }
    }
    return o;
}

// 1-based line and column (in bytes) of a byte offset.
void lineAndColumn(std::string_view text, std::size_t offset, int &line, int &column)
{
    offset = std::min(offset, text.size());
    line = 1;
    std::size_t lineStart = 0;
    for (const char *p = text.data();
         (p = static_cast<const char *>(std::memchr(p, '\n', offset - (p - text.data()))));) {
        ++line;
        ++p;
        lineStart = static_cast<std::size_t>(p - text.data());
    }
    column = static_cast<int>(offset - lineStart) + 1;
}

// A fault found in a document: where it is (a byte offset into the document as read), in which element, and why.
struct Fault {
    std::size_t offset = 0;
    std::string element;
    std::string message;
};

ReadResult failure(std::string_view xml, std::string_view fileName, Fault fault)
{
    ReadResult result;
    result.error.file = std::string(fileName);
    lineAndColumn(xml, fault.offset, result.error.line, result.error.column);
    result.error.element = std::move(fault.element);
    result.error.message = std::move(fault.message);
    return result;
}

std::string localNameOf(std::string_view qualified)
{
    const auto colon = qualified.find(':');
    return std::string(colon == std::string_view::npos ? qualified : qualified.substr(colon + 1));
}

// Rejects hostile structure that pugixml would accept: a DTD (entity declarations are how billion-laughs
// and external-entity attacks start, and CAOM never needs one) and absurd nesting.
std::optional<std::pair<pugi::xml_node, std::string>> screenTree(const pugi::xml_document &doc, int maxDepth)
{
    for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling())
        if (n.type() == pugi::node_doctype)
            return std::pair{n,
                             std::string("the document has a DTD (<!DOCTYPE>); CAOM documents never need one "
                                         "and entity declarations are refused")};
    // pugixml's own walk: it follows the tree's links inside the library and keeps the depth, where a walk of
    // ours pays a call into the library for every link it follows (this visits every node of every document).
    struct DepthScreen : pugi::xml_tree_walker {
        int limit = 0;
        pugi::xml_node tooDeep;
        bool for_each(pugi::xml_node &node) override
        {
            if (depth() < limit) // depth() is 0 for the document's own children
                return true;
            tooDeep = node;
            return false;
        }
    } screen;
    screen.limit = maxDepth;
    // traverse() takes a non-const node; the walker only reads.
    pugi::xml_node top = doc;
    top.traverse(screen);
    if (screen.tooDeep)
        return std::pair{screen.tooDeep, "elements are nested deeper than " + std::to_string(maxDepth) + " levels"};
    return std::nullopt;
}

} // namespace

std::string ReadError::toString() const
{
    std::ostringstream out;
    out << (file.empty() ? "<document>" : file);
    if (line > 0)
        out << ':' << line << ':' << column;
    out << ": ";
    if (!element.empty())
        out << "element <" << element << ">: ";
    out << message;
    return out.str();
}

namespace {

// What can be refused from the bytes alone, before parsing.
std::optional<Fault> screenBytes(std::string_view xml, const ReadLimits &limits)
{
    if (xml.size() > limits.maxDocumentBytes)
        return Fault{0,
                     {},
                     "the document is " + std::to_string(xml.size()) + " bytes, over the limit of "
                         + std::to_string(limits.maxDocumentBytes)};
    if (xml.size() >= 2 && ((xml[0] == '\xFE' && xml[1] == '\xFF') || (xml[0] == '\xFF' && xml[1] == '\xFE')))
        return Fault{0, {}, "the document is UTF-16; CAOM documents must be UTF-8"};
    if (const auto bad = firstInvalidUtf8(xml))
        return Fault{*bad, {}, "invalid UTF-8 at byte offset " + std::to_string(*bad)};
    // An encoding declaration other than UTF-8 would make us read the bytes wrongly: refuse it.
    if (xml.substr(0, 5) == "<?xml") {
        const std::string_view declaration = xml.substr(0, xml.find("?>"));
        const auto encoding = declaration.find("encoding");
        if (encoding != std::string_view::npos) {
            std::string value(declaration.substr(encoding + 8));
            value.erase(std::remove_if(value.begin(), value.end(),
                                       [](char c) { return c == '=' || c == '"' || c == '\'' || c == ' '; }),
                        value.end());
            std::transform(value.begin(), value.end(), value.begin(),
                           [](char c) { return static_cast<char>(c | 0x20); });
            if (value != "utf-8" && value != "utf8" && value != "us-ascii")
                return Fault{encoding, {}, "the document declares encoding '" + value + "'; only UTF-8 is read"};
        }
    }
    return std::nullopt;
}

// Everything after pugixml's parse: the tree's screening, version detection and the model. Offsets in a fault
// are those of the parsed bytes, which in-place parsing keeps (it rewrites values, never moves a node).
std::optional<Fault> readTree(const pugi::xml_document &doc, const pugi::xml_parse_result &parsed,
                              const ReadLimits &limits, ObservationDocument &document)
{
    if (!parsed)
        return Fault{
            static_cast<std::size_t>(parsed.offset), {}, std::string("not well-formed XML: ") + parsed.description()};
    if (const auto hostile = screenTree(doc, limits.maxDepth))
        return Fault{static_cast<std::size_t>(hostile->first.offset_debug()), localNameOf(hostile->first.name()),
                     hostile->second};

    // pugixml accepts a second element after the document element; XML does not, and a document with two
    // observations glued together is a damaged one, not the first of them.
    int rootElements = 0;
    for (pugi::xml_node top = doc.first_child(); top; top = top.next_sibling()) {
        if (top.type() == pugi::node_element && ++rootElements > 1)
            return Fault{static_cast<std::size_t>(top.offset_debug()), localNameOf(top.name()),
                         "a second element after the document's root element: the document is damaged"};
    }

    const pugi::xml_node root = doc.document_element();
    const std::string_view rootName = root.name();
    const auto colon = rootName.find(':');
    const std::string prefix = colon == std::string_view::npos ? std::string() : std::string(rootName.substr(0, colon));
    const std::string local = localNameOf(rootName);
    std::string caomNamespace;
    std::string xsiPrefix;
    for (pugi::xml_attribute a = root.first_attribute(); a; a = a.next_attribute()) {
        const std::string_view name = a.name();
        if (name == (prefix.empty() ? std::string("xmlns") : "xmlns:" + prefix))
            caomNamespace = a.value();
        if (name.substr(0, 6) == "xmlns:" && a.value() == xsiNamespace)
            xsiPrefix = std::string(name.substr(6)) + ":";
    }
    const std::size_t rootOffset = static_cast<std::size_t>(root.offset_debug());
    if (local != "Observation")
        return Fault{rootOffset, local, "the root element is not a CAOM Observation"};
    const int version = versionOfNamespace(caomNamespace);
    if (version == 0)
        return Fault{rootOffset, local,
                     caomNamespace.empty()
                         ? std::string("the root element has no CAOM namespace")
                         : "unsupported namespace '" + caomNamespace + "' (CAOM 2.2, 2.3 and 2.4 are read)"};
    if (xsiPrefix.empty())
        xsiPrefix = "xsi:";

    ReadContext ctx(version, prefix.empty() ? std::string() : prefix + ":");
    try {
        document.observation = readObservationElement(ctx, root, xsiPrefix);
    } catch (const detail::NodeError &error) {
        const std::size_t offset = error.node ? static_cast<std::size_t>(error.node.offset_debug()) : 0;
        return Fault{offset, localNameOf(error.node ? error.node.name() : ""), error.message};
    }
    normalizeSets(document.observation);
    document.caomVersion = version;
    document.warnings = std::move(ctx.warnings());
    return std::nullopt;
}

constexpr unsigned parseOptions = pugi::parse_default | pugi::parse_doctype;

} // namespace

ReadResult readObservation(std::string_view xml, std::string_view fileName, const ReadLimits &limits)
{
    if (auto fault = screenBytes(xml, limits))
        return failure(xml, fileName, std::move(*fault));
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size(), parseOptions, pugi::encoding_utf8);
    ReadResult result;
    if (auto fault = readTree(doc, parsed, limits, result.document))
        return failure(xml, fileName, std::move(*fault));
    result.ok = true;
    return result;
}

ReadResult readObservationFile(const std::string &path, const ReadLimits &limits)
{
    thread_local detail::FileBuffer buffer;
    std::size_t size = 0;
    if (auto cause = detail::readWholeFile(path, limits.maxDocumentBytes, buffer, size)) {
        ReadResult result;
        result.error.file = path;
        result.error.message = std::move(*cause);
        return result;
    }
    const std::string_view xml(buffer.data.get(), size);
    if (auto fault = screenBytes(xml, limits))
        return failure(xml, path, std::move(*fault));
    // Parsed in place: pugixml would otherwise copy the whole document into memory of its own first.
    ReadResult result;
    std::optional<Fault> fault;
    {
        pugi::xml_document doc;
        const pugi::xml_parse_result parsed =
            doc.load_buffer_inplace(buffer.data.get(), size, parseOptions, pugi::encoding_utf8);
        fault = readTree(doc, parsed, limits, result.document);
    }
    buffer.shrink();
    if (fault) {
        // The parse wrote into the buffer (ends of names, decoded values), so lines are counted in the file as
        // it is on disk: read again, on this rare path only.
        std::ifstream in(path, std::ios::binary);
        const std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        return failure(original, path, std::move(*fault));
    }
    result.ok = true;
    return result;
}

} // namespace caom2
