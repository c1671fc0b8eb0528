#include "caom2/checksum.h"

#include "caom2/checksum_encoder.h"
#include "caom2/identity_path.h"

#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

namespace caom2 {

namespace {

const EVP_MD *md5Algorithm()
{
    // Fetched once: implicit fetching on every call costs more than hashing a small entity.
    static const EVP_MD *algorithm = [] {
        EVP_MD *fetched = EVP_MD_fetch(nullptr, "MD5", nullptr);
        if (!fetched)
            throw std::runtime_error("OpenSSL provides no MD5 implementation");
        return fetched;
    }();
    return algorithm;
}

// One digest context per thread, reused: EVP_Digest() allocates and frees a context on every call, which costs
// more than hashing an entity of a few hundred bytes.
EVP_MD_CTX *md5Context()
{
    struct Context {
        EVP_MD_CTX *context = EVP_MD_CTX_new();
        ~Context() { EVP_MD_CTX_free(context); }
    };
    thread_local Context holder;
    if (!holder.context)
        throw std::runtime_error("OpenSSL could not allocate an MD5 context");
    return holder.context;
}

Digest md5(std::string_view bytes)
{
    Digest digest{};
    unsigned int length = 0;
    EVP_MD_CTX *context = md5Context();
    if (EVP_DigestInit_ex2(context, md5Algorithm(), nullptr) != 1
        || EVP_DigestUpdate(context, bytes.data(), bytes.size()) != 1
        || EVP_DigestFinal_ex(context, digest.data(), &length) != 1 || length != digest.size())
        throw std::runtime_error("OpenSSL MD5 digest failed");
    return digest;
}

template <typename Entity>
Digest entityMetaDigest(const Entity &entity, const char *className, const ChecksumTracer &tracer)
{
    // One buffer per thread: entities are small and hashing them must not allocate every time.
    thread_local std::string buffer;
    buffer.clear();
    const ChecksumTracer *tracerPointer = tracer ? &tracer : nullptr;
    detail::ChecksumEncoder encoder(buffer, tracerPointer);
    encoder.setPath(std::string(className) + ".id");
    encoder.putUuid(entity.id);
    if (entity.metaProducer) {
        encoder.setPath(std::string(className) + ".metaProducer");
        encoder.putUri(entity.metaProducer->text);
    }
    encoder.setPath(className);
    encoder.encode(static_cast<const Entity &>(entity));
    return md5(buffer);
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
};

// Orders children's acc digests as the chosen reference does, collapsing siblings that share an id to
// the one that reference keeps (spec §4.6). `javaIterationOrder` is how the Java collection iterates
// (planes by productID, artifacts by URI, parts by name, chunks in document order).
Digest combine(const Digest &meta, std::vector<ChildDigest> children, ChildOrder order,
               const std::vector<std::size_t> &javaIterationOrder)
{
    if (order != ChildOrder::Python && !javaIterationOrder.empty()) {
        std::vector<ChildDigest> reordered;
        reordered.reserve(children.size());
        for (const std::size_t index : javaIterationOrder)
            reordered.push_back(children[index]);
        children = std::move(reordered);
    }
    auto less = order == ChildOrder::Java ? javaUuidLess
        : order == ChildOrder::JavaLegacy ? legacyUuidLess
                                          : plainUuidLess;
    std::stable_sort(children.begin(), children.end(),
                     [&](const ChildDigest &a, const ChildDigest &b) { return less(a.id, b.id); });
    std::string buffer(reinterpret_cast<const char *>(meta.data()), meta.size());
    for (std::size_t i = 0; i < children.size(); ++i) {
        // Keyed by id, the last one iterated wins: skip a child when the next one has the same id.
        if (i + 1 < children.size() && children[i + 1].id == children[i].id)
            continue;
        buffer.append(reinterpret_cast<const char *>(children[i].acc.data()), children[i].acc.size());
    }
    return md5(buffer);
}

template <typename Child, typename KeyLess>
std::vector<std::size_t> iterationOrder(const std::vector<Child> &children, KeyLess keyLess)
{
    std::vector<std::size_t> order(children.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return keyLess(children[a], children[b]); });
    return order;
}

std::vector<std::size_t> iterationOrder(const std::vector<Plane> &planes)
{
    return iterationOrder(
        planes, [](const Plane &a, const Plane &b) { return compareJavaString(a.productID, b.productID) < 0; });
}
std::vector<std::size_t> iterationOrder(const std::vector<Artifact> &artifacts)
{
    return iterationOrder(
        artifacts, [](const Artifact &a, const Artifact &b) { return compareJavaUri(a.uri.text, b.uri.text) < 0; });
}
std::vector<std::size_t> iterationOrder(const std::vector<Part> &parts)
{
    return iterationOrder(parts, [](const Part &a, const Part &b) { return compareJavaString(a.name, b.name) < 0; });
}
std::vector<std::size_t> iterationOrder(const std::vector<Chunk> &)
{
    return {}; // document order
}

// Walks an observation once, computing every meta digest once and every acc digest bottom-up, and
// optionally recording both per entity in document order.
class TreeHasher {
public:
    TreeHasher(ChildOrder order, std::vector<EntityChecksums> *report) : m_order(order), m_report(report) {}

    Digest acc(const Observation &o) { return visit(o, EntityKind::Observation, "Observation", {}, o.planes); }
    Digest acc(const Plane &p, const std::string &path = {})
    {
        return visit(p, EntityKind::Plane, "Plane", joinPath(path, identitySegment(p)), p.artifacts);
    }
    Digest acc(const Artifact &a, const std::string &path = {})
    {
        return visit(a, EntityKind::Artifact, "Artifact", joinPath(path, identitySegment(a)), a.parts);
    }
    Digest acc(const Part &p, const std::string &path = {})
    {
        return visit(p, EntityKind::Part, "Part", joinPath(path, identitySegment(p)), p.chunks);
    }
    Digest acc(const Chunk &c, const std::string &path = {})
    {
        const Digest meta = entityMetaDigest(c, "Chunk", {});
        const std::size_t slot =
            reserveSlot(c, EntityKind::Chunk, path.empty() ? identitySegment(c) : joinPath(path, identitySegment(c)));
        const Digest result = md5(std::string_view(reinterpret_cast<const char *>(meta.data()), meta.size()));
        fillSlot(slot, meta, result);
        return result;
    }

private:
    template <typename Entity, typename Child>
    Digest visit(const Entity &entity, EntityKind kind, const char *className, const std::string &path,
                 const std::vector<Child> &children)
    {
        const Digest meta = entityMetaDigest(entity, className, {});
        const std::size_t slot = reserveSlot(entity, kind, path);
        std::vector<ChildDigest> childDigests;
        childDigests.reserve(children.size());
        for (const Child &child : children)
            childDigests.push_back({child.id, acc(child, path)});
        const Digest result = combine(meta, std::move(childDigests), m_order, iterationOrder(children));
        fillSlot(slot, meta, result);
        return result;
    }

    std::size_t reserveSlot(const EntityBase &entity, EntityKind kind, const std::string &path)
    {
        if (!m_report)
            return 0;
        EntityChecksums row;
        row.kind = kind;
        row.id = entity.id;
        row.path = path;
        row.storedMetaChecksum = entity.metaChecksum;
        row.storedAccMetaChecksum = entity.accMetaChecksum;
        m_report->push_back(std::move(row));
        return m_report->size() - 1;
    }

    void fillSlot(std::size_t slot, const Digest &meta, const Digest &acc)
    {
        if (!m_report)
            return;
        (*m_report)[slot].metaChecksum = toChecksumUri(meta);
        (*m_report)[slot].accMetaChecksum = toChecksumUri(acc);
    }

    ChildOrder m_order;
    std::vector<EntityChecksums> *m_report;
};

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
    return entityMetaDigest(o, "Observation", t);
}
Digest metaDigest(const Plane &p, const ChecksumTracer &t)
{
    return entityMetaDigest(p, "Plane", t);
}
Digest metaDigest(const Artifact &a, const ChecksumTracer &t)
{
    return entityMetaDigest(a, "Artifact", t);
}
Digest metaDigest(const Part &p, const ChecksumTracer &t)
{
    return entityMetaDigest(p, "Part", t);
}
Digest metaDigest(const Chunk &c, const ChecksumTracer &t)
{
    return entityMetaDigest(c, "Chunk", t);
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
    std::vector<EntityChecksums> report;
    TreeHasher(order, &report).acc(observation);
    return report;
}

void assignChecksums(Observation &observation, ChildOrder order)
{
    const std::vector<EntityChecksums> report = computeChecksums(observation, order);
    std::size_t next = 0;
    auto assign = [&](EntityBase &entity) {
        entity.metaChecksum = report[next].metaChecksum;
        entity.accMetaChecksum = report[next].accMetaChecksum;
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
    Verification verification;
    verification.entities = computeChecksums(observation, order);
    for (std::size_t i = 0; i < verification.entities.size(); ++i) {
        const EntityChecksums &entity = verification.entities[i];
        const int compared = (entity.storedMetaChecksum ? 1 : 0) + (entity.storedAccMetaChecksum ? 1 : 0);
        const int differing = (entity.metaAgrees() ? 0 : 1) + (entity.accAgrees() ? 0 : 1);
        verification.storedValues += compared;
        verification.mismatches += differing;
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
