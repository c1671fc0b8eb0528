// jobs-screenshots: the Jobs tab's pictures of docs/screenshots/, from the real main window under Xvfb. A partner
// on loopback (our serve over a generated store, behind the fault proxy that slows each document a little so a
// harvest lasts long enough to be seen) holds HST and JWST; the console harvests HST while caom-sync harvests
// JWST on the same store (running elsewhere), then validates after the partner lost three observations.
//   xvfb-run -a -s "-screen 0 1400x900x24" build/tests/jobs-screenshots OUTPUT_DIR
#include "fault_proxy.h"
#include "partner_archive.h"

#include "common/log_hub.h"
#include "common/settings.h"
#include "models/job_list_model.h"
#include "views/jobs_page.h"
#include "views/main_window.h"
#include "views/store_session.h"

#include <QApplication>
#include <QProcess>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <cstdio>

using namespace testsupport;

namespace {

bool save(mirror::ui::MainWindow *window, const QString &path)
{
    QWidget *widget = window;
    window->findChild<QTabWidget *>(QStringLiteral("mainTabs"))->setCurrentWidget(window->jobsPage());
    QTest::qWait(400);
    const bool ok = widget->grab().save(path);
    std::fprintf(stderr, "jobs-screenshots: %s %s\n", ok ? "wrote" : "could not write", qPrintable(path));
    return ok;
}

int fail(const char *what)
{
    std::fprintf(stderr, "jobs-screenshots: %s\n", what);
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QTemporaryDir dir;
    for (const char *name : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
        qputenv(name, dir.filePath(QString::fromLatin1(name)).toUtf8());
    QApplication app(argc, argv);
    if (argc < 2)
        return fail("usage: jobs-screenshots OUTPUT_DIR");
    const QString output = QString::fromLocal8Bit(argv[1]);
    mirror::LogHub::install(mirror::LogHub::defaultLogFilePath());

    PartnerArchive partner;
    if (!partner.start() || !partner.addGenerated("HST", 0, 4000) || !partner.addGenerated("JWST", 0, 1500))
        return fail("partner");
    FaultProxy proxy;
    const QUrl direct(partner.capabilitiesUrl());
    const QString base = proxy.start(direct.adjusted(QUrl::RemovePath), 1);
    QString error;
    proxy.setRules(parseFaultRules({QStringLiteral("path=.*/(HST|JWST)/.*;action=delay;ms=3")}, &error));

    mirror::Settings settings(mirror::Settings::sharedSettingsPath(), dir.filePath(QStringLiteral("local.conf")));
    mirror::PartnerSource mast;
    mast.name = QStringLiteral("MAST");
    mast.endpointKind = mirror::EndpointKind::Capabilities;
    mast.endpoint = base + direct.path();
    mast.collections = {QStringLiteral("HST"), QStringLiteral("JWST")};
    mast.lagSeconds = 0;
    mast.lookbackSeconds = 1;
    (void)settings.setSources({mast});
    mirror::HarvestSchedule every15;
    every15.source = QStringLiteral("MAST");
    every15.collection = QStringLiteral("HST");
    every15.everyMinutes = 15;
    (void)settings.setSchedules({every15});
    (void)settings.sync();

    mirror::ui::MainWindow window(&settings);
    window.setCreateStoreQuestion([](const QString &) { return true; });
    window.resize(1400, 860);
    window.show();
    const QString mirrorPath = dir.filePath(QStringLiteral("mirror.sqlite"));
    window.openStore(mirrorPath);
    if (!QTest::qWaitFor([&] { return window.session()->isOpen(); }, 15000))
        return fail("store");
    mirror::ui::JobsPage *jobs = window.jobsPage();
    window.findChild<QTabWidget *>(QStringLiteral("mainTabs"))->setCurrentWidget(jobs);

    // caom-sync harvests JWST on the same store: the console shows it running elsewhere.
    QProcess sync;
    sync.start(QStringLiteral(MIRROR_CAOM_SYNC),
               {QStringLiteral("harvest"), QStringLiteral("--store"), mirrorPath, QStringLiteral("--source"),
                QStringLiteral("MAST"), QStringLiteral("--collection"), QStringLiteral("JWST"),
                QStringLiteral("--quiet")});
    mirror::ui::JobRequest hst;
    hst.source = QStringLiteral("MAST");
    hst.collections = {QStringLiteral("HST")};
    const quint64 running = jobs->launch(hst);
    const auto *model = jobs->model();
    const bool elsewhereShown = QTest::qWaitFor(
        [&] {
            for (int row = 0; row < model->rowCount(); ++row)
                if (model->rowAt(row)->state == mirror::models::JobState::RunningElsewhere)
                    return true;
            return false;
        },
        20000);
    if (!elsewhereShown)
        std::fprintf(stderr, "jobs-screenshots: caom-sync's harvest did not show\n");
    // Until the time left is shown (the rate settled).
    (void)QTest::qWaitFor([&] { return model->jobById(running)->progress.etaSeconds.has_value(); }, 15000);
    jobs->select(running);
    save(&window, output + QStringLiteral("/jobs-running.png"));

    (void)QTest::qWaitFor([&] { return model->jobById(running)->state == mirror::models::JobState::Finished; }, 120000);
    sync.waitForFinished(120000);
    for (int i : {11, 222, 3333})
        partner.remove(QStringLiteral("HST"),
                       QString::fromStdString(PartnerArchive::observation("HST", std::uint64_t(i)).observationID));
    mirror::ui::JobRequest validate = hst;
    validate.mode = harvest::HarvestMode::Validate;
    const quint64 validated = jobs->launch(validate);
    (void)QTest::qWaitFor([&] { return model->jobById(validated)->state == mirror::models::JobState::Finished; },
                          120000);
    QTest::qWait(3500); // the elsewhere row's end is read
    jobs->select(validated);
    save(&window, output + QStringLiteral("/jobs-finished.png"));
    return 0;
}
