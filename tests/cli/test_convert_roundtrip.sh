# tariffscope convert and aggregate: a table written as native CSVs (%.17g), gzip-compressed native CSVs, pymrio's text
# layout or a binary cache reads back to the same numbers, bit for bit; aggregation preserves the totals. Runs on the hand-made tiny
# table always, and on the decompr tables of ../shared/vectors/gvc when they are there.
# shellcheck disable=SC2317  # the case functions are called through run_case
set -eu
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/tables"
make_tiny "$TMP/tables/tiny"
TABLES=tiny
for t in leather random5x4; do
    if [ -e "$SHARED/vectors/gvc/$t/input_Z.csv" ]; then
        ln -s "$SHARED/vectors/gvc/$t" "$TMP/tables/$t"
        TABLES="$TABLES $t"
    else
        skip_part "$SHARED/vectors/gvc/$t absent (its cases are not run)"
    fi
done

# sum_col FILE N: the sum of the numeric column N of a CSV file with a header, as %.17g.
sum_col() { awk -F, -v c="$2" 'NR > 1 { gsub(/"/, ""); s += $c } END { printf "%.17g\n", s }' "$1"; }

# sum_matrix FILE: the sum of every value of a labelled matrix CSV (header row, label column).
sum_matrix() { awk -F, 'NR > 1 { gsub(/"/, ""); for (j = 2; j <= NF; j++) s += $j } END { printf "%.17g\n", s }' "$1"; }

# close A B WHAT: the numbers A and B agree within 1e-12 relative.
close() {
    awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; m = (a < 0 ? -a : a); if ((b < 0 ? -b : b) > m) m = (b < 0 ? -b : b)
        exit !(d <= 1e-12 * m) }' || why "$3: $1 vs $2"
}

# totals_line DIR: the info lines that describe the table's content (not its path).
info_lines() { "$TSC" info "$1" 2>/dev/null | grep -E '^(dimensions|totals|balance|  +column|degenerate|A  |I - A)'; }

case_original() {
    rm -rf "${TMP:?}/$1"; mkdir -p "$TMP/$1"
    expect_ok "$TSC" leontief "$TMP/tables/$1" --out "$TMP/$1/out.orig" --inverse
}

# convert_to T KIND PATH: converts table T to KIND at $TMP/T/PATH.
case_convert() {
    _p=$TMP/$1/$3
    expect_ok "$TSC" convert "$TMP/tables/$1" --out "$_p" --to "$2" || return 1
    file_has "$OUT" "^wrote $(re_escape "$_p") \\([0-9]+ regions x [0-9]+ sectors\\)" || return 1
    case $2 in
        native) _want="Y.csv Z.csv meta.json x_va.csv " ;;
        native-gz) _want="Y.csv.gz Z.csv.gz meta.json x_va.csv.gz " ;;
        pymrio) _want="Y.txt Z.txt factor_inputs file_parameters.json metadata.json unit.txt x.txt " ;;
        cache)
            [ -f "$_p" ] || { why "$_p is not a file"; return 1; }
            [ "$(head -c 6 "$_p")" = "TSCTAB" ] || { why "$_p does not start with the TSCTAB magic"; return 1; }
            return 0 ;;
    esac
    _files=$(find "$_p" -mindepth 1 -maxdepth 1 -print | sed 's|.*/||' | sort | tr '\n' ' ')
    [ "$_files" = "$_want" ] || why "$_p holds: $_files"
}

case_same_numbers() {  # leontief on the converted table == on the original, exactly (csvdiff --rtol 0 --atol 0)
    rm -rf "$TMP/$1/out.$2"
    expect_ok "$TSC" leontief "$TMP/$1/$2" --out "$TMP/$1/out.$2" --inverse || return 1
    same_outputs "$TMP/$1/out.orig" "$TMP/$1/out.$2" --rtol 0 --atol 0
}

case_same_info() {  # info reports the same dimensions, totals, balance and conditioning
    info_lines "$TMP/tables/$1" >"$TMP/$1/info.orig"
    info_lines "$TMP/$1/$2" >"$TMP/$1/info.$2"
    [ -s "$TMP/$1/info.orig" ] || { why "no info output"; return 1; }
    cmp -s "$TMP/$1/info.orig" "$TMP/$1/info.$2" || why "info differs: $(diff "$TMP/$1/info.orig" "$TMP/$1/info.$2" | head -4 | tr '\n' ' ')"
}

case_meta() {  # meta.json lists the labels in order
    _m=$TMP/$1/native/meta.json
    file_has "$_m" '"format": "tariffscope-native"' || return 1
    _first=$(awk -F, 'NR == 1 { gsub(/"/, ""); print $2; exit }' "$TMP/tables/$1/input_Z.csv")
    _region=${_first%%.*}; _sector=${_first#*.}
    file_has "$_m" "\"$_region\"" || return 1
    file_has "$_m" "\"$_sector\""
}

case_native_idempotent() {  # native -> native rewrites the same bytes; native-gz, pymrio and cache -> native too
    for _src in native native-gz pymrio cache.tsc; do
        rm -rf "$TMP/$1/re.$_src"
        expect_ok "$TSC" convert "$TMP/$1/$_src" --out "$TMP/$1/re.$_src" || return 1
        for _f in Z.csv Y.csv x_va.csv; do
            cmp -s "$TMP/$1/native/$_f" "$TMP/$1/re.$_src/$_f" || { why "$_f from $_src differs from the first native"; return 1; }
        done
    done
}

case_gz_content() {  # the .csv.gz files hold exactly the native CSVs
    for _f in Z.csv Y.csv x_va.csv; do
        gzip -dc "$TMP/$1/native-gz/$_f.gz" | cmp -s - "$TMP/$1/native/$_f" || { why "$_f.gz differs from $_f"; return 1; }
    done
}

case_cache_idempotent() {  # cache -> cache and native -> cache give the same bytes
    rm -f "$TMP/$1/re1.tsc" "$TMP/$1/re2.tsc"
    expect_ok "$TSC" convert "$TMP/$1/cache.tsc" --out "$TMP/$1/re1.tsc" --to cache || return 1
    expect_ok "$TSC" convert "$TMP/$1/native" --out "$TMP/$1/re2.tsc" --to cache || return 1
    cmp -s "$TMP/$1/cache.tsc" "$TMP/$1/re1.tsc" || { why "cache -> cache changed bytes"; return 1; }
    cmp -s "$TMP/$1/cache.tsc" "$TMP/$1/re2.tsc" || why "native -> cache differs from the first cache"
}

case_in_place() {  # converting a native folder onto itself leaves it the same, with no temporaries
    cp -R "$TMP/$1/native" "$TMP/$1/inplace"
    expect_ok "$TSC" convert "$TMP/$1/inplace" --out "$TMP/$1/inplace" || return 1
    for _f in Z.csv Y.csv x_va.csv; do
        cmp -s "$TMP/$1/native/$_f" "$TMP/$1/inplace/$_f" || { why "$_f changed"; return 1; }
    done
    _hidden=$(hidden_files "$TMP/$1/inplace")
    [ -z "$_hidden" ] || why "temporaries left: $_hidden"
}

case_format_option() {  # --format names the layout explicitly; the wrong one is refused
    rm -rf "$TMP/$1/out.fmt"
    expect_ok "$TSC" leontief "$TMP/$1/native" --format native --out "$TMP/$1/out.fmt" || return 1
    rm -rf "$TMP/$1/out.fmt"
    expect_ok "$TSC" leontief "$TMP/$1/cache.tsc" --format cache --out "$TMP/$1/out.fmt" || return 1
    rm -rf "$TMP/$1/out.fmt"
    expect_ok "$TSC" leontief "$TMP/tables/$1" --format labelled --out "$TMP/$1/out.fmt" || return 1
    rm -rf "$TMP/$1/out.fmt"
    expect_ok "$TSC" leontief "$TMP/$1/pymrio" --format pymrio --out "$TMP/$1/out.fmt" || return 1
    expect_fail 1 'file_parameters.json' "$TSC" info "$TMP/$1/native" --format pymrio || return 1
    expect_fail 1 'not a tariffscope cache file' "$TSC" info "$TMP/$1/native" --format cache
}

# ---- aggregation --------------------------------------------------------------------------------------------------
# concordance T: a concordance for table T that merges its last two regions and its first two sectors.
concordance() {
    _z=$TMP/tables/$1/input_Z.csv
    awk -F, 'NR == 1 { gsub(/"/, ""); for (j = 2; j <= NF; j++) { p = index($j, "."); r = substr($j, 1, p - 1); s = substr($j, p + 1)
            if (!(r in R)) { R[r] = 1; regions[++g] = r }; if (!(s in S)) { S[s] = 1; sectors[++n] = s } }
        print "kind,from,to"
        print "region," regions[g - 1] ",MERGED"; print "region," regions[g] ",MERGED"
        print "sector," sectors[1] ",FIRST2"; print "sector," sectors[2] ",FIRST2"; exit }' "$_z"
}

case_aggregate() {
    concordance "$1" >"$TMP/$1/conc.csv"
    rm -rf "$TMP/$1/agg"
    expect_ok "$TSC" aggregate "$TMP/tables/$1" --concordance "$TMP/$1/conc.csv" --out "$TMP/$1/agg" || return 1
    file_has "$OUT" "^wrote .*agg \\(" || return 1
    file_has "$TMP/$1/agg/meta.json" '"MERGED"' || return 1
    file_has "$TMP/$1/agg/meta.json" '"FIRST2"'
}

case_aggregate_totals() {  # total output, total value added, total Z and total final demand are preserved
    close "$(sum_col "$TMP/$1/agg/x_va.csv" 2)" "$(sum_col "$TMP/$1/native/x_va.csv" 2)" "total output" || return 1
    close "$(sum_col "$TMP/$1/agg/x_va.csv" 3)" "$(sum_col "$TMP/$1/native/x_va.csv" 3)" "total value added" || return 1
    close "$(sum_matrix "$TMP/$1/agg/Z.csv")" "$(sum_matrix "$TMP/$1/native/Z.csv")" "total intermediate use" || return 1
    close "$(sum_matrix "$TMP/$1/agg/Y.csv")" "$(sum_matrix "$TMP/$1/native/Y.csv")" "total final demand"
}

case_aggregate_rows() {  # each aggregated x is the sum of its members' x (read from the native copy)
    awk -F, -v conc="$TMP/$1/conc.csv" '
        BEGIN { while ((getline line < conc) > 0) { split(line, f, ","); if (f[1] == "region") R[f[2]] = f[3]; if (f[1] == "sector") S[f[2]] = f[3] } }
        NR > 1 { gsub(/"/, ""); p = index($1, "."); r = substr($1, 1, p - 1); s = substr($1, p + 1)
            if (r in R) r = R[r]; if (s in S) s = S[s]; k = r "." s; if (!(k in x)) o[++n] = k; x[k] += $2 }
        END { print "row,x"; for (i = 1; i <= n; i++) printf "%s,%.17g\n", o[i], x[o[i]] }' \
        "$TMP/$1/native/x_va.csv" | sort >"$TMP/$1/agg_x_expected.csv"
    awk -F, '{ gsub(/"/, ""); print $1 "," $2 }' "$TMP/$1/agg/x_va.csv" | sort >"$TMP/$1/agg_x_got.csv"
    same_csv "$TMP/$1/agg_x_got.csv" "$TMP/$1/agg_x_expected.csv" --rtol 1e-12
}

case_aggregate_runs() {  # the aggregated table loads, balances and is productive; V^BY still sums to total va
    rm -rf "$TMP/$1/out.agg"
    expect_ok "$TSC" leontief "$TMP/$1/agg" --out "$TMP/$1/out.agg" || return 1
    close "$(sum_col "$TMP/$1/out.agg/va_origin_destination.csv" 4)" "$(sum_col "$TMP/$1/native/x_va.csv" 3)" \
        "sum of aggregated V^BY vs total value added"
}

case_aggregate_identity() {  # a concordance with no rows changes nothing: same numbers, bit for bit
    echo "kind,from,to" >"$TMP/$1/conc_none.csv"
    rm -rf "$TMP/$1/agg0" "$TMP/$1/out.agg0"
    expect_ok "$TSC" aggregate "$TMP/tables/$1" --concordance "$TMP/$1/conc_none.csv" --out "$TMP/$1/agg0" || return 1
    for _f in Z.csv Y.csv x_va.csv; do
        cmp -s "$TMP/$1/native/$_f" "$TMP/$1/agg0/$_f" || { why "$_f changed by an empty concordance"; return 1; }
    done
    expect_ok "$TSC" leontief "$TMP/$1/agg0" --out "$TMP/$1/out.agg0" --inverse || return 1
    same_outputs "$TMP/$1/out.orig" "$TMP/$1/out.agg0" --rtol 0 --atol 0
}

case_aggregate_to_one() {  # everything into one region and one sector: output multiplier 1/(1 - Z/x) = x/va
    awk -F, 'NR == 1 { gsub(/"/, ""); print "kind,from,to"; for (j = 2; j <= NF; j++) { p = index($j, "."); r = substr($j, 1, p - 1); s = substr($j, p + 1)
            if (!(r in R)) { R[r] = 1; print "region," r ",WORLD" }; if (!(s in S)) { S[s] = 1; print "sector," s ",ALL" } }; exit }' \
        "$TMP/tables/$1/input_Z.csv" >"$TMP/$1/conc_one.csv"
    rm -rf "$TMP/$1/agg1" "$TMP/$1/out.agg1"
    expect_ok "$TSC" aggregate "$TMP/tables/$1" --concordance "$TMP/$1/conc_one.csv" --out "$TMP/$1/agg1" --to cache || return 1
    expect_ok "$TSC" leontief "$TMP/$1/agg1" --out "$TMP/$1/out.agg1" || return 1
    [ "$(wc -l <"$TMP/$1/out.agg1/multipliers.csv")" -eq 2 ] || { why "not a 1 x 1 table"; return 1; }
    _m=$(awk -F, 'NR == 2 { print $4 }' "$TMP/$1/out.agg1/multipliers.csv")
    _xv=$(awk -F, 'NR == 2 { printf "%.17g\n", $3 / ($3 * $5) }' "$TMP/$1/out.agg1/multipliers.csv")
    close "$_m" "$_xv" "output multiplier vs x/va" || return 1
    close "$(awk -F, 'NR == 2 { print $3 }' "$TMP/$1/out.agg1/multipliers.csv")" "$(sum_col "$TMP/$1/native/x_va.csv" 2)" "world output"
}

case_aggregate_native_gz() {  # aggregate --to native-gz reads back to the same numbers as --to native
    rm -rf "$TMP/$1/aggz" "$TMP/$1/out.aggz"
    expect_ok "$TSC" aggregate "$TMP/tables/$1" --concordance "$TMP/$1/conc.csv" --out "$TMP/$1/aggz" --to native-gz || return 1
    expect_ok "$TSC" leontief "$TMP/$1/aggz" --out "$TMP/$1/out.aggz" || return 1
    same_outputs "$TMP/$1/out.agg" "$TMP/$1/out.aggz" --rtol 0 --atol 0
}

# ---- rebalance and degenerate tables survive the round trip --------------------------------------------------------
case_rebalanced_roundtrip() {  # convert --rebalance writes the rebalanced x, which then loads without --rebalance
    rm -rf "$TMP/unbal" "$TMP/unbal.native"
    make_tiny "$TMP/unbal"
    edit "$TMP/unbal/input_x_va.csv" '3s/^AA\.s2,71\.6,/AA.s2,78.76,/'
    expect_fail 1 'rebalance' "$TSC" convert "$TMP/unbal" --out "$TMP/unbal.native" || return 1
    expect_ok "$TSC" convert "$TMP/unbal" --out "$TMP/unbal.native" --rebalance || return 1
    expect_ok "$TSC" info "$TMP/unbal.native" || return 1
    close "$(awk -F, '$1 == "AA.s2" { print $2 }' "$TMP/unbal.native/x_va.csv")" 71.6 "rebalanced x of AA.s2"
}

case_stale_gz_files() {  # native written over an earlier native-gz folder must read back as the new table
    rm -rf "$TMP/stale" "$TMP/tiny2"
    make_tiny "$TMP/tiny2"
    edit "$TMP/tiny2/input_Yfd.csv" '2s/^AA\.s1,21\.4,/AA.s1,22.4,/'
    edit "$TMP/tiny2/input_x_va.csv" '2s/^AA\.s1,59\.95,38\.4$/AA.s1,60.95,39.4/'
    expect_ok "$TSC" convert "$TMP/tables/tiny" --out "$TMP/stale" --to native-gz || return 1
    expect_ok "$TSC" convert "$TMP/tiny2" --out "$TMP/stale" --to native || return 1
    info_lines "$TMP/tiny2" >"$TMP/stale.want"
    info_lines "$TMP/stale" >"$TMP/stale.got"
    cmp -s "$TMP/stale.want" "$TMP/stale.got" ||
        why "reads the old table: $(grep totals "$TMP/stale.got") instead of $(grep totals "$TMP/stale.want")"
}

# relabelled TO_REGION TO_SECTOR: the tiny table's clean leontief outputs with region AA and sector s1 renamed, as
# CSV fields (quoted by the caller when needed), into $TMP/relabel.want/.
relabelled() {
    mkdir -p "$TMP/relabel.want"
    awk -F, -v r="$1" -v s="$2" 'BEGIN { OFS = "," } NR > 1 { if ($1 == "AA") $1 = r; if ($2 == "s1") $2 = s } { print }' \
        "$TMP/tiny/out.orig/multipliers.csv" >"$TMP/relabel.want/multipliers.csv"
    awk -F, -v r="$1" -v s="$2" 'BEGIN { OFS = "," } NR > 1 { if ($1 == "AA") $1 = r; if ($2 == "s1") $2 = s; if ($3 == "AA") $3 = r } { print }' \
        "$TMP/tiny/out.orig/va_origin_destination.csv" >"$TMP/relabel.want/va_origin_destination.csv"
}

# rename_run CONCORDANCE_TEXT TO_REGION_FIELD TO_SECTOR_FIELD: aggregate tiny by a renaming-only concordance; its
# leontief outputs are the clean ones under the new labels, bit for bit (one member per target: exact sums).
rename_run() {
    printf '%s' "$1" >"$TMP/rename.csv"
    rm -rf "$TMP/renamed" "$TMP/out.renamed" "$TMP/relabel.want"
    expect_ok "$TSC" aggregate "$TMP/tables/tiny" --concordance "$TMP/rename.csv" --out "$TMP/renamed" || return 1
    expect_ok "$TSC" leontief "$TMP/renamed" --out "$TMP/out.renamed" || return 1
    relabelled "$2" "$3"
    same_outputs "$TMP/relabel.want" "$TMP/out.renamed" --rtol 0 --atol 0
}
case_rename() {
    rename_run 'kind,from,to
region,AA,WW
sector,s1,t1
' WW t1
}
case_rename_csv_labels() {  # labels holding a comma and a quote must come out as quoted CSV fields
    rename_run 'kind,from,to
region,AA,"X,Y"
sector,s1,"q""t"
' '"X,Y"' '"q""t"'
}

for t in $TABLES; do
    run_case "$t: leontief on the original" case_original "$t"
    run_case "$t: convert --to native" case_convert "$t" native native
    run_case "$t: convert --to native-gz" case_convert "$t" native-gz native-gz
    run_case "$t: convert --to cache" case_convert "$t" cache cache.tsc
    run_case "$t: convert --to pymrio" case_convert "$t" pymrio pymrio
    run_case "$t: native: same leontief outputs, bit for bit" case_same_numbers "$t" native
    run_case "$t: native-gz: same leontief outputs, bit for bit" case_same_numbers "$t" native-gz
    run_case "$t: cache: same leontief outputs, bit for bit" case_same_numbers "$t" cache.tsc
    run_case "$t: pymrio: same leontief outputs, bit for bit" case_same_numbers "$t" pymrio
    run_case "$t: pymrio: same info" case_same_info "$t" pymrio
    run_case "$t: native: same info" case_same_info "$t" native
    run_case "$t: cache: same info" case_same_info "$t" cache.tsc
    run_case "$t: meta.json format tag and labels" case_meta "$t"
    run_case "$t: native/native-gz/pymrio/cache -> native rewrite the same bytes" case_native_idempotent "$t"
    run_case "$t: native-gz files hold the native CSVs" case_gz_content "$t"
    run_case "$t: cache -> cache and native -> cache: same bytes" case_cache_idempotent "$t"
    run_case "$t: convert a native folder onto itself" case_in_place "$t"
    run_case "$t: --format native|cache|labelled" case_format_option "$t"
    run_case "$t: aggregate (2 regions and 2 sectors merged)" case_aggregate "$t"
    run_case "$t: aggregate preserves total output, va, Z and final demand" case_aggregate_totals "$t"
    run_case "$t: aggregated x == sums of the members' x" case_aggregate_rows "$t"
    run_case "$t: aggregated table runs; V^BY sums to total va" case_aggregate_runs "$t"
    run_case "$t: aggregate with an empty concordance changes nothing" case_aggregate_identity "$t"
    run_case "$t: aggregate to 1 x 1 (cache): multiplier == x/va" case_aggregate_to_one "$t"
    run_case "$t: aggregate --to native-gz: same numbers as native" case_aggregate_native_gz "$t"
done
run_case "convert --rebalance writes a balanced table" case_rebalanced_roundtrip
run_case "aggregate renaming only: same numbers under the new labels" case_rename
run_case "aggregate to labels with a comma and a quote: leontief outputs stay valid CSV" \
    case_rename_csv_labels
run_case "convert --to native over an earlier native-gz folder" \
    case_stale_gz_files
finish
