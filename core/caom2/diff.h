#pragma once

#include "caom2/entities.h"

#include <string>
#include <vector>

// Structural, field-level difference of two observations. Children are matched by identity (plane
// productID, artifact URI, part name, chunk id), never by position. Paths read like
// "planes[productID=cal].artifacts[uri=ad:HST/x.fits].contentLength".
namespace caom2 {

struct FieldDifference {
    std::string path;
    std::string left; // textual value on the left; "" with leftPresent=false when absent
    std::string right;
    bool leftPresent = true;
    bool rightPresent = true;
};

struct DiffOptions {
    bool includeEntityAttributes = true; // id, lastModified, maxLastModified, stored checksums, metaProducer
};

// Every differing field (complete: every field of the model), in a stable order: observation fields,
// then planes by productID, artifacts by URI, parts by name, chunks by id. An entity present on one
// side only is one difference at its path with value "(absent)".
std::vector<FieldDifference> diffObservations(const Observation &left, const Observation &right,
                                              const DiffOptions &options = {});

} // namespace caom2
