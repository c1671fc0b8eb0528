// The dashboard: its chart adapters on plain value rows, its table models under QAbstractItemModelTester, the
// page over a store (the display rule's states in the bars, a status that is not good while failures wait,
// following the store as it changes) and, in the main window, a click on a bar segment opening the browser on
// those observations.
#include "charts/party_bar_chart.h"
#include "charts/state_bar_chart.h"
#include "charts/state_bar_data.h"
#include "charts/throughput_chart.h"
#include "charts/throughput_data.h"
#include "common/settings.h"
#include "model_test_store.h"
#include "models/dashboard_targets_model.h"
#include "models/partner_comparison_model.h"
#include "models/recent_runs_model.h"
#include "store/source_listing_store.h"
#include "store/store_reader.h"
#include "views/browser_filter_bar.h"
#include "views/browser_page.h"
#include "views/dashboard_page.h"
#include "views/main_window.h"
#include "views/message_widget.h"
#include "views/partners_page.h"
#include "views/store_session.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using harvest::BarState;
using mirror::ui::DashboardPage;
using mirror::ui::MessageWidget;

namespace {

constexpr qint64 hour = 3600 * 1000LL;

harvest::StateBar bar(const QString &source, const QString &collection,
                      std::initializer_list<std::pair<BarState, qint64>> counts)
{
    harvest::StateBar b;
    b.source = source;
    b.collection = collection;
    for (const auto &[state, n] : counts)
        b.counts[static_cast<std::size_t>(state)] = n;
    return b;
}

qint64 count(const harvest::StateBar &b, BarState state)
{
    return b.counts[static_cast<std::size_t>(state)];
}

// HST of the filled store: the states modeltest::stateOf gives each generated observation.
std::map<QString, qint64> expectedStates(int hstCount)
{
    std::map<QString, qint64> states;
    for (int i = 0; i < hstCount; ++i)
        ++states[modeltest::stateOf(i)];
    return states;
}

void addRun(const std::shared_ptr<store::Store> &s, store::RunOutcome outcome, qint64 endedAgo, qint64 processed,
            const QString &error = {})
{
    qint64 clock = QDateTime::currentMSecsSinceEpoch() - endedAgo - 2000;
    store::RunRecordStore runs(s, [&clock] { return clock; });
    auto key = runs.start(QStringLiteral("incremental"), QStringLiteral("incremental"), QStringLiteral("MAST"),
                          modeltest::hst);
    QVERIFY(key);
    clock += 2000;
    store::RunCounts counts;
    counts.itemsOk = processed;
    QVERIFY(runs.finish(*key, outcome, counts, error));
}

} // namespace

class TestDashboard : public QObject {
    Q_OBJECT

private slots:
    void stateBarsFromValueRows()
    {
        const std::vector<harvest::StateBar> rows{
            bar(QStringLiteral("MAST"), QStringLiteral("HST"),
                {{BarState::InSync, 90}, {BarState::Differs, 6}, {BarState::Skipped, 4}}),
            bar(QStringLiteral("CADC"), QStringLiteral("HST"), {{BarState::InSync, 50}, {BarState::RemoteOnly, 2}}),
        };
        const auto data = mirror::charts::stateBarData(rows);
        QCOMPARE(data.categories, (QStringList{QStringLiteral("MAST \u00b7 HST"), QStringLiteral("CADC \u00b7 HST")}));
        QCOMPARE(data.largestTotal, qint64(100));
        // Only states present somewhere get a set, in stacking order, each with its glyph and word.
        QCOMPARE(data.sets.size(), std::size_t(4));
        QCOMPARE(data.sets[0].state, BarState::InSync);
        QCOMPARE(data.sets[0].values, (QList<qreal>{90, 50}));
        QCOMPARE(data.sets[0].label, QStringLiteral("\u2713 in sync"));
        QCOMPARE(data.sets[1].state, BarState::Skipped);
        QCOMPARE(data.sets[1].values, (QList<qreal>{4, 0}));
        QCOMPARE(data.sets[2].state, BarState::Differs);
        QCOMPARE(data.sets[3].state, BarState::RemoteOnly);
        QCOMPARE(data.sets[3].values, (QList<qreal>{0, 2}));
        for (const auto &set : data.sets)
            QVERIFY(set.fill.isValid());

        const QString tip = mirror::charts::segmentToolTip(rows[0], BarState::Differs);
        QVERIFY2(tip.contains(QStringLiteral("MAST \u00b7 HST")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("differs: 6 of 100 observations (6.0%)")), qPrintable(tip));

        // The chart widget keeps the data and reports clicks as (source, collection, state).
        mirror::charts::StateBarChart chart;
        chart.setRows(rows);
        QCOMPARE(chart.data().categories.size(), 2);
        QCOMPARE(chart.chart()->series().size(), 1);
        QSignalSpy clicked(&chart, &mirror::charts::StateBarChart::segmentClicked);
        chart.activateSegment(1, BarState::RemoteOnly);
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked[0][0].toString(), QStringLiteral("CADC"));
        QCOMPARE(clicked[0][2].value<BarState>(), BarState::RemoteOnly);
        QVERIFY(chart.toolTipFor(1, BarState::RemoteOnly).contains(QStringLiteral("2 of 52")));
    }

    void throughputFromValueRows()
    {
        const qint64 start = 1718000000000 - 1718000000000 % hour;
        std::vector<harvest::ThroughputPoint> buckets{
            {start, 120, 0, 2}, {start + hour, 0, 0, 0}, {start + 2 * hour, 30, 0, 1}};
        // Half-hour buckets: 120 in a half hour is 240 an hour.
        auto data = mirror::charts::throughputData(buckets, hour / 2);
        QCOMPARE(data.points.size(), 3);
        QCOMPARE(data.points[0], QPointF(static_cast<qreal>(start), 240));
        QCOMPARE(data.peak, qreal(240));
        QCOMPARE(data.totalObservations, qint64(150));
        QCOMPARE(data.totalRuns, qint64(3));
        QCOMPARE(data.to, start + 2 * hour + hour / 2);
        QVERIFY(
            mirror::charts::throughputSummary(data).startsWith(QStringLiteral("150 observations in 3 harvest runs")));
        mirror::charts::ThroughputChart chart;
        chart.setBuckets(buckets, hour);
        QCOMPARE(chart.data().peak, qreal(120));
        QCOMPARE(chart.chart()->series().size(), 1);
    }

    void tableModels()
    {
        mirror::models::DashboardTargetsModel targets;
        QAbstractItemModelTester targetsTester(&targets, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const qint64 now = 1718000000000;
        std::vector<harvest::TargetHealth> rows(2);
        rows[0].source = QStringLiteral("MAST");
        rows[0].collection = QStringLiteral("HST");
        rows[0].lastSuccess = now - 3 * hour;
        rows[0].freshness = harvest::Freshness::Fresh;
        rows[1].source = QStringLiteral("ESDC");
        rows[1].collection = QStringLiteral("HST");
        rows[1].freshness = harvest::Freshness::Never;
        rows[1].problems = QStringList{QStringLiteral("Never synced successfully")};
        targets.setTargets(rows, now);
        QCOMPARE(targets.rowCount(), 2);
        using TM = mirror::models::DashboardTargetsModel;
        QVERIFY(targets.index(0, TM::LastSuccess).data().toString().contains(QStringLiteral("3 h ago")));
        QCOMPARE(targets.index(0, TM::Freshness).data().toString(), QStringLiteral("\u2713 fresh"));
        QCOMPARE(targets.index(1, TM::Freshness).data().toString(), QStringLiteral("\u2717 never synced"));
        QCOMPARE(targets.index(1, TM::Status).data().toString(), QStringLiteral("\u26a0 1 problem(s)"));
        QCOMPARE(targets.index(1, TM::Status).data(Qt::ToolTipRole).toString(), rows[1].problems.first());
        // A refresh of the same rows changes them in place.
        QSignalSpy reset(&targets, &QAbstractItemModel::modelReset);
        rows[1].problems.clear();
        targets.setTargets(rows, now + hour);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(targets.index(1, TM::Status).data().toString(), QStringLiteral("\u2713 nothing to do"));
        QVERIFY(targets.index(0, TM::LastSuccess).data().toString().contains(QStringLiteral("4 h ago")));
        rows.pop_back();
        targets.setTargets(rows, now);
        QCOMPARE(reset.count(), 1);

        mirror::models::RecentRunsModel runs;
        QAbstractItemModelTester runsTester(&runs, QAbstractItemModelTester::FailureReportingMode::Fatal);
        std::vector<store::RunRecord> records(2);
        records[0].key = 2;
        records[0].source = QStringLiteral("MAST");
        records[0].kind = QStringLiteral("incremental");
        records[0].startedAt = now;
        records[0].endedAt = now + 185000;
        records[0].outcome = store::RunOutcome::Failed;
        records[0].errorSummary = QStringLiteral("cannot reach the service");
        records[1].key = 1;
        records[1].outcome = store::RunOutcome::Succeeded;
        records[1].counts.itemsOk = 1234;
        runs.setRuns(records);
        using RM = mirror::models::RecentRunsModel;
        QCOMPARE(runs.index(0, RM::Outcome).data().toString(), QStringLiteral("\u2717 failed"));
        QCOMPARE(runs.index(0, RM::Duration).data().toString(), QStringLiteral("3 min 5 s"));
        QCOMPARE(runs.index(0, RM::Message).data().toString(), records[0].errorSummary);
        QCOMPARE(runs.index(1, RM::Outcome).data().toString(), QStringLiteral("\u2713 succeeded"));
        QCOMPARE(runs.index(1, RM::Processed).data().toString(), QLocale().toString(1234));
    }

    void pageShowsTheStoreAndFollowsIt()
    {
        const int hstCount = 30;
        auto filled = modeltest::filledStore(hstCount, 5);
        store::StoreReader reader(filled->store);
        DashboardPage page;
        page.resize(1200, 800);
        page.show();
        QSignalSpy applied(&page, &DashboardPage::snapshotApplied);
        page.setReader(&reader);
        QTRY_VERIFY_WITH_TIMEOUT(applied.count() >= 1, 10000);

        const auto expected = expectedStates(hstCount);
        const auto &rows = page.stateChart()->data().rows;
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[0].collection, modeltest::hst);
        QCOMPARE(count(rows[0], BarState::InSync), expected.at(store::ObservationState::ok));
        QCOMPARE(count(rows[0], BarState::Differs), expected.at(store::ObservationState::differs));
        QCOMPARE(count(rows[0], BarState::Stale), expected.at(store::ObservationState::stale));
        QCOMPARE(rows[1].collection, modeltest::jwst);
        QCOMPARE(count(rows[1], BarState::InSync), qint64(5));
        // Stale copies wait for the operator: the status says so, and is not shown as good.
        bool good = true;
        DashboardPage::statusText(page.snapshot(), &good);
        QVERIFY(!good);
        QCOMPARE(page.statusMessage()->kind(), MessageWidget::Kind::Warning);
        QVERIFY2(page.statusMessage()->text().contains(QStringLiteral("need attention")),
                 qPrintable(page.statusMessage()->text()));

        // A failed run written meanwhile shows on the next refresh: in the runs, the targets and the status.
        addRun(filled->store, store::RunOutcome::Failed, 1000, 7, QStringLiteral("cannot reach the service"));
        page.storeChanged();
        QTRY_VERIFY_WITH_TIMEOUT(page.runsModel()->rowCount() == 1, 10000);
        QCOMPARE(page.statusMessage()->kind(), MessageWidget::Kind::Error);
        QVERIFY(page.statusMessage()->text().contains(QStringLiteral("failed")));
        QCOMPARE(page.throughputChart()->data().totalObservations, qint64(7));

        // A segment clicked asks for the observations with the state the browser filters on.
        QSignalSpy requested(&page, &DashboardPage::observationsRequested);
        page.stateChart()->activateSegment(0, BarState::Differs);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested[0][0].toString(), QStringLiteral("MAST"));
        QCOMPARE(requested[0][1].toString(), modeltest::hst);
        QCOMPARE(requested[0][2].toString(), store::ObservationState::differs);

        // Export report: written off the GUI thread, said when done.
        QTemporaryDir out;
        QSignalSpy reported(&page, &DashboardPage::reportFinished);
        page.exportReport(out.filePath(QStringLiteral("r")), QStringLiteral("test store"));
        QTRY_COMPARE_WITH_TIMEOUT(reported.count(), 1, 10000);
        QVERIFY2(reported[0][0].toBool(), qPrintable(reported[0][1].toString()));
        QVERIFY(QFileInfo::exists(out.filePath(QStringLiteral("r/report.html"))));
        QVERIFY(QFileInfo::exists(out.filePath(QStringLiteral("r/runs.csv"))));
        page.setReader(nullptr);
    }

    // Many refreshes asked while one is on its way cost one more, not one each.
    void refreshesCoalesce()
    {
        auto filled = modeltest::filledStore(10, 0);
        store::StoreReader reader(filled->store);
        DashboardPage page;
        page.show();
        QSignalSpy applied(&page, &DashboardPage::snapshotApplied);
        page.setReader(&reader);
        for (int i = 0; i < 20; ++i)
            page.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(applied.count() >= 2, 10000);
        QTest::qWait(300); // nothing more is on its way: no answer may still arrive
        QCOMPARE(applied.count(), 2);
        page.setReader(nullptr);
    }

    // Partners side by side: three copies of HST (MAST, CADC, here) compared from the kept listing rows.
    void partnersSideBySide()
    {
        auto filled = modeltest::filledStore(10, 0);
        auto local = store::ObservationStore(filled->store).window(modeltest::collectionFilter(modeltest::hst), 100);
        QVERIFY(local);
        std::vector<store::ListingRow> atMast;
        for (const auto &row : *local)
            atMast.push_back({row.observationID, row.accMetaChecksum, row.maxLastModified, 0});
        std::vector<store::ListingRow> atCadc = atMast;
        atCadc[0].accMetaChecksum = QStringLiteral("md5:00000000000000000000000000000000");
        atCadc.pop_back();
        store::SourceListingStore listings(filled->store);
        QVERIFY(listings.record(QStringLiteral("MAST"), modeltest::hst, atMast));
        QVERIFY(listings.record(QStringLiteral("CADC"), modeltest::hst, atCadc));

        store::StoreReader reader(filled->store);
        mirror::ui::PartnersPage page;
        page.resize(1000, 500);
        page.show();
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy shown(&page, &mirror::ui::PartnersPage::comparisonShown);
        page.setReader(&reader);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 10000);
        QCOMPARE(page.collectionChoice()->currentText(), modeltest::hst);
        QVERIFY2(
            page.summary().contains(QStringLiteral("10 observations — 8 agree everywhere, 1 differ, 1 are missing")),
            qPrintable(page.summary()));
        QCOMPARE(page.model()->rowCount(), 2);
        QCOMPARE(page.model()->columnCount(), 5); // observation, agreement, CADC, MAST, here
        QCOMPARE(page.model()->headerData(2, Qt::Horizontal).toString(), QStringLiteral("CADC"));
        QCOMPARE(page.model()->index(0, 0).data().toString(), atMast[0].observationID);
        QCOMPARE(page.model()->index(0, 1).data().toString(), QStringLiteral("≠ differs"));
        QCOMPARE(page.model()->index(1, 2).data().toString(), QStringLiteral("∅ missing"));
        QCOMPARE(page.model()->index(1, 4).data(Qt::ToolTipRole).toString(), atMast.back().accMetaChecksum);
        // The chart: one bar per copy; CADC lacks one and disagrees on one.
        const auto &bars = page.chart()->data();
        QCOMPARE(bars.parties, (QStringList{QStringLiteral("CADC"), QStringLiteral("MAST"), QStringLiteral("here")}));
        QCOMPARE(bars.sets[1].values, (QList<qreal>{1, 1, 1}));
        QCOMPARE(bars.sets[2].values, (QList<qreal>{1, 0, 0}));
        page.setReader(nullptr);
    }

    void segmentOpensTheBrowserFiltered()
    {
        QTemporaryDir dir;
        mirror::Settings settings(dir.filePath(QStringLiteral("settings.ini")),
                                  dir.filePath(QStringLiteral("local.conf")));
        auto filled = modeltest::filledStore(30, 0);
        mirror::ui::MainWindow window(&settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openStore(filled->fixture.location().sqlitePath);
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
        tabs->setCurrentWidget(window.dashboard());
        QTRY_VERIFY_WITH_TIMEOUT(!window.dashboard()->stateChart()->data().rows.empty(), 10000);
        window.dashboard()->stateChart()->activateSegment(0, BarState::Stale);
        QCOMPARE(tabs->currentWidget(), window.browser());
        QCOMPARE(window.browser()->collection(), modeltest::hst);
        QCOMPARE(window.browser()->source(), QStringLiteral("MAST"));
        QCOMPARE(window.browser()->filterBar()->filterFor(modeltest::hst).state, store::ObservationState::stale);
    }
};

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
