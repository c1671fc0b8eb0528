// Reading observations: windows, counts, the lazy tree, documents; and removing one. Writes are in
// observation_upsert.cpp.
#include "store/observation_store.h"

#include "store/sql_values.h"

#include "caom2/xml_reader.h"
#include "store/document_codec.h"
#include "store/document_tree.h"
#include "store/entity_digest_values.h"
#include "store/harvest_state_store.h"
#include "store/observation_order.h"
#include "store/observation_search.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace store {

namespace {

std::optional<qint64> msOrNull(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}

constexpr const char *summaryColumns =
    "obs_key, source, collection, observation_id, uri, id, observation_type, obs_type, intent, instrument, "
    "target_name, last_modified, max_last_modified, meta_checksum, acc_meta_checksum, state, caom_version";

ObservationSummary summaryFromRow(const QSqlQuery &q)
{
    ObservationSummary s;
    s.key = q.value(0).toLongLong();
    s.source = q.value(1).toString();
    s.collection = q.value(2).toString();
    s.observationID = q.value(3).toString();
    s.uri = q.value(4).toString();
    s.id = q.value(5).toString();
    s.observationType = q.value(6).toString();
    s.type = q.value(7).toString();
    s.intent = q.value(8).toString();
    s.instrument = q.value(9).toString();
    s.targetName = q.value(10).toString();
    s.lastModified = msOrNull(q.value(11));
    s.maxLastModified = msOrNull(q.value(12));
    s.metaChecksum = q.value(13).toString();
    s.accMetaChecksum = q.value(14).toString();
    s.state = q.value(15).toString();
    s.caomVersion = q.value(16).toInt();
    return s;
}

} // namespace

QString toSqlTimestamp(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

std::optional<qint64> fromSqlTimestamp(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    QDateTime time;
    if (value.metaType() == QMetaType::fromType<QDateTime>()) {
        // PostgreSQL timestamp without time zone: the wall-clock value is UTC, whatever spec Qt gave it.
        const QDateTime local = value.toDateTime();
        time = QDateTime(local.date(), local.time(), Qt::UTC);
    } else {
        // "yyyy-MM-dd HH:mm:ss.zzz", read as UTC digit by digit: QDateTime::fromString would read it as local
        // time first (a wall-clock time in a daylight-saving gap would move) and asks the C library for the
        // time zone on every call, which cost a download of small files more than their bytes did.
        const QString text = value.toString();
        const auto number = [&text](qsizetype from, qsizetype length) {
            int n = 0;
            for (qsizetype i = from; i < from + length; ++i) {
                const char16_t c = text.at(i).unicode();
                if (c < u'0' || c > u'9')
                    return -1;
                n = n * 10 + (c - u'0');
            }
            return n;
        };
        if (text.size() != 23 || text.at(4) != u'-' || text.at(7) != u'-' || text.at(10) != u' ' || text.at(13) != u':'
            || text.at(16) != u':' || text.at(19) != u'.')
            return std::nullopt;
        const QDate date(number(0, 4), number(5, 2), number(8, 2));
        const QTime clock(number(11, 2), number(14, 2), number(17, 2), number(20, 3));
        if (!date.isValid() || !clock.isValid())
            return std::nullopt;
        time = QDateTime(date, clock, Qt::UTC);
    }
    if (!time.isValid())
        return std::nullopt;
    return time.toMSecsSinceEpoch();
}

ObservationStore::ObservationStore(std::shared_ptr<Store> store) : m_store(std::move(store)) {}

mirror::Result<bool> ObservationStore::remove(const QString &collection, const QString &observationID)
{
    QSqlDatabase db = m_store->database();
    QSqlQuery query(db); // before the transaction: freed after its rollback, or PostgreSQL keeps the statement
    Transaction transaction(db);
    query.prepare(QStringLiteral(
        "SELECT obs_key, id, source, state FROM observation WHERE collection = ? AND observation_id = ?"));
    query.addBindValue(collection);
    query.addBindValue(observationID);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot look up %1/%2").arg(collection, observationID), query.lastError());
    if (!query.next())
        return false;
    const qint64 key = query.value(0).toLongLong();
    const QString id = query.value(1).toString();
    const QString source = query.value(2).toString();
    const QString state = query.value(3).toString();
    query.finish();
    const bool partRows = m_store->schemaVersion() < partsFromDocumentsSchemaVersion();
    for (const char *table : {"chunk", "part", "artifact", "plane", "observation"}) {
        if (!partRows && (qstrcmp(table, "part") == 0 || qstrcmp(table, "chunk") == 0))
            continue; // no such tables from version 11
        query.prepare(QStringLiteral("DELETE FROM %1 WHERE obs_key = ?").arg(QString::fromLatin1(table)));
        query.addBindValue(key);
        if (!query.exec())
            return sqlError(QStringLiteral("cannot delete %1/%2").arg(collection, observationID), query.lastError());
    }
    query.prepare(QStringLiteral("UPDATE collection_stats SET observation_count = observation_count - 1"
                                 " WHERE source = ? AND collection = ? AND state = ?"));
    query.addBindValue(source);
    query.addBindValue(collection);
    query.addBindValue(state);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot update collection counts"), query.lastError());
    // The deletion event, so a mirror harvesting us learns of it. A re-created and re-deleted observation
    // gets a fresh timestamp.
    query.prepare(QStringLiteral("DELETE FROM DeletedObservation WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot record the deletion"), query.lastError());
    query.prepare(QStringLiteral(
        "INSERT INTO DeletedObservation (id, collection, observationID, lastModified) VALUES (?, ?, ?, ?)"));
    query.addBindValue(id);
    query.addBindValue(collection);
    query.addBindValue(observationID);
    query.addBindValue(toSqlTimestamp(QDateTime::currentMSecsSinceEpoch()));
    if (!query.exec())
        return sqlError(QStringLiteral("cannot record the deletion"), query.lastError());
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return true;
}

namespace {

// An observation's document as stored (compressed, see document_codec.h) with its accMetaChecksum column, or
// nothing when it is not there. One statement: serve answers every document request with both.
struct StoredRow {
    QByteArray bytes;
    QString accMetaChecksum;
};

mirror::Result<std::optional<StoredRow>> storedDocument(Store &store, const QString &collection,
                                                        const QString &observationID)
{
    QSqlQuery query(store.database());
    query.prepare(QStringLiteral(
        "SELECT document, acc_meta_checksum FROM observation WHERE collection = ? AND observation_id = ?"));
    query.addBindValue(collection);
    query.addBindValue(observationID);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read %1/%2").arg(collection, observationID), query.lastError());
    if (!query.next())
        return std::optional<StoredRow>();
    return std::optional<StoredRow>(StoredRow{query.value(0).toByteArray(), query.value(1).toString()});
}

} // namespace

mirror::Result<std::optional<DocumentWithChecksum>>
ObservationStore::documentWithChecksum(const QString &collection, const QString &observationID) const
{
    auto stored = storedDocument(*m_store, collection, observationID);
    if (!stored)
        return stored.error();
    if (!stored.value())
        return std::optional<DocumentWithChecksum>();
    auto xml = decodeDocumentXml((*stored)->bytes);
    if (!xml)
        return mirror::Error{xml.error().category,
                             collection.toStdString() + "/" + observationID.toStdString() + ": " + xml.error().message};
    return std::optional<DocumentWithChecksum>(
        DocumentWithChecksum{std::move(xml.value()), std::move((*stored)->accMetaChecksum)});
}

mirror::Result<std::optional<QByteArray>> ObservationStore::document(const QString &collection,
                                                                     const QString &observationID) const
{
    auto found = documentWithChecksum(collection, observationID);
    if (!found)
        return found.error();
    if (!found.value())
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(std::move((*found)->xml));
}

mirror::Result<std::optional<caom2::Observation>> ObservationStore::load(const QString &collection,
                                                                         const QString &observationID) const
{
    // Straight from the stored bytes to the model: a document kept without its checksums would otherwise be read,
    // written with them and read again.
    auto stored = storedDocument(*m_store, collection, observationID);
    if (!stored)
        return stored.error();
    if (!stored.value())
        return std::optional<caom2::Observation>();
    auto observation = decodeDocument((*stored)->bytes, collection + QLatin1Char('/') + observationID);
    if (!observation)
        return observation.error(); // names the observation and says what is wrong with its stored bytes
    return std::optional<caom2::Observation>(std::move(observation.value()));
}

mirror::Result<std::optional<ObservationSummary>> ObservationStore::summary(const QString &collection,
                                                                            const QString &observationID) const
{
    QSqlQuery query(m_store->database());
    query.prepare(QStringLiteral("SELECT %1 FROM observation WHERE collection = ? AND observation_id = ?")
                      .arg(QString::fromLatin1(summaryColumns)));
    query.addBindValue(collection);
    query.addBindValue(observationID);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read %1/%2").arg(collection, observationID), query.lastError());
    if (!query.next())
        return std::optional<ObservationSummary>();
    return std::optional<ObservationSummary>(summaryFromRow(query));
}

namespace {

// The observation_ids of a collection (one bound value) with an open discrepancy of these classes that our copy
// has not since taken on (the partner's checksum is not ours now): the rows observationDisplayState() shows
// differing (differingClasses) or pending (pendingClasses). Keep in step with observation_display_state.cpp.
QString openFindings(const char *classes)
{
    return QStringLiteral("SELECT d.observation_id FROM discrepancy d JOIN observation o ON o.collection = d.collection"
                          " AND o.observation_id = d.observation_id WHERE d.collection = ? AND d.acknowledged = 0"
                          " AND d.class IN (%1) AND (d.class = 'missing-remotely' OR d.remote_checksum IS NULL"
                          " OR d.remote_checksum = '' OR d.remote_checksum <> o.acc_meta_checksum)")
        .arg(QLatin1String(classes));
}
constexpr const char *differingClasses = "'checksum-differs', 'missing-remotely'";
constexpr const char *pendingClasses = "'pending'";

// The observation URIs (caom:<collection>/<observationID>, as the uri column holds them) with a skip record: a
// refresh of them failed, so they are shown stale whatever their row says (one bound value: the entity name).
const QString skippedUris = QStringLiteral("SELECT skipID FROM HarvestSkipURI WHERE cname = ?");

// WHERE clause and its bound values for a filter; every condition is served by an index on collection.
QString filterClause(Store &store, const ObservationFilter &filter, QVariantList &values)
{
    QStringList conditions{QStringLiteral("collection = ?")};
    values << filter.collection;
    if (filter.source) {
        conditions << QStringLiteral("source = ?");
        values << *filter.source;
    }
    if (!filter.idPrefix.isEmpty()) {
        // A range instead of LIKE: uses the (collection, observation_id) index in both engines.
        conditions << QStringLiteral("observation_id >= ?") << QStringLiteral("observation_id < ?");
        values << filter.idPrefix << QString(filter.idPrefix + QChar(0xFFFF));
    }
    if (!filter.idContains.isEmpty()) {
        const IdSearch search = observationIdContains(store, filter.idContains);
        if (search.readsMatchesByKey)
            conditions.front() = QStringLiteral("+collection = ?");
        conditions << search.condition;
        values << search.values;
    }
    if (!filter.instrument.isEmpty()) {
        conditions << QStringLiteral("instrument = ?");
        values << filter.instrument;
    }
    if (!filter.state.isEmpty()) {
        // The state an observation is shown with (observation_display_state.h), not only its row's.
        const QString differing = openFindings(differingClasses);
        const QString pending = openFindings(pendingClasses);
        if (filter.state == ObservationState::differs) {
            conditions << QStringLiteral("(state = ? OR observation_id IN (%1))").arg(differing);
            values << filter.state << filter.collection;
        } else if (filter.state == ObservationState::stale) {
            conditions << QStringLiteral(
                              "(state = ? OR (state <> '%1' AND uri IN (%2))) AND observation_id NOT IN (%3)")
                              .arg(ObservationState::differs, skippedUris, differing);
            values << filter.state << HarvestEntity::observation << filter.collection;
        } else if (filter.state == QLatin1String("pending")) {
            conditions << QStringLiteral("state NOT IN ('%1', '%2') AND observation_id IN (%3) AND observation_id "
                                         "NOT IN (%4) AND uri NOT IN (%5)")
                              .arg(ObservationState::stale, ObservationState::differs, pending, differing, skippedUris);
            values << filter.collection << filter.collection << HarvestEntity::observation;
        } else {
            conditions << QStringLiteral("state = ? AND observation_id NOT IN (%1) AND observation_id NOT IN (%2)"
                                         " AND uri NOT IN (%3)")
                              .arg(differing, pending, skippedUris);
            values << filter.state << filter.collection << filter.collection << HarvestEntity::observation;
        }
    }
    if (filter.modifiedFrom) {
        conditions << QStringLiteral("max_last_modified >= ?");
        values << static_cast<qlonglong>(*filter.modifiedFrom);
    }
    if (filter.modifiedTo) {
        conditions << QStringLiteral("max_last_modified <= ?");
        values << static_cast<qlonglong>(*filter.modifiedTo);
    }
    if (filter.onlyDifferences) {
        // Drive from the (small) set of differing observations rather than testing every row of the
        // collection: both halves are index range scans, and the outer rows are unique-key lookups.
        // Shown as not ok (observation_display_state.h): a stale or differing row, a skip record, or an open
        // finding.
        conditions << QStringLiteral("observation_id IN (SELECT observation_id FROM observation WHERE collection = ?"
                                     " AND (state IN ('%1', '%2') OR uri IN (%3)) UNION %4 UNION %5)")
                          .arg(ObservationState::stale, ObservationState::differs, skippedUris,
                               openFindings(differingClasses), openFindings(pendingClasses));
        values << filter.collection << HarvestEntity::observation << filter.collection << filter.collection;
    }
    return conditions.join(QStringLiteral(" AND "));
}

} // namespace

mirror::Result<std::vector<ObservationSummary>> ObservationStore::window(const ObservationFilter &filter, int limit,
                                                                         const QString &afterObservationID,
                                                                         qint64 offset) const
{
    QVariantList values;
    QString where = filterClause(*m_store, filter, values);
    if (!afterObservationID.isEmpty()) {
        if (filter.order.key != ObservationSortKey::ObservationId)
            return mirror::Error{mirror::ErrorCategory::Fatal,
                                 "keyset paging needs the observationID order (a caller's mistake)"};
        where += filter.order.descending ? QStringLiteral(" AND observation_id < ?")
                                         : QStringLiteral(" AND observation_id > ?");
        values << afterObservationID;
    }
    QString sql = QStringLiteral("SELECT %1 FROM observation WHERE %2 ORDER BY %3 LIMIT %4")
                      .arg(QString::fromLatin1(summaryColumns), where, order::orderBy(filter.order))
                      .arg(limit);
    if (afterObservationID.isEmpty() && offset > 0)
        sql += QStringLiteral(" OFFSET %1").arg(offset);
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &v : std::as_const(values))
        query.addBindValue(v);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot list %1").arg(filter.collection), query.lastError());
    std::vector<ObservationSummary> rows;
    rows.reserve(static_cast<std::size_t>(limit));
    while (query.next())
        rows.push_back(summaryFromRow(query));
    return rows;
}

mirror::Result<qint64> ObservationStore::count(const ObservationFilter &filter) const
{
    QVariantList values;
    const QString where = filterClause(*m_store, filter, values);
    QSqlQuery query(m_store->database());
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM observation WHERE %1").arg(where));
    for (const QVariant &v : std::as_const(values))
        query.addBindValue(v);
    if (!query.exec() || !query.next())
        return sqlError(QStringLiteral("cannot count %1").arg(filter.collection), query.lastError());
    return query.value(0).toLongLong();
}

mirror::Result<std::optional<qint64>> ObservationStore::rowOf(const ObservationFilter &filter,
                                                              const QString &observationID) const
{
    QVariantList values;
    const QString where = filterClause(*m_store, filter, values);
    const QString what = QStringLiteral("cannot find %1 in %2").arg(observationID, filter.collection);
    // Is it there, and what is its sort key: the key places it in the order.
    QSqlQuery lookup(m_store->database());
    QVariantList lookupValues = values;
    lookupValues << observationID;
    if (auto ok = sql::run(lookup,
                           QStringLiteral("SELECT %1 FROM observation WHERE %2 AND observation_id = ?")
                               .arg(order::keyColumn(filter.order.key), where),
                           lookupValues, what);
        !ok)
        return ok.error();
    if (!lookup.next())
        return std::optional<qint64>();
    const QVariant key = lookup.value(0);
    lookup.finish();

    QSqlQuery before(m_store->database());
    QVariantList beforeValues = values;
    const QString comesBefore = order::comesBefore(filter.order, m_store->engine(), key, observationID, beforeValues);
    if (auto ok =
            sql::run(before, QStringLiteral("SELECT COUNT(*) FROM observation WHERE %1 AND %2").arg(where, comesBefore),
                     beforeValues, what);
        !ok)
        return ok.error();
    if (!before.next())
        return mirror::Error{mirror::ErrorCategory::Fatal, what.toStdString()};
    return std::optional<qint64>(before.value(0).toLongLong());
}

namespace {

// Parts of an artifact and chunks of a part, read from the observation's stored document (document_tree.h).
mirror::Result<std::vector<TreeNode>> childrenFromDocument(Store &store, NodeKind parentKind, qint64 parentKey,
                                                           qint64 obsKey)
{
    // The artifact's URI from its row (to match it in the document), with the document itself.
    QSqlQuery query(store.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT o.collection, o.observation_id, o.document, a.uri FROM observation o"
                                 " LEFT JOIN artifact a ON a.obs_key = o.obs_key AND a.node_no = ?"
                                 " WHERE o.obs_key = ?"));
    query.addBindValue(parentKind == NodeKind::Artifact ? parentKey : qint64(-1));
    query.addBindValue(obsKey);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot list the children of a node"), query.lastError());
    if (!query.next())
        return std::vector<TreeNode>(); // removed since the tree was read
    const QString name = query.value(0).toString() + QLatin1Char('/') + query.value(1).toString();
    auto observation = decodeDocument(query.value(2).toByteArray(), name);
    if (!observation)
        return mirror::Error{observation.error().category,
                             "cannot show the parts and chunks: " + observation.error().message};
    auto nodes = documentChildren(*observation, parentKind, parentKey, query.value(3).toString(), obsKey);
    return nodes ? std::move(*nodes) : std::vector<TreeNode>(); // not in this version of the observation
}

} // namespace

mirror::Result<std::vector<TreeNode>> ObservationStore::children(NodeKind parentKind, qint64 parentKey,
                                                                 qint64 obsKey) const
{
    QString sql;
    NodeKind childKind = NodeKind::Plane;
    switch (parentKind) {
    case NodeKind::Observation:
        childKind = NodeKind::Plane;
        sql = QStringLiteral("SELECT node_no, product_id, id, meta_checksum, acc_meta_checksum, child_count,"
                             " calibration_level, data_product_type FROM plane WHERE obs_key = ? ORDER BY product_id");
        break;
    case NodeKind::Plane:
        childKind = NodeKind::Artifact;
        sql = QStringLiteral(
            "SELECT node_no, uri, id, meta_checksum, acc_meta_checksum, child_count,"
            " product_type, content_length FROM artifact WHERE obs_key = ? AND parent_no = ? ORDER BY uri");
        break;
    case NodeKind::Artifact:
    case NodeKind::Part: return childrenFromDocument(*m_store, parentKind, parentKey, obsKey);
    case NodeKind::Chunk: return std::vector<TreeNode>();
    }
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    query.prepare(sql);
    query.addBindValue(obsKey);
    if (parentKind != NodeKind::Observation)
        query.addBindValue(parentKey);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot list the children of a node"), query.lastError());
    std::vector<TreeNode> nodes;
    while (query.next()) {
        TreeNode n;
        n.kind = childKind;
        n.key = query.value(0).toLongLong();
        n.obsKey = obsKey;
        n.id = storedUuidText(query.value(2));
        n.label = query.value(1).toString();
        n.metaChecksum = storedChecksumText(query.value(3));
        n.accMetaChecksum = storedChecksumText(query.value(4));
        n.childCount = query.value(5).toInt();
        switch (childKind) {
        case NodeKind::Plane:
            n.detail =
                QStringLiteral("calibration level %1, %2")
                    .arg(query.value(6).isNull() ? QStringLiteral("?") : query.value(6).toString(),
                         query.value(7).isNull() ? QStringLiteral("no product type") : query.value(7).toString());
            break;
        case NodeKind::Artifact:
            n.detail = query.value(6).toString()
                + (query.value(7).isNull() ? QString() : QStringLiteral(", %1 bytes").arg(query.value(7).toLongLong()));
            break;
        case NodeKind::Observation:
        case NodeKind::Part:
        case NodeKind::Chunk: break; // read from the document (childrenFromDocument)
        }
        nodes.push_back(std::move(n));
    }
    return nodes;
}

mirror::Result<std::vector<CollectionCount>> ObservationStore::counts() const
{
    QSqlQuery query(m_store->database());
    if (!query.exec(QStringLiteral("SELECT source, collection, state, observation_count FROM collection_stats"
                                   " WHERE observation_count > 0 ORDER BY source, collection, state")))
        return sqlError(QStringLiteral("cannot read collection counts"), query.lastError());
    std::vector<CollectionCount> counts;
    while (query.next())
        counts.push_back({query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                          query.value(3).toLongLong()});
    return counts;
}

mirror::Result<std::vector<std::pair<QString, qint64>>> ObservationStore::collections() const
{
    QSqlQuery query(m_store->database());
    if (!query.exec(QStringLiteral("SELECT collection, SUM(observation_count) FROM collection_stats"
                                   " GROUP BY collection HAVING SUM(observation_count) > 0 ORDER BY collection")))
        return sqlError(QStringLiteral("cannot list collections"), query.lastError());
    std::vector<std::pair<QString, qint64>> result;
    while (query.next())
        result.emplace_back(query.value(0).toString(), query.value(1).toLongLong());
    return result;
}

mirror::Result<QStringList> ObservationStore::instruments(const QString &collection) const
{
    // Each step asks the (collection, instrument, observation_id) index for the next name after the last.
    QSqlQuery query(m_store->database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "WITH RECURSIVE names(name) AS ("
        " SELECT MIN(instrument) FROM observation WHERE collection = ? AND instrument > ''"
        " UNION ALL"
        " SELECT (SELECT MIN(instrument) FROM observation WHERE collection = ? AND instrument > names.name)"
        " FROM names WHERE names.name IS NOT NULL)"
        " SELECT name FROM names WHERE name IS NOT NULL"));
    query.addBindValue(collection);
    query.addBindValue(collection);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot list the instruments of %1").arg(collection), query.lastError());
    QStringList names;
    while (query.next())
        names << query.value(0).toString();
    names.sort(Qt::CaseInsensitive);
    return names;
}

mirror::Result<void>
ObservationStore::forEachInCollection(const QString &collection,
                                      const std::function<bool(const ObservationSummary &)> &visit) const
{
    ObservationFilter filter;
    filter.collection = collection;
    QString after;
    for (;;) {
        auto page = window(filter, 1000, after);
        if (!page)
            return page.error();
        for (const ObservationSummary &row : page.value())
            if (!visit(row))
                return {};
        if (page->size() < 1000)
            return {};
        after = page->back().observationID;
    }
}

} // namespace store
