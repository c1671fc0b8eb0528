// CollectionCountsModel: (source, collection, state, count) from the store's counters, refreshed on request
// with one ranged dataChanged when only counts moved; QAbstractItemModelTester (Fatal) throughout.
#include "model_test_store.h"
#include "models/collection_counts_model.h"
#include "models/model_roles.h"
#include "store/store_reader.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using mirror::models::CollectionCountsModel;
namespace ModelRole = mirror::models::ModelRole;

class TestCollectionCountsModel : public QObject {
    Q_OBJECT

private slots:
    void countsPerState();
    void refreshSendsRangedDataChanged();
    void newStateResets();
    void failureIsReported();
};

void TestCollectionCountsModel::countsPerState()
{
    auto filled = modeltest::filledStore(40, 6);
    store::StoreReader reader(filled->store);
    CollectionCountsModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy refreshed(&model, &CollectionCountsModel::countsRefreshed);
    QCOMPARE(model.rowCount(), 0);
    model.refresh();
    QVERIFY(refreshed.wait(5000));

    int ok = 0, stale = 0, differs = 0;
    for (int i = 0; i < filled->hstCount; ++i) {
        const QString state = modeltest::stateOf(i);
        ok += state == store::ObservationState::ok;
        stale += state == store::ObservationState::stale;
        differs += state == store::ObservationState::differs;
    }
    QCOMPARE(model.total(modeltest::hst), qint64(filled->hstCount));
    QCOMPARE(model.total(modeltest::jwst, QStringLiteral("MAST")), qint64(filled->jwstCount));
    QCOMPARE(model.total(modeltest::jwst, QStringLiteral("elsewhere")), qint64(0));
    QCOMPARE(model.rowCount(), 4); // HST ok, stale, differs; JWST ok
    for (int row = 0; row < model.rowCount(); ++row) {
        const QString collection = model.index(row, CollectionCountsModel::CollectionColumn).data().toString();
        const QString state = model.index(row, 0).data(ModelRole::State).toString();
        const qint64 count =
            model.index(row, CollectionCountsModel::CountColumn).data(ModelRole::RawValue).toLongLong();
        QCOMPARE(model.index(row, CollectionCountsModel::SourceColumn).data().toString(), QStringLiteral("MAST"));
        const QModelIndex stateCell = model.index(row, CollectionCountsModel::StateColumn);
        QVERIFY(stateCell.data().toString().endsWith(state)); // glyph + word
        QVERIFY(stateCell.data(Qt::ForegroundRole).value<QColor>().isValid());
        if (collection == modeltest::jwst)
            QCOMPARE(count, qint64(filled->jwstCount));
        else if (state == store::ObservationState::ok)
            QCOMPARE(count, qint64(ok));
        else if (state == store::ObservationState::stale)
            QCOMPARE(count, qint64(stale));
        else
            QCOMPARE(count, qint64(differs));
    }
}

void TestCollectionCountsModel::refreshSendsRangedDataChanged()
{
    auto filled = modeltest::filledStore(20, 3);
    store::StoreReader reader(filled->store);
    CollectionCountsModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy refreshed(&model, &CollectionCountsModel::countsRefreshed);
    model.refresh();
    QVERIFY(refreshed.wait(5000));

    // Three more JWST observations: same (source, collection, state) rows, new counts.
    store::ObservationStore observations(filled->store);
    caom2::GeneratorOptions options;
    options.collection = "JWST";
    options.seed = 99;
    std::vector<store::UpsertItem> batch;
    for (int i = 0; i < 3; ++i)
        batch.emplace_back(caom2::generateObservation(options, std::uint64_t(1000 + i)), QStringLiteral("MAST"));
    QVERIFY(observations.upsert(batch));

    QSignalSpy reset(&model, &CollectionCountsModel::modelReset);
    QSignalSpy changed(&model, &CollectionCountsModel::dataChanged);
    model.refresh();
    QVERIFY(refreshed.wait(5000));
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>().column(), int(CollectionCountsModel::CountColumn));
    QCOMPARE(model.total(modeltest::jwst), qint64(6));
}

void TestCollectionCountsModel::newStateResets()
{
    auto filled = modeltest::filledStore(0, 2);
    store::StoreReader reader(filled->store);
    CollectionCountsModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy refreshed(&model, &CollectionCountsModel::countsRefreshed);
    model.refresh();
    QVERIFY(refreshed.wait(5000));
    QCOMPARE(model.rowCount(), 1);

    store::ObservationStore observations(filled->store);
    caom2::GeneratorOptions options;
    options.collection = "JWST";
    options.seed = 98;
    QVERIFY(observations.upsert({store::UpsertItem(caom2::generateObservation(options, 7), QStringLiteral("MAST"),
                                                   store::ObservationState::stale)}));
    QSignalSpy reset(&model, &CollectionCountsModel::modelReset);
    // Tokens increase: the two refreshes below ask with before + 1 and before + 2.
    const quint64 before = reader.newToken();
    model.refresh();
    model.refresh(); // only the newest answer counts
    // An answer to the first, carrying other counts than the store's, arrives before and after the newest one:
    // it must change nothing.
    store::CollectionCount bogus;
    bogus.source = QStringLiteral("MAST");
    bogus.collection = modeltest::jwst;
    bogus.state = store::ObservationState::differs;
    bogus.count = 999;
    emit reader.countsLoaded(before + 1, store::CollectionCounts{bogus});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.total(modeltest::jwst), qint64(2));
    // Requests are answered in order: once the newest answer is in, any answer to the first has come too.
    QTRY_COMPARE_WITH_TIMEOUT(refreshed.count(), 2, 5000);
    emit reader.countsLoaded(before + 1, store::CollectionCounts{bogus});
    QCOMPARE(refreshed.count(), 2); // the first refresh's answer plus the newest; the cancelled one changed nothing
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.total(modeltest::jwst), qint64(3));
    QCOMPARE(model.total(modeltest::jwst, QStringLiteral("MAST")), qint64(3));
}

void TestCollectionCountsModel::failureIsReported()
{
    auto filled = modeltest::filledStore(1, 0);
    store::StoreReader reader(filled->store);
    CollectionCountsModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    filled->deleteFiles(); // the reader connects on first use and finds no tables
    QSignalSpy failed(&model, &CollectionCountsModel::loadFailed);
    model.refresh();
    QVERIFY(failed.wait(5000));
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestCollectionCountsModel)
#include "tst_collectioncountsmodel.moc"
