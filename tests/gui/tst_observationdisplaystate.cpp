// The one rule that decides the state an observation is shown with (store::observationDisplayState), and the
// store queries that feed it: windows through the StoreReader (the browser's list and tree), the counts per
// state (the navigator), one observation (the detail pane). On SQLite and PostgreSQL.
#include "model_test_store.h"
#include "store/discrepancy_store.h"
#include "store/harvest_state_store.h"
#include "store/observation_display_state.h"
#include "store/skip_record_store.h"
#include "store/store_reader.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include <map>

using store::DiscrepancyClass;
using store::DisplayEvidence;
using store::ObservationState::differs;
using store::ObservationState::ok;
using store::ObservationState::pending;
using store::ObservationState::stale;

namespace {

store::Discrepancy discrepancy(DiscrepancyClass cls, const QString &observationID, const QString &local,
                               const QString &remote, const QString &source = QStringLiteral("MAST"))
{
    store::Discrepancy d;
    d.source = source;
    d.collection = QStringLiteral("HST");
    d.observationID = observationID;
    d.cls = cls;
    d.localChecksum = local;
    d.remoteChecksum = remote;
    d.detectedAt = 1764850000000; // 2025-12-04 12:06:40 UTC
    return d;
}

} // namespace

class TestObservationDisplayState : public QObject {
    Q_OBJECT

private slots:
    void rule_data();
    void rule();
    void differsSaysWithWhomSinceWhenAndWhatToDo();
    void skipRecordMakesStale();
    void storeFeedsTheRule_data() { testsupport::addEngineColumn(); }
    void storeFeedsTheRule();
    void readerWindowsAndCountsUseTheRule();
};

void TestObservationDisplayState::rule_data()
{
    QTest::addColumn<QString>("rowState");
    QTest::addColumn<int>("cls"); // -1: no discrepancy
    QTest::addColumn<QString>("remote");
    QTest::addColumn<bool>("acknowledged");
    QTest::addColumn<QString>("shown");
    const QString ours = QStringLiteral("md5:ours");
    QTest::newRow("ok, nothing found") << ok << -1 << QString() << false << ok;
    QTest::newRow("checksum differs") << ok << int(DiscrepancyClass::ChecksumDiffers) << "md5:theirs" << false
                                      << differs;
    QTest::newRow("checksum differs, acknowledged")
        << ok << int(DiscrepancyClass::ChecksumDiffers) << "md5:theirs" << true << ok;
    QTest::newRow("checksum differs, repaired since")
        << ok << int(DiscrepancyClass::ChecksumDiffers) << ours << false << ok;
    QTest::newRow("missing at the partner")
        << ok << int(DiscrepancyClass::MissingRemotely) << QString() << false << differs;
    QTest::newRow("timestamp only") << ok << int(DiscrepancyClass::TimestampDiffers) << ours << false << ok;
    QTest::newRow("pending") << ok << int(DiscrepancyClass::Pending) << "md5:newer" << false << pending;
    QTest::newRow("missing locally, fetched since")
        << ok << int(DiscrepancyClass::MissingLocally) << ours << false << ok;
    QTest::newRow("stale row") << stale << -1 << QString() << false << stale;
    QTest::newRow("stale row, checksum differs")
        << stale << int(DiscrepancyClass::ChecksumDiffers) << "md5:theirs" << false << differs;
    QTest::newRow("stale row, pending") << stale << int(DiscrepancyClass::Pending) << "md5:newer" << false << stale;
    QTest::newRow("row marked differs") << differs << -1 << QString() << false << differs;
}

void TestObservationDisplayState::rule()
{
    QFETCH(QString, rowState);
    QFETCH(int, cls);
    QFETCH(QString, remote);
    QFETCH(bool, acknowledged);
    QFETCH(QString, shown);
    DisplayEvidence evidence;
    evidence.rowState = rowState;
    evidence.accMetaChecksum = QStringLiteral("md5:ours");
    if (cls >= 0) {
        evidence.discrepancies.push_back(
            discrepancy(DiscrepancyClass(cls), QStringLiteral("x"), QStringLiteral("md5:ours"), remote));
        evidence.discrepancies.back().acknowledged = acknowledged;
    }
    const store::DisplayState state = store::observationDisplayState(evidence);
    QCOMPARE(state.state, shown);
    QVERIFY(!state.summary.isEmpty());
    if (shown != ok)
        QVERIFY(!state.nextStep.isEmpty());
}

void TestObservationDisplayState::differsSaysWithWhomSinceWhenAndWhatToDo()
{
    DisplayEvidence evidence;
    evidence.rowState = ok;
    evidence.accMetaChecksum = QStringLiteral("md5:ours");
    evidence.discrepancies.push_back(discrepancy(DiscrepancyClass::ChecksumDiffers, QStringLiteral("x"),
                                                 QStringLiteral("md5:ours"), QStringLiteral("md5:theirs")));
    const store::DisplayState state = store::observationDisplayState(evidence);
    QCOMPARE(state.state, differs);
    QCOMPARE(state.partner, QStringLiteral("MAST"));
    QCOMPARE(state.since, std::optional<qint64>(1764850000000));
    QCOMPARE(state.partnerChecksum, QStringLiteral("md5:theirs"));
    QCOMPARE(state.ourChecksum, QStringLiteral("md5:ours"));
    QVERIFY2(state.summary.contains(QStringLiteral("MAST")), qPrintable(state.summary));
    QVERIFY2(state.detail.contains(QStringLiteral("2025-12-04 12:06 UTC")), qPrintable(state.detail));
    QVERIFY2(state.nextStep.contains(QStringLiteral("validate with repair for MAST \u203a HST")),
             qPrintable(state.nextStep));
}

void TestObservationDisplayState::skipRecordMakesStale()
{
    DisplayEvidence evidence;
    evidence.rowState = ok; // written by a process that had not marked the row yet
    evidence.accMetaChecksum = QStringLiteral("md5:ours");
    store::SkipRecord record;
    record.skipID = QStringLiteral("caom:HST/x");
    record.attempts = 3;
    record.firstFailure = 1764850000000;
    record.lastModified = 1764853600000;
    record.errorMessage = QStringLiteral("HTTP 503 from the partner");
    evidence.skips.push_back(record);
    const store::DisplayState state = store::observationDisplayState(evidence);
    QCOMPARE(state.state, stale);
    QVERIFY2(state.detail.contains(QStringLiteral("3 failed attempts")), qPrintable(state.detail));
    QVERIFY2(state.detail.contains(QStringLiteral("HTTP 503")), qPrintable(state.detail));
    QCOMPARE(state.since, std::optional<qint64>(1764850000000));
}

// Validate's findings, a repair, and a second validate, as the store sees them.
void TestObservationDisplayState::storeFeedsTheRule()
{
    QFETCH(QString, engine);
    testsupport::TestStore fixture(engine);
    QVERIFY2(fixture.ok(), qPrintable(fixture.error()));
    auto opened = fixture.open();
    QVERIFY2(opened, qPrintable(fixture.error()));
    store::ObservationStore observations(opened);
    caom2::GeneratorOptions options;
    options.collection = "HST";
    options.seed = 5;
    std::vector<store::UpsertItem> batch;
    for (int i = 0; i < 10; ++i)
        batch.emplace_back(caom2::generateObservation(options, std::uint64_t(i)), QStringLiteral("MAST"));
    QVERIFY(observations.upsert(batch));
    auto rows = observations.window(modeltest::collectionFilter(QStringLiteral("HST")), 10).value();
    QCOMPARE(rows.size(), std::size_t(10));

    // Validate found 3 whose checksums differ, 1 only by timestamp, and one the partner lacks.
    store::DiscrepancyStore discrepancies(opened);
    std::vector<store::Discrepancy> found;
    for (int i : {1, 4, 7})
        found.push_back(discrepancy(DiscrepancyClass::ChecksumDiffers, rows[std::size_t(i)].observationID,
                                    rows[std::size_t(i)].accMetaChecksum, QStringLiteral("md5:partner%1").arg(i)));
    found.push_back(discrepancy(DiscrepancyClass::TimestampDiffers, rows[2].observationID, rows[2].accMetaChecksum,
                                rows[2].accMetaChecksum));
    found.push_back(
        discrepancy(DiscrepancyClass::MissingRemotely, rows[9].observationID, rows[9].accMetaChecksum, QString()));
    found.push_back(
        discrepancy(DiscrepancyClass::MissingLocally, QStringLiteral("not-here"), QString(), QStringLiteral("md5:x")));
    QVERIFY(discrepancies.add(found));

    const store::ObservationDisplayStore display(opened);
    auto shown = display.states(rows);
    QVERIFY2(shown, shown ? "" : shown.error().describe().c_str());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const bool differing = i == 1 || i == 4 || i == 7 || i == 9;
        QCOMPARE(shown.value()[i].state, differing ? differs : ok);
    }
    QCOMPARE(shown.value()[4].partnerChecksum, QStringLiteral("md5:partner4"));
    // "Only differences" lists exactly what the rule shows differing (not the timestamp-only one).
    store::ObservationFilter differences = modeltest::collectionFilter(QStringLiteral("HST"));
    differences.onlyDifferences = true;
    QCOMPARE(observations.count(differences).value(), qint64(4));
    QVERIFY(shown.value()[2].detail.contains(QStringLiteral("only the modification time")));

    // The state filter selects by the shown state too: each state's count is what the rule gives.
    QVERIFY(discrepancies.add({discrepancy(DiscrepancyClass::Pending, rows[3].observationID, rows[3].accMetaChecksum,
                                           QStringLiteral("md5:newer"))}));
    for (const QString &state : {ok, stale, differs, pending}) {
        store::ObservationFilter byShownState = modeltest::collectionFilter(QStringLiteral("HST"));
        byShownState.state = state;
        const qint64 expected = state == differs ? 4 : state == pending ? 1 : state == ok ? 5 : 0;
        QCOMPARE(observations.count(byShownState).value(), expected);
    }
    QCOMPARE(display.states({rows[3]}).value().front().state, pending);

    // A refresh of an observation whose row still says ok failed (a skip record): shown stale, and the state
    // filter and "only differences" say so too. A skip record on a differing one leaves it differing.
    store::SkipRecordStore skipRecords(opened);
    for (int i : {5, 1}) {
        store::SkipFailure failure;
        failure.source = QStringLiteral("MAST");
        failure.cname = store::HarvestEntity::observation;
        failure.skipID = QStringLiteral("caom:HST/") + rows[std::size_t(i)].observationID;
        failure.errorMessage = QStringLiteral("HTTP 503 from the partner");
        QVERIFY(skipRecords.record(failure));
    }
    QCOMPARE(display.states({rows[5]}).value().front().state, stale);
    for (const QString &state : {ok, stale, differs, pending}) {
        store::ObservationFilter byShownState = modeltest::collectionFilter(QStringLiteral("HST"));
        byShownState.state = state;
        const qint64 expected = state == differs ? 4 : state == pending ? 1 : state == ok ? 4 : 1;
        QVERIFY2(observations.count(byShownState).value() == expected, qPrintable(state));
    }
    QCOMPARE(observations.count(differences).value(), qint64(6)); // 4 differing, 1 pending, 1 stale
    QVERIFY(skipRecords.remove(QStringLiteral("MAST"), store::HarvestEntity::observation,
                               QStringLiteral("caom:HST/") + rows[5].observationID));
    QVERIFY(skipRecords.remove(QStringLiteral("MAST"), store::HarvestEntity::observation,
                               QStringLiteral("caom:HST/") + rows[1].observationID));

    auto counts = display.counts();
    QVERIFY(counts);
    std::map<QString, qint64> byState;
    for (const store::CollectionCount &c : counts.value()) {
        QCOMPARE(c.source, QStringLiteral("MAST"));
        byState[c.state] += c.count;
    }
    QCOMPARE(byState[differs], qint64(4));
    QCOMPARE(byState[pending], qint64(1));
    QCOMPARE(byState[ok], qint64(5));

    auto one = display.state(QStringLiteral("HST"), rows[7].observationID);
    QVERIFY(one && one.value());
    QCOMPARE(one.value()->second.state, differs);
    QCOMPARE(one.value()->first.observationID, rows[7].observationID);

    // A repair fetched the partner's version of #7 (its checksum is now the partner's): no longer differs, even
    // before the next validate clears the finding.
    {
        QSqlQuery update(opened->database());
        QVERIFY(update.exec(QStringLiteral("UPDATE observation SET acc_meta_checksum = 'md5:partner7' WHERE "
                                           "observation_id = '%1'")
                                .arg(rows[7].observationID)));
    }
    QCOMPARE(display.state(QStringLiteral("HST"), rows[7].observationID).value()->second.state, ok);
    QCOMPARE(observations.count(differences).value(), qint64(4)); // 1, 4 and 9 differ, 3 is pending
    // The second validate clears what the first found: nothing differs any more.
    QVERIFY(discrepancies.clear(QStringLiteral("MAST"), QStringLiteral("HST")));
    shown = display.states(rows);
    QVERIFY(shown);
    for (const store::DisplayState &state : shown.value())
        QCOMPARE(state.state, ok);
    counts = display.counts();
    QVERIFY(counts);
    QCOMPARE(counts->size(), std::size_t(1));
    QCOMPARE(counts->front().state, ok);
    QCOMPARE(counts->front().count, qint64(10));
}

void TestObservationDisplayState::readerWindowsAndCountsUseTheRule()
{
    auto filled = modeltest::filledStore(30, 0); // every 11th row from 5 differs, every 7th from 3 stale
    store::ObservationStore observations(filled->store);
    auto rows = observations.window(modeltest::collectionFilter(modeltest::hst), 30).value();
    // Row 0 is stored ok; validate found its checksum differs from MAST's.
    QCOMPARE(rows[0].state, ok);
    store::DiscrepancyStore discrepancies(filled->store);
    QVERIFY(discrepancies.add({discrepancy(DiscrepancyClass::ChecksumDiffers, rows[0].observationID,
                                           rows[0].accMetaChecksum, QStringLiteral("md5:partner"))}));

    store::StoreReader reader(filled->store);
    QSignalSpy windows(&reader, &store::StoreReader::windowLoaded);
    QSignalSpy counts(&reader, &store::StoreReader::countsLoaded);
    QSignalSpy states(&reader, &store::StoreReader::displayStateLoaded);
    reader.requestWindow(reader.newToken(), modeltest::collectionFilter(modeltest::hst), 0, 5);
    reader.requestCounts(reader.newToken());
    reader.requestDisplayState(reader.newToken(), modeltest::hst, rows[0].observationID);
    QTRY_COMPARE_WITH_TIMEOUT(states.count(), 1, 10000);
    QCOMPARE(windows.count(), 1);
    const auto window = windows.first().at(2).value<store::SummaryRows>();
    QCOMPARE(window.front().observationID, rows[0].observationID);
    QCOMPARE(window.front().state, differs);
    QCOMPARE(counts.count(), 1);
    qint64 differing = 0;
    for (const store::CollectionCount &c : counts.first().at(1).value<store::CollectionCounts>())
        if (c.state == differs)
            differing += c.count;
    int storedDiffering = 0;
    for (int i = 0; i < 30; ++i)
        storedDiffering += modeltest::stateOf(i) == differs;
    QCOMPARE(differing, qint64(storedDiffering + 1));
    const auto state = states.first().at(2).value<store::DisplayState>();
    QCOMPARE(state.state, differs);
    QCOMPARE(state.partner, QStringLiteral("MAST"));
}

QTEST_GUILESS_MAIN(TestObservationDisplayState)
#include "tst_observationdisplaystate.moc"
