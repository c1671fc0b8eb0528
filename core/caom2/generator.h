#pragma once

#include "caom2/entities.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Synthetic but realistic observations for demos, tests and benchmarks: shaped like the HST/JWST samples
// (raw, calibrated and drizzled planes; FITS artifacts with science and error extensions carrying spatial,
// spectral and temporal WCS; previews), with valid checksums. Deterministic: the same seed and index give
// the same observation on every machine (no std distributions, whose results vary between libraries).
namespace caom2 {

// What an observation holds. Hst: three planes (raw, calibrated, drizzled) of FITS files with parts and WCS
// chunks, and previews (about 22 kB of XML). Minimal: one calibrated plane with one FITS file and no parts (about
// 3 kB), for stores of many millions of observations. Both have the same observation-level values.
enum class GeneratorShape { Hst, Minimal };

// "hst" or "minimal"; nullopt for any other name.
std::optional<GeneratorShape> generatorShapeFromName(std::string_view name);

struct GeneratorOptions {
    std::string collection = "DEMO";
    std::uint64_t seed = 1;
    std::int64_t baseTimeMs = 1700000000000; // lastModified of observation 0; later ones are later
    GeneratorShape shape = GeneratorShape::Hst;
};

// The index-th observation of the sequence described by `options`.
Observation generateObservation(const GeneratorOptions &options, std::uint64_t index);

} // namespace caom2
