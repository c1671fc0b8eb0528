#pragma once

#include "caom2/entities.h"

#include <string>
#include <vector>

// Identity paths shared by checksum reports, the diff and the validator:
// "planes[productID=cal].artifacts[uri=ad:HST/x.fits].parts[name=0].chunks[id=<uuid>]".
namespace caom2 {

std::string identitySegment(const Plane &plane);       // planes[productID=...]
std::string identitySegment(const Artifact &artifact); // artifacts[uri=...]
std::string identitySegment(const Part &part);         // parts[name=...]
std::string identitySegment(const Chunk &chunk);       // chunks[id=...]

// Joins a parent path and a child segment or field name with '.', the empty parent being the observation.
std::string joinPath(const std::string &parent, const std::string &child);

// Every entity's identity path in document pre-order (the order of computeChecksums), "" for the observation.
std::vector<std::string> identityPaths(const Observation &observation);

} // namespace caom2
