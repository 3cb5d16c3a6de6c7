#!/bin/sh
# Derives the trade_weight column of data/concordance/theta_wiod.csv: each WIOD industry's world imports in the WIOD
# 2013 release, year 2011 (the detailed table data/example and data/world2024 are aggregated from), USD million:
# the sum over every pair of different countries of the industry's intermediate (Z) and final (F, all five
# categories) sales, i.e. every off-diagonal flow of its rows. Rounded to whole USD million (WIOD stores integers).
# Prints sector,trade_weight for c1..c35; data/concordance/README_theta.md says how the column is used.
# usage: sh scripts/derive-theta-weights.sh [SHARED_DIR]      (run from the project's top folder)
set -eu
SHARED=${1:-../shared}
src="$SHARED/data/wiod2013/wiot_2011"
for f in "$src/Z.csv.gz" "$src/F.csv.gz"; do
    [ -e "$f" ] || { echo "derive-theta-weights: $f is absent" >&2; exit 1; }
done
# Row and column labels are CTY_cN (rows) and CTY_cN or CTY_CATEGORY (columns); the first field of a row is its label.
{ gzip -dc "$src/Z.csv.gz" | sed 's/^/Z,/'; gzip -dc "$src/F.csv.gz" | sed 's/^/F,/'; } | awk -F, '
$2 == "" { for (j = 3; j <= NF; j++) { c = $j; sub(/_.*/, "", c); country[$1, j] = c }; next }
{
    cr = $2; sub(/_.*/, "", cr); k = $2; sub(/^[^_]*_/, "", k)
    for (j = 3; j <= NF; j++) if (country[$1, j] != cr) w[k] += $j
}
END {
    print "sector,trade_weight"
    for (i = 1; i <= 35; i++) printf "c%d,%.0f\n", i, w["c" i]
}'
