#pragma once

#include "serve/reply.h"
#include "serve/request_context.h"
#include "store/store.h"

#include <memory>

// The read side of the protocol: collection lists, observation-state and deletion listings, documents.
namespace serve {

Reply collectionList(const std::shared_ptr<store::Store> &store);
Reply stateListing(const std::shared_ptr<store::Store> &store, const ServeOptions &options,
                   const RequestContext &context, const QString &collection);
Reply deletionListing(const std::shared_ptr<store::Store> &store, const ServeOptions &options,
                      const RequestContext &context, const QString &collection);
// caomVersion 24 serves the stored bytes; 23 renders the same model as CAOM 2.3.
Reply observationDocument(const std::shared_ptr<store::Store> &store, const QString &collection,
                          const QString &observationID, int caomVersion);

} // namespace serve
