#pragma once

#include "caom2/entities.h"

#include <cstdint>

// What an origin archive's service does to a document a client writes, as the reference's does: every
// entity's metaChecksum and accMetaChecksum are computed here (the client's are ignored), and an entity
// whose metaChecksum changed (or that is new) gets lastModified = now, one whose accMetaChecksum changed
// gets maxLastModified = now. Unchanged entities keep the timestamps already stored. Timestamps are not
// part of any checksum, so the document verifies afterwards, and a harvester listing from just before the
// write sees it.
namespace serve {

// `current` is the stored version (nullptr for a new observation).
void stampOriginWrite(caom2::Observation &incoming, const caom2::Observation *current, std::int64_t nowMs);

} // namespace serve
