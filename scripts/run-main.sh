#!/bin/sh
# The main job on the embedded data. Until the Japan report exists: describe and analyse the example table.
set -eu
TSC=${1:-build/tariffscope}
OUT=${2:-out/example}
echo "== tariffscope info data/example/table --system"
"$TSC" info data/example/table --system
echo
echo "== tariffscope leontief data/example/table --out $OUT"
"$TSC" leontief data/example/table --out "$OUT"
echo
echo "Highest output multipliers (region, sector, multiplier):"
sort -t, -k4,4 -g -r "$OUT/multipliers.csv" | grep -v '^region' | head -5 | awk -F, '{printf "  %-4s %-22s %.3f\n", $1, $2, $4}'
