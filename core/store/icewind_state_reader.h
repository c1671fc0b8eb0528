#pragma once

#include "common/result.h"
#include "store/harvest_state_store.h"
#include "store/skip_record_store.h"
#include "store/store_location.h"

#include <QString>

#include <vector>

// Moving from the reference tools: the harvest state an icewind (or caom2harvester) process left in its
// PostgreSQL database. Those tools keep it in two tables of the CAOM schema they write to (by default
// "caom2"): HarvestState, one cursor per (source, cname), and HarvestSkipURI, the items that failed. Both are
// read here exactly as they are and checked column by column first, so a schema that is not theirs is refused
// with what is missing instead of being half read. Nothing in that database is changed.
namespace store {

struct IcewindState {
    QString database; // where it was read, for messages: "user@host:port/db, schema caom2" (no password)
    std::vector<HarvestState> states;
    // Every skip record as the reference wrote it: reasonClass "", attempts 0 and no firstFailure (it keeps
    // none of them). tryAfter is empty where the reference's row has none (its older schema had no column).
    std::vector<SkipRecord> skips;
    bool skipTableHasTryAfter = true;
};

// Reads both tables of `schema` in the PostgreSQL database at `location`. Errors (category Fatal) name the
// database and schema and say what is wrong: no such tables there, or a table whose columns are not the
// reference's (a column missing, or of another type). Connection failures are Transient.
mirror::Result<IcewindState> readIcewindState(const StoreLocation &location, const QString &schema);

} // namespace store
