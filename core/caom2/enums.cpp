#include "caom2/enums.h"

#include "caom2/types.h"

#include <array>
#include <utility>

namespace caom2 {

namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::pair<Enum, std::string_view>, N> &table, std::string_view text)
{
    for (const auto &[value, name] : table)
        if (name == text)
            return value;
    return std::nullopt;
}

template <typename Enum, std::size_t N>
std::string_view nameOf(const std::array<std::pair<Enum, std::string_view>, N> &table, Enum value)
{
    for (const auto &[candidate, name] : table)
        if (candidate == value)
            return name;
    return {};
}

constexpr std::array<std::pair<ObservationIntentType, std::string_view>, 2> intentNames{{
    {ObservationIntentType::Science, "science"},
    {ObservationIntentType::Calibration, "calibration"},
}};
constexpr std::array<std::pair<TargetType, std::string_view>, 2> targetTypeNames{{
    {TargetType::Object, "object"},
    {TargetType::Field, "field"},
}};
constexpr std::array<std::pair<Status, std::string_view>, 1> statusNames{{{Status::Fail, "fail"}}};
constexpr std::array<std::pair<Quality, std::string_view>, 1> qualityNames{{{Quality::Junk, "junk"}}};
constexpr std::array<std::pair<ReleaseType, std::string_view>, 2> releaseTypeNames{{
    {ReleaseType::Data, "data"},
    {ReleaseType::Meta, "meta"},
}};
constexpr std::array<std::pair<EnergyBand, std::string_view>, 8> energyBandNames{{
    {EnergyBand::Radio, "Radio"},
    {EnergyBand::Millimeter, "Millimeter"},
    {EnergyBand::Infrared, "Infrared"},
    {EnergyBand::Optical, "Optical"},
    {EnergyBand::UV, "UV"},
    {EnergyBand::EUV, "EUV"},
    {EnergyBand::XRay, "X-ray"},
    {EnergyBand::GammaRay, "Gamma-ray"},
}};
constexpr std::array<std::pair<PolarizationState, std::string_view>, 18> polarizationStateNames{{
    {PolarizationState::I, "I"},
    {PolarizationState::Q, "Q"},
    {PolarizationState::U, "U"},
    {PolarizationState::V, "V"},
    {PolarizationState::RR, "RR"},
    {PolarizationState::LL, "LL"},
    {PolarizationState::RL, "RL"},
    {PolarizationState::LR, "LR"},
    {PolarizationState::XX, "XX"},
    {PolarizationState::YY, "YY"},
    {PolarizationState::XY, "XY"},
    {PolarizationState::YX, "YX"},
    {PolarizationState::POLI, "POLI"},
    {PolarizationState::FPOLI, "FPOLI"},
    {PolarizationState::POLA, "POLA"},
    {PolarizationState::EPOLI, "EPOLI"},
    {PolarizationState::CPOLI, "CPOLI"},
    {PolarizationState::NPOLI, "NPOLI"},
}};

constexpr std::array<std::string_view, 17> productTypeTerms{
    "this",  "auxiliary", "bias",          "calibration",  "coderived", "dark",   "documentation", "error", "flat",
    "noise", "preview",   "preview-image", "preview-plot", "thumbnail", "weight", "science",       "info",
};
constexpr std::array<std::string_view, 8> dataProductTypeTerms{
    "image", "spectrum", "timeseries", "visibility", "event", "cube", "measurements", "sed",
};
constexpr std::string_view catalogTerm = "http://www.opencadc.org/caom2/DataProductType#catalog";

bool isValidPathComponent(std::string_view text)
{
    return !text.empty() && text.find_first_of(" /\\%") == std::string_view::npos;
}

// "<namespace-uri>#<term>": the namespace has a scheme and no fragment; the term is a path component.
bool isExtensionTerm(std::string_view text)
{
    const auto hash = text.rfind('#');
    if (hash == std::string_view::npos || hash == 0)
        return false;
    const std::string_view ns = text.substr(0, hash);
    const auto colon = ns.find(':');
    return colon != std::string_view::npos && colon > 0 && ns.find('#') == std::string_view::npos
        && ns.find(' ') == std::string_view::npos && isValidPathComponent(text.substr(hash + 1));
}

} // namespace

std::string_view toString(ObservationIntentType value)
{
    return nameOf(intentNames, value);
}
std::string_view toString(TargetType value)
{
    return nameOf(targetTypeNames, value);
}
std::string_view toString(Status value)
{
    return nameOf(statusNames, value);
}
std::string_view toString(Quality value)
{
    return nameOf(qualityNames, value);
}
std::string_view toString(ReleaseType value)
{
    return nameOf(releaseTypeNames, value);
}
std::string_view toString(EnergyBand value)
{
    return nameOf(energyBandNames, value);
}
std::string_view toString(PolarizationState value)
{
    return nameOf(polarizationStateNames, value);
}

std::optional<ObservationIntentType> parseObservationIntentType(std::string_view text)
{
    return lookup(intentNames, text);
}
std::optional<TargetType> parseTargetType(std::string_view text)
{
    return lookup(targetTypeNames, text);
}
std::optional<Status> parseStatus(std::string_view text)
{
    return lookup(statusNames, text);
}
std::optional<Quality> parseQuality(std::string_view text)
{
    return lookup(qualityNames, text);
}
std::optional<ReleaseType> parseReleaseType(std::string_view text)
{
    return lookup(releaseTypeNames, text);
}
std::optional<EnergyBand> parseEnergyBand(std::string_view text)
{
    return lookup(energyBandNames, text);
}
std::optional<PolarizationState> parsePolarizationState(std::string_view text)
{
    return lookup(polarizationStateNames, text);
}

std::optional<CalibrationLevel> calibrationLevelFromInt(std::int32_t code)
{
    if (code < -1 || code > 4)
        return std::nullopt;
    return static_cast<CalibrationLevel>(code);
}

std::optional<SegmentType> segmentTypeFromInt(std::int32_t code)
{
    if (code < 0 || code > 2)
        return std::nullopt;
    return static_cast<SegmentType>(code);
}

std::optional<ProductType> parseProductType(std::string_view text)
{
    for (const auto term : productTypeTerms)
        if (term == text)
            return ProductType{std::string(text)};
    if (isExtensionTerm(text))
        return ProductType{std::string(text)};
    return std::nullopt; // includes the retired bare "catalog", which both references refuse
}

std::optional<DataProductType> parseDataProductType(std::string_view text, int caomVersion)
{
    for (const auto term : dataProductTypeTerms)
        if (term == text)
            return DataProductType{std::string(text)};
    if (text == "eventlist") // legacy term, mapped by the Java reader
        return DataProductType{"event"};
    if (text == "catalog" && caomVersion <= 22) // 2.2 wrote the CAOM catalog term bare
        return DataProductType{std::string(catalogTerm)};
    if (isExtensionTerm(text))
        return DataProductType{std::string(text)};
    return std::nullopt;
}

} // namespace caom2
