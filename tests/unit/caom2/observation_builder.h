#pragma once

#include "caom2/entities.h"
#include "caom2/normalize.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

// A realistic, valid observation built in code for the diff and validator tests: two planes (raw with a
// Polygon footprint, cal with a Circle), three artifacts, parts and chunks carrying spatial, spectral,
// temporal, polarization and custom WCS. Every id is testId(n), so paths are predictable.
namespace testdata {

inline caom2::Uuid testId(std::uint16_t number)
{
    caom2::Uuid id;
    id.bytes[0] = 0x1d;
    id.bytes[6] = 0x40; // version 4
    id.bytes[8] = 0x80;
    id.bytes[14] = static_cast<std::uint8_t>(number >> 8);
    id.bytes[15] = static_cast<std::uint8_t>(number & 0xFF);
    return id;
}

inline caom2::Date testDate(std::string_view text)
{
    const auto date = caom2::Date::parse(text);
    if (!date)
        throw std::invalid_argument("bad test date");
    return *date;
}

inline caom2::Uri uri(std::string text)
{
    return caom2::Uri{std::move(text)};
}

// Counter-clockwise on the sky (east is to the left): north-east, south-east, south-west, north-west.
inline caom2::Polygon squarePolygon(double lon, double lat, double half)
{
    using caom2::SegmentType;
    caom2::Polygon polygon;
    polygon.points = {
        {lon + half, lat + half}, {lon + half, lat - half}, {lon - half, lat - half}, {lon - half, lat + half}};
    polygon.samples.vertices = {{lon + half, lat + half, SegmentType::Move},
                                {lon + half, lat - half, SegmentType::Line},
                                {lon - half, lat - half, SegmentType::Line},
                                {lon - half, lat + half, SegmentType::Line},
                                {0, 0, SegmentType::Close}};
    return polygon;
}

inline caom2::CoordAxis1D functionAxis(std::string ctype, std::optional<std::string> cunit, std::int64_t naxis,
                                       double delta, double pix, double val)
{
    caom2::CoordAxis1D axis;
    axis.axis = {std::move(ctype), std::move(cunit)};
    axis.function = caom2::CoordFunction1D{naxis, delta, {pix, val}};
    return axis;
}

// Image chunk: axes 1, 2 spatial, 3 spectral, 4 temporal.
inline caom2::Chunk imageChunk(std::uint16_t idNumber)
{
    caom2::Chunk chunk;
    chunk.id = testId(idNumber);
    chunk.productType = caom2::ProductType{"science"};
    chunk.naxis = 4;
    chunk.positionAxis1 = 1;
    chunk.positionAxis2 = 2;
    chunk.energyAxis = 3;
    chunk.timeAxis = 4;

    caom2::SpatialWCS position;
    position.axis.axis1 = {"RA---TAN", "deg"};
    position.axis.axis2 = {"DEC--TAN", "deg"};
    position.axis.error1 = caom2::CoordError{0.1, 0.01};
    position.axis.range = caom2::CoordRange2D{{{0.5, 10.93}, {0.5, 41.02}}, {{2048.5, 10.43}, {4096.5, 41.52}}};
    position.axis.bounds = caom2::CoordPolygon2D{{{10.93, 41.52}, {10.93, 41.02}, {10.43, 41.02}, {10.43, 41.52}}};
    position.axis.function =
        caom2::CoordFunction2D{{2048, 4096}, {{1024.5, 10.68}, {2048.5, 41.27}}, -5.0e-5, 0.0, 0.0, 5.0e-5};
    position.coordsys = "ICRS";
    position.equinox = 2000.0;
    position.resolution = 0.7;
    chunk.position = position;

    caom2::SpectralWCS energy;
    energy.axis = functionAxis("WAVE", "m", 1, 3.0e-7, 1.0, 5.5e-7);
    energy.axis.range = caom2::CoordRange1D{{0.5, 4.0e-7}, {1.5, 7.0e-7}};
    energy.specsys = "TOPOCENT";
    energy.bandpassName = "r";
    energy.resolvingPower = 1.8;
    chunk.energy = energy;

    caom2::TemporalWCS time;
    time.axis = functionAxis("TIME", "d", 1, 3.4722e-4, 0.5, 58979.5);
    time.timesys = "UTC";
    time.exposure = 30.0;
    time.resolution = 30.0;
    chunk.time = time;
    return chunk;
}

// Cube chunk: axes 1, 2 spatial, 3 Stokes, 4 Faraday depth (custom), plus an observable without an axis.
inline caom2::Chunk cubeChunk(std::uint16_t idNumber)
{
    caom2::Chunk chunk;
    chunk.id = testId(idNumber);
    chunk.naxis = 4;
    chunk.positionAxis1 = 1;
    chunk.positionAxis2 = 2;
    chunk.polarizationAxis = 3;
    chunk.customAxis = 4;

    caom2::SpatialWCS position;
    position.axis.axis1 = {"RA---SIN", "deg"};
    position.axis.axis2 = {"DEC--SIN", "deg"};
    position.axis.bounds = caom2::CoordCircle2D{{10.68, 41.27}, 0.4};
    position.axis.function =
        caom2::CoordFunction2D{{1024, 1024}, {{512.5, 10.68}, {512.5, 41.27}}, -8.0e-4, 0.0, 0.0, 8.0e-4};
    chunk.position = position;
    chunk.polarization = caom2::PolarizationWCS{functionAxis("STOKES", std::nullopt, 4, 1.0, 1.0, 1.0)};
    chunk.custom = caom2::CustomWCS{functionAxis("FDEP", "rad/m^2", 10, 5.0, 1.0, -25.0)};
    chunk.observable = caom2::ObservableAxis{{{"flux", "Jy"}, 1}, std::nullopt};
    return chunk;
}

inline caom2::Plane rawPlane()
{
    caom2::Plane plane;
    plane.id = testId(10);
    plane.lastModified = testDate("2024-11-06T21:32:57.123");
    plane.metaChecksum = "md5:1ad06cc7e3687cf41c7de6af3aad1886";
    plane.accMetaChecksum = "md5:f727075cc96cbfb592a4ccbdfc164b49";
    plane.productID = "raw";
    plane.creatorID = uri("ivo://cadc.nrc.ca/TEST?obs1/raw");
    plane.metaRelease = testDate("2024-01-01T00:00:00.000");
    plane.dataRelease = testDate("2025-01-01T00:00:00.000");
    plane.dataReadGroups = {uri("ivo://cadc.nrc.ca/gms?TEST-data")};
    plane.dataProductType = caom2::DataProductType{"image"};
    plane.calibrationLevel = caom2::CalibrationLevel::RawStandard;

    caom2::Provenance provenance;
    provenance.name = "TEST acquisition";
    provenance.version = "1.0";
    provenance.producer = "TEST observatory";
    provenance.reference = uri("https://example.org/test/");
    provenance.lastExecuted = testDate("2024-11-06T20:00:00.000");
    provenance.keywords = {"raw"};
    plane.provenance = provenance;
    plane.metrics = caom2::Metrics{std::nullopt, 12.5, std::nullopt, std::nullopt, 24.1, std::nullopt};

    caom2::Position position;
    position.bounds = squarePolygon(10.5, 41.25, 0.25);
    position.dimension = caom2::Dimension2D{2048, 4096};
    position.resolution = 0.7;
    position.sampleSize = 0.187;
    position.timeDependent = false;
    plane.position = position;

    caom2::Energy energy;
    energy.bounds = caom2::SampledInterval{4.0e-7, 7.0e-7, {{4.0e-7, 5.0e-7}, {6.0e-7, 7.0e-7}}};
    energy.dimension = 1;
    energy.resolvingPower = 1.8;
    energy.sampleSize = 3.0e-7;
    energy.bandpassName = "r";
    energy.energyBands = {caom2::EnergyBand::Optical};
    energy.transition = caom2::EnergyTransition{"H", "alpha"};
    plane.energy = energy;

    caom2::Time time;
    time.bounds = caom2::SampledInterval{58979.5, 58979.6, {{58979.5, 58979.6}}};
    time.dimension = 1;
    time.resolution = 30.0;
    time.exposure = 30.0;
    plane.time = time;

    caom2::Artifact fits;
    fits.id = testId(20);
    fits.uri = uri("ad:TEST/obs1_raw.fits");
    fits.productType = caom2::ProductType{"science"};
    fits.releaseType = caom2::ReleaseType::Data;
    fits.contentType = "application/fits";
    fits.contentLength = 4026283;
    fits.contentChecksum = uri("md5:9367eea5be351af991e8362f57bcc7ff");
    caom2::Part primary;
    primary.id = testId(30);
    primary.name = "0";
    primary.productType = caom2::ProductType{"science"};
    primary.chunks = {imageChunk(100)};
    caom2::Part extension;
    extension.id = testId(31);
    extension.name = "1";
    extension.chunks = {imageChunk(101), imageChunk(102)};
    fits.parts = {primary, extension};

    caom2::Artifact preview;
    preview.id = testId(21);
    preview.uri = uri("ad:TEST/obs1_preview.png");
    preview.productType = caom2::ProductType{"preview"};
    preview.releaseType = caom2::ReleaseType::Data;
    preview.contentType = "image/png";
    preview.contentLength = 646295;
    preview.contentChecksum = uri("md5:4e4c6e83edc597af2c24dbf88ea75996");
    plane.artifacts = {fits, preview};
    return plane;
}

inline caom2::Plane calPlane()
{
    caom2::Plane plane;
    plane.id = testId(11);
    plane.productID = "cal";
    plane.dataProductType = caom2::DataProductType{"cube"};
    plane.calibrationLevel = caom2::CalibrationLevel::Calibrated;
    caom2::Provenance provenance;
    provenance.name = "TEST calibration";
    provenance.inputs = {caom2::PlaneUri{uri("caom:TEST/obs1/raw")}};
    plane.provenance = provenance;
    plane.observable = caom2::Observable{"phot.flux.density"};

    caom2::Position position;
    position.bounds = caom2::Circle{{10.68, 41.27}, 0.4};
    position.dimension = caom2::Dimension2D{1024, 1024};
    position.resolutionBounds = caom2::Interval{0.6, 0.8};
    plane.position = position;
    plane.polarization = caom2::Polarization{{caom2::PolarizationState::I, caom2::PolarizationState::Q,
                                              caom2::PolarizationState::U, caom2::PolarizationState::V},
                                             4};
    plane.custom = caom2::CustomAxis{"FDEP", caom2::SampledInterval{-25.0, 25.0, {{-25.0, 25.0}}}, 10};

    caom2::Artifact cube;
    cube.id = testId(22);
    cube.uri = uri("ad:TEST/obs1_cal.fits");
    cube.productType = caom2::ProductType{"science"};
    cube.releaseType = caom2::ReleaseType::Data;
    cube.contentRelease = testDate("2025-01-01T00:00:00.000");
    cube.contentReadGroups = {uri("ivo://cadc.nrc.ca/gms?TEST-data")};
    cube.contentLength = 123456789;
    cube.contentChecksum = uri("md5:d41d8cd98f00b204e9800998ecf8427e");
    caom2::Part part;
    part.id = testId(32);
    part.name = "0";
    part.chunks = {cubeChunk(200)};
    cube.parts = {part};
    plane.artifacts = {cube};
    return plane;
}

inline caom2::Observation makeObservation()
{
    caom2::Observation observation;
    observation.id = testId(1);
    observation.lastModified = testDate("2024-11-06T21:32:57.123");
    observation.maxLastModified = testDate("2024-11-06T21:32:57.123");
    observation.kind = caom2::ObservationKind::Simple;
    observation.collection = "TEST";
    observation.observationID = "obs1";
    observation.metaRelease = testDate("2024-01-01T00:00:00.000");
    observation.metaReadGroups = {uri("ivo://cadc.nrc.ca/gms?TEST-a"), uri("ivo://cadc.nrc.ca/gms?TEST-b")};
    observation.sequenceNumber = 7;
    observation.algorithm = caom2::Algorithm{"exposure"};
    observation.type = "OBJECT";
    observation.intent = caom2::ObservationIntentType::Science;
    observation.proposal = caom2::Proposal{"P-001", "A. Astronomer", "Survey", std::nullopt, {"galaxy", "survey"}};
    observation.target = caom2::Target{"M31", std::nullopt, caom2::TargetType::Object, false, 0.5, false, {"spiral"}};
    observation.targetPosition = caom2::TargetPosition{"ICRS", 2000.0, {10.68, 41.27}};
    observation.telescope = caom2::Telescope{"CFHT 3.6m", -5464301.77, -2493489.8, 2150652.3, {"maunakea"}};
    observation.instrument = caom2::Instrument{"MegaPrime", {"imager"}};
    observation.environment = caom2::Environment{0.7, 20.0, 75.0, 0.05, 2.2e-6, 2.5, true};
    observation.planes = {rawPlane(), calPlane()};
    caom2::normalizeSets(observation);
    return observation;
}

inline caom2::Plane &planeOf(caom2::Observation &observation, std::string_view productID)
{
    for (caom2::Plane &plane : observation.planes)
        if (plane.productID == productID)
            return plane;
    throw std::out_of_range("no such plane");
}

inline caom2::Artifact &artifactOf(caom2::Observation &observation, std::string_view productID,
                                   std::string_view artifactUri)
{
    for (caom2::Artifact &artifact : planeOf(observation, productID).artifacts)
        if (artifact.uri.text == artifactUri)
            return artifact;
    throw std::out_of_range("no such artifact");
}

// The raw plane's FITS artifact, its parts and the chunks of the first two; the cal plane's cube chunk.
inline caom2::Artifact &rawFits(caom2::Observation &o)
{
    return artifactOf(o, "raw", "ad:TEST/obs1_raw.fits");
}
inline caom2::Part &rawPart(caom2::Observation &o, std::size_t index)
{
    return rawFits(o).parts.at(index);
}
inline caom2::Chunk &rawChunk(caom2::Observation &o)
{
    return rawPart(o, 0).chunks.at(0);
}
inline caom2::Chunk &cubeChunkOf(caom2::Observation &o)
{
    return artifactOf(o, "cal", "ad:TEST/obs1_cal.fits").parts.at(0).chunks.at(0);
}

// Identity paths of the entities above.
inline const std::string kRaw = "planes[productID=raw]";
inline const std::string kCal = "planes[productID=cal]";
inline const std::string kRawFits = kRaw + ".artifacts[uri=ad:TEST/obs1_raw.fits]";
inline const std::string kRawPreview = kRaw + ".artifacts[uri=ad:TEST/obs1_preview.png]";
inline const std::string kCalCube = kCal + ".artifacts[uri=ad:TEST/obs1_cal.fits]";
inline const std::string kRawPart0 = kRawFits + ".parts[name=0]";
inline const std::string kRawPart1 = kRawFits + ".parts[name=1]";
inline const std::string kRawChunk = kRawPart0 + ".chunks[id=" + testId(100).toString() + "]";
inline const std::string kCubeChunk = kCalCube + ".parts[name=0].chunks[id=" + testId(200).toString() + "]";

} // namespace testdata
