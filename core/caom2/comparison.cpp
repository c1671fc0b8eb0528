#include "caom2/comparison.h"

#include "caom2/child_identity.h"
#include "caom2/diff.h"
#include "caom2/identity_path.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <utility>

// The tree is aligned here with the same identity order and the same "[k]" suffix for repeated
// identities as diff.cpp uses, so every field path the diff reports lands on the node that owns it.
// Field values come from the pairwise diffs: a pair the diff does not mention agrees on that field.
namespace caom2 {

std::string_view toString(CompareState state)
{
    switch (state) {
    case CompareState::Equal: return "equal";
    case CompareState::NotCompared: return "not-compared";
    case CompareState::Differs: return "differs";
    case CompareState::Missing: return "missing";
    }
    return "equal";
}

std::vector<std::size_t> Comparison::differingNodes() const
{
    std::vector<std::size_t> stops;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const ComparisonNode &node = nodes[i];
        // A subtree missing from a copy is one difference, at its root, not one per descendant.
        const bool missingRoot = node.own == CompareState::Missing
            && (node.parent < 0 || nodes[static_cast<std::size_t>(node.parent)].own != CompareState::Missing);
        if (node.own == CompareState::Differs || missingRoot)
            stops.push_back(i);
    }
    return stops;
}

namespace {

std::string identityLabel(const Plane &plane)
{
    return plane.productID;
}
std::string identityLabel(const Artifact &artifact)
{
    return artifact.uri.text;
}
std::string identityLabel(const Part &part)
{
    return part.name;
}
std::string identityLabel(const Chunk &chunk)
{
    return chunk.id.toString();
}

constexpr EntityKind kindOf(const Plane *)
{
    return EntityKind::Plane;
}
constexpr EntityKind kindOf(const Artifact *)
{
    return EntityKind::Artifact;
}
constexpr EntityKind kindOf(const Part *)
{
    return EntityKind::Part;
}
constexpr EntityKind kindOf(const Chunk *)
{
    return EntityKind::Chunk;
}

const std::vector<Plane> &childrenOf(const Observation &o)
{
    return o.planes;
}
const std::vector<Artifact> &childrenOf(const Plane &p)
{
    return p.artifacts;
}
const std::vector<Part> &childrenOf(const Artifact &a)
{
    return a.parts;
}
const std::vector<Chunk> &childrenOf(const Part &p)
{
    return p.chunks;
}

template <typename E>
std::vector<const E *> sortedByIdentity(const std::vector<E> &items)
{
    std::vector<const E *> pointers;
    pointers.reserve(items.size());
    for (const E &item : items)
        pointers.push_back(&item);
    // Stable: entities sharing an identity keep document order, the order the diff pairs them in.
    std::stable_sort(pointers.begin(), pointers.end(),
                     [](const E *a, const E *b) { return compareIdentity(*a, *b) < 0; });
    return pointers;
}

// Each copy's recomputed checksums, found by entity address.
using ChecksumIndex = std::unordered_map<const EntityBase *, EntityChecksums>;

ChecksumIndex indexChecksums(const Observation &observation)
{
    std::vector<EntityChecksums> report = computeChecksums(observation, ChildOrder::Java);
    ChecksumIndex index;
    index.reserve(report.size());
    std::size_t next = 0;
    auto take = [&](const EntityBase &entity) {
        if (next < report.size())
            index.emplace(&entity, std::move(report[next++]));
    };
    // computeChecksums reports in document pre-order: walk the same way.
    take(observation);
    for (const Plane &plane : observation.planes) {
        take(plane);
        for (const Artifact &artifact : plane.artifacts) {
            take(artifact);
            for (const Part &part : artifact.parts) {
                take(part);
                for (const Chunk &chunk : part.chunks)
                    take(chunk);
            }
        }
    }
    return index;
}

class Builder {
public:
    Builder(Comparison &out, const std::vector<ComparedCopy> &copies) : m_out(out), m_copies(copies)
    {
        for (const ComparedCopy &copy : copies)
            m_checksums.push_back(copy.available && copy.observation ? indexChecksums(*copy.observation)
                                                                     : ChecksumIndex{});
    }

    void build()
    {
        std::vector<const Observation *> roots;
        bool any = false;
        for (const ComparedCopy &copy : m_copies) {
            const Observation *root = copy.available ? copy.observation : nullptr;
            roots.push_back(root);
            any = any || root;
        }
        if (!any)
            return;
        const Observation *first = *std::find_if(roots.begin(), roots.end(), [](auto *o) { return o; });
        const std::size_t node =
            addNode(EntityKind::Observation, first->collection + "/" + first->observationID, {}, -1, 0, roots);
        align(node, roots);
    }

private:
    template <typename E>
    std::size_t addNode(EntityKind kind, std::string label, std::string path, int parent, int depth,
                        const std::vector<const E *> &entities)
    {
        ComparisonNode node;
        node.kind = kind;
        node.label = std::move(label);
        node.path = std::move(path);
        node.parent = parent;
        node.depth = depth;
        for (std::size_t i = 0; i < entities.size(); ++i) {
            CopyChecksums sums;
            if (const E *entity = entities[i]) {
                sums.present = true;
                sums.declaredMetaChecksum = entity->metaChecksum;
                sums.declaredAccMetaChecksum = entity->accMetaChecksum;
                const auto found = m_checksums[i].find(entity);
                if (found != m_checksums[i].end()) {
                    sums.metaChecksum = found->second.metaChecksum;
                    sums.accMetaChecksum = found->second.accMetaChecksum;
                }
            }
            node.copies.push_back(std::move(sums));
        }
        m_out.nodes.push_back(std::move(node));
        const std::size_t index = m_out.nodes.size() - 1;
        if (parent >= 0)
            m_out.nodes[static_cast<std::size_t>(parent)].children.push_back(index);
        return index;
    }

    // Merges the copies' children, each list sorted by identity, one identity at a time.
    template <typename P>
    void align(std::size_t parentNode, const std::vector<const P *> &parents)
    {
        if constexpr (!std::is_same_v<P, Chunk>) {
            using Child = typename std::decay_t<decltype(childrenOf(std::declval<const P &>()))>::value_type;
            const std::size_t n = parents.size();
            std::vector<std::vector<const Child *>> sorted(n);
            for (std::size_t c = 0; c < n; ++c)
                if (parents[c])
                    sorted[c] = sortedByIdentity(childrenOf(*parents[c]));
            std::vector<std::size_t> at(n, 0);
            const std::string parentPath = m_out.nodes[parentNode].path;
            const int depth = m_out.nodes[parentNode].depth + 1;
            for (;;) {
                const Child *key = nullptr;
                for (std::size_t c = 0; c < n; ++c)
                    if (at[c] < sorted[c].size() && (!key || compareIdentity(*sorted[c][at[c]], *key) < 0))
                        key = sorted[c][at[c]];
                if (!key)
                    break;
                std::vector<std::size_t> counts(n, 0);
                std::size_t most = 0;
                for (std::size_t c = 0; c < n; ++c) {
                    while (at[c] + counts[c] < sorted[c].size()
                           && compareIdentity(*sorted[c][at[c] + counts[c]], *key) == 0)
                        ++counts[c];
                    most = std::max(most, counts[c]);
                }
                const std::string segment = joinPath(parentPath, identitySegment(*key));
                for (std::size_t k = 0; k < most; ++k) {
                    std::vector<const Child *> group(n, nullptr);
                    for (std::size_t c = 0; c < n; ++c)
                        if (k < counts[c])
                            group[c] = sorted[c][at[c] + k];
                    const std::string path = most > 1 ? segment + "[" + std::to_string(k) + "]" : segment;
                    const std::size_t child =
                        addNode(kindOf(key), identityLabel(*key), path, static_cast<int>(parentNode), depth, group);
                    align(child, group);
                }
                for (std::size_t c = 0; c < n; ++c)
                    at[c] += counts[c];
            }
        }
    }

    Comparison &m_out;
    const std::vector<ComparedCopy> &m_copies;
    std::vector<ChecksumIndex> m_checksums;
};

// The node owning a field path: the longest node path that is a prefix of it at a '.' outside brackets.
std::size_t owningNode(const std::string &path, const std::unordered_map<std::string, std::size_t> &byPath)
{
    std::size_t best = 0;
    int depth = 0;
    for (std::size_t i = 0; i < path.size(); ++i) {
        const char ch = path[i];
        if (ch == '[')
            ++depth;
        else if (ch == ']')
            --depth;
        else if (ch == '.' && depth == 0) {
            const auto found = byPath.find(path.substr(0, i));
            if (found != byPath.end())
                best = found->second;
        }
    }
    return best;
}

bool isAggregateField(const std::string &field)
{
    return field == "maxLastModified" || field == "accMetaChecksum";
}

// Collects the differing fields of every pair of readable copies into rows with one value per copy.
void collectFields(Comparison &out, const std::vector<ComparedCopy> &copies, const CompareOptions &options)
{
    const std::size_t n = copies.size();
    std::unordered_map<std::string, std::size_t> byPath;
    for (std::size_t i = 0; i < out.nodes.size(); ++i)
        byPath.emplace(out.nodes[i].path, i);

    struct Row {
        FieldRow row;
        std::vector<bool> known;
        std::vector<std::vector<bool>> inPair; // [i][j]: the diff of copies i and j reported this path
    };
    std::vector<Row> rows;
    std::unordered_map<std::string, std::size_t> rowByPath;
    DiffOptions diffOptions;
    diffOptions.includeEntityAttributes = options.includeEntityAttributes;

    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 1; j < n; ++j) {
            if (!copies[i].available || !copies[j].available || !copies[i].observation || !copies[j].observation)
                continue;
            for (FieldDifference &d : diffObservations(*copies[i].observation, *copies[j].observation, diffOptions)) {
                if (byPath.count(d.path) != 0)
                    continue; // an entity present on one side only: the aligned tree already shows it
                auto [slot, inserted] = rowByPath.emplace(d.path, rows.size());
                if (inserted) {
                    Row row;
                    row.row.path = d.path;
                    row.row.node = owningNode(d.path, byPath);
                    const std::string &nodePath = out.nodes[row.row.node].path;
                    row.row.field = nodePath.empty() ? d.path : d.path.substr(nodePath.size() + 1);
                    row.row.aggregate = isAggregateField(row.row.field);
                    row.row.values.assign(n, std::nullopt);
                    row.known.assign(n, false);
                    row.inPair.assign(n, std::vector<bool>(n, false));
                    rows.push_back(std::move(row));
                }
                Row &row = rows[slot->second];
                row.inPair[i][j] = row.inPair[j][i] = true;
                if (d.leftPresent)
                    row.row.values[i] = std::move(d.left);
                if (d.rightPresent)
                    row.row.values[j] = std::move(d.right);
                row.known[i] = row.known[j] = true;
            }
        }
    }

    // A copy the diffs did not mention for a path agrees with any copy it was diffed against.
    for (Row &row : rows) {
        const ComparisonNode &node = out.nodes[row.row.node];
        for (int pass = 0; pass < 2; ++pass) {
            for (std::size_t k = 0; k < n; ++k) {
                if (row.known[k] || !node.copies[k].present)
                    continue;
                for (std::size_t i = 0; i < n; ++i) {
                    if (i != k && row.known[i] && node.copies[i].present && !row.inPair[i][k]) {
                        row.row.values[k] = row.row.values[i];
                        row.known[k] = true;
                        break;
                    }
                }
            }
        }
    }

    std::vector<FieldRow> fields;
    fields.reserve(rows.size());
    for (Row &row : rows)
        fields.push_back(std::move(row.row));
    std::stable_sort(fields.begin(), fields.end(),
                     [](const FieldRow &a, const FieldRow &b) { return a.node < b.node; });
    for (std::size_t r = 0; r < fields.size(); ++r)
        out.nodes[fields[r].node].fields.push_back(r);
    out.fields = std::move(fields);
}

bool valuesDiffer(const ComparisonNode &node, const std::vector<bool> &available, bool meta)
{
    const std::string *first = nullptr;
    for (std::size_t c = 0; c < node.copies.size(); ++c) {
        if (!available[c] || !node.copies[c].present)
            continue;
        const std::string &value = meta ? node.copies[c].metaChecksum : node.copies[c].accMetaChecksum;
        if (!first)
            first = &value;
        else if (*first != value)
            return true;
    }
    return false;
}

void assignStates(Comparison &out)
{
    const auto readable = std::count(out.copyAvailable.begin(), out.copyAvailable.end(), true);
    for (ComparisonNode &node : out.nodes) {
        if (readable < 2) {
            node.own = CompareState::NotCompared;
            continue;
        }
        bool inAll = true;
        for (std::size_t c = 0; c < node.copies.size(); ++c)
            inAll = inAll && (!out.copyAvailable[c] || node.copies[c].present);
        if (!inAll) {
            node.own = CompareState::Missing;
            continue;
        }
        node.own = CompareState::Equal;
        for (const std::size_t r : node.fields)
            if (!out.fields[r].aggregate)
                node.own = CompareState::Differs;
        node.metaParts = valuesDiffer(node, out.copyAvailable, true);
        node.accParts = valuesDiffer(node, out.copyAvailable, false);
    }
    // Pre-order: every child comes after its parent, so one backward pass sees final child states. A
    // differing aggregate (accMetaChecksum, maxLastModified) counts only when no child explains it.
    for (std::size_t i = out.nodes.size(); i-- > 0;) {
        ComparisonNode &node = out.nodes[i];
        CompareState worstChild = CompareState::Equal;
        for (const std::size_t c : node.children)
            worstChild = std::max(worstChild, out.nodes[c].rolledUp);
        if (node.own == CompareState::Equal && worstChild == CompareState::Equal)
            for (const std::size_t r : node.fields)
                if (out.fields[r].aggregate)
                    node.own = CompareState::Differs;
        node.rolledUp = std::max(node.own, worstChild);
    }
    for (ComparisonNode &node : out.nodes) {
        bool childParts = false;
        bool childMissing = false;
        for (const std::size_t c : node.children) {
            childParts = childParts || out.nodes[c].accParts;
            childMissing = childMissing || out.nodes[c].own == CompareState::Missing;
        }
        node.partsHere = node.metaParts || (node.accParts && (childMissing || !childParts));
    }
    if (!out.nodes.empty() && out.nodes.front().own == CompareState::Missing)
        out.nodes.front().partsHere = true;
    for (std::size_t i = 0; i < out.nodes.size() && !out.firstParting; ++i)
        if (out.nodes[i].partsHere)
            out.firstParting = i;
}

} // namespace

Comparison compareObservations(const std::vector<ComparedCopy> &copies, const CompareOptions &options)
{
    Comparison out;
    for (const ComparedCopy &copy : copies) {
        out.copyNames.push_back(copy.name);
        out.copyAvailable.push_back(copy.available);
        out.diagnoses.push_back(copy.available && copy.observation ? diagnoseChecksums(*copy.observation)
                                                                   : ChecksumDiagnosis{});
    }
    Builder(out, copies).build();
    collectFields(out, copies, options);
    assignStates(out);
    return out;
}

} // namespace caom2
