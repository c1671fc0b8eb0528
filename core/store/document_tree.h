#pragma once

#include "caom2/entities.h"
#include "store/observation_store.h"

#include <QString>

#include <optional>
#include <vector>

// The observation tree below an artifact, read from the observation's stored document. Parts and chunks have no
// rows of their own (schema version 11): only the tree showed them, and every stored observation keeps its whole
// document. Nodes are numbered in document pre-order (observation 0, then each plane, artifact, part and chunk),
// the numbers the writer gives the plane and artifact rows, so a node has the same key from whichever side it is
// read.
namespace store {

// The schema version from which parts and chunks are read from documents and have no rows. Stores below it
// (only migration tests open them) still get part and chunk rows, as a program of that version wrote them.
int partsFromDocumentsSchemaVersion();

// What a chunk's WCS covers, for the tree's detail column: "position,energy", or "" for none.
QString chunkAxes(const caom2::Chunk &chunk);

// The children of the artifact numbered `parentNo` (its parts, by name) or of the part numbered `parentNo` (its
// chunks, in document order), as the tree shows them, with the checksums computed from the document. An artifact
// is matched by number and URI; if the document's numbering differs from its row's (a document read back with an
// entity dropped), by URI alone. nullopt: no such node in the document.
std::optional<std::vector<TreeNode>> documentChildren(const caom2::Observation &observation, NodeKind parentKind,
                                                      qint64 parentNo, const QString &artifactUri, qint64 obsKey);

} // namespace store
