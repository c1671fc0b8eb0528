#!/bin/sh
# The CPU a program's PostgreSQL server processes used, one line per connection it opened to a scratch database
# (a database named mirror_test_*, as the benchmarks' stores are), in the order they started. Wall time on a
# shared machine says little; the server's own CPU per observation is what a change to the statements moves.
# The server must run on this machine (loopback), and /proc and ss must show its processes and sockets.
#
#   MIRROR_TEST_PG_URL=postgresql://mirror_test:mirror_test@127.0.0.1:5432/postgres \
#       tests/bench/pg_backend_cpu.sh build/bench/bench_store --benchmark_filter=UpsertGenerated_PostgreSQL
#
# Google Benchmark runs a benchmark several times with growing iteration counts, each run a new store and so a
# new connection: the first busy line is its first run (one iteration), the last one the run it reports. The
# CPU of one observation without the store's creation: (last - first) / ((iterations - 1) x 200). (The CPU
# counters move in 10 ms steps and the last 50 ms of a process may be missed: use runs of several seconds.)
set -eu
[ $# -ge 1 ] || { echo "usage: $0 PROGRAM [ARGUMENTS...]" >&2; exit 2; }
samples=$(mktemp)
trap 'rm -f "$samples"' EXIT
ticks=$(getconf CLK_TCK)

"$@" &
program=$!

# Every 50 ms: the program's connections (their local ports), the server processes whose title names such a
# port and a mirror_test_ database, and those processes' user + system ticks so far.
while kill -0 "$program" 2>/dev/null; do
    ss -tnpH 2>/dev/null | awk -v p="pid=$program," 'index($0, p) { n = split($4, a, ":"); print a[n] }' |
        while read -r port; do
            ps -eo pid=,args= | awk -v port="($port)" 'index($0, port) && / mirror_test_/ { print $1 }'
        done |
        while read -r pid; do
            awk -v p="$pid" '{ print p, $22, $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || true
        done >>"$samples"
    sleep 0.05
done
wait "$program" || status=$?

echo "server processes of the program's scratch databases (start order): pid, CPU seconds"
sort -k1,1n -k3,3n "$samples" | awk '{ start[$1] = $2; cpu[$1] = $3 } END { for (p in cpu) print start[p], p, cpu[p] }' |
    sort -n | awk -v t="$ticks" '{ printf "%s %.2f\n", $2, $3 / t }'
exit "${status:-0}"
