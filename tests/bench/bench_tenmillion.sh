#!/bin/sh
# Validate of one big collection against a partner that serves the same store from a second process (issue 16,
# "ten million"): `caom-sync serve` reads the store file, `caom-sync harvest --mode validate` lists the partner's
# whole collection over loopback, re-sorts it by observationID and compares every row with the store's own.
# Nothing differs, so nothing is fetched: the run is the listing, the sort and the comparison. Prints the
# load average before and after, the validate run's wall time, CPU time and peak memory (/usr/bin/time -v), the
# serve process's CPU time, and the run's counts.
#
# Usage: tests/bench/bench_tenmillion.sh BUILD_DIR STORE [COLLECTION]     (COLLECTION defaults to HST)
# Make the store first, e.g. (docs/benchmarks.md, "Ten million observations"):
#   build/bin/caom-sync generate --store /work/bench-data/10m.sqlite --collection HST --count 10000000 --shape minimal
# The validate run records what the partner listed in the store (a row per observation, as every validate does).
set -eu
build=$1
store=$2
collection=${3:-HST}
bin=$(cd "$build/bin" && pwd)/caom-sync
work=$(mktemp -d)
serve_pid=
cleanup() {
    [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"

"$bin" serve --store "$store" --listen 127.0.0.1:0 --access-log /dev/null >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
tries=0
while [ ! -s "$work/serve.out" ]; do
    tries=$((tries + 1))
    if [ "$tries" -gt 600 ] || ! kill -0 "$serve_pid" 2>/dev/null; then
        echo "bench_tenmillion: serve did not start:" >&2
        cat "$work/serve.err" >&2
        exit 2
    fi
    sleep 0.1
done
capabilities=$(head -n 1 "$work/serve.out")
"$bin" sources add PARTNER --capabilities "$capabilities" --collection "$collection" --lag 0 >/dev/null

echo "load before: $(uptime)"
status=0
/usr/bin/time -v "$bin" harvest --store "$store" --source PARTNER --collection "$collection" --mode validate --json \
    >"$work/report.json" 2>"$work/time.txt" || status=$?
echo "load after:  $(uptime)"
grep -E 'Elapsed \(wall|User time|System time|Maximum resident' "$work/time.txt"
awk -v t="$(getconf CLK_TCK)" '{ printf "serve CPU time (user + system): %.1f s\n", ($14 + $15) / t }' "/proc/$serve_pid/stat"
grep -oE '"(listed|discrepancies|remote|local|matching)": *[0-9]+' "$work/report.json" | tr '\n' ' '
echo
if [ "$status" -ne 0 ]; then
    echo "bench_tenmillion: validate ended with exit status $status" >&2
    grep -v '^\s' "$work/time.txt" >&2 || true
    exit "$status"
fi
