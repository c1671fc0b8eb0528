#include "caom2/diff_format.h"

#include <charconv>

namespace caom2 {

namespace {

template <typename Number>
void appendNumber(std::string &out, Number value)
{
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

} // namespace

void appendValueText(std::string &out, const std::string &value)
{
    out.append(value);
}
void appendValueText(std::string &out, const Uri &value)
{
    out.append(value.text);
}
void appendValueText(std::string &out, const Uuid &value)
{
    out.append(value.toString());
}
void appendValueText(std::string &out, const Date &value)
{
    out.append(value.toString());
}
void appendValueText(std::string &out, bool value)
{
    out.append(value ? "true" : "false");
}
void appendValueText(std::string &out, std::int32_t value)
{
    appendNumber(out, value);
}
void appendValueText(std::string &out, std::int64_t value)
{
    appendNumber(out, value);
}

void appendValueText(std::string &out, double value)
{
    // to_chars without a precision is the shortest text that reads back to the same bits.
    appendNumber(out, value);
}

void appendValueText(std::string &out, ObservationIntentType value)
{
    out.append(toString(value));
}
void appendValueText(std::string &out, TargetType value)
{
    out.append(toString(value));
}
void appendValueText(std::string &out, Status value)
{
    out.append(toString(value));
}
void appendValueText(std::string &out, Quality value)
{
    out.append(toString(value));
}
void appendValueText(std::string &out, ReleaseType value)
{
    out.append(toString(value));
}
void appendValueText(std::string &out, EnergyBand value)
{
    out.append(toString(value));
}
void appendValueText(std::string &out, PolarizationState value)
{
    out.append(toString(value));
}

void appendValueText(std::string &out, CalibrationLevel value)
{
    appendNumber(out, static_cast<std::int32_t>(value));
}

void appendValueText(std::string &out, SegmentType value)
{
    out.append(segmentTypeName(value));
}
void appendValueText(std::string &out, const ProductType &value)
{
    out.append(value.term);
}
void appendValueText(std::string &out, const DataProductType &value)
{
    out.append(value.term);
}
void appendValueText(std::string &out, const ObservationUri &value)
{
    out.append(value.uri.text);
}
void appendValueText(std::string &out, const PlaneUri &value)
{
    out.append(value.uri.text);
}

std::string_view observationKindName(ObservationKind kind)
{
    return kind == ObservationKind::Derived ? "DerivedObservation" : "SimpleObservation";
}

std::string_view segmentTypeName(SegmentType value)
{
    switch (value) {
    case SegmentType::Close: return "CLOSE";
    case SegmentType::Line: return "LINE";
    case SegmentType::Move: return "MOVE";
    }
    return "?";
}

std::string LazyPath::text() const
{
    std::string out;
    for (const Segment &segment : m_segments) {
        if (segment.index != kNoIndex) {
            out.push_back('[');
            appendNumber(out, segment.index);
            out.push_back(']');
        } else if (segment.bracketed) {
            out.push_back('[');
            out.append(segment.name);
            out.push_back(']');
        } else {
            if (!out.empty())
                out.push_back('.');
            out.append(segment.name);
        }
    }
    return out;
}

std::string LazyPath::textWith(std::string_view name) const
{
    std::string out = text();
    if (!out.empty())
        out.push_back('.');
    out.append(name);
    return out;
}

} // namespace caom2
