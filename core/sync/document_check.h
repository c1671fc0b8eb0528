#pragma once

#include "common/result.h"
#include "store/observation_store.h"

#include <QString>
#include <QUuid>

#include <optional>
#include <string>

// Turning a fetched document into something safe to commit, on a worker thread: it must parse, be the
// observation that was asked for, and reproduce its declared accMetaChecksum (spec caom2-sync.md §2.9).
// Anything else is a per-item failure with a reason an operator can act on; nothing is half-written.
namespace harvest {

struct CheckedDocument {
    store::PreparedObservation prepared;
    QUuid id;
    std::optional<qint64> maxLastModified;
    QString accMetaChecksum; // as computed (equal to the declared one when there was one)
};

// `what` names the observation in messages ("caom:HST/x0bi0302t"). Errors: Parse (not XML, not CAOM, the
// wrong observation), Checksum ("mismatched accMetaChecksum (harvest): declared X, computed Y").
mirror::Result<CheckedDocument> checkDocument(const std::string &xml, const std::string &collection,
                                              const std::string &observationID, const QString &sourceName);

} // namespace harvest
