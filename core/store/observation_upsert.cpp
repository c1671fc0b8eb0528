// Writing observations: preparing documents and checksums (any thread) and replacing whole subtrees in one
// transaction (the writer). The reads are in observation_store.cpp.
#include "store/observation_store.h"

#include "caom2/checksum.h"
#include "store/document_codec.h"
#include "store/row_inserter.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <set>

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

// What a chunk's WCS covers, for the tree's detail column.
QString axesOf(const caom2::Chunk &chunk)
{
    QStringList axes;
    if (chunk.position)
        axes << QStringLiteral("position");
    if (chunk.energy)
        axes << QStringLiteral("energy");
    if (chunk.time)
        axes << QStringLiteral("time");
    if (chunk.polarization)
        axes << QStringLiteral("polarization");
    if (chunk.observable)
        axes << QStringLiteral("observable");
    if (chunk.custom)
        axes << QStringLiteral("custom");
    return axes.join(QLatin1Char(','));
}

QString observationUri(const QString &collection, const QString &observationID)
{
    return QStringLiteral("caom:") + collection + QLatin1Char('/') + observationID;
}

// Statements of one upsert batch: the observation rows one by one (their keys are needed), the entity rows
// of the whole batch through multi-row inserters.
class UpsertStatements {
public:
    explicit UpsertStatements(const QSqlDatabase &db)
        : find(db),
          insertObservation(db),
          updateObservation(db),
          deletePlanes(db),
          deleteArtifacts(db),
          deleteParts(db),
          deleteChunks(db),
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
        const std::pair<QSqlQuery *, const char *> statements[] = {
            {&find, "SELECT obs_key, source, state FROM observation WHERE collection = ? AND observation_id = ?"},
            {&insertObservation,
             "INSERT INTO observation (source, collection, observation_id, uri, id, observation_type, obs_type, intent,"
             " instrument, target_name, meta_release, last_modified, max_last_modified, meta_checksum,"
             " acc_meta_checksum, state, caom_version, document, document_size, stored_at)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING obs_key"},
            {&updateObservation,
             "UPDATE observation SET source = ?, collection = ?, observation_id = ?, uri = ?, id = ?,"
             " observation_type = ?, obs_type = ?, intent = ?, instrument = ?, target_name = ?, meta_release = ?,"
             " last_modified = ?, max_last_modified = ?, meta_checksum = ?, acc_meta_checksum = ?, state = ?,"
             " caom_version = ?, document = ?, document_size = ?, stored_at = ? WHERE obs_key = ?"},
            {&deletePlanes, "DELETE FROM plane WHERE obs_key = ?"},
            {&deleteArtifacts, "DELETE FROM artifact WHERE obs_key = ?"},
            {&deleteParts, "DELETE FROM part WHERE obs_key = ?"},
            {&deleteChunks, "DELETE FROM chunk WHERE obs_key = ?"},
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

    mirror::Result<void> flushEntities()
    {
        for (RowInserter *inserter : {&planes, &artifacts, &parts, &chunks})
            if (auto flushed = inserter->flush(); !flushed)
                return flushed;
        return {};
    }

    QSqlQuery find, insertObservation, updateObservation, deletePlanes, deleteArtifacts, deleteParts, deleteChunks,
        bumpStats;
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
    int node = 1;
    for (const caom2::Plane &plane : o.planes) {
        const int planeNo = node++;
        s.planes.add({obsKey, planeNo, fromStd(plane.id.toString()), fromStd(plane.productID),
                      plane.calibrationLevel ? QVariant(static_cast<int>(*plane.calibrationLevel))
                                             : QVariant(QMetaType::fromType<int>()),
                      plane.dataProductType ? QVariant(fromStd(plane.dataProductType->term))
                                            : QVariant(QMetaType::fromType<QString>()),
                      optionalMs(plane.metaRelease), optionalMs(plane.dataRelease),
                      fromStd(sums[static_cast<std::size_t>(planeNo)].metaChecksum),
                      fromStd(sums[static_cast<std::size_t>(planeNo)].accMetaChecksum),
                      static_cast<int>(plane.artifacts.size())});
        for (const caom2::Artifact &artifact : plane.artifacts) {
            const int artifactNo = node++;
            s.artifacts.add(
                {obsKey, artifactNo, planeNo, fromStd(artifact.id.toString()), fromStd(artifact.uri.text),
                 fromStd(artifact.productType.term), fromStd(std::string(caom2::toString(artifact.releaseType))),
                 optionalText(artifact.contentType),
                 artifact.contentLength ? QVariant(static_cast<qlonglong>(*artifact.contentLength))
                                        : QVariant(QMetaType::fromType<qlonglong>()),
                 artifact.contentChecksum ? QVariant(fromStd(artifact.contentChecksum->text))
                                          : QVariant(QMetaType::fromType<QString>()),
                 optionalMs(artifact.contentRelease), fromStd(sums[static_cast<std::size_t>(artifactNo)].metaChecksum),
                 fromStd(sums[static_cast<std::size_t>(artifactNo)].accMetaChecksum),
                 static_cast<int>(artifact.parts.size())});
            for (const caom2::Part &part : artifact.parts) {
                const int partNo = node++;
                s.parts.add({obsKey, partNo, artifactNo, fromStd(part.id.toString()), fromStd(part.name),
                             part.productType ? QVariant(fromStd(part.productType->term))
                                              : QVariant(QMetaType::fromType<QString>()),
                             fromStd(sums[static_cast<std::size_t>(partNo)].metaChecksum),
                             fromStd(sums[static_cast<std::size_t>(partNo)].accMetaChecksum),
                             static_cast<int>(part.chunks.size())});
                for (const caom2::Chunk &chunk : part.chunks) {
                    const int chunkNo = node++;
                    s.chunks.add({obsKey, chunkNo, partNo, fromStd(chunk.id.toString()),
                                  chunk.productType ? QVariant(fromStd(chunk.productType->term))
                                                    : QVariant(QMetaType::fromType<QString>()),
                                  nullable(chunk.naxis), axesOf(chunk),
                                  fromStd(sums[static_cast<std::size_t>(chunkNo)].metaChecksum),
                                  fromStd(sums[static_cast<std::size_t>(chunkNo)].accMetaChecksum)});
                }
            }
        }
    }
}

mirror::Result<void> upsertOne(UpsertStatements &s, const PreparedObservation &prepared)
{
    const UpsertItem &item = prepared.item;
    const caom2::Observation &o = item.observation;
    const QString collection = fromStd(o.collection);
    const QString observationID = fromStd(o.observationID);
    const QString source = item.source.isNull() ? QStringLiteral("") : item.source; // null would bind as NULL
    const std::vector<caom2::EntityChecksums> &sums = prepared.checksums;

    s.find.addBindValue(collection);
    s.find.addBindValue(observationID);
    if (!s.find.exec())
        return sqlError(QStringLiteral("cannot look up %1/%2").arg(collection, observationID), s.find.lastError());
    std::optional<qint64> existingKey;
    QString oldSource;
    QString oldState;
    if (s.find.next()) {
        existingKey = s.find.value(0).toLongLong();
        oldSource = s.find.value(1).toString();
        oldState = s.find.value(2).toString();
    }
    s.find.finish();

    QSqlQuery &write = existingKey ? s.updateObservation : s.insertObservation;
    const QVariant values[] = {
        source,
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
        static_cast<qlonglong>(QDateTime::currentMSecsSinceEpoch()),
    };
    for (const QVariant &value : values)
        write.addBindValue(value);
    qint64 obsKey = 0;
    if (existingKey) {
        write.addBindValue(*existingKey);
        if (!write.exec())
            return sqlError(QStringLiteral("cannot update %1/%2").arg(collection, observationID), write.lastError());
        obsKey = *existingKey;
        for (QSqlQuery *del : {&s.deletePlanes, &s.deleteArtifacts, &s.deleteParts, &s.deleteChunks}) {
            del->addBindValue(obsKey);
            if (!del->exec())
                return sqlError(QStringLiteral("cannot replace the entities of %1/%2").arg(collection, observationID),
                                del->lastError());
        }
        if (oldSource != source || oldState != item.state) {
            if (auto r = bumpStats(s, oldSource, collection, oldState, -1); !r)
                return r.error();
            if (auto r = bumpStats(s, source, collection, item.state, +1); !r)
                return r.error();
        }
    } else {
        if (!write.exec() || !write.next())
            return sqlError(QStringLiteral("cannot insert %1/%2").arg(collection, observationID), write.lastError());
        obsKey = write.value(0).toLongLong();
        write.finish();
        if (auto r = bumpStats(s, source, collection, item.state, +1); !r)
            return r.error();
    }
    addEntityRows(s, obsKey, o, sums);
    return {};
}

} // namespace

mirror::Result<PreparedObservation> prepareUpsert(UpsertItem item)
{
    PreparedObservation prepared;
    auto document = encodeDocument(item.observation, &prepared.documentSize);
    if (!document)
        return document.error();
    prepared.document = std::move(document.value());
    // Index rows carry the computed checksums; the caller has verified them against the document's own.
    prepared.checksums = caom2::computeChecksums(item.observation);
    prepared.item = std::move(item);
    return prepared;
}

mirror::Result<void> ObservationStore::upsert(const std::vector<UpsertItem> &batch)
{
    std::vector<PreparedObservation> prepared;
    prepared.reserve(batch.size());
    for (const UpsertItem &item : batch) {
        auto ready = prepareUpsert(item);
        if (!ready)
            return ready.error(); // nothing of the batch is written
        prepared.push_back(std::move(ready.value()));
    }
    return upsertPrepared(prepared);
}

mirror::Result<void> ObservationStore::upsertPrepared(const std::vector<PreparedObservation> &batch)
{
    QSqlDatabase db = m_store->database();
    Transaction transaction(db);
    UpsertStatements statements(db);
    if (auto prepared = statements.prepare(); !prepared)
        return prepared;
    // The same observation twice in one batch: only the last version counts (its entity rows are buffered,
    // so an earlier version's rows must never be queued beside them).
    std::vector<const PreparedObservation *> latest;
    latest.reserve(batch.size());
    {
        std::set<std::pair<std::string, std::string>> seen;
        for (auto it = batch.rbegin(); it != batch.rend(); ++it)
            if (seen.emplace(it->item.observation.collection, it->item.observation.observationID).second)
                latest.push_back(&*it);
        std::reverse(latest.begin(), latest.end());
    }
    for (const PreparedObservation *item : latest)
        if (auto result = upsertOne(statements, *item); !result)
            return result; // the transaction rolls back: nothing of the batch is written
    if (auto flushed = statements.flushEntities(); !flushed)
        return flushed;
    return transaction.commit();
}

} // namespace store
