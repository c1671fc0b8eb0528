#pragma once

#include "caom2/fields.h"
#include "caom2/model_traits.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

// Readable text of model values and lazily built identity paths, shared by the structural diff, the
// validator and any view that shows a single value. Atoms read as in the XML where that is readable
// (dates as yyyy-MM-ddTHH:mm:ss.SSS, enums by their XML term, uuids lowercase, calibrationLevel by its code)
// except doubles, which use the shortest round-trip form of std::to_chars ("2.2", "1e-07"), and segment
// types, which read by name (MOVE, LINE, CLOSE) because their codes mean nothing to a reader.
namespace caom2 {

void appendValueText(std::string &out, const std::string &value);
void appendValueText(std::string &out, const Uri &value);
void appendValueText(std::string &out, const Uuid &value);
void appendValueText(std::string &out, const Date &value);
void appendValueText(std::string &out, bool value);
void appendValueText(std::string &out, std::int32_t value);
void appendValueText(std::string &out, std::int64_t value);
void appendValueText(std::string &out, double value);
void appendValueText(std::string &out, ObservationIntentType value);
void appendValueText(std::string &out, TargetType value);
void appendValueText(std::string &out, Status value);
void appendValueText(std::string &out, Quality value);
void appendValueText(std::string &out, ReleaseType value);
void appendValueText(std::string &out, EnergyBand value);
void appendValueText(std::string &out, PolarizationState value);
void appendValueText(std::string &out, CalibrationLevel value);
void appendValueText(std::string &out, SegmentType value);
void appendValueText(std::string &out, const ProductType &value);
void appendValueText(std::string &out, const DataProductType &value);
void appendValueText(std::string &out, const ObservationUri &value); // the bare URI, as in the XML
void appendValueText(std::string &out, const PlaneUri &value);

std::string_view observationKindName(ObservationKind kind); // "SimpleObservation" / "DerivedObservation"
std::string_view segmentTypeName(SegmentType value);        // "CLOSE" / "LINE" / "MOVE"

// Class name of a polymorphic value's alternative (Position.bounds, CoordAxis2D.bounds).
constexpr std::string_view typeName(const Circle &)
{
    return "Circle";
}
constexpr std::string_view typeName(const Polygon &)
{
    return "Polygon";
}
constexpr std::string_view typeName(const CoordCircle2D &)
{
    return "CoordCircle2D";
}
constexpr std::string_view typeName(const CoordPolygon2D &)
{
    return "CoordPolygon2D";
}

template <typename... Ts>
std::string_view typeName(const std::variant<Ts...> &value)
{
    return std::visit([](const auto &alternative) { return typeName(alternative); }, value);
}

template <typename T>
void appendValueText(std::string &out, const std::optional<T> &value);
template <typename T>
void appendValueText(std::string &out, const std::vector<T> &values);
template <typename... Ts>
void appendValueText(std::string &out, const std::variant<Ts...> &value);

// Value objects read compactly in checksum field order, absent and empty fields left out:
// "{center={cval1=10.5, cval2=-3}, radius=0.25}".
template <typename T, std::enable_if_t<HasFields<T>::value, int> = 0>
void appendValueText(std::string &out, const T &object)
{
    out.push_back('{');
    bool first = true;
    forEachField(object, [&](const char *name, const auto &member) {
        using Member = std::decay_t<decltype(member)>;
        if constexpr (requires { member.has_value(); }) {
            if (!member.has_value())
                return;
        } else if constexpr (requires { member.empty(); } && !std::is_same_v<Member, std::string>) {
            if (member.empty())
                return;
        }
        if (!first)
            out.append(", ");
        first = false;
        out.append(name).push_back('=');
        appendValueText(out, member);
    });
    out.push_back('}');
}

template <typename T>
void appendValueText(std::string &out, const std::optional<T> &value)
{
    if (value)
        appendValueText(out, *value);
}

template <typename T>
void appendValueText(std::string &out, const std::vector<T> &values)
{
    out.push_back('[');
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0)
            out.append(", ");
        appendValueText(out, values[i]);
    }
    out.push_back(']');
}

template <typename... Ts>
void appendValueText(std::string &out, const std::variant<Ts...> &value)
{
    std::visit(
        [&](const auto &alternative) {
            out.append(typeName(alternative));
            appendValueText(out, alternative);
        },
        value);
}

template <typename T>
std::string valueText(const T &value)
{
    std::string out;
    appendValueText(out, value);
    return out;
}

// Type traits shared by the walks over the model (diff, validator).
namespace walk {

using traits::IsOptional;
using traits::IsVariant;
using traits::IsVector;

template <typename T, typename... Candidates>
constexpr bool isOneOf = (std::is_same_v<T, Candidates> || ...);

// Vectors of these element types are sets in the model (keywords, group URIs, members, inputs, energy bands,
// polarization states); every other vector is an ordered list.
template <typename T>
constexpr bool isSetElement = isOneOf<T, std::string, Uri, ObservationUri, PlaneUri, EnergyBand, PolarizationState>;

} // namespace walk

// An identity path kept as a stack of borrowed segments and turned into text only when something is
// reported, so walking thousands of equal fields costs no string building. Segments must outlive their
// stay on the stack (field names are literals; entity segments are held by the caller's frame).
class LazyPath {
public:
    // A field name or an entity segment such as "planes[productID=cal]", joined with '.'.
    void push(std::string_view name) { m_segments.push_back({name, kNoIndex, false}); }
    // A list position: "[2]", appended without '.'.
    void pushIndex(std::size_t index) { m_segments.push_back({{}, index, false}); }
    // A set element or key: "[text]", appended without '.'.
    void pushKey(std::string_view key) { m_segments.push_back({key, kNoIndex, true}); }
    void pop() { m_segments.pop_back(); }

    std::string text() const;
    // The path with one more field name, without touching the stack.
    std::string textWith(std::string_view name) const;

    // Pops on scope exit: `auto scope = path.scoped("energy");`.
    class Scope {
    public:
        explicit Scope(LazyPath &path) : m_path(path) {}
        Scope(const Scope &) = delete;
        Scope &operator=(const Scope &) = delete;
        ~Scope() { m_path.pop(); }

    private:
        LazyPath &m_path;
    };
    [[nodiscard]] Scope scoped(std::string_view name)
    {
        push(name);
        return Scope(*this);
    }
    [[nodiscard]] Scope scopedIndex(std::size_t index)
    {
        pushIndex(index);
        return Scope(*this);
    }
    [[nodiscard]] Scope scopedKey(std::string_view key)
    {
        pushKey(key);
        return Scope(*this);
    }

private:
    static constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);
    struct Segment {
        std::string_view name;
        std::size_t index;
        bool bracketed;
    };
    std::vector<Segment> m_segments;
};

} // namespace caom2
