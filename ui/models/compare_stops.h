#pragma once

#include "caom2/comparison.h"

#include <cstddef>
#include <optional>
#include <vector>

// The stops of "next difference" (Alt+Down, F7) across the whole tree, in pre-order: every field an entity's
// copies disagree on, and every entity only some copies hold (once, at the root of what is missing). Fields that
// only summarise a difference further down (accMetaChecksum, maxLastModified) are not stops of their own, nor is
// a declared metaChecksum that differs beside the fields that make it differ.
namespace mirror::models {

struct DifferenceStop {
    std::size_t node = 0;
    std::optional<std::size_t> field; // index into Comparison::fields; nullopt: the entity itself
    friend bool operator==(const DifferenceStop &, const DifferenceStop &) = default;
};

std::vector<DifferenceStop> differenceStops(const caom2::Comparison &comparison);

} // namespace mirror::models
