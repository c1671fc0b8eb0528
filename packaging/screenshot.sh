#!/usr/bin/env bash
# Takes a documentation screenshot of the console under Xvfb: the window fills a 1400x900 virtual screen,
# the whole screen is captured to PNG, and the console is closed again.
#   packaging/screenshot.sh docs/screenshots/NAME.png [caom-console arguments...]
# Needs a built build/bin/caom-console (packaging/configure-and-build.sh) and the test packages
# (packaging/install-deps.sh --test brings xvfb and imagemagick).
set -euo pipefail

if (($# < 1)); then
    echo "usage: $0 OUTPUT.png [caom-console arguments...]" >&2
    exit 2
fi
output=$(realpath -m "$1")
shift

cd "$(dirname "${BASH_SOURCE[0]}")/.."
console=${MIRROR_CONSOLE:-$PWD/build/bin/caom-console}
[[ -x $console ]] || { echo "screenshot: $console is not built" >&2; exit 1; }
mkdir -p "$(dirname "$output")"

# A throw-away config home, so the operator's saved window layout never shapes a documentation picture.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_CONFIG_HOME=$scratch/config XDG_RUNTIME_DIR=$scratch/runtime
mkdir -m 700 "$XDG_RUNTIME_DIR"

width=1400 height=900
# No window manager runs under Xvfb, so the window is placed with Qt's -qwindowgeometry; give it a moment to
# lay out and paint before grabbing the screen.
# shellcheck disable=SC2016 # the inner script expands its own positional arguments
xvfb-run -a -s "-screen 0 ${width}x${height}x24" bash -c '
    "$0" -qwindowgeometry "$1" "${@:3}" &
    app=$!
    sleep "${MIRROR_SCREENSHOT_DELAY:-3}"
    import -window root "$2"
    kill "$app"
    wait "$app" 2>/dev/null || true
' "$console" "${width}x${height}+0+0" "$output" "$@"

echo "screenshot: wrote $output"
