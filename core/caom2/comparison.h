#pragma once

#include "caom2/checksum.h"
#include "caom2/checksum_diagnosis.h"
#include "caom2/entities.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Two or three copies of one observation side by side: their entity trees aligned by identity (plane by
// productID, artifact by URI, part by name, chunk by id), a state per node with the worst state of its
// children rolled up, every copy's checksums at every level (recomputed and as declared) with the node
// where the copies part, and the differing fields by identity path. What the compare view and
// `caom-sync compare` show; the field walk itself is diff.h's.
namespace caom2 {

// Ordered from best to worst, so the roll-up is a max.
enum class CompareState {
    Equal,       // present in every copy, every field the same
    NotCompared, // fewer than two copies could be read
    Differs,     // present in every copy, some field differs
    Missing,     // present in some copies only
};
std::string_view toString(CompareState state); // "equal", "not-compared", "differs", "missing"

// One copy handed to compareObservations. `observation` null with `available` true: the copy holds no
// such observation (a 404, nothing in the store). `available` false: the copy could not be read at all.
struct ComparedCopy {
    std::string name; // "local", "MAST", "CADC"
    const Observation *observation = nullptr;
    bool available = true;
};

// One copy's checksums of one entity; empty strings when the copy lacks the entity.
struct CopyChecksums {
    bool present = false;
    std::string metaChecksum;    // recomputed from the copy's fields (canonical child order)
    std::string accMetaChecksum; // recomputed
    std::optional<std::string> declaredMetaChecksum;
    std::optional<std::string> declaredAccMetaChecksum;
};

// One differing field: its value in each copy, nullopt where the copy has no value (or no entity).
struct FieldRow {
    std::string path;  // full identity path: "planes[productID=cal].artifacts[uri=ad:x].contentLength"
    std::string field; // relative to its entity: "contentLength", "energy.bounds.lower"
    std::size_t node = 0;
    std::vector<std::optional<std::string>> values;
    // maxLastModified and accMetaChecksum summarise the children: a difference there echoes one further
    // down, so it does not make its own entity "differs".
    bool aggregate = false;
};

struct ComparisonNode {
    EntityKind kind = EntityKind::Observation;
    std::string label; // identity value: productID, URI, part name, chunk id; "collection/observationID"
    std::string path;  // identity path ("" for the observation)
    int parent = -1;
    std::vector<std::size_t> children; // node indices, in identity order
    std::vector<CopyChecksums> copies; // one per copy
    std::vector<std::size_t> fields;   // indices into Comparison::fields, in walk order
    CompareState own = CompareState::Equal;
    CompareState rolledUp = CompareState::Equal;
    bool metaParts = false; // recomputed metaChecksum differs between the copies holding the entity
    bool accParts = false;  // recomputed accMetaChecksum differs
    // The copies part here: this entity's own state differs, or its set of children does. Ancestors whose
    // accMetaChecksum differs only because of this node are echoes and are not marked.
    bool partsHere = false;
    int depth = 0;
};

struct CompareOptions {
    bool includeEntityAttributes = true; // ids, lastModified, stored checksums, metaProducer
};

struct Comparison {
    std::vector<std::string> copyNames;
    std::vector<bool> copyAvailable;
    std::vector<ComparisonNode> nodes;        // pre-order; nodes[0] is the observation (when any copy has it)
    std::vector<FieldRow> fields;             // in node pre-order, then the diff's field order
    std::vector<ChecksumDiagnosis> diagnoses; // one per copy: declared against recomputed
    std::optional<std::size_t> firstParting;  // first node in pre-order with partsHere

    // No field, presence or checksum difference between the copies that could be read.
    bool identical() const { return nodes.empty() || nodes.front().rolledUp == CompareState::Equal; }
    // Nodes whose own state is not Equal, in pre-order: the stops of "next difference".
    std::vector<std::size_t> differingNodes() const;
};

Comparison compareObservations(const std::vector<ComparedCopy> &copies, const CompareOptions &options = {});

} // namespace caom2
