#!/bin/sh
# Derives the embedded example table data/example/table from the WIOD 2013 release (2011), by aggregation.
# usage: sh scripts/derive-example.sh [TARIFFSCOPE] [SHARED_DIR]
set -eu
TSC=${1:-build/tariffscope}
SHARED=${2:-../shared}
src="$SHARED/data/wiod2013/wiot_2011"
[ -d "$src" ] || { echo "derive-example: $src is absent" >&2; exit 1; }
"$TSC" aggregate "$src" --rebalance --concordance data/example/concordance.csv --out data/example/table
sh "$(dirname "$0")/set-table-tariffs.sh" data/example/table ../concordance.csv ../../concordance/hs2017_wiod.csv \
    ../../concordance/theta_wiod.csv ../../tariffs/us_2024_applied.csv ../../tariffs/cjk_2005_applied.csv
