#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Enumerations and vocabularies of CAOM2 (spec §2.10). Closed enumerations are enum classes with their
// XML text; the open vocabularies (ProductType, DataProductType) keep their term text, since any
// "namespace#term" extension is legal.
namespace caom2 {

enum class ObservationKind { Simple, Derived }; // Derived is "CompositeObservation" in 2.2/2.3 XML

enum class ObservationIntentType { Science, Calibration };
enum class TargetType { Object, Field };
enum class Status { Fail };
enum class Quality { Junk };
enum class ReleaseType { Data, Meta };

enum class CalibrationLevel : std::int32_t {
    Planned = -1,
    RawInstrumental = 0,
    RawStandard = 1,
    Calibrated = 2,
    Product = 3,
    AnalysisProduct = 4,
};

enum class SegmentType : std::int32_t { Close = 0, Line = 1, Move = 2 };

// Declaration order is also the order used when a set of them is hashed.
enum class EnergyBand { Radio, Millimeter, Infrared, Optical, UV, EUV, XRay, GammaRay };
enum class PolarizationState { I, Q, U, V, RR, LL, RL, LR, XX, YY, XY, YX, POLI, FPOLI, POLA, EPOLI, CPOLI, NPOLI };

// Open vocabulary term: a bare base term ("science") or "<namespace-uri>#<term>".
struct ProductType {
    std::string term;
    friend bool operator==(const ProductType &, const ProductType &) = default;
};
struct DataProductType {
    std::string term;
    friend bool operator==(const DataProductType &, const DataProductType &) = default;
};

std::string_view toString(ObservationIntentType value);
std::string_view toString(TargetType value);
std::string_view toString(Status value);
std::string_view toString(Quality value);
std::string_view toString(ReleaseType value);
std::string_view toString(EnergyBand value);
std::string_view toString(PolarizationState value);

std::optional<ObservationIntentType> parseObservationIntentType(std::string_view text);
std::optional<TargetType> parseTargetType(std::string_view text);
std::optional<Status> parseStatus(std::string_view text);
std::optional<Quality> parseQuality(std::string_view text);
std::optional<ReleaseType> parseReleaseType(std::string_view text);
std::optional<EnergyBand> parseEnergyBand(std::string_view text);
std::optional<PolarizationState> parsePolarizationState(std::string_view text);
std::optional<CalibrationLevel> calibrationLevelFromInt(std::int32_t code);
std::optional<SegmentType> segmentTypeFromInt(std::int32_t code);

// Vocabulary rules (§2.10, §3.6): base terms, or extension terms "ns#term" with a valid namespace and
// term. Returns the term to keep (e.g. "eventlist" becomes "event"), or nullopt when unknown.
std::optional<ProductType> parseProductType(std::string_view text);
std::optional<DataProductType> parseDataProductType(std::string_view text, int caomVersion);

} // namespace caom2
