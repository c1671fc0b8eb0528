#include "caom2/generator.h"

#include "caom2/checksum.h"
#include "caom2/normalize.h"

#include <array>
#include <cstdio>

namespace caom2 {

namespace {

// SplitMix64: tiny, fast, and the same everywhere.
class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::uint64_t below(std::uint64_t n) { return next() % n; }
    double uniform(double low, double high)
    {
        return low + (high - low) * static_cast<double>(next() >> 11) * 0x1.0p-53;
    }

private:
    std::uint64_t m_state;
};

Uuid randomUuid(Random &random)
{
    Uuid id;
    const std::uint64_t high = random.next();
    const std::uint64_t low = random.next();
    for (int i = 0; i < 8; ++i) {
        id.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(high >> (56 - 8 * i));
        id.bytes[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(low >> (56 - 8 * i));
    }
    id.bytes[6] = static_cast<std::uint8_t>((id.bytes[6] & 0x0F) | 0x40); // version 4
    id.bytes[8] = static_cast<std::uint8_t>((id.bytes[8] & 0x3F) | 0x80); // IETF variant
    return id;
}

constexpr std::array<const char *, 6> instruments{"ACS/WFC", "WFC3/UVIS", "WFC3/IR", "STIS/CCD", "COS/FUV", "NIRCAM"};
constexpr std::array<const char *, 8> filters{"F435W", "F606W", "F814W", "F110W", "F160W", "G140L", "F200W", "CLEAR"};
constexpr std::array<const char *, 8> targets{"NGC-1300", "M31-HALO",  "HUDF",   "ABELL-2744",
                                              "SN1987A",  "ORION-BAR", "CARINA", "GOODS-N"};

Chunk scienceChunk(Random &random, double ra, double dec, double mjd, double exposure)
{
    Chunk chunk;
    chunk.id = randomUuid(random);
    chunk.productType = ProductType{"science"};
    chunk.naxis = 2;
    chunk.positionAxis1 = 1;
    chunk.positionAxis2 = 2;
    SpatialWCS position;
    position.axis.axis1 = Axis{"RA---TAN", "deg"};
    position.axis.axis2 = Axis{"DEC--TAN", "deg"};
    position.axis.error1 = CoordError{1.0e-5, 2.0e-6};
    position.axis.error2 = CoordError{1.0e-5, 2.0e-6};
    CoordFunction2D function;
    function.dimension = Dimension2D{4096, 4096};
    function.refCoord = Coord2D{RefCoord{2048.5, ra}, RefCoord{2048.5, dec}};
    const double scale = 1.388e-5 * (1.0 + 0.01 * random.uniform(-1, 1));
    function.cd11 = -scale;
    function.cd12 = 0.0;
    function.cd21 = 0.0;
    function.cd22 = scale;
    position.axis.function = function;
    position.coordsys = "ICRS";
    position.equinox = 2000.0;
    chunk.position = position;
    SpectralWCS energy;
    energy.axis.axis = Axis{"WAVE", "m"};
    const double centre = random.uniform(2.0e-7, 2.0e-6);
    energy.axis.range = CoordRange1D{RefCoord{0.5, centre * 0.9}, RefCoord{1.5, centre * 1.1}};
    energy.specsys = "TOPOCENT";
    energy.bandpassName = filters[random.below(filters.size())];
    energy.resolvingPower = random.uniform(2.0, 20.0);
    chunk.energy = energy;
    TemporalWCS time;
    time.axis.axis = Axis{"TIME", "d"};
    time.axis.range = CoordRange1D{RefCoord{0.5, mjd}, RefCoord{1.5, mjd + exposure / 86400.0}};
    time.timesys = "UTC";
    time.mjdref = 0.0;
    time.exposure = exposure;
    time.resolution = exposure;
    chunk.time = time;
    return chunk;
}

// A FITS file's artifact without its parts: its id, length and checksum drawn in this order.
Artifact fitsFile(Random &random, const std::string &uri, const std::string &productType)
{
    Artifact artifact;
    artifact.id = randomUuid(random);
    artifact.uri = Uri{uri};
    artifact.productType = ProductType{productType};
    artifact.releaseType = ReleaseType::Data;
    artifact.contentType = "application/fits";
    artifact.contentLength = static_cast<std::int64_t>(10'000'000 + random.below(150'000'000));
    char checksum[40];
    std::snprintf(checksum, sizeof checksum, "md5:%016llx%016llx", static_cast<unsigned long long>(random.next()),
                  static_cast<unsigned long long>(random.next()));
    artifact.contentChecksum = Uri{checksum};
    return artifact;
}

Artifact fitsArtifact(Random &random, const std::string &uri, const std::string &productType, double ra, double dec,
                      double mjd, double exposure)
{
    Artifact artifact = fitsFile(random, uri, productType);
    Part primary;
    primary.id = randomUuid(random);
    primary.name = "0";
    artifact.parts.push_back(primary);
    Part science;
    science.id = randomUuid(random);
    science.name = "SCI";
    science.productType = ProductType{"science"};
    science.chunks.push_back(scienceChunk(random, ra, dec, mjd, exposure));
    artifact.parts.push_back(std::move(science));
    return artifact;
}

// What every shape shares: the observation itself, its proposal, target, telescope and instrument. The draws
// are made in the order they always were, so an HST-shaped observation stays what it was.
Observation observationHeader(const GeneratorOptions &options, std::uint64_t index, Random &random)
{
    Observation o;
    o.id = randomUuid(random);
    o.kind = ObservationKind::Simple;
    o.collection = options.collection;
    char observationID[32];
    // The identity depends on the index only: another seed gives new versions of the same observations.
    std::snprintf(observationID, sizeof observationID, "%c%07llx%c", static_cast<char>('a' + index % 26),
                  static_cast<unsigned long long>(index), static_cast<char>('a' + (index * 7 + 3) % 26));
    o.observationID = observationID;
    const std::int64_t modified =
        options.baseTimeMs + static_cast<std::int64_t>(index) * 1000 + static_cast<std::int64_t>(random.below(1000));
    o.lastModified = Date{modified};
    o.maxLastModified = Date{modified};
    o.metaRelease = Date{modified - 86'400'000LL * 365};
    o.sequenceNumber = static_cast<std::int32_t>(random.below(1000));
    o.algorithm.name = "exposure";
    o.type = random.below(10) == 0 ? "FLAT" : "OBJECT";
    o.intent = *o.type == "FLAT" ? ObservationIntentType::Calibration : ObservationIntentType::Science;
    Proposal proposal;
    const std::uint64_t proposalNumber = 10000 + random.below(7000);
    proposal.id = std::to_string(proposalNumber);
    // Every observation of a proposal names the same PI and title, as in a real archive. The two draws that
    // used to pick them are still made, so every other generated value stays what it was.
    random.below(500);
    random.below(100);
    proposal.pi = "Principal Investigator " + std::to_string(proposalNumber * 7 % 500);
    proposal.title = "Survey field " + std::to_string(proposalNumber % 100);
    proposal.keywords = {"galaxies", "survey"};
    o.proposal = proposal;
    Target target;
    target.name = targets[random.below(targets.size())];
    target.type = TargetType::Object;
    o.target = target;
    const double ra = random.uniform(0.0, 360.0);
    const double dec = random.uniform(-80.0, 80.0);
    o.targetPosition = TargetPosition{"ICRS", 2000.0, Point{ra, dec}};
    o.telescope = Telescope{"HST", -2.3e6, 5.2e6, 3.1e6, {}};
    o.instrument = Instrument{instruments[random.below(instruments.size())], {}};
    o.environment = Environment{};
    o.environment->photometric = random.below(4) != 0;

    return o;
}

// Three planes (raw, calibrated, drizzled), each with a FITS file (a primary part and a science part with a WCS
// chunk) and a preview.
void addHstPlanes(Observation &o, Random &random)
{
    const double ra = o.targetPosition->coordinates.cval1;
    const double dec = o.targetPosition->coordinates.cval2;
    const std::int64_t modified = o.lastModified->msSinceEpoch;
    const double mjd = 50000.0 + random.uniform(0.0, 10000.0);
    const double exposure = random.uniform(30.0, 3000.0);
    static constexpr std::array<std::pair<const char *, CalibrationLevel>, 3> planes{{
        {"raw", CalibrationLevel::RawStandard},
        {"flt", CalibrationLevel::Calibrated},
        {"drz", CalibrationLevel::Product},
    }};
    for (const auto &[suffix, level] : planes) {
        Plane plane;
        plane.id = randomUuid(random);
        plane.productID = o.observationID + "_" + suffix;
        plane.metaRelease = o.metaRelease;
        plane.dataRelease = Date{modified + 86'400'000LL * 180};
        plane.dataProductType = DataProductType{"image"};
        plane.calibrationLevel = level;
        Provenance provenance;
        provenance.name = "CALACS";
        provenance.version = "10.3." + std::to_string(random.below(5));
        provenance.producer = "STScI";
        provenance.lastExecuted = Date{modified - 3'600'000};
        plane.provenance = provenance;
        const std::string base = "mast:HST/product/" + o.observationID + "_" + suffix;
        plane.artifacts.push_back(fitsArtifact(random, base + ".fits", "science", ra, dec, mjd, exposure));
        Artifact preview;
        preview.id = randomUuid(random);
        preview.uri = Uri{base + "_prev.jpg"};
        preview.productType = ProductType{"preview"};
        preview.releaseType = ReleaseType::Data;
        preview.contentType = "image/jpeg";
        preview.contentLength = static_cast<std::int64_t>(50'000 + random.below(200'000));
        plane.artifacts.push_back(std::move(preview));
        o.planes.push_back(std::move(plane));
    }
}

// One calibrated plane with one FITS file, described by its length and MD5 only (no parts): the least a
// mirror indexes for an observation, so that ten million of them fit on one disk.
void addMinimalPlane(Observation &o, Random &random)
{
    Plane plane;
    plane.id = randomUuid(random);
    plane.productID = o.observationID + "_flt";
    plane.metaRelease = o.metaRelease;
    plane.dataRelease = Date{o.lastModified->msSinceEpoch + 86'400'000LL * 180};
    plane.dataProductType = DataProductType{"image"};
    plane.calibrationLevel = CalibrationLevel::Calibrated;
    Artifact artifact = fitsFile(random, "mast:HST/product/" + o.observationID + "_flt.fits", "science");
    plane.artifacts.push_back(std::move(artifact));
    o.planes.push_back(std::move(plane));
}

} // namespace

std::optional<GeneratorShape> generatorShapeFromName(std::string_view name)
{
    if (name == "hst")
        return GeneratorShape::Hst;
    if (name == "minimal")
        return GeneratorShape::Minimal;
    return std::nullopt;
}

Observation generateObservation(const GeneratorOptions &options, std::uint64_t index)
{
    Random random(options.seed * 0x100000001B3ULL ^ (index + 1) * 0x9E3779B97F4A7C15ULL);
    Observation o = observationHeader(options, index, random);
    if (options.shape == GeneratorShape::Minimal)
        addMinimalPlane(o, random);
    else
        addHstPlanes(o, random);
    normalizeSets(o);
    assignChecksums(o);
    return o;
}

} // namespace caom2
