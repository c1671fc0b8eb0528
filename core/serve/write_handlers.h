#pragma once

#include "serve/reply.h"
#include "serve/request_context.h"
#include "store/store.h"

#include <memory>

// The write side (repository-service.md §6), offered only with --writable: create, replace (optionally
// conditional on the current accMetaChecksum) and delete one observation. WriteMode::Origin computes every
// entity's checksums and moves the timestamps of what changed (origin_stamp.h); WriteMode::Mirror keeps the
// document's timestamps and wants checksums that verify.
namespace serve {

Reply putObservation(const std::shared_ptr<store::Store> &store, WriteMode mode, const RequestContext &context,
                     const QString &collection, const QString &observationID);
Reply postObservation(const std::shared_ptr<store::Store> &store, WriteMode mode, const RequestContext &context,
                      const QString &collection, const QString &observationID);
Reply deleteObservation(const std::shared_ptr<store::Store> &store, const QString &collection,
                        const QString &observationID);

// CAOM forbids these in an observationID (space, '/', '\\', '%').
bool validObservationID(const QString &observationID);

} // namespace serve
