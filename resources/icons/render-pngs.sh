#!/usr/bin/env bash
# Renders the application icon's PNG sizes from its SVG (the desktop's icon theme wants both). Run after
# editing caom-mirror-console.svg; needs rsvg-convert (Debian package librsvg2-bin). The PNGs are committed,
# so a build needs no SVG renderer.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
for size in 16 24 32 48 64 128 256; do
    mkdir -p "hicolor/${size}x${size}"
    rsvg-convert -w "$size" -h "$size" caom-mirror-console.svg -o "hicolor/${size}x${size}/caom-mirror-console.png"
done
