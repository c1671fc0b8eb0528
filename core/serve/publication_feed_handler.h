#pragma once

#include "serve/reply.h"
#include "serve/request_context.h"
#include "store/store.h"

#include <memory>

// GET {base}/publications: the proposal -> publication link feed of the store (docs/publications.md), one JSON
// object a line in (lastModified, proposal, bibcode) order, removed links included, a page at a time.
namespace serve {

// At most this many records a page, whatever maxrec asks: a page is built whole.
inline constexpr int publicationFeedPageCap = 10000;

Reply publicationFeed(const std::shared_ptr<store::Store> &store, const RequestContext &context);

} // namespace serve
