#pragma once

#include "caom2/geometry.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

// Chunk-level WCS value types (spec §2.9).
namespace caom2 {

struct Axis {
    std::string ctype; // required, non-empty
    std::optional<std::string> cunit;
    friend bool operator==(const Axis &, const Axis &) = default;
};

struct RefCoord {
    double pix = 0;
    double val = 0;
    friend bool operator==(const RefCoord &, const RefCoord &) = default;
};

struct Coord2D {
    RefCoord coord1;
    RefCoord coord2;
    friend bool operator==(const Coord2D &, const Coord2D &) = default;
};

struct ValueCoord2D {
    double coord1 = 0;
    double coord2 = 0;
    friend bool operator==(const ValueCoord2D &, const ValueCoord2D &) = default;
};

struct CoordError {
    std::optional<double> syser;
    std::optional<double> rnder;
    friend bool operator==(const CoordError &, const CoordError &) = default;
};

struct CoordRange1D {
    RefCoord start;
    RefCoord end;
    friend bool operator==(const CoordRange1D &, const CoordRange1D &) = default;
};

struct CoordRange2D {
    Coord2D start;
    Coord2D end;
    friend bool operator==(const CoordRange2D &, const CoordRange2D &) = default;
};

struct CoordBounds1D {
    std::vector<CoordRange1D> samples;
    friend bool operator==(const CoordBounds1D &, const CoordBounds1D &) = default;
};

struct CoordCircle2D {
    ValueCoord2D center;
    double radius = 0;
    friend bool operator==(const CoordCircle2D &, const CoordCircle2D &) = default;
};

struct CoordPolygon2D {
    std::vector<ValueCoord2D> vertices;
    friend bool operator==(const CoordPolygon2D &, const CoordPolygon2D &) = default;
};

// CoordAxis2D.bounds: XML element choice <circle> | <polygon>.
using CoordBounds2D = std::variant<CoordCircle2D, CoordPolygon2D>;

struct CoordFunction1D {
    std::int64_t naxis = 0;
    double delta = 0;
    RefCoord refCoord;
    friend bool operator==(const CoordFunction1D &, const CoordFunction1D &) = default;
};

struct CoordFunction2D {
    Dimension2D dimension;
    Coord2D refCoord;
    double cd11 = 0;
    double cd12 = 0;
    double cd21 = 0;
    double cd22 = 0;
    friend bool operator==(const CoordFunction2D &, const CoordFunction2D &) = default;
};

struct CoordAxis1D {
    Axis axis;
    std::optional<CoordError> error;
    std::optional<CoordRange1D> range;
    std::optional<CoordBounds1D> bounds;
    std::optional<CoordFunction1D> function;
    friend bool operator==(const CoordAxis1D &, const CoordAxis1D &) = default;
};

struct CoordAxis2D {
    Axis axis1;
    Axis axis2;
    std::optional<CoordError> error1;
    std::optional<CoordError> error2;
    std::optional<CoordRange2D> range;
    std::optional<CoordBounds2D> bounds;
    std::optional<CoordFunction2D> function;
    friend bool operator==(const CoordAxis2D &, const CoordAxis2D &) = default;
};

struct Slice {
    Axis axis;
    std::int64_t bin = 0;
    friend bool operator==(const Slice &, const Slice &) = default;
};

struct ObservableAxis {
    Slice dependent;
    std::optional<Slice> independent;
    friend bool operator==(const ObservableAxis &, const ObservableAxis &) = default;
};

struct SpatialWCS {
    CoordAxis2D axis;
    std::optional<std::string> coordsys;
    std::optional<double> equinox;
    std::optional<double> resolution;
    friend bool operator==(const SpatialWCS &, const SpatialWCS &) = default;
};

struct EnergyTransition {
    std::string species;
    std::string transition;
    friend bool operator==(const EnergyTransition &, const EnergyTransition &) = default;
};

struct SpectralWCS {
    CoordAxis1D axis;
    std::string specsys; // required by Java (XSD only from 2.4)
    std::optional<std::string> ssysobs;
    std::optional<std::string> ssyssrc;
    std::optional<double> restfrq;
    std::optional<double> restwav;
    std::optional<double> velosys;
    std::optional<double> zsource;
    std::optional<double> velang;
    std::optional<std::string> bandpassName;
    std::optional<double> resolvingPower;
    std::optional<EnergyTransition> transition;
    friend bool operator==(const SpectralWCS &, const SpectralWCS &) = default;
};

struct TemporalWCS {
    CoordAxis1D axis;
    std::optional<std::string> timesys;
    std::optional<std::string> trefpos;
    std::optional<double> mjdref;
    std::optional<double> exposure;
    std::optional<double> resolution;
    friend bool operator==(const TemporalWCS &, const TemporalWCS &) = default;
};

struct PolarizationWCS {
    CoordAxis1D axis; // axis.axis.ctype must be STOKES
    friend bool operator==(const PolarizationWCS &, const PolarizationWCS &) = default;
};

struct CustomWCS {
    CoordAxis1D axis;
    friend bool operator==(const CustomWCS &, const CustomWCS &) = default;
};

} // namespace caom2
