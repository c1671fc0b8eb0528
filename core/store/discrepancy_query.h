#pragma once

#include "common/result.h"
#include "store/clock.h"
#include "store/discrepancy_store.h"
#include "store/store.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

// The discrepancies an operator looks through: any source, collection, class, time or text, in windows
// (the list view pages through hundreds of thousands of rows), counts per class for the category toggles,
// and acknowledgements with the operator's note. DiscrepancyStore is what the sync jobs write with.
namespace store {

struct DiscrepancyFilter {
    QString source;                     // "" = every source
    QString collection;                 // "" = every collection
    QStringList classes;                // class names (discrepancyClassName); empty = every class
    QString text;                       // part of the observationID, any letter case; "" = any
    std::optional<qint64> detectedFrom; // ms since 1970, inclusive
    std::optional<qint64> detectedTo;   // inclusive
    std::optional<qint64> runKey;       // only what this run found
    bool includeAcknowledged = true;
};

enum class DiscrepancySort { Observation, Class, Source, Detected };

struct DiscrepancyRow {
    Discrepancy discrepancy;
    QString note;                         // the acknowledgement's note, "" when none
    std::optional<qint64> acknowledgedAt; // ms since 1970
};

struct ClassCount {
    QString cls; // class name
    qint64 count = 0;
};

class DiscrepancyQuery {
public:
    explicit DiscrepancyQuery(std::shared_ptr<Store> store, Clock clock = systemClock());

    // `limit` rows from `offset` in the sort order (ties broken by the discrepancy's key, so windows never
    // overlap or skip).
    mirror::Result<std::vector<DiscrepancyRow>> window(const DiscrepancyFilter &filter, DiscrepancySort sort,
                                                       bool descending, int limit, qint64 offset = 0) const;
    mirror::Result<qint64> count(const DiscrepancyFilter &filter) const;
    // Per class, for the filter with its `classes` ignored (so a toggle's count shows what turning it on adds).
    mirror::Result<std::vector<ClassCount>> countsByClass(const DiscrepancyFilter &filter) const;
    mirror::Result<std::optional<DiscrepancyRow>> find(qint64 key) const;

    // Marks discrepancies seen, with the operator's note and the time; returns how many there were.
    mirror::Result<int> acknowledge(const std::vector<qint64> &keys, const QString &note);

private:
    std::shared_ptr<Store> m_store;
    Clock m_clock;
};

} // namespace store
