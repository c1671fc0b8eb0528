// Schedules: kept in the settings file, run every N minutes while a store is open (on a test clock), skipped and
// said so when the source is still harvesting here or another program holds the collection, edited in place
// through their model (under QAbstractItemModelTester), and the same schedule as systemd units.
#include "common/settings.h"
#include "models/job_list_model.h"
#include "models/model_roles.h"
#include "models/schedule_model.h"
#include "views/job_scheduler.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QTest>

using mirror::HarvestSchedule;
using mirror::models::JobListModel;
using mirror::models::ScheduleModel;
using mirror::ui::JobRequest;
using mirror::ui::JobScheduler;

namespace {

constexpr qint64 minute = 60 * 1000;

HarvestSchedule schedule(const QString &source, const QString &collection, int minutes, bool enabled = true)
{
    HarvestSchedule s;
    s.source = source;
    s.collection = collection;
    s.everyMinutes = minutes;
    s.enabled = enabled;
    return s;
}

} // namespace

class TestJobScheduler : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_settings = std::make_unique<mirror::Settings>(m_dir->filePath(QStringLiteral("settings.ini")),
                                                        m_dir->filePath(QStringLiteral("local.conf")));
    }

    void settingsKeepSchedules()
    {
        QVERIFY(m_settings->setSchedules({schedule(QStringLiteral("MAST"), QStringLiteral("HST"), 15),
                                          schedule(QStringLiteral("CADC"), QString(), 60, false)}));
        QVERIFY(m_settings->sync());
        mirror::Settings again(m_dir->filePath(QStringLiteral("settings.ini")),
                               m_dir->filePath(QStringLiteral("local.conf")));
        const auto read = again.schedules();
        QCOMPARE(read.size(), std::size_t(2));
        QVERIFY(read[0] == schedule(QStringLiteral("MAST"), QStringLiteral("HST"), 15));
        QVERIFY(read[1] == schedule(QStringLiteral("CADC"), QString(), 60, false));
        // Refused whole: a zero interval, a doubled schedule.
        QVERIFY(!m_settings->setSchedules({schedule(QStringLiteral("MAST"), QString(), 0)}));
        QVERIFY(!m_settings->setSchedules(
            {schedule(QStringLiteral("MAST"), QString(), 5), schedule(QStringLiteral("mast"), QString(), 7)}));
        QCOMPARE(m_settings->schedules().size(), std::size_t(2));
    }

    void runsWhenDueAndSkipsWhenBusy()
    {
        QVERIFY(m_settings->setSchedules({schedule(QStringLiteral("MAST"), QStringLiteral("HST"), 10),
                                          schedule(QStringLiteral("CADC"), QString(), 5),
                                          schedule(QStringLiteral("ESDC"), QString(), 1, false)}));
        JobListModel jobs;
        std::vector<JobRequest> launched;
        JobScheduler scheduler(m_settings.get(), &jobs, [&](const JobRequest &request) {
            launched.push_back(request);
            return jobs.addQueued(request.source, request.collections, QStringLiteral("incremental"),
                                  QStringLiteral("incremental"), m_now);
        });
        QAbstractItemModelTester tester(scheduler.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        scheduler.setClock([this] { return m_now; });
        ScheduleModel *model = scheduler.model();
        QCOMPARE(model->rowCount(), 3);

        // Nothing runs without a store, nor the moment one opens.
        scheduler.tick();
        QVERIFY(launched.empty());
        scheduler.setActive(true);
        scheduler.tick();
        QVERIFY(launched.empty());
        QCOMPARE(model->index(0, ScheduleModel::NextColumn).data(mirror::models::ModelRole::RawValue).toLongLong(),
                 m_now + 10 * minute);
        QCOMPARE(model->index(2, ScheduleModel::NextColumn).data().toString(), QStringLiteral("off"));

        m_now += 5 * minute;
        scheduler.tick();
        QCOMPARE(launched.size(), std::size_t(1)); // CADC, every 5 minutes
        QCOMPARE(launched[0].source, QStringLiteral("CADC"));
        QCOMPARE(launched[0].mode, harvest::HarvestMode::Incremental);
        QVERIFY(launched[0].collections.isEmpty());
        QVERIFY(model->index(1, ScheduleModel::LastColumn).data().toString().startsWith(QStringLiteral("started")));

        // CADC's job is still queued here five minutes later: skipped, and the row says why.
        m_now += 5 * minute;
        scheduler.tick();
        QCOMPARE(launched.size(), std::size_t(2)); // MAST/HST's turn
        QCOMPARE(launched[1].collections, QStringList{QStringLiteral("HST")});
        QVERIFY2(
            model->index(1, ScheduleModel::LastColumn).data().toString().contains(QStringLiteral("still harvesting")),
            qPrintable(model->index(1, ScheduleModel::LastColumn).data().toString()));

        // MAST/HST is being harvested by another program when it next comes due: skipped.
        jobs.markNotStarted(jobs.rowAt(1)->id, QStringLiteral("done"), m_now);
        store::RunRecord elsewhere;
        elsewhere.key = 9;
        elsewhere.kind = QStringLiteral("incremental");
        elsewhere.source = QStringLiteral("MAST");
        elsewhere.collection = QStringLiteral("HST");
        elsewhere.startedAt = m_now;
        jobs.setRunsElsewhere({elsewhere}, {});
        m_now += 10 * minute;
        scheduler.tick();
        QCOMPARE(launched.size(), std::size_t(2));
        QVERIFY2(model->index(0, ScheduleModel::LastColumn).data().toString().contains(QStringLiteral("elsewhere")),
                 qPrintable(model->index(0, ScheduleModel::LastColumn).data().toString()));
    }

    void editsAreSavedAndShorterIntervalsApplyAtOnce()
    {
        QVERIFY(m_settings->setSchedules({schedule(QStringLiteral("MAST"), QString(), 60)}));
        JobListModel jobs;
        int launches = 0;
        JobScheduler scheduler(m_settings.get(), &jobs, [&](const JobRequest &) { return quint64(++launches); });
        QAbstractItemModelTester tester(scheduler.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        scheduler.setClock([this] { return m_now; });
        scheduler.setActive(true);
        ScheduleModel *model = scheduler.model();
        QVERIFY(model->setData(model->index(0, ScheduleModel::EveryColumn), 2));
        QVERIFY(!model->setData(model->index(0, ScheduleModel::EveryColumn), 0)); // out of range: refused
        QCOMPARE(m_settings->schedules().front().everyMinutes, 2);
        m_now += 2 * minute;
        scheduler.tick();
        QCOMPARE(launches, 1);
        QVERIFY(model->setData(model->index(0, ScheduleModel::EnabledColumn), Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(!m_settings->schedules().front().enabled);
        m_now += 10 * minute;
        scheduler.tick();
        QCOMPARE(launches, 1);
        QVERIFY(model->add(schedule(QStringLiteral("CADC"), QStringLiteral("HST"), 3)));
        QVERIFY(!model->add(schedule(QStringLiteral("cadc"), QStringLiteral("HST"), 4))); // one per target
        QCOMPARE(m_settings->schedules().size(), std::size_t(2));
        model->remove(0);
        QCOMPARE(m_settings->schedules().size(), std::size_t(1));
        QCOMPARE(m_settings->schedules().front().source, QStringLiteral("CADC"));
    }

    void sameScheduleAsSystemdUnits()
    {
        const QString units = mirror::systemdTimer(schedule(QStringLiteral("MAST"), QStringLiteral("HST"), 15));
        QVERIFY(units.contains(QStringLiteral("# /etc/systemd/system/caom-sync-harvest-MAST-HST.timer")));
        QVERIFY(units.contains(QStringLiteral("OnUnitInactiveSec=15min")));
        QVERIFY(units.contains(
            QStringLiteral("ExecStart=/usr/bin/caom-sync harvest --source MAST --collection HST --mode incremental")));
        const QString whole = mirror::systemdTimer(schedule(QStringLiteral("CADC"), QString(), 60));
        QVERIFY(!whole.contains(QStringLiteral("--collection")));
        QVERIFY(whole.contains(QStringLiteral("caom-sync-harvest-CADC.service")));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<mirror::Settings> m_settings;
    qint64 m_now = 1'700'000'000'000;
};

QTEST_MAIN(TestJobScheduler)
#include "tst_jobscheduler.moc"
