// The Jobs tab against a real partner on loopback (our own `caom-sync serve` over a generated store, behind the
// fault proxy so that documents can be slowed down): a harvest launched from the panel runs to the end and the
// panel, its summary and the run record tell the same story; pause, resume and cancel from the panel's buttons
// act on the job; a harvest that caom-sync runs on the same store shows up marked as running elsewhere; a repair
// asks first and says what it will change.
#include "fault_proxy.h"
#include "partner_archive.h"
#include "test_stores.h"

#include "common/log_hub.h"
#include "common/settings.h"
#include "models/job_list_model.h"
#include "models/log_model.h"
#include "models/model_roles.h"
#include "store/run_record_store.h"
#include "views/browser_page.h"
#include "views/jobs_page.h"
#include "views/log_page.h"
#include "views/main_window.h"
#include "views/runs_elsewhere_watcher.h"
#include "views/store_session.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUuid>

using namespace testsupport;
using mirror::models::JobListModel;
using mirror::models::JobState;
using mirror::ui::JobRequest;
using mirror::ui::JobsPage;
using mirror::ui::MainWindow;

namespace {

constexpr int observationCount = 300;
constexpr int jobTimeoutMs = 120000;

qint64 raw(const JobListModel *model, int row, int column)
{
    return model->index(row, column).data(mirror::models::ModelRole::RawValue).toLongLong();
}

QString status(const JobListModel *model, int row)
{
    return model->index(row, JobListModel::StatusColumn).data().toString();
}

} // namespace

class TestJobsPanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void harvestRunsToTheEndAndAgreesWithItsRunRecord();
    void pauseResumeAndCancelFromThePanel();
    void harvestByCaomSyncShowsAsRunningElsewhere();
    void repairAsksFirstAndSaysWhatItChanges();
    void logShowsTheJobAndNoSecret();

private:
    // A partner with `observationCount` observations of HST, each document held back `delayMs` by the proxy;
    // with `token`, the partner requires it and the source reads it from an environment variable.
    void startPartner(int delayMs, const QByteArray &token = {});
    JobRequest incremental() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<PartnerArchive> m_partner;
    std::unique_ptr<FaultProxy> m_proxy;
    std::unique_ptr<TestStore> m_local;
    std::unique_ptr<mirror::Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    JobsPage *m_jobs = nullptr;
};

void TestJobsPanel::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // caom-sync, started by one test, reads the same settings file as the console.
    qputenv("XDG_CONFIG_HOME", m_dir->filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_DATA_HOME", m_dir->filePath(QStringLiteral("data")).toUtf8());
    qputenv("XDG_CACHE_HOME", m_dir->filePath(QStringLiteral("cache")).toUtf8());
    qputenv("XDG_STATE_HOME", m_dir->filePath(QStringLiteral("state")).toUtf8());
    // As the console does: every message to the log view and to the rotating file.
    mirror::LogHub::install(mirror::LogHub::defaultLogFilePath());
}

void TestJobsPanel::startPartner(int delayMs, const QByteArray &token)
{
    QStringList serveArguments;
    if (!token.isEmpty()) {
        QFile file(m_dir->filePath(QStringLiteral("partner-token")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(token + '\n');
        file.close();
        QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)); // a secret is private
        serveArguments = {QStringLiteral("--token-file"), file.fileName(), QStringLiteral("--require-auth")};
        qputenv("MIRROR_TEST_PARTNER_TOKEN", token);
    }
    m_partner = std::make_unique<PartnerArchive>(serveArguments);
    QVERIFY(m_partner->start());
    QVERIFY(m_partner->addGenerated("HST", 0, observationCount));
    m_proxy = std::make_unique<FaultProxy>();
    const QUrl direct(m_partner->capabilitiesUrl());
    const QString base = m_proxy->start(direct.adjusted(QUrl::RemovePath), 5);
    QVERIFY2(!base.isEmpty(), qPrintable(m_proxy->errorString()));
    if (delayMs > 0) {
        QString error;
        const auto rules = parseFaultRules({QStringLiteral("path=.*/HST/.*;action=delay;ms=%1").arg(delayMs)}, &error);
        QVERIFY2(!rules.isEmpty(), qPrintable(error));
        m_proxy->setRules(rules);
    }
    mirror::PartnerSource source;
    source.name = QStringLiteral("PARTNER");
    source.endpointKind = mirror::EndpointKind::Capabilities;
    source.endpoint = base + direct.path();
    source.collections = {QStringLiteral("HST")};
    source.lagSeconds = 0; // a fresh partner: nothing to wait for
    source.lookbackSeconds = 1;
    source.pageSize = 100;
    source.batchSize = 20;
    source.threads = 2;
    if (!token.isEmpty()) {
        source.credentialKind = mirror::CredentialKind::TokenEnvironment;
        source.credential = QStringLiteral("MIRROR_TEST_PARTNER_TOKEN");
    }
    QVERIFY(m_settings->setSources({source}));
    QVERIFY(m_settings->sync());
}

JobRequest TestJobsPanel::incremental() const
{
    JobRequest request;
    request.source = QStringLiteral("PARTNER");
    request.collections = {QStringLiteral("HST")};
    request.mode = harvest::HarvestMode::Incremental;
    return request;
}

void TestJobsPanel::init()
{
    m_settings = std::make_unique<mirror::Settings>(mirror::Settings::sharedSettingsPath(),
                                                    m_dir->filePath(QStringLiteral("local.conf")));
    m_local = std::make_unique<TestStore>(QStringLiteral("sqlite"));
    QVERIFY(m_local->open());
    m_window = std::make_unique<MainWindow>(m_settings.get());
    m_jobs = m_window->jobsPage();
    QVERIFY(m_jobs);
    m_tester = std::make_unique<QAbstractItemModelTester>(m_jobs->model(),
                                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_jobs->elsewhereWatcher()->setInterval(300); // quick reads of the run records
    QSignalSpy opened(m_window->session(), &mirror::ui::StoreSession::opened);
    m_window->openStore(m_local->argument());
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
    m_window->show();
    m_window->findChild<QTabWidget *>(QStringLiteral("mainTabs"))->setCurrentWidget(m_jobs);
}

void TestJobsPanel::cleanup()
{
    m_tester.reset();
    m_window.reset();
    m_proxy.reset();
    m_partner.reset();
    m_local.reset();
    m_settings.reset();
}

void TestJobsPanel::harvestRunsToTheEndAndAgreesWithItsRunRecord()
{
    startPartner(0);
    const JobListModel *model = m_jobs->model();
    const quint64 id = m_jobs->launch(incremental());
    QVERIFY(id != 0);
    QCOMPARE(model->rowCount(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(model->jobById(id)->state == JobState::Finished, jobTimeoutMs);

    QCOMPARE(status(model, 0), QStringLiteral("\u2714 Succeeded"));
    QCOMPARE(raw(model, 0, JobListModel::NewColumn), qint64(observationCount));
    QCOMPARE(raw(model, 0, JobListModel::FetchedColumn), qint64(observationCount));
    QCOMPARE(raw(model, 0, JobListModel::FailedColumn), qint64(0));

    // The run record says the same.
    store::RunRecordStore runs(m_local->open());
    auto last = runs.last(QStringLiteral("PARTNER"), QStringLiteral("HST"));
    QVERIFY(last && last->has_value());
    QCOMPARE((*last)->outcome, store::RunOutcome::Succeeded);
    QCOMPARE((*last)->counts.itemsOk, qint64(observationCount));
    QCOMPARE((*last)->kind, QStringLiteral("incremental"));

    // The summary: the facts of `caom-sync harvest --json`, the same run.
    m_jobs->select(id);
    QVERIFY2(m_jobs->summaryText().contains(QStringLiteral("new %1").arg(observationCount)),
             qPrintable(m_jobs->summaryText()));
    const QJsonArray reports = QJsonDocument::fromJson(m_jobs->summaryJson(id)).array();
    QCOMPARE(reports.size(), 1);
    const QJsonObject report = reports.first().toObject();
    QCOMPARE(report.value(QStringLiteral("outcome")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(report.value(QStringLiteral("run")).toInteger(), (*last)->key);
    QCOMPARE(report.value(QStringLiteral("counts")).toObject().value(QStringLiteral("ingested")).toInteger(),
             qint64(observationCount));
    auto *copy = m_jobs->findChild<QPushButton *>(QStringLiteral("copyJobJsonButton"));
    QVERIFY(copy && copy->isEnabled());

    // The console picks the new collection for the browser, but the operator stays on the Jobs tab.
    QTRY_COMPARE_WITH_TIMEOUT(m_window->browser()->collection(), QStringLiteral("HST"), 20000);
    QCOMPARE(m_window->findChild<QTabWidget *>(QStringLiteral("mainTabs"))->currentWidget(), m_jobs);

    // A second run finds nothing new, and says so in the same row layout.
    const quint64 again = m_jobs->launch(incremental());
    QTRY_VERIFY_WITH_TIMEOUT(model->jobById(again)->state == JobState::Finished, jobTimeoutMs);
    QCOMPARE(raw(model, model->rowOfId(again), JobListModel::NewColumn), qint64(0));
}

void TestJobsPanel::pauseResumeAndCancelFromThePanel()
{
    startPartner(30); // 300 documents one at a time through the proxy: about 10 s
    const JobListModel *model = m_jobs->model();
    auto *pause = m_jobs->findChild<QPushButton *>(QStringLiteral("pauseJobButton"));
    auto *resume = m_jobs->findChild<QPushButton *>(QStringLiteral("resumeJobButton"));
    auto *cancel = m_jobs->findChild<QPushButton *>(QStringLiteral("cancelJobButton"));
    QVERIFY(pause && resume && cancel);

    const quint64 id = m_jobs->launch(incremental());
    QVERIFY(id != 0);
    // The new job is the selected one: the buttons act on it.
    QTRY_VERIFY_WITH_TIMEOUT(raw(model, 0, JobListModel::FetchedColumn) > 0, jobTimeoutMs);
    QVERIFY(pause->isEnabled());
    QVERIFY(!resume->isEnabled());
    // Whatever tab the operator is on, the status bar says a job runs, and takes them to it.
    auto *indicator = m_window->findChild<QToolButton *>(QStringLiteral("jobsIndicator"));
    QVERIFY(indicator);
    auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    tabs->setCurrentWidget(m_window->browser());
    QTRY_VERIFY(indicator->isVisible());
    QCOMPARE(indicator->text(), QStringLiteral("\u25b6 1 job running"));
    QTest::mouseClick(indicator, Qt::LeftButton);
    QCOMPARE(tabs->currentWidget(), static_cast<QWidget *>(m_jobs));

    QTest::mouseClick(pause, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(model->jobById(id)->paused(), 10000);
    QVERIFY2(status(model, 0).startsWith(QStringLiteral("\u23f8 Paused")), qPrintable(status(model, 0)));
    QTRY_COMPARE(indicator->text(), QStringLiteral("\u25b6 1 paused"));
    QVERIFY(resume->isEnabled());
    QVERIFY(!pause->isEnabled());

    // Paused means paused: after the documents already asked for arrive, the count stands still while the
    // engine keeps reporting.
    QSignalSpy reports(model, &QAbstractItemModel::dataChanged);
    QTRY_VERIFY_WITH_TIMEOUT(reports.count() >= 2, 10000);
    const qint64 held = raw(model, 0, JobListModel::FetchedColumn);
    reports.clear();
    QTRY_VERIFY_WITH_TIMEOUT(reports.count() >= 3, 10000);
    QCOMPARE(raw(model, 0, JobListModel::FetchedColumn), held);
    QVERIFY(held < observationCount);

    QTest::mouseClick(resume, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(raw(model, 0, JobListModel::FetchedColumn) > held, 10000);
    QVERIFY(!model->jobById(id)->paused());

    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(model->jobById(id)->state == JobState::Finished, 10000);
    QCOMPARE(status(model, 0), QStringLiteral("\u25a0 Cancelled"));
    QTRY_VERIFY(!indicator->isVisible());
    QVERIFY(!cancel->isEnabled());
    store::RunRecordStore runs(m_local->open());
    auto last = runs.last(QStringLiteral("PARTNER"), QStringLiteral("HST"));
    QVERIFY(last && last->has_value());
    QCOMPARE((*last)->outcome, store::RunOutcome::Cancelled);
    QVERIFY((*last)->counts.itemsOk < observationCount);
}

void TestJobsPanel::harvestByCaomSyncShowsAsRunningElsewhere()
{
    startPartner(30);
    const JobListModel *model = m_jobs->model();
    QProcess sync;
    sync.start(QStringLiteral(MIRROR_CAOM_SYNC),
               {QStringLiteral("harvest"), QStringLiteral("--store"), m_local->argument(), QStringLiteral("--source"),
                QStringLiteral("PARTNER"), QStringLiteral("--quiet")});
    QVERIFY(sync.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() == 1 && model->rowAt(0)->state == JobState::RunningElsewhere, 30000);
    QCOMPARE(model->rowAt(0)->source, QStringLiteral("PARTNER"));
    QCOMPARE(model->rowAt(0)->collection, QStringLiteral("HST"));
    QCOMPARE(status(model, 0), QStringLiteral("\u25b6 Running elsewhere"));
    // Its job cannot be steered from here.
    m_jobs->select(model->rowAt(0)->id);
    QVERIFY(!m_jobs->findChild<QPushButton *>(QStringLiteral("cancelJobButton"))->isEnabled());
    QVERIFY(m_jobs->summaryText().contains(QStringLiteral("another program")));

    // A harvest of the same collection asked here meanwhile is skipped: the lease is held elsewhere.
    const quint64 mine = m_jobs->launch(incremental());
    QTRY_VERIFY_WITH_TIMEOUT(model->jobById(mine)->state == JobState::Finished, jobTimeoutMs);
    QCOMPARE(status(model, model->rowOfId(mine)), QStringLiteral("\u23ed Skipped: being harvested elsewhere"));

    QVERIFY(sync.waitForFinished(jobTimeoutMs));
    QCOMPARE(sync.exitCode(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(model->rowAt(0)->state == JobState::EndedElsewhere, 10000);
    QCOMPARE(status(model, 0), QStringLiteral("Elsewhere: succeeded"));
}

void TestJobsPanel::repairAsksFirstAndSaysWhatItChanges()
{
    startPartner(0);
    const JobListModel *model = m_jobs->model();
    const quint64 first = m_jobs->launch(incremental());
    QTRY_VERIFY_WITH_TIMEOUT(model->jobById(first)->state == JobState::Finished, jobTimeoutMs);
    // The partner loses one observation: a validate finds the local copy missing there.
    const QString gone = QString::fromStdString(PartnerArchive::observation("HST", 7).observationID);
    QVERIFY(m_partner->remove(QStringLiteral("HST"), gone));

    QString asked;
    m_jobs->setConfirmation([&asked](const QString &, const QString &text) {
        asked = text;
        return false; // the operator says no
    });
    JobRequest repair = incremental();
    repair.mode = harvest::HarvestMode::Validate;
    repair.repair = true;
    QCOMPARE(m_jobs->launch(repair), quint64(0));
    QCOMPARE(model->rowCount(), 1); // nothing started
    for (const char *words : {"replaced", "fetched", "deleted", "PARTNER", "HST"})
        QVERIFY2(asked.contains(QLatin1String(words)), words);

    // A validate without repair changes no copy: it is not asked about, and it reports what it found.
    asked.clear();
    repair.repair = false;
    const quint64 id = m_jobs->launch(repair);
    QVERIFY(id != 0);
    QVERIFY(asked.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(model->jobById(id)->state == JobState::Finished, jobTimeoutMs);
    QCOMPARE(status(model, model->rowOfId(id)), QStringLiteral("\u26a0 Finished: 1 difference found"));
    m_jobs->select(id);
    QVERIFY2(m_jobs->summaryText().contains(QStringLiteral("in the browser")), qPrintable(m_jobs->summaryText()));
    QCOMPARE(model->jobById(id)->modeLabel, QStringLiteral("validate"));
}

void TestJobsPanel::logShowsTheJobAndNoSecret()
{
    const QByteArray token = "tok-" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    startPartner(0, token);
    // Everything our categories can say, requests included.
    QLoggingCategory::setFilterRules(QStringLiteral("mirror.*.debug=true"));
    const quint64 id = m_jobs->launch(incremental());
    QTRY_VERIFY_WITH_TIMEOUT(m_jobs->model()->jobById(id)->state == JobState::Finished, jobTimeoutMs);
    QLoggingCategory::setFilterRules(QString());
    // It ran, so the token was sent: the partner refuses requests without it.
    QCOMPARE(status(m_jobs->model(), 0), QStringLiteral("\u2714 Succeeded"));
    QVERIFY(m_partner->accessLog().contains(" token "));

    mirror::ui::LogPage *log = m_jobs->logPage();
    log->pull();
    const QString job = harvest::jobLogLabel(QStringLiteral("PARTNER"), QStringLiteral("incremental"),
                                             m_jobs->model()->jobById(id)->engineJob);
    log->showJob(job);
    QVERIFY2(log->filter()->rowCount() >= 2, qPrintable(job)); // started and finished, at least
    const QString shown = log->selectedText();
    QVERIFY2(shown.contains(QStringLiteral("incremental PARTNER/HST finished: succeeded")), qPrintable(shown));

    QString everything;
    for (const auto &record : mirror::LogHub::since(0))
        everything += mirror::models::LogModel::lineOf(record) + QLatin1Char('\n');
    QFile file(mirror::LogHub::logFilePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QVERIFY(written.contains("incremental PARTNER/HST finished: succeeded"));
    QVERIFY(written.contains("mirror.net.")); // the requests were logged, at debug level
    QVERIFY2(!written.contains(token), "the token is in the log file");
    QVERIFY2(!everything.contains(QString::fromLatin1(token)), "the token is in the log view");
}

QTEST_MAIN(TestJobsPanel)
#include "tst_jobspanel.moc"
