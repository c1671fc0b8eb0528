#include "caom2/child_identity.h"

namespace caom2 {

int compareIdentity(const Plane &a, const Plane &b)
{
    return compareJavaString(a.productID, b.productID);
}

int compareIdentity(const Artifact &a, const Artifact &b)
{
    return compareJavaUri(a.uri.text, b.uri.text);
}

int compareIdentity(const Part &a, const Part &b)
{
    return compareJavaString(a.name, b.name);
}

int compareIdentity(const Chunk &a, const Chunk &b)
{
    const auto order = a.id <=> b.id;
    return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

} // namespace caom2
