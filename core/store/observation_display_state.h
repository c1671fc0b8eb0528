#pragma once

#include "common/result.h"
#include "store/discrepancy_store.h"
#include "store/observation_store.h"
#include "store/skip_record_store.h"

#include <QString>

#include <memory>
#include <optional>
#include <vector>

// The one rule that decides the state an observation is shown with, everywhere: the console's list, tree,
// detail pane and navigator counts, `caom-sync ls` and `caom-sync status`. It weighs three things the store
// keeps apart: the observation row's own state (ok, stale...), the open discrepancies validate and compare runs
// found for it (with which partner, which class), and its skip records (refreshes that failed).
//
// observationDisplayState() is the rule itself, a pure function; ObservationDisplayStore gathers what it needs
// from the store for a window of rows, for one observation, or for the counts per (source, collection, state).
namespace store {

namespace ObservationState {
// Shown only (never stored in a row): a partner changed the observation so recently that validate could not
// judge it yet; the next validate will.
inline const QString pending = QStringLiteral("pending");
} // namespace ObservationState

// Everything the rule looks at for one observation.
struct DisplayEvidence {
    QString rowState;                       // ObservationSummary::state as stored
    QString accMetaChecksum;                // ours, now
    std::vector<Discrepancy> discrepancies; // the observation's unacknowledged discrepancies, any partner
    std::vector<SkipRecord> skips;          // the observation's skip records, any harvest source
};

// What the rule decided, and the words that explain it to an operator.
struct DisplayState {
    QString state;   // an ObservationState value (ok, stale, differs, pending), or the row's state when unknown
    QString summary; // one sentence: "Its checksum differs from MAST's."
    QString partner; // the partner the decision concerns, "" when none
    std::optional<DiscrepancyClass> discrepancy; // the class that decided, if a discrepancy did
    std::optional<qint64> since;                 // when it was found / first failed, ms since 1970 UTC
    QString ourChecksum;                         // accMetaChecksum here
    QString partnerChecksum;                     // the partner's accMetaChecksum when validate saw it
    QString detail;                              // a further sentence (an error message, a note), may be ""
    QString nextStep;                            // what to do next, "" when nothing
};

// The rule. Precedence: an open checksum or missing-at-partner discrepancy (one our copy has not since been
// repaired for) → differs; a row marked differs → differs; a stale row or a skip record → stale; a pending
// discrepancy → pending; otherwise the row's own state (ok, with a note when only timestamps differ).
DisplayState observationDisplayState(const DisplayEvidence &evidence);

// How bad a shown state is, for rolling children up and for picking the worst: ok 0, pending 1, unknown 1,
// stale 2, differs 3.
int displaySeverity(const QString &state);

class ObservationDisplayStore {
public:
    explicit ObservationDisplayStore(std::shared_ptr<Store> store);

    // The shown state of each row (same order), with two queries per call whatever the number of rows.
    mirror::Result<std::vector<DisplayState>> states(const std::vector<ObservationSummary> &rows) const;
    // The same for one observation; nullopt when it is not in the store.
    mirror::Result<std::optional<std::pair<ObservationSummary, DisplayState>>>
    state(const QString &collection, const QString &observationID) const;
    // Observation counts per (source, collection, shown state): the store's counters, with every observation that
    // has a discrepancy or skip record counted under the state the rule gives it.
    mirror::Result<std::vector<CollectionCount>> counts() const;

private:
    std::shared_ptr<Store> m_store;
};

} // namespace store
