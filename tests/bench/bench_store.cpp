// Store write throughput: upserts per second on SQLite and (with MIRROR_TEST_PG_URL) PostgreSQL, for the
// sample mix (tests/data, 31 real documents averaging 110 kB of XML) and for generated HST-like observations
// (about 15 kB). Items/s counts observations; each iteration is one 200-observation transaction.
//   build/bench/bench_store --benchmark_min_time=3
#include "caom2/generator.h"
#include "caom2/xml_reader.h"
#include "store/observation_store.h"
#include "test_stores.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QDir>
#include <QtConcurrent/QtConcurrentMap>

#include <memory>
#include <numeric>

namespace {

constexpr int batchSize = 200;

std::vector<caom2::Observation> sampleMix()
{
    std::vector<caom2::Observation> samples;
    const QStringList files = QDir(QStringLiteral(MIRROR_TEST_DATA_DIR)).entryList({QStringLiteral("*.xml")});
    for (const QString &file : files) {
        caom2::ReadResult read =
            caom2::readObservationFile(QString(QStringLiteral(MIRROR_TEST_DATA_DIR "/") + file).toStdString());
        if (read.ok)
            samples.push_back(std::move(read.document.observation));
    }
    return samples;
}

void runUpserts(benchmark::State &state, const QString &engine, bool generated, bool pipelined = false)
{
    testsupport::TestStore fixture(engine);
    if (!fixture.ok()) {
        state.SkipWithError(qPrintable(fixture.error()));
        return;
    }
    auto opened = fixture.open();
    if (!opened) {
        state.SkipWithError(qPrintable(fixture.error()));
        return;
    }
    store::ObservationStore observations(opened);
    const std::vector<caom2::Observation> samples = generated ? std::vector<caom2::Observation>() : sampleMix();
    caom2::GeneratorOptions options;
    options.collection = "BENCH";
    std::uint64_t next = 0;
    std::int64_t bytes = 0;
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<store::UpsertItem> batch;
        batch.reserve(batchSize);
        for (int i = 0; i < batchSize; ++i, ++next) {
            caom2::Observation o =
                generated ? caom2::generateObservation(options, next) : samples[next % samples.size()];
            // Every upsert a new observation: the store grows as a harvest makes it grow.
            o.observationID += "-" + std::to_string(next);
            batch.push_back(store::UpsertItem{std::move(o)});
        }
        state.ResumeTiming();
        if (pipelined) {
            // As a harvest runs: workers prepare (document, checksums) in parallel, one writer commits. Both
            // phases are timed; with 2 cores the writer overlaps the next batch's preparation in a real
            // pipeline, which this sequential loop does not exploit, so the figure is a lower bound. Items and
            // results are moved, never copied, as in a harvest (copying a sample-mix observation twice cost more
            // than writing it).
            std::vector<std::size_t> indices(batch.size());
            std::iota(indices.begin(), indices.end(), std::size_t(0));
            QList<mirror::Result<store::PreparedObservation>> ready = QtConcurrent::blockingMapped(
                QList<std::size_t>(indices.begin(), indices.end()),
                [&batch](std::size_t i) { return store::prepareUpsert(std::move(batch[i])); });
            std::vector<store::PreparedObservation> prepared;
            prepared.reserve(batch.size());
            for (auto &r : ready)
                prepared.push_back(std::move(r.value()));
            if (auto written = observations.upsertPrepared(prepared); !written) {
                state.SkipWithError(written.error().message.c_str());
                return;
            }
            continue;
        }
        if (auto written = observations.upsert(batch); !written) {
            state.SkipWithError(written.error().message.c_str());
            return;
        }
    }
    (void)bytes;
    state.SetItemsProcessed(state.iterations() * batchSize);
}

void BM_UpsertSampleMix_SQLite(benchmark::State &state)
{
    runUpserts(state, QStringLiteral("sqlite"), false);
}
void BM_UpsertSampleMix_PostgreSQL(benchmark::State &state)
{
    runUpserts(state, QStringLiteral("postgresql"), false);
}
void BM_UpsertGenerated_SQLite(benchmark::State &state)
{
    runUpserts(state, QStringLiteral("sqlite"), true);
}
void BM_UpsertGenerated_PostgreSQL(benchmark::State &state)
{
    runUpserts(state, QStringLiteral("postgresql"), true);
}

void BM_UpsertSampleMixPipelined_SQLite(benchmark::State &state)
{
    runUpserts(state, QStringLiteral("sqlite"), false, true);
}
void BM_UpsertSampleMixPipelined_PostgreSQL(benchmark::State &state)
{
    runUpserts(state, QStringLiteral("postgresql"), false, true);
}

// The writer-independent part of an upsert alone: each sample's document written and compressed, and its
// checksums computed (prepareUpsert), no SQL. The difference to BM_UpsertSampleMix_SQLite is the store's share.
void BM_PrepareSampleMix(benchmark::State &state)
{
    const std::vector<caom2::Observation> samples = sampleMix();
    std::size_t next = 0;
    for (auto _ : state) {
        for (int i = 0; i < batchSize; ++i, ++next) {
            auto prepared = store::prepareUpsert(store::UpsertItem{samples[next % samples.size()]});
            if (!prepared) {
                state.SkipWithError(prepared.error().message.c_str());
                return;
            }
            benchmark::DoNotOptimize(prepared.value().document.size());
        }
    }
    state.SetItemsProcessed(state.iterations() * batchSize);
}

BENCHMARK(BM_PrepareSampleMix)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_UpsertSampleMixPipelined_SQLite)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_UpsertSampleMixPipelined_PostgreSQL)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_UpsertSampleMix_SQLite)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_UpsertSampleMix_PostgreSQL)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_UpsertGenerated_SQLite)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_UpsertGenerated_PostgreSQL)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv); // Qt Sql drivers need an application object
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
