#include "store/deletion_event_store.h"

#include "store/sql_values.h"

#include <QSqlQuery>
#include <QStringList>
#include <QVariantList>

namespace store {

DeletionEventStore::DeletionEventStore(std::shared_ptr<Store> store) : m_store(std::move(store)) {}

mirror::Result<std::vector<DeletionEvent>> DeletionEventStore::list(const DeletionWindow &window) const
{
    const QString what = QStringLiteral("cannot list deletion events")
        + (window.collection.isEmpty() ? QString() : QStringLiteral(" of ") + window.collection);
    QStringList conditions;
    QVariantList values;
    if (!window.collection.isEmpty()) {
        conditions << QStringLiteral("collection = ?");
        values << window.collection;
    }
    if (window.start) {
        conditions << QStringLiteral("lastModified >= ?");
        values << sql::timestamp(*window.start);
    }
    if (window.end) {
        conditions << QStringLiteral("lastModified <= ?");
        values << sql::timestamp(*window.end);
    }
    // PostgreSQL orders uuid values by their bytes, SQLite our lower-case text by its characters: the same
    // order, so paging by (lastModified, id) agrees on both engines.
    const QString statement =
        QStringLiteral("SELECT id, collection, observationID, lastModified FROM DeletedObservation%1"
                       " ORDER BY lastModified, id LIMIT ?")
            .arg(conditions.isEmpty() ? QString()
                                      : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND ")));
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    if (auto ok = sql::prepare(query, statement, what); !ok)
        return ok.error();
    for (const QVariant &value : std::as_const(values))
        query.addBindValue(value);
    query.addBindValue(std::max(window.limit, 0));
    if (auto ok = sql::exec(query, what); !ok)
        return ok.error();
    std::vector<DeletionEvent> events;
    while (query.next()) {
        DeletionEvent event;
        event.id = QUuid::fromString(query.value(0).toString());
        event.collection = query.value(1).toString();
        event.observationID = query.value(2).toString();
        event.lastModified = sql::timestampOrNull(query.value(3)).value_or(0);
        events.push_back(std::move(event));
    }
    return events;
}

} // namespace store
