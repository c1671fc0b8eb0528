#pragma once

#include "common/result.h"
#include "store/store.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

// Partners side by side: for a collection several partners hold, how many observations agree across all of
// them, how many differ, and which partner lacks what — from the listing rows each partner was last seen
// with (source_listing_store.h) and, when asked, the local copy. Nothing is fetched.
namespace store {

enum class Agreement {
    Agree,   // every party holds it with the same accMetaChecksum
    Differ,  // at least two parties hold it with different checksums
    Missing, // the parties holding it agree, but some party lacks it
};

struct ComparisonParty {
    QString source; // the partner's name; "" for the local copy
    bool local = false;
    qint64 holds = 0;   // observations this party holds
    qint64 lacks = 0;   // observations another party holds and this one does not
    qint64 differs = 0; // observations this party holds with a checksum another party disagrees with
};

struct ComparedObservation {
    QString observationID;
    Agreement agreement = Agreement::Agree;
    std::vector<std::optional<QString>> checksums; // per party, in parties' order; nullopt: not held there
};

struct PartnerComparison {
    QString collection;
    std::vector<ComparisonParty> parties; // the sources in the order asked, then the local copy if included
    qint64 observations = 0;              // held by at least one party
    qint64 agree = 0;
    qint64 differ = 0;
    qint64 missing = 0;
    std::vector<ComparedObservation> disagreements; // the first rowLimit that do not agree, by observationID
    bool disagreementsTruncated = false;
};

struct ComparisonRequest {
    QString collection;
    QStringList sources; // the partners to compare; empty: every source that lists the collection
    bool includeLocal = true;
    int rowLimit = 1000;
};

// A missing checksum on either side compares equal, as validate does. One pass over the rows in
// observationID order, so memory stays flat whatever the collection's size.
mirror::Result<PartnerComparison> comparePartners(const std::shared_ptr<Store> &store,
                                                  const ComparisonRequest &request);

// Collections that at least two parties hold (two partners, or a partner and the local copy), for pickers.
mirror::Result<QStringList> comparableCollections(const std::shared_ptr<Store> &store);

} // namespace store
