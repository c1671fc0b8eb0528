#include "store/observation_order.h"

namespace store::order {

QString keyColumn(ObservationSortKey key)
{
    switch (key) {
    case ObservationSortKey::Instrument: return QStringLiteral("instrument");
    case ObservationSortKey::Modified: return QStringLiteral("max_last_modified");
    case ObservationSortKey::ObservationId: break;
    }
    return QStringLiteral("observation_id");
}

QString orderBy(const ObservationOrder &order)
{
    const QString direction = order.descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    if (order.key == ObservationSortKey::ObservationId)
        return QStringLiteral("observation_id") + direction;
    return keyColumn(order.key) + direction + QStringLiteral(", observation_id") + direction;
}

QString comesBefore(const ObservationOrder &order, Engine engine, const QVariant &key, const QString &observationID,
                    QVariantList &values)
{
    const QString less = order.descending ? QStringLiteral(">") : QStringLiteral("<");
    const QString tieBreak = QStringLiteral("observation_id %1 ?").arg(less);
    if (order.key == ObservationSortKey::ObservationId) {
        values << observationID;
        return tieBreak;
    }
    // SQLite puts missing values first in ascending order, PostgreSQL last; descending order turns both round.
    const bool missingFirst = (engine == Engine::SQLite) != order.descending;
    const QString column = keyColumn(order.key);
    if (key.isNull()) {
        values << observationID;
        if (missingFirst) // among the other rows without a key, by observationID
            return QStringLiteral("(%1 IS NULL AND %2)").arg(column, tieBreak);
        return QStringLiteral("(%1 IS NOT NULL OR %2)").arg(column, tieBreak);
    }
    // A row without a key compares as NULL (false) with `<`, `>` and `=`: it is before only when missing values
    // come first.
    values << key << key << observationID;
    const QString keyed = QStringLiteral("%1 %2 ? OR (%1 = ? AND %3)").arg(column, less, tieBreak);
    if (missingFirst)
        return QStringLiteral("(%1 IS NULL OR %2)").arg(column, keyed);
    return QStringLiteral("(%1)").arg(keyed);
}

} // namespace store::order
