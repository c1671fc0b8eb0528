#pragma once

#include "caom2/entities.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// metaChecksum and accMetaChecksum, bit for bit as the Java reference computes them (spec §4).
namespace caom2 {

using Digest = std::array<std::uint8_t, 16>;

std::string toChecksumUri(const Digest &digest); // "md5:" + 32 lowercase hex digits

// How sibling entities are ordered when their acc digests are concatenated (spec §4.6).
enum class ChildOrder {
    Java,       // cadc-util UUIDComparator (version first): canonical since 2019-07-17
    Python,     // plain 128-bit value, last duplicate in document order wins (caom2tools)
    JavaLegacy, // java.util.UUID.compareTo, signed halves: values computed before 2019-07-17
};

// Receives every field fed into a metaChecksum, in order: the field path ("Plane.energy.bounds.lower")
// and the exact bytes. For diagnostics only (caom-sync checksum --trace); costs nothing when absent.
using ChecksumTracer = std::function<void(std::string_view path, std::string_view bytes)>;

Digest metaDigest(const Observation &observation, const ChecksumTracer &tracer = {});
Digest metaDigest(const Plane &plane, const ChecksumTracer &tracer = {});
Digest metaDigest(const Artifact &artifact, const ChecksumTracer &tracer = {});
Digest metaDigest(const Part &part, const ChecksumTracer &tracer = {});
Digest metaDigest(const Chunk &chunk, const ChecksumTracer &tracer = {});

Digest accDigest(const Observation &observation, ChildOrder order = ChildOrder::Java);
Digest accDigest(const Plane &plane, ChildOrder order = ChildOrder::Java);
Digest accDigest(const Artifact &artifact, ChildOrder order = ChildOrder::Java);
Digest accDigest(const Part &part, ChildOrder order = ChildOrder::Java);
Digest accDigest(const Chunk &chunk, ChildOrder order = ChildOrder::Java);

enum class EntityKind { Observation, Plane, Artifact, Part, Chunk };
std::string_view toString(EntityKind kind); // "observation", "plane", ...

// One entity's computed and stored checksums.
struct EntityChecksums {
    EntityKind kind = EntityKind::Observation;
    Uuid id;
    std::string path; // identity path, e.g. "planes[productID=cal].artifacts[uri=ad:x]"
    std::string metaChecksum;
    std::string accMetaChecksum;
    std::optional<std::string> storedMetaChecksum;
    std::optional<std::string> storedAccMetaChecksum;

    bool metaAgrees() const { return !storedMetaChecksum || *storedMetaChecksum == metaChecksum; }
    bool accAgrees() const { return !storedAccMetaChecksum || *storedAccMetaChecksum == accMetaChecksum; }
};

// Every entity in document order (observation, then depth first), each digest computed once.
std::vector<EntityChecksums> computeChecksums(const Observation &observation, ChildOrder order = ChildOrder::Java);

// Sets the stored metaChecksum/accMetaChecksum of every entity to the computed values (for writers and
// generators producing documents whose checksums verify).
void assignChecksums(Observation &observation, ChildOrder order = ChildOrder::Java);

// The result of comparing stored with computed values. `firstMismatch` names the root cause: the first
// entity whose own metaChecksum differs, else the deepest entity whose accMetaChecksum differs (a stale
// child makes all its ancestors' acc values differ too, so the ancestors are echoes, not causes).
struct Verification {
    std::vector<EntityChecksums> entities;
    int storedValues = 0;                     // how many stored values were compared
    int mismatches = 0;                       // how many of them differ
    std::optional<std::size_t> firstMismatch; // index into entities
    bool ok() const { return mismatches == 0; }
};

Verification verifyChecksums(const Observation &observation, ChildOrder order = ChildOrder::Java);

} // namespace caom2
