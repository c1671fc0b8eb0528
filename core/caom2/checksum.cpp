#include "caom2/checksum.h"

#include "caom2/checksum_encoder.h"
#include "caom2/hex_digits.h"
#include "caom2/identity_path.h"
#include "caom2/md5.h"

#include <algorithm>
#include <cstddef>
#include <stdexcept>

namespace caom2 {

namespace {

using detail::Md5;

Digest md5(const void *bytes, std::size_t size)
{
    Md5 hash;
    hash.add(bytes, size);
    return hash.finish();
}

// `buffer` is the caller's, reused from one entity to the next: entities are small and hashing them must not
// allocate every time.
template <typename Entity>
Digest entityMetaDigest(const Entity &entity, const char *className, const ChecksumTracer &tracer, std::string &buffer)
{
    buffer.clear();
    const ChecksumTracer *tracerPointer = tracer ? &tracer : nullptr;
    detail::ChecksumEncoder encoder(buffer, tracerPointer);
    encoder.setPath(className, ".id");
    encoder.putUuid(entity.id);
    if (entity.metaProducer) {
        encoder.setPath(className, ".metaProducer");
        encoder.putUri(entity.metaProducer->text);
    }
    encoder.setPath(className, "");
    encoder.encode(static_cast<const Entity &>(entity));
    return md5(buffer.data(), buffer.size());
}

// ---- child order (spec §4.6) ----

std::uint64_t half(const Uuid &id, std::size_t offset)
{
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < 8; ++i)
        value = value << 8 | id.bytes[offset + i];
    return value;
}

bool javaUuidLess(const Uuid &a, const Uuid &b)
{
    const int va = a.version();
    const int vb = b.version();
    if (va != vb)
        return va < vb;
    if (va == 1) {
        auto timestamp = [](const Uuid &u) {
            const auto &x = u.bytes;
            return (std::uint64_t(x[6] & 0x0F) << 56) | (std::uint64_t(x[7]) << 48) | (std::uint64_t(x[4]) << 40)
                | (std::uint64_t(x[5]) << 32) | (std::uint64_t(x[0]) << 24) | (std::uint64_t(x[1]) << 16)
                | (std::uint64_t(x[2]) << 8) | std::uint64_t(x[3]);
        };
        const auto ta = timestamp(a);
        const auto tb = timestamp(b);
        if (ta != tb)
            return ta < tb;
        return half(a, 8) < half(b, 8);
    }
    return a.bytes < b.bytes;
}

bool legacyUuidLess(const Uuid &a, const Uuid &b)
{
    const auto msbA = static_cast<std::int64_t>(half(a, 0));
    const auto msbB = static_cast<std::int64_t>(half(b, 0));
    if (msbA != msbB)
        return msbA < msbB;
    return static_cast<std::int64_t>(half(a, 8)) < static_cast<std::int64_t>(half(b, 8));
}

bool plainUuidLess(const Uuid &a, const Uuid &b)
{
    return a.bytes < b.bytes;
}

struct ChildDigest {
    Uuid id;
    Digest acc;
    std::size_t position; // in the parent's list of children (document order)
};

// A stable sort for the few siblings an entity usually has: an insertion sort allocates nothing, where
// std::stable_sort takes a temporary buffer from the heap every time.
template <typename Item, typename Less>
void stableSortSmall(Item *first, Item *last, Less less)
{
    if (last - first < 2)
        return; // also when there are no children at all and both are null
    if (last - first > 32) {
        std::stable_sort(first, last, less);
        return;
    }
    for (Item *i = first + 1; i < last; ++i) {
        Item moving = std::move(*i);
        Item *j = i;
        for (; j > first && less(moving, *(j - 1)); --j)
            *j = std::move(*(j - 1));
        *j = std::move(moving);
    }
}

bool keyLess(const Plane &a, const Plane &b)
{
    return compareJavaString(a.productID, b.productID) < 0;
}
bool keyLess(const Artifact &a, const Artifact &b)
{
    return compareJavaUri(a.uri.text, b.uri.text) < 0;
}
bool keyLess(const Part &a, const Part &b)
{
    return compareJavaString(a.name, b.name) < 0;
}

// Orders children's acc digests as the chosen reference does, collapsing siblings that share an id to the one
// that reference keeps (spec §4.6), and hashes the entity's meta digest followed by them. The Java collections
// iterate planes by productID, artifacts by URI, parts by name and chunks in document order, and the digests are
// then sorted by id; that iteration order only decides which of two siblings sharing an id is kept, so it is
// only worked out when two ids are equal.
template <typename Child>
Digest combine(const Digest &meta, ChildDigest *first, ChildDigest *last, ChildOrder order,
               const std::vector<Child> &children)
{
    auto less = order == ChildOrder::Java ? javaUuidLess
        : order == ChildOrder::JavaLegacy ? legacyUuidLess
                                          : plainUuidLess;
    const auto byId = [&](const ChildDigest &a, const ChildDigest &b) { return less(a.id, b.id); };
    stableSortSmall(first, last, byId);
    bool sharedId = false;
    for (std::ptrdiff_t i = 1; i < last - first && !sharedId; ++i)
        sharedId = first[i].id == first[i - 1].id;
    if constexpr (!std::is_same_v<Child, Chunk>) {
        if (sharedId && order != ChildOrder::Python) {
            // Back to document order, then the collection's iteration order, then by id: each stable.
            stableSortSmall(first, last,
                            [](const ChildDigest &a, const ChildDigest &b) { return a.position < b.position; });
            stableSortSmall(first, last, [&](const ChildDigest &a, const ChildDigest &b) {
                return keyLess(children[a.position], children[b.position]);
            });
            stableSortSmall(first, last, byId);
        }
    }
    Md5 hash;
    hash.add(meta.data(), meta.size());
    for (ChildDigest *c = first; c < last; ++c) {
        // Keyed by id, the last one iterated wins: skip a child when the next one has the same id.
        if (sharedId && c + 1 < last && c[1].id == c[0].id)
            continue;
        hash.add(c->acc.data(), c->acc.size());
    }
    return hash.finish();
}

// What the walk records of each entity, in document pre-order; the entity is only referred to during the call.
struct HashedEntity {
    EntityKind kind;
    const EntityBase *entity;
    Digest meta;
    Digest acc;
};

// Walks an observation once, computing every meta digest once and every acc digest bottom-up, and
// optionally recording both per entity in document order.
class TreeHasher {
public:
    TreeHasher(ChildOrder order, std::vector<HashedEntity> *record) : m_order(order), m_record(record) {}

    Digest acc(const Observation &o) { return visit(o, EntityKind::Observation, "Observation", o.planes); }
    Digest acc(const Plane &p) { return visit(p, EntityKind::Plane, "Plane", p.artifacts); }
    Digest acc(const Artifact &a) { return visit(a, EntityKind::Artifact, "Artifact", a.parts); }
    Digest acc(const Part &p) { return visit(p, EntityKind::Part, "Part", p.chunks); }
    Digest acc(const Chunk &c)
    {
        const Digest meta = entityMetaDigest(c, "Chunk", {}, m_buffer);
        const Digest result = md5(meta.data(), meta.size());
        if (m_record)
            m_record->push_back({EntityKind::Chunk, &c, meta, result});
        return result;
    }

private:
    template <typename Entity, typename Child>
    Digest visit(const Entity &entity, EntityKind kind, const char *className, const std::vector<Child> &children)
    {
        const Digest meta = entityMetaDigest(entity, className, {}, m_buffer);
        const std::size_t slot = m_record ? m_record->size() : 0;
        if (m_record)
            m_record->push_back({kind, &entity, meta, {}});
        // The children's digests go on one stack shared by the whole walk: each entity pushes its children's
        // after they are computed and pops them when combined, so the walk allocates once, not per entity.
        const std::size_t base = m_children.size();
        for (std::size_t i = 0; i < children.size(); ++i) {
            const Digest childAcc = acc(children[i]);
            m_children.push_back({children[i].id, childAcc, i});
        }
        const Digest result =
            combine(meta, m_children.data() + base, m_children.data() + m_children.size(), m_order, children);
        m_children.resize(base);
        if (m_record)
            (*m_record)[slot].acc = result;
        return result;
    }

    ChildOrder m_order;
    std::vector<HashedEntity> *m_record;
    std::vector<ChildDigest> m_children;
    std::string m_buffer; // one entity's encoded fields at a time
};

std::vector<HashedEntity> hashTree(const Observation &observation, ChildOrder order)
{
    std::vector<HashedEntity> record;
    TreeHasher(order, &record).acc(observation);
    return record;
}

StoredChecksum compareStored(const std::optional<std::string> &stored, const Digest &computed)
{
    if (!stored)
        return StoredChecksum::Absent;
    const std::optional<Digest> parsed = parseChecksumUri(*stored);
    return parsed && *parsed == computed ? StoredChecksum::Agrees : StoredChecksum::Differs;
}

} // namespace

std::string toChecksumUri(const Digest &digest)
{
    static constexpr char hex[] = "0123456789abcdef";
    std::string text = "md5:";
    text.reserve(36);
    for (const std::uint8_t byte : digest) {
        text.push_back(hex[byte >> 4]);
        text.push_back(hex[byte & 0x0F]);
    }
    return text;
}

std::optional<Digest> parseChecksumUri(std::string_view text)
{
    // Exactly what toChecksumUri writes: a value in capitals or of another length never equals a computed one.
    if (text.size() != 36 || text.substr(0, 4) != "md5:")
        return std::nullopt;
    Digest digest{};
    int invalid = 0;
    for (std::size_t i = 0; i < digest.size(); ++i) {
        const int high = detail::hexValue(detail::lowercaseHexDigits, text[4 + 2 * i]);
        const int low = detail::hexValue(detail::lowercaseHexDigits, text[5 + 2 * i]);
        invalid |= high | low; // negative when either is not a lowercase hex digit
        digest[i] = static_cast<std::uint8_t>(static_cast<unsigned>(high) << 4 | static_cast<unsigned>(low));
    }
    if (invalid < 0)
        return std::nullopt;
    return digest;
}

std::string_view toString(EntityKind kind)
{
    switch (kind) {
    case EntityKind::Observation: return "observation";
    case EntityKind::Plane: return "plane";
    case EntityKind::Artifact: return "artifact";
    case EntityKind::Part: return "part";
    case EntityKind::Chunk: return "chunk";
    }
    return "entity";
}

Digest metaDigest(const Observation &o, const ChecksumTracer &t)
{
    std::string buffer;
    return entityMetaDigest(o, "Observation", t, buffer);
}
Digest metaDigest(const Plane &p, const ChecksumTracer &t)
{
    std::string buffer;
    return entityMetaDigest(p, "Plane", t, buffer);
}
Digest metaDigest(const Artifact &a, const ChecksumTracer &t)
{
    std::string buffer;
    return entityMetaDigest(a, "Artifact", t, buffer);
}
Digest metaDigest(const Part &p, const ChecksumTracer &t)
{
    std::string buffer;
    return entityMetaDigest(p, "Part", t, buffer);
}
Digest metaDigest(const Chunk &c, const ChecksumTracer &t)
{
    std::string buffer;
    return entityMetaDigest(c, "Chunk", t, buffer);
}

Digest accDigest(const Observation &o, ChildOrder order)
{
    return TreeHasher(order, nullptr).acc(o);
}
Digest accDigest(const Plane &p, ChildOrder order)
{
    return TreeHasher(order, nullptr).acc(p);
}
Digest accDigest(const Artifact &a, ChildOrder order)
{
    return TreeHasher(order, nullptr).acc(a);
}
Digest accDigest(const Part &p, ChildOrder order)
{
    return TreeHasher(order, nullptr).acc(p);
}
Digest accDigest(const Chunk &c, ChildOrder order)
{
    return TreeHasher(order, nullptr).acc(c);
}

std::vector<EntityChecksums> computeChecksums(const Observation &observation, ChildOrder order)
{
    const std::vector<HashedEntity> hashed = hashTree(observation, order);
    std::vector<std::string> paths = identityPaths(observation);
    std::vector<EntityChecksums> report;
    report.reserve(hashed.size());
    for (std::size_t i = 0; i < hashed.size(); ++i) {
        EntityChecksums row;
        row.kind = hashed[i].kind;
        row.id = hashed[i].entity->id;
        row.path = std::move(paths[i]);
        row.metaChecksum = toChecksumUri(hashed[i].meta);
        row.accMetaChecksum = toChecksumUri(hashed[i].acc);
        row.storedMetaChecksum = hashed[i].entity->metaChecksum;
        row.storedAccMetaChecksum = hashed[i].entity->accMetaChecksum;
        report.push_back(std::move(row));
    }
    return report;
}

void assignChecksums(Observation &observation, ChildOrder order)
{
    const std::vector<HashedEntity> hashed = hashTree(observation, order);
    std::size_t next = 0;
    auto assign = [&](EntityBase &entity) {
        entity.metaChecksum = toChecksumUri(hashed[next].meta);
        entity.accMetaChecksum = toChecksumUri(hashed[next].acc);
        ++next;
    };
    assign(observation);
    for (Plane &plane : observation.planes) {
        assign(plane);
        for (Artifact &artifact : plane.artifacts) {
            assign(artifact);
            for (Part &part : artifact.parts) {
                assign(part);
                for (Chunk &chunk : part.chunks)
                    assign(chunk);
            }
        }
    }
}

Verification verifyChecksums(const Observation &observation, ChildOrder order)
{
    const std::vector<HashedEntity> hashed = hashTree(observation, order);
    Verification verification;
    verification.entities.resize(hashed.size());
    for (std::size_t i = 0; i < hashed.size(); ++i) {
        const HashedEntity &from = hashed[i];
        EntityVerification &entity = verification.entities[i];
        entity.kind = from.kind;
        entity.id = from.entity->id;
        entity.meta = from.meta;
        entity.acc = from.acc;
        entity.storedMeta = compareStored(from.entity->metaChecksum, from.meta);
        entity.storedAcc = compareStored(from.entity->accMetaChecksum, from.acc);
        verification.storedValues += (entity.storedMeta != StoredChecksum::Absent ? 1 : 0)
            + (entity.storedAcc != StoredChecksum::Absent ? 1 : 0);
        verification.mismatches += (entity.metaAgrees() ? 0 : 1) + (entity.accAgrees() ? 0 : 1);
    }
    if (verification.ok())
        return verification;
    // Text only for what differs: the identity paths and the stored values an operator will be shown.
    const std::vector<std::string> paths = identityPaths(observation);
    for (std::size_t i = 0; i < hashed.size(); ++i) {
        EntityVerification &entity = verification.entities[i];
        if (entity.metaAgrees() && entity.accAgrees())
            continue;
        entity.path = paths[i];
        if (!entity.metaAgrees())
            entity.storedMetaText = *hashed[i].entity->metaChecksum;
        if (!entity.accAgrees())
            entity.storedAccText = *hashed[i].entity->accMetaChecksum;
    }
    // Name the root cause, not its echo: a stale child makes every ancestor's acc value stale too. The first
    // entity whose own metaChecksum differs is the cause; failing that, the last acc mismatch in document
    // (pre-)order is one whose descendants all agree.
    for (std::size_t i = 0; i < verification.entities.size() && !verification.firstMismatch; ++i)
        if (!verification.entities[i].metaAgrees())
            verification.firstMismatch = i;
    for (std::size_t i = verification.entities.size(); i-- > 0 && !verification.firstMismatch;)
        if (!verification.entities[i].accAgrees())
            verification.firstMismatch = i;
    return verification;
}

} // namespace caom2
