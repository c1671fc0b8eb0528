#pragma once

#include "caom2/entities.h"

#include <pugixml.hpp>

#include <array>
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
        if (node.type() != pugi::node_element)
            return {};
        const char *name = node.name();
        for (const char c : m_prefix)
            if (*name++ != c)
                return {};
        // One pass to the end of the name, refusing another namespace's prefix on the way: a plain loop, as names
        // are a few characters and a library call per element costs more than the scan.
        const char *end = name;
        for (; *end; ++end)
            if (*end == ':')
                return {};
        return std::string_view(name, static_cast<std::size_t>(end - name));
    }

    // Whether the node is the CAOM element localName, compared in place byte by byte: the reader looks children
    // up by name hundreds of times per document, the names are a few bytes long, and a library call per
    // comparison (strncmp, strlen) costs more than the comparison itself.
    bool isElement(pugi::xml_node node, std::string_view localName) const
    {
        const char *name = node.name(); // "" for a node without a name; stops every loop below at its end
        for (const char c : m_prefix)
            if (*name++ != c)
                return false;
        for (const char c : localName)
            if (*name++ != c)
                return false;
        return *name == '\0' && node.type() == pugi::node_element;
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

    // An attribute's name without the caom2 prefix when it has it (attribute() matches either spelling).
    std::string_view attributeLocalName(pugi::xml_attribute a) const
    {
        const std::string_view name = a.name();
        if (!m_prefix.empty() && name.size() > m_prefix.size() && name.compare(0, m_prefix.size(), m_prefix) == 0)
            return name.substr(m_prefix.size());
        return name;
    }

    pugi::xml_node child(pugi::xml_node parent, std::string_view localName) const
    {
        for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
            if (isElement(c, localName))
                return c;
        return {};
    }

    // The first child element of each of the local names, found in one pass over the children: cheaper than a
    // lookup per name, which compares every name it passes in full. Null nodes for the names not there.
    template <std::size_t N>
    std::array<pugi::xml_node, N> children(pugi::xml_node parent, const std::string_view (&names)[N]) const
    {
        std::array<pugi::xml_node, N> found{};
        for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
            const std::string_view name = local(c);
            for (std::size_t i = 0; i < N; ++i)
                if (name == names[i]) {
                    if (!found[i])
                        found[i] = c;
                    break;
                }
        }
        return found;
    }

    [[noreturn]] static void fail(pugi::xml_node node, std::string message)
    {
        throw NodeError{node, std::move(message)};
    }

    // Element text, trimmed as Java trims; nullopt when empty or whitespace only (Java: absent).
    static std::optional<std::string_view> text(pugi::xml_node node)
    {
        const std::string_view trimmed = trim(textOf(node));
        if (trimmed.empty())
            return std::nullopt;
        return trimmed;
    }

    // javaTrim, here where it can be inlined: every value the reader takes passes through it.
    static std::string_view trim(std::string_view text)
    {
        std::size_t begin = 0;
        std::size_t end = text.size();
        while (begin < end && static_cast<unsigned char>(text[begin]) <= 0x20)
            ++begin;
        while (end > begin && static_cast<unsigned char>(text[end - 1]) <= 0x20)
            --end;
        return text.substr(begin, end - begin);
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
        return parseDouble(node, *value);
    }

    // The node's text already taken (trimmed, not empty): optDouble looks at it once, not twice.
    static double parseDouble(pugi::xml_node node, std::string_view value)
    {
        std::string_view digits = value;
        if (digits.front() == '+')
            digits.remove_prefix(1);
        double result = 0;
        // Java spells infinities "Infinity"; from_chars knows "inf"/"infinity" in any case, and NaN.
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), result);
        if (ec == std::errc::result_out_of_range) {
            // Denormal underflow or overflow: strtod semantics give the correctly rounded value (0 or inf).
            result = std::strtod(std::string(digits).c_str(), nullptr);
        } else if (ec != std::errc{} || end != digits.data() + digits.size()) {
            fail(node, "'" + std::string(value) + "' is not a number");
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
            if (illegalInUri(c)) {
                // Appended, not concatenated with operator+: GCC 12 warns wrongly (-Wrestrict) about the latter.
                std::string message(1, '\'');
                message.append(*value).append("' is not a valid URI (illegal character)");
                fail(node, message);
            }
        return Uri{std::string(*value)};
    }

    // Space, controls, quote, angle brackets, backslash, caret, backquote, braces and bar: a table, as every URI
    // of every document is checked byte by byte.
    static bool illegalInUri(char c)
    {
        static constexpr auto table = [] {
            std::array<bool, 256> illegal{};
            for (int i = 0; i <= 0x20; ++i)
                illegal[static_cast<std::size_t>(i)] = true;
            for (const char bad : std::string_view("\"<>\\^`{|}"))
                illegal[static_cast<unsigned char>(bad)] = true;
            return illegal;
        }();
        return table[static_cast<unsigned char>(c)];
    }

    // Optional value helpers: absent element (null node) or empty text gives nullopt.
    std::optional<double> optDouble(pugi::xml_node node) const
    {
        if (!node)
            return std::nullopt;
        const auto value = text(node);
        return value ? std::optional<double>(parseDouble(node, *value)) : std::nullopt;
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
