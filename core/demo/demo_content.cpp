#include "demo/demo_content.h"

#include "demo/demo_files.h"

#include "caom2/checksum.h"
#include "caom2/generator.h"
#include "caom2/normalize.h"

#include <QDir>

#include <algorithm>
#include <array>
#include <cstdio>

namespace demo {

namespace {

// A well-mixed number from (index, salt), for picking which observations get which trouble.
std::uint64_t mix(std::uint64_t index, std::uint64_t salt)
{
    std::uint64_t z = index * 0x9E3779B97F4A7C15ULL + salt * 0xD1B54A32D192ED03ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void replaceAll(std::string &text, const std::string &from, const std::string &to)
{
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

std::string jwstObservationID(std::uint64_t index, const char *detector)
{
    // jw<program><observation><visit>_<visit group><parallel sequence><activity>_<exposure>_<detector>
    char text[64];
    std::snprintf(
        text, sizeof text, "jw%05llu%03llu001_02101_%05llu_%s", static_cast<unsigned long long>(1022 + index / 48),
        static_cast<unsigned long long>(index / 12 % 4 + 1), static_cast<unsigned long long>(index % 12 + 1), detector);
    return text;
}

// The generator makes HST-shaped observations; JWST ones get their own telescope, instruments, file names
// and pipeline.
void makeJwst(caom2::Observation &o, std::uint64_t index)
{
    struct Instrument {
        const char *name;
        const char *detector;
    };
    static constexpr std::array<Instrument, 4> instruments{
        {{"NIRCAM", "nrca1"}, {"NIRSPEC", "nrs1"}, {"MIRI", "mirimage"}, {"NIRISS", "nis"}}};
    const Instrument &instrument = instruments[mix(index, 7) % instruments.size()];
    const std::string oldID = o.observationID;
    const std::string newID = jwstObservationID(index, instrument.detector);
    o.observationID = newID;
    o.telescope = caom2::Telescope{"JWST", std::nullopt, std::nullopt, std::nullopt, {}};
    o.instrument = caom2::Instrument{instrument.name, {}};
    const auto rename = [&](std::string &text) {
        replaceAll(text, oldID, newID);
        replaceAll(text, "mast:HST/", "mast:JWST/");
        replaceAll(text, "_raw", "_uncal");
        replaceAll(text, "_flt", "_cal");
        replaceAll(text, "_drz", "_i2d");
    };
    for (caom2::Plane &plane : o.planes) {
        rename(plane.productID);
        if (plane.provenance) {
            plane.provenance->name = "calwebb_image3";
            plane.provenance->version = "1.12." + std::to_string(mix(index, 3) % 6);
        }
        for (caom2::Artifact &artifact : plane.artifacts)
            rename(artifact.uri.text);
    }
}

// The generator's instrument list ends with a JWST camera; on HST that reads as a mistake.
void keepHstInstruments(caom2::Observation &o)
{
    if (o.instrument && o.instrument->name == "NIRCAM")
        o.instrument->name = "NICMOS/NIC3";
}

// Every artifact describes the small file the demo's partners publish for it (demo_files.h): its length and MD5,
// so that a download from a demo partner ends verified.
void describePublishedFiles(caom2::Observation &o)
{
    for (caom2::Plane &plane : o.planes)
        for (caom2::Artifact &artifact : plane.artifacts) {
            const QString uri = QString::fromStdString(artifact.uri.text);
            const qint64 size = demoFileSize(uri);
            artifact.contentLength = size;
            artifact.contentChecksum = caom2::Uri{"md5:" + demoFileMd5(uri, size).toStdString()};
        }
}

caom2::Observation generated(const GeneratedCollection &collection, std::uint64_t index, std::uint64_t seed)
{
    caom2::GeneratorOptions options;
    options.collection = collection.collection.toStdString();
    options.seed = seed;
    options.baseTimeMs = collection.baseTimeMs;
    caom2::Observation o = caom2::generateObservation(options, index);
    if (collection.collection == QLatin1String("JWST"))
        makeJwst(o, index);
    else if (o.instrument && o.instrument->name == "NIRCAM")
        keepHstInstruments(o);
    describePublishedFiles(o);
    caom2::normalizeSets(o);
    caom2::assignChecksums(o);
    return o;
}

} // namespace

const std::vector<GeneratedCollection> &generatedCollections()
{
    static const std::vector<GeneratedCollection> collections = {
        {QStringLiteral("MAST"), resourceIDOf(QStringLiteral("MAST")), QStringLiteral("CADC"), QStringLiteral("HST"),
         2400, 11, 1'690'000'000'000},
        {QStringLiteral("ESDC"), resourceIDOf(QStringLiteral("ESDC")), QStringLiteral("MAST"), QStringLiteral("JWST"),
         1200, 23, 1'700'000'000'000},
    };
    return collections;
}

QString sampleSource(const QString &collection)
{
    return collection == QLatin1String("HST") ? QStringLiteral("MAST") : QStringLiteral("CADC");
}

QString resourceIDOf(const QString &source)
{
    if (source == QLatin1String("MAST"))
        return QStringLiteral("ivo://mast.stsci.edu/caom2/repo");
    if (source == QLatin1String("ESDC"))
        return QStringLiteral("ivo://esavo/esdc/caom2/repo");
    return QStringLiteral("ivo://cadc.nrc.ca/ams");
}

caom2::Observation demoObservation(const GeneratedCollection &collection, std::uint64_t index)
{
    return generated(collection, index, collection.seed);
}

caom2::Observation partnerVersion(const GeneratedCollection &collection, std::uint64_t index)
{
    // What a partner's reprocessing looks like: the same observation, one plane made by a newer pipeline and
    // the spatial WCS of its science chunk refined, three days later. Differences at plane and chunk level
    // that the Compare view and `caom-sync compare` can point at, rather than a wholly other observation.
    caom2::Observation o = demoObservation(collection, index);
    const auto reprocessed = std::find_if(o.planes.begin(), o.planes.end(), [](const caom2::Plane &plane) {
        return plane.productID.ends_with("_flt") || plane.productID.ends_with("_cal");
    });
    caom2::Plane &plane = reprocessed != o.planes.end() ? *reprocessed : o.planes.front();
    if (plane.provenance)
        plane.provenance->version = plane.provenance->version.value_or("1") + ".1";
    for (caom2::Artifact &artifact : plane.artifacts)
        for (caom2::Part &part : artifact.parts)
            for (caom2::Chunk &chunk : part.chunks)
                if (chunk.position && chunk.position->axis.function)
                    chunk.position->axis.function->refCoord.coord1.val += 2.5e-6;
    constexpr std::int64_t threeDays = 3 * 86'400'000LL;
    if (o.maxLastModified)
        o.maxLastModified->msSinceEpoch += threeDays;
    caom2::assignChecksums(o);
    return o;
}

DemoTrouble troubleOf(const GeneratedCollection &collection, std::uint64_t index)
{
    const std::uint64_t roll = mix(index, collection.seed) % 1000;
    if (roll < 25)
        return DemoTrouble::Stale; // 2.5 %
    if (roll < 45)
        return DemoTrouble::Differs; // 2 %
    if (roll < 52)
        return DemoTrouble::TimestampDiffers;
    return DemoTrouble::None;
}

QStringList sampleFiles()
{
    QStringList files;
    const QDir samples(QStringLiteral(":/demo/samples"));
    for (const QString &name : samples.entryList({QStringLiteral("*.xml")}, QDir::Files, QDir::Name))
        files << samples.filePath(name);
    return files;
}

} // namespace demo
