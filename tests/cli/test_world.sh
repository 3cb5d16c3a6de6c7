# tariffscope split-region and update, and the committed 2024 world table data/world2024: a split sums back to the
# table it came from, an update meets its targets and writes its report, bad inputs fail with a message and leave
# nothing behind; the world table loads and balances without ../shared. With ../shared, the derivation
# (scripts/derive-world2024.sh) is rerun in a scratch copy and must give the committed table again.
# shellcheck disable=SC2317  # the case functions are called through run_case
set -eu
. "$(dirname "$0")/lib.sh"

WORLD=$SRC/data/world2024
TINY=$TMP/tiny
make_tiny "$TINY"

# max_gap DIR: the larger of the two balance gaps tariffscope info reports for the table at DIR.
max_gap() {
    "$TSC" info "$1" 2>/dev/null | awk '/identity/ { for (i = 1; i <= NF; i++) if ($i == "gap") { g = $(i + 1) + 0; if (g > m) m = g } }
        END { printf "%.3g\n", m }'
}

# balanced DIR TOL: the table's balance gaps are at most TOL.
balanced() {
    _g=$(max_gap "$1")
    awk -v g="$_g" -v t="$2" 'BEGIN { exit !(g <= t) }' || why "$1: balance gap $_g > $2"
}

case_world_table() {
    expect_ok "$TSC" info "$WORLD" || return 1
    file_has "$OUT" "^dimensions +14 regions x 18 sectors" || return 1
    file_has "$OUT" "^unit, year +USD million, 2024" || return 1
    file_has "$OUT" "productive" || return 1
    balanced "$WORLD" 1e-12
}

case_world_small() {  # the committed files stay small: under 2 MB
    _kb=$(du -sk "$WORLD" | cut -f1)
    [ "$_kb" -lt 2048 ] || why "data/world2024 takes $_kb KiB"
}

case_world_leontief() {
    expect_ok "$TSC" leontief "$WORLD" --out "$TMP/world.leontief" || return 1
    file_has "$TMP/world.leontief/multipliers.csv" "^JPN,TRANSPORT_EQUIPMENT,"
}

case_split_sums_back() {
    printf 'region,sector,share_x\nP,s1,0.2385\nP,s2,0.4\n' >"$TMP/shares.csv"
    rm -rf "$TMP/split"
    expect_ok "$TSC" split-region "$TINY" --region AA --into P,AA --shares "$TMP/shares.csv" --out "$TMP/split" || return 1
    file_has "$OUT" "^split AA \\(gross output [0-9.]+\\) into: P [0-9.]+ \\([0-9.]+%\\), AA " || return 1
    file_has "$OUT" "^wrote $(re_escape "$TMP/split") \\(3 regions x 2 sectors\\)" || return 1
    balanced "$TMP/split" 1e-14 || return 1
    printf 'kind,from,to\nregion,P,AA\n' >"$TMP/back.csv"
    rm -rf "$TMP/back" "$TMP/orig"
    expect_ok "$TSC" aggregate "$TMP/split" --concordance "$TMP/back.csv" --out "$TMP/back" || return 1
    expect_ok "$TSC" convert "$TINY" --out "$TMP/orig" || return 1
    for _f in Z.csv Y.csv x_va.csv; do
        same_csv "$TMP/orig/$_f" "$TMP/back/$_f" --rtol 1e-13 --atol 1e-12 || return 1
    done
}

case_split_output_rule_and_cache() {
    rm -f "$TMP/split.tsc"
    expect_ok "$TSC" split-region "$TINY" --region BB --into Q,R,BB --shares "$TMP/shares3.csv" --fd-rule output \
        --out "$TMP/split.tsc" --to cache || return 1
    expect_ok "$TSC" info "$TMP/split.tsc" || return 1
    file_has "$OUT" "^dimensions +4 regions x 2 sectors"
}

case_split_errors() {
    rm -rf "$TMP/bad"
    printf 'region,sector,share_x\nP,s1,0.7\nP,s2,0.4\nQ,s1,0.5\nQ,s2,0.1\n' >"$TMP/over.csv"
    expect_fail 1 "^tariffscope: $(re_escape "$TMP/over.csv"): shares of sector s1 sum to 1\\.2 > 1" \
        "$TSC" split-region "$TINY" --region AA --into P,Q,AA --shares "$TMP/over.csv" --out "$TMP/bad" || return 1
    expect_no_output "$TMP/bad" || return 1
    printf 'region,sector,share_x\nP,s1,0.2\nP,s3,0.1\n' >"$TMP/unknown.csv"
    expect_fail 1 "^tariffscope: $(re_escape "$TMP/unknown.csv"):3:3: unknown sector code 's3'" \
        "$TSC" split-region "$TINY" --region AA --into P,AA --shares "$TMP/unknown.csv" --out "$TMP/bad" || return 1
    expect_no_output "$TMP/bad" || return 1
    expect_fail 1 "unknown region code 'CC'" \
        "$TSC" split-region "$TINY" --region CC --into P,CC --shares "$TMP/shares.csv" --out "$TMP/bad" || return 1
    expect_fail 1 "part 'BB' is already a region" \
        "$TSC" split-region "$TINY" --region AA --into BB,AA --shares "$TMP/shares.csv" --out "$TMP/bad" || return 1
    expect_fail 2 "needs TABLE, --region" "$TSC" split-region "$TINY" --region AA --into P,AA --out "$TMP/bad" || return 1
    expect_fail 2 "--into takes 2 to" \
        "$TSC" split-region "$TINY" --region AA --into P --shares "$TMP/shares.csv" --out "$TMP/bad" || return 1
    expect_fail 2 "--fd-rule takes va or output" "$TSC" split-region "$TINY" --region AA --into P,AA \
        --shares "$TMP/shares.csv" --fd-rule gdp --out "$TMP/bad" || return 1
    expect_fail 2 "unknown option '--bogus'" "$TSC" split-region "$TINY" --bogus --region AA --into P,AA \
        --shares "$TMP/shares.csv" --out "$TMP/bad" || return 1
    expect_no_output "$TMP/bad"
}

case_update_meets_targets() {
    cat >"$TMP/targets.csv" <<'EOT'
kind,from_region,from_sector,to_region,to,value,note
# the tiny table's flows of AA to BB grow, BB's output and value added grow
ZY,AA,s1,BB,*,*1.75,"AA.s1 sold to BB, x 1.75"
Z,BB,*,AA,s2,12.385,
output,BB,*,*,*,*1.3,
va,BB,*,,,*1.3,
EOT
    rm -rf "$TMP/upd" "$TMP/report.csv"
    expect_ok "$TSC" update "$TINY" --targets "$TMP/targets.csv" --year 2024 --report "$TMP/report.csv" \
        --out "$TMP/upd" || return 1
    file_has "$OUT" "^update: 4 targets met in [0-9]+ sweeps .*; worst target gap [0-9.e+-]+ " || return 1
    file_has "$OUT" "^wrote $(re_escape "$TMP/report.csv")" || return 1
    balanced "$TMP/upd" 1e-13 || return 1
    expect_ok "$TSC" info "$TMP/upd" || return 1
    file_has "$OUT" "^unit, year .*2024" || return 1
    file_has "$TMP/report.csv" "^file,line,kind,from_region,from_sector,to_region,to,base,value,achieved,rel_gap,factor$" || return 1
    [ "$(awk -F, 'NR > 1' "$TMP/report.csv" | wc -l | tr -d ' ')" = 4 ] || { why "the report has not 4 rows"; return 1; }
    awk -F, 'NR > 1 { g = $11 < 0 ? -$11 : $11; if (g > 1e-9) bad = 1 } END { exit bad }' "$TMP/report.csv" ||
        why "a target is off in the report"
}

case_update_world() {
    printf 'kind,from_region,from_sector,to_region,to,value\noutput,JPN,*,*,*,*1.1\nva,JPN,*,*,*,*1.1\nZY,JPN,TRANSPORT_EQUIPMENT,USA,*,*0.85\n' \
        >"$TMP/world_targets.csv"
    rm -rf "$TMP/world2"
    expect_ok "$TSC" update "$WORLD" --targets "$TMP/world_targets.csv" --to native-gz --out "$TMP/world2" || return 1
    file_has "$OUT" "^update: 3 targets met" || return 1
    [ -f "$TMP/world2/Z.csv.gz" ] || { why "no Z.csv.gz"; return 1; }
    balanced "$TMP/world2" 1e-12
}

case_update_errors() {
    rm -rf "$TMP/bad" "$TMP/bad_report.csv"
    printf 'kind,from_region,from_sector,to_region,to,value\nZY,AA,s1,BB,*,-5\n' >"$TMP/sign.csv"
    expect_fail 1 "^tariffscope: infeasible target $(re_escape "$TMP/sign.csv"):2 .*keeps signs" \
        "$TSC" update "$TINY" --targets "$TMP/sign.csv" --report "$TMP/bad_report.csv" --out "$TMP/bad" || return 1
    expect_no_output "$TMP/bad" || return 1
    if [ -e "$TMP/bad_report.csv" ] || [ -e "$TMP/bad_report.csv.tmp" ]; then why "a report was left behind"; return 1; fi
    printf 'kind,from_region,from_sector,to_region,to,value\noutput,AA,*,*,*,100\noutput,AA,s1,*,*,40\noutput,AA,s2,*,*,70\n' \
        >"$TMP/contra.csv"
    expect_fail 1 "contradictory targets: .*contra\\.csv:2 .*values must agree" \
        "$TSC" update "$TINY" --targets "$TMP/contra.csv" --out "$TMP/bad" || return 1
    expect_no_output "$TMP/bad" || return 1
    printf 'kind,from_region,from_sector,to_region,to,value\nZY,AA,s1,CC,*,5\n' >"$TMP/label.csv"
    expect_fail 1 "^tariffscope: $(re_escape "$TMP/label.csv"):2:10: unknown region code 'CC'" \
        "$TSC" update "$TINY" --targets "$TMP/label.csv" --out "$TMP/bad" || return 1
    printf 'kind,from_region,from_sector,to_region,to,value\nZ,AA,s1|s2,AA,s1,10\nZ,AA,s1,AA,s1|s2,20\nZ,AA,s2,AA,s1,9\nZ,AA,s1,AA,s2,2\n' \
        >"$TMP/cycle.csv"
    expect_fail 1 "no convergence after [0-9]+ sweeps \\(the gap stopped shrinking\\)" \
        "$TSC" update "$TINY" --targets "$TMP/cycle.csv" --out "$TMP/bad" || return 1
    expect_no_output "$TMP/bad" || return 1
    expect_fail 2 "--solver-tolerance takes a number" \
        "$TSC" update "$TINY" --targets "$TMP/targets.csv" --solver-tolerance 2 --out "$TMP/bad" || return 1
    expect_fail 2 "--max-iter takes a whole number" \
        "$TSC" update "$TINY" --targets "$TMP/targets.csv" --max-iter abc --out "$TMP/bad" || return 1
    expect_fail 2 "needs TABLE, --targets" "$TSC" update "$TINY" --out "$TMP/bad" || return 1
    expect_no_output "$TMP/bad"
}

# gz_same A.csv.gz B.csv.gz: two gzip-compressed CSVs agree within 1e-9 relative.
gz_same() {
    gzip -dc "$1" >"$TMP/gz_a.csv" || { why "cannot decompress $1"; return 1; }
    gzip -dc "$2" >"$TMP/gz_b.csv" || { why "cannot decompress $2"; return 1; }
    same_csv "$TMP/gz_a.csv" "$TMP/gz_b.csv" --rtol 1e-9 --atol 1e-6
}

case_derivation_reproduces_the_table() {
    _p=$TMP/proj
    rm -rf "$_p"
    mkdir -p "$_p/scripts" "$_p/data/concordance" "$_p/data/world2024/derivation"
    cp "$SRC/scripts/derive-world2024.sh" "$SRC/scripts/set-table-tariffs.sh" "$_p/scripts/"
    cp "$SRC/data/concordance/hs2017_wiod.csv" "$_p/data/concordance/"
    cp "$SRC/data/world2024/derivation/concordance.csv" "$_p/data/world2024/derivation/"
    _shared=$(cd "$SHARED" && pwd)
    (cd "$_p" && sh scripts/derive-world2024.sh "$TSC" "$_shared") >"$OUT" 2>"$ERR" || { why "the derivation failed"; return 1; }
    for _f in Z.csv.gz Y.csv.gz x_va.csv.gz; do
        gz_same "$WORLD/$_f" "$_p/data/world2024/$_f" || return 1
    done
    for _f in row_split_shares.csv us_imports_2024.csv targets.csv article_sectors.csv; do
        same_csv "$WORLD/derivation/$_f" "$_p/data/world2024/derivation/$_f" --rtol 1e-12 || return 1
    done
    cmp -s "$WORLD/meta.json" "$_p/data/world2024/meta.json" || why "meta.json differs"
}

printf 'region,sector,share_x\nQ,s1,0.125\nQ,s2,0.25\nR,s1,0.5\nR,s2,0.3125\n' >"$TMP/shares3.csv"
run_case "world table: info" case_world_table
run_case "world table: small" case_world_small
run_case "world table: leontief" case_world_leontief
run_case "split-region: sums back" case_split_sums_back
run_case "split-region: output rule, cache" case_split_output_rule_and_cache
run_case "split-region: errors" case_split_errors
run_case "update: meets targets" case_update_meets_targets
run_case "update: world table" case_update_world
run_case "update: errors" case_update_errors
if [ -d "$SHARED/data/wiod2013/wiot_2011" ] && [ -d "$SHARED/data/us-tariffs-2025/hs10-imports-2024" ]; then
    run_case "derivation reproduces data/world2024" case_derivation_reproduces_the_table
else
    skip_part "$SHARED/data absent (the derivation is not rerun)"
fi
finish
