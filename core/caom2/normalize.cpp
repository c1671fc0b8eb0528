#include "caom2/normalize.h"

#include "caom2/java_uri.h"

#include <algorithm>

namespace caom2 {

namespace {

// True when every item sorts strictly after the one before it: then sorting and removing duplicates would change
// nothing. Documents written by the reference (and by us) hold their sets in this order already, and one pass
// costs less than a sort.
template <typename Item, typename Compare>
bool strictlyAscending(const std::vector<Item> &items, Compare compare)
{
    return std::adjacent_find(items.begin(), items.end(),
                              [&](const Item &a, const Item &b) { return compare(a, b) >= 0; })
        == items.end();
}

void normalizeKeywords(std::vector<std::string> &keywords)
{
    if (strictlyAscending(keywords, [](const std::string &a, const std::string &b) { return compareJavaString(a, b); }))
        return;
    std::sort(keywords.begin(), keywords.end(),
              [](const std::string &a, const std::string &b) { return compareJavaString(a, b) < 0; });
    keywords.erase(std::unique(keywords.begin(), keywords.end()), keywords.end());
}

// Sorts items by their URI in Java's order and keeps one of each run of equal URIs (Java URI equality ignores
// case in scheme and host, so such URIs collapse to one). Each URI is split into its parts once.
template <typename Item, typename UriOf>
void normalizeByUri(std::vector<Item> &items, UriOf uriOf)
{
    if (items.size() < 2)
        return; // nothing to order, and no URI to split
    std::vector<JavaUriParts> keys;
    keys.reserve(items.size());
    for (const Item &item : items)
        keys.push_back(JavaUriParts::of(uriOf(item)));
    const auto keyCompare = [](const JavaUriParts &a, const JavaUriParts &b) { return compareJavaUri(a, b); };
    if (strictlyAscending(keys, keyCompare))
        return;
    std::vector<std::size_t> order(items.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    // Stable, so of equal URIs the first in the document is kept, as a Java TreeSet keeps the first one added.
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return compareJavaUri(keys[a], keys[b]) < 0; });
    std::vector<Item> sorted;
    sorted.reserve(items.size());
    const JavaUriParts *previous = nullptr;
    for (const std::size_t index : order) {
        // Copied, not moved: the keys view the items' text, which must stay in place until the swap below.
        if (previous && compareJavaUri(*previous, keys[index]) == 0)
            continue;
        previous = &keys[index];
        sorted.push_back(items[index]);
    }
    items.swap(sorted);
}

void normalizeUris(std::vector<Uri> &uris)
{
    normalizeByUri(uris, [](const Uri &uri) -> std::string_view { return uri.text; });
}

template <typename Wrapped>
void normalizeWrappedUris(std::vector<Wrapped> &items)
{
    normalizeByUri(items, [](const Wrapped &item) -> std::string_view { return item.uri.text; });
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
