// The observation browser's models on a large store, as the console drives them: time from setting a
// collection to the first 200 rows being readable, a scroll-bar jump deep into the collection, expand latency
// (fetchMore until the children arrive) at each level of the tree, memory while scrolling through 10,000
// rows a screen at a time, and the first rows of a "contains" filter before its count. Times include the reader
// thread's queries and the queued signals back. Needs an existing store (it is only read):
//   build/bin/caom-sync generate --store /tmp/1m.sqlite --collection HST --count 700000
//   build/bin/caom-sync generate --store /tmp/1m.sqlite --collection JWST --count 300000 --seed 2
//   MIRROR_BENCH_STORE=/tmp/1m.sqlite build/bench/bench_browser_model
#include "models/entity_tree_model.h"
#include "models/model_roles.h"
#include "models/observation_table_model.h"
#include "store/store_reader.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <memory>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

using mirror::models::EntityTreeModel;
using mirror::models::ObservationTableModel;
using mirror::models::RowStatus;
namespace ModelRole = mirror::models::ModelRole;

namespace {

std::shared_ptr<store::Store> &benchStore()
{
    static std::shared_ptr<store::Store> opened;
    return opened;
}

store::ObservationFilter collection(const char *name)
{
    store::ObservationFilter filter;
    filter.collection = QString::fromLatin1(name);
    return filter;
}

const char *collectionName(std::int64_t arg)
{
    return arg == 0 ? "HST" : "JWST";
}

// Runs the event loop until `done` holds (checked after every event batch) or 30 s pass.
bool spinUntil(const std::function<bool()> &done)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > 30000)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

bool ready(const QModelIndex &index)
{
    return index.data(ModelRole::RowStatus).toInt() == static_cast<int>(RowStatus::Ready);
}

double residentMiB()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toDouble() * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0)
                             : 0;
}

// CPU time of every thread but this one (the reader's queries), in ms: spinUntil() polls, so this thread's own time
// is mostly the waiting loop.
double readerCpuMs()
{
    rusage process{};
    rusage self{};
    getrusage(RUSAGE_SELF, &process);
    getrusage(RUSAGE_THREAD, &self);
    const auto ms = [](const timeval &t) { return static_cast<double>(t.tv_sec) * 1e3 + t.tv_usec / 1e3; };
    return ms(process.ru_utime) + ms(process.ru_stime) - ms(self.ru_utime) - ms(self.ru_stime);
}

// Setting a collection on a fresh table model until its first 200 rows are readable (count and first window
// arrived). Arg 0: HST (700k), 1: JWST (300k). Arg 1 of the second pair: a new reader (thread + connection)
// per iteration, as when the console opens a store.
void BM_TableFirstRows(benchmark::State &state)
{
    auto shared = std::make_unique<store::StoreReader>(benchStore());
    const store::ObservationFilter filter = collection(collectionName(state.range(0)));
    const bool coldReader = state.range(1) != 0;
    qint64 rows = 0;
    for (auto _ : state) {
        std::unique_ptr<store::StoreReader> own =
            coldReader ? std::make_unique<store::StoreReader>(benchStore()) : nullptr;
        ObservationTableModel model(coldReader ? own.get() : shared.get());
        bool first = false;
        QObject::connect(&model, &ObservationTableModel::firstRowsLoaded, &model, [&first] { first = true; });
        QElapsedTimer timer;
        timer.start();
        model.setFilter(filter);
        if (!spinUntil([&] { return first; })) {
            state.SkipWithError("no rows within 30 s");
            return;
        }
        const qint64 ns = timer.nsecsElapsed();
        // All 200 are there without further reading.
        for (int row = 0; row < std::min(200, model.rowCount()); ++row)
            if (!model.summaryAt(row)) {
                state.SkipWithError("first window incomplete");
                return;
            }
        state.SetIterationTime(static_cast<double>(ns) / 1e9);
        rows = model.rowCount();
    }
    state.counters["rows"] = static_cast<double>(rows);
}

// The same for the browser's tree, whose top level is the windowed observation list.
void BM_TreeFirstRows(benchmark::State &state)
{
    store::StoreReader reader(benchStore());
    const store::ObservationFilter filter = collection(collectionName(state.range(0)));
    for (auto _ : state) {
        EntityTreeModel model(&reader);
        bool first = false;
        QObject::connect(&model, &EntityTreeModel::firstRowsLoaded, &model, [&first] { first = true; });
        QElapsedTimer timer;
        timer.start();
        model.setFilter(filter);
        if (!spinUntil([&] { return first; })) {
            state.SkipWithError("no rows within 30 s");
            return;
        }
        state.SetIterationTime(static_cast<double>(timer.nsecsElapsed()) / 1e9);
    }
}

// Typing an observationID filter that matches by "contains" on HST, as the browser sets it: time until the first
// 200 rows are readable (the timed figure) and until the exact count is in (count_ms). The first window is read
// before the count, so a text that a quarter of the collection contains shows its rows long before it is counted.
// Arg 0: "000" (common: 262,596 of the 1,128,000 of /work/bench-data/search.sqlite), 1: "abc" (rare: 872).
// Each iteration waits for the count too, so the next one does not queue behind it; cpu_* are the CPU time of the
// threads other than this one (the reader's queries), user + system.
void BM_TableContainsBeforeCount(benchmark::State &state)
{
    store::StoreReader reader(benchStore());
    store::ObservationFilter filter = collection("HST");
    filter.idContains = state.range(0) == 0 ? QStringLiteral("000") : QStringLiteral("abc");
    double countMs = 0;
    double firstCpuMs = 0;
    double countCpuMs = 0;
    qint64 rows = 0;
    for (auto _ : state) {
        ObservationTableModel model(&reader);
        qint64 firstNs = -1;
        qint64 countNs = -1;
        double firstCpu = 0;
        double countCpu = 0;
        QElapsedTimer timer;
        QObject::connect(&model, &ObservationTableModel::firstRowsLoaded, &model, [&] {
            firstNs = timer.nsecsElapsed();
            firstCpu = readerCpuMs();
        });
        QObject::connect(&model, &ObservationTableModel::countLoaded, &model, [&](qint64 count) {
            countNs = timer.nsecsElapsed();
            countCpu = readerCpuMs();
            rows = count;
        });
        const double cpu = readerCpuMs();
        timer.start();
        model.setFilter(filter);
        if (!spinUntil([&] { return firstNs >= 0 && countNs >= 0; })) {
            state.SkipWithError("no rows or no count within 30 s");
            return;
        }
        for (int row = 0; row < std::min(200, model.rowCount()); ++row)
            if (!model.summaryAt(row)) {
                state.SkipWithError("first window incomplete");
                return;
            }
        state.SetIterationTime(static_cast<double>(firstNs) / 1e9);
        countMs += static_cast<double>(countNs) / 1e6;
        firstCpuMs += firstCpu - cpu;
        countCpuMs += countCpu - cpu;
    }
    const auto n = static_cast<double>(state.iterations());
    state.counters["count_ms"] = countMs / n;
    state.counters["cpu_first_ms"] = firstCpuMs / n;
    state.counters["cpu_count_ms"] = countCpuMs / n;
    state.counters["matches"] = static_cast<double>(rows);
}

// A scroll-bar jump: the view asks for a row far from anything read (OFFSET paging), until it is readable.
// Arg: the row.
void BM_TableJump(benchmark::State &state)
{
    store::StoreReader reader(benchStore());
    ObservationTableModel model(&reader);
    bool counted = false; // the rows far down exist once the count is in (the first rows may come before it)
    QObject::connect(&model, &ObservationTableModel::countLoaded, &model, [&counted] { counted = true; });
    model.setFilter(collection("HST"));
    if (!spinUntil([&] { return counted; })) {
        state.SkipWithError("no count within 30 s");
        return;
    }
    int target = static_cast<int>(state.range(0));
    for (auto _ : state) {
        const QModelIndex index = model.index(target, 0);
        QElapsedTimer timer;
        timer.start();
        if (!spinUntil([&] { return ready(index); })) {
            state.SkipWithError("row not read within 30 s");
            return;
        }
        state.SetIterationTime(static_cast<double>(timer.nsecsElapsed()) / 1e9);
        target += 997 * 200; // a different window next time, never cached
        if (target >= model.rowCount())
            target = static_cast<int>(state.range(0)) + 200;
    }
}

// fetchMore on a row of the tree until its children arrive. Arg: depth (0: an observation's planes, 1: a plane's
// artifacts, 2: an artifact's parts, 3: a part's chunks). Every iteration expands a different node.
void BM_TreeExpand(benchmark::State &state)
{
    store::StoreReader reader(benchStore());
    EntityTreeModel model(&reader);
    bool first = false;
    QObject::connect(&model, &EntityTreeModel::firstRowsLoaded, &model, [&first] { first = true; });
    model.setFilter(collection("HST"));
    if (!spinUntil([&] { return first; })) {
        state.SkipWithError("no rows within 30 s");
        return;
    }
    const int depth = static_cast<int>(state.range(0));
    auto expand = [&](const QModelIndex &parent) {
        if (model.canFetchMore(parent))
            model.fetchMore(parent);
        return spinUntil([&] { return !model.isLoading(parent); });
    };
    int observationRow = 0;
    for (auto _ : state) {
        state.PauseTiming();
        // Walk down to a node of the wanted depth whose children were never read (the last level unexpanded).
        QModelIndex node;
        while (!node.isValid()) {
            QModelIndex current = model.index(observationRow++, 0);
            spinUntil([&] { return ready(current); });
            for (int level = 0; level < depth && current.isValid(); ++level) {
                expand(current);
                QModelIndex next;
                for (int row = 0; row < model.rowCount(current) && !next.isValid(); ++row)
                    if (model.hasChildren(model.index(row, 0, current)))
                        next = model.index(row, 0, current);
                current = next;
            }
            if (current.isValid() && model.canFetchMore(current))
                node = current;
        }
        state.ResumeTiming();
        QElapsedTimer timer;
        timer.start();
        model.fetchMore(node);
        if (!spinUntil([&] { return !model.isLoading(node); })) {
            state.SkipWithError("children not read within 30 s");
            return;
        }
        state.SetIterationTime(static_cast<double>(timer.nsecsElapsed()) / 1e9);
    }
}

// Scrolling through 10,000 rows a screen (50 rows, every column) at a time, waiting for each screen to be
// readable as a view repaints: resident memory before and after, and the time per screen (a stall is a slow one).
void BM_TableScrollMemory(benchmark::State &state)
{
    constexpr int screen = 50;
    const int total = static_cast<int>(state.range(0));
    for (auto _ : state) {
        store::StoreReader reader(benchStore());
        ObservationTableModel model(&reader);
        bool first = false;
        QObject::connect(&model, &ObservationTableModel::firstRowsLoaded, &model, [&first] { first = true; });
        model.setFilter(collection("HST"));
        if (!spinUntil([&] { return first; })) {
            state.SkipWithError("no rows within 30 s");
            return;
        }
        const double before = residentMiB();
        std::vector<double> screenMs;
        QElapsedTimer all;
        all.start();
        for (int top = 0; top < total; top += screen) {
            QElapsedTimer timer;
            timer.start();
            auto paint = [&] {
                bool complete = true;
                for (int row = top; row < top + screen; ++row)
                    for (int column = 0; column < ObservationTableModel::ColumnCount; ++column) {
                        const QModelIndex index = model.index(row, column);
                        benchmark::DoNotOptimize(index.data());
                        complete = complete && ready(index);
                    }
                return complete;
            };
            if (!spinUntil(paint)) {
                state.SkipWithError("screen not read within 30 s");
                return;
            }
            screenMs.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        }
        state.SetIterationTime(static_cast<double>(all.nsecsElapsed()) / 1e9);
        const double after = residentMiB();
        std::sort(screenMs.begin(), screenMs.end());
        state.counters["rss_before_MiB"] = before;
        state.counters["rss_after_MiB"] = after;
        state.counters["rss_delta_MiB"] = after - before;
        state.counters["windows_kept"] = model.windowsInMemory();
        state.counters["screen_p50_ms"] = screenMs[screenMs.size() / 2];
        state.counters["screen_p99_ms"] = screenMs[screenMs.size() * 99 / 100];
        state.counters["screen_max_ms"] = screenMs.back();
    }
}

// The same through the tree's top level.
void BM_TreeScrollMemory(benchmark::State &state)
{
    constexpr int screen = 50;
    const int total = static_cast<int>(state.range(0));
    for (auto _ : state) {
        store::StoreReader reader(benchStore());
        EntityTreeModel model(&reader);
        bool first = false;
        QObject::connect(&model, &EntityTreeModel::firstRowsLoaded, &model, [&first] { first = true; });
        model.setFilter(collection("HST"));
        if (!spinUntil([&] { return first; })) {
            state.SkipWithError("no rows within 30 s");
            return;
        }
        const double before = residentMiB();
        QElapsedTimer all;
        all.start();
        double worst = 0;
        for (int top = 0; top < total; top += screen) {
            QElapsedTimer timer;
            timer.start();
            auto paint = [&] {
                bool complete = true;
                for (int row = top; row < top + screen; ++row)
                    for (int column = 0; column < EntityTreeModel::ColumnCount; ++column) {
                        const QModelIndex index = model.index(row, column);
                        benchmark::DoNotOptimize(index.data());
                        benchmark::DoNotOptimize(model.hasChildren(index));
                        complete = complete && ready(index);
                    }
                return complete;
            };
            if (!spinUntil(paint)) {
                state.SkipWithError("screen not read within 30 s");
                return;
            }
            worst = std::max(worst, static_cast<double>(timer.nsecsElapsed()) / 1e6);
        }
        state.SetIterationTime(static_cast<double>(all.nsecsElapsed()) / 1e9);
        const double after = residentMiB();
        state.counters["rss_before_MiB"] = before;
        state.counters["rss_after_MiB"] = after;
        state.counters["rss_delta_MiB"] = after - before;
        state.counters["windows_kept"] = model.windowsInMemory();
        state.counters["screen_max_ms"] = worst;
    }
}

BENCHMARK(BM_TableFirstRows)
    ->ArgsProduct({{0, 1}, {0, 1}})
    ->ArgNames({"jwst", "coldReader"})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TableContainsBeforeCount)->Arg(0)->Arg(1)->ArgName("rare")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TreeFirstRows)->Arg(0)->Arg(1)->ArgName("jwst")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TableJump)
    ->Arg(350000)
    ->Arg(690000)
    ->ArgName("row")
    ->Iterations(8)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TreeExpand)->DenseRange(0, 3)->ArgName("depth")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TableScrollMemory)
    ->Arg(10000)
    ->Arg(50000)
    ->ArgName("rows")
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TreeScrollMemory)
    ->Arg(10000)
    ->ArgName("rows")
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

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
