// The repository client against `caom-sync serve` on loopback (two processes, as in production): listing
// throughput (rows/s) and documents fetched per second with connection reuse, with 1, 2 and 4 client
// threads, raw and with parsing plus checksum verification. The store is built once with caom-sync:
// 10,000 generated HST-like observations and the 31 real samples (the "sample size" documents).
//   build/bench/bench_protocol --benchmark_min_time=3
// The 1M-row listing needs a big store (see bench_store_queries.cpp for how to generate it):
//   MIRROR_BENCH_STORE=/work/bench-data/1m.sqlite build/bench/bench_protocol --benchmark_filter=Million
#include "background_program.h"
#include "cli_runner.h"

#include "caom2/checksum.h"
#include "caom2/xml_reader.h"
#include "net/repository_client.h"
#include "net/service_locator.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QDir>
#include <QTemporaryDir>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>

namespace {

constexpr int generatedCount = 10000;

struct Fixture {
    QTemporaryDir dir;
    testsupport::BackgroundProgram serve;
    net::ServiceEndpoints endpoints;
    std::vector<net::StateRow> generated; // the BENCH collection's rows
    std::vector<net::StateRow> samples;   // every row of the sample collections
    std::string error;
};

net::HttpOptions options()
{
    net::HttpOptions http;
    http.totalTimeout = std::chrono::milliseconds(600000);
    return http;
}

std::vector<net::StateRow> listAll(net::RepositoryClient &client, const std::string &collection)
{
    std::vector<net::StateRow> rows;
    net::ListingQuery query;
    query.collection = collection;
    auto listed = client.listObservations(query, [&](const net::StateRow &row) {
        rows.push_back(row);
        return true;
    });
    return listed ? rows : std::vector<net::StateRow>();
}

bool startOn(Fixture &fixture, const QString &store)
{
    const QString capabilities = testsupport::startServe(fixture.serve, store);
    if (capabilities.isEmpty()) {
        fixture.error = fixture.serve.error().toStdString();
        return false;
    }
    net::ServiceLocator locator(options());
    net::EndpointSpec spec;
    spec.value = capabilities.toStdString();
    auto endpoints = locator.locate(spec, net::AuthMethod::Anonymous);
    if (!endpoints) {
        fixture.error = endpoints.error().message;
        return false;
    }
    fixture.endpoints = *endpoints;
    return true;
}

Fixture &smallFixture()
{
    static Fixture fixture;
    static std::once_flag once;
    std::call_once(once, [] {
        const QString store = fixture.dir.filePath(QStringLiteral("bench.sqlite"));
        auto generated = testsupport::runCaomSync({QStringLiteral("generate"), QStringLiteral("--store"), store,
                                                   QStringLiteral("--collection"), QStringLiteral("BENCH"),
                                                   QStringLiteral("--count"), QString::number(generatedCount)},
                                                  600000);
        QStringList import{QStringLiteral("import"), QStringLiteral("--store"), store};
        const QDir data(QStringLiteral(MIRROR_TEST_DATA_DIR));
        for (const QString &name : data.entryList({QStringLiteral("*.xml")}))
            import << data.filePath(name);
        testsupport::runCaomSync(import);
        if (generated.exitCode != 0) {
            fixture.error = "caom-sync generate failed: " + generated.err.toStdString();
            return;
        }
        if (!startOn(fixture, store))
            return;
        net::RepositoryClient client(fixture.endpoints, options());
        fixture.generated = listAll(client, "BENCH");
        auto collections = client.listCollections();
        for (const auto &collection : collections ? *collections : std::vector<std::string>())
            if (collection != "BENCH")
                for (auto &row : listAll(client, collection))
                    fixture.samples.push_back(std::move(row));
    });
    return fixture;
}

void listCollection(benchmark::State &state, Fixture &fixture, const std::vector<std::string> &collections)
{
    net::RepositoryClient client(fixture.endpoints, options());
    std::int64_t rows = 0;
    std::int64_t bytes = 0;
    for (auto _ : state) {
        for (const auto &collection : collections) {
            // Paged as a harvester pages: the server's cap, the next page from the last row's timestamp.
            net::ListingQuery query;
            query.collection = collection;
            query.maxRecords = 100000;
            for (;;) {
                std::int64_t pageRows = 0;
                std::optional<std::int64_t> last;
                auto listed = client.listObservations(query, [&](const net::StateRow &row) {
                    ++pageRows;
                    last = row.maxLastModified;
                    return true;
                });
                if (!listed) {
                    state.SkipWithError(listed.error().message.c_str());
                    return;
                }
                rows += pageRows;
                bytes += listed->bytes;
                if (pageRows < query.maxRecords || !last)
                    break;
                query.start = *last + 1; // generated timestamps are distinct
            }
        }
    }
    state.SetItemsProcessed(rows);
    state.SetBytesProcessed(bytes);
}

void BM_ListGenerated(benchmark::State &state)
{
    Fixture &fixture = smallFixture();
    if (!fixture.error.empty()) {
        state.SkipWithError(fixture.error.c_str());
        return;
    }
    listCollection(state, fixture, {"BENCH"});
}
BENCHMARK(BM_ListGenerated)->Unit(benchmark::kMillisecond)->UseRealTime();

// Each thread its own client (one connection each), walking the rows from its own offset.
void fetchDocuments(benchmark::State &state, const std::vector<net::StateRow> &rows, bool parse)
{
    Fixture &fixture = smallFixture();
    if (!fixture.error.empty() || rows.empty()) {
        state.SkipWithError(fixture.error.empty() ? "no rows listed" : fixture.error.c_str());
        return;
    }
    net::RepositoryClient client(fixture.endpoints, options());
    std::size_t next = static_cast<std::size_t>(state.thread_index()) * 997;
    std::int64_t bytes = 0;
    for (auto _ : state) {
        const auto &row = rows[next++ % rows.size()];
        auto fetched = client.getObservation(row.collection, row.observationID);
        if (!fetched || !fetched->has_value()) {
            state.SkipWithError(fetched ? "document missing" : fetched.error().message.c_str());
            return;
        }
        bytes += static_cast<std::int64_t>((*fetched)->xml.size());
        if (parse) {
            const auto read = caom2::readObservation((*fetched)->xml);
            if (!read.ok || !caom2::verifyChecksums(read.document.observation).ok()) {
                state.SkipWithError("document does not verify");
                return;
            }
        }
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(bytes);
}

void BM_FetchGenerated(benchmark::State &state)
{
    fetchDocuments(state, smallFixture().generated, false);
}
void BM_FetchGeneratedVerified(benchmark::State &state)
{
    fetchDocuments(state, smallFixture().generated, true);
}
void BM_FetchSamples(benchmark::State &state)
{
    fetchDocuments(state, smallFixture().samples, false);
}
void BM_FetchSamplesVerified(benchmark::State &state)
{
    fetchDocuments(state, smallFixture().samples, true);
}
BENCHMARK(BM_FetchGenerated)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();
BENCHMARK(BM_FetchGeneratedVerified)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();
BENCHMARK(BM_FetchSamples)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();
BENCHMARK(BM_FetchSamplesVerified)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();

// Every row of a big store (MIRROR_BENCH_STORE), both collections, paged by 100,000.
void BM_ListMillion(benchmark::State &state)
{
    static Fixture fixture;
    static std::once_flag once;
    const char *path = std::getenv("MIRROR_BENCH_STORE");
    if (!path) {
        state.SkipWithError("set MIRROR_BENCH_STORE to a store with a million observations");
        return;
    }
    std::call_once(once, [&] { startOn(fixture, QString::fromLocal8Bit(path)); });
    if (!fixture.error.empty()) {
        state.SkipWithError(fixture.error.c_str());
        return;
    }
    net::RepositoryClient client(fixture.endpoints, options());
    auto collections = client.listCollections();
    listCollection(state, fixture, collections ? *collections : std::vector<std::string>());
}
BENCHMARK(BM_ListMillion)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

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
