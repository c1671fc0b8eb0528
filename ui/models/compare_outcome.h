#pragma once

#include "caom2/comparison.h"
#include "common/partner_source.h"
#include "models/compare_line_diff.h"
#include "sync/observation_copies.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace store {
class Store;
} // namespace store

// What the Compare view shows, made in one piece off the GUI thread: the copies as read (with their documents),
// their comparison, and the line alignment of every pair of documents. A value: the view holds it read-only.
namespace mirror::models {

// One copy to put in a column: the local store, or a configured partner.
struct CompareSide {
    bool local = false;
    PartnerSource source; // when not local
    QString name() const { return local ? QStringLiteral("local") : source.name; }
};

struct CompareRequest {
    QString collection;
    QString observationID;
    std::vector<CompareSide> sides; // two or three, in column order
    QString observation() const { return collection + QLatin1Char('/') + observationID; }
};

struct DocumentPair {
    int left = 0; // copy indices
    int right = 1;
    std::vector<AlignedLine> lines;
};

struct CompareOutcome {
    CompareRequest request;
    std::vector<harvest::ObservationCopy> copies; // one per side
    caom2::Comparison comparison;
    std::vector<QStringList> documentLines; // one per copy ("" lines when it has no document)
    std::vector<DocumentPair> documents;    // every pair of copies, in order (0-1, 0-2, 1-2)
    // Why the copies could not be compared at all ("" when they were): no copy holds the observation.
    QString error;

    QStringList copyNames() const;
    // The copies that could not be read, each naming the observation and the cause (shown above the view).
    QStringList unreadable() const;
};

// Compares copies already read (the loader's second half; tests call it with copies they made).
std::shared_ptr<CompareOutcome> compareCopies(CompareRequest request, std::vector<harvest::ObservationCopy> copies);

// Reads every side (the local store, or the partner over the network) and compares them. Blocking: run it on a
// worker thread. `store` may be null when no side is local.
std::shared_ptr<CompareOutcome> loadComparison(const CompareRequest &request,
                                               const std::shared_ptr<store::Store> &store,
                                               const std::atomic<bool> *cancelled);

// A copy made from a document in memory, as a partner would have served it (tests, the demo).
harvest::ObservationCopy copyFromObservation(const QString &name, const caom2::Observation &observation);

} // namespace mirror::models
