#pragma once

#include "caom2/xml_write_buffer.h"
#include "caom2/xml_writer.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// State shared by the writer's translation units: the output buffer, the target version, the entity
// being written (for the paths in WriteReport::dropped and in errors) and the first error. Validation
// lives here so a document is either schema-valid or not produced at all.
namespace caom2 {

class WriteContext {
public:
    WriteContext(const WriteOptions &options, WriteReport *report, std::size_t reserveBytes);

    XmlWriteBuffer xml;

    bool is24() const { return m_version >= 24; }
    bool writeChecksums() const { return m_writeChecksums; }

    // Entity elements call enter after their start tag is begun and leave after it is closed, so paths
    // name the entity by identity ("planes[productID=x].artifacts[uri=y]") rather than by position.
    void enter(const Plane &plane) { m_entities.push_back({Kind::Plane, &plane, xml.openElements().size()}); }
    void enter(const Artifact &artifact)
    {
        m_entities.push_back({Kind::Artifact, &artifact, xml.openElements().size()});
    }
    void enter(const Part &part) { m_entities.push_back({Kind::Part, &part, xml.openElements().size()}); }
    void enter(const Chunk &chunk) { m_entities.push_back({Kind::Chunk, &chunk, xml.openElements().size()}); }
    void enterObservation() { m_entities.push_back({Kind::Observation, nullptr, xml.openElements().size()}); }
    void leave() { m_entities.pop_back(); }

    // Identity path of `field` inside the elements open below the current entity, e.g.
    // "planes[productID=x].metrics.sampleSNR" for field "sampleSNR" while <metrics> is open.
    std::string fieldPath(std::string_view field) const;

    // A value the target version cannot hold: left out of the document and listed in the report.
    void dropped(std::string_view field);
    // A value no version can write validly: the document is refused. The first cause is kept.
    void fail(std::string_view field, std::string_view why);
    // A value only the schema forbids (the reader accepts it): refused in strict mode, written otherwise.
    void schemaRule(std::string_view field, std::string_view why)
    {
        if (m_schemaStrict)
            fail(field, why);
    }
    bool failed() const { return m_failed; }
    bool schemaStrict() const { return m_schemaStrict; }
    const std::string &error() const { return m_error; }

    // Leaf elements. Each refuses (fail) what the schema or XML 1.0 cannot carry.
    void text(std::string_view name, std::string_view value)
    {
        if (!xml.textElement(name, value))
            fail(name, "text is not valid UTF-8 or holds a character XML 1.0 does not allow");
    }
    void text(std::string_view name, const std::string &value) { text(name, std::string_view(value)); }
    void number(std::string_view name, double value)
    {
        if (std::isinf(value))
            schemaRule(name, "an infinite double has no xs:double text the Java reader accepts");
        xml.doubleElement(name, value);
    }
    void integer(std::string_view name, std::int64_t value) { xml.integerElement(name, value); }
    void boolean(std::string_view name, bool value) { xml.boolElement(name, value); }
    void date(std::string_view name, const Date &value) { xml.dateElement(name, value); }
    void uri(std::string_view name, const Uri &value) { text(name, value.text); }

    void text(std::string_view name, const std::optional<std::string> &value)
    {
        if (value)
            text(name, *value);
    }
    void number(std::string_view name, const std::optional<double> &value)
    {
        if (value)
            number(name, *value);
    }
    template <typename Integer>
    void integer(std::string_view name, const std::optional<Integer> &value)
    {
        if (value)
            integer(name, static_cast<std::int64_t>(*value));
    }
    void boolean(std::string_view name, const std::optional<bool> &value)
    {
        if (value)
            boolean(name, *value);
    }
    void date(std::string_view name, const std::optional<Date> &value)
    {
        if (value)
            date(name, *value);
    }
    void uri(std::string_view name, const std::optional<Uri> &value)
    {
        if (value)
            uri(name, *value);
    }

    // `wrapper/item*` for a set of strings (keywords); nothing when empty.
    void stringList(std::string_view wrapper, std::string_view item, const std::vector<std::string> &values);
    // `wrapper/groupURI*` (2.4 read groups; the caller drops them for 2.3); nothing when empty.
    void groupList(std::string_view wrapper, const std::vector<Uri> &groups);

private:
    enum class Kind { Observation, Plane, Artifact, Part, Chunk };
    struct EntityFrame {
        Kind kind;
        const void *entity;
        std::size_t elementDepth; // open elements when the entity's element was begun
    };

    std::vector<EntityFrame> m_entities;
    WriteReport *m_report;
    int m_version;
    bool m_writeChecksums;
    bool m_schemaStrict;
    bool m_failed = false;
    std::string m_error;
};

// The pieces of the document, one translation unit per area (xml_write_*.cpp).
void writeProposal(WriteContext &context, const Proposal &proposal);
void writeTarget(WriteContext &context, const Target &target);
void writeTargetPosition(WriteContext &context, const TargetPosition &position);
void writeRequirements(WriteContext &context, const Requirements &requirements);
void writeTelescope(WriteContext &context, const Telescope &telescope);
void writeInstrument(WriteContext &context, const Instrument &instrument);
void writeEnvironment(WriteContext &context, const Environment &environment);
void writeProvenance(WriteContext &context, const Provenance &provenance);
void writeMetrics(WriteContext &context, const Metrics &metrics);
void writeQuality(WriteContext &context, const DataQuality &quality);
void writeObservable(WriteContext &context, const Observable &observable);
void writeObservationUri(WriteContext &context, std::string_view name, const Uri &uri);
void writePlaneUri(WriteContext &context, std::string_view name, const Uri &uri);

void writePosition(WriteContext &context, const Position &position);
void writeEnergy(WriteContext &context, const Energy &energy);
void writeTime(WriteContext &context, const Time &time);
void writePolarization(WriteContext &context, const Polarization &polarization);
void writeCustomAxis(WriteContext &context, const CustomAxis &custom);

void writeChunkWcs(WriteContext &context, const Chunk &chunk);

} // namespace caom2
