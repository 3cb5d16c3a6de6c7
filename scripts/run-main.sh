#!/bin/sh
# The main job (make run): the Japan report on the embedded 2024 world table, `tariffscope report` - Japan's trade
# profile, the routes of its value added to US final demand, and the 2025 tariff scenarios side by side (first-order
# burden and prices, general equilibrium). Writes report/index.html (open it in any browser) and the CSV files
# behind it; docs/REPORT.md. Falls back to the example table (WIOD 2011, 9 regions) when data/world2024 is absent.
# usage: sh scripts/run-main.sh [TARIFFSCOPE] [OUT_DIR]
set -eu
TSC=${1:-build/tariffscope}
OUT=${2:-report}
TABLE=data/world2024
if [ ! -f "$TABLE/meta.json" ]; then
    echo "run-main: data/world2024 is absent: reporting on the example table data/example/table (WIOD 2011, 9 regions)" >&2
    TABLE=data/example/table
fi
start=$(date +%s%N)
"$TSC" report "$TABLE" --focus JPN --out "$OUT"
end=$(date +%s%N)
echo
echo "The report is in $OUT/: open $OUT/index.html in a browser (self-contained, no network needed)."
awk -v a="$start" -v b="$end" 'BEGIN { printf "run-main: %.1f s\n", (b - a) / 1e9 }'
