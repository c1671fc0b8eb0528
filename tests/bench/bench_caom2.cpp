// Throughput of the CAOM2 library on the sample set (tests/data/*.xml): read, read + verify every checksum,
// checksum alone, write. Bytes/s counts XML bytes; items/s counts observations.
//   build/bench/bench_caom2 --benchmark_min_time=2
#include "caom2/checksum.h"
#include "caom2/xml_reader.h"
#include "caom2/xml_writer.h"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

struct Sample {
    std::string name;
    std::string xml;
};

// Every sample the reader accepts (one 2.2 document uses a shape the reference refuses too).
const std::vector<Sample> &samples()
{
    static const std::vector<Sample> loaded = [] {
        std::vector<Sample> result;
        for (const auto &entry : std::filesystem::directory_iterator(MIRROR_TEST_DATA_DIR)) {
            if (entry.path().extension() != ".xml")
                continue;
            std::ifstream in(entry.path(), std::ios::binary);
            std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            if (caom2::readObservation(xml).ok)
                result.push_back({entry.path().filename().string(), std::move(xml)});
        }
        return result;
    }();
    return loaded;
}

std::int64_t totalBytes()
{
    std::int64_t bytes = 0;
    for (const Sample &s : samples())
        bytes += static_cast<std::int64_t>(s.xml.size());
    return bytes;
}

void BM_Read(benchmark::State &state)
{
    for (auto _ : state)
        for (const Sample &s : samples())
            benchmark::DoNotOptimize(caom2::readObservation(s.xml));
    state.SetBytesProcessed(state.iterations() * totalBytes());
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(samples().size()));
}

void BM_ReadAndVerify(benchmark::State &state)
{
    for (auto _ : state) {
        for (const Sample &s : samples()) {
            const caom2::ReadResult read = caom2::readObservation(s.xml);
            benchmark::DoNotOptimize(caom2::verifyChecksums(read.document.observation));
        }
    }
    state.SetBytesProcessed(state.iterations() * totalBytes());
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(samples().size()));
}

void BM_ChecksumOnly(benchmark::State &state)
{
    std::vector<caom2::Observation> observations;
    for (const Sample &s : samples())
        observations.push_back(caom2::readObservation(s.xml).document.observation);
    for (auto _ : state)
        for (const caom2::Observation &o : observations)
            benchmark::DoNotOptimize(caom2::accDigest(o));
    state.SetBytesProcessed(state.iterations() * totalBytes());
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(observations.size()));
}

void BM_Write24(benchmark::State &state)
{
    std::vector<caom2::Observation> observations;
    for (const Sample &s : samples())
        observations.push_back(caom2::readObservation(s.xml).document.observation);
    std::int64_t written = 0;
    for (auto _ : state) {
        for (const caom2::Observation &o : observations) {
            const caom2::WriteResult result = caom2::writeObservation(o);
            written += static_cast<std::int64_t>(result.xml.size());
            benchmark::DoNotOptimize(result);
        }
    }
    state.SetBytesProcessed(written);
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(observations.size()));
}

BENCHMARK(BM_Read)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadAndVerify)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ChecksumOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Write24)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
