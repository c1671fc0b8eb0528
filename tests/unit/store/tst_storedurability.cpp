// What must survive time and accidents: schema migrations from older stores, a newer store refused, and a
// writer killed with SIGKILL at random moments leaving either the old or the new state of every batch.
#include "caom2/checksum.h"
#include "caom2/generator.h"
#include "caom2/xml_reader.h"
#include "store/artifact_index.h"
#include "store/document_codec.h"
#include "store/document_tree.h"
#include "store/entity_digest_values.h"
#include "store/observation_store.h"
#include "store/schema.h"
#include "test_stores.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <csignal>
#include <functional>
#include <map>
#include <set>

using namespace store;

namespace {

caom2::Observation generated(std::uint64_t index, std::uint64_t seed)
{
    caom2::GeneratorOptions options;
    options.collection = "CRASH";
    options.seed = seed;
    return caom2::generateObservation(options, index);
}

qint64 scalar(const std::shared_ptr<Store> &s, const QString &sql)
{
    QSqlQuery query(s->database());
    if (!query.exec(sql) || !query.next())
        qFatal("query failed: %s", qPrintable(sql));
    return query.value(0).toLongLong();
}

// Every node of an observation's stored tree, depth first, as the browser shows it: what the store's readers
// give, whichever way the store keeps ids and checksums.
QStringList storedTree(const std::shared_ptr<Store> &s, const QString &collection, const QString &observationID)
{
    ObservationStore observations(s);
    const auto row = observations.summary(collection, observationID);
    if (!row || !row.value())
        qFatal("no stored row for %s", qPrintable(observationID));
    const qint64 obsKey = row.value()->key;
    QStringList lines;
    std::function<void(NodeKind, qint64, int)> walk = [&](NodeKind kind, qint64 key, int depth) {
        auto children = observations.children(kind, key, obsKey);
        if (!children)
            qFatal("cannot list children: %s", children.error().message.c_str());
        for (const TreeNode &node : children.value()) {
            lines << QStringLiteral("%1%2 %3 %4 %5 %6 %7 %8")
                         .arg(QString(depth, QLatin1Char(' ')))
                         .arg(static_cast<int>(node.kind))
                         .arg(node.label, node.id, node.metaChecksum, node.accMetaChecksum)
                         .arg(node.childCount)
                         .arg(node.detail);
            walk(node.kind, node.key, depth + 1);
        }
    };
    walk(NodeKind::Observation, obsKey, 0);
    return lines;
}

// The observations both entity-row migrations are checked with: four samples of different shapes and a
// generated one. Names the sample that could not be read, if any.
std::vector<caom2::Observation> migrationSamples(QString *unreadable)
{
    std::vector<caom2::Observation> observations;
    for (const char *name : {"sample-derived-caom24.xml", "973887.xml", "VLASS2.1.T10t02.J005000-023000.in.xml",
                             "GN-2014A-Q-85-16-013.xml"}) {
        caom2::ReadResult read = caom2::readObservationFile(std::string(MIRROR_TEST_DATA_DIR "/") + name);
        if (!read.ok) {
            *unreadable = QString::fromUtf8(name);
            return {};
        }
        observations.push_back(std::move(read.document.observation));
    }
    observations.push_back(generated(7, 3));
    return observations;
}

} // namespace

class TestStoreDurability : public QObject {
    Q_OBJECT

private slots:

    void migratesOlderStore_data() { testsupport::addEngineColumn(); }

    // A store written at schema version 1 (before sync state existed) opens with today's program: it is
    // migrated and keeps its observations.
    void migratesOlderStore()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        QVERIFY2(fixture.ok(), qPrintable(fixture.error()));
        const caom2::Observation o = generated(1, 1);
        {
            auto old = Store::openAtVersion(fixture.location(), 1);
            QVERIFY2(old, old ? "" : old.error().message.c_str());
            QCOMPARE(old.value()->schemaVersion(), 1);
            QVERIFY(ObservationStore(old.value()).upsert({UpsertItem{o}}));
            QSqlQuery query(old.value()->database());
            QVERIFY(!query.exec(QStringLiteral("SELECT COUNT(*) FROM HarvestState"))); // not there yet
        }
        auto current = Store::open(fixture.location());
        QVERIFY2(current, current ? "" : current.error().message.c_str());
        QCOMPARE(current.value()->schemaVersion(), latestSchemaVersion());
        QCOMPARE(scalar(current.value(), QStringLiteral("SELECT COUNT(*) FROM HarvestState")), 0);
        auto loaded =
            ObservationStore(current.value()).load(QStringLiteral("CRASH"), QString::fromStdString(o.observationID));
        QVERIFY(loaded && loaded.value());
        QVERIFY(*loaded.value() == o);
        // Its tree still expands down to every chunk (read from the document since version 11).
        int chunks = 0;
        for (const caom2::Plane &plane : o.planes)
            for (const caom2::Artifact &artifact : plane.artifacts)
                for (const caom2::Part &part : artifact.parts)
                    chunks += static_cast<int>(part.chunks.size());
        QVERIFY(chunks > 0);
        const QStringList tree =
            storedTree(current.value(), QStringLiteral("CRASH"), QString::fromStdString(o.observationID));
        QCOMPARE(static_cast<int>(std::count_if(tree.begin(), tree.end(),
                                                [](const QString &line) {
                                                    return line.trimmed().startsWith(
                                                        QString::number(static_cast<int>(NodeKind::Chunk)));
                                                })),
                 chunks);
        // Rows written before the trigram index existed are found through it (version 9 indexes them).
        ObservationFilter contains;
        contains.collection = QStringLiteral("CRASH");
        contains.idContains = QString::fromStdString(o.observationID).mid(1).toUpper();
        QVERIFY(contains.idContains.size() >= 3);
        QCOMPARE(ObservationStore(current.value()).count(contains).value(), 1);
        // Opening again changes nothing.
        auto again = Store::open(fixture.location());
        QVERIFY(again);
        QCOMPARE(scalar(again.value(), QStringLiteral("SELECT COUNT(*) FROM schema_version")), latestSchemaVersion());
    }

    // A new SQLite store has 16 kB pages (five observation rows to a page); a store made with 4 kB pages keeps
    // them, upgrades, and reads and writes as any other.
    void pageSizeOfNewAndOlderStores()
    {
        testsupport::TestStore fresh(QStringLiteral("sqlite"));
        QCOMPARE(scalar(fresh.openOrDie(), QStringLiteral("PRAGMA page_size")), 16384);

        testsupport::TestStore older(QStringLiteral("sqlite"));
        QVERIFY2(older.ok(), qPrintable(older.error()));
        QVERIFY(QDir().mkpath(QFileInfo(older.location().sqlitePath).path()));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("older"));
            db.setDatabaseName(older.location().sqlitePath);
            QVERIFY(db.open());
            QSqlQuery query(db);
            for (const char *statement : {"PRAGMA page_size=4096", "PRAGMA journal_mode=WAL",
                                          "CREATE TABLE schema_version (version INTEGER NOT NULL)"})
                QVERIFY2(query.exec(QString::fromLatin1(statement)), qPrintable(query.lastError().text()));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("older"));
        auto s = older.openOrDie();
        QCOMPARE(s->schemaVersion(), latestSchemaVersion());
        QCOMPARE(scalar(s, QStringLiteral("PRAGMA page_size")), 4096);
        const caom2::Observation o = generated(3, 5);
        QVERIFY(ObservationStore(s).upsert({UpsertItem{o}}));
        const auto loaded = ObservationStore(s).load(QStringLiteral("CRASH"), QString::fromStdString(o.observationID));
        QVERIFY(loaded && loaded.value());
        QVERIFY(*loaded.value() == o);
    }

    void migratesEntityDigestsToBytes_data() { testsupport::addEngineColumn(); }

    // A store whose entity rows hold ids and checksums as text (before version 10) is converted to 16-byte
    // values: every node reads back exactly as before, the document is untouched, and replacing an observation
    // afterwards writes the same tree again.
    void migratesEntityDigestsToBytes()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        QVERIFY2(fixture.ok(), qPrintable(fixture.error()));
        const int before = binaryEntityDigestsSchemaVersion() - 1;
        QString unreadable;
        std::vector<caom2::Observation> observations = migrationSamples(&unreadable);
        QVERIFY2(unreadable.isEmpty(), qPrintable(unreadable));
        std::map<std::pair<QString, QString>, QStringList> trees;
        {
            auto old = Store::openAtVersion(fixture.location(), before);
            QVERIFY2(old, old ? "" : old.error().message.c_str());
            std::vector<UpsertItem> items;
            for (const caom2::Observation &o : observations)
                items.push_back(UpsertItem{o});
            QVERIFY(ObservationStore(old.value()).upsert(items));
            // Written as text, as a program of that version did.
            QCOMPARE(scalar(old.value(), QStringLiteral("SELECT COUNT(*) FROM plane WHERE length(id) <> 36")), 0);
            for (const caom2::Observation &o : observations) {
                const std::pair key{QString::fromStdString(o.collection), QString::fromStdString(o.observationID)};
                trees[key] = storedTree(old.value(), key.first, key.second);
                QVERIFY(!trees[key].isEmpty());
            }
        }
        {
            // At version 10 itself, every entity table holds bytes (from version 11 there are no part and chunk
            // tables).
            auto converted = Store::openAtVersion(fixture.location(), binaryEntityDigestsSchemaVersion());
            QVERIFY2(converted, converted ? "" : converted.error().message.c_str());
            for (const char *table : {"plane", "artifact", "part", "chunk"})
                QCOMPARE(scalar(converted.value(),
                                QStringLiteral("SELECT COUNT(*) FROM %1 WHERE length(id) <> 16"
                                               " OR length(meta_checksum) <> 16"
                                               " OR length(acc_meta_checksum) <> 16")
                                    .arg(QLatin1String(table))),
                         0);
        }
        auto current = Store::open(fixture.location());
        QVERIFY2(current, current ? "" : current.error().message.c_str());
        QCOMPARE(current.value()->schemaVersion(), latestSchemaVersion());
        QCOMPARE(scalar(current.value(), QStringLiteral("SELECT COUNT(*) FROM artifact")),
                 scalar(current.value(), QStringLiteral("SELECT COUNT(*) FROM artifact WHERE uri IS NOT NULL")));
        ObservationStore store(current.value());
        for (const caom2::Observation &o : observations) {
            const std::pair key{QString::fromStdString(o.collection), QString::fromStdString(o.observationID)};
            QCOMPARE(storedTree(current.value(), key.first, key.second), trees[key]);
            auto loaded = store.load(key.first, key.second);
            QVERIFY(loaded && loaded.value());
            QVERIFY(*loaded.value() == o);
        }
        // Written anew at today's version: bytes again, and the same tree.
        QVERIFY(store.upsert({UpsertItem{observations.front()}}));
        const auto &first = observations.front();
        const std::pair key{QString::fromStdString(first.collection), QString::fromStdString(first.observationID)};
        QCOMPARE(storedTree(current.value(), key.first, key.second), trees[key]);
        QCOMPARE(scalar(current.value(), QStringLiteral("SELECT COUNT(*) FROM plane WHERE length(id) <> 16")), 0);
        // Artifacts are still found by URI, through the index the rebuilt table has again.
        const auto found = ArtifactIndex(current.value())
                               .find(key.first, QString::fromStdString(first.planes[0].artifacts[0].uri.text));
        QVERIFY(found && found.value());
        QCOMPARE(scalar(current.value(),
                        engine == QLatin1String("sqlite")
                            ? QStringLiteral("SELECT COUNT(*) FROM sqlite_master"
                                             " WHERE type = 'index' AND name = 'artifact_by_uri'")
                            : QStringLiteral("SELECT COUNT(*) FROM pg_indexes"
                                             " WHERE indexname = 'artifact_by_uri'")),
                 1);
    }

    void dropsPartAndChunkRows_data() { testsupport::addEngineColumn(); }

    // A store of version 10 keeps parts and chunks as rows; from version 11 the tree reads them from the documents.
    // After the upgrade the tables are gone, and every part and chunk the old rows held is shown exactly as its row
    // said (same key, name, id, checksums, child count and detail), down to the chunks; a replaced observation
    // shows the same tree again.
    void dropsPartAndChunkRows()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        QVERIFY2(fixture.ok(), qPrintable(fixture.error()));
        const int before = partsFromDocumentsSchemaVersion() - 1;
        QString unreadable;
        std::vector<caom2::Observation> observations = migrationSamples(&unreadable);
        QVERIFY2(unreadable.isEmpty(), qPrintable(unreadable));
        // What the old rows said, one line per node: "parent_no node_no label id meta acc children detail".
        QStringList oldRows;
        std::map<std::pair<QString, QString>, QStringList> trees;
        {
            auto old = Store::openAtVersion(fixture.location(), before);
            QVERIFY2(old, old ? "" : old.error().message.c_str());
            std::vector<UpsertItem> items;
            for (const caom2::Observation &o : observations)
                items.push_back(UpsertItem{o});
            QVERIFY(ObservationStore(old.value()).upsert(items));
            QSqlQuery query(old.value()->database());
            QVERIFY(query.exec(QStringLiteral(
                "SELECT o.collection, o.observation_id, p.parent_no, p.node_no, p.name, p.id, p.meta_checksum,"
                " p.acc_meta_checksum, p.child_count, COALESCE(p.product_type, '') FROM part p"
                " JOIN observation o ON o.obs_key = p.obs_key"
                " UNION ALL SELECT o.collection, o.observation_id, c.parent_no, c.node_no, '', c.id, c.meta_checksum,"
                " c.acc_meta_checksum, 0, CASE WHEN c.axes = '' THEN 'no WCS' ELSE c.axes END FROM chunk c"
                " JOIN observation o ON o.obs_key = c.obs_key")));
            while (query.next()) {
                const QString id = storedUuidText(query.value(5));
                oldRows << QStringLiteral("%1/%2 %3 %4 %5 %6 %7 %8 %9 %10")
                               .arg(query.value(0).toString(), query.value(1).toString())
                               .arg(query.value(2).toLongLong())
                               .arg(query.value(3).toLongLong())
                               .arg(query.value(4).toString().isEmpty() ? id : query.value(4).toString(), id,
                                    storedChecksumText(query.value(6)), storedChecksumText(query.value(7)))
                               .arg(query.value(8).toInt())
                               .arg(query.value(9).toString());
            }
            QVERIFY(oldRows.size() > 100);
            for (const caom2::Observation &o : observations) {
                const std::pair key{QString::fromStdString(o.collection), QString::fromStdString(o.observationID)};
                trees[key] = storedTree(old.value(), key.first, key.second);
            }
        }
        auto current = Store::open(fixture.location());
        QVERIFY2(current, current ? "" : current.error().message.c_str());
        QCOMPARE(current.value()->schemaVersion(), latestSchemaVersion());
        QSqlQuery probe(current.value()->database());
        QVERIFY(!probe.exec(QStringLiteral("SELECT COUNT(*) FROM part")));
        QVERIFY(!probe.exec(QStringLiteral("SELECT COUNT(*) FROM chunk")));
        // Every part and chunk as the tree now shows it, read from the documents.
        ObservationStore store(current.value());
        QStringList shown;
        for (const caom2::Observation &o : observations) {
            const QString name = QString::fromStdString(o.collection + "/" + o.observationID);
            const auto row =
                store.summary(QString::fromStdString(o.collection), QString::fromStdString(o.observationID));
            QVERIFY(row && row.value());
            const qint64 obsKey = row.value()->key;
            std::function<void(NodeKind, qint64)> walk = [&](NodeKind kind, qint64 key) {
                auto children = store.children(kind, key, obsKey);
                QVERIFY(children);
                for (const TreeNode &node : *children) {
                    if (node.kind == NodeKind::Part || node.kind == NodeKind::Chunk)
                        shown << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9")
                                     .arg(name)
                                     .arg(key)
                                     .arg(node.key)
                                     .arg(node.label, node.id, node.metaChecksum, node.accMetaChecksum)
                                     .arg(node.childCount)
                                     .arg(node.detail);
                    walk(node.kind, node.key);
                }
            };
            walk(NodeKind::Observation, obsKey);
            const std::pair treeKey{row.value()->collection, row.value()->observationID};
            QCOMPARE(storedTree(current.value(), treeKey.first, treeKey.second), trees[treeKey]);
        }
        oldRows.sort();
        shown.sort();
        QCOMPARE(shown, oldRows);
        // Replaced at today's version: no rows written for parts and chunks, the same tree shown.
        QVERIFY(store.upsert({UpsertItem{observations.front()}}));
        const auto &first = observations.front();
        const std::pair key{QString::fromStdString(first.collection), QString::fromStdString(first.observationID)};
        QCOMPARE(storedTree(current.value(), key.first, key.second), trees[key]);
    }

    void refusesNewerStore_data() { testsupport::addEngineColumn(); }

    void refusesNewerStore()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        QVERIFY2(fixture.ok(), qPrintable(fixture.error()));
        {
            auto s = fixture.open();
            QVERIFY(s);
            QSqlQuery query(s->database());
            QVERIFY(query.exec(QStringLiteral("INSERT INTO schema_version (version) VALUES (99)")));
        }
        auto reopened = Store::open(fixture.location());
        QVERIFY(!reopened);
        QVERIFY2(QString::fromStdString(reopened.error().message).contains(QStringLiteral("newer")),
                 reopened.error().message.c_str());
    }

    void killedWriterLeavesConsistentStore_data() { testsupport::addEngineColumn(); }

    // caom-sync generate commits batches of 500; we kill it at random moments, several times over the same
    // observations with a different seed each time (so batches replace existing subtrees), and after each
    // kill check that every observation is whole and every batch is either entirely old or entirely new.
    void killedWriterLeavesConsistentStore()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        QVERIFY2(fixture.ok(), qPrintable(fixture.error()));
        constexpr int count = 3000;
        constexpr int batch = 500;
        QRandomGenerator random(20261123);
        int killedMidRun = 0;
        for (std::uint64_t seed = 1; seed <= 4; ++seed) {
            QProcess writer;
            writer.start(QStringLiteral(MIRROR_CAOM_SYNC),
                         {QStringLiteral("generate"), QStringLiteral("--store"), fixture.argument(),
                          QStringLiteral("--collection"), QStringLiteral("CRASH"), QStringLiteral("--count"),
                          QString::number(count), QStringLiteral("--seed"), QString::number(seed)});
            QVERIFY(writer.waitForStarted());
            QThread::msleep(150 + random.bounded(1500));
            if (writer.state() == QProcess::Running) {
                ::kill(static_cast<pid_t>(writer.processId()), SIGKILL);
                ++killedMidRun;
            }
            writer.waitForFinished();

            auto s = fixture.open();
            QVERIFY2(s, qPrintable(fixture.error()));
            ObservationStore observations(s);
            // Counters agree with rows; no orphaned entity rows.
            QCOMPARE(scalar(s, QStringLiteral("SELECT COALESCE(SUM(observation_count), 0) FROM collection_stats")),
                     scalar(s, QStringLiteral("SELECT COUNT(*) FROM observation")));
            QCOMPARE(scalar(s,
                            QStringLiteral(
                                "SELECT COUNT(*) FROM plane WHERE obs_key NOT IN (SELECT obs_key FROM observation)")),
                     0);
            QCOMPARE(
                scalar(s,
                       QStringLiteral(
                           "SELECT COUNT(*) FROM artifact WHERE obs_key NOT IN (SELECT obs_key FROM observation)")),
                0);
            // Every observation whole, and each batch from one seed only.
            std::map<int, std::set<std::uint64_t>> seedsPerBatch;
            for (int index = 0; index < count; ++index) {
                const caom2::Observation fresh = generated(static_cast<std::uint64_t>(index), seed);
                auto row = observations.summary(QStringLiteral("CRASH"), QString::fromStdString(fresh.observationID));
                QVERIFY(row);
                if (!row.value())
                    continue; // never written yet
                std::uint64_t foundSeed = 0;
                for (std::uint64_t candidate = 1; candidate <= seed && !foundSeed; ++candidate)
                    if (row.value()->accMetaChecksum.toStdString()
                        == caom2::computeChecksums(generated(static_cast<std::uint64_t>(index), candidate))[0]
                               .accMetaChecksum)
                        foundSeed = candidate;
                QVERIFY2(foundSeed != 0, "an observation matches no version that was ever written");
                seedsPerBatch[index / batch].insert(foundSeed);
                auto loaded = observations.load(QStringLiteral("CRASH"), QString::fromStdString(fresh.observationID));
                QVERIFY(loaded && loaded.value());
                QCOMPARE(QString::fromStdString(caom2::computeChecksums(*loaded.value())[0].accMetaChecksum),
                         row.value()->accMetaChecksum);
                QCOMPARE(
                    scalar(s, QStringLiteral("SELECT COUNT(*) FROM plane WHERE obs_key = %1").arg(row.value()->key)),
                    static_cast<qint64>(loaded.value()->planes.size()));
            }
            for (const auto &[batchIndex, seeds] : seedsPerBatch)
                QVERIFY2(seeds.size() == 1, qPrintable(QStringLiteral("batch %1 mixes versions").arg(batchIndex)));
        }
        QVERIFY2(killedMidRun > 0, "the writer always finished before the kill: the test proved nothing");
    }
};

QTEST_GUILESS_MAIN(TestStoreDurability)
#include "tst_storedurability.moc"
