// The console's queries on a large store, each timed on its own: per-collection counts, windows of 200
// observations under each filter, children of every kind of node, one document. Needs an existing store:
//   build/bin/caom-sync generate --store /tmp/1m.sqlite --collection HST --count 700000
//   build/bin/caom-sync generate --store /tmp/1m.sqlite --collection JWST --count 300000 --seed 2
//   MIRROR_BENCH_STORE=/tmp/1m.sqlite build/bench/bench_store_queries
#include "store/observation_store.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>

#include <cstdlib>
#include <memory>

namespace {

std::shared_ptr<store::Store> &benchStore()
{
    static std::shared_ptr<store::Store> opened;
    return opened;
}

store::ObservationStore observations()
{
    return store::ObservationStore(benchStore());
}

store::ObservationFilter hst()
{
    store::ObservationFilter filter;
    filter.collection = QStringLiteral("HST");
    return filter;
}

void runWindow(benchmark::State &state, const store::ObservationFilter &filter, const QString &after = {},
               qint64 offset = 0)
{
    const store::ObservationStore s = observations();
    std::size_t rows = 0;
    for (auto _ : state) {
        auto window = s.window(filter, 200, after, offset);
        if (!window) {
            state.SkipWithError(window.error().message.c_str());
            return;
        }
        rows = window->size();
        benchmark::DoNotOptimize(window);
    }
    state.counters["rows"] = static_cast<double>(rows);
}

void BM_Counts(benchmark::State &state)
{
    const store::ObservationStore s = observations();
    for (auto _ : state)
        benchmark::DoNotOptimize(s.counts());
}

void BM_Collections(benchmark::State &state)
{
    const store::ObservationStore s = observations();
    for (auto _ : state)
        benchmark::DoNotOptimize(s.collections());
}

void BM_WindowFirst(benchmark::State &state)
{
    runWindow(state, hst());
}

void BM_WindowKeysetMiddle(benchmark::State &state)
{
    runWindow(state, hst(), QStringLiteral("n0055555")); // about halfway through HST's observationIDs
}

void BM_WindowOffsetMiddle(benchmark::State &state)
{
    runWindow(state, hst(), {}, 350000);
}

void BM_WindowPrefix(benchmark::State &state)
{
    store::ObservationFilter filter = hst();
    filter.idPrefix = QStringLiteral("q00");
    runWindow(state, filter);
}

void BM_WindowContains(benchmark::State &state)
{
    store::ObservationFilter filter = hst();
    filter.idContains = QStringLiteral("abc");
    runWindow(state, filter);
}

// A substring most observationIDs contain: the answer is the first window in order, whatever the index.
void BM_WindowContainsCommon(benchmark::State &state)
{
    store::ObservationFilter filter = hst();
    filter.idContains = QStringLiteral("000");
    runWindow(state, filter);
}

// The browser's scrollbar needs the number of matches as well as the first window.
void BM_CountContains(benchmark::State &state)
{
    const store::ObservationStore s = observations();
    store::ObservationFilter filter = hst();
    filter.idContains = QStringLiteral("abc");
    for (auto _ : state)
        benchmark::DoNotOptimize(s.count(filter));
}

// A common substring's count reads the whole collection: no index can count a third of a million rows faster.
void BM_CountContainsCommon(benchmark::State &state)
{
    const store::ObservationStore s = observations();
    store::ObservationFilter filter = hst();
    filter.idContains = QStringLiteral("000");
    for (auto _ : state)
        benchmark::DoNotOptimize(s.count(filter));
}

void BM_WindowInstrument(benchmark::State &state)
{
    store::ObservationFilter filter = hst();
    filter.instrument = QStringLiteral("WFC3/IR");
    runWindow(state, filter);
}

void BM_WindowDateRange(benchmark::State &state)
{
    store::ObservationFilter filter = hst();
    filter.modifiedFrom = 1700000000000LL + 300000LL * 1000;
    filter.modifiedTo = 1700000000000LL + 301000LL * 1000;
    runWindow(state, filter);
}

void BM_WindowOnlyDifferences(benchmark::State &state)
{
    store::ObservationFilter filter = hst();
    filter.onlyDifferences = true;
    runWindow(state, filter);
}

void BM_CountFilteredInstrument(benchmark::State &state)
{
    const store::ObservationStore s = observations();
    store::ObservationFilter filter = hst();
    filter.instrument = QStringLiteral("WFC3/IR");
    for (auto _ : state)
        benchmark::DoNotOptimize(s.count(filter));
}

// Children of each level for a rotating set of observations (not one hot row).
void BM_Children(benchmark::State &state)
{
    const store::ObservationStore s = observations();
    const auto rows = s.window(hst(), 200, QStringLiteral("k")).value();
    std::size_t next = 0;
    const auto level = static_cast<int>(state.range(0));
    for (auto _ : state) {
        const store::ObservationSummary &o = rows[next++ % rows.size()];
        store::NodeKind kind = store::NodeKind::Observation;
        qint64 key = o.key;
        std::vector<store::TreeNode> nodes;
        for (int depth = 0; depth <= level; ++depth) {
            nodes = s.children(kind, key, o.key).value();
            if (depth < level) { // descend into the first child
                kind = nodes.front().kind;
                key = nodes.front().key;
            }
        }
        benchmark::DoNotOptimize(nodes);
    }
    state.SetLabel(level == 0       ? "planes of an observation"
                       : level == 1 ? "artifacts of a plane (+ the level above)"
                       : level == 2 ? "parts of an artifact (+ levels above)"
                                    : "chunks of a part (+ levels above)");
}

void BM_LoadDocument(benchmark::State &state)
{
    const store::ObservationStore s = observations();
    const auto rows = s.window(hst(), 200, QStringLiteral("m")).value();
    std::size_t next = 0;
    for (auto _ : state) {
        const store::ObservationSummary &o = rows[next++ % rows.size()];
        benchmark::DoNotOptimize(s.load(o.collection, o.observationID));
    }
}

BENCHMARK(BM_Counts)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Collections)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WindowFirst)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WindowKeysetMiddle)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WindowOffsetMiddle)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WindowPrefix)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WindowContains)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WindowContainsCommon)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CountContains)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CountContainsCommon)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WindowInstrument)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WindowDateRange)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WindowOnlyDifferences)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CountFilteredInstrument)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Children)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoadDocument)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const char *path = std::getenv("MIRROR_BENCH_STORE");
    if (!path) {
        std::fprintf(stderr,
                     "set MIRROR_BENCH_STORE to a store path or URL (see the comment at the top of this file)\n");
        return 2;
    }
    auto location = store::parseStoreLocation(QString::fromLocal8Bit(path));
    auto opened = location ? store::Store::open(location.value())
                           : mirror::Result<std::shared_ptr<store::Store>>(location.error());
    if (!opened) {
        std::fprintf(stderr, "%s\n", opened.error().message.c_str());
        return 2;
    }
    benchStore() = opened.value();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    benchStore().reset();
    return 0;
}
