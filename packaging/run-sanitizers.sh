#!/usr/bin/env bash
# Builds the tests with a sanitizer, in a build directory of its own, and runs them with ctest. run-tests.sh
# (and so CI) calls it for both kinds; a developer can call it alone.
#
#   packaging/run-sanitizers.sh address [CTEST ARGS...]   build-asan/: AddressSanitizer + UndefinedBehaviorSanitizer
#                                                         (leaks included), every test; GUI tests offscreen
#   packaging/run-sanitizers.sh thread [CTEST ARGS...]    build-tsan/: ThreadSanitizer, the tests labelled "tsan"
#                                                         (store, serve, sync engine, protocol)
# CTEST ARGS (say -R tst_xmlreader, or -L unit) choose the tests; only what they need is built.
#
# Both use the project's compiler (GCC) with -Werror at -O1: fast enough to build on two cores and to keep
# stack traces readable. Only what ctest runs is built (no benchmarks, no screenshot tools, no package).
# A sanitizer report fails the test that caused it: UndefinedBehaviorSanitizer stops at its first report,
# AddressSanitizer always does, ThreadSanitizer makes the program exit with status 66. The programs the tests
# start (caom-sync, fault-proxy) are built the same way and inherit the options below.
# Environment: MIRROR_TEST_JOBS (ctest's parallelism, default 2), MIRROR_TEST_PG_URL as for run-tests.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

kind=${1:-}
shift || true
case $kind in
address)
    build="build-asan"
    sanitize="address;undefined"
    label=()
    ;;
thread)
    build="build-tsan"
    sanitize=thread
    label=(-L tsan)
    ;;
*)
    echo "usage: packaging/run-sanitizers.sh address|thread [ctest arguments...]" >&2
    exit 2
    ;;
esac

suppressions=$PWD/packaging/sanitizers
launcher=()
[[ ${CCACHE_DISABLE:-0} != 1 ]] && command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# Debug keeps Qt's and our assertions on. -O1, as the sanitizers' own documentation advises: -O0 code under
# AddressSanitizer is several times slower still. -g1: line tables are all a report needs, at a fraction of the
# size (and link time) of full debug information. The precompiled header (-DMIRROR_PCH=ON) stays off until a
# whole tree has been built with it and -Werror (docs/reliability.md, Sanitizers).
mkdir -p "$build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" \
    "${launcher[@]}" -DMIRROR_WERROR=ON -DMIRROR_BUILD_BENCHMARKS=OFF "-DMIRROR_SANITIZE=$sanitize" \
    >"$build/configure.log" 2>&1 || { cat "$build/configure.log" >&2; exit 1; }

# The tests to build are the ones ctest will run: each test's executable has its name.
# Extra ctest arguments (say -R tst_xmlreader) narrow what is built as well as what runs.
mapfile -t tests < <(ctest --test-dir "$build" -N "${label[@]}" "$@" | sed -n 's/^ *Test *#[0-9]*: //p')
targets=()
for test in "${tests[@]}"; do
    [[ -f $build/build.ninja ]] && grep -q "^build $test:" "$build/build.ninja" && targets+=("$test")
done
echo "run-sanitizers: building ${#targets[@]} tests in $build/ ($kind)"
started=$SECONDS
cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]}"
echo "run-sanitizers: $build/ built in $((SECONDS - started)) s"

# The options every test and every program it starts runs with. Each suppression file says why each line is
# there; a report from our own code is never suppressed.
export ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1
export LSAN_OPTIONS=suppressions=$suppressions/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:suppressions=$suppressions/ubsan.supp
export TSAN_OPTIONS=suppressions=$suppressions/tsan.supp:second_deadlock_stack=1:history_size=4
export QT_QPA_PLATFORM=offscreen

status=0
started=$SECONDS
# check_package builds the Debian package (the Release tree's job); check_docs needs no sanitizer.
ctest --test-dir "$build" --output-on-failure -j"${MIRROR_TEST_JOBS:-2}" "${label[@]}" \
    -E '^check_(package|docs)$' "$@" || status=$?
echo "run-sanitizers: tests in $build/ ran in $((SECONDS - started)) s"
exit $status
