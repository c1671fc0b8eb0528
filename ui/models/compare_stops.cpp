#include "models/compare_stops.h"

namespace mirror::models {

std::vector<DifferenceStop> differenceStops(const caom2::Comparison &comparison)
{
    std::vector<DifferenceStop> stops;
    for (const std::size_t node : comparison.differingNodes()) {
        const caom2::ComparisonNode &n = comparison.nodes[node];
        const std::size_t before = stops.size();
        if (n.own == caom2::CompareState::Differs) {
            // A declared metaChecksum that differs only echoes the fields beside it: a stop of its own only when
            // no other field explains it.
            std::vector<std::size_t> own;
            std::optional<std::size_t> metaChecksum;
            for (const std::size_t f : n.fields) {
                if (comparison.fields[f].aggregate)
                    continue;
                if (comparison.fields[f].field == "metaChecksum")
                    metaChecksum = f;
                else
                    own.push_back(f);
            }
            if (own.empty() && metaChecksum)
                own.push_back(*metaChecksum);
            for (const std::size_t f : own)
                stops.push_back({node, f});
        }
        if (stops.size() == before) // missing, or differing only in what sums up its children
            stops.push_back({node, n.fields.empty() ? std::nullopt : std::optional(n.fields.front())});
    }
    return stops;
}

} // namespace mirror::models
