#pragma once

#include "caom2/comparison.h"
#include "caom2/entities.h"
#include "common/partner_source.h"
#include "store/store.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

// The copies of one observation that a comparison puts side by side: ours, read from the store, and a
// partner's, fetched live through the repository protocol. Blocking: call from a worker thread (the
// console) or a command-line program. A copy that cannot be read says why; it never stops the others.
namespace harvest {

struct ObservationCopy {
    QString name;                                  // "local" or the source's name
    QString origin;                                // where it came from: the document's URL, or "the local store"
    bool available = false;                        // read, or known to hold no such observation
    QString error;                                 // why it is not available: names the observation and the cause
    std::optional<caom2::Observation> observation; // nullopt: the copy holds no such observation
    QByteArray xml;                                // the document as stored or as served ("" when absent)
};

ObservationCopy readLocalCopy(const std::shared_ptr<store::Store> &store, const QString &collection,
                              const QString &observationID);

// Resolves the source (registry, capabilities, credentials) and asks it for the document; a 404 is an
// available copy without the observation.
ObservationCopy fetchPartnerCopy(const mirror::PartnerSource &source, const QString &collection,
                                 const QString &observationID, const std::atomic<bool> *cancelled = nullptr);

// The copies as the comparison takes them; they must outlive the returned pointers.
std::vector<caom2::ComparedCopy> comparedCopies(const std::vector<ObservationCopy> &copies);

} // namespace harvest
