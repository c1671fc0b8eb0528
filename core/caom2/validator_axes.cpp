#include "caom2/validator_rules.h"

#include "caom2/diff_format.h"

#include <algorithm>
#include <array>

namespace caom2::detail {

namespace {

struct AxisUse {
    const char *name;
    const std::optional<std::int32_t> &number;
    bool hasWcs;
    const char *wcs;
};

// Lists at most this many unassigned axes: naxis comes from the document and may be absurdly large.
constexpr std::int32_t kMaxListedAxes = 16;

} // namespace

std::vector<RuleProblem> checkChunkAxes(const Chunk &chunk)
{
    std::vector<RuleProblem> problems;
    const std::array<AxisUse, 7> uses{{
        {"positionAxis1", chunk.positionAxis1, chunk.position.has_value(), "position"},
        {"positionAxis2", chunk.positionAxis2, chunk.position.has_value(), "position"},
        {"energyAxis", chunk.energyAxis, chunk.energy.has_value(), "energy"},
        {"timeAxis", chunk.timeAxis, chunk.time.has_value(), "time"},
        {"polarizationAxis", chunk.polarizationAxis, chunk.polarization.has_value(), "polarization"},
        {"observableAxis", chunk.observableAxis, chunk.observable.has_value(), "observable"},
        {"customAxis", chunk.customAxis, chunk.custom.has_value(), "custom"},
    }};

    if (chunk.positionAxis1.has_value() != chunk.positionAxis2.has_value()) {
        const bool first = chunk.positionAxis1.has_value();
        problems.push_back({first ? "positionAxis2" : "positionAxis1",
                            std::string(first ? "positionAxis1" : "positionAxis2") + " is "
                                + valueText(first ? *chunk.positionAxis1 : *chunk.positionAxis2) + " but "
                                + (first ? "positionAxis2" : "positionAxis1") + " is not set; give both or neither"});
    }

    bool positionWcsReported = false; // one report for the pair of position axes
    for (std::size_t i = 0; i < uses.size(); ++i) {
        const AxisUse &use = uses[i];
        if (!use.number)
            continue;
        const std::string number = valueText(*use.number);
        if (*use.number < 1)
            problems.push_back({use.name, std::string(use.name) + " is " + number + "; FITS axes count from 1"});
        for (std::size_t j = 0; j < i; ++j) {
            if (uses[j].number && *uses[j].number == *use.number && *use.number >= 1)
                problems.push_back(
                    {use.name, "axis " + number + " is used by both " + uses[j].name + " and " + use.name});
        }
        const bool isPosition = use.wcs == std::string_view("position");
        if (!use.hasWcs && !(isPosition && positionWcsReported)) {
            problems.push_back(
                {use.name, std::string(use.name) + " is " + number + " but the chunk has no " + use.wcs + " WCS"});
            positionWcsReported = positionWcsReported || isPosition;
        }
    }

    if (!chunk.naxis || *chunk.naxis < 1)
        return problems;
    const auto assigned = [&](std::int32_t axis) {
        return std::any_of(uses.begin(), uses.end(),
                           [axis](const AxisUse &use) { return use.number && *use.number == axis; });
    };
    std::string missing;
    int missingCount = 0;
    for (std::int32_t axis = 1; axis <= std::min(*chunk.naxis, kMaxListedAxes); ++axis) {
        if (!assigned(axis)) {
            missing.append(missingCount++ == 0 ? "" : ", ");
            appendValueText(missing, axis);
        }
    }
    if (*chunk.naxis > kMaxListedAxes) {
        missing.append(", ...");
        missingCount = 2;
    }
    if (missingCount > 0)
        problems.push_back({"naxis",
                            "naxis is " + valueText(*chunk.naxis) + " but " + (missingCount == 1 ? "axis " : "axes ")
                                + missing + (missingCount == 1 ? " is" : " are")
                                + " not assigned to any of positionAxis1/2, energyAxis, timeAxis, "
                                  "polarizationAxis, observableAxis or customAxis"});
    return problems;
}

} // namespace caom2::detail
