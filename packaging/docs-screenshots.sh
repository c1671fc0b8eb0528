#!/usr/bin/env bash
# Takes the documentation screenshots of docs/screenshots/ from the console's main window on the demo store,
# under Xvfb at 1400x900: first start, the browser expanded to a chunk, "only differences", the document viewer
# and the settings dialog.
#   packaging/docs-screenshots.sh [OUTPUT_DIR]      (default: docs/screenshots)
# Needs a built build/bin/console-screenshots (or MIRROR_SCREENSHOTS=path) and the test packages
# (packaging/install-deps.sh --test brings xvfb).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
output=$(realpath -m "${1:-docs/screenshots}")
tool=${MIRROR_SCREENSHOTS:-$PWD/build/bin/console-screenshots}
[[ -x $tool ]] || { echo "docs-screenshots: $tool is not built" >&2; exit 1; }

# Throw-away config and data homes: no saved layout, no operator store, no configured sources. The demo store
# is built in the throw-away cache too, so the pictures show exactly what a first run shows.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export HOME=$scratch/home XDG_RUNTIME_DIR=$scratch/runtime
export XDG_CONFIG_HOME=$HOME/.config XDG_DATA_HOME=$HOME/.local/share XDG_CACHE_HOME=$HOME/.cache
mkdir -p "$HOME" && mkdir -m 700 "$XDG_RUNTIME_DIR"

xvfb-run -a -s "-screen 0 1400x900x24" "$tool" "$output"
