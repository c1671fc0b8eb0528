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

} // namespace caom2
