#!/usr/bin/env bash
# Installs the Debian 12 packages CAOM Mirror Console needs to build, run and test.
# Idempotent: packages already present are left alone; nothing is installed when all are there.
# Usage: packaging/install-deps.sh [--test]   (--test adds PostgreSQL server, Xvfb and test tools)
set -euo pipefail

build_packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev
    libqt6sql6-sqlite libqt6sql6-psql libqt6opengl6-dev libgl-dev
    libpugixml-dev libcurl4-openssl-dev libssl-dev libzstd-dev libsqlite3-dev libpq-dev
    libbenchmark-dev
    dpkg-dev
    qt6-qpa-plugins libxkbcommon-dev libxkbcommon-x11-0 libvulkan-dev fonts-dejavu-core
)
test_packages=(
    libxml2-utils xvfb xauth postgresql postgresql-client openssl
    imagemagick clang-format
    clang libclang-rt-14-dev
)

wanted=("${build_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then
    wanted+=("${test_packages[@]}")
fi

missing=()
for pkg in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]} == 0)); then
    echo "install-deps: every package is already installed"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
    sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
