#pragma once

#include "common/result.h"
#include "store/store.h"

#include <memory>

// Proposals and the papers that came out of them, for the demo: made up (titles, authors, bibcodes and DOIs
// shaped like real ones, never real papers), linked to proposals the demo's observations name. The demo store
// holds all but the newest few links; the demo partners hold them all and publish them in their feed, so a
// publications sync from a demo partner brings something new.
namespace demo {

// How many of the newest links only the partners hold.
inline constexpr int partnerOnlyLinks = 6;

// Writes the demo's links into `store` from the proposals of the observations it holds (the busiest ones
// first, so papers reach many observations). `partner`: all of them; else all but the newest few.
mirror::Result<void> writeDemoPublications(const std::shared_ptr<store::Store> &store, bool partner);

} // namespace demo
