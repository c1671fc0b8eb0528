#!/bin/sh
# Artifact download throughput on loopback: `caom-sync artifacts --mode download` (every file hashed and
# verified, made durable and renamed) against plain curl fetching the same files from the same `serve` in the same
# run, for many small files and for a few large ones; and the hashing rate of `validate --depth 2`.
# Usage: tests/bench/bench_artifacts.sh [BUILD_DIR] [TRANSFERS]     (defaults: build, 4)
# Prints one Markdown table row per file set; results go to docs/benchmarks.md.
set -eu
build=${1:-build}
transfers=${2:-4}
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
"$bin" harvest --store "$work/mirror.sqlite" --source BENCH --quiet >/dev/null

echo "| files | bytes | caom-sync download, verified | curl, same files | ratio | validate --depth 2 (hashing) |"
echo "|---|---|---|---|---|---|"
for collection in SMALL LARGE; do
    root="$work/ours-$collection"
    # The same URLs for curl, listed from the partner's files of this collection.
    config="$work/curl-$collection.conf"
    : >"$config"
    "$bin" artifacts --store "$work/mirror.sqlite" --source BENCH --collection "$collection" --mode discover \
        --artifact-root "$root" --quiet >/dev/null
    "$bin" artifacts --store "$work/mirror.sqlite" --source BENCH --collection "$collection" --mode diff \
        --artifact-root "$root" --json 2>/dev/null | grep -o '"path": "[^"]*"' | sed 's/"path": "\(.*\)"/\1/' |
        while read -r relative; do
            printf 'url = "%s/%s"\noutput = "%s/curl-%s/%s"\n' "$files_url" "$relative" "$work" "$collection" \
                "$relative" >>"$config"
        done
    # One untimed pass warms the server (it hashes each file once, for its Digest) and the page cache, so
    # neither timed pass pays for the other.
    curl --silent --fail --create-dirs --parallel --parallel-max "$transfers" --config "$config"
    rm -rf "$work/curl-$collection"

    start=$(now)
    "$bin" artifacts --store "$work/mirror.sqlite" --source BENCH --collection "$collection" --mode download \
        --artifact-root "$root" --transfers "$transfers" --quiet >/dev/null
    ours=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')
    count=$(find "$root" -type f | wc -l)
    bytes=$(du -sb "$root" | cut -f1)

    # curl: the same URLs, the same number of parallel transfers, into files of their own.
    start=$(now)
    curl --silent --fail --create-dirs --parallel --parallel-max "$transfers" --config "$config"
    theirs=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')

    start=$(now)
    "$bin" artifacts --store "$work/mirror.sqlite" --source BENCH --collection "$collection" --mode validate \
        --depth 2 --artifact-root "$root" --quiet >/dev/null
    hashing=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')

    ratio=$(awk -v o="$ours" -v t="$theirs" 'BEGIN { printf "%.0f %%", 100 * t / o }')
    echo "| $collection: $count | $(rate "$bytes" 1) MiB | $(rate "$bytes" "$ours") MiB/s | $(rate "$bytes" "$theirs") MiB/s | $ratio | $(rate "$bytes" "$hashing") MiB/s |"
    rm -rf "$work/curl-$collection"
done
