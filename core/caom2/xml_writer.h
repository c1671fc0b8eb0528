#pragma once

#include "caom2/entities.h"

#include <string>
#include <vector>

// Writes CAOM 2.3 and 2.4 observation documents that validate against the official schemas.
namespace caom2 {

struct WriteOptions {
    int caomVersion = 24;       // 23 or 24
    bool writeChecksums = true; // the entities' stored metaChecksum/accMetaChecksum attributes
    // true: refuse what only the XSD forbids (below). false: write every model the reader accepts, as the
    // Java writer does (POLA, Infinity, short polygons, group URIs not under ivo://...), so that the store
    // keeps exactly what a partner published; reading it back gives the same model and checksums.
    bool schemaStrict = true;
};

struct WriteResult {
    bool ok = false;
    std::string xml;   // UTF-8 document, when ok
    std::string error; // why the model cannot be written in that version, when !ok
};

// Fields that do not exist in the target version are dropped, and listed in `dropped` of the
// result so a conversion can say what it lost (2.4 -> 2.3). The Java writer silently writes some
// of them and produces invalid 2.3; we never do.
struct WriteReport {
    std::vector<std::string> dropped; // paths of dropped values, e.g. "planes[productID=x].observable"
};

// The document is refused (!ok, `error` names the value by identity path, e.g.
// "planes[productID=x].polarization.states.state: ...") rather than written invalid when the model holds
// text XML 1.0 cannot carry, an infinite double, fewer polygon points/vertices or interval samples than
// the schema demands, a value outside its schema enumeration (POLA, calibration level, segment type,
// a 2.3 artifact productType), or group/observation/plane URIs that do not match their schema patterns.
// Part and chunk productType terms 2.3 cannot name are dropped like other 2.4-only values.
WriteResult writeObservation(const Observation &observation, const WriteOptions &options = {},
                             WriteReport *report = nullptr);

} // namespace caom2
