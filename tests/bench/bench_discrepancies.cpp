// The Discrepancies view's list on a store with 250,000 findings, driven the way the view drives it: the list
// model (windows of 200 rows) and the class counts, both read through one store::DiscrepancyReader on Qt's thread
// pool with the answers coming back as queued signals. Each case is timed from the operator's action until what the
// view shows after it is readable:
//   first rows    a fresh list: the count and the first 200 rows of every class, newest first;
//   toggle        one class turned off: the count, the first 200 rows, and the per-class counts of the toggles;
//   sort          another column's order (arg: 0 observation, 1 class, 2 partner): the count and first 200 rows;
//   text filter   part of the observation ID typed (and the per-class counts, which follow every filter).
// The store is made once (a temporary SQLite file, or MIRROR_BENCH_STORE when it names one, filled if empty):
//   build/bench/bench_discrepancies
//   MIRROR_BENCH_STORE=/tmp/discrepancies.sqlite build/bench/bench_discrepancies   # keeps the store for reruns
#include "models/discrepancy_list_model.h"
#include "store/discrepancy_reader.h"
#include "store/discrepancy_store.h"
#include "store/store.h"
#include "store/store_location.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>

#include <cstdlib>
#include <functional>
#include <memory>

using mirror::models::DiscrepancyListModel;

namespace {

constexpr int kFindings = 250'000;
constexpr int kWindow = 200;

std::shared_ptr<store::Store> &benchStore()
{
    static std::shared_ptr<store::Store> opened;
    return opened;
}

bool spinUntil(const std::function<bool()> &done)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > 60000)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

// 250,000 findings over three partners and two collections, in the proportions a large validate leaves: half
// checksum differences, the rest missing on either side, timestamp-only and pending; found over thirty days.
bool fill(const std::shared_ptr<store::Store> &store)
{
    const std::vector<std::pair<store::DiscrepancyClass, int>> classes{{store::DiscrepancyClass::ChecksumDiffers, 50},
                                                                       {store::DiscrepancyClass::MissingLocally, 15},
                                                                       {store::DiscrepancyClass::MissingRemotely, 15},
                                                                       {store::DiscrepancyClass::TimestampDiffers, 10},
                                                                       {store::DiscrepancyClass::Pending, 10}};
    const QStringList sources{QStringLiteral("MAST"), QStringLiteral("CADC"), QStringLiteral("ESDC")};
    const QStringList collections{QStringLiteral("HST"), QStringLiteral("JWST")};
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - 30LL * 86'400'000;
    constexpr int batch = 25'000;
    for (int first = 0; first < kFindings; first += batch) {
        const qint64 when = start + static_cast<qint64>(first) * 10'000;
        store::DiscrepancyStore writer(store, [when] { return when; });
        std::vector<store::Discrepancy> found;
        found.reserve(batch);
        for (int i = first; i < first + batch; ++i) {
            store::Discrepancy d;
            d.source = sources[i % sources.size()];
            d.collection = collections[(i / 3) % collections.size()];
            d.observationID = QStringLiteral("o%1_%2").arg((i * 7919) % 1'000'003, 7, 10, QLatin1Char('0')).arg(i % 10);
            int pick = i % 100;
            for (const auto &[cls, share] : classes) {
                if (pick < share) {
                    d.cls = cls;
                    break;
                }
                pick -= share;
            }
            d.localChecksum = QStringLiteral("md5:%1").arg(i, 32, 16, QLatin1Char('0'));
            d.remoteChecksum = QStringLiteral("md5:%1").arg(i + 1, 32, 16, QLatin1Char('0'));
            found.push_back(std::move(d));
        }
        if (auto added = writer.add(found); !added) {
            fprintf(stderr, "cannot fill the store: %s\n", added.error().message.c_str());
            return false;
        }
    }
    return true;
}

// The model with the view's default filter (every class, newest first) and its first rows read.
struct ListUnderTest {
    store::DiscrepancyReader reader{benchStore()};
    DiscrepancyListModel model;
    store::ClassCounts counts;
    bool countsArrived = false;
    quint64 countsToken = 0;
    // When each part arrived, ms after the action: the count, the first rows, the class counts.
    double countMs = 0, rowsMs = 0, countsMs = 0;

    ListUnderTest()
    {
        model.setReader(&reader);
        QObject::connect(&reader, &store::DiscrepancyReader::classCountsLoaded, &model,
                         [this](quint64 token, const store::ClassCounts &loaded) {
                             if (token == countsToken) {
                                 counts = loaded;
                                 countsArrived = true;
                             }
                         });
    }
    // Sets the filter as the view does (list and toggle counts together) and waits for what the view then shows.
    bool apply(const store::DiscrepancyFilter &filter, bool withCounts)
    {
        counts.clear();
        countsArrived = false;
        model.setFilter(filter);
        if (withCounts) {
            countsToken = reader.newToken();
            reader.requestClassCounts(countsToken, filter);
        }
        return shown(withCounts);
    }
    bool shown(bool withCounts)
    {
        QElapsedTimer since;
        since.start();
        countMs = rowsMs = countsMs = -1;
        const bool ok = spinUntil([&] {
            const double now = static_cast<double>(since.nsecsElapsed()) / 1e6;
            if (countMs < 0 && model.countKnown())
                countMs = now;
            if (countsMs < 0 && countsArrived)
                countsMs = now;
            if (!model.countKnown())
                return false;
            const int last = std::min(kWindow, model.rowCount()) - 1;
            if (rowsMs < 0 && (last < 0 || (model.rowAt(0) && model.rowAt(last))))
                rowsMs = now;
            return rowsMs >= 0 && (!withCounts || countsArrived);
        });
        return ok;
    }
};

// The parts' arrival times of the last iteration, as counters (ms).
void partCounters(benchmark::State &state, const ListUnderTest &list)
{
    state.counters["count_ms"] = list.countMs;
    state.counters["rows_ms"] = list.rowsMs;
    if (list.countsMs >= 0)
        state.counters["counts_ms"] = list.countsMs;
}

void BM_FirstRows(benchmark::State &state)
{
    qint64 rows = 0;
    for (auto _ : state) {
        ListUnderTest list;
        QElapsedTimer timer;
        timer.start();
        if (!list.apply({}, true)) {
            state.SkipWithError("no rows within 60 s");
            return;
        }
        state.SetIterationTime(static_cast<double>(timer.nsecsElapsed()) / 1e9);
        rows = list.model.rowCount();
        partCounters(state, list);
    }
    state.counters["rows"] = static_cast<double>(rows);
}

void BM_ToggleClass(benchmark::State &state)
{
    ListUnderTest list;
    if (!list.apply({}, true)) {
        state.SkipWithError("no rows within 60 s");
        return;
    }
    bool off = false;
    qint64 rows = 0;
    for (auto _ : state) {
        store::DiscrepancyFilter filter;
        off = !off;
        if (off) // checksum differences hidden: the other four toggles stay on
            filter.classes = QStringList{QStringLiteral("missing-locally"), QStringLiteral("missing-remotely"),
                                         QStringLiteral("timestamp-differs"), QStringLiteral("pending")};
        QElapsedTimer timer;
        timer.start();
        if (!list.apply(filter, true)) {
            state.SkipWithError("no rows within 60 s");
            return;
        }
        state.SetIterationTime(static_cast<double>(timer.nsecsElapsed()) / 1e9);
        rows = list.model.rowCount();
        partCounters(state, list);
    }
    state.counters["rows"] = static_cast<double>(rows);
}

void BM_SortChange(benchmark::State &state)
{
    ListUnderTest list;
    if (!list.apply({}, false)) {
        state.SkipWithError("no rows within 60 s");
        return;
    }
    const int column = state.range(0) == 0 ? DiscrepancyListModel::Observation
        : state.range(0) == 1              ? DiscrepancyListModel::Class
                                           : DiscrepancyListModel::Partner;
    bool ascending = false;
    for (auto _ : state) {
        ascending = !ascending;
        QElapsedTimer timer;
        timer.start();
        list.model.sort(column, ascending ? Qt::AscendingOrder : Qt::DescendingOrder);
        if (!list.shown(false)) {
            state.SkipWithError("no rows within 60 s");
            return;
        }
        state.SetIterationTime(static_cast<double>(timer.nsecsElapsed()) / 1e9);
        partCounters(state, list);
    }
}

void BM_TextFilter(benchmark::State &state)
{
    ListUnderTest list;
    if (!list.apply({}, true)) {
        state.SkipWithError("no rows within 60 s");
        return;
    }
    const QStringList typed{QStringLiteral("o12"), QStringLiteral("0042"), QStringLiteral("99_7")};
    int next = 0;
    qint64 rows = 0;
    for (auto _ : state) {
        store::DiscrepancyFilter filter;
        filter.text = typed[next++ % typed.size()];
        QElapsedTimer timer;
        timer.start();
        if (!list.apply(filter, true)) {
            state.SkipWithError("no rows within 60 s");
            return;
        }
        state.SetIterationTime(static_cast<double>(timer.nsecsElapsed()) / 1e9);
        rows = list.model.rowCount();
        partCounters(state, list);
    }
    state.counters["rows"] = static_cast<double>(rows);
}

BENCHMARK(BM_FirstRows)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_ToggleClass)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(6);
BENCHMARK(BM_SortChange)->Arg(0)->Arg(1)->Arg(2)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(6);
BENCHMARK(BM_TextFilter)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(6);

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    store::StoreLocation location;
    location.engine = store::Engine::SQLite;
    const QByteArray named = qgetenv("MIRROR_BENCH_STORE");
    location.sqlitePath =
        named.isEmpty() ? dir.filePath(QStringLiteral("discrepancies.sqlite")) : QString::fromUtf8(named);
    auto opened = store::Store::open(location);
    if (!opened) {
        fprintf(stderr, "cannot open the store: %s\n", opened.error().message.c_str());
        return 2;
    }
    benchStore() = opened.value();
    auto existing = store::DiscrepancyQuery(benchStore()).count({});
    if (!existing) {
        fprintf(stderr, "cannot count the findings: %s\n", existing.error().message.c_str());
        return 2;
    }
    if (*existing < kFindings) {
        QElapsedTimer filling;
        filling.start();
        if (!fill(benchStore()))
            return 2;
        fprintf(stderr, "filled %d findings in %.1f s\n", kFindings, static_cast<double>(filling.elapsed()) / 1000.0);
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    benchStore().reset();
    return 0;
}
