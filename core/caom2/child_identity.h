#pragma once

#include "caom2/entities.h"

// How children are matched between two copies of an observation, and the order they are listed in: planes by
// productID, artifacts by URI, parts by name, chunks by id (strings compared as the reference's Java does).
// Shared by the field-level diff and the two- and three-way comparison, so both line children up the same way.
namespace caom2 {

int compareIdentity(const Plane &a, const Plane &b);
int compareIdentity(const Artifact &a, const Artifact &b);
int compareIdentity(const Part &a, const Part &b);
int compareIdentity(const Chunk &a, const Chunk &b);

} // namespace caom2
