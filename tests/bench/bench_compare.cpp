// The Compare tab's work off the GUI thread: aligning two documents line against line (5,000 lines, a few
// differing or none in common), and a whole comparison of two copies (tree, fields, checksums, documents).
// Results in docs/benchmarks.md.
#include "caom2/checksum.h"
#include "caom2/generator.h"
#include "models/compare_line_diff.h"
#include "models/compare_outcome.h"

#include <benchmark/benchmark.h>

namespace {

QStringList document(int lines)
{
    QStringList out;
    for (int i = 0; i < lines; ++i)
        out << QStringLiteral("    <caom2:value n=\"%1\">%2</caom2:value>").arg(i).arg(i * 7 % 13);
    return out;
}

void BM_AlignLinesFewDifferences(benchmark::State &state)
{
    const QStringList left = document(5000);
    QStringList right = left;
    for (int i = 0; i < state.range(0); ++i)
        right[(i * 977 + 100) % 5000] = QStringLiteral("changed %1").arg(i);
    for (auto _ : state)
        benchmark::DoNotOptimize(mirror::models::alignLines(left, right));
}
BENCHMARK(BM_AlignLinesFewDifferences)->Arg(10)->Arg(200)->Unit(benchmark::kMillisecond);

void BM_AlignLinesNothingInCommon(benchmark::State &state)
{
    const QStringList left = document(5000);
    QStringList right;
    for (int i = 0; i < 5000; ++i)
        right << QStringLiteral("other %1").arg(i);
    for (auto _ : state)
        benchmark::DoNotOptimize(mirror::models::alignLines(left, right));
}
BENCHMARK(BM_AlignLinesNothingInCommon)->Unit(benchmark::kMillisecond);

void BM_CompareTwoCopies(benchmark::State &state)
{
    caom2::GeneratorOptions options;
    options.collection = "HST";
    const caom2::Observation ours = caom2::generateObservation(options, 3);
    caom2::Observation theirs = ours;
    theirs.planes.front().provenance->version = "99";
    caom2::assignChecksums(theirs);
    mirror::models::CompareRequest request;
    request.collection = QStringLiteral("HST");
    request.observationID = QString::fromStdString(ours.observationID);
    const auto local = mirror::models::copyFromObservation(QStringLiteral("local"), ours);
    const auto partner = mirror::models::copyFromObservation(QStringLiteral("MAST"), theirs);
    for (auto _ : state)
        benchmark::DoNotOptimize(mirror::models::compareCopies(request, {local, partner}));
}
BENCHMARK(BM_CompareTwoCopies)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
