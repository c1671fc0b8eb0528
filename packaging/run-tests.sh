#!/usr/bin/env bash
# The README's second command, and what .ci/run calls: installs the build and test packages that are
# missing, starts PostgreSQL on loopback for the postgres-labelled tests, builds Release into build/, runs
# every test with ctest, then each fuzz target for a bounded time (packaging/run-fuzzers.sh). Exits non-zero
# when either fails.
#
# MIRROR_TEST_PG_URL already set: that server is used and no local one is started.
# MIRROR_SKIP_POSTGRES=1: no server is started; tests that need one report themselves skipped.
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

# The test build treats every compiler warning as an error, and the layout of every C++ file is checked.
packaging/check-format.sh
MIRROR_WERROR=ON packaging/configure-and-build.sh

ctest_status=0
ctest --test-dir build --output-on-failure -j"${MIRROR_TEST_JOBS:-2}" || ctest_status=$?

# Every parser that reads bytes from elsewhere, fuzzed for a bounded time under AddressSanitizer and
# UndefinedBehaviorSanitizer (MIRROR_FUZZ_SECONDS per target; 0 leaves them out).
fuzz_status=0
if ((${MIRROR_FUZZ_SECONDS:-20} > 0)); then
    packaging/run-fuzzers.sh "${MIRROR_FUZZ_SECONDS:-20}" || fuzz_status=$?
fi
((ctest_status == 0)) || exit "$ctest_status"
exit "$fuzz_status"
