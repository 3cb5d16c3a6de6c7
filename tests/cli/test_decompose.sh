#!/bin/sh
# tariffscope decompose against decompr 7 and numpy reference files (wide layout, same column names), plus the
# long and JSON layouts, routes, and the errors of the command.
set -eu
. "$(dirname "$0")/lib.sh"

GVC=$SHARED/vectors/gvc
skip_if_absent "$GVC/leather"

# same_as_ref DATA FILE ARGS...: decompose DATA with ARGS in the wide layout equals the reference FILE (1e-9).
same_as_ref() {
    _data=$1; _file=$2; shift 2
    _out=$TMP/$_data-$_file
    expect_ok "$TSC" decompose "$GVC/$_data" --layout wide --out "$_out" "$@" || return 1
    same_csv "$_out" "$GVC/$_data/$_file" --rtol 1e-9 --atol 1e-9
}

for data in leather random5x4; do
    run_case "$data: kww" same_as_ref "$data" kww_country.csv --method kww
    run_case "$data: wwz (16 terms and decompr's diagnostics)" same_as_ref "$data" wwz_bilateral_sector.csv --method wwz
    run_case "$data: wwz2kww country" same_as_ref "$data" wwz2kww_country.csv --method wwz2kww
    run_case "$data: wwz2kww bilateral" same_as_ref "$data" wwz2kww_bilateral_sector.csv --method wwz2kww --level bilateral
    run_case "$data: bm exporter source, country" same_as_ref "$data" bm_country_exporter_source.csv --method bm
    run_case "$data: bm exporter source, sector" same_as_ref "$data" bm_sector_exporter_source.csv --method bm --level sector
    run_case "$data: bm exporter sink, sector" same_as_ref "$data" bm_sector_exporter_sink.csv --method bm --approach sink --level sector
    run_case "$data: bm world source" same_as_ref "$data" bm_country_world_source.csv --method bm --perspective world
    run_case "$data: bm world sink" same_as_ref "$data" bm_country_world_sink.csv --method bm --perspective world --approach sink
    run_case "$data: bm self, sector" same_as_ref "$data" bm_sector_self.csv --method bm --perspective self --level sector
    run_case "$data: bm imports, country" same_as_ref "$data" bm_imports_country.csv --method bm --perspective imports
    run_case "$data: tiva" same_as_ref "$data" numpy_tiva_country.csv --method tiva
    run_case "$data: leontief V^B" same_as_ref "$data" leontief_none.csv --method leontief --post none
    run_case "$data: leontief V^BE^" same_as_ref "$data" leontief_exports.csv --method leontief --post exports
    run_case "$data: leontief V^Bx^" same_as_ref "$data" leontief_output.csv --method leontief --post output
    run_case "$data: leontief V^BY" same_as_ref "$data" leontief_final_demand.csv --method leontief
done

case_long_layout() {  # the long layout holds the same numbers as the wide one
    expect_ok "$TSC" decompose "$GVC/leather" --method kww --out "$TMP/long.csv" || return 1
    head -1 "$TMP/long.csv" | grep -qx 'exporter,term,value' || why "long header: $(head -1 "$TMP/long.csv")"
    _v=$(awk -F, '$1 == "Turkey" && $2 == "DVA_FIN" {print $3}' "$TMP/long.csv")
    _w=$(awk -F, '$1 == "\"Turkey\"" {print $2}' "$GVC/leather/kww_country.csv" | tr -d '"')
    awk -v a="$_v" -v b="$_w" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-9 * b) }' ||
        why "long DVA_FIN of Turkey $_v, decompr $_w"
}
run_case "long layout" case_long_layout

case_json() {
    expect_ok "$TSC" decompose "$GVC/leather" --method tiva --json --out "$TMP/t.json" || return 1
    grep -q '"terms": \["EXGR"' "$TMP/t.json" || why "no terms list"
    grep -q '"exporter": "Germany"' "$TMP/t.json" || why "no Germany row"
}
run_case "JSON layout" case_json

case_routes() {  # routes of Argentina's value added to Germany: absorbed parts sum to FD_VA(Argentina, Germany)
    expect_ok "$TSC" decompose "$GVC/leather" --method routes --origin Argentina --destination Germany \
        --out "$TMP/routes.csv" || return 1
    head -1 "$TMP/routes.csv" | grep -qx 'origin,measure,route,route_kind,route_sector,destination,value' ||
        why "routes header"
    grep -q '^Argentina,absorbed,Turkey,via_third,,Germany,' "$TMP/routes.csv" || why "no via_third route"
    grep -q '^Argentina,crossing,Argentina,direct,Agriculture,Germany,' "$TMP/routes.csv" || why "no direct crossing"
    _sum=$(awk -F, '$2 == "absorbed" {s += $7} END {printf "%.15g", s}' "$TMP/routes.csv")
    # exvatools orders its columns fd.ARG, fd.TUR, fd.DEU
    _ref=$(awk -F, '$1 == "\"orig.ARG\"" {print $4}' "$GVC/leather/exvatools_get_va_fd_origin_x_dest.csv" | tr -d '"')
    awk -v a="$_sum" -v b="$_ref" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-9 * b) }' ||
        why "absorbed routes sum to $_sum, FD_VA(ARG, DEU) is $_ref"
}
run_case "routes: the finishing countries split FD_VA" case_routes

# Every WIOD 2013 year, rebalanced: sectors left without output that still sell (16 of the 17 years have some) get
# v = 1, and what such sectors buy counts as final use (2002's LVA c24 buys from abroad), so each decomposition passes
# its identity check (docs/FORMATS.md, Balance).
case_wiod_years() {
    _n=0
    for _dir in "$SHARED"/data/wiod2013/wiot_*; do
        _y=${_dir##*_}
        for _m in kww wwz bm tiva; do
            expect_ok "$TSC" decompose "$_dir" --rebalance --method "$_m" --out "$TMP/wiod-$_y-$_m.csv" || return 1
            _n=$((_n + 1))
        done
    done
    [ "$_n" -eq 68 ] || why "$_n runs, not 17 years x 4 methods"
}
if [ -d "$SHARED/data/wiod2013/wiot_1995" ]; then
    run_case "WIOD 2013, every year: the identities hold with sectors left without output" case_wiod_years
else
    skip_part "WIOD 2013 years: $SHARED/data/wiod2013 absent"
fi

case_errors() {
    mkdir -p "$TMP/err"
    expect_fail 2 'needs TABLE, --method' "$TSC" decompose "$GVC/leather" --out "$TMP/err/e1.csv" || return 1
    expect_fail 2 "unknown --method 'nope'" "$TSC" decompose "$GVC/leather" --method nope --out "$TMP/err/e2.csv" || return 1
    expect_fail 2 'kww is defined at country level' "$TSC" decompose "$GVC/leather" --method kww --level bilateral \
        --out "$TMP/err/e3.csv" || return 1
    expect_fail 2 'needs --origin' "$TSC" decompose "$GVC/leather" --method routes --out "$TMP/err/e4.csv" || return 1
    expect_fail 1 "unknown region code 'JPN'" "$TSC" decompose "$GVC/leather" --method routes --origin JPN \
        --out "$TMP/err/e5.csv" || return 1
    expect_fail 2 '--layout takes long or wide' "$TSC" decompose "$GVC/leather" --method kww --layout tall \
        --out "$TMP/err/e6.csv" || return 1
    [ -z "$(find "$TMP/err" -mindepth 1)" ] || why "files left behind: $(find "$TMP/err" -mindepth 1)"
}
run_case "errors: usage, unknown method/region, wrong level; no output left" case_errors

finish
