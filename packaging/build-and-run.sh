#!/usr/bin/env bash
# The README's first command: installs the Debian packages that are missing, builds Release into build/,
# and starts the console. Arguments are passed to caom-console unchanged (try --help).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

packaging/install-deps.sh
# Only the two programs: the tests and benchmarks are for run-tests.sh, and an operator should not wait for them.
packaging/configure-and-build.sh caom-console caom-sync

# Without a display Qt aborts with a terse message; say what to do instead. An explicit QT_QPA_PLATFORM
# (offscreen, vnc, ...) is the operator's choice and is respected. --help and --version need no display.
if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} && -z ${QT_QPA_PLATFORM:-} ]]; then
    needs_display=1
    for arg in "$@"; do
        case $arg in
        -h | --help | --help-all | -v | --version) needs_display=0 ;;
        esac
    done
    if ((needs_display)); then
        echo "build-and-run: built build/bin/caom-console, but there is no display to open it on." >&2
        echo "  Run it from a desktop session, with ssh -X, or under Xvfb: xvfb-run -a build/bin/caom-console" >&2
        exit 1
    fi
fi

# With no arguments the console opens on the embedded demo archive, so a fresh machine has something real to
# browse without a network or a configured partner; any argument (e.g. --store FILE) is passed on instead.
if (($# == 0)); then
    set -- --demo
fi
exec build/bin/caom-console "$@"
