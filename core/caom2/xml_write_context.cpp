#include "caom2/xml_write_context.h"

#include "caom2/identity_path.h"

namespace caom2 {

namespace {

// XSD GroupURI is `ivo://.+/?[^ / \\ % ]*`, matched against the whole value: since `.+` absorbs
// anything but line ends, that is "ivo://", at least one more character, and no CR or LF.
bool isSchemaGroupUri(std::string_view text)
{
    constexpr std::string_view scheme = "ivo://";
    return text.size() > scheme.size() && text.substr(0, scheme.size()) == scheme
        && text.find_first_of("\r\n") == std::string_view::npos;
}

} // namespace

WriteContext::WriteContext(const WriteOptions &options, WriteReport *report, std::size_t reserveBytes)
    : xml(reserveBytes),
      m_report(report),
      m_version(options.caomVersion),
      m_writeChecksums(options.writeChecksums),
      m_schemaStrict(options.schemaStrict)
{
    m_entities.reserve(8);
}

std::string WriteContext::fieldPath(std::string_view field) const
{
    std::string path;
    const auto appendPart = [&path](std::string_view part) {
        if (!path.empty())
            path.push_back('.');
        path.append(part);
    };
    for (const EntityFrame &frame : m_entities) {
        switch (frame.kind) {
        case Kind::Observation: break; // the observation is the empty root of every path
        case Kind::Plane: appendPart(identitySegment(*static_cast<const Plane *>(frame.entity))); break;
        case Kind::Artifact: appendPart(identitySegment(*static_cast<const Artifact *>(frame.entity))); break;
        case Kind::Part: appendPart(identitySegment(*static_cast<const Part *>(frame.entity))); break;
        case Kind::Chunk: appendPart(identitySegment(*static_cast<const Chunk *>(frame.entity))); break;
        }
    }
    const auto &open = xml.openElements();
    const std::size_t first = m_entities.empty() ? 0 : m_entities.back().elementDepth;
    for (std::size_t i = first; i < open.size(); ++i)
        appendPart(open[i]);
    appendPart(field);
    return path;
}

void WriteContext::dropped(std::string_view field)
{
    if (m_report)
        m_report->dropped.push_back(fieldPath(field));
}

void WriteContext::fail(std::string_view field, std::string_view why)
{
    if (m_failed)
        return;
    m_failed = true;
    m_error = fieldPath(field);
    m_error.append(": ");
    m_error.append(why);
}

void WriteContext::stringList(std::string_view wrapper, std::string_view item, const std::vector<std::string> &values)
{
    if (values.empty())
        return;
    xml.open(wrapper);
    for (const std::string &value : values)
        text(item, value);
    xml.close();
}

void WriteContext::groupList(std::string_view wrapper, const std::vector<Uri> &groups)
{
    if (groups.empty())
        return;
    xml.open(wrapper);
    for (const Uri &group : groups) {
        if (!isSchemaGroupUri(group.text))
            schemaRule("groupURI", "a group URI must have the form ivo://authority/path?name (XSD GroupURI)");
        uri("groupURI", group);
    }
    xml.close();
}

} // namespace caom2
