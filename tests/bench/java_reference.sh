#!/bin/sh
# `caom-sync checksum` against the Java reference library (opencadc/caom2) verifying the same documents in the
# same run: docs/benchmarks.md, "caom-sync checksum against the Java reference".
#
# The reference is built from its own sources with javac alone (Maven Central need not be reachable): the
# `caom2` module of https://github.com/opencadc/caom2 and the `cadc-util` module of
# https://github.com/opencadc/core, against Debian's jdom2, log4j 1.2 and Xerces
# (apt-get install libjdom2-java liblog4j1.2-java libxerces2-java). Only the classes the driver
# (tests/bench/java/ReferenceChecksumBench.java, ours) reaches are compiled.
#
# The documents: 3,000 generated observations written out by `caom-sync export`, and the samples of tests/data
# ten times (3,310 files, about 107 MB), read from the page cache.
#
# Fair on a shared machine: ROUNDS rounds, each timing caom-sync once and the reference once (the reference's
# process reads every document WARMUP times before the timed pass, so its JIT has compiled the hot code), the
# order alternating between rounds; the load average is printed with each round.
#
# Usage: tests/bench/java_reference.sh CAOM2_CLONE CORE_CLONE [BUILD_DIR] [ROUNDS] [WARMUP] [JAVA_THREADS]
#        (defaults: build, 3, 3, 1)
set -eu
caom2_clone=$1
core_clone=$2
build=${3:-build}
rounds=${4:-3}
warmup=${5:-3}
java_threads=${6:-1}
repo=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "$build/bin" && pwd)/caom-sync
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"

jars=/usr/share/java/jdom2.jar:/usr/share/java/log4j-1.2.jar:/usr/share/java/xercesImpl.jar
mkdir "$work/classes"
javac -nowarn -d "$work/classes" -cp "$jars" \
    -sourcepath "$caom2_clone/caom2/src/main/java:$core_clone/cadc-util/src/main/java" \
    "$repo/tests/bench/java/ReferenceChecksumBench.java" 2>/dev/null
cp "$caom2_clone"/caom2/src/main/resources/*.xsd "$work/classes/" # the reader validates against them

mkdir "$work/docs"
"$bin" generate --store "$work/gen.sqlite" --collection GEN --count 3000 >/dev/null 2>&1
"$bin" export --store "$work/gen.sqlite" --collection GEN --out "$work/docs" >/dev/null 2>&1
for i in 1 2 3 4 5 6 7 8 9 10; do
    for f in "$repo"/tests/data/*.xml; do cp "$f" "$work/docs/s${i}_$(basename "$f")"; done
done
megabytes=$(cat "$work"/docs/*.xml | wc -c | awk '{ printf "%.1f", $1 / 1e6 }')
echo "$(find "$work/docs" -name "*.xml" | wc -l) documents, $megabytes MB"

now() { date +%s.%N; }
ours() {
    start=$(now)
    "$bin" checksum "$work"/docs/*.xml >/dev/null || true # mismatches (samples without checksums) exit 1
    awk -v s="$start" -v e="$(now)" -v mb="$megabytes" 'BEGIN { printf "caom-sync: %.2f s, %.1f MB/s\n", e - s, mb / (e - s) }'
}
reference() {
    # The last line is the timed pass, after WARMUP passes in the same process.
    java -cp "$work/classes:$jars" ReferenceChecksumBench $((warmup + 1)) "$java_threads" every "$work"/docs/*.xml \
        2>/dev/null | tail -n 1 | sed 's/^/reference (every entity): /'
}
round=1
while [ "$round" -le "$rounds" ]; do
    echo "round $round, load $(cut -d ' ' -f 1 /proc/loadavg)"
    if [ $((round % 2)) -eq 1 ]; then ours; reference; else reference; ours; fi
    round=$((round + 1))
done
