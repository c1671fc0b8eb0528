#pragma once

#include "net/capabilities.h"
#include "net/http_client.h"

#include <QString>

#include <chrono>
#include <optional>

// What one harvest job works on: a collection of a partner's repository, the endpoints and HTTP options
// to reach it, and the knobs of the harvest (spec caom2-sync.md §2.4, Ours).
namespace harvest {

struct HarvestTuning {
    std::chrono::milliseconds lag{std::chrono::minutes(5)};      // never list the last `lag` (volatile head)
    std::chrono::milliseconds lookback{std::chrono::minutes(2)}; // re-scan this much before the cursor
    int pageSize = 10000;                                        // rows per listing request
    int fetchThreads = 4;   // parallel document fetchers, each with its own connection
    int commitBatch = 100;  // observations per transaction (with the cursor that produced them)
    int maxInFlight = 1000; // listed but not yet committed: bounds memory
    int serverCap = 100000; // the protocol's largest page; used to get past a page of one timestamp
};

// The partner's clock as read when the harvest was planned (off the collection list's Date header), so a job
// need not ask again; window_end.h turns it into where listing stops.
struct PartnerClockReading {
    std::optional<qint64> partnerDateMs; // its Date header, whole seconds; nullopt: it sent none
    qint64 readAtMs = 0;                 // our clock when the answer arrived
    QString failure;                     // why the partner could not be asked, "" when it answered
};

struct HarvestTarget {
    QString sourceName;    // the operator's name for the partner ("MAST")
    QString harvestSource; // the HarvestState/HarvestSkipURI key, see harvestSourceKey()
    QString collection;    // as the repository names it (without a MAST-style "?filter")
    QString listingFilter; // "telescope=X" of a configured "HLSP?telescope=X", observation listings only
    net::ServiceEndpoints endpoints;
    net::HttpOptions http;
    HarvestTuning tuning;
    std::optional<PartnerClockReading> partnerClock; // unset: the job reads the clock itself
};

// The reference's harvest key: "{service}?{collection}", where service is the resource ID, capabilities URL
// or base URL the operator configured, and a '?' inside the collection string becomes '&'. Changing either
// starts a new harvest state, which is why the console and `sources add` warn before they do.
QString harvestSourceKey(const QString &service, const QString &collectionString);

// Splits a configured collection string "HLSP?telescope=X" into the collection and its listing filter.
std::pair<QString, QString> splitCollectionString(const QString &collectionString);

} // namespace harvest
