#!/bin/sh
# Names a native table's tariff-schedule files in its meta.json ("tariffs", docs/FORMATS.md), paths relative to the
# table's folder, so that every command finds them without options. The table's writer ends meta.json with the
# goods_sectors array; the block goes after it.
# usage: sh scripts/set-table-tariffs.sh TABLE_DIR AGGREGATION HS_CONCORDANCE THETA BASE [BASE ...]
set -eu
[ $# -ge 5 ] || { echo "usage: set-table-tariffs.sh TABLE_DIR AGGREGATION HS_CONCORDANCE THETA BASE [BASE ...]" >&2; exit 2; }
dir=$1 agg=$2 hsc=$3 theta=$4
shift 4
bases=""
for b in "$@"; do bases="$bases${bases:+, }\"$b\""; done
awk -v agg="$agg" -v hsc="$hsc" -v theta="$theta" -v bases="$bases" '{ l[NR] = $0 } END {
    if (l[NR] != "}" || l[NR - 1] != "  ]") { print "set-table-tariffs: meta.json does not end with goods_sectors" > "/dev/stderr"; exit 1 }
    for (i = 1; i < NR - 1; i++) print l[i]
    print "  ],"
    print "  \"tariffs\": {"
    printf "    \"aggregation\": \"%s\",\n    \"hs_concordance\": \"%s\",\n    \"theta\": \"%s\",\n", agg, hsc, theta
    printf "    \"bases\": [%s]\n  }\n}", bases }' "$dir/meta.json" >"$dir/meta.json.new"
mv "$dir/meta.json.new" "$dir/meta.json"
