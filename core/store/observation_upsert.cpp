// Writing observations: preparing documents and checksums (any thread) and replacing whole subtrees in one
// transaction (the writer). The reads are in observation_store.cpp.
#include "store/observation_store.h"

#include "caom2/checksum.h"
#include "common/ordered_parallel.h"
#include "store/document_codec.h"
#include "store/document_tree.h"
#include "store/entity_digest_values.h"
#include "store/observation_lookup.h"
#include "store/postgres_copy.h"
#include "store/row_inserter.h"
#include "store/schema.h"
#include "store/upsert_row_values.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

namespace store {

namespace {

using namespace upsert_rows;

// Statements of one upsert batch. Every kind of row is written for the whole batch at once, a chunk of rows
// per statement (rowsPerStatement): new observations by multi-row INSERTs that return their keys, the old
// entity rows of replaced observations by DELETE ... IN, entity rows through multi-row inserters, the counters
// once per (source, collection, state). Only a replaced observation's own row is one UPDATE each.
class UpsertStatements {
public:
    UpsertStatements(const QSqlDatabase &db, bool withProposal, bool binaryDigests, bool withPartRows)
        : withProposal(withProposal),
          binaryDigests(binaryDigests),
          withPartRows(withPartRows),
          m_columns(observationColumnsFor(withProposal)),
          m_db(db),
          m_update(db),
          planes(db, QStringLiteral("plane"),
                 {QStringLiteral("obs_key"), QStringLiteral("node_no"), QStringLiteral("id"),
                  QStringLiteral("product_id"), QStringLiteral("calibration_level"),
                  QStringLiteral("data_product_type"), QStringLiteral("meta_release"), QStringLiteral("data_release"),
                  QStringLiteral("meta_checksum"), QStringLiteral("acc_meta_checksum"), QStringLiteral("child_count")}),
          artifacts(db, QStringLiteral("artifact"),
                    {QStringLiteral("obs_key"), QStringLiteral("node_no"), QStringLiteral("parent_no"),
                     QStringLiteral("id"), QStringLiteral("uri"), QStringLiteral("product_type"),
                     QStringLiteral("release_type"), QStringLiteral("content_type"), QStringLiteral("content_length"),
                     QStringLiteral("content_checksum"), QStringLiteral("content_release"),
                     QStringLiteral("meta_checksum"), QStringLiteral("acc_meta_checksum"),
                     QStringLiteral("child_count")}),
          parts(db, QStringLiteral("part"),
                {QStringLiteral("obs_key"), QStringLiteral("node_no"), QStringLiteral("parent_no"),
                 QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("product_type"),
                 QStringLiteral("meta_checksum"), QStringLiteral("acc_meta_checksum"), QStringLiteral("child_count")}),
          chunks(db, QStringLiteral("chunk"),
                 {QStringLiteral("obs_key"), QStringLiteral("node_no"), QStringLiteral("parent_no"),
                  QStringLiteral("id"), QStringLiteral("product_type"), QStringLiteral("naxis"), QStringLiteral("axes"),
                  QStringLiteral("meta_checksum"), QStringLiteral("acc_meta_checksum")})
    {}

    // The statement that rewrites a replaced observation's row in place, prepared when a batch first needs it.
    mirror::Result<QSqlQuery *> updateStatement()
    {
        if (!m_updatePrepared) {
            const QString update = QLatin1String("UPDATE observation SET ") + m_columns.join(QLatin1String(" = ?, "))
                + QLatin1String(" = ? WHERE obs_key = ?");
            if (!m_update.prepare(update))
                return sqlError(QStringLiteral("cannot prepare a store statement"), m_update.lastError());
            m_updatePrepared = true;
        }
        return &m_update;
    }

    // Adds the batch's changes to the counters, one row per (source, collection, state): on PostgreSQL by one
    // statement of literal rows (one round trip, where a batch of many collections took one each), on SQLite by
    // a prepared statement per row.
    mirror::Result<void> addCounts(const std::map<std::tuple<QString, QString, QString>, qint64> &deltas)
    {
        std::vector<QVariant> values;
        for (const auto &[counter, delta] : deltas)
            if (delta != 0)
                values.insert(values.end(),
                              {std::get<0>(counter), std::get<1>(counter), std::get<2>(counter),
                               QVariant(static_cast<qlonglong>(delta))});
        if (values.empty())
            return {};
        const QString insert =
            QStringLiteral("INSERT INTO collection_stats (source, collection, state, observation_count) VALUES %1"
                           " ON CONFLICT (source, collection, state) DO UPDATE"
                           " SET observation_count = collection_stats.observation_count + excluded.observation_count");
        QSqlQuery query(m_db);
        if (writesLiterals(m_db)) {
            if (!query.exec(insert.arg(literalRows(m_db.driver(), values.data(), values.size() / 4, 4))))
                return sqlError(QStringLiteral("cannot update collection counts"), query.lastError());
            return {};
        }
        if (!query.prepare(insert.arg(QStringLiteral("(?, ?, ?, ?)"))))
            return sqlError(QStringLiteral("cannot prepare a store statement"), query.lastError());
        for (std::size_t row = 0; row < values.size(); row += 4) {
            for (std::size_t i = row; i < row + 4; ++i)
                query.addBindValue(values[i]);
            if (!query.exec())
                return sqlError(QStringLiteral("cannot update collection counts"), query.lastError());
        }
        return {};
    }

    // Inserts new observations where rows are not copied (SQLite), a chunk per statement, their keys coming back
    // by (collection, observationID). PostgreSQL streams them by COPY instead (BatchWrite below).
    mirror::Result<void> insertObservations(const std::vector<const Pending *> &items, qint64 storedAt,
                                            std::map<std::pair<QString, QString>, qint64> &keys)
    {
        const auto perStatement = static_cast<std::size_t>(rowsPerStatement(m_db, static_cast<int>(m_columns.size())));
        for (std::size_t first = 0; first < items.size(); first += perStatement) {
            const std::size_t count = std::min(items.size() - first, perStatement);
            std::vector<QVariant> values;
            values.reserve(count * static_cast<std::size_t>(m_columns.size()));
            for (std::size_t i = first; i < first + count; ++i)
                for (QVariant &value : observationValues(*items[i], storedAt, withProposal))
                    values.push_back(std::move(value));
            QSqlQuery *insert = &insertStatement(static_cast<int>(count));
            for (std::size_t i = 0; i < values.size(); ++i)
                insert->bindValue(m_names[static_cast<qsizetype>(i)], values[i]); // by name: row_inserter.h
            if (!insert->exec())
                return sqlError(QStringLiteral("cannot insert observations of %1, from %2")
                                    .arg(fromStd(items[first]->item.observation.collection),
                                         fromStd(items[first]->item.observation.observationID)),
                                insert->lastError());
            while (insert->next())
                keys[{insert->value(1).toString(), insert->value(2).toString()}] = insert->value(0).toLongLong();
            insert->finish();
        }
        return {};
    }

    // The observation table's columns for a COPY: the key first, then the row's values.
    QStringList copyColumns() const { return QStringList{QStringLiteral("obs_key")} + m_columns; }

    // Removes the entity rows of the observations being replaced. A short last chunk repeats its last key,
    // so one statement per table serves the whole batch.
    mirror::Result<void> deleteEntities(const std::vector<qint64> &obsKeys)
    {
        if (obsKeys.empty())
            return {};
        const std::size_t chunk =
            std::min<std::size_t>(obsKeys.size(), static_cast<std::size_t>(rowsPerStatement(m_db, 1)));
        for (const char *table : {"plane", "artifact", "part", "chunk"}) {
            if (!withPartRows && (qstrcmp(table, "part") == 0 || qstrcmp(table, "chunk") == 0))
                continue;
            QSqlQuery del(m_db);
            if (!del.prepare(
                    QStringLiteral("DELETE FROM %1 WHERE obs_key IN (%2)")
                        .arg(QString::fromLatin1(table),
                             QStringList(static_cast<qsizetype>(chunk), QStringLiteral("?")).join(QLatin1Char(',')))))
                return sqlError(QStringLiteral("cannot prepare a store statement"), del.lastError());
            for (std::size_t first = 0; first < obsKeys.size(); first += chunk) {
                for (std::size_t i = 0; i < chunk; ++i)
                    del.addBindValue(obsKeys[std::min(first + i, obsKeys.size() - 1)]);
                if (!del.exec())
                    return sqlError(QStringLiteral("cannot replace the entities of observations"), del.lastError());
            }
        }
        return {};
    }

    // PostgreSQL: entity rows go by COPY statements as they are added (postgres_copy.h).
    void streamEntitiesInto(CopySession &session, qsizetype statementBytes)
    {
        for (RowInserter *inserter : {&planes, &artifacts, &parts, &chunks})
            inserter->streamInto(session, statementBytes);
    }

    mirror::Result<void> flushEntities()
    {
        for (RowInserter *inserter : {&planes, &artifacts, &parts, &chunks})
            if (auto flushed = inserter->flush(); !flushed)
                return flushed;
        return {};
    }

private:
    QString insertSql(const QString &rows) const
    {
        return QStringLiteral("INSERT INTO observation (%1) VALUES %2 RETURNING obs_key, collection, observation_id")
            .arg(m_columns.join(QLatin1Char(',')), rows);
    }

    QSqlQuery &insertStatement(int rows)
    {
        std::unique_ptr<QSqlQuery> &statement = m_inserts[rows];
        if (!statement) {
            if (m_names.size() < rows * m_columns.size())
                m_names = placeholderNames(rows * m_columns.size());
            statement = std::make_unique<QSqlQuery>(m_db);
            statement->prepare(insertSql(valueRows(m_names, rows, m_columns.size())));
        }
        return *statement;
    }

public:
    const bool withProposal;
    const bool binaryDigests; // entity ids and checksums as bytes (entity_digest_values.h), or text before
    const bool withPartRows;  // part and chunk rows, only below version 11 (document_tree.h)

private:
    QStringList m_columns;
    QSqlDatabase m_db;
    std::map<int, std::unique_ptr<QSqlQuery>> m_inserts; // prepared once per row count
    QStringList m_names;                                 // their placeholder names

    QSqlQuery m_update;
    bool m_updatePrepared = false;

public:
    RowInserter planes, artifacts, parts, chunks;
};

// Buffers the entity rows of one observation. Node numbers are the pre-order positions of computeChecksums
// (observation = 0), so `sums[node]` is that entity's checksums.
void addEntityRows(UpsertStatements &s, qint64 obsKey, const caom2::Observation &o,
                   const std::vector<caom2::EntityChecksums> &sums)
{
    const auto id = [&s](const caom2::Uuid &uuid) {
        return s.binaryDigests ? QVariant(uuidBytes(uuid)) : QVariant(fromStd(uuid.toString()));
    };
    const auto meta = [&s, &sums](int node) {
        const std::string &sum = sums[static_cast<std::size_t>(node)].metaChecksum;
        return s.binaryDigests ? QVariant(checksumBytes(sum)) : QVariant(fromStd(sum));
    };
    const auto acc = [&s, &sums](int node) {
        const std::string &sum = sums[static_cast<std::size_t>(node)].accMetaChecksum;
        return s.binaryDigests ? QVariant(checksumBytes(sum)) : QVariant(fromStd(sum));
    };
    int node = 1;
    for (const caom2::Plane &plane : o.planes) {
        const int planeNo = node++;
        s.planes.add({obsKey, planeNo, id(plane.id), fromStd(plane.productID),
                      plane.calibrationLevel ? QVariant(static_cast<int>(*plane.calibrationLevel))
                                             : QVariant(QMetaType::fromType<int>()),
                      plane.dataProductType ? QVariant(fromStd(plane.dataProductType->term))
                                            : QVariant(QMetaType::fromType<QString>()),
                      optionalMs(plane.metaRelease), optionalMs(plane.dataRelease), meta(planeNo), acc(planeNo),
                      static_cast<int>(plane.artifacts.size())});
        for (const caom2::Artifact &artifact : plane.artifacts) {
            const int artifactNo = node++;
            s.artifacts.add({obsKey, artifactNo, planeNo, id(artifact.id), fromStd(artifact.uri.text),
                             fromStd(artifact.productType.term),
                             fromStd(std::string(caom2::toString(artifact.releaseType))),
                             optionalText(artifact.contentType),
                             artifact.contentLength ? QVariant(static_cast<qlonglong>(*artifact.contentLength))
                                                    : QVariant(QMetaType::fromType<qlonglong>()),
                             artifact.contentChecksum ? QVariant(fromStd(artifact.contentChecksum->text))
                                                      : QVariant(QMetaType::fromType<QString>()),
                             optionalMs(artifact.contentRelease), meta(artifactNo), acc(artifactNo),
                             static_cast<int>(artifact.parts.size())});
            for (const caom2::Part &part : artifact.parts) {
                const int partNo = node++;
                if (!s.withPartRows) {
                    node += static_cast<int>(part.chunks.size()); // numbered all the same: keys stay as they were
                    continue;
                }
                s.parts.add({obsKey, partNo, artifactNo, id(part.id), fromStd(part.name),
                             part.productType ? QVariant(fromStd(part.productType->term))
                                              : QVariant(QMetaType::fromType<QString>()),
                             meta(partNo), acc(partNo), static_cast<int>(part.chunks.size())});
                for (const caom2::Chunk &chunk : part.chunks) {
                    const int chunkNo = node++;
                    s.chunks.add({obsKey, chunkNo, partNo, id(chunk.id),
                                  chunk.productType ? QVariant(fromStd(chunk.productType->term))
                                                    : QVariant(QMetaType::fromType<QString>()),
                                  nullable(chunk.naxis), chunkAxes(chunk), meta(chunkNo), acc(chunkNo)});
                }
            }
        }
    }
}

// Writes one prepared observation of a batch (its index in the batch, and what was prepared of it).
using WriteOne = std::function<mirror::Result<void>(std::size_t, const Pending &)>;
// Hands every item of a batch to `write` in input order, each as soon as it is prepared, and returns the first
// failure, of preparing or of `write` (after which `write` is not called again).
using Feed = std::function<mirror::Result<void>(const WriteOne &)>;

mirror::Result<void> writeBatch(const std::shared_ptr<Store> &owner, const std::vector<const UpsertItem *> &items,
                                const Feed &feed);

// The document and checksums of an item, without copying it.
struct PreparedParts {
    QByteArray document;
    int documentSize = 0;
    std::vector<caom2::EntityChecksums> checksums;
};

mirror::Result<PreparedParts> prepareParts(const UpsertItem &item)
{
    PreparedParts parts;
    // Index rows carry the computed checksums; the caller has verified them against the document's own. Where
    // they all agree the document is kept without them (document_codec.h).
    parts.checksums = caom2::computeChecksums(item.observation);
    auto document = encodeDocument(item.observation, parts.checksums, &parts.documentSize);
    if (!document)
        return document.error();
    parts.document = std::move(document.value());
    return parts;
}

// The size of the COPY statements an upsert's rows go by on PostgreSQL: about a fifth of a sample-mix batch's
// observation rows each, so that the server inserts while the rest is prepared, and each statement's round trip is
// shared by many rows (64 and 128 kB measured no better).
constexpr qsizetype streamedStatementBytes = 256 * 1024;

// Threads that prepare the documents of one upsert. Preparing is about 70 % of a sample-mix upsert's instructions
// and independent per observation; the SQL is not, so more than a few threads gain nothing. A small batch stays on
// the calling thread: starting a thread costs more than preparing a few documents.
int preparingThreads(std::size_t items)
{
    constexpr std::size_t itemsPerThread = 8;
    constexpr std::size_t mostThreads = 4;
    return static_cast<int>(std::min({static_cast<std::size_t>(mirror::defaultWorkerThreads()), mostThreads,
                                      std::max<std::size_t>(1, items / itemsPerThread)}));
}

} // namespace

mirror::Result<PreparedObservation> prepareUpsert(UpsertItem item)
{
    auto parts = prepareParts(item);
    if (!parts)
        return parts.error();
    return PreparedObservation{std::move(item), std::move(parts->document), parts->documentSize,
                               std::move(parts->checksums)};
}

mirror::Result<void> ObservationStore::upsert(const std::vector<UpsertItem> &batch)
{
    std::vector<const UpsertItem *> items;
    items.reserve(batch.size());
    for (const UpsertItem &item : batch)
        items.push_back(&item);
    // The documents and checksums on several threads, each handed to the writer in input order as soon as it is
    // ready: on PostgreSQL the server inserts the first observations while the threads prepare the rest (on two
    // cores the two had taken turns, a third of the time with a core idle). The SQL stays on this thread, whose
    // connection it is.
    std::vector<PreparedParts> parts(batch.size()); // filled by index: what the writer holds stays where it is
    const Feed feed = [&](const WriteOne &write) -> mirror::Result<void> {
        using Ready = std::optional<mirror::Result<PreparedParts>>;
        std::optional<mirror::Error> failed;
        mirror::orderedParallel<Ready>(
            batch.size(), preparingThreads(batch.size()), batch.size(),
            [&batch](std::size_t i) { return Ready(prepareParts(batch[i])); },
            [&](std::size_t i, Ready &&ready) {
                if (failed)
                    return;
                if (!*ready) {
                    failed = ready->error();
                    return;
                }
                parts[i] = std::move(ready->value());
                if (auto written = write(i, {batch[i], parts[i].document, parts[i].documentSize, parts[i].checksums});
                    !written)
                    failed = written.error();
            });
        if (failed)
            return *failed; // nothing of the batch is written
        return {};
    };
    return writeBatch(m_store, items, feed);
}

mirror::Result<void> ObservationStore::upsertPrepared(const std::vector<PreparedObservation> &batch)
{
    std::vector<const UpsertItem *> items;
    items.reserve(batch.size());
    for (const PreparedObservation &prepared : batch)
        items.push_back(&prepared.item);
    const Feed feed = [&batch](const WriteOne &write) -> mirror::Result<void> {
        for (std::size_t i = 0; i < batch.size(); ++i)
            if (auto written = write(i, {batch[i].item, batch[i].document, batch[i].documentSize, batch[i].checksums});
                !written)
                return written;
        return {};
    };
    return writeBatch(m_store, items, feed);
}

namespace {

// One batch's way into the store, in one transaction. Its setup (looking up what the store holds of the batch, by
// the items' names, which are known before anything is prepared) runs when the first item is ready, so that the
// preparing threads have started. Then each item as it is handed over: on PostgreSQL a new observation's row and
// every entity row go by COPY statements of a few hundred kB at once, so the server inserts while the rest is
// prepared; replaced observations' rows (and on SQLite everything) after all are in. Then the counters.
class BatchWrite {
public:
    BatchWrite(const std::shared_ptr<Store> &owner, const std::vector<const UpsertItem *> &items)
        : m_owner(owner),
          m_db(owner->database()),
          m_items(items),
          m_copies(m_db),
          m_statements(m_db, owner->schemaVersion() >= proposalSchemaVersion(),
                       owner->schemaVersion() >= binaryEntityDigestsSchemaVersion(),
                       owner->schemaVersion() < partsFromDocumentsSchemaVersion()),
          m_streams(copiesRows(m_db))
    {}

    mirror::Result<void> run(const Feed &feed)
    {
        auto written = runSteps(feed);
        m_copies.collect(); // no statement left in flight when the transaction rolls back
        return written;
    }

private:
    mirror::Result<void> runSteps(const Feed &feed)
    {
        const WriteOne write = [this](std::size_t i, const Pending &item) -> mirror::Result<void> {
            if (!m_transaction)
                if (auto begun = begin(); !begun)
                    return begun;
            return writeOne(i, item);
        };
        if (auto fed = feed(write); !fed)
            return fed; // the transaction rolls back: nothing of the batch is written
        if (!m_transaction)
            if (auto begun = begin(); !begun)
                return begun;
        return end();
    }

    mirror::Result<void> begin()
    {
        m_transaction.emplace(m_db);
        if (!m_transaction->started())
            return sqlError(QStringLiteral("cannot start a transaction"), m_db.lastError());
        // The same observation twice in one batch: only the last version counts (its entity rows are buffered,
        // so an earlier version's rows must never be queued beside them).
        m_latest.assign(m_items.size(), false);
        std::set<std::pair<std::string, std::string>> seen;
        for (std::size_t i = m_items.size(); i-- > 0;)
            m_latest[i] =
                seen.emplace(m_items[i]->observation.collection, m_items[i]->observation.observationID).second;

        // What the store holds already: one lookup per collection for the whole batch.
        std::map<QString, QStringList> idsByCollection;
        for (std::size_t i = 0; i < m_items.size(); ++i)
            if (m_latest[i])
                idsByCollection[fromStd(m_items[i]->observation.collection)]
                    << fromStd(m_items[i]->observation.observationID);
        const ObservationLookup lookup(m_owner);
        for (const auto &[collection, ids] : idsByCollection) {
            auto found = lookup.byUris(collection, ids);
            if (!found)
                return found.error();
            for (auto &[observationID, key] : *found)
                m_existing.emplace(std::pair{collection, observationID}, std::move(key));
        }

        // Which items replace a stored observation; the counter changes of the whole batch.
        m_replacing.assign(m_items.size(), nullptr);
        std::size_t newCount = 0;
        std::vector<qint64> replacedKeys;
        for (std::size_t i = 0; i < m_items.size(); ++i) {
            if (!m_latest[i])
                continue;
            const UpsertItem &item = *m_items[i];
            const QString collection = fromStd(item.observation.collection);
            const auto old = m_existing.find({collection, fromStd(item.observation.observationID)});
            if (old == m_existing.end()) {
                ++newCount;
                m_firstNew = m_firstNew ? m_firstNew : &item;
            } else {
                m_replacing[i] = &old->second;
                replacedKeys.push_back(old->second.obsKey);
                --m_countDeltas[{old->second.source, collection, old->second.state}];
            }
            ++m_countDeltas[{sourceOf(item), collection, item.state}];
        }
        // The replaced observations' old entity rows go first, before any new entity row can arrive.
        if (auto deleted = m_statements.deleteEntities(replacedKeys); !deleted)
            return deleted;
        m_storedAt = QDateTime::currentMSecsSinceEpoch();
        if (!m_streams)
            return {};
        // PostgreSQL: new observations take keys from the table's sequence now; their rows and every entity row
        // stream by COPY from here on.
        if (newCount > 0) {
            auto reserved = reserveKeys(m_db, QStringLiteral("observation"), QStringLiteral("obs_key"), newCount);
            if (!reserved)
                return reserved.error();
            m_newKeys = std::move(reserved.value());
            m_newRows.emplace(m_copies, QStringLiteral("observation"), m_statements.copyColumns(),
                              streamedStatementBytes);
        }
        m_statements.streamEntitiesInto(m_copies, streamedStatementBytes);
        return {};
    }

    mirror::Result<void> writeOne(std::size_t i, const Pending &item)
    {
        if (!m_latest[i])
            return {};
        if (!m_streams || m_replacing[i]) {
            m_held.emplace_back(i, item);
            if (m_streams)
                addEntityRows(m_statements, m_replacing[i]->obsKey, item.item.observation, item.checksums);
            return {};
        }
        const qint64 key = m_newKeys[m_nextKey++];
        m_row.clear();
        m_row.emplace_back(static_cast<qlonglong>(key));
        for (QVariant &value : observationValues(item, m_storedAt, m_statements.withProposal))
            m_row.push_back(std::move(value));
        if (auto added = m_newRows->addRow(m_row.data()); !added)
            return insertFailed(item.item.observation, added.error());
        addEntityRows(m_statements, key, item.item.observation, item.checksums);
        return {};
    }

    mirror::Result<void> end()
    {
        if (m_newRows)
            if (auto finished = m_newRows->finish(); !finished)
                return insertFailed(m_firstNew->observation, finished.error());
        // Replaced observations: their rows rewritten in place.
        std::map<std::pair<QString, QString>, qint64> keys;
        for (const auto &[i, item] : m_held) {
            if (!m_replacing[i])
                continue;
            const caom2::Observation &o = item.item.observation;
            auto statement = m_statements.updateStatement();
            if (!statement)
                return statement.error();
            QSqlQuery &update = **statement;
            for (const QVariant &value : observationValues(item, m_storedAt, m_statements.withProposal))
                update.addBindValue(value);
            update.addBindValue(m_replacing[i]->obsKey);
            if (!update.exec())
                return sqlError(
                    QStringLiteral("cannot update %1/%2").arg(fromStd(o.collection), fromStd(o.observationID)),
                    update.lastError());
            keys[{fromStd(o.collection), fromStd(o.observationID)}] = m_replacing[i]->obsKey;
        }
        if (!m_streams) {
            // New observations by INSERT, which gives their keys; then every entity row, in input order.
            std::vector<const Pending *> inserts;
            for (const auto &[i, item] : m_held)
                if (!m_replacing[i])
                    inserts.push_back(&item);
            if (auto inserted = m_statements.insertObservations(inserts, m_storedAt, keys); !inserted)
                return inserted;
            for (const auto &[i, item] : m_held) {
                const caom2::Observation &o = item.item.observation;
                const auto key = keys.find({fromStd(o.collection), fromStd(o.observationID)});
                if (key == keys.end())
                    return mirror::Error{mirror::ErrorCategory::Fatal,
                                         "the store did not return the key of " + o.collection + "/" + o.observationID};
                addEntityRows(m_statements, key->second, o, item.checksums);
            }
        }
        if (auto flushed = m_statements.flushEntities(); !flushed)
            return flushed; // the transaction rolls back: nothing of the batch is written
        if (auto counted = m_statements.addCounts(m_countDeltas); !counted)
            return counted;
        return m_transaction->commit();
    }

    static mirror::Error insertFailed(const caom2::Observation &first, const mirror::Error &cause)
    {
        return mirror::Error{cause.category,
                             "cannot insert observations of " + first.collection + ", from " + first.observationID
                                 + ": " + cause.message,
                             cause.detail};
    }

    const std::shared_ptr<Store> &m_owner;
    QSqlDatabase m_db;
    const std::vector<const UpsertItem *> &m_items;
    // Destroyed in reverse order: the observation rows' COPY, then the transaction (rolled back if not committed),
    // then the prepared statements and entity inserters (PostgreSQL refuses a DEALLOCATE inside a failed
    // transaction), then the COPY session, which run() has already collected.
    CopySession m_copies;
    UpsertStatements m_statements;
    std::optional<Transaction> m_transaction;
    std::optional<CopyIn> m_newRows;
    const bool m_streams; // PostgreSQL: rows stream by COPY while items are handed over

    std::vector<bool> m_latest;
    std::map<std::pair<QString, QString>, ObservationKey> m_existing;
    std::vector<const ObservationKey *> m_replacing; // per item: the stored observation it replaces
    std::map<std::tuple<QString, QString, QString>, qint64> m_countDeltas;
    const UpsertItem *m_firstNew = nullptr;
    qint64 m_storedAt = 0;
    std::vector<qint64> m_newKeys;
    std::size_t m_nextKey = 0;
    std::vector<QVariant> m_row;
    std::vector<std::pair<std::size_t, Pending>> m_held; // written after every item is in
};

mirror::Result<void> writeBatch(const std::shared_ptr<Store> &owner, const std::vector<const UpsertItem *> &items,
                                const Feed &feed)
{
    return BatchWrite(owner, items).run(feed);
}

} // namespace

} // namespace store
