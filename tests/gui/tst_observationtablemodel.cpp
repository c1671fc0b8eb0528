// ObservationTableModel over a real temporary store: windows read on demand off the GUI thread, a bounded LRU,
// stale answers dropped after a filter change, the first rows shown before a late count, errors shown;
// QAbstractItemModelTester (Fatal) throughout.
#include "model_test_store.h"
#include "models/model_roles.h"
#include "models/observation_table_model.h"
#include "reader_gate.h"
#include "store/store_reader.h"

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include <atomic>
#include <vector>

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
    void firstRowsShowBeforeALateCount();
    void shortResultNeedsNoCount();
    void filterChangedWhileCounting();
    void fixedRows();
    void failureIsReported();
    void countOfOnePartnerComesFromTheCounters();

private:
    static ObservationWindowCache::Options smallWindows() { return {50, 3}; }
    // Asks for every row in order, waiting for each window, as a view scrolling down does.
    static bool scrollThrough(ObservationTableModel &model);
    // The observationIDs the store lists for `filter`, in order (read directly, not through a model).
    QStringList storedIds(const store::ObservationFilter &filter) const;
    // The model's observationIDs, every row read as a view scrolling down reads them.
    static QStringList modelIds(ObservationTableModel &model);
    // The HST observations stored as differing (every 11th, see modeltest::stateOf): fewer than a window of 50.
    int hstDiffering() const;

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

QStringList TestObservationTableModel::storedIds(const store::ObservationFilter &filter) const
{
    const auto rows = store::ObservationStore(m_store->store).window(filter, 100000);
    if (!rows)
        qFatal("cannot list the test store: %s", rows.error().describe().c_str());
    QStringList ids;
    for (const store::ObservationSummary &row : rows.value())
        ids << row.observationID;
    return ids;
}

QStringList TestObservationTableModel::modelIds(ObservationTableModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, ObservationTableModel::ObservationIdColumn);
        // Waits for the row's window (only a few stay in memory); a row never read stays "" and fails the compare.
        const bool ready =
            QTest::qWaitFor([&] { return index.data(ModelRole::RowStatus).toInt() == int(RowStatus::Ready); }, 5000);
        ids << (ready ? index.data(ModelRole::ObservationId).toString() : QString());
    }
    return ids;
}

int TestObservationTableModel::hstDiffering() const
{
    int differing = 0;
    for (int i = 0; i < m_store->hstCount; ++i)
        differing += modeltest::stateOf(i) == store::ObservationState::differs ? 1 : 0;
    return differing;
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
    QTRY_COMPARE(counted.count(), 1); // the first rows may come before the count
    QCOMPARE(model.rowCount(), m_store->hstCount);
    QCOMPARE(model.columnCount(), int(ObservationTableModel::ColumnCount));

    // The first window came before the count (and the second may have been read ahead); row 160 is in the fourth
    // window, not read yet.
    QCOMPARE(model.index(0, 0).data(ModelRole::RowStatus).toInt(), int(RowStatus::Ready));
    const QModelIndex far = model.index(160, ObservationTableModel::ObservationIdColumn);
    QCOMPARE(far.data().toString(), QStringLiteral("Loading\u2026"));
    QCOMPARE(far.data(ModelRole::RowStatus).toInt(), int(RowStatus::Loading));
    changed.clear();
    QTRY_COMPARE(far.data(ModelRole::RowStatus).toInt(), int(RowStatus::Ready));
    QVERIFY(!changed.isEmpty());
    // One ranged dataChanged per window: rows 150..199, every column (the read-ahead window may report too).
    bool ranged = false;
    for (const QList<QVariant> &args : changed)
        ranged = ranged
            || (args.at(0).value<QModelIndex>().row() == 150 && args.at(1).value<QModelIndex>().row() == 199
                && args.at(0).value<QModelIndex>().column() == 0
                && args.at(1).value<QModelIndex>().column() == ObservationTableModel::ColumnCount - 1);
    QVERIFY(ranged);

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
    QSignalSpy counted(&model, &ObservationTableModel::countLoaded);
    model.setFilter(modeltest::collectionFilter(modeltest::hst));
    QVERIFY(counted.wait(5000));
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

// A count that answers late (the reader is held between the first window and the count): the first window's rows
// are readable at once, the rest are added when the count arrives, and every row then reads as the store lists it,
// once, in order.
void TestObservationTableModel::firstRowsShowBeforeALateCount()
{
    store::StoreReader reader(m_store->store);
    ObservationTableModel model(&reader, smallWindows());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    modeltest::ReaderGate gate(reader); // after the model: see reader_gate.h
    QSignalSpy counted(&model, &ObservationTableModel::countLoaded);
    QSignalSpy first(&model, &ObservationTableModel::firstRowsLoaded);
    gate.holdAfterWindow();
    const store::ObservationFilter filter = modeltest::collectionFilter(modeltest::hst);
    model.setFilter(filter);
    QVERIFY(gate.waitUntilHeld());
    QTRY_COMPARE(first.count(), 1);

    // The count is held back: one window of rows is shown, every one of them readable.
    const QStringList stored = storedIds(filter);
    QCOMPARE(stored.size(), m_store->hstCount);
    QCOMPARE(counted.count(), 0);
    QVERIFY(!model.countKnown());
    QCOMPARE(model.rowCount(), smallWindows().windowSize);
    QCOMPARE(modelIds(model), stored.mid(0, smallWindows().windowSize));
    // Reading the last rows shown asks for the next window ahead; nothing beyond the rows shown exists yet.
    QCOMPARE(model.index(49, 0).data(ModelRole::RowStatus).toInt(), int(RowStatus::Ready));
    QVERIFY(!model.index(50, 0).isValid());
    QCOMPARE(model.rowCount(), smallWindows().windowSize);

    gate.release();
    QVERIFY(counted.wait(5000));
    QCOMPARE(counted.count(), 1);
    QCOMPARE(counted.first().at(0).toLongLong(), qint64(m_store->hstCount));
    QVERIFY(model.countKnown());
    QCOMPARE(model.rowCount(), m_store->hstCount);
    QCOMPARE(first.count(), 1);
    QCOMPARE(modelIds(model), stored);
}

// A result smaller than a window: the window is the count. countLoaded comes with the rows, and the reader is never
// asked to count (held between the window and the count, the count is cancelled before it could start).
void TestObservationTableModel::shortResultNeedsNoCount()
{
    store::StoreReader reader(m_store->store);
    ObservationTableModel model(&reader, smallWindows());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    modeltest::ReaderGate gate(reader);
    std::vector<quint64> answers; // the tokens of every count the reader answers, delivered here in order
    connect(&reader, &store::StoreReader::countLoaded, &model,
            [&answers](quint64 token, qint64) { answers.push_back(token); });
    QSignalSpy counted(&model, &ObservationTableModel::countLoaded);
    QSignalSpy first(&model, &ObservationTableModel::firstRowsLoaded);

    store::ObservationFilter filter = modeltest::collectionFilter(modeltest::hst);
    filter.state = store::ObservationState::differs;
    const int expected = hstDiffering();
    QVERIFY(expected > 0 && expected < smallWindows().windowSize);
    gate.holdAfterWindow();
    model.setFilter(filter);
    QVERIFY(gate.waitUntilHeld());
    QTRY_COMPARE(counted.count(), 1);
    QCOMPARE(counted.first().at(0).toLongLong(), qint64(expected));
    QCOMPARE(first.count(), 1);
    QVERIFY(model.countKnown());
    QCOMPARE(model.rowCount(), expected);
    QCOMPARE(modelIds(model), storedIds(filter));
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.index(row, 0).data(ModelRole::State).toString(), store::ObservationState::differs);

    // Nothing matches: no row, a count of 0 at once.
    gate.holdAfterWindow();
    gate.release();
    filter.state.clear();
    filter.idPrefix = QStringLiteral("no such observation");
    counted.clear();
    first.clear();
    model.setFilter(filter);
    QVERIFY(gate.waitUntilHeld());
    QTRY_COMPARE(counted.count(), 1);
    QCOMPARE(counted.first().at(0).toLongLong(), 0);
    QCOMPARE(first.count(), 1);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.countKnown());

    // The reader answers in order: once a count asked for now is answered, the two cancelled ones would have been.
    gate.release();
    const quint64 probe = reader.newToken();
    reader.requestCount(probe, modeltest::collectionFilter(modeltest::jwst));
    QTRY_VERIFY(!answers.empty());
    QCOMPARE(answers.size(), std::size_t(1));
    QCOMPARE(answers.front(), probe);
    QCOMPARE(counted.count(), 1); // the probe's answer is not the model's
}

// The filter changes while the count runs: the old count's answer, already on its way, must not reach the rows of
// the new filter; the new filter's first rows show before its own late count, then its count.
void TestObservationTableModel::filterChangedWhileCounting()
{
    const ObservationWindowCache::Options windows{20, 3}; // both collections fill the first window
    QVERIFY(m_store->jwstCount > windows.windowSize);
    store::StoreReader reader(m_store->store);
    ObservationTableModel model(&reader, windows);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    modeltest::ReaderGate gate(reader);
    QSignalSpy counted(&model, &ObservationTableModel::countLoaded);
    QSignalSpy first(&model, &ObservationTableModel::firstRowsLoaded);

    gate.holdAfterWindow();
    model.setFilter(modeltest::collectionFilter(modeltest::hst));
    QVERIFY(gate.waitUntilHeld());
    QTRY_COMPARE(first.count(), 1);
    QCOMPARE(model.rowCount(), windows.windowSize);
    QCOMPARE(model.index(0, 0).data(ModelRole::Collection).toString(), modeltest::hst);

    // HST's count is answered, but the answer waits in this thread's queue (no event is processed) while the
    // filter changes to JWST, whose first window the reader is then held after.
    gate.holdAfterCount();
    gate.release();
    QVERIFY(gate.waitUntilHeld());
    gate.holdAfterWindow([](qint64 firstRow, const store::SummaryRows &rows) {
        return firstRow == 0 && !rows.empty() && rows.front().collection == modeltest::jwst; // not HST's read-ahead
    });
    gate.release();
    model.setFilter(modeltest::collectionFilter(modeltest::jwst));
    QVERIFY(gate.waitUntilHeld());
    QTRY_COMPARE(first.count(), 2);
    QCOMPARE(counted.count(), 0); // HST's 230 was dropped
    QVERIFY(!model.countKnown());
    QCOMPARE(model.rowCount(), windows.windowSize);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.index(row, 0).data(ModelRole::Collection).toString(), modeltest::jwst);

    gate.release();
    QVERIFY(counted.wait(5000));
    QCOMPARE(counted.count(), 1);
    QCOMPARE(counted.first().at(0).toLongLong(), qint64(m_store->jwstCount));
    QCOMPARE(model.rowCount(), m_store->jwstCount);
    QCOMPARE(modelIds(model), storedIds(modeltest::collectionFilter(modeltest::jwst)));
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

// The count fails (its table is gone) after the first window showed: the rows shown stay, the failure is reported
// with its cause, and the model says the count failed rather than being under way.
void TestObservationTableModel::failureIsReported()
{
    auto broken = modeltest::filledStore(3, 0);
    {
        QSqlQuery query(broken->store->database());
        QVERIFY(query.exec(QStringLiteral("DROP TABLE collection_stats")));
    }
    store::StoreReader reader(broken->store);
    ObservationTableModel model(&reader, ObservationWindowCache::Options{2, 3}); // a full first window: a count
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy failed(&model, &ObservationTableModel::loadFailed);
    QSignalSpy counted(&model, &ObservationTableModel::countLoaded);
    model.setFilter(modeltest::collectionFilter(modeltest::hst));
    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("collection_stats")),
             qPrintable(failed.first().at(0).toString()));
    QVERIFY(model.countFailed());
    QVERIFY(!model.countKnown());
    QCOMPARE(counted.count(), 0);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, 0).data(ModelRole::RowStatus).toInt(), int(RowStatus::Ready));
}

// The browser names the partner as well as the collection, and the count of such a filter is read from the counters
// kept with every write, not by counting rows (a whole collection of ten million took seconds). The counters are
// made to disagree with the rows here, so the answer shows where it came from.
void TestObservationTableModel::countOfOnePartnerComesFromTheCounters()
{
    auto filled = modeltest::filledStore(5, 3);
    {
        QSqlQuery query(filled->store->database());
        QVERIFY(query.exec(QStringLiteral("UPDATE collection_stats SET observation_count = observation_count + 1000"
                                          " WHERE source = 'MAST' AND collection = 'HST' AND state = 'ok'")));
        QCOMPARE(query.numRowsAffected(), 1);
    }
    store::StoreReader reader(filled->store);
    ObservationTableModel model(&reader, ObservationWindowCache::Options{2, 3}); // a full first window: a count
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy counted(&model, &ObservationTableModel::countLoaded);
    store::ObservationFilter filter = modeltest::collectionFilter(modeltest::hst);
    filter.source = QStringLiteral("MAST");
    model.setFilter(filter);
    QVERIFY(counted.wait(5000));
    QCOMPARE(counted.last().at(0).toLongLong(), 1005);

    // Another partner's count is its own: none of these observations came from it.
    filter.source = QStringLiteral("CADC");
    model.setFilter(filter);
    QTRY_VERIFY(model.countKnown());
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestObservationTableModel) // a GUI application: the state cells carry icons
#include "tst_observationtablemodel.moc"
