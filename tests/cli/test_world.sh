# tariffscope split-region and update, and the committed 2024 world table data/world2024: a split sums back to the
# table it came from, an update meets its targets and writes its report, bad inputs fail with a message and leave
# nothing behind; the world table loads and balances without ../shared. With ../shared, two kinds of checks:
# regression, the derivation (scripts/derive-world2024.sh) rerun in a scratch copy must give the committed table again
# (it catches a change, not an error: the committed table is the program's own output); and independent, the table
# against published figures (../shared/data/facts: the Ministry of Finance's yen figures) and against the US imports
# recomputed here with awk from the raw Census files.
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

# us_from_table ISO3: the table's sales of each sector of the partner to the USA, intermediate and final, in USD
# million (its rows of Z and Y summed over the USA columns), one "SECTOR value" a line.
us_from_table() {
    for _f in Z.csv.gz Y.csv.gz; do gzip -dc "$WORLD/$_f"; done |
        awk -F, -v p="$1" '$1 == "\"\"" { delete us; for (j = 2; j <= NF; j++) if ($j ~ /^"?USA\./) us[j] = 1; next }
            { k = $1; gsub(/"/, "", k); if (index(k, p ".") != 1) next; for (j in us) s[substr(k, length(p) + 2)] += $j }
            END { for (k in s) printf "%s %.6f\n", k, s[k] }'
}

# us_from_census CODE: the partner's 2024 US imports for consumption (CON_VAL_YR) in USD million by table sector,
# from its raw Census file: each HS10 line to the WIOD sector of its longest prefix in data/concordance/hs2017_wiod.csv
# (chapters 98-99 have none), then to the table's sector by data/world2024/derivation/concordance.csv; every sector
# that HS lines can reach is listed, with 0 when none does.
us_from_census() {
    gzip -dc "$SHARED/data/us-tariffs-2025/hs10-imports-2024/2024-hs10-imports$1.csv.gz" |
        awk -F, 'FILENAME == ARGV[1] { if (FNR > 1) sec[$1] = $2; next }
            FILENAME == ARGV[2] { if ($1 == "sector") agg[$2] = $3; next }
            FNR == 1 { for (i = 1; i <= NF; i++) { if ($i == "CON_VAL_YR") fv = i; if ($i == "I_COMMODITY") fh = i }; next }
            $fv > 0 { h = $fh; s = sec[substr(h, 1, 6)]; if (s == "") s = sec[substr(h, 1, 4)]; if (s == "") s = sec[substr(h, 1, 2)]
                      if (s != "") v[agg[s]] += $fv }
            END { for (h in sec) v[agg[sec[h]]] += 0; for (k in v) printf "%s %.6f\n", k, v[k] / 1e6 }' \
            "$SRC/data/concordance/hs2017_wiod.csv" "$WORLD/derivation/concordance.csv" -
}

# independent: the table's sales to the USA of six partners (not EU members, so no split), sector by sector, equal
# their 2024 US imports recomputed from the raw Census files: targets of the update, met to 1e-9 and written with 6
# decimals, so 1e-8 relative is the margin. The update scales flows and cannot create one: a sector where the 2011
# table had none keeps none (Taiwan's mining, 0.8 USD million), and one without Census lines keeps its 2011 flow
# scaled (China's and Japan's electricity); such sectors must stay below 0.5% of the partner's total (measured:
# 0.13% at most, China's 550 USD million of electricity).
case_world_us_imports_from_census() {
    for _p in 5880:JPN 5700:CHN 2010:MEX 1220:CAN 5330:IND 5830:TWN; do
        us_from_table "${_p#*:}" >"$TMP/us_table.txt"
        us_from_census "${_p%%:*}" >"$TMP/us_census.txt"
        awk -v p="${_p#*:}" 'FNR == NR { c[$1] = $2; tot += $2; next }
            { t[$1] = $2 }
            END { for (k in c) if (c[k] > 0 && t[k] > 0) { n++; d = t[k] - c[k]; if (d < 0) d = -d
                      if (d > 1e-8 * c[k]) { printf "%s %s: table %s, Census %s\n", p, k, t[k], c[k]; bad = 1 } }
                      else odd += c[k] + t[k]
                  if (n < 10) { printf "%s: only %d sectors compared\n", p, n; bad = 1 }
                  if (odd > 5e-3 * tot) { printf "%s: %s USD million in sectors on one side only\n", p, odd; bad = 1 }
                  exit bad }' "$TMP/us_census.txt" "$TMP/us_table.txt" >"$TMP/us_diff.txt" ||
            { why "$(head -3 "$TMP/us_diff.txt" | tr '\n' ';')"; return 1; }
    done
}

# independent: Japan's goods exports to the USA and China as shares of all its goods exports are the Ministry of
# Finance's finalized 2024 yen figures (../shared/data/facts/japan_trade_2024.csv: 21.2948, 18.8625 and 107.0979
# trillion JPY). The derivation rounds the shares to 6 decimals: 1e-5 relative is the margin.
case_world_japan_shares_from_facts() {
    _facts=$SHARED/data/facts/japan_trade_2024.csv
    _mof() { awk -F, -v item="$1" '$1 == item && $3 == "trillion JPY" && $4 == "2024" { print $2; exit }' "$_facts"; }
    _tot=$(_mof "Japan total goods exports (MOF finalized)")
    _us=$(_mof "Japan exports to USA (MOF finalized)")
    _cn=$(_mof "Japan exports to China (MOF finalized)")
    [ -n "$_tot" ] && [ -n "$_us" ] && [ -n "$_cn" ] || { why "MOF figures not found in $_facts"; return 1; }
    _goods=$(awk '/"goods_sectors"/ { on = 1; next } on && /\]/ { exit } on { gsub(/[ ",]/, ""); printf "%s ", $0 }' "$WORLD/meta.json")
    # the table's goods sales of JPN by buying region (Z and Y columns), Japan itself left out
    for _f in Z.csv.gz Y.csv.gz; do gzip -dc "$WORLD/$_f"; done |
        awk -F, -v goods="$_goods" 'BEGIN { n = split(goods, g, " "); for (i = 1; i <= n; i++) isg["JPN." g[i]] = 1 }
            $1 == "\"\"" { delete reg; for (j = 2; j <= NF; j++) { r = $j; gsub(/"/, "", r); sub(/\..*/, "", r); reg[j] = r }; next }
            { k = $1; gsub(/"/, "", k); if (!(k in isg)) next; for (j in reg) if (reg[j] != "JPN") s[reg[j]] += $j }
            END { for (r in s) { all += s[r] }; printf "%.12f %.12f\n", s["USA"] / all, s["CHN"] / all }' >"$TMP/jpn_shares.txt"
    read -r _su _sc <"$TMP/jpn_shares.txt"
    awk -v a="$_su" -v b="$_us" -v c="$_sc" -v d="$_cn" -v t="$_tot" 'BEGIN {
            u = b / t; h = d / t; du = a / u - 1; dc = c / h - 1; if (du < 0) du = -du; if (dc < 0) dc = -dc
            exit !(du <= 1e-5 && dc <= 1e-5) }' ||
        why "Japan's shares: USA $_su (MOF $_us / $_tot), China $_sc (MOF $_cn / $_tot)"
}

# regression: the derivation rerun from ../shared gives the committed table again
case_derivation_reproduces_the_table() {
    _p=$TMP/proj
    rm -rf "$_p"
    mkdir -p "$_p/scripts" "$_p/data/concordance" "$_p/data/world2024/derivation"
    cp "$SRC/scripts/derive-world2024.sh" "$SRC/scripts/set-table-tariffs.sh" "$SRC/scripts/world2024-checks.py" "$_p/scripts/"
    cp "$SRC/data/concordance/hs2017_wiod.csv" "$_p/data/concordance/"
    cp "$SRC/data/world2024/derivation/concordance.csv" "$_p/data/world2024/derivation/"
    _shared=$(cd "$SHARED" && pwd)
    (cd "$_p" && sh scripts/derive-world2024.sh "$TSC" "$_shared") >"$OUT" 2>"$ERR" || { why "the derivation failed"; return 1; }
    for _f in Z.csv.gz Y.csv.gz x_va.csv.gz; do
        gz_same "$WORLD/$_f" "$_p/data/world2024/$_f" || return 1
    done
    for _f in row_split_shares.csv us_imports_2024.csv targets.csv article_sectors.csv adb_shares_2022.csv checks.csv; do
        same_csv "$WORLD/derivation/$_f" "$_p/data/world2024/derivation/$_f" --rtol 1e-12 || return 1
    done
    cmp -s "$WORLD/sources.csv" "$_p/data/world2024/sources.csv" || { why "sources.csv differs"; return 1; }
    cmp -s "$WORLD/meta.json" "$_p/data/world2024/meta.json" || why "meta.json differs"
}

# independent: the fidelity table recomputed from the published sources and the table's own files; every gap within
# its tolerance (the script exits 1 otherwise), and the committed checks.csv is what it gives
case_world_checks() {
    python3 "$SRC/scripts/world2024-checks.py" "$WORLD" "$SHARED" >"$TMP/checks.csv" 2>"$ERR" ||
        { why "gaps pass their tolerance: $(grep -c ',no,' "$TMP/checks.csv") rows; $(cat "$ERR")"; return 1; }
    _rows=$(awk 'END { print NR - 1 }' "$TMP/checks.csv")
    [ "$_rows" -ge 600 ] || { why "checks.csv has $_rows rows"; return 1; }
    cmp -s "$TMP/checks.csv" "$WORLD/derivation/checks.csv" || why "data/world2024/derivation/checks.csv is not what the checks give"
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
if [ -d "$SHARED/data/wiod2013/wiot_2011" ] && [ -d "$SHARED/data/us-tariffs-2025/hs10-imports-2024" ] &&
    [ -d "$SHARED/data/adb-mrio-2017-2022" ]; then
    run_case "regression: the derivation reproduces data/world2024" case_derivation_reproduces_the_table
    run_case "independent: US imports from six partners in the table == the raw Census files" case_world_us_imports_from_census
    run_case "independent: the fidelity table, every gap within its tolerance" case_world_checks
else
    skip_part "$SHARED/data absent (the derivation is not rerun, the table not checked against the Census files)"
fi
if [ -f "$SHARED/data/facts/japan_trade_2024.csv" ]; then
    run_case "independent: Japan's export shares to the USA and China == the MOF's 2024 figures" case_world_japan_shares_from_facts
else
    skip_part "$SHARED/data/facts absent (the table is not checked against published figures)"
fi
finish
