#pragma once

#include "caom2/entities.h"
#include "serve/reply.h"
#include "serve/request_context.h"
#include "store/store.h"

#include <memory>

// The read side of the protocol: collection lists, observation-state and deletion listings, documents.
namespace serve {

Reply collectionList(const std::shared_ptr<store::Store> &store, const ServeOptions &options);
Reply stateListing(const std::shared_ptr<store::Store> &store, const ServeOptions &options,
                   const RequestContext &context, const QString &collection);
Reply deletionListing(const std::shared_ptr<store::Store> &store, const ServeOptions &options,
                      const RequestContext &context, const QString &collection);
// caomVersion 24 serves the stored bytes; 23 renders the same model as CAOM 2.3 (obs23Document).
Reply observationDocument(const std::shared_ptr<store::Store> &store, const ServeOptions &options,
                          const QString &collection, const QString &observationID, int caomVersion);

// Says how a CAOM 2.3 answer relates to the stored observation: "lossless", "lossy; checksums=stored",
// "lossy; checksums=recomputed" or "refused".
inline constexpr char obs23ConversionHeader[] = "X-Caom23-Conversion";

// The observation as CAOM 2.3. When 2.3 cannot hold all of it, `lossy` decides: the reference's answer (the
// content dropped, the 2.4 checksums kept, so the document does not verify), a 422 naming what would be
// dropped, or the reduced document with checksums computed for what is sent.
Reply obs23Document(const caom2::Observation &observation, LossyObs23 lossy, const QByteArray &uri, Reply reply);

} // namespace serve
