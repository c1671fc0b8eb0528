// Artifact jobs from the console's Jobs tab against a real partner on loopback (`caom-sync serve
// --artifact-root` over a generated store with real files, behind the fault proxy so that file transfers can be
// slowed down): discover then download launched from the panel, watched with bytes and rate while they move,
// paused and resumed, cancelled and run again; in the end every file is in the artifact root with the bytes its
// metadata describes, the store records each copy verified, and a second download fetches nothing.
#include "artifact_fixture.h"
#include "fault_proxy.h"

#include "common/log_hub.h"
#include "common/settings.h"
#include "models/job_list_model.h"
#include "models/model_roles.h"
#include "store/artifact_copy_store.h"
#include "views/jobs_page.h"
#include "views/main_window.h"
#include "views/store_session.h"

#include <QAbstractItemModelTester>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace testsupport;
using mirror::models::JobListModel;
using mirror::models::JobState;
using mirror::ui::JobRequest;
using mirror::ui::JobsPage;
using mirror::ui::MainWindow;

namespace {

constexpr int observationCount = 12;
constexpr qint64 fileSize = 96 * 1024;
constexpr int jobTimeoutMs = 120000;

qint64 raw(const JobListModel *model, int row, int column)
{
    return model->index(row, column).data(mirror::models::ModelRole::RawValue).toLongLong();
}

QString cell(const JobListModel *model, int row, int column)
{
    return model->index(row, column).data().toString();
}

// Files under the root that are not partial downloads.
QStringList installedFiles(const QString &root)
{
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!path.endsWith(QLatin1String(".caom-partial")))
            files << path;
    }
    return files;
}

} // namespace

class TestArtifactJobs : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void downloadFromThePanelShowsBytesAndInstallsVerifiedFiles();
    void cancelledDownloadLeavesOnlyVerifiedFilesAndTheNextRunCompletes();

private:
    JobRequest request(harvest::ArtifactMode mode) const;
    // Runs a job from the panel to its end; returns its row.
    int runToTheEnd(harvest::ArtifactMode mode);
    // Every artifact of the partner's observations is in the mirror's root with the right bytes, and recorded.
    void verifyEveryFileInstalled();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ArtifactFixture> m_fixture;
    std::unique_ptr<FaultProxy> m_proxy;
    std::unique_ptr<mirror::Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    JobsPage *m_jobs = nullptr;
    QStringList m_uris;
};

void TestArtifactJobs::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    qputenv("XDG_CONFIG_HOME", m_dir->filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_DATA_HOME", m_dir->filePath(QStringLiteral("data")).toUtf8());
    qputenv("XDG_CACHE_HOME", m_dir->filePath(QStringLiteral("cache")).toUtf8());
    qputenv("XDG_STATE_HOME", m_dir->filePath(QStringLiteral("state")).toUtf8());
    mirror::LogHub::install(mirror::LogHub::defaultLogFilePath());
}

void TestArtifactJobs::init()
{
    m_fixture = std::make_unique<ArtifactFixture>(QStringLiteral("sqlite"));
    QVERIFY(m_fixture->start());
    m_uris.clear();
    for (int i = 0; i < observationCount; ++i) {
        QVERIFY(m_fixture->add(std::uint64_t(i), fileSize));
        m_uris << ArtifactFixture::urisOf(std::uint64_t(i));
    }
    // Every file request held back a little, so a download lasts a few seconds and can be watched.
    m_proxy = std::make_unique<FaultProxy>();
    const QUrl direct(m_fixture->partner().capabilitiesUrl());
    const QString base = m_proxy->start(direct.adjusted(QUrl::RemovePath), 7);
    QVERIFY2(!base.isEmpty(), qPrintable(m_proxy->errorString()));
    QString error;
    const auto rules = parseFaultRules({QStringLiteral("path=.*/files/.*;action=delay;ms=250")}, &error);
    QVERIFY2(!rules.isEmpty(), qPrintable(error));
    m_proxy->setRules(rules);

    m_settings = std::make_unique<mirror::Settings>(mirror::Settings::sharedSettingsPath(),
                                                    m_dir->filePath(QStringLiteral("local.conf")));
    mirror::PartnerSource source;
    source.name = QStringLiteral("PARTNER");
    source.endpointKind = mirror::EndpointKind::Capabilities;
    source.endpoint = base + direct.path();
    source.collections = {QStringLiteral("HST")};
    QVERIFY(m_settings->setSources({source}));
    QVERIFY(m_settings->sync());

    m_window = std::make_unique<MainWindow>(m_settings.get());
    m_jobs = m_window->jobsPage();
    QVERIFY(m_jobs);
    m_tester = std::make_unique<QAbstractItemModelTester>(m_jobs->model(),
                                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy opened(m_window->session(), &mirror::ui::StoreSession::opened);
    m_window->openStore(m_fixture->storeArgument());
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
    m_window->show();
    m_window->findChild<QTabWidget *>(QStringLiteral("mainTabs"))->setCurrentWidget(m_jobs);
}

void TestArtifactJobs::cleanup()
{
    m_tester.reset();
    m_window.reset();
    m_settings.reset();
    m_proxy.reset();
    m_fixture.reset();
}

JobRequest TestArtifactJobs::request(harvest::ArtifactMode mode) const
{
    JobRequest request;
    request.source = QStringLiteral("PARTNER");
    request.collections = {QStringLiteral("HST")};
    request.artifactMode = mode;
    request.artifactRoot = m_fixture->mirrorRoot();
    return request;
}

int TestArtifactJobs::runToTheEnd(harvest::ArtifactMode mode)
{
    const JobListModel *model = m_jobs->model();
    const quint64 id = m_jobs->launch(request(mode));
    if (id == 0)
        return -1;
    QElapsedTimer waited;
    waited.start();
    while (model->jobById(id)->state != JobState::Finished && waited.elapsed() < jobTimeoutMs)
        QTest::qWait(50); // events: the engine's signals arrive while waiting
    return model->jobById(id)->state == JobState::Finished ? model->rowOfId(id) : -1;
}

void TestArtifactJobs::verifyEveryFileInstalled()
{
    store::ArtifactCopyStore copies(m_fixture->store());
    for (const QString &uri : m_uris) {
        const QString path = m_fixture->mirrorFile(uri);
        QCOMPARE(ArtifactFixture::md5Of(path), ArtifactFixture::expectedMd5(uri, fileSize));
        auto copy = copies.get(uri);
        QVERIFY(copy && copy->has_value());
        QCOMPARE((*copy)->state, store::ArtifactCopyState::verified);
        QCOMPARE((*copy)->localPath, path);
    }
    QCOMPARE(installedFiles(m_fixture->mirrorRoot()).size(), m_uris.size());
}

void TestArtifactJobs::downloadFromThePanelShowsBytesAndInstallsVerifiedFiles()
{
    const JobListModel *model = m_jobs->model();
    const int discovered = runToTheEnd(harvest::ArtifactMode::Discover);
    QVERIFY(discovered >= 0);
    QCOMPARE(cell(model, discovered, JobListModel::StatusColumn), QStringLiteral("\u2714 Succeeded"));
    QCOMPARE(cell(model, discovered, JobListModel::ModeColumn), QStringLiteral("files: discover"));
    // Queued files are the job's new work.
    QCOMPARE(raw(model, discovered, JobListModel::NewColumn), qint64(m_uris.size()));

    auto *pause = m_jobs->findChild<QPushButton *>(QStringLiteral("pauseJobButton"));
    auto *resume = m_jobs->findChild<QPushButton *>(QStringLiteral("resumeJobButton"));
    QVERIFY(pause && resume);
    const quint64 id = m_jobs->launch(request(harvest::ArtifactMode::Download));
    QVERIFY(id != 0);
    const int row = model->rowOfId(id);
    // Live: files and bytes of the total, a byte rate.
    QTRY_VERIFY_WITH_TIMEOUT(model->jobById(id)->progress.bytesDone.value_or(0) > 0, jobTimeoutMs);
    QVERIFY(model->jobById(id)->state == JobState::Running);
    const QString progress = cell(model, row, JobListModel::ProgressColumn);
    QVERIFY2(progress.contains(QStringLiteral(" files, ")) && progress.contains(QStringLiteral(" of ")),
             qPrintable(progress));
    QVERIFY2(cell(model, row, JobListModel::RateColumn).endsWith(QStringLiteral("B/s")),
             qPrintable(cell(model, row, JobListModel::RateColumn)));
    const double fraction = model->index(row, JobListModel::ProgressColumn).data(JobListModel::ProgressRole).toDouble();
    QVERIFY2(fraction > 0 && fraction < 1, qPrintable(QString::number(fraction)));

    // Pause from the panel: the transfers already asked for end, then the bytes stand still.
    m_jobs->select(id);
    QVERIFY(pause->isEnabled());
    QTest::mouseClick(pause, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(model->jobById(id)->paused(), 10000);
    QVERIFY2(cell(model, row, JobListModel::StatusColumn).startsWith(QStringLiteral("\u23f8 Paused")),
             qPrintable(cell(model, row, JobListModel::StatusColumn)));
    QSignalSpy reports(model, &QAbstractItemModel::dataChanged);
    QTRY_VERIFY_WITH_TIMEOUT(reports.count() >= 3, 10000);
    const qint64 held = model->jobById(id)->progress.bytesDone.value_or(0);
    reports.clear();
    QTRY_VERIFY_WITH_TIMEOUT(reports.count() >= 2, 10000);
    QCOMPARE(model->jobById(id)->progress.bytesDone.value_or(0), held);
    QVERIFY(held < qint64(m_uris.size()) * fileSize);
    QVERIFY(!model->index(row, JobListModel::EtaColumn).data().isValid()); // no time left while paused

    QTest::mouseClick(resume, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(model->jobById(id)->state == JobState::Finished, jobTimeoutMs);
    QCOMPARE(cell(model, row, JobListModel::StatusColumn), QStringLiteral("\u2714 Succeeded"));
    QCOMPARE(raw(model, row, JobListModel::FetchedColumn), qint64(m_uris.size()));
    QCOMPARE(raw(model, row, JobListModel::FailedColumn), qint64(0));
    verifyEveryFileInstalled();
    // The summary is the report caom-sync artifacts prints.
    m_jobs->select(id);
    QVERIFY2(m_jobs->summaryText().contains(QStringLiteral("%1 file(s) downloaded").arg(m_uris.size())),
             qPrintable(m_jobs->summaryText()));

    // A second download finds nothing to fetch.
    const int again = runToTheEnd(harvest::ArtifactMode::Download);
    QVERIFY(again >= 0);
    QCOMPARE(cell(model, again, JobListModel::StatusColumn), QStringLiteral("\u2714 Succeeded"));
    QCOMPARE(raw(model, again, JobListModel::FetchedColumn), qint64(0));
}

void TestArtifactJobs::cancelledDownloadLeavesOnlyVerifiedFilesAndTheNextRunCompletes()
{
    const JobListModel *model = m_jobs->model();
    QVERIFY(runToTheEnd(harvest::ArtifactMode::Discover) >= 0);
    auto *cancel = m_jobs->findChild<QPushButton *>(QStringLiteral("cancelJobButton"));
    QVERIFY(cancel);
    const quint64 id = m_jobs->launch(request(harvest::ArtifactMode::Download));
    QVERIFY(id != 0);
    QTRY_VERIFY_WITH_TIMEOUT(model->jobById(id)->progress.bytesDone.value_or(0) > 0, jobTimeoutMs);
    m_jobs->select(id);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(model->jobById(id)->state == JobState::Finished, 10000);
    QCOMPARE(cell(model, model->rowOfId(id), JobListModel::StatusColumn), QStringLiteral("\u25a0 Cancelled"));
    // Whatever got its final name has the right bytes.
    const QStringList installed = installedFiles(m_fixture->mirrorRoot());
    QVERIFY(installed.size() < m_uris.size());
    for (const QString &uri : m_uris)
        if (installed.contains(m_fixture->mirrorFile(uri)))
            QCOMPARE(ArtifactFixture::md5Of(m_fixture->mirrorFile(uri)), ArtifactFixture::expectedMd5(uri, fileSize));

    const int again = runToTheEnd(harvest::ArtifactMode::Download);
    QVERIFY(again >= 0);
    QCOMPARE(cell(model, again, JobListModel::StatusColumn), QStringLiteral("\u2714 Succeeded"));
    verifyEveryFileInstalled();
}

QTEST_MAIN(TestArtifactJobs)
#include "tst_artifactjobs.moc"
