#!/usr/bin/env bash
# Builds the Debian package from a built tree, unpacks it into a scratch root and runs what it installed:
#   tests/packaging/check-package.sh BUILD_DIR SAMPLE.xml
# Checks the dependencies dpkg-shlibdeps computed, the man pages, the completion, the desktop entry and icon,
# and that the installed programs answer --version (caom-sync's through its engine, installed apart) and check a
# sample's checksums.
set -euo pipefail

build=$(realpath "$1")
sample=$(realpath "$2")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() {
    echo "check-package: $*" >&2
    exit 1
}

cpack --config "$build/CPackConfig.cmake" -B "$scratch/out" >"$scratch/cpack.log" 2>&1 ||
    { cat "$scratch/cpack.log" >&2; fail "cpack failed"; }
deb=$(find "$scratch/out" -maxdepth 1 -name 'caom-mirror-console_*.deb' | head -n 1)
[[ -n $deb ]] || fail "no package in $scratch/out"
dpkg-deb -I "$deb" postinst | grep -q 'adduser --system' || fail "the package does not create the caom-mirror user"
echo "check-package: built $(basename "$deb") ($(du -h "$deb" | cut -f1))"

depends=$(dpkg-deb -f "$deb" Depends)
printf 'check-package: Depends: %s\n' "$depends"
for library in libqt6core6 libqt6widgets6 libcurl4 libssl3 libqt6sql6-sqlite libpq5 qt6-qpa-plugins; do
    [[ $depends == *"$library"* ]] || fail "the package does not depend on $library"
done

root=$scratch/root
dpkg-deb -x "$deb" "$root"
for file in usr/bin/caom-console usr/bin/caom-sync usr/libexec/caom-mirror/caom-sync-engine \
    usr/share/man/man1/caom-sync.1.gz usr/share/man/man1/caom-console.1.gz \
    usr/share/bash-completion/completions/caom-sync \
    usr/share/applications/org.caom-mirror.Console.desktop \
    usr/share/metainfo/org.caom-mirror.Console.metainfo.xml \
    usr/share/icons/hicolor/scalable/apps/caom-mirror-console.svg \
    usr/share/icons/hicolor/48x48/apps/caom-mirror-console.png \
    usr/lib/systemd/system/caom-sync-harvest@.service usr/lib/systemd/system/caom-sync-harvest@.timer \
    usr/lib/systemd/system/caom-sync-artifacts@.service usr/lib/systemd/system/caom-sync-artifacts@.timer; do
    [[ -s $root/$file ]] || fail "the package lacks $file"
done

# Every command of the installed caom-sync has its section in the installed man page.
manual=$(zcat "$root/usr/share/man/man1/caom-sync.1.gz")
for command in $("$root/usr/bin/caom-sync" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF {print $1}'); do
    grep -q "^\.SS $command\$" <<<"$manual" || fail "the man page has no section for '$command'"
done

# --version is answered by the engine: the installed caom-sync finds it in libexec, relative to itself.
"$root/usr/bin/caom-sync" --version | grep -q '^caom-sync [0-9]' || fail "caom-sync --version"
[[ ! -e $root/usr/bin/caom-sync-engine ]] || fail "caom-sync-engine is on the PATH; it belongs in /usr/libexec"
"$root/usr/bin/caom-console" --version | grep -q '^caom-console [0-9]' || fail "caom-console --version"
"$root/usr/bin/caom-sync" checksum "$sample" >"$scratch/checksum.txt" ||
    { cat "$scratch/checksum.txt" >&2; fail "caom-sync checksum $sample"; }
grep -q ' ok$' "$scratch/checksum.txt" || fail "caom-sync checksum printed no verified entity"
echo "check-package: the installed caom-sync verified every checksum of $(basename "$sample")"
echo "check-package: ok"
