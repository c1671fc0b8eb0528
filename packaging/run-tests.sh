#!/usr/bin/env bash
# The README's second command, and what .ci/run calls: installs the build and test packages that are
# missing, starts PostgreSQL on loopback for the postgres-labelled tests, checks the layout of the C++ files,
# then runs these stages, each timed, every one even when an earlier one failed (so one run shows every
# failure); exits non-zero when any failed:
#   release   build/: Release, every warning an error, and every test with ctest;
#   address   build-asan/: tests under AddressSanitizer + UndefinedBehaviorSanitizer (run-sanitizers.sh);
#   thread    build-tsan/: the store, serve, sync engine and protocol tests under ThreadSanitizer (full only);
#   fuzz      build-fuzz/: each fuzz target for a bounded time (packaging/run-fuzzers.sh).
#
# MIRROR_SANITIZERS chooses the sanitizer stages (docs/reliability.md, Sanitizers, has the timed runs behind this):
#   ci (default)  address, for the suites that read bytes from elsewhere or hold the network layer: the CAOM
#                 model, the common code, the artifact paths and content hash, the HTTP client, listing,
#                 capabilities and repository client, and the fixtures that fake servers and faults;
#   full          the whole suite once in build-asan/ instead of in build/ (which then builds only the programs,
#                 tools and benchmarks and runs the package and docs checks), then the thread stage. About two
#                 hours on two cores, so not CI's: run it before a release and after changes to threading or
#                 to who owns what;
#   0             none.
# MIRROR_TEST_PG_URL already set: that server is used and no local one is started.
# MIRROR_SKIP_POSTGRES=1: no server is started; tests that need one report themselves skipped.
# MIRROR_FUZZ_SECONDS: seconds per fuzz target (default 20; 0 leaves them out).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

packaging/install-deps.sh --test

if [[ -n ${MIRROR_TEST_PG_URL:-} ]]; then
    echo "run-tests: using the PostgreSQL server given in MIRROR_TEST_PG_URL"
elif [[ ${MIRROR_SKIP_POSTGRES:-0} == 1 ]]; then
    echo "run-tests: MIRROR_SKIP_POSTGRES=1: no PostgreSQL server; postgres-labelled tests will skip" >&2
else
    # A failure here fails the run: silently skipping the PostgreSQL tests would make CI weaker than it says.
    pg_status=0
    MIRROR_TEST_PG_URL=$(packaging/start-postgres.sh) || pg_status=$?
    if ((pg_status != 0)); then
        echo "run-tests: could not start PostgreSQL (status $pg_status);" \
            "set MIRROR_SKIP_POSTGRES=1 to run without it" >&2
        exit "$pg_status"
    fi
    export MIRROR_TEST_PG_URL
fi

packaging/check-format.sh

failed=()
stage() { # stage NAME COMMAND...: runs it, says how long it took, remembers a failure
    local name=$1 started=$SECONDS status=0
    shift
    echo "run-tests: stage $name"
    "$@" || status=$?
    echo "run-tests: stage $name took $((SECONDS - started)) s (status $status)"
    ((status == 0)) || failed+=("$name")
}

# The test build treats every compiler warning as an error.
case ${MIRROR_SANITIZERS:-ci} in
full)
    programs=(caom-console caom-sync man_pages fault-proxy console-screenshots jobs-screenshots)
    for bench in tests/bench/bench_*.cpp; do
        programs+=("$(basename "$bench" .cpp)")
    done
    stage release bash -c 'MIRROR_WERROR=ON packaging/configure-and-build.sh "$@" &&
        ctest --test-dir build --output-on-failure -L "packaging|docs"' release "${programs[@]}"
    stage address packaging/run-sanitizers.sh address
    stage thread packaging/run-sanitizers.sh thread
    ;;
*)
    # shellcheck disable=SC2016 # expanded by the inner shell
    stage release bash -c 'MIRROR_WERROR=ON packaging/configure-and-build.sh &&
        ctest --test-dir build --output-on-failure -j"${MIRROR_TEST_JOBS:-2}"'
    if [[ ${MIRROR_SANITIZERS:-ci} != 0 ]]; then
        stage address packaging/run-sanitizers.sh address -R \
            '^tst_(checksum|comparison|diff|validator|xmlreader|xmlwriter|icewindimport|loghub|orderedparallel|partnersource|secretfile|settings|artifactpath|contenthash|capabilities|hostile_listings|httpclient|httpdate|httptls|listingparser|repositoryclient|url|faultproxy|faultrules|testpki)$'
    fi
    ;;
esac

# Every parser that reads bytes from elsewhere, fuzzed for a bounded time under AddressSanitizer and
# UndefinedBehaviorSanitizer.
if ((${MIRROR_FUZZ_SECONDS:-20} > 0)); then
    stage fuzz packaging/run-fuzzers.sh "${MIRROR_FUZZ_SECONDS:-20}"
fi

if ((${#failed[@]})); then
    echo "run-tests: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "run-tests: every stage passed"
