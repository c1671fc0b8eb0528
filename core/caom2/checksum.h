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

// How an entity's stored checksum compares with the recomputed one.
enum class StoredChecksum : std::uint8_t { Absent, Agrees, Differs };

// "md5:" + 32 lowercase hex digits as the 16 bytes they spell; nullopt for any other text (which can therefore
// never equal a computed value).
std::optional<Digest> parseChecksumUri(std::string_view text);

// One entity's recomputed digests and how its stored values compare. Verifying formats nothing as text for the
// entities that agree: the digests are compared as bytes, and only an entity with a differing value keeps its
// identity path and stored text, so that a report can name it.
struct EntityVerification {
    EntityKind kind = EntityKind::Observation;
    Uuid id;
    Digest meta{};
    Digest acc{};
    StoredChecksum storedMeta = StoredChecksum::Absent;
    StoredChecksum storedAcc = StoredChecksum::Absent;
    // Filled only when a value differs: the identity path ("" = the observation) and the stored texts that differ.
    std::string path;
    std::string storedMetaText;
    std::string storedAccText;

    bool metaAgrees() const { return storedMeta != StoredChecksum::Differs; }
    bool accAgrees() const { return storedAcc != StoredChecksum::Differs; }
    std::string metaChecksum() const { return toChecksumUri(meta); }
    std::string accMetaChecksum() const { return toChecksumUri(acc); }
    // The stored values as the document gave them (an agreeing one is the computed value's text).
    std::optional<std::string> storedMetaChecksum() const { return storedText(storedMeta, meta, storedMetaText); }
    std::optional<std::string> storedAccMetaChecksum() const { return storedText(storedAcc, acc, storedAccText); }

private:
    static std::optional<std::string> storedText(StoredChecksum state, const Digest &computed,
                                                 const std::string &differing)
    {
        if (state == StoredChecksum::Absent)
            return std::nullopt;
        return state == StoredChecksum::Agrees ? toChecksumUri(computed) : differing;
    }
};

// The result of comparing stored with computed values. `firstMismatch` names the root cause: the first
// entity whose own metaChecksum differs, else the deepest entity whose accMetaChecksum differs (a stale
// child makes all its ancestors' acc values differ too, so the ancestors are echoes, not causes).
struct Verification {
    std::vector<EntityVerification> entities; // every entity in document order, as computeChecksums
    int storedValues = 0;                     // how many stored values were compared
    int mismatches = 0;                       // how many of them differ
    std::optional<std::size_t> firstMismatch; // index into entities
    bool ok() const { return mismatches == 0; }
};

Verification verifyChecksums(const Observation &observation, ChildOrder order = ChildOrder::Java);

} // namespace caom2
