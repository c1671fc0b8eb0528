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

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

namespace store {

namespace {

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

QVariant optionalText(const std::optional<std::string> &text)
{
    return text ? QVariant(fromStd(*text)) : QVariant(QMetaType::fromType<QString>());
}

QVariant optionalMs(const std::optional<caom2::Date> &date)
{
    return date ? QVariant(static_cast<qlonglong>(date->msSinceEpoch)) : QVariant(QMetaType::fromType<qlonglong>());
}

QString observationUri(const QString &collection, const QString &observationID)
{
    return QStringLiteral("caom:") + collection + QLatin1Char('/') + observationID;
}

// The observation row's columns, in the order observationValues() gives them.
const QStringList observationColumns = {QStringLiteral("source"),
                                        QStringLiteral("collection"),
                                        QStringLiteral("observation_id"),
                                        QStringLiteral("uri"),
                                        QStringLiteral("id"),
                                        QStringLiteral("observation_type"),
                                        QStringLiteral("obs_type"),
                                        QStringLiteral("intent"),
                                        QStringLiteral("instrument"),
                                        QStringLiteral("target_name"),
                                        QStringLiteral("meta_release"),
                                        QStringLiteral("last_modified"),
                                        QStringLiteral("max_last_modified"),
                                        QStringLiteral("meta_checksum"),
                                        QStringLiteral("acc_meta_checksum"),
                                        QStringLiteral("state"),
                                        QStringLiteral("caom_version"),
                                        QStringLiteral("document"),
                                        QStringLiteral("document_size"),
                                        QStringLiteral("stored_at")};

// The columns written: proposal_id only on a store that has it (every store but one a migration test opened at
// an older version).
QStringList observationColumnsFor(bool withProposal)
{
    return withProposal ? observationColumns + QStringList{QStringLiteral("proposal_id")} : observationColumns;
}

// One observation of a batch as the writer needs it: the item and what prepareUpsert made of it, by reference,
// so that upsert() writes the caller's items without copying them (a sample observation's copy and destruction
// were a tenth of an upsert).
struct Pending {
    const UpsertItem &item;
    const QByteArray &document;
    int documentSize;
    const std::vector<caom2::EntityChecksums> &checksums;
};

QString sourceOf(const UpsertItem &item)
{
    return item.source.isNull() ? QStringLiteral("") : item.source; // null would bind as NULL
}

std::vector<QVariant> observationValues(const Pending &prepared, qint64 storedAt, bool withProposal)
{
    const UpsertItem &item = prepared.item;
    const caom2::Observation &o = item.observation;
    const QString collection = fromStd(o.collection);
    const QString observationID = fromStd(o.observationID);
    const std::vector<caom2::EntityChecksums> &sums = prepared.checksums;
    std::vector<QVariant> values{
        sourceOf(item),
        collection,
        observationID,
        observationUri(collection, observationID),
        fromStd(o.id.toString()),
        o.kind == caom2::ObservationKind::Simple ? QStringLiteral("SimpleObservation")
                                                 : QStringLiteral("DerivedObservation"),
        optionalText(o.type),
        o.intent ? QVariant(fromStd(std::string(caom2::toString(*o.intent))))
                 : QVariant(QMetaType::fromType<QString>()),
        o.instrument ? QVariant(fromStd(o.instrument->name)) : QVariant(QMetaType::fromType<QString>()),
        o.target ? QVariant(fromStd(o.target->name)) : QVariant(QMetaType::fromType<QString>()),
        optionalMs(o.metaRelease),
        optionalMs(o.lastModified),
        optionalMs(o.maxLastModified),
        fromStd(sums[0].metaChecksum),
        fromStd(sums[0].accMetaChecksum),
        item.state,
        item.caomVersion,
        prepared.document,
        prepared.documentSize,
        storedAt,
    };
    if (withProposal)
        values.push_back(o.proposal && !o.proposal->id.empty() ? QVariant(fromStd(o.proposal->id))
                                                               : QVariant(QMetaType::fromType<QString>()));
    return values;
}

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
          updateObservation(db),
          bumpStats(db),
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

    mirror::Result<void> prepare()
    {
        const QString update = QLatin1String("UPDATE observation SET ") + m_columns.join(QLatin1String(" = ?, "))
            + QLatin1String(" = ? WHERE obs_key = ?");
        if (!updateObservation.prepare(update))
            return sqlError(QStringLiteral("cannot prepare a store statement"), updateObservation.lastError());
        const std::pair<QSqlQuery *, const char *> statements[] = {
            {&bumpStats,
             "INSERT INTO collection_stats (source, collection, state, observation_count) VALUES (?, ?, ?, ?)"
             " ON CONFLICT (source, collection, state) DO UPDATE"
             " SET observation_count = collection_stats.observation_count + excluded.observation_count"},
        };
        for (const auto &[query, sql] : statements)
            if (!query->prepare(QString::fromLatin1(sql)))
                return sqlError(QStringLiteral("cannot prepare a store statement"), query->lastError());
        return {};
    }

    // Inserts new observations: on PostgreSQL by COPY, elsewhere a chunk per statement, their keys coming back by
    // (collection, observationID).
    mirror::Result<void> insertObservations(const std::vector<const Pending *> &items, qint64 storedAt,
                                            std::map<std::pair<QString, QString>, qint64> &keys)
    {
        if (copiesRows(m_db))
            return copyObservations(items, storedAt, keys);
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

    mirror::Result<void> flushEntities()
    {
        for (RowInserter *inserter : {&planes, &artifacts, &parts, &chunks})
            if (auto flushed = inserter->flush(); !flushed)
                return flushed;
        return {};
    }

private:
    // PostgreSQL: keys taken from the table's sequence first, then every row of the batch by one COPY.
    mirror::Result<void> copyObservations(const std::vector<const Pending *> &items, qint64 storedAt,
                                          std::map<std::pair<QString, QString>, qint64> &keys)
    {
        if (items.empty())
            return {};
        auto reserved = reserveKeys(m_db, QStringLiteral("observation"), QStringLiteral("obs_key"), items.size());
        if (!reserved)
            return reserved.error();
        std::vector<QVariant> values;
        values.reserve(items.size() * static_cast<std::size_t>(m_columns.size() + 1));
        for (std::size_t i = 0; i < items.size(); ++i) {
            const qint64 key = (*reserved)[i];
            values.emplace_back(static_cast<qlonglong>(key));
            for (QVariant &value : observationValues(*items[i], storedAt, withProposal))
                values.push_back(std::move(value));
            const caom2::Observation &o = items[i]->item.observation;
            keys[{fromStd(o.collection), fromStd(o.observationID)}] = key;
        }
        auto copied = copyRows(m_db, QStringLiteral("observation"), QStringList{QStringLiteral("obs_key")} + m_columns,
                               values.data(), items.size());
        if (!copied)
            return mirror::Error{copied.error().category,
                                 "cannot insert observations of " + items.front()->item.observation.collection
                                     + ", from " + items.front()->item.observation.observationID + ": "
                                     + copied.error().message,
                                 copied.error().detail};
        return {};
    }

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

public:
    QSqlQuery updateObservation, bumpStats;
    RowInserter planes, artifacts, parts, chunks;
};

mirror::Result<void> bumpStats(UpsertStatements &s, const QString &source, const QString &collection,
                               const QString &state, qint64 delta)
{
    s.bumpStats.addBindValue(source);
    s.bumpStats.addBindValue(collection);
    s.bumpStats.addBindValue(state);
    s.bumpStats.addBindValue(delta);
    if (!s.bumpStats.exec())
        return sqlError(QStringLiteral("cannot update collection counts"), s.bumpStats.lastError());
    return {};
}

QVariant nullable(const std::optional<std::int32_t> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<int>());
}

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

mirror::Result<void> writeBatch(const std::shared_ptr<Store> &owner, const std::vector<Pending> &batch);

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
    // The documents and checksums on several threads, kept in input order; the SQL after them on this thread,
    // whose connection it is.
    using Ready = std::optional<mirror::Result<PreparedParts>>;
    std::vector<PreparedParts> parts;
    parts.reserve(batch.size());
    std::optional<mirror::Error> failed;
    mirror::orderedParallel<Ready>(
        batch.size(), preparingThreads(batch.size()), batch.size(),
        [&batch](std::size_t i) { return Ready(prepareParts(batch[i])); },
        [&](std::size_t, Ready &&ready) {
            if (failed)
                return;
            if (!*ready)
                failed = ready->error();
            else
                parts.push_back(std::move(ready->value()));
        });
    if (failed)
        return *failed; // nothing of the batch is written
    std::vector<Pending> pending;
    pending.reserve(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i)
        pending.push_back({batch[i], parts[i].document, parts[i].documentSize, parts[i].checksums});
    return writeBatch(m_store, pending);
}

mirror::Result<void> ObservationStore::upsertPrepared(const std::vector<PreparedObservation> &batch)
{
    std::vector<Pending> pending;
    pending.reserve(batch.size());
    for (const PreparedObservation &prepared : batch)
        pending.push_back({prepared.item, prepared.document, prepared.documentSize, prepared.checksums});
    return writeBatch(m_store, pending);
}

namespace {

mirror::Result<void> writeBatch(const std::shared_ptr<Store> &owner, const std::vector<Pending> &batch)
{
    QSqlDatabase db = owner->database();
    // The statements before the transaction, so that they are freed after it: a failed batch's transaction rolls
    // back first, and only then does PostgreSQL accept the DEALLOCATE of its prepared statements (inside the failed
    // transaction it refuses them, and they stayed on the connection for its life).
    UpsertStatements statements(db, owner->schemaVersion() >= proposalSchemaVersion(),
                                owner->schemaVersion() >= binaryEntityDigestsSchemaVersion(),
                                owner->schemaVersion() < partsFromDocumentsSchemaVersion());
    Transaction transaction(db);
    if (auto prepared = statements.prepare(); !prepared)
        return prepared;
    // The same observation twice in one batch: only the last version counts (its entity rows are buffered,
    // so an earlier version's rows must never be queued beside them).
    std::vector<const Pending *> latest;
    latest.reserve(batch.size());
    {
        std::set<std::pair<std::string, std::string>> seen;
        for (auto it = batch.rbegin(); it != batch.rend(); ++it)
            if (seen.emplace(it->item.observation.collection, it->item.observation.observationID).second)
                latest.push_back(&*it);
        std::reverse(latest.begin(), latest.end());
    }

    // What the store holds already: one lookup per collection for the whole batch.
    std::map<QString, QStringList> idsByCollection;
    for (const Pending *item : latest)
        idsByCollection[fromStd(item->item.observation.collection)] << fromStd(item->item.observation.observationID);
    std::map<std::pair<QString, QString>, ObservationKey> existing;
    const ObservationLookup lookup(owner);
    for (const auto &[collection, ids] : idsByCollection) {
        auto found = lookup.byUris(collection, ids);
        if (!found)
            return found.error();
        for (auto &[observationID, key] : *found)
            existing.emplace(std::pair{collection, observationID}, std::move(key));
    }

    // Counter changes of the whole batch, written once per (source, collection, state).
    std::map<std::tuple<QString, QString, QString>, qint64> countDeltas;
    const qlonglong storedAt = QDateTime::currentMSecsSinceEpoch();
    std::vector<const Pending *> inserts;
    std::vector<qint64> replacedKeys;
    std::map<std::pair<QString, QString>, qint64> keys;
    for (const Pending *item : latest) {
        const QString collection = fromStd(item->item.observation.collection);
        const QString observationID = fromStd(item->item.observation.observationID);
        const auto old = existing.find({collection, observationID});
        if (old == existing.end()) {
            inserts.push_back(item);
            ++countDeltas[{sourceOf(item->item), collection, item->item.state}];
            continue;
        }
        const ObservationKey &key = old->second;
        QSqlQuery &update = statements.updateObservation;
        for (const QVariant &value : observationValues(*item, storedAt, statements.withProposal))
            update.addBindValue(value);
        update.addBindValue(key.obsKey);
        if (!update.exec())
            return sqlError(QStringLiteral("cannot update %1/%2").arg(collection, observationID), update.lastError());
        replacedKeys.push_back(key.obsKey);
        keys[{collection, observationID}] = key.obsKey;
        --countDeltas[{key.source, collection, key.state}];
        ++countDeltas[{sourceOf(item->item), collection, item->item.state}];
    }
    if (auto deleted = statements.deleteEntities(replacedKeys); !deleted)
        return deleted;
    if (auto inserted = statements.insertObservations(inserts, storedAt, keys); !inserted)
        return inserted;
    for (const Pending *item : latest) {
        const auto key =
            keys.find({fromStd(item->item.observation.collection), fromStd(item->item.observation.observationID)});
        if (key == keys.end())
            return mirror::Error{mirror::ErrorCategory::Fatal,
                                 "the store did not return the key of " + item->item.observation.collection + "/"
                                     + item->item.observation.observationID};
        addEntityRows(statements, key->second, item->item.observation, item->checksums);
    }
    if (auto flushed = statements.flushEntities(); !flushed)
        return flushed; // the transaction rolls back: nothing of the batch is written
    for (const auto &[counter, delta] : countDeltas)
        if (delta != 0)
            if (auto r = bumpStats(statements, std::get<0>(counter), std::get<1>(counter), std::get<2>(counter), delta);
                !r)
                return r;
    return transaction.commit();
}

} // namespace

} // namespace store
