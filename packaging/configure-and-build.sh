#!/usr/bin/env bash
# Configures build/ as a Release build with Ninja and builds it. Shared by build-and-run.sh and run-tests.sh
# so that both produce the same tree.
#   packaging/configure-and-build.sh [TARGET...]    (no target: everything, tests and benchmarks included)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir=build
fresh=()
# A build/ configured earlier with another generator (say Unix Makefiles) makes CMake refuse -G Ninja;
# start its cache afresh instead of asking the operator to delete the directory by hand.
if [[ -f $build_dir/CMakeCache.txt ]] && ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$build_dir/CMakeCache.txt"; then
    echo "configure-and-build: $build_dir/ was configured with another generator; reconfiguring it for Ninja" >&2
    fresh=(--fresh)
fi

# MIRROR_WERROR=ON (what run-tests.sh and CI use) makes any compiler warning fail the build; the README's
# first command leaves it off, so a newer compiler's new warning never stops an operator from building.
# The precompiled header (-DMIRROR_PCH=ON) stays off here: with it, GCC 12 at -O3 reports a false
# -Warray-bounds in core/net/capabilities.cpp, which -Werror turns into a failed build (docs/reliability.md).
cmake "${fresh[@]}" -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMIRROR_WERROR="${MIRROR_WERROR:-OFF}"

targets=()
if (($# > 0)); then
    targets=(--target "$@")
fi
cmake --build "$build_dir" --parallel "$(nproc)" "${targets[@]}"
