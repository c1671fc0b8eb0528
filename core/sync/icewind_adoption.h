#pragma once

#include "common/result.h"
#include "store/icewind_state_reader.h"
#include "store/store.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

// Taking over where an icewind process stopped (spec caom2-sync.md §6, scenario 50): its cursors and skip
// records, read by store::readIcewindState, become the harvest state of one of our partner sources, so the
// next incremental harvest lists only what changed after icewind's cursor and the retry pass works through
// icewind's failures. Only the state is taken: the observations icewind stored stay in its tables (see
// docs/sync.md, "Moving from icewind", for why).
namespace harvest {

struct IcewindAdoptionRequest {
    QString sourceName;      // our partner source ("MAST"), for messages
    QString ourService;      // the endpoint that source is configured with: our harvest keys begin with it
    QString icewindService;  // icewind's repoService: its keys begin with it ("" = the same as ours)
    QStringList collections; // the source's configured collection strings; empty = every one icewind harvested
    bool dryRun = false;     // say what would be taken over, write nothing
};

struct AdoptedCollection {
    QString collection;                      // the collection string as the keys carry it ('?' written '&')
    QString icewindKey;                      // "{icewindService}?{collection}"
    QString ourKey;                          // "{ourService}?{collection}"
    std::optional<qint64> observationCursor; // ms since 1970, UTC; empty: icewind had none
    std::optional<qint64> deletionCursor;    // as taken over, or set to the observation cursor (see notes)
    int skipRecordsAdded = 0;                // taken over
    int skipRecordsKept = 0;                 // the same item already had a record of ours: ours stays
};

struct IcewindAdoption {
    std::vector<AdoptedCollection> collections;
    QStringList notes;      // what the operator should know about what was taken
    QStringList notAdopted; // rows left where they are, grouped, each with the reason
};

// Writes the state of every collection in one transaction, or nothing. Refused (Conflict, nothing written)
// when one of those collections already has a cursor of our own that differs from icewind's: adopting would
// move it. Refused (Fatal) when icewind's tables hold nothing for the service and collections asked.
mirror::Result<IcewindAdoption> adoptIcewindState(const std::shared_ptr<store::Store> &store,
                                                  const store::IcewindState &icewind,
                                                  const IcewindAdoptionRequest &request);

} // namespace harvest
