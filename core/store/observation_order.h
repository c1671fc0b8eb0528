#pragma once

#include "store/observation_store.h"
#include "store/store.h"

#include <QString>
#include <QVariant>
#include <QVariantList>

// The SQL behind ObservationOrder: the ORDER BY of a window, and the condition "comes before this row" that
// locates an observation in the same order. Both follow the engine's own placement of missing keys, so a row's
// located position is exactly where windows list it.
namespace store::order {

// The observation column a sort key reads ("observation_id", "instrument", "max_last_modified").
QString keyColumn(ObservationSortKey key);

// "instrument DESC, observation_id DESC" and the like.
QString orderBy(const ObservationOrder &order);

// A condition true for the rows listed before the row whose sort key is `key` (null when missing) and whose
// observationID is `observationID`; its bound values are appended to `values`.
QString comesBefore(const ObservationOrder &order, Engine engine, const QVariant &key, const QString &observationID,
                    QVariantList &values);

} // namespace store::order
