// EntityTreeModel over a real temporary store: a windowed top level of observations, children read on
// fetchMore off the GUI thread down to a chunk, a "Loading…" row while they come, an error row when the store
// fails, stale answers dropped, the first rows shown before a late count; QAbstractItemModelTester (Fatal)
// throughout.
#include "model_test_store.h"
#include "models/entity_tree_model.h"
#include "models/model_roles.h"
#include "reader_gate.h"
#include "store/discrepancy_store.h"
#include "store/store_reader.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include <vector>

using mirror::models::EntityRef;
using mirror::models::EntityTreeModel;
using mirror::models::ObservationWindowCache;
using mirror::models::RowStatus;
using store::NodeKind;
namespace ModelRole = mirror::models::ModelRole;

class TestEntityTreeModel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void showsLoadingRowWhileFetching();
    void fetchesDownToAChunk();
    void topLevelIsWindowed();
    void givenObservationsAsTopLevel();
    void errorRowWhenStoreFails();
    void errorRowWhenStoreDeletedUnderReader();
    void staleChildrenAreDropped();
    void refreshInPlaceFollowsTheStore();
    void firstRowsShowBeforeALateCount();
    void shortResultNeedsNoCount();
    void storeChangeWhileCounting();

private:
    // Expands `parent` as a view does and waits for its children; returns false on timeout or error row.
    static bool expand(EntityTreeModel &model, const QModelIndex &parent);

    std::unique_ptr<modeltest::FilledStore> m_store;
};

void TestEntityTreeModel::initTestCase()
{
    m_store = modeltest::filledStore(120, 10);
}

bool TestEntityTreeModel::expand(EntityTreeModel &model, const QModelIndex &parent)
{
    if (model.canFetchMore(parent))
        model.fetchMore(parent);
    return QTest::qWaitFor(
        [&] {
            return !model.isLoading(parent) && model.rowCount(parent) > 0
                && model.index(0, 0, parent).data(ModelRole::RowStatus).toInt() == int(RowStatus::Ready);
        },
        5000);
}

// Without a tester poking the model: the placeholder row is exactly one "Loading…" row, then the planes.
void TestEntityTreeModel::showsLoadingRowWhileFetching()
{
    store::StoreReader reader(m_store->store);
    EntityTreeModel model(&reader);
    QSignalSpy first(&model, &EntityTreeModel::firstRowsLoaded);
    model.setFilter(modeltest::collectionFilter(modeltest::hst));
    QVERIFY(first.wait(5000));
    const QModelIndex observation = model.index(0, 0);
    QVERIFY(model.hasChildren(observation));
    QVERIFY(model.canFetchMore(observation));
    QSignalSpy loaded(&model, &EntityTreeModel::childrenLoaded);
    model.fetchMore(observation);
    QCOMPARE(model.rowCount(observation), 1);
    const QModelIndex placeholder = model.index(0, 0, observation);
    QCOMPARE(placeholder.data().toString(), QStringLiteral("Loading\u2026"));
    QCOMPARE(placeholder.data(ModelRole::RowStatus).toInt(), int(RowStatus::Loading));
    QVERIFY(!model.hasChildren(placeholder));
    QVERIFY(!(model.flags(placeholder) & Qt::ItemIsSelectable));
    QVERIFY(!model.canFetchMore(observation)); // one request at a time
    QVERIFY(loaded.wait(5000));
    QVERIFY(model.rowCount(observation) >= 1);
    QCOMPARE(model.index(0, 0, observation).data(ModelRole::NodeKind).toInt(), int(NodeKind::Plane));
}

void TestEntityTreeModel::fetchesDownToAChunk()
{
    store::StoreReader reader(m_store->store);
    EntityTreeModel model(&reader, ObservationWindowCache::Options{10, 3}); // the tester expands all it sees
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy first(&model, &EntityTreeModel::firstRowsLoaded);
    model.setFilter(modeltest::collectionFilter(modeltest::hst));
    QVERIFY(first.wait(5000) || first.count() == 1);
    QTRY_COMPARE(model.rowCount(), m_store->hstCount); // the first rows may come before the count

    // Find a path observation > plane > artifact > part > chunk: the generator gives FITS artifacts with parts
    // and chunks to most planes.
    QModelIndex chunk;
    for (int o = 0; o < 5 && !chunk.isValid(); ++o) {
        const QModelIndex observation = model.index(o, 0);
        QTRY_VERIFY(observation.data(ModelRole::RowStatus).toInt() == int(RowStatus::Ready));
        QVERIFY(expand(model, observation));
        for (int p = 0; p < model.rowCount(observation) && !chunk.isValid(); ++p) {
            const QModelIndex plane = model.index(p, 0, observation);
            QCOMPARE(plane.data(ModelRole::NodeKind).toInt(), int(NodeKind::Plane));
            if (!model.hasChildren(plane))
                continue;
            QVERIFY(expand(model, plane));
            for (int a = 0; a < model.rowCount(plane) && !chunk.isValid(); ++a) {
                const QModelIndex artifact = model.index(a, 0, plane);
                QCOMPARE(artifact.data(ModelRole::NodeKind).toInt(), int(NodeKind::Artifact));
                if (!model.hasChildren(artifact))
                    continue;
                QVERIFY(expand(model, artifact));
                for (int pt = 0; pt < model.rowCount(artifact) && !chunk.isValid(); ++pt) {
                    const QModelIndex part = model.index(pt, 0, artifact);
                    QCOMPARE(part.data(ModelRole::NodeKind).toInt(), int(NodeKind::Part));
                    if (!model.hasChildren(part)) // a primary header without data: no chunk
                        continue;
                    QVERIFY(expand(model, part));
                    chunk = model.index(0, 0, part);
                }
            }
        }
    }
    QVERIFY2(chunk.isValid(), "no chunk among the first observations");
    QCOMPARE(chunk.data(ModelRole::NodeKind).toInt(), int(NodeKind::Chunk));
    QVERIFY(!model.hasChildren(chunk));
    QVERIFY(!model.canFetchMore(chunk));
    QCOMPARE(model.index(chunk.row(), EntityTreeModel::KindColumn, chunk.parent()).data().toString(),
             QStringLiteral("Chunk"));
    QVERIFY(model.index(chunk.row(), EntityTreeModel::MetaChecksumColumn, chunk.parent())
                .data()
                .toString()
                .startsWith(QStringLiteral("md5:")));

    // The row names its entity by identity: the detail pane and "Open document" use this.
    const EntityRef ref = model.entityRef(chunk);
    QCOMPARE(ref.collection, modeltest::hst);
    QCOMPARE(ref.path.size(), 4);
    QCOMPARE(ref.kind(), NodeKind::Chunk);
    QCOMPARE(ref.path, chunk.data(ModelRole::EntityPath).toStringList());
    QCOMPARE(ref.path.last(), chunk.data().toString()); // the chunk id
    const QModelIndex plane = chunk.parent().parent().parent();
    QCOMPARE(ref.path.first(), plane.data().toString()); // the productID
    QCOMPARE(ref.observationID, plane.parent().data().toString());

    // The stored index agrees with the document: the chunk's checksum is the one computed from the model.
    store::ObservationStore observations(m_store->store);
    auto loaded = observations.load(ref.collection, ref.observationID);
    QVERIFY(loaded && loaded.value());
    const store::TreeNode *node = model.node(chunk);
    QVERIFY(node);
    QCOMPARE(node->kind, NodeKind::Chunk);
    QCOMPARE(node->label, ref.path.last());
}

void TestEntityTreeModel::topLevelIsWindowed()
{
    store::StoreReader reader(m_store->store);
    EntityTreeModel model(&reader, ObservationWindowCache::Options{20, 2});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy first(&model, &EntityTreeModel::firstRowsLoaded);
    model.setFilter(modeltest::collectionFilter(modeltest::hst));
    QVERIFY(first.wait(5000) || first.count() == 1);
    // Expand row 3, then scroll far enough that its window leaves the cache: the expanded row keeps its
    // identity and children.
    const QModelIndex row3 = model.index(3, 0);
    QTRY_VERIFY(row3.data(ModelRole::RowStatus).toInt() == int(RowStatus::Ready));
    const QString id3 = row3.data().toString();
    QVERIFY(expand(model, row3));
    const int planes = model.rowCount(row3);
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        QTRY_VERIFY(index.data(ModelRole::RowStatus).toInt() == int(RowStatus::Ready));
    }
    QVERIFY(model.windowsInMemory() <= 2);
    QCOMPARE(model.index(3, 0).data().toString(), id3);
    QCOMPARE(model.rowCount(model.index(3, 0)), planes);
}

void TestEntityTreeModel::givenObservationsAsTopLevel()
{
    store::StoreReader reader(m_store->store);
    EntityTreeModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    store::ObservationStore observations(m_store->store);
    auto rows = observations.window(modeltest::collectionFilter(modeltest::jwst), 3).value();
    model.setObservations(rows);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(2, 0).data().toString(), rows[2].observationID);
    QCOMPARE(model.index(2, EntityTreeModel::KindColumn).data().toString(), QStringLiteral("Observation"));
    QVERIFY(expand(model, model.index(2, 0)));
    QCOMPARE(model.entityRef(model.index(0, 0, model.index(2, 0))).observationID, rows[2].observationID);
}

void TestEntityTreeModel::errorRowWhenStoreFails()
{
    auto broken = modeltest::filledStore(2, 0);
    store::ObservationStore observations(broken->store);
    auto rows = observations.window(modeltest::collectionFilter(modeltest::hst), 2).value();
    {
        QSqlQuery query(broken->store->database());
        QVERIFY(query.exec(QStringLiteral("DROP TABLE artifact"))); // planes still read, artifacts fail
    }
    store::StoreReader reader(broken->store);
    EntityTreeModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy failed(&model, &EntityTreeModel::loadFailed);
    model.setObservations(rows);
    const QModelIndex observation = model.index(0, 0);
    QVERIFY(expand(model, observation));
    const QModelIndex plane = model.index(0, 0, observation);
    if (model.canFetchMore(plane)) // the tester may have asked already
        model.fetchMore(plane);
    QTRY_VERIFY(model.index(0, 0, plane).data(ModelRole::RowStatus).toInt() == int(RowStatus::Error));
    QVERIFY(!failed.isEmpty());
    QCOMPARE(model.rowCount(plane), 1);
    const QModelIndex error = model.index(0, 0, plane);
    const QString message = failed.first().at(1).toString();
    QVERIFY(!message.isEmpty());
    QVERIFY(error.data().toString().contains(message)); // the row says what went wrong
    QCOMPARE(error.data(Qt::ToolTipRole).toString(), message);
    QVERIFY(!model.canFetchMore(plane)); // views do not retry in a loop
    QVERIFY(!model.hasChildren(error));
    QVERIFY(!(model.flags(error) & Qt::ItemIsSelectable));
    QVERIFY(!model.entityRef(error).isValid());
    // Retry: "Loading…" again, then still failing, still one error row.
    failed.clear();
    model.retry(plane);
    QCOMPARE(model.index(0, 0, plane).data(ModelRole::RowStatus).toInt(), int(RowStatus::Loading));
    QVERIFY(failed.wait(5000));
    QCOMPARE(model.rowCount(plane), 1);
    QCOMPARE(model.index(0, 0, plane).data(ModelRole::RowStatus).toInt(), int(RowStatus::Error));
}

// The reader's thread connects on first use; if the SQLite file is gone by then, it finds an empty database.
void TestEntityTreeModel::errorRowWhenStoreDeletedUnderReader()
{
    auto doomed = modeltest::filledStore(2, 0);
    store::ObservationStore observations(doomed->store);
    auto rows = observations.window(modeltest::collectionFilter(modeltest::hst), 2).value();
    store::StoreReader reader(doomed->store);
    EntityTreeModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    // Delete first: the tester walks the tree after setObservations and may fetch children itself, which
    // would connect the reader while the file still exists.
    doomed->deleteFiles();
    QSignalSpy failed(&model, &EntityTreeModel::loadFailed);
    model.setObservations(rows);
    const QModelIndex observation = model.index(1, 0);
    if (model.canFetchMore(observation))
        model.fetchMore(observation);
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 5000);
    QTRY_COMPARE(model.index(0, 0, observation).data(ModelRole::RowStatus).toInt(), int(RowStatus::Error));
    QCOMPARE(model.rowCount(observation), 1);
    QCOMPARE(model.index(0, 0, observation).data(ModelRole::RowStatus).toInt(), int(RowStatus::Error));
    QVERIFY(!model.index(0, 0, observation).data().toString().isEmpty());
}

void TestEntityTreeModel::staleChildrenAreDropped()
{
    store::StoreReader reader(m_store->store);
    EntityTreeModel model(&reader);
    QSignalSpy first(&model, &EntityTreeModel::firstRowsLoaded);
    model.setFilter(modeltest::collectionFilter(modeltest::hst));
    QTRY_COMPARE_WITH_TIMEOUT(first.count(), 1, 5000);
    QTRY_VERIFY(model.index(0, 0).data(ModelRole::RowStatus).toInt() == int(RowStatus::Ready));
    QVERIFY(model.canFetchMore(model.index(0, 0)));
    // Tokens increase: the one between these two is the planes request of row 0.
    const quint64 before = reader.newToken();
    model.fetchMore(model.index(0, 0));
    const quint64 after = reader.newToken();
    QCOMPARE(after - before, quint64(2));
    const quint64 hstPlanes = before + 1;
    // From here on the tester watches (created now, so that it did not ask for row 0's planes itself).
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);

    QSignalSpy loaded(&model, &EntityTreeModel::childrenLoaded);
    first.clear();
    model.setFilter(modeltest::collectionFilter(modeltest::jwst)); // before the planes arrive
    // The HST answer arrives now, whatever the reader did with the request: it must be dropped, not hung under
    // whichever row took the old one's place.
    store::TreeNode stale;
    stale.kind = NodeKind::Plane;
    stale.label = QStringLiteral("stale-plane");
    emit reader.childrenLoaded(hstPlanes, store::TreeNodes{stale});
    QTRY_COMPARE_WITH_TIMEOUT(first.count(), 1, 5000);
    QCOMPARE(model.rowCount(), m_store->jwstCount);
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex top = model.index(r, 0);
        QTRY_COMPARE(top.data(ModelRole::Collection).toString(), modeltest::jwst);
        for (int c = 0; c < model.rowCount(top); ++c)
            QVERIFY(model.index(c, 0, top).data().toString() != stale.label);
    }
    // Whatever loaded since (the tester expands rows too) is JWST's.
    for (const auto &args : std::as_const(loaded))
        QCOMPARE(args.at(0).value<QModelIndex>().data(ModelRole::Collection).toString(), modeltest::jwst);
}

// Another program writes (validate finds a difference, a harvest adds observations): the model follows without a
// reset, so a view keeps its selection, expansion and scroll position.
void TestEntityTreeModel::refreshInPlaceFollowsTheStore()
{
    auto filled = modeltest::filledStore(60, 0);
    store::StoreReader reader(filled->store);
    EntityTreeModel model(&reader, ObservationWindowCache::Options{20, 3});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setFilter(modeltest::collectionFilter(modeltest::hst));
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 60, 5000);
    const QPersistentModelIndex first(model.index(0, 0));
    const QPersistentModelIndex firstState(model.index(0, EntityTreeModel::StateColumn));
    QTRY_VERIFY(first.data(ModelRole::RowStatus).toInt() == int(RowStatus::Ready));
    QCOMPARE(firstState.data(ModelRole::State).toString(), store::ObservationState::ok);
    QVERIFY(expand(model, first));
    const int planes = model.rowCount(first);
    const QString id = first.data().toString();

    // Validate found the first observation differs from MAST's; a harvest brought three more (sorting last).
    store::Discrepancy found;
    found.source = QStringLiteral("MAST");
    found.collection = modeltest::hst;
    found.observationID = id;
    found.cls = store::DiscrepancyClass::ChecksumDiffers;
    found.remoteChecksum = QStringLiteral("md5:partner");
    QVERIFY(store::DiscrepancyStore(filled->store).add({found}));
    caom2::GeneratorOptions options;
    options.collection = "HST";
    options.seed = 31;
    std::vector<store::UpsertItem> batch;
    for (int i = 0; i < 3; ++i) // indexes ≡ 25 (mod 26): observationIDs starting with "z"
        batch.emplace_back(caom2::generateObservation(options, std::uint64_t(25 + 26 * (100 + i))),
                           QStringLiteral("MAST"));
    QVERIFY(store::ObservationStore(filled->store).upsert(batch));

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.refreshInPlace();
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 63, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(firstState.data(ModelRole::State).toString(), store::ObservationState::differs, 5000);
    QCOMPARE(reset.count(), 0);
    QVERIFY(!inserted.isEmpty());
    QVERIFY(first.isValid()); // the persistent identity of the row survived
    QCOMPARE(first.data().toString(), id);
    QCOMPARE(model.rowCount(first), planes); // still expanded, its planes still there
    QTRY_VERIFY(model.index(62, 0).data(ModelRole::RowStatus).toInt() == int(RowStatus::Ready));
    QVERIFY(model.index(62, 0).data().toString().startsWith(QLatin1Char('z')));
}

// A count that answers late (the reader is held between the first window and the count): the first observations are
// shown and can be expanded at once; when the count arrives the rest are added after them, the expanded one keeps
// its planes, and every top row reads as the store lists it.
void TestEntityTreeModel::firstRowsShowBeforeALateCount()
{
    const ObservationWindowCache::Options windows{40, 4}; // all 120 fit: the tester's expansions make reads slow
    store::StoreReader reader(m_store->store);
    EntityTreeModel model(&reader, windows);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    modeltest::ReaderGate gate(reader); // after the model: see reader_gate.h
    QSignalSpy counted(&model, &EntityTreeModel::countLoaded);
    QSignalSpy first(&model, &EntityTreeModel::firstRowsLoaded);
    gate.holdAfterWindow();
    model.setFilter(modeltest::collectionFilter(modeltest::hst));
    QVERIFY(gate.waitUntilHeld());
    QTRY_COMPARE(first.count(), 1);
    QCOMPARE(counted.count(), 0);
    QVERIFY(!model.countKnown());
    QCOMPARE(model.rowCount(), windows.windowSize);
    const auto stored =
        store::ObservationStore(m_store->store).window(modeltest::collectionFilter(modeltest::hst), 1000);
    QVERIFY(stored && int(stored->size()) == m_store->hstCount);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.index(row, 0).data().toString(), stored.value()[std::size_t(row)].observationID);

    // Expanded before the count: its planes are asked for behind the count, and come after it.
    const QPersistentModelIndex expanded(model.index(2, 0));
    if (model.canFetchMore(expanded))
        model.fetchMore(expanded);
    gate.release();
    QVERIFY(counted.wait(5000) || counted.count() == 1);
    QCOMPARE(counted.first().at(0).toLongLong(), qint64(m_store->hstCount));
    QCOMPARE(model.rowCount(), m_store->hstCount);
    QVERIFY(model.countKnown());
    QVERIFY(expand(model, expanded));
    QCOMPARE(expanded.row(), 2);
    QCOMPARE(model.index(0, 0, expanded).data(ModelRole::ObservationId).toString(), stored.value()[2].observationID);
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        QTRY_VERIFY(index.data(ModelRole::RowStatus).toInt() == int(RowStatus::Ready));
        QCOMPARE(index.data().toString(), stored.value()[std::size_t(row)].observationID);
    }
    QCOMPARE(first.count(), 1);
}

// Fewer matches than a window holds: the window is the count, announced with the rows; the reader never counts.
void TestEntityTreeModel::shortResultNeedsNoCount()
{
    store::StoreReader reader(m_store->store);
    EntityTreeModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    modeltest::ReaderGate gate(reader);
    std::vector<quint64> answers; // the tokens of every count the reader answers, delivered here in order
    connect(&reader, &store::StoreReader::countLoaded, &model,
            [&answers](quint64 token, qint64) { answers.push_back(token); });
    QSignalSpy counted(&model, &EntityTreeModel::countLoaded);
    gate.holdAfterWindow();
    model.setFilter(modeltest::collectionFilter(modeltest::jwst)); // 10 of a window of 200
    QVERIFY(gate.waitUntilHeld());
    QTRY_COMPARE(counted.count(), 1);
    QCOMPARE(counted.first().at(0).toLongLong(), qint64(m_store->jwstCount));
    QCOMPARE(model.rowCount(), m_store->jwstCount);
    QVERIFY(model.countKnown());

    gate.release();
    QVERIFY(expand(model, model.index(m_store->jwstCount - 1, 0)));
    const quint64 probe = reader.newToken();
    reader.requestCount(probe, modeltest::collectionFilter(modeltest::hst));
    QTRY_VERIFY(!answers.empty());
    QCOMPARE(answers.size(), std::size_t(1)); // the probe's: the model's count was never read
    QCOMPARE(answers.front(), probe);
    QCOMPARE(counted.count(), 1);
}

// Another program writes while the first rows are shown and the count is still to come (the console follows the
// store in place): the rows shown stay, the count asked for again arrives, and the rows read as the store lists them.
void TestEntityTreeModel::storeChangeWhileCounting()
{
    const ObservationWindowCache::Options windows{40, 4};
    store::StoreReader reader(m_store->store);
    EntityTreeModel model(&reader, windows);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    modeltest::ReaderGate gate(reader);
    QSignalSpy counted(&model, &EntityTreeModel::countLoaded);
    gate.holdAfterWindow();
    model.setFilter(modeltest::collectionFilter(modeltest::hst));
    QVERIFY(gate.waitUntilHeld());
    QTRY_COMPARE(model.rowCount(), windows.windowSize);
    const QString first = model.index(0, 0).data().toString();

    model.refreshInPlace(); // the first count's request is cancelled; a new one follows
    QCOMPARE(model.rowCount(), windows.windowSize);
    QCOMPARE(model.index(0, 0).data().toString(), first);
    gate.release();
    QVERIFY(counted.wait(5000) || counted.count() == 1);
    QCOMPARE(counted.count(), 1);
    QCOMPARE(counted.first().at(0).toLongLong(), qint64(m_store->hstCount));
    QCOMPARE(model.rowCount(), m_store->hstCount);
    const auto stored =
        store::ObservationStore(m_store->store).window(modeltest::collectionFilter(modeltest::hst), 1000);
    QVERIFY(stored);
    for (int row = 0; row < model.rowCount(); row += 13) {
        const QModelIndex index = model.index(row, 0);
        QTRY_VERIFY(index.data(ModelRole::RowStatus).toInt() == int(RowStatus::Ready));
        QCOMPARE(index.data().toString(), stored.value()[std::size_t(row)].observationID);
    }
}

QTEST_GUILESS_MAIN(TestEntityTreeModel)
#include "tst_entitytreemodel.moc"
