#!/bin/sh
# Scale-out on one PostgreSQL store: 1, 2 and 4 `caom-sync harvest` processes at once, each on its own
# collection, each fed by its own `caom-sync serve` on loopback (as separate partners would be). For each run:
# the combined rate, every process's own rate, and what the database paid per observation: commits, tuples
# written, WAL records and bytes (pg_stat_database, pg_stat_wal, pg_current_wal_lsn before and after), and
# CPU: the harvesters' own, the serve processes', and that of the database server processes serving this
# run's database (sampled from /proc while they run: their process title names the database).
# With --statements, one more untimed run (1 process) logs every statement of its own database to count them.
#
# Usage: MIRROR_TEST_PG_URL=postgresql://USER:PASSWORD@HOST:PORT/postgres \
#            tests/bench/bench_scaleout.sh [BUILD_DIR] [OBSERVATIONS_PER_COLLECTION] [--statements]
#        (defaults: build, 3000). The role must be allowed to CREATE DATABASE; the databases it makes are
#        dropped at the end. Other clients of the same server skew the WAL and CPU columns (they are
#        server-wide): run it on a quiet server. Prints Markdown tables for docs/benchmarks.md.
set -eu
build=${1:-build}
count=${2:-3000}
statements=${3:-}
: "${MIRROR_TEST_PG_URL:?set MIRROR_TEST_PG_URL to a PostgreSQL URL whose role may create databases}"
bin=$(cd "$build/bin" && pwd)/caom-sync
admin=$MIRROR_TEST_PG_URL
server=${admin%/*} # postgresql://user:password@host:port
work=$(mktemp -d)
serve_pids=
databases=
cleanup() {
    for pid in $serve_pids; do kill "$pid" 2>/dev/null || true; done
    for db in $databases; do psql "$admin" -qAtc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; done
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"

now() { date +%s.%N; }
sql() { psql "$1" -qAtc "$2"; }
# Samples the CPU ticks of the server processes of database $1 (their title names it) until $work/stop exists.
sample_backends() {
    while [ ! -e "$work/stop" ]; do
        for pid in $(pgrep -f "postgres: .* $1 " || true); do
            awk -v p="$pid" '{ print p, $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || true
        done
        sleep 0.2
    done
}
# CPU seconds the serve processes have used so far.
serve_seconds() {
    for pid in $serve_pids; do cat "/proc/$pid/stat"; done |
        awk -v t="$(getconf CLK_TCK)" '{ s += $14 + $15 } END { printf "%.3f", s / t }'
}
# The seconds of CPU in a sample file: the last (largest) value of each process, summed.
sampled_seconds() {
    awk -v t="$(getconf CLK_TCK)" '{ if ($2 > max[$1]) max[$1] = $2 } END { for (p in max) s += max[p]; printf "%.3f", s / t }' "$1"
}

# Four partners, one collection each, each served by its own process.
for i in 1 2 3 4; do
    "$bin" generate --store "$work/partner$i.sqlite" --collection "C$i" --count "$count" --seed "$i" >/dev/null 2>&1
    "$bin" serve --store "$work/partner$i.sqlite" >"$work/serve$i.out" 2>/dev/null &
    serve_pids="$serve_pids $!"
    while [ ! -s "$work/serve$i.out" ]; do sleep 0.1; done
    "$bin" sources add "P$i" --capabilities "$(head -n 1 "$work/serve$i.out")" --collection "C$i" >/dev/null
done

# A fresh database for each run, so that every run starts from an empty store. Sets $db (not through a
# command substitution: its subshell would lose the name that cleanup drops).
new_store() {
    db="mirror_scaleout_$1_$$"
    databases="$databases $db"
    sql "$admin" "CREATE DATABASE $db" >/dev/null
}

# Runs $1 harvesters at once into database $2; leaves each one's seconds in $work/time.<i>.
harvest_all() {
    pids=
    for i in $(seq 1 "$1"); do
        (
            start=$(now)
            /usr/bin/time -f "%U %S" -o "$work/cpu.$i" \
                "$bin" harvest --store "$server/$2" --source "P$i" --collection "C$i" --quiet >"$work/harvest$i.out" 2>&1
            awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }' >"$work/time.$i"
        ) &
        pids="$pids $!"
    done
    for pid in $pids; do wait "$pid"; done
}

echo "| processes | combined obs/s | each process, obs/s | wall s | commits/obs | tuples written/obs | WAL records/obs | WAL kB/obs | full-page images/obs | database CPU ms/obs | harvester CPU ms/obs | serve CPU ms/obs |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in 1 2 4; do
    new_store "$n"
    "$bin" generate --store "$server/$db" --collection C1 --count 0 >/dev/null # the schema, outside the timing
    sql "$admin" "CHECKPOINT" >/dev/null
    before_db=$(sql "$server/$db" "SELECT xact_commit, tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = current_database()")
    before_wal=$(sql "$admin" "SELECT pg_current_wal_lsn(), wal_records, wal_fpi FROM pg_stat_wal")
    rm -f "$work/stop"
    sample_backends "$db" >"$work/backends.$n" &
    sampler=$!
    serve_before=$(serve_seconds)
    start=$(now)
    harvest_all "$n" "$db"
    wall=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')
    serve_cpu=$(awk -v a="$serve_before" -v b="$(serve_seconds)" 'BEGIN { print b - a }')
    touch "$work/stop"
    wait "$sampler"
    server_cpu=$(sampled_seconds "$work/backends.$n")
    harvester_cpu=$(cat "$work"/cpu.* | awk '{ s += $1 + $2 } END { printf "%.3f", s }')
    rm -f "$work"/cpu.*
    sleep 1 # backends report their statistics when they end; give the last one a moment
    after_db=$(sql "$server/$db" "SELECT xact_commit, tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = current_database()")
    after_wal=$(sql "$admin" "SELECT pg_current_wal_lsn(), wal_records, wal_fpi FROM pg_stat_wal")
    wal_bytes=$(sql "$admin" "SELECT pg_wal_lsn_diff('${after_wal%%|*}', '${before_wal%%|*}')")
    stored=$(sql "$server/$db" "SELECT COUNT(*) FROM observation")
    expected=$((n * count))
    if [ "$stored" -ne "$expected" ]; then
        echo "run with $n processes stored $stored observations, expected $expected:" >&2
        cat "$work"/harvest*.out >&2
        exit 1
    fi
    each=
    for i in $(seq 1 "$n"); do
        each="$each$(awk -v c="$count" -v s="$(cat "$work/time.$i")" 'BEGIN { printf "%.0f", c / s }') "
    done
    echo "$n $wall $expected $before_db $after_db $before_wal $after_wal $wal_bytes $server_cpu $harvester_cpu $serve_cpu" | tr '|' ' ' | awk -v each="$each" '{
        n = $1; wall = $2; obs = $3
        commits = ($6 - $4) / obs; tuples = ($7 - $5) / obs
        records = ($12 - $9) / obs; fpi = ($13 - $10) / obs; walkb = $14 / obs / 1024
        printf "| %d | %.0f | %s | %.1f | %.3f | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f | %.2f |\n", n, obs / wall, each, wall, commits, tuples, records, walkb, fpi, $15 * 1000 / obs, $16 * 1000 / obs, $17 * 1000 / obs
    }'
done

# Statements per observation: PostgreSQL has no per-database statement counter without an extension, so a
# separate, untimed run logs every statement of its own database (log_statement) and counts the log lines.
if [ "$statements" = "--statements" ]; then
    log=$(ls -t /var/log/postgresql/postgresql-*-main.log 2>/dev/null | head -n 1)
    if [ -z "$log" ] || [ ! -r "$log" ]; then
        echo "statements: the server log is not readable here" >&2
        exit 0
    fi
    new_store counted
    "$bin" generate --store "$server/$db" --collection C1 --count 0 >/dev/null
    sql "$admin" "ALTER DATABASE $db SET log_statement = 'all'" >/dev/null
    lines=$(wc -l <"$log")
    harvest_all 1 "$db"
    sleep 1
    total=$(tail -n +"$((lines + 1))" "$log" | grep -c "@$db LOG:  statement:" || true)
    echo
    echo "statements sent by one harvest of $count observations: $total ($(awk -v t="$total" -v c="$count" 'BEGIN { printf "%.2f", t / c }') per observation)"
fi
