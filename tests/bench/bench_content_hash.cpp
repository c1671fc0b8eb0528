// How fast a download can verify what it receives: MD5 over 64 KiB pieces (the size libcurl hands a write
// callback at most), with OpenSSL's EVP (artifact::ContentHash, what downloads and validate use) and with Qt's
// QCryptographicHash (what they used before). Results in docs/benchmarks.md.
#include "artifact/content_hash.h"

#include <QCryptographicHash>

#include <benchmark/benchmark.h>

#include <string>

namespace {

const std::string &piece()
{
    static const std::string bytes = [] {
        std::string b(64 * 1024, '\0');
        for (std::size_t i = 0; i < b.size(); ++i)
            b[i] = char((i * 2654435761u) >> 13);
        return b;
    }();
    return bytes;
}

constexpr int piecesPerFile = 1024; // 64 MiB, the benchmark's large artifact

void BM_Md5OpenSsl(benchmark::State &state)
{
    const std::string &bytes = piece();
    for (auto _ : state) {
        artifact::ContentHash hash(QStringLiteral("md5"));
        for (int i = 0; i < piecesPerFile; ++i)
            hash.addData(bytes.data(), bytes.size());
        benchmark::DoNotOptimize(hash.hexResult());
    }
    state.SetBytesProcessed(state.iterations() * qint64(bytes.size()) * piecesPerFile);
}
BENCHMARK(BM_Md5OpenSsl)->Unit(benchmark::kMillisecond);

void BM_Md5Qt(benchmark::State &state)
{
    const std::string &bytes = piece();
    for (auto _ : state) {
        QCryptographicHash hash(QCryptographicHash::Md5);
        for (int i = 0; i < piecesPerFile; ++i)
            hash.addData(QByteArrayView(bytes.data(), qsizetype(bytes.size())));
        benchmark::DoNotOptimize(hash.result());
    }
    state.SetBytesProcessed(state.iterations() * qint64(bytes.size()) * piecesPerFile);
}
BENCHMARK(BM_Md5Qt)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
