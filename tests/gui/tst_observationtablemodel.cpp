// ObservationTableModel over a real temporary store: windows read on demand off the GUI thread, a bounded LRU,
// stale answers dropped after a filter change, errors shown; QAbstractItemModelTester (Fatal) throughout.
#include "model_test_store.h"
#include "models/model_roles.h"
#include "models/observation_table_model.h"
#include "store/store_reader.h"

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include <atomic>

using mirror::models::ObservationTableModel;
using mirror::models::ObservationWindowCache;
using mirror::models::RowStatus;
namespace ModelRole = mirror::models::ModelRole;

class TestObservationTableModel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void loadsWindowsOnDemand();
    void memoryStaysBounded();
    void filtersAreStoreQueries();
    void staleAnswersAreDropped();
    void fixedRows();
    void failureIsReported();

private:
    static ObservationWindowCache::Options smallWindows() { return {50, 3}; }
    // Asks for every row in order, waiting for each window, as a view scrolling down does.
    static bool scrollThrough(ObservationTableModel &model);

    std::unique_ptr<modeltest::FilledStore> m_store;
};

void TestObservationTableModel::initTestCase()
{
    m_store = modeltest::filledStore(230, 40);
}

bool TestObservationTableModel::scrollThrough(ObservationTableModel &model)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, ObservationTableModel::ObservationIdColumn);
        if (!QTest::qWaitFor([&] { return index.data(ModelRole::RowStatus).toInt() == int(RowStatus::Ready); }, 5000))
            return false;
    }
    return true;
}

void TestObservationTableModel::loadsWindowsOnDemand()
{
    store::StoreReader reader(m_store->store);
    ObservationTableModel model(&reader, smallWindows());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy counted(&model, &ObservationTableModel::countLoaded);
    QSignalSpy first(&model, &ObservationTableModel::firstRowsLoaded);
    QSignalSpy changed(&model, &ObservationTableModel::dataChanged);

    model.setFilter(modeltest::collectionFilter(modeltest::hst));
    QVERIFY(first.wait(5000) || first.count() == 1);
    QCOMPARE(counted.count(), 1);
    QCOMPARE(model.rowCount(), m_store->hstCount);
    QCOMPARE(model.columnCount(), int(ObservationTableModel::ColumnCount));

    // The first window came with the count; row 60 is in the second window, not read yet.
    QCOMPARE(model.index(0, 0).data(ModelRole::RowStatus).toInt(), int(RowStatus::Ready));
    const QModelIndex far = model.index(60, ObservationTableModel::ObservationIdColumn);
    QCOMPARE(far.data().toString(), QStringLiteral("Loading\u2026"));
    QCOMPARE(far.data(ModelRole::RowStatus).toInt(), int(RowStatus::Loading));
    changed.clear();
    QTRY_COMPARE(far.data(ModelRole::RowStatus).toInt(), int(RowStatus::Ready));
    QVERIFY(!changed.isEmpty());
    // One ranged dataChanged per window: rows 50..99, every column.
    const auto args = changed.first();
    QCOMPARE(args.at(0).value<QModelIndex>().row(), 50);
    QCOMPARE(args.at(1).value<QModelIndex>().row(), 99);
    QCOMPARE(args.at(1).value<QModelIndex>().column(), ObservationTableModel::ColumnCount - 1);

    // Every row, in observationID order, equal to the store's own listing.
    QVERIFY(scrollThrough(model));
    store::ObservationStore observations(m_store->store);
    const auto all = observations.window(modeltest::collectionFilter(modeltest::hst), 1000).value();
    QCOMPARE(int(all.size()), m_store->hstCount);
    for (int row = 0; row < model.rowCount(); row += 17) {
        QTRY_COMPARE(model.index(row, 0).data(ModelRole::RowStatus).toInt(), int(RowStatus::Ready));
        QCOMPARE(model.index(row, 0).data().toString(), all[std::size_t(row)].observationID);
        QCOMPARE(model.index(row, ObservationTableModel::ChecksumColumn).data().toString(),
                 all[std::size_t(row)].accMetaChecksum);
        QCOMPARE(model.index(row, ObservationTableModel::InstrumentColumn).data().toString(),
                 all[std::size_t(row)].instrument);
    }

    // State: its word beside its icon, a colour and the raw value, never colour alone.
    for (int row = 0; row < 10; ++row) {
        const QModelIndex state = model.index(row, ObservationTableModel::StateColumn);
        QTRY_COMPARE(state.data(ModelRole::RowStatus).toInt(), int(RowStatus::Ready));
        const QString raw = state.data(ModelRole::State).toString();
        QCOMPARE(state.data().toString(), raw.isEmpty() ? QStringLiteral("unknown") : raw);
        QVERIFY(!state.data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(state.data(Qt::ForegroundRole).value<QColor>().isValid());
        QVERIFY(!state.data(Qt::ToolTipRole).toString().isEmpty());
    }
}

void TestObservationTableModel::memoryStaysBounded()
{
    store::StoreReader reader(m_store->store);
    ObservationTableModel model(&reader, smallWindows());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy first(&model, &ObservationTableModel::firstRowsLoaded);
    model.setFilter(modeltest::collectionFilter(modeltest::hst));
    QVERIFY(first.wait(5000));
    QVERIFY(scrollThrough(model));
    QVERIFY(model.windowsInMemory() <= smallWindows().maxWindows);
    // Row 60 left the cache long ago (row 0 may not: the tester keeps reading it); asking again reads it again.
    QCOMPARE(model.summaryAt(60), nullptr);
    QTRY_VERIFY(model.index(60, 0).data(ModelRole::RowStatus).toInt() == int(RowStatus::Ready));
    QVERIFY(model.windowsInMemory() <= smallWindows().maxWindows);
}

void TestObservationTableModel::filtersAreStoreQueries()
{
    store::StoreReader reader(m_store->store);
    ObservationTableModel model(&reader, smallWindows());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy counted(&model, &ObservationTableModel::countLoaded);

    store::ObservationFilter filter = modeltest::collectionFilter(modeltest::hst);
    filter.state = store::ObservationState::stale;
    model.setFilter(filter);
    QVERIFY(counted.wait(5000));
    int expected = 0;
    for (int i = 0; i < m_store->hstCount; ++i)
        expected += modeltest::stateOf(i) == store::ObservationState::stale ? 1 : 0;
    QCOMPARE(model.rowCount(), expected);
    QVERIFY(scrollThrough(model));
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.index(row, 0).data(ModelRole::State).toString(), store::ObservationState::stale);

    // onlyDifferences: stale and differs.
    filter.state.clear();
    filter.onlyDifferences = true;
    counted.clear();
    model.setFilter(filter);
    QVERIFY(counted.wait(5000));
    QVERIFY(model.rowCount() > expected);
    QVERIFY(scrollThrough(model));
    for (int row = 0; row < model.rowCount(); ++row)
        QVERIFY(model.index(row, 0).data(ModelRole::State).toString() != store::ObservationState::ok);
}

// A filter change while the old filter's answers are already on their way: they arrive after the change and
// must be dropped (the model shows JWST only, with JWST's count).
void TestObservationTableModel::staleAnswersAreDropped()
{
    store::StoreReader reader(m_store->store);
    std::atomic<int> answered{0};
    // Direct connection: counts answers on the reader's thread, before they reach the model.
    connect(
        &reader, &store::StoreReader::windowLoaded, &reader,
        [&answered](quint64, qint64, const store::SummaryRows &) { ++answered; }, Qt::DirectConnection);
    connect(
        &reader, &store::StoreReader::countLoaded, &reader, [&answered](quint64, qint64) { ++answered; },
        Qt::DirectConnection);

    ObservationTableModel model(&reader, smallWindows());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy counted(&model, &ObservationTableModel::countLoaded);
    model.setFilter(modeltest::collectionFilter(modeltest::hst));
    // Wait without processing events: both HST answers are queued to the model but not delivered.
    for (int i = 0; i < 500 && answered.load() < 2; ++i)
        QThread::msleep(10);
    QCOMPARE(answered.load(), 2);
    model.setFilter(modeltest::collectionFilter(modeltest::jwst));
    QTRY_COMPARE(counted.count(), 1);
    QTest::qWait(50); // let anything else queued arrive
    QCOMPARE(counted.count(), 1);
    QCOMPARE(counted.first().at(0).toLongLong(), qint64(m_store->jwstCount));
    QCOMPARE(model.rowCount(), m_store->jwstCount);
    QVERIFY(scrollThrough(model));
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.index(row, 0).data(ModelRole::Collection).toString(), modeltest::jwst);
}

void TestObservationTableModel::fixedRows()
{
    store::StoreReader reader(m_store->store);
    ObservationTableModel model(&reader, smallWindows());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    store::ObservationStore observations(m_store->store);
    auto rows = observations.window(modeltest::collectionFilter(modeltest::jwst), 5).value();
    model.setObservations(rows);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.index(4, 0).data().toString(), rows[4].observationID);
    QVERIFY(!model.isLoading());
}

void TestObservationTableModel::failureIsReported()
{
    auto broken = modeltest::filledStore(3, 0);
    {
        QSqlQuery query(broken->store->database());
        QVERIFY(query.exec(QStringLiteral("DROP TABLE collection_stats")));
    }
    store::StoreReader reader(broken->store);
    ObservationTableModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy failed(&model, &ObservationTableModel::loadFailed);
    model.setFilter(modeltest::collectionFilter(modeltest::hst));
    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("collection_stats")),
             qPrintable(failed.first().at(0).toString()));
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestObservationTableModel) // a GUI application: the state cells carry icons
#include "tst_observationtablemodel.moc"
