#!/bin/sh
# Instructions per pass of BM_ReadAndVerify (bench_caom2) over the samples of tests/data, counted by callgrind:
# docs/benchmarks.md, "Read + verify on one core". Load does not move instruction counts, so this measures the
# read and the verify on a busy machine where wall times do not hold still.
#
# Under valgrind each repetition times a single pass; REPETITIONS passes are counted, plus the samples' first read
# (the benchmark loads them with readObservation before its loop), which is why the read is divided by one more.
# A one-time cost of the first verify (OpenSSL fetching its MD5, before the checksums had their own) is left out.
#
# Usage: tests/bench/read_verify_instructions.sh [BENCH_BINARY] [REPETITIONS]   (defaults: build/bench/bench_caom2, 3)
set -eu
bench=${1:-build/bench/bench_caom2}
repetitions=${2:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" --toggle-collect='*BM_ReadAndVerify*' \
    "$bench" --benchmark_filter='BM_ReadAndVerify$' --benchmark_min_time=0.05 \
    --benchmark_repetitions="$repetitions" >/dev/null 2>"$out/valgrind.log"
callgrind_annotate --inclusive=yes "$out/callgrind.out" >"$out/inclusive.txt" 2>/dev/null

# The inclusive count of the first function whose name matches, 0 when none does.
count() {
    grep -F "$1" "$out/inclusive.txt" | head -n 1 | awk '{ gsub(",", "", $1); print $1 + 0 }'
}
read=$(count '::readObservation(std::basic_string_view')
verify=$(count '::verifyChecksums(')
fetch=$(count 'EVP_MD_fetch')
awk -v r="$read" -v v="$verify" -v f="$fetch" -v n="$repetitions" 'BEGIN {
    readPass = r / (n + 1); verifyPass = (v - f) / n
    printf "per pass over the samples: read %.1f M, verify %.1f M, read + verify %.1f M instructions\n",
        readPass / 1e6, verifyPass / 1e6, (readPass + verifyPass) / 1e6
}'
