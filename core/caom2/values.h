#pragma once

#include "caom2/enums.h"
#include "caom2/geometry.h"
#include "caom2/types.h"
#include "caom2/wcs.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Value objects owned by Observation and Plane (spec §2.7). Sets are std::vector kept in their canonical
// checksum order without duplicates (see normalize.h); lists keep document order.
namespace caom2 {

struct Algorithm {
    std::string name;
    friend bool operator==(const Algorithm &, const Algorithm &) = default;
};

struct Proposal {
    std::string id;
    std::optional<std::string> pi;
    std::optional<std::string> project;
    std::optional<std::string> title;
    std::vector<std::string> keywords; // set
    friend bool operator==(const Proposal &, const Proposal &) = default;
};

struct Target {
    std::string name;
    std::optional<Uri> targetID; // 2.4
    std::optional<TargetType> type;
    std::optional<bool> standard;
    std::optional<double> redshift;
    std::optional<bool> moving;
    std::vector<std::string> keywords; // set
    friend bool operator==(const Target &, const Target &) = default;
};

struct TargetPosition {
    std::string coordsys;
    std::optional<double> equinox;
    Point coordinates;
    friend bool operator==(const TargetPosition &, const TargetPosition &) = default;
};

struct Requirements {
    Status flag = Status::Fail;
    friend bool operator==(const Requirements &, const Requirements &) = default;
};

struct Telescope {
    std::string name;
    std::optional<double> geoLocationX;
    std::optional<double> geoLocationY;
    std::optional<double> geoLocationZ;
    std::vector<std::string> keywords; // set
    friend bool operator==(const Telescope &, const Telescope &) = default;
};

struct Instrument {
    std::string name;
    std::vector<std::string> keywords; // set
    friend bool operator==(const Instrument &, const Instrument &) = default;
};

struct Environment {
    std::optional<double> seeing;
    std::optional<double> humidity;
    std::optional<double> elevation;
    std::optional<double> tau;
    std::optional<double> wavelengthTau;
    std::optional<double> ambientTemp;
    std::optional<bool> photometric;
    friend bool operator==(const Environment &, const Environment &) = default;
};

// "caom:<collection>/<observationID>" (ObservationURI) or ".../<productID>" (PlaneURI).
struct ObservationUri {
    Uri uri;
    friend bool operator==(const ObservationUri &, const ObservationUri &) = default;
};
struct PlaneUri {
    Uri uri;
    friend bool operator==(const PlaneUri &, const PlaneUri &) = default;
};

struct Provenance {
    std::string name;
    std::optional<std::string> version;
    std::optional<std::string> project;
    std::optional<std::string> producer;
    std::optional<std::string> runID;
    std::optional<Uri> reference;
    std::optional<Date> lastExecuted;
    std::vector<std::string> keywords; // set
    std::vector<PlaneUri> inputs;      // set
    friend bool operator==(const Provenance &, const Provenance &) = default;
};

struct Metrics {
    std::optional<double> sourceNumberDensity;
    std::optional<double> background;
    std::optional<double> backgroundStddev;
    std::optional<double> fluxDensityLimit;
    std::optional<double> magLimit;
    std::optional<double> sampleSNR; // 2.4
    friend bool operator==(const Metrics &, const Metrics &) = default;
};

struct DataQuality {
    Quality flag = Quality::Junk;
    friend bool operator==(const DataQuality &, const DataQuality &) = default;
};

struct Observable {
    std::string ucd;
    friend bool operator==(const Observable &, const Observable &) = default;
};

struct Position {
    std::optional<Shape> bounds;
    std::optional<Dimension2D> dimension;
    std::optional<double> resolution;
    std::optional<Interval> resolutionBounds; // 2.4
    std::optional<double> sampleSize;
    std::optional<bool> timeDependent;
    friend bool operator==(const Position &, const Position &) = default;
};

struct Energy {
    std::optional<SampledInterval> bounds;
    std::optional<std::int64_t> dimension;
    std::optional<double> resolvingPower;
    std::optional<Interval> resolvingPowerBounds; // 2.4
    std::optional<double> sampleSize;
    std::optional<std::string> bandpassName;
    std::vector<EnergyBand> energyBands; // set; 2.2/2.3 XML holds at most one (emBand)
    std::optional<double> restwav;
    std::optional<EnergyTransition> transition;
    friend bool operator==(const Energy &, const Energy &) = default;
};

struct Time {
    std::optional<SampledInterval> bounds;
    std::optional<std::int64_t> dimension;
    std::optional<double> resolution;
    std::optional<Interval> resolutionBounds; // 2.4
    std::optional<double> sampleSize;
    std::optional<double> exposure;
    friend bool operator==(const Time &, const Time &) = default;
};

struct Polarization {
    std::vector<PolarizationState> states; // set
    std::optional<std::int64_t> dimension;
    friend bool operator==(const Polarization &, const Polarization &) = default;
};

struct CustomAxis { // 2.4
    std::string ctype;
    std::optional<SampledInterval> bounds;
    std::optional<std::int64_t> dimension;
    friend bool operator==(const CustomAxis &, const CustomAxis &) = default;
};

} // namespace caom2
