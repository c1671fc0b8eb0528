#pragma once

#include "caom2/entities.h"

#include <string>
#include <utility>
#include <vector>

// Every field of one entity of a copy, at the top level ("provenance" as one value), as readable text: what the
// Compare view's field table shows for the fields that do not differ. The entity is found by its identity path
// as the comparison names it ("planes[productID=cal].artifacts[uri=ad:x]", "" for the observation).
namespace mirror::models {

using EntityFieldList = std::vector<std::pair<std::string, std::string>>; // (field, value), unset fields left out

// Empty when the copy has no entity at that path.
EntityFieldList entityFields(const caom2::Observation &observation, const std::string &path);

} // namespace mirror::models
