#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, AddressSanitizer + UndefinedBehaviorSanitizer) in build-fuzz/ and runs
# each for SECONDS (default 20) from its seed corpus in tests/fuzz/corpus/TARGET (copied: the repository's
# corpus is not changed). A crash, leak, sanitizer report or timeout fails the run and leaves the input that
# caused it in build-fuzz/fuzz/findings/. Usage: packaging/run-fuzzers.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-20}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(caom_xml listings capabilities icewind artifact_path settings serve_request)

build=build-fuzz
mkdir -p "$build"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    "${launcher[@]}" -DMIRROR_FUZZ=ON -DBUILD_TESTING=OFF -DMIRROR_BUILD_BENCHMARKS=OFF \
    "-DMIRROR_SANITIZE=address;undefined;fuzzer-no-link" >"$build/configure.log" 2>&1 ||
    { cat "$build/configure.log" >&2; exit 1; }
cmake --build "$build" --target "${targets[@]/#/fuzz_}"

findings=$build/fuzz/findings
mkdir -p "$findings"
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
status=0
for target in "${targets[@]}"; do
    work=$(mktemp -d)
    cp -r "tests/fuzz/corpus/$target/." "$work/" 2>/dev/null || true
    echo "run-fuzzers: $target for ${seconds}s ($(find "$work" -type f | wc -l) seed inputs)"
    if ! "$build/fuzz/fuzz_$target" "$work" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=262144 -print_final_stats=1 -artifact_prefix="$findings/$target-" >"$build/fuzz/$target.log" 2>&1; then
        echo "run-fuzzers: $target FAILED; the input is in $findings, the log in $build/fuzz/$target.log" >&2
        tail -n 40 "$build/fuzz/$target.log" >&2
        status=1
    fi
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|cov: ' "$build/fuzz/$target.log" | tail -n 3 | sed "s/^/  /"
    rm -rf "$work"
done
exit $status
