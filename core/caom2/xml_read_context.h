#pragma once

#include "caom2/entities.h"

#include <pugixml.hpp>

#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

// Internals of the XML reader shared by its source files: namespace-aware element matching, typed text
// accessors that apply the Java reader's rules (spec §3.5), and the exception that carries the node at
// fault until readObservation() turns it into a ReadError with line and column.
namespace caom2::detail {

struct NodeError {
    pugi::xml_node node;
    std::string message;
};

class ReadContext {
public:
    ReadContext(int version, std::string caomPrefix) : m_version(version), m_prefix(std::move(caomPrefix)) {}

    int version() const { return m_version; }
    std::vector<std::string> &warnings() { return m_warnings; }

    // The local name of a CAOM element ("" for elements of other namespaces, which readers ignore).
    std::string_view local(pugi::xml_node node) const
    {
        const std::string_view name = node.name();
        if (node.type() != pugi::node_element || name.size() < m_prefix.size()
            || name.compare(0, m_prefix.size(), m_prefix) != 0)
            return {};
        const std::string_view rest = name.substr(m_prefix.size());
        // A plain loop: names are a few characters, and a library call per element costs more than the scan.
        for (const char c : rest)
            if (c == ':')
                return {};
        return rest;
    }

    // Whether the node is the CAOM element localName, compared in place: the reader looks children up by name
    // hundreds of times per document, and measuring each candidate's name first costs more than the match.
    bool isElement(pugi::xml_node node, std::string_view localName) const
    {
        const char *name = node.name(); // "" for a node without a name
        if (std::strncmp(name, m_prefix.data(), m_prefix.size()) != 0)
            return false;
        name += m_prefix.size();
        return std::strncmp(name, localName.data(), localName.size()) == 0 && name[localName.size()] == '\0'
            && node.type() == pugi::node_element;
    }

    // A CAOM attribute: qualified with the caom2 prefix as the schemas require, or unqualified (lenient).
    pugi::xml_attribute attribute(pugi::xml_node node, std::string_view localName) const
    {
        for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
            const std::string_view name = a.name();
            if (name == localName
                || (name.size() == m_prefix.size() + localName.size() && name.compare(0, m_prefix.size(), m_prefix) == 0
                    && name.substr(m_prefix.size()) == localName))
                return a;
        }
        return {};
    }

    pugi::xml_node child(pugi::xml_node parent, std::string_view localName) const
    {
        for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
            if (isElement(c, localName))
                return c;
        return {};
    }

    [[noreturn]] static void fail(pugi::xml_node node, std::string message)
    {
        throw NodeError{node, std::move(message)};
    }

    // Element text, trimmed as Java trims; nullopt when empty or whitespace only (Java: absent).
    static std::optional<std::string_view> text(pugi::xml_node node)
    {
        const std::string_view raw = textOf(node);
        const std::string_view trimmed = javaTrim(raw);
        if (trimmed.empty())
            return std::nullopt;
        return trimmed;
    }

    static std::string_view textOf(pugi::xml_node node)
    {
        const pugi::xml_node first = node.first_child();
        if (first && (first.type() == pugi::node_pcdata || first.type() == pugi::node_cdata))
            return first.value();
        return {};
    }

    static std::string requiredString(pugi::xml_node node)
    {
        const auto value = text(node);
        if (!value)
            fail(node, "is empty, but a value is required");
        return std::string(*value);
    }

    static std::optional<std::string> optionalString(pugi::xml_node node)
    {
        const auto value = text(node);
        if (!value)
            return std::nullopt;
        return std::string(*value);
    }

    static double parseDouble(pugi::xml_node node)
    {
        const auto value = text(node);
        if (!value)
            fail(node, "is empty, but a number is required");
        std::string_view digits = *value;
        if (digits.front() == '+')
            digits.remove_prefix(1);
        double result = 0;
        // Java spells infinities "Infinity"; from_chars knows "inf"/"infinity" in any case, and NaN.
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), result);
        if (ec == std::errc::result_out_of_range) {
            // Denormal underflow or overflow: strtod semantics give the correctly rounded value (0 or inf).
            result = std::strtod(std::string(digits).c_str(), nullptr);
        } else if (ec != std::errc{} || end != digits.data() + digits.size()) {
            fail(node, "'" + std::string(*value) + "' is not a number");
        }
        return result;
    }

    template <typename Integer>
    static Integer parseInteger(pugi::xml_node node)
    {
        const auto value = text(node);
        if (!value)
            fail(node, "is empty, but an integer is required");
        std::string_view digits = *value;
        if (digits.front() == '+')
            digits.remove_prefix(1);
        Integer result = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), result);
        if (ec == std::errc::result_out_of_range)
            fail(node,
                 "'" + std::string(*value) + "' does not fit in a " + std::to_string(sizeof(Integer) * 8)
                     + "-bit integer");
        if (ec != std::errc{} || end != digits.data() + digits.size())
            fail(node, "'" + std::string(*value) + "' is not an integer");
        return result;
    }

    // Java: true only for the untrimmed text "true" in any letter case; anything else is false.
    static bool parseBool(pugi::xml_node node)
    {
        const std::string_view raw = textOf(node);
        if (raw.size() != 4)
            return false;
        auto lower = [](char c) { return static_cast<char>(c | 0x20); };
        return lower(raw[0]) == 't' && lower(raw[1]) == 'r' && lower(raw[2]) == 'u' && lower(raw[3]) == 'e';
    }

    static Date parseDate(pugi::xml_node node)
    {
        const auto value = text(node);
        if (!value)
            fail(node, "is empty, but a date is required");
        const auto date = Date::parse(*value);
        if (!date)
            fail(node, "'" + std::string(*value) + "' is not a date (expected yyyy-MM-ddTHH:mm:ss.SSS)");
        return *date;
    }

    static Uri parseUri(pugi::xml_node node)
    {
        const auto value = text(node);
        if (!value)
            fail(node, "is empty, but a URI is required");
        // java.net.URI refuses spaces and other characters outside RFC 3986; so do we, rather than hash
        // something no reference could have read.
        for (const char c : *value)
            if (c == ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{'
                || c == '|' || c == '}' || static_cast<unsigned char>(c) < 0x20) {
                // Appended, not concatenated with operator+: GCC 12 warns wrongly (-Wrestrict) about the latter.
                std::string message(1, '\'');
                message.append(*value).append("' is not a valid URI (illegal character)");
                fail(node, message);
            }
        return Uri{std::string(*value)};
    }

    // Optional value helpers: absent element (null node) or empty text gives nullopt.
    std::optional<double> optDouble(pugi::xml_node node) const
    {
        return node && text(node) ? std::optional<double>(parseDouble(node)) : std::nullopt;
    }

private:
    int m_version;
    std::string m_prefix; // "caom2:" or "" for a default namespace
    std::vector<std::string> m_warnings;
};

// Readers of value objects (xml_read_values.cpp, xml_read_wcs.cpp).
Proposal readProposal(ReadContext &ctx, pugi::xml_node node);
Target readTarget(ReadContext &ctx, pugi::xml_node node);
TargetPosition readTargetPosition(ReadContext &ctx, pugi::xml_node node);
Telescope readTelescope(ReadContext &ctx, pugi::xml_node node);
Instrument readInstrument(ReadContext &ctx, pugi::xml_node node);
Environment readEnvironment(ReadContext &ctx, pugi::xml_node node);
Requirements readRequirements(ReadContext &ctx, pugi::xml_node node);
Provenance readProvenance(ReadContext &ctx, pugi::xml_node node);
Metrics readMetrics(ReadContext &ctx, pugi::xml_node node);
DataQuality readDataQuality(ReadContext &ctx, pugi::xml_node node);
Observable readObservable(ReadContext &ctx, pugi::xml_node node);
Position readPosition(ReadContext &ctx, pugi::xml_node node);
Energy readEnergy(ReadContext &ctx, pugi::xml_node node);
Time readTime(ReadContext &ctx, pugi::xml_node node);
Polarization readPolarization(ReadContext &ctx, pugi::xml_node node);
CustomAxis readCustomAxis(ReadContext &ctx, pugi::xml_node node);
std::vector<std::string> readKeywords(ReadContext &ctx, pugi::xml_node node);
std::vector<Uri> readGroups(ReadContext &ctx, pugi::xml_node node);
Point readPoint(ReadContext &ctx, pugi::xml_node node);
Interval readInterval(ReadContext &ctx, pugi::xml_node node);
EnergyTransition readEnergyTransition(ReadContext &ctx, pugi::xml_node node);

ObservableAxis readObservableAxis(ReadContext &ctx, pugi::xml_node node);
SpatialWCS readSpatialWCS(ReadContext &ctx, pugi::xml_node node);
SpectralWCS readSpectralWCS(ReadContext &ctx, pugi::xml_node node);
TemporalWCS readTemporalWCS(ReadContext &ctx, pugi::xml_node node);
PolarizationWCS readPolarizationWCS(ReadContext &ctx, pugi::xml_node node);
CustomWCS readCustomWCS(ReadContext &ctx, pugi::xml_node node);

} // namespace caom2::detail
