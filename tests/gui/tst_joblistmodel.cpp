// The jobs panel's model on value rows, under QAbstractItemModelTester: a job's life from queued to finished,
// counts summed over its collections (and not doubled between two), an ETA only when the engine trusts one,
// outcomes told in words, runs of other programs shown and ended, finished rows cleared.
#include "models/job_list_model.h"
#include "models/model_roles.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace mirror::models;

namespace {

harvest::JobProgress progress(harvest::JobId job, const QString &collection, qint64 done, std::optional<qint64> total,
                              harvest::HarvestCounts counts)
{
    harvest::JobProgress p;
    p.job = job;
    p.source = QStringLiteral("MAST");
    p.collection = collection;
    p.mode = QStringLiteral("incremental");
    p.snapshot.phase = QStringLiteral("harvesting");
    p.snapshot.done = done;
    p.snapshot.total = total;
    p.snapshot.counts = counts;
    p.snapshot.ratePerSecond = 120;
    return p;
}

harvest::JobResult result(harvest::JobId job, const QString &collection, store::RunOutcome outcome,
                          harvest::HarvestCounts counts)
{
    harvest::JobResult r;
    r.job = job;
    r.source = QStringLiteral("MAST");
    r.collection = collection;
    r.mode = QStringLiteral("incremental");
    r.report.outcome = outcome;
    r.report.counts = counts;
    return r;
}

harvest::HarvestCounts counts(qint64 listed, qint64 fetched, qint64 ingested, qint64 failed = 0)
{
    harvest::HarvestCounts c;
    c.listed = listed;
    c.fetched = fetched;
    c.ingested = ingested;
    c.failed = failed;
    return c;
}

QString cell(const JobListModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

store::RunRecord runRecord(qint64 key, store::RunOutcome outcome)
{
    store::RunRecord r;
    r.key = key;
    r.kind = QStringLiteral("incremental");
    r.source = QStringLiteral("CADC");
    r.collection = QStringLiteral("HST");
    r.startedAt = 1'700'000'000'000;
    r.outcome = outcome;
    r.counts.itemsOk = 40;
    r.counts.itemsFailed = 2;
    return r;
}

} // namespace

class TestJobListModel : public QObject {
    Q_OBJECT

private slots:
    void jobGoesFromQueuedToFinished()
    {
        JobListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const quint64 id = model.addQueued(QStringLiteral("MAST"), {QStringLiteral("HST"), QStringLiteral("JWST")},
                                           QStringLiteral("incremental"), QStringLiteral("incremental"), 1000);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(cell(model, 0, JobListModel::StatusColumn).contains(QStringLiteral("Queued")));
        QCOMPARE(model.index(0, 0).data(JobListModel::JobIdRole).toULongLong(), id);

        model.markStarted(id, 7, 2000);
        QCOMPARE(model.rowOfEngineJob(7), 0);
        model.updateProgress(progress(7, QStringLiteral("HST"), 50, 200, counts(200, 50, 40)));
        QCOMPARE(cell(model, 0, JobListModel::CollectionColumn), QStringLiteral("HST (of HST, JWST)"));
        QCOMPARE(cell(model, 0, JobListModel::StatusColumn), QStringLiteral("\u25b6 harvesting"));
        QCOMPARE(model.index(0, JobListModel::ProgressColumn).data(JobListModel::ProgressRole).toDouble(), 0.25);
        QCOMPARE(model.index(0, JobListModel::NewColumn).data(ModelRole::RawValue).toLongLong(), 40);
        // No ETA until the engine gives one (it does once the rate settled and a total is known); the cell says
        // so rather than staying blank.
        QVERIFY(!model.index(0, JobListModel::EtaColumn).data(ModelRole::RawValue).isValid());
        QCOMPARE(cell(model, 0, JobListModel::EtaColumn), QStringLiteral("estimating"));
        QCOMPARE(cell(model, 0, JobListModel::ProgressColumn), QStringLiteral("50 / 200"));
        auto withEta = progress(7, QStringLiteral("HST"), 100, 200, counts(200, 100, 90));
        withEta.snapshot.etaSeconds = 150;
        model.updateProgress(withEta);
        QCOMPARE(cell(model, 0, JobListModel::EtaColumn), QStringLiteral("about 3 min"));
        QCOMPARE(cell(model, 0, JobListModel::RateColumn), QStringLiteral("120/s"));

        // HST ends; for a moment the counters still hold HST's totals while JWST starts: not JWST's.
        model.addResult(result(7, QStringLiteral("HST"), store::RunOutcome::Succeeded, counts(200, 200, 180)));
        model.updateProgress(progress(7, QStringLiteral("JWST"), 0, std::nullopt, counts(200, 200, 180)));
        QCOMPARE(model.index(0, JobListModel::NewColumn).data(ModelRole::RawValue).toLongLong(), 180);
        QCOMPARE(model.index(0, JobListModel::ProgressColumn).data(JobListModel::ProgressRole).toDouble(), -1.0);
        // While JWST is still being listed there is no total: the count stands alone and the time left waits.
        QCOMPARE(cell(model, 0, JobListModel::ProgressColumn), QStringLiteral("0 so far"));
        QCOMPARE(cell(model, 0, JobListModel::EtaColumn), QStringLiteral("after listing"));
        model.updateProgress(progress(7, QStringLiteral("JWST"), 10, 30, counts(30, 10, 5, 1)));
        QCOMPARE(model.index(0, JobListModel::NewColumn).data(ModelRole::RawValue).toLongLong(), 185);
        QCOMPARE(model.index(0, JobListModel::ListedColumn).data(ModelRole::RawValue).toLongLong(), 230);

        QSignalSpy ended(&model, &JobListModel::jobEnded);
        model.addResult(result(7, QStringLiteral("JWST"), store::RunOutcome::Partial, counts(30, 30, 25, 3)));
        harvest::JobEnd end;
        end.job = 7;
        end.source = QStringLiteral("MAST");
        end.exitCode = 1;
        model.finish(end, 3000);
        QCOMPARE(ended.count(), 1);
        QCOMPARE(ended.front().front().toULongLong(), id);
        QCOMPARE(cell(model, 0, JobListModel::StatusColumn), QStringLiteral("\u26a0 Finished: 3 observations failed"));
        QCOMPARE(model.index(0, JobListModel::FailedColumn).data(ModelRole::RawValue).toLongLong(), 3);
        QCOMPARE(model.index(0, JobListModel::NewColumn).data(ModelRole::RawValue).toLongLong(), 205);
        QVERIFY(!model.index(0, JobListModel::RateColumn).data().isValid()); // no rate once ended
        QCOMPARE(cell(model, 0, JobListModel::CollectionColumn), QStringLiteral("HST, JWST"));
        // A late progress report of the ended job changes nothing.
        model.updateProgress(progress(7, QStringLiteral("JWST"), 99, 99, counts(99, 99, 99)));
        QCOMPARE(model.index(0, JobListModel::NewColumn).data(ModelRole::RawValue).toLongLong(), 205);
    }

    void artifactJobShowsFilesBytesRateAndTimeLeft()
    {
        JobListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const quint64 id = model.addQueued(QStringLiteral("MAST"), {QStringLiteral("HST")}, QStringLiteral("download"),
                                           QStringLiteral("files: download"), 1000);
        model.markStarted(id, 9, 2000);
        QVERIFY(model.jobById(id)->movesFiles());
        harvest::JobProgress p = progress(9, QStringLiteral("HST"), 3, 12, {});
        p.mode = QStringLiteral("download");
        p.snapshot.phase = QStringLiteral("downloading");
        p.snapshot.bytesDone = 3 << 20;
        p.snapshot.bytesTotal = 12 << 20;
        p.snapshot.bytesPerSecond = 1.5 * (1 << 20);
        p.snapshot.etaSeconds = 6;
        model.updateProgress(p);
        QCOMPARE(cell(model, 0, JobListModel::ProgressColumn), QStringLiteral("3 / 12 files, 3.0 MiB of 12.0 MiB"));
        QCOMPARE(cell(model, 0, JobListModel::RateColumn), QStringLiteral("1.5 MiB/s"));
        QCOMPARE(cell(model, 0, JobListModel::EtaColumn), QStringLiteral("about 6 s"));
        // The bar follows the bytes, not the files.
        QCOMPARE(model.index(0, JobListModel::ProgressColumn).data(JobListModel::ProgressRole).toDouble(), 0.25);

        harvest::JobResult r = result(9, QStringLiteral("HST"), store::RunOutcome::Partial, {});
        r.mode = QStringLiteral("download");
        r.report.counts.fetched = 10;
        r.report.counts.failed = 2;
        model.addResult(r);
        harvest::JobEnd end;
        end.job = 9;
        end.source = QStringLiteral("MAST");
        end.exitCode = 1;
        model.finish(end, 3000);
        QCOMPARE(cell(model, 0, JobListModel::StatusColumn), QStringLiteral("\u26a0 Finished: 2 files failed"));
        QVERIFY(!model.index(0, JobListModel::RateColumn).data().isValid());
    }

    void outcomesAreToldInWords_data()
    {
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<int>("outcome");
        QTest::addColumn<QString>("heldBy");
        QTest::addColumn<QString>("expected");
        QTest::newRow("succeeded") << 0 << int(store::RunOutcome::Succeeded) << QString()
                                   << QStringLiteral("\u2714 Succeeded");
        QTest::newRow("cancelled") << 3 << int(store::RunOutcome::Cancelled) << QString()
                                   << QStringLiteral("\u25a0 Cancelled");
        QTest::newRow("failed") << 2 << int(store::RunOutcome::Failed) << QString()
                                << QStringLiteral("\u2716 Failed: the partner did not answer");
        QTest::newRow("held elsewhere") << 0 << int(store::RunOutcome::Failed) << QStringLiteral("host:12:ab")
                                        << QStringLiteral("\u23ed Skipped: being harvested elsewhere");
    }
    void outcomesAreToldInWords()
    {
        QFETCH(int, exitCode);
        QFETCH(int, outcome);
        QFETCH(QString, heldBy);
        QFETCH(QString, expected);
        JobListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const quint64 id = model.addQueued(QStringLiteral("MAST"), {QStringLiteral("HST")},
                                           QStringLiteral("incremental"), QStringLiteral("incremental"), 1);
        model.markStarted(id, 3, 2);
        auto r = result(3, QStringLiteral("HST"), store::RunOutcome(outcome), counts(1, 1, 1));
        r.report.heldBy = heldBy;
        if (exitCode == 2)
            r.report.error = QStringLiteral("the partner did not answer");
        model.addResult(r);
        harvest::JobEnd end;
        end.job = 3;
        end.exitCode = exitCode;
        model.finish(end, 3);
        QCOMPARE(cell(model, 0, JobListModel::StatusColumn), expected);
        // Never colour alone: the glyph and the words carry the outcome; colour only adds to them.
        QVERIFY(!cell(model, 0, JobListModel::StatusColumn).isEmpty());
    }

    void queuedJobCancelledNeverStarts()
    {
        JobListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const quint64 id =
            model.addQueued(QStringLiteral("MAST"), {}, QStringLiteral("validate"), QStringLiteral("validate"), 1);
        QCOMPARE(cell(model, 0, JobListModel::CollectionColumn), QStringLiteral("configured collections"));
        model.markNotStarted(id, QStringLiteral("Cancelled before it started"), 2);
        QCOMPARE(model.jobById(id)->state, JobState::Finished);
        QCOMPARE(cell(model, 0, JobListModel::StatusColumn), QStringLiteral("\u25a0 Cancelled before it started"));
        QVERIFY(!model.jobById(id)->active());
    }

    void runsElsewhereAppearAndEnd()
    {
        JobListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setRunsElsewhere({runRecord(41, store::RunOutcome::Running)}, {});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.jobById(model.rowAt(0)->id)->state, JobState::RunningElsewhere);
        QCOMPARE(cell(model, 0, JobListModel::StatusColumn), QStringLiteral("\u25b6 Running elsewhere"));
        QVERIFY(model.index(0, JobListModel::StatusColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("another program")));
        QCOMPARE(cell(model, 0, JobListModel::FailedColumn), QStringLiteral("2"));
        QVERIFY(cell(model, 0, JobListModel::FetchedColumn).isEmpty()); // not known for runs elsewhere
        QCOMPARE(model.runsElsewhere(), std::vector<qint64>{41});
        // Seen again: the same row, not a second one.
        model.setRunsElsewhere({runRecord(41, store::RunOutcome::Running)}, {});
        QCOMPARE(model.rowCount(), 1);
        auto ended = runRecord(41, store::RunOutcome::Succeeded);
        ended.endedAt = 1'700'000'060'000;
        model.setRunsElsewhere({}, {ended});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowAt(0)->state, JobState::EndedElsewhere);
        QCOMPARE(cell(model, 0, JobListModel::StatusColumn), QStringLiteral("Elsewhere: succeeded"));
        QVERIFY(model.runsElsewhere().empty());
        // An end of a run never shown adds nothing.
        model.setRunsElsewhere({}, {runRecord(99, store::RunOutcome::Failed)});
        QCOMPARE(model.rowCount(), 1);

        // Not ours: a running row of this console is the only pair harvested here.
        const quint64 id = model.addQueued(QStringLiteral("MAST"), {QStringLiteral("HST")},
                                           QStringLiteral("incremental"), QStringLiteral("incremental"), 1);
        model.markStarted(id, 5, 1);
        model.updateProgress(progress(5, QStringLiteral("HST"), 1, 10, counts(10, 1, 1)));
        const auto here = model.harvestingHere();
        QCOMPARE(here.size(), std::size_t(1));
        QCOMPARE(here.front().first, QStringLiteral("MAST"));

        model.clearFinished();
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowAt(0)->id, id);
    }
};

QTEST_GUILESS_MAIN(TestJobListModel)
#include "tst_joblistmodel.moc"
