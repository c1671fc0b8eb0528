#include "caom2/identity_path.h"

namespace caom2 {

std::string identitySegment(const Plane &plane)
{
    return "planes[productID=" + plane.productID + "]";
}

std::string identitySegment(const Artifact &artifact)
{
    return "artifacts[uri=" + artifact.uri.text + "]";
}

std::string identitySegment(const Part &part)
{
    return "parts[name=" + part.name + "]";
}

std::string identitySegment(const Chunk &chunk)
{
    return "chunks[id=" + chunk.id.toString() + "]";
}

std::string joinPath(const std::string &parent, const std::string &child)
{
    if (parent.empty())
        return child;
    return parent + "." + child;
}

std::vector<std::string> identityPaths(const Observation &observation)
{
    std::vector<std::string> paths;
    paths.emplace_back();
    for (const Plane &plane : observation.planes) {
        paths.push_back(identitySegment(plane));
        const std::string planePath = paths.back();
        for (const Artifact &artifact : plane.artifacts) {
            paths.push_back(joinPath(planePath, identitySegment(artifact)));
            const std::string artifactPath = paths.back();
            for (const Part &part : artifact.parts) {
                paths.push_back(joinPath(artifactPath, identitySegment(part)));
                const std::string partPath = paths.back();
                for (const Chunk &chunk : part.chunks)
                    paths.push_back(joinPath(partPath, identitySegment(chunk)));
            }
        }
    }
    return paths;
}

} // namespace caom2
