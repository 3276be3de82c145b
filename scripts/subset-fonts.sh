#!/bin/sh
# Subsets the shipped fonts (resources/fonts, the PDF's own) to Latin WOFF2 for the app's renderer, so the app
# and the pack are set in the same type. Needs Debian's python3-fonttools and python3-brotli; the output is
# committed under renderer/public/fonts/, so building the app does not need Python.
set -eu
cd "$(dirname "$0")/.."
OUT=renderer/public/fonts
UNICODES="U+0000-00FF,U+0131,U+0152-0153,U+02C6,U+02DA,U+02DC,U+2010-2027,U+2030,U+2032-2033,U+2039-203A,U+20AC,U+2122,U+2190-2195,U+2212,U+2248,U+2260,U+2264-2265,U+2713-2717,U+25CF,U+25CB"
mkdir -p "$OUT"
for pair in Inter-Regular.otf:inter-regular Inter-SemiBold.otf:inter-semibold DejaVuSansMono.ttf:dejavu-sans-mono; do
  src=${pair%%:*}
  dst=${pair##*:}
  /usr/bin/python3 -m fontTools.subset "resources/fonts/$src" --unicodes="$UNICODES" --layout-features='kern,tnum' \
    --flavor=woff2 --output-file="$OUT/$dst.woff2"
done
cp resources/fonts/Inter-LICENSE.txt resources/fonts/DejaVuSansMono-LICENSE.txt "$OUT/"
ls -l "$OUT"
