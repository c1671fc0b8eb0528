#!/bin/sh
# Artifact download throughput on loopback: `caom-sync artifacts --mode download` (every file hashed and
# verified, made durable and renamed, recorded in the store) against plain curl fetching the same files from the
# same `serve` in the same run, for many small files and for a few large ones; and the hashing rate of
# `validate --depth 2`.
#
# Fair on a shared machine: each file set is fetched ROUNDS times by each program, the two alternating (ours
# first in odd rounds, curl first in even ones) so a load swing hits both alike; the table gives the median
# rate of each and the median of the per-round ratios, with the load average before the set.
#
# Two peers: plain curl (the headline: what an operator would otherwise run), and curl followed by `sync -f` on
# the same file system, timed together in the same round. Ours makes every file durable before it gets its
# name (one syncfs per batch); plain curl may leave its bytes in the page cache when it exits, so the second
# peer is the one doing the same work.
# Usage: tests/bench/bench_artifacts.sh [BUILD_DIR] [TRANSFERS] [ROUNDS] [SETS]
#        (defaults: build, 4, 3, "SMALL LARGE")
# Prints one Markdown table row per file set; results go to docs/benchmarks.md.
set -eu
build=${1:-build}
transfers=${2:-4}
rounds=${3:-3}
sets=${4:-SMALL LARGE}
bin=$(cd "$build/bin" && pwd)/caom-sync
work=$(mktemp -d)
serve_pid=
cleanup() {
    [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"

now() { date +%s.%N; }
rate() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / s / 1048576 }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
load() { cut -d ' ' -f 1 /proc/loadavg; }

# The partner: SMALL = 2,004 files of 64 KiB (125 MiB), LARGE = 6 files of 64 MiB (384 MiB).
"$bin" generate --store "$work/partner.sqlite" --collection SMALL --count 334 \
    --files "$work/partner-files" --file-size 64K >/dev/null
"$bin" generate --store "$work/partner.sqlite" --collection LARGE --count 1 --first 100000 \
    --files "$work/partner-files" --file-size 64M >/dev/null
"$bin" serve --store "$work/partner.sqlite" --artifact-root "$work/partner-files" >"$work/serve.out" 2>/dev/null &
serve_pid=$!
while [ ! -s "$work/serve.out" ]; do sleep 0.1; done
capabilities=$(head -n 1 "$work/serve.out")
files_url=${capabilities%/capabilities}/files

"$bin" sources add BENCH --capabilities "$capabilities" --collection SMALL --collection LARGE >/dev/null
"$bin" harvest --store "$work/harvested.sqlite" --source BENCH --quiet >/dev/null

echo "| files | bytes | load (1 min) | caom-sync download, verified | curl, same files | ours / curl | curl + sync | ours / (curl + sync) | validate --depth 2 (hashing) |"
echo "|---|---|---|---|---|---|---|---|---|"
for collection in $sets; do
    # The same URLs for curl, listed from the partner's files of this collection.
    config="$work/curl-$collection.conf"
    : >"$config"
    cp "$work/harvested.sqlite" "$work/list.sqlite"
    mkdir -p "$work/empty"
    "$bin" artifacts --store "$work/list.sqlite" --source BENCH --collection "$collection" --mode diff \
        --artifact-root "$work/empty" --json 2>/dev/null | grep -o '"path": "[^"]*"' | sed 's/"path": "\(.*\)"/\1/' |
        while read -r relative; do
            printf 'url = "%s/%s"\noutput = "%s/curl-%s/%s"\n' "$files_url" "$relative" "$work" "$collection" \
                "$relative" >>"$config"
        done
    rm -f "$work/list.sqlite"
    # One untimed pass warms the server (it hashes each file once, for its Digest) and the page cache, so
    # neither timed pass pays for the other.
    curl --silent --no-progress-meter --fail --create-dirs --parallel --parallel-max "$transfers" --config "$config"
    rm -rf "$work/curl-$collection"
    load_before=$(load)

    ours_runs="" curl_runs="" synced_runs="" ratios="" synced_ratios="" bytes=0 count=0 root=""
    ours() {
        # A mirror that has harvested the metadata and queued every file (untimed), then the timed download.
        root="$work/ours-$collection-$1"
        cp "$work/harvested.sqlite" "$work/mirror-$1.sqlite"
        "$bin" artifacts --store "$work/mirror-$1.sqlite" --source BENCH --collection "$collection" --mode discover \
            --artifact-root "$root" --quiet >/dev/null
        start=$(now)
        "$bin" artifacts --store "$work/mirror-$1.sqlite" --source BENCH --collection "$collection" --mode download \
            --artifact-root "$root" --transfers "$transfers" --quiet >/dev/null
        ours_s=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')
        count=$(find "$root" -type f | wc -l)
        bytes=$(du -sb "$root" | cut -f1)
    }
    theirs() {
        # curl: the same URLs, the same number of parallel transfers, into files of their own.
        start=$(now)
        curl --silent --no-progress-meter --fail --create-dirs --parallel --parallel-max "$transfers" --config "$config"
        curl_s=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')
        sync -f "$work/curl-$collection"
        synced_s=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')
        rm -rf "$work/curl-$collection"
    }
    round=1
    while [ "$round" -le "$rounds" ]; do
        if [ $((round % 2)) -eq 1 ]; then ours "$round"; theirs; else theirs; ours "$round"; fi
        ours_runs="$ours_runs $ours_s" curl_runs="$curl_runs $curl_s" synced_runs="$synced_runs $synced_s"
        ratios="$ratios $(awk -v o="$ours_s" -v t="$curl_s" 'BEGIN { print 100 * t / o }')"
        synced_ratios="$synced_ratios $(awk -v o="$ours_s" -v t="$synced_s" 'BEGIN { print 100 * t / o }')"
        # The last round's files stay for the hashing pass.
        [ "$round" -lt "$rounds" ] && rm -rf "$root" "$work/mirror-$round.sqlite"*
        round=$((round + 1))
    done
    last=$rounds

    start=$(now)
    "$bin" artifacts --store "$work/mirror-$last.sqlite" --source BENCH --collection "$collection" --mode validate \
        --depth 2 --artifact-root "$root" --quiet >/dev/null
    hashing=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')

    ours_median=$(echo "$ours_runs" | tr ' ' '\n' | grep . | median)
    curl_median=$(echo "$curl_runs" | tr ' ' '\n' | grep . | median)
    synced_median=$(echo "$synced_runs" | tr ' ' '\n' | grep . | median)
    ratio_median=$(echo "$ratios" | tr ' ' '\n' | grep . | median)
    synced_ratio_median=$(echo "$synced_ratios" | tr ' ' '\n' | grep . | median)
    per_round=$(echo "$ratios" | tr ' ' '\n' | grep . | awk '{ printf "%s%.0f", (NR > 1 ? "/" : ""), $1 }')
    synced_per_round=$(echo "$synced_ratios" | tr ' ' '\n' | grep . | awk '{ printf "%s%.0f", (NR > 1 ? "/" : ""), $1 }')
    echo "| $collection: $count | $(rate "$bytes" 1) MiB | $load_before | $(rate "$bytes" "$ours_median") MiB/s | $(rate "$bytes" "$curl_median") MiB/s | $(printf '%.0f' "$ratio_median") % (rounds: $per_round %) | $(rate "$bytes" "$synced_median") MiB/s | $(printf '%.0f' "$synced_ratio_median") % (rounds: $synced_per_round %) | $(rate "$bytes" "$hashing") MiB/s |"
    rm -rf "$root" "$work/mirror-$last.sqlite"*
done
