// The console stays responsive while it harvests: a partner with 10,000 generated observations is served by
// `caom-sync serve` on loopback, the real main window (offscreen unless a display is given) launches an
// incremental harvest of it from the Jobs tab, and a 10 ms timer on the GUI thread measures the event loop the
// whole time. Prints the longest stall between two ticks (target under 50 ms), the 99th percentile and the
// harvest's wall time. Not a Google Benchmark: the figure is a maximum, not a rate.
//   build/bench/bench_console_jobs [observations]
#include "background_program.h"
#include "cli_runner.h"
#include "test_stores.h"

#include "common/settings.h"
#include "models/job_list_model.h"
#include "views/jobs_page.h"
#include "views/main_window.h"
#include "views/store_session.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

int fail(const QString &what)
{
    std::fprintf(stderr, "bench_console_jobs: %s\n", qPrintable(what));
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir dir;
    for (const char *name : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
        qputenv(name, dir.filePath(QString::fromLatin1(name)).toUtf8());
    QApplication app(argc, argv);
    const int count = argc > 1 ? std::max(1, QString::fromLocal8Bit(argv[1]).toInt()) : 10000;

    const QString partnerPath = dir.filePath(QStringLiteral("partner.sqlite"));
    const auto generated = testsupport::runCaomSync({QStringLiteral("generate"), QStringLiteral("--store"), partnerPath,
                                                     QStringLiteral("--collection"), QStringLiteral("HST"),
                                                     QStringLiteral("--count"), QString::number(count)},
                                                    600000);
    if (generated.exitCode != 0)
        return fail(QStringLiteral("generate failed: ") + QString::fromUtf8(generated.err));
    testsupport::BackgroundProgram serve;
    const QString capabilities = testsupport::startServe(serve, partnerPath);
    if (capabilities.isEmpty())
        return fail(QStringLiteral("serve: ") + serve.error());

    mirror::Settings settings(mirror::Settings::sharedSettingsPath(), dir.filePath(QStringLiteral("local.conf")));
    mirror::PartnerSource source;
    source.name = QStringLiteral("BENCH");
    source.endpointKind = mirror::EndpointKind::Capabilities;
    source.endpoint = capabilities;
    source.collections = {QStringLiteral("HST")};
    source.lagSeconds = 0;
    if (auto set = settings.setSources({source}); !set)
        return fail(QString::fromStdString(set.error().message));

    mirror::ui::MainWindow window(&settings);
    window.setCreateStoreQuestion([](const QString &) { return true; });
    window.resize(1280, 800);
    window.show();
    QEventLoop opening;
    QObject::connect(window.session(), &mirror::ui::StoreSession::opened, &opening, &QEventLoop::quit);
    window.openStore(dir.filePath(QStringLiteral("mirror.sqlite")));
    opening.exec();
    mirror::ui::JobsPage *jobs = window.jobsPage();
    window.findChild<QTabWidget *>(QStringLiteral("mainTabs"))->setCurrentWidget(jobs);

    // The event loop's pulse: a 10 ms timer; a late tick is a stall the operator would feel.
    std::vector<qint64> gaps;
    QElapsedTimer pulse;
    QTimer ticker;
    ticker.setInterval(10);
    QObject::connect(&ticker, &QTimer::timeout, [&] { gaps.push_back(pulse.restart()); });

    QElapsedTimer wall;
    mirror::ui::JobRequest request;
    request.source = QStringLiteral("BENCH");
    QEventLoop running;
    QObject::connect(jobs->model(), &mirror::models::JobListModel::jobEnded, &running, &QEventLoop::quit);
    pulse.start();
    ticker.start();
    wall.start();
    const quint64 id = jobs->launch(request);
    if (id == 0)
        return fail(QStringLiteral("the job was not started"));
    running.exec();
    const qint64 wallMs = wall.elapsed();
    ticker.stop();

    const auto *job = jobs->model()->jobById(id);
    const qint64 stored = job->totals().ingested;
    std::sort(gaps.begin(), gaps.end());
    const qint64 longest = gaps.empty() ? 0 : gaps.back();
    const qint64 p99 = gaps.empty() ? 0 : gaps[gaps.size() * 99 / 100];
    const auto over = [&](qint64 ms) {
        return std::count_if(gaps.begin(), gaps.end(), [ms](qint64 g) { return g > ms; });
    };
    std::printf("observations harvested: %lld of %d (%s)\n", static_cast<long long>(stored), count,
                qPrintable(mirror::models::JobListModel::statusText(*job)));
    std::printf("harvest wall time: %.1f s (%.0f observations/s)\n", double(wallMs) / 1000.0,
                double(stored) * 1000.0 / double(std::max<qint64>(wallMs, 1)));
    std::printf("event-loop ticks: %zu; longest gap %lld ms (target < 50); 99th percentile %lld ms; gaps over 20 ms: "
                "%lld, over 50 ms: %lld\n",
                gaps.size(), static_cast<long long>(longest), static_cast<long long>(p99),
                static_cast<long long>(over(20)), static_cast<long long>(over(50)));
    return stored == count && longest < 50 ? 0 : 1;
}
