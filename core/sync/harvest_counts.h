#pragma once

#include <QtGlobal>

// The counters of a sync run (spec caom2-sync.md §3.6), kept by the job and written to its run record.
namespace harvest {

struct HarvestCounts {
    qint64 listed = 0;         // rows read from listings
    qint64 fetched = 0;        // documents downloaded
    qint64 ingested = 0;       // observations new to the store
    qint64 updated = 0;        // observations replaced by a changed version
    qint64 unchanged = 0;      // listed or fetched, and already identical here: nothing written
    qint64 deleted = 0;        // local observations removed (deletion events, 404s, repairs)
    qint64 staleDeletions = 0; // deletion events older than the local copy: ignored
    qint64 skippedNew = 0;     // failures recorded as skip records
    qint64 skippedCleared = 0; // skip records removed because the item is now fine
    qint64 failed = 0;         // items that failed (each also a skip record unless the run could not write)
    qint64 bytes = 0;          // document bytes downloaded
    qint64 discrepancies = 0;  // validate: differences found
    qint64 retries = 0;        // requests tried again: by the HTTP client, or a listing page read again

    HarvestCounts &operator+=(const HarvestCounts &o)
    {
        listed += o.listed;
        fetched += o.fetched;
        ingested += o.ingested;
        updated += o.updated;
        unchanged += o.unchanged;
        deleted += o.deleted;
        staleDeletions += o.staleDeletions;
        skippedNew += o.skippedNew;
        skippedCleared += o.skippedCleared;
        failed += o.failed;
        bytes += o.bytes;
        discrepancies += o.discrepancies;
        retries += o.retries;
        return *this;
    }
    bool operator==(const HarvestCounts &) const = default;
};

// Adds the retries `source` made (a FetchPool, a lister: anything with retries()) to `counts` when the scope
// ends, whichever way a pass leaves it.
template <typename Source>
struct RetriesOnExit {
    const Source &source;
    HarvestCounts &counts;
    ~RetriesOnExit() { counts.retries += source.retries(); }
};

} // namespace harvest
