// End-to-end sync on loopback: `caom-sync serve` publishes a partner store (its own process, as in
// production), and the engine harvests it into an empty local store on SQLite and, with
// MIRROR_TEST_PG_URL, PostgreSQL. Items/s = observations harvested per second of wall time.
//   build/bench/bench_harvest --benchmark_filter=Harvest
// Validate of a big collection against itself (every row compared, nothing to repair); wall time and the
// harvester's peak memory (the partner's serve runs in another process):
//   MIRROR_BENCH_STORE=/work/bench-data/1m.sqlite build/bench/bench_harvest --benchmark_filter=Validate
#include "background_program.h"
#include "cli_runner.h"
#include "test_stores.h"

#include "net/service_locator.h"
#include "sync/harvest_job.h"

#include <benchmark/benchmark.h>

#include <memory>

#include <QCoreApplication>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <cstdlib>
#include <mutex>

namespace {

constexpr int observations = 10000;

harvest::HarvestTarget targetFor(const QString &capabilities, const QString &collection)
{
    harvest::HarvestTarget target;
    target.sourceName = QStringLiteral("BENCH");
    target.collection = collection;
    target.harvestSource = harvest::harvestSourceKey(capabilities, collection);
    target.http.totalTimeout = std::chrono::minutes(10);
    net::ServiceLocator locator(target.http);
    net::EndpointSpec spec;
    spec.value = capabilities.toStdString();
    auto endpoints = locator.locate(spec, net::AuthMethod::Anonymous);
    if (endpoints)
        target.endpoints = *endpoints;
    target.tuning.lag = std::chrono::milliseconds(0);
    return target;
}

struct Partner {
    QTemporaryDir dir;
    testsupport::BackgroundProgram serve;
    QString capabilities;
    std::string error;
};

Partner &generatedPartner()
{
    static Partner partner;
    static std::once_flag once;
    std::call_once(once, [] {
        const QString path = partner.dir.filePath(QStringLiteral("partner.sqlite"));
        auto generated = testsupport::runCaomSync({QStringLiteral("generate"), QStringLiteral("--store"), path,
                                                   QStringLiteral("--collection"), QStringLiteral("HST"),
                                                   QStringLiteral("--count"), QString::number(observations)},
                                                  600000);
        if (generated.exitCode != 0) {
            partner.error = "generate failed: " + generated.err.toStdString();
            return;
        }
        partner.capabilities = testsupport::startServe(partner.serve, path);
        if (partner.capabilities.isEmpty())
            partner.error = partner.serve.error().toStdString();
    });
    return partner;
}

void harvestInto(benchmark::State &state, const QString &engine)
{
    Partner &partner = generatedPartner();
    if (!partner.error.empty()) {
        state.SkipWithError(partner.error.c_str());
        return;
    }
    if (engine == QStringLiteral("postgresql") && !testsupport::postgresAvailable()) {
        state.SkipWithError("set MIRROR_TEST_PG_URL to measure PostgreSQL");
        return;
    }
    const harvest::HarvestTarget target = targetFor(partner.capabilities, QStringLiteral("HST"));
    qint64 harvested = 0;
    for (auto _ : state) {
        state.PauseTiming();
        // Made and dropped while the clock is paused: dropping a PostgreSQL database waits for a checkpoint,
        // which would otherwise be charged to the next harvest.
        auto local = std::make_unique<testsupport::TestStore>(engine);
        auto store = local->open();
        if (!store) {
            state.SkipWithError(qPrintable(local->error()));
            return;
        }
        harvest::HarvestRequest request;
        request.target = target;
        harvest::JobControl control;
        state.ResumeTiming();
        const auto report = harvest::runHarvest(request, store, control);
        state.PauseTiming();
        if (report.outcome != store::RunOutcome::Succeeded || report.counts.ingested != observations) {
            state.SkipWithError(
                qPrintable(QStringLiteral("harvest: %1, %2 ingested").arg(report.error).arg(report.counts.ingested)));
            return;
        }
        harvested += report.counts.ingested;
        store.reset();
        local.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(harvested);
}

void BM_HarvestSQLite(benchmark::State &state)
{
    harvestInto(state, QStringLiteral("sqlite"));
}
void BM_HarvestPostgreSQL(benchmark::State &state)
{
    harvestInto(state, QStringLiteral("postgresql"));
}
BENCHMARK(BM_HarvestSQLite)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_HarvestPostgreSQL)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(3);

long peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

// The big store validated against itself, served by a separate process: the remote side is the same
// data, so the run lists, sorts and merges every row and finds nothing.
void BM_ValidateBigCollection(benchmark::State &state)
{
    const char *path = std::getenv("MIRROR_BENCH_STORE");
    if (!path) {
        state.SkipWithError("set MIRROR_BENCH_STORE to a store with a big collection");
        return;
    }
    const QString collection = qEnvironmentVariable("MIRROR_BENCH_COLLECTION", QStringLiteral("HST"));
    testsupport::BackgroundProgram serve;
    const QString capabilities = testsupport::startServe(serve, QString::fromLocal8Bit(path));
    auto location = store::parseStoreLocation(QString::fromLocal8Bit(path));
    auto local =
        location ? store::Store::open(*location) : mirror::Result<std::shared_ptr<store::Store>>(location.error());
    if (capabilities.isEmpty() || !local) {
        state.SkipWithError("cannot serve or open MIRROR_BENCH_STORE");
        return;
    }
    harvest::HarvestRequest request;
    request.target = targetFor(capabilities, collection);
    request.mode = harvest::HarvestMode::Validate;
    const long before = peakRssMb();
    qint64 rows = 0;
    for (auto _ : state) {
        harvest::JobControl control;
        const auto report = harvest::runHarvest(request, *local, control);
        if (!report.validation) {
            state.SkipWithError(qPrintable(report.error));
            return;
        }
        rows += report.validation->remote;
    }
    state.SetItemsProcessed(rows);
    state.counters["peak_rss_MB"] = double(peakRssMb());
    state.counters["rss_before_MB"] = double(before);
}
BENCHMARK(BM_ValidateBigCollection)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    net::initialiseHttp();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
