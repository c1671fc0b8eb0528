#include "caom2/normalize.h"

#include <algorithm>

namespace caom2 {

namespace {

void normalizeKeywords(std::vector<std::string> &keywords)
{
    std::sort(keywords.begin(), keywords.end(),
              [](const std::string &a, const std::string &b) { return compareJavaString(a, b) < 0; });
    keywords.erase(std::unique(keywords.begin(), keywords.end()), keywords.end());
}

void normalizeUris(std::vector<Uri> &uris)
{
    std::sort(uris.begin(), uris.end(), [](const Uri &a, const Uri &b) { return compareJavaUri(a.text, b.text) < 0; });
    // Java URI equality ignores case in scheme and host: such URIs compare equal and collapse to one.
    uris.erase(std::unique(uris.begin(), uris.end(),
                           [](const Uri &a, const Uri &b) { return compareJavaUri(a.text, b.text) == 0; }),
               uris.end());
}

template <typename Wrapped>
void normalizeWrappedUris(std::vector<Wrapped> &items)
{
    std::sort(items.begin(), items.end(),
              [](const Wrapped &a, const Wrapped &b) { return compareJavaUri(a.uri.text, b.uri.text) < 0; });
    items.erase(
        std::unique(items.begin(), items.end(),
                    [](const Wrapped &a, const Wrapped &b) { return compareJavaUri(a.uri.text, b.uri.text) == 0; }),
        items.end());
}

template <typename Enum>
void normalizeEnumSet(std::vector<Enum> &values)
{
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
}

} // namespace

void normalizeSets(Observation &observation)
{
    normalizeUris(observation.metaReadGroups);
    normalizeWrappedUris(observation.members);
    if (observation.proposal)
        normalizeKeywords(observation.proposal->keywords);
    if (observation.target)
        normalizeKeywords(observation.target->keywords);
    if (observation.telescope)
        normalizeKeywords(observation.telescope->keywords);
    if (observation.instrument)
        normalizeKeywords(observation.instrument->keywords);
    for (Plane &plane : observation.planes) {
        normalizeUris(plane.metaReadGroups);
        normalizeUris(plane.dataReadGroups);
        if (plane.provenance) {
            normalizeKeywords(plane.provenance->keywords);
            normalizeWrappedUris(plane.provenance->inputs);
        }
        if (plane.energy)
            normalizeEnumSet(plane.energy->energyBands);
        if (plane.polarization)
            normalizeEnumSet(plane.polarization->states);
        for (Artifact &artifact : plane.artifacts)
            normalizeUris(artifact.contentReadGroups);
    }
}

} // namespace caom2
