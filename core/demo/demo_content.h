#pragma once

#include "caom2/entities.h"

#include <QString>

#include <cstdint>
#include <vector>

// What the demo store holds: which partner each collection comes from, how its observations are made, and
// which of them are given a troubled sync state. Deterministic, so every machine builds the same demo.
namespace demo {

// A generated collection.
struct GeneratedCollection {
    QString source;       // partner the mirror harvests it from
    QString resourceID;   // that partner's repository service, for harvest cursors and skip records
    QString comparedWith; // the partner a validate run compared it with (discrepancies name it)
    QString collection;
    std::uint64_t count = 0;
    std::uint64_t seed = 1;
    std::int64_t baseTimeMs = 0;
};

const std::vector<GeneratedCollection> &generatedCollections();

// Where the real samples come from (CADC's collections, and one HST sample that joins MAST's HST).
QString sampleSource(const QString &collection);
QString resourceIDOf(const QString &source);

// The index-th observation of a generated collection, with its telescope, instruments, identifiers and
// artifact URIs made to fit the collection (HST or JWST), and valid checksums.
caom2::Observation demoObservation(const GeneratedCollection &collection, std::uint64_t index);

// Another version of the same observation, as a partner might hold it (for checksum discrepancies).
caom2::Observation partnerVersion(const GeneratedCollection &collection, std::uint64_t index);

// The sync state a generated observation is given: most are ok; a few are stale (a refresh failed and the
// good copy was kept) or differ from the partner they were compared with.
enum class DemoTrouble { None, Stale, Differs, TimestampDiffers };
DemoTrouble troubleOf(const GeneratedCollection &collection, std::uint64_t index);

// The real CAOM samples built into the program (Qt resource paths).
QStringList sampleFiles();

} // namespace demo
