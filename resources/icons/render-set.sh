#!/usr/bin/env bash
# Renders the console's icon set (set/*.svg: toolbar actions, views and observation states, drawn on a 16-unit
# grid) into the PNGs the console loads: every size a toolbar, tab or table row asks for, in a light-theme and a
# dark-theme variant. The dark variant is the same drawing with its colours swapped for lighter ones (dark
# marks inside light shapes), so one drawing stays readable on both. Run after editing an SVG; needs
# rsvg-convert (Debian package librsvg2-bin). The PNGs are committed, so a build needs no SVG renderer.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/set"
# light colour -> dark-theme colour; each dark one is at least 4.5:1 against a #2b2b2b window.
dark_colours=(
    '#2b4c7e=#a8c7fa' '#7fa3d1=#5d84b8' '#1b5e20=#81c784' '#b71c1c=#ef9a9a' '#b01c1c=#ef9a9a'
    '#8a4b00=#ffb74d' '#1f4e99=#90caf9' '#5f6368=#bdc1c6' '#6a1b9a=#ce93d8' '#0d47a1=#90caf9'
    '#e3ecf7=#2d3b4f' '#fff"=#202124"'
)
rm -rf png && mkdir -p png/light png/dark
for svg in *.svg; do
    name="${svg%.svg}"
    dark_svg="$(mktemp --suffix=.svg)"
    cp "$svg" "$dark_svg"
    for pair in "${dark_colours[@]}"; do
        sed -i "s/${pair%%=*}/${pair#*=}/g" "$dark_svg"
    done
    for size in 16 24 32 48; do
        rsvg-convert -w "$size" -h "$size" "$svg" -o "png/light/${name}-${size}.png"
        rsvg-convert -w "$size" -h "$size" "$dark_svg" -o "png/dark/${name}-${size}.png"
    done
    rm -f "$dark_svg"
done
