// The document and its entities (spec §3.2-3.4, §3.7); value objects live in xml_write_values.cpp,
// plane axes in xml_write_axes.cpp, chunk WCS in xml_write_wcs.cpp.
#include "caom2/xml_writer.h"

#include "caom2/xml_write_context.h"

#include <array>
#include <string_view>

namespace caom2 {

namespace {

constexpr std::string_view kNamespace23 = "http://www.opencadc.org/caom2/xml/v2.3";
constexpr std::string_view kNamespace24 = "http://www.opencadc.org/caom2/xml/v2.4";
constexpr std::string_view kXsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

// The 2.3 schema's closed ProductType enumeration (2.4 made it an open vocabulary).
bool isProductType23(const ProductType &type)
{
    static constexpr std::array<std::string_view, 9> terms = {
        "science", "calibration", "auxiliary", "info", "preview", "catalog", "noise", "weight", "thumbnail"};
    for (const std::string_view term : terms) {
        if (type.term == term)
            return true;
    }
    return false;
}

// Part and chunk productType are optional: a term 2.3 cannot name is dropped like any 2.4-only value.
void writeOptionalProductType(WriteContext &context, const std::optional<ProductType> &type)
{
    if (!type)
        return;
    if (context.is24() || isProductType23(*type))
        context.text("productType", type->term);
    else
        context.dropped("productType");
}

// Attributes every entity carries, in the order the Java writer emits them (spec §3.2).
void writeEntityAttributes(WriteContext &context, const EntityBase &entity)
{
    XmlWriteBuffer &xml = context.xml;
    xml.uuidAttribute("caom2:id", entity.id);
    if (entity.lastModified)
        xml.dateAttribute("caom2:lastModified", *entity.lastModified);
    if (entity.maxLastModified)
        xml.dateAttribute("caom2:maxLastModified", *entity.maxLastModified);
    if (context.writeChecksums()) {
        if (entity.metaChecksum && !xml.attribute("caom2:metaChecksum", *entity.metaChecksum))
            context.fail("metaChecksum", "not valid XML attribute text");
        if (entity.accMetaChecksum && !xml.attribute("caom2:accMetaChecksum", *entity.accMetaChecksum))
            context.fail("accMetaChecksum", "not valid XML attribute text");
    }
    if (entity.metaProducer) {
        if (!context.is24())
            context.dropped("metaProducer");
        else if (!xml.attribute("caom2:metaProducer", entity.metaProducer->text))
            context.fail("metaProducer", "not valid XML attribute text");
    }
}

void writeGroups24(WriteContext &context, std::string_view name, const std::vector<Uri> &groups)
{
    if (groups.empty())
        return;
    if (context.is24())
        context.groupList(name, groups);
    else
        context.dropped(name);
}

void writeChunk(WriteContext &context, const Chunk &chunk)
{
    context.xml.beginStartTag("chunk");
    context.enter(chunk);
    writeEntityAttributes(context, chunk);
    context.xml.endStartTag();

    writeOptionalProductType(context, chunk.productType);
    context.integer("naxis", chunk.naxis);
    context.integer("observableAxis", chunk.observableAxis);
    context.integer("positionAxis1", chunk.positionAxis1);
    context.integer("positionAxis2", chunk.positionAxis2);
    context.integer("energyAxis", chunk.energyAxis);
    context.integer("timeAxis", chunk.timeAxis);
    context.integer("polarizationAxis", chunk.polarizationAxis);
    if (chunk.customAxis) {
        if (context.is24())
            context.integer("customAxis", *chunk.customAxis);
        else
            context.dropped("customAxis");
    }
    writeChunkWcs(context, chunk);

    context.xml.close();
    context.leave();
}

void writePart(WriteContext &context, const Part &part)
{
    context.xml.beginStartTag("part");
    context.enter(part);
    writeEntityAttributes(context, part);
    context.xml.endStartTag();

    context.text("name", part.name);
    writeOptionalProductType(context, part.productType);
    if (!part.chunks.empty()) {
        context.xml.open("chunks");
        for (const Chunk &chunk : part.chunks)
            writeChunk(context, chunk);
        context.xml.close();
    }

    context.xml.close();
    context.leave();
}

void writeArtifact(WriteContext &context, const Artifact &artifact)
{
    context.xml.beginStartTag("artifact");
    context.enter(artifact);
    writeEntityAttributes(context, artifact);
    context.xml.endStartTag();

    context.uri("uri", artifact.uri);
    // Required, so a term the closed 2.3 enumeration lacks cannot be dropped: the document is refused.
    if (!context.is24() && !isProductType23(artifact.productType))
        context.fail("productType", "this product type is not in the CAOM 2.3 ProductType enumeration");
    context.text("productType", artifact.productType.term);
    context.xml.plainElement("releaseType", toString(artifact.releaseType));
    if (artifact.contentRelease) {
        if (context.is24())
            context.date("contentRelease", *artifact.contentRelease);
        else
            context.dropped("contentRelease");
    }
    writeGroups24(context, "contentReadGroups", artifact.contentReadGroups);
    context.text("contentType", artifact.contentType);
    context.integer("contentLength", artifact.contentLength);
    context.uri("contentChecksum", artifact.contentChecksum);
    if (!artifact.parts.empty()) {
        context.xml.open("parts");
        for (const Part &part : artifact.parts)
            writePart(context, part);
        context.xml.close();
    }

    context.xml.close();
    context.leave();
}

void writePlane(WriteContext &context, const Plane &plane)
{
    context.xml.beginStartTag("plane");
    context.enter(plane);
    writeEntityAttributes(context, plane);
    context.xml.endStartTag();

    context.text("productID", plane.productID);
    context.uri("creatorID", plane.creatorID);
    context.date("metaRelease", plane.metaRelease);
    writeGroups24(context, "metaReadGroups", plane.metaReadGroups);
    context.date("dataRelease", plane.dataRelease);
    writeGroups24(context, "dataReadGroups", plane.dataReadGroups);
    if (plane.dataProductType)
        context.text("dataProductType", plane.dataProductType->term);
    if (plane.calibrationLevel) {
        const auto level = static_cast<std::int32_t>(*plane.calibrationLevel);
        if (!calibrationLevelFromInt(level))
            context.fail("calibrationLevel", "calibration level must be -1..4");
        context.integer("calibrationLevel", level);
    }
    if (plane.provenance)
        writeProvenance(context, *plane.provenance);
    if (plane.observable) {
        if (context.is24())
            writeObservable(context, *plane.observable);
        else
            context.dropped("observable");
    }
    if (plane.metrics)
        writeMetrics(context, *plane.metrics);
    if (plane.quality)
        writeQuality(context, *plane.quality);
    if (plane.position)
        writePosition(context, *plane.position);
    if (plane.energy)
        writeEnergy(context, *plane.energy);
    if (plane.time)
        writeTime(context, *plane.time);
    if (plane.polarization)
        writePolarization(context, *plane.polarization);
    if (plane.custom) {
        if (context.is24())
            writeCustomAxis(context, *plane.custom);
        else
            context.dropped("custom");
    }
    if (!plane.artifacts.empty()) {
        context.xml.open("artifacts");
        for (const Artifact &artifact : plane.artifacts)
            writeArtifact(context, artifact);
        context.xml.close();
    }

    context.xml.close();
    context.leave();
}

void writeRoot(WriteContext &context, const Observation &observation)
{
    const bool derived = observation.kind == ObservationKind::Derived;
    XmlWriteBuffer &xml = context.xml;
    xml.declaration();
    xml.beginStartTag("Observation");
    context.enterObservation();
    xml.plainAttribute("xmlns:caom2", context.is24() ? kNamespace24 : kNamespace23);
    xml.plainAttribute("xmlns:xsi", kXsiNamespace);
    if (!derived)
        xml.plainAttribute("xsi:type", "caom2:SimpleObservation");
    else
        xml.plainAttribute("xsi:type", context.is24() ? "caom2:DerivedObservation" : "caom2:CompositeObservation");
    writeEntityAttributes(context, observation);
    xml.endStartTag();

    context.text("collection", observation.collection);
    context.text("observationID", observation.observationID);
    context.date("metaRelease", observation.metaRelease);
    writeGroups24(context, "metaReadGroups", observation.metaReadGroups);
    context.integer("sequenceNumber", observation.sequenceNumber);
    xml.open("algorithm");
    context.text("name", observation.algorithm.name);
    xml.close();
    context.text("type", observation.type);
    if (observation.intent)
        xml.plainElement("intent", toString(*observation.intent));
    if (observation.proposal)
        writeProposal(context, *observation.proposal);
    if (observation.target)
        writeTarget(context, *observation.target);
    if (observation.targetPosition)
        writeTargetPosition(context, *observation.targetPosition);
    if (observation.requirements)
        writeRequirements(context, *observation.requirements);
    if (observation.telescope)
        writeTelescope(context, *observation.telescope);
    if (observation.instrument)
        writeInstrument(context, *observation.instrument);
    if (observation.environment)
        writeEnvironment(context, *observation.environment);
    if (!observation.planes.empty()) {
        xml.open("planes");
        for (const Plane &plane : observation.planes)
            writePlane(context, plane);
        xml.close();
    }
    if (!observation.members.empty()) {
        if (!derived)
            context.fail("members", "only a derived observation has members");
        xml.open("members");
        for (const ObservationUri &member : observation.members)
            writeObservationUri(context, "observationURI", member.uri);
        xml.close();
    }

    xml.close();
    context.leave();
}

// A guess at the document size from the entity counts, so the buffer rarely grows more than once.
std::size_t estimateBytes(const Observation &observation)
{
    // Sizes seen in real documents: a chunk with full WCS is 4-5 KB, a provenance input about 80 bytes.
    std::size_t bytes = 4096 + 64 * observation.members.size();
    for (const Plane &plane : observation.planes) {
        bytes += 4096 + (plane.provenance ? 80 * plane.provenance->inputs.size() : 0);
        for (const Artifact &artifact : plane.artifacts) {
            bytes += 1024;
            for (const Part &part : artifact.parts)
                bytes += 256 + 5120 * part.chunks.size();
        }
    }
    return bytes;
}

} // namespace

WriteResult writeObservation(const Observation &observation, const WriteOptions &options, WriteReport *report)
{
    WriteResult result;
    if (options.caomVersion != 23 && options.caomVersion != 24) {
        result.error = "cannot write CAOM version " + std::to_string(options.caomVersion) + ": only 23 and 24";
        return result;
    }
    if (report)
        report->dropped.clear();

    WriteContext context(options, report, estimateBytes(observation));
    writeRoot(context, observation);
    if (context.failed()) {
        result.error = context.error();
        return result;
    }
    result.ok = true;
    result.xml = context.xml.take();
    return result;
}

} // namespace caom2
