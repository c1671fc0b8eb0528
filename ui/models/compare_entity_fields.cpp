#include "models/compare_entity_fields.h"

#include "caom2/diff_format.h"
#include "caom2/identity_path.h"

#include <map>

namespace mirror::models {

namespace {

template <typename T>
void appendField(EntityFieldList &out, const char *name, const T &value)
{
    if constexpr (requires { value.has_value(); }) {
        if (!value.has_value())
            return;
    } else if constexpr (requires { value.empty(); } && !std::is_same_v<T, std::string>) {
        if (value.empty())
            return;
    }
    out.emplace_back(name, caom2::valueText(value));
}

template <typename E>
EntityFieldList fieldsOf(const E &entity)
{
    EntityFieldList out;
    appendField(out, "id", entity.id);
    appendField(out, "lastModified", entity.lastModified);
    appendField(out, "maxLastModified", entity.maxLastModified);
    appendField(out, "metaChecksum", entity.metaChecksum);
    appendField(out, "accMetaChecksum", entity.accMetaChecksum);
    appendField(out, "metaProducer", entity.metaProducer);
    if constexpr (std::is_same_v<E, caom2::Observation>)
        out.emplace_back("kind", std::string(caom2::observationKindName(entity.kind)));
    caom2::forEachField(entity, [&](const char *name, const auto &member) { appendField(out, name, member); });
    return out;
}

// Children keyed by their path segment; a repeated identity gets "[k]" after it, as the comparison names it.
template <typename E, typename Visit>
void forEachChild(const std::vector<E> &children, const std::string &parentPath, Visit &&visit)
{
    std::map<std::string, int> seen;
    std::map<std::string, int> total;
    for (const E &child : children)
        ++total[caom2::identitySegment(child)];
    for (const E &child : children) {
        const std::string segment = caom2::identitySegment(child);
        std::string path = caom2::joinPath(parentPath, segment);
        if (total[segment] > 1) {
            path.push_back('[');
            path.append(std::to_string(seen[segment]++));
            path.push_back(']');
        }
        visit(child, path);
    }
}

} // namespace

EntityFieldList entityFields(const caom2::Observation &observation, const std::string &path)
{
    if (path.empty())
        return fieldsOf(observation);
    EntityFieldList found;
    bool done = false;
    const auto matches = [&](const std::string &candidate) {
        // The comparison adds "[0]" only when some copy repeats the identity; this copy may hold it once.
        return candidate == path
            || (path.size() == candidate.size() + 3 && path.compare(0, candidate.size(), candidate) == 0
                && path.compare(candidate.size(), 3, "[0]") == 0);
    };
    const auto prefixOf = [&](const std::string &candidate) {
        return path.size() > candidate.size() && path.compare(0, candidate.size(), candidate) == 0;
    };
    forEachChild(observation.planes, std::string(), [&](const caom2::Plane &plane, const std::string &planePath) {
        if (done)
            return;
        if (matches(planePath)) {
            found = fieldsOf(plane), done = true;
            return;
        }
        if (!prefixOf(planePath))
            return;
        forEachChild(plane.artifacts, planePath, [&](const caom2::Artifact &artifact, const std::string &artifactPath) {
            if (done)
                return;
            if (matches(artifactPath)) {
                found = fieldsOf(artifact), done = true;
                return;
            }
            if (!prefixOf(artifactPath))
                return;
            forEachChild(artifact.parts, artifactPath, [&](const caom2::Part &part, const std::string &partPath) {
                if (done)
                    return;
                if (matches(partPath)) {
                    found = fieldsOf(part), done = true;
                    return;
                }
                if (!prefixOf(partPath))
                    return;
                forEachChild(part.chunks, partPath, [&](const caom2::Chunk &chunk, const std::string &chunkPath) {
                    if (!done && matches(chunkPath))
                        found = fieldsOf(chunk), done = true;
                });
            });
        });
    });
    return found;
}

} // namespace mirror::models
