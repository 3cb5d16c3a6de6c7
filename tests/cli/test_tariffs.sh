# tariffscope tariffs: aggregate (import weights and rates by sector) and effective (a scenario's rates line by line),
# on hand-made import files (exact outputs), their errors located at file:line:col, and, with ../shared, the real
# 2024 US imports: weights that keep the totals, the shipped scenarios applied to WIOD 2011 through them, and the
# effective rates of the August 2025 scenario against the tariff tracker. The 2024 applied rates are checked twice:
# as a regression test against data/tariffs/us_2024_applied.csv (which the program wrote itself, through
# scripts/derive-us-2024-applied.sh: it catches a change, not an error), and independently, recomputed here with awk
# from the raw Census files and the HS concordance for three partners.
# shellcheck disable=SC2317  # the case functions are called through run_case
set -eu
. "$(dirname "$0")/lib.sh"

D=$TMP/data
mkdir -p "$D/imp" "$D/hts" "$D/hs2"
HEAD="CTY_NAME,CON_VAL_YR,CAL_DUT_YR,I_COMMODITY,CTY_CODE"
printf '%s\n' "cty_code,iso3" "5880,JPN" "5800,KOR" "4280,DEU" "4850,ROU" "4359,SVK" >"$D/hts/census_to_iso3.csv"
printf '%s\n' "cty_code,partner,country_name" "4280,eu,Germany" "4850,eu,Romania" "4359,eu,Slovakia" \
    >"$D/hts/country_partner_mapping.csv"
printf '%s\n' "$HEAD" "JAPAN,1000.5,25.0125,8703230190,5880" "JAPAN,250,0,8471300100,5880" \
    "JAPAN,40,10,0201100000,5880" "JAPAN,7.25,0,9801001012,5880" >"$D/imp/2024-hs10-imports5880.csv"
printf '%s\n' "$HEAD" '"KOREA, SOUTH",600,15,8703230190,5800' '"KOREA, SOUTH",120,3.6,7208100000,5800' \
    | gzip >"$D/imp/2024-hs10-imports5800.csv.gz"
printf '%s\n' "$HEAD" "EUROPEAN UNION,900,22.5,8703230190,0003" "EUROPEAN UNION,300,0,3004909215,0003" \
    >"$D/imp/2024-hs10-imports0003.csv"
printf '%s\n' "$HEAD" "SLOVAKIA,150,3.75,8703230190,4359" >"$D/imp/2024-hs10-imports4359.csv"
printf '%s\n' "HS2,2024_imports" "87,450" "30,100" >"$D/hs2/hs2-tariff-4280.csv"
printf '%s\n' "HS2,2024_imports" "87,300" >"$D/hs2/hs2-tariff-4850.csv"
printf '%s\n' "HS2,2024_imports" "87,150" >"$D/hs2/hs2-tariff-4359.csv"
CONC=$TMP/concord.csv
printf '%s\n' "hs,sector,description" "02,c3,meat" "30,c9,pharmaceuticals" "72,c12,steel" "84,c13,machinery" \
    "8471,c14,computers" "87,c15,vehicles" >"$CONC"

# same_text FILE EXPECTED: FILE holds exactly the lines of EXPECTED (a string).
same_text() {
    printf '%s\n' "$2" >"$TMP/.expected"
    _d=$(diff "$TMP/.expected" "$1" 2>&1) || { why "$1 differs from what is expected: $_d"; return 1; }
}

case_usage() {
    expect_fail 2 "usage: tariffscope tariffs" "$TSC" tariffs || return 1
    expect_fail 2 "unknown subcommand 'frobnicate'" "$TSC" tariffs frobnicate || return 1
    expect_fail 2 "aggregate needs --out" "$TSC" tariffs aggregate --imports "$D/imp" || return 1
    expect_fail 2 "unknown option '--date' for tariffs aggregate" "$TSC" tariffs aggregate --out x --date 2025-01-01 || return 1
    expect_fail 2 "tariffs effective needs SCENARIO" "$TSC" tariffs effective || return 1
    expect_fail 2 "unknown --base 'mfn': --base takes applied or zero" "$TSC" tariffs effective s.yaml --base mfn || return 1
    expect_fail 2 "--digits takes a whole number in \\[2, 10\\]" "$TSC" tariffs aggregate --out x --digits 11 || return 1
    expect_fail 2 "--rates needs --rates-out" "$TSC" tariffs aggregate --out x --rates applied || return 1
}

case_weights_as_filed() {
    expect_ok "$TSC" tariffs aggregate --imports "$D/imp" --hs-concordance "$CONC" --out "$TMP/w.csv" || return 1
    same_text "$TMP/w.csv" "importer,exporter,hs,sector,value
USA,EU,3004909215,c9,300
USA,EU,8703230190,c15,900
USA,JPN,0201100000,c3,40
USA,JPN,8471300100,c14,250
USA,JPN,8703230190,c15,1000.5
USA,KOR,7208100000,c12,120
USA,KOR,8703230190,c15,600
USA,SVK,8703230190,c15,150" || return 1
    grep -q "left out: 1 lines without a sector" "$OUT" || why "the chapter 98 line is not reported"
}

case_weights_on_regions_and_rates() {
    expect_ok "$TSC" tariffs aggregate --imports "$D/imp" --hs-concordance "$CONC" --regions DEU,JPN,ROM,SVK,RoW \
        --digits 4 --out "$TMP/wr.csv" --rates applied --rates-out "$TMP/rates.csv" || return 1
    # the EU's 900 of 8703: Slovakia's own 150, the rest 0.6 / 0.4 to Germany / Romania by their chapter 87 imports
    same_text "$TMP/wr.csv" "importer,exporter,hs,sector,value
USA,DEU,3004,c9,300
USA,DEU,8703,c15,450
USA,JPN,0201,c3,40
USA,JPN,8471,c14,250
USA,JPN,8703,c15,1000.5
USA,ROM,8703,c15,300
USA,RoW,7208,c12,120
USA,RoW,8703,c15,600
USA,SVK,8703,c15,150" || return 1
    same_text "$TMP/rates.csv" "importer,exporter,sector,rate_pct
USA,DEU,c9,0.0000
USA,DEU,c15,2.5000
USA,JPN,c3,25.0000
USA,JPN,c14,0.0000
USA,JPN,c15,2.5000
USA,ROM,c15,2.5000
USA,RoW,c12,3.0000
USA,RoW,c15,2.5000
USA,SVK,c15,2.5000" || return 1
    printf '%s\n' "exporter,hs,rate_pct" "all,87,25" "RoW,8703,2.385" "all,0201,26.4" >"$TMP/hsrates.csv"
    expect_ok "$TSC" tariffs aggregate --imports "$D/imp" --hs-concordance "$CONC" --regions DEU,JPN,ROM,SVK,RoW \
        --rates "$TMP/hsrates.csv" --rates-out "$TMP/rates2.csv" || return 1
    file_has "$TMP/rates2.csv" "^USA,RoW,c15,2.3850$" || return 1
    file_has "$TMP/rates2.csv" "^USA,JPN,c3,26.4000$" || return 1
    grep -q "3 rows without a rate left out" "$OUT" || why "rows without a rate not reported"
}

case_weights_with_rest_of_eu() {  # a table keeping DEU beside a rest-of-EU region "EU" (as data/world2024)
    expect_ok "$TSC" tariffs aggregate --imports "$D/imp" --hs-concordance "$CONC" --regions DEU,EU,JPN,RoW \
        --digits 4 --out "$TMP/we.csv" || return 1
    # the EU's 900 of 8703: Slovakia's own 150 and Romania's 0.4 share now go to EU, Germany keeps its 0.6 share
    file_has "$TMP/we.csv" "^USA,DEU,8703,c15,450$" || return 1
    file_has "$TMP/we.csv" "^USA,EU,8703,c15,450$" || return 1
    # and a table with EU but no member keeps the aggregate whole
    expect_ok "$TSC" tariffs aggregate --imports "$D/imp" --hs-concordance "$CONC" --regions EU,JPN,RoW \
        --digits 4 --out "$TMP/we2.csv" || return 1
    file_has "$TMP/we2.csv" "^USA,EU,8703,c15,900$"
}

case_effective() {
    cat >"$TMP/s.yaml" <<'EOF'
name: small
date: 2025-09-17
measures:
  - {importer: USA, exporter: [JPN, KOR], sectors: goods, add: 10, except: {hs: [72, 8703]}, from: 2025-04-05}
  - {importer: USA, exporter: all, sectors: {hs: [8703]}, add: 25}
  - {importer: USA, exporter: EU27, sectors: goods, floor_inclusive: 15, except: {hs: [8703]}}
  - {importer: USA, exporter: JPN, sectors: {hs: [8703]}, add: -25, from: 2025-09-16}
  - {importer: USA, exporter: JPN, sectors: {hs: [8703]}, floor_inclusive: 15, from: 2025-09-16, override: true}
  - {importer: USA, exporter: JPN, sectors: [c14], add: 2.385}
EOF
    expect_ok "$TSC" tariffs effective "$TMP/s.yaml" --imports "$D/imp" --hs-concordance "$CONC" --out "$TMP/e.csv" \
        --lines "$TMP/lines.csv" || return 1
    # EU: (900 x 27.5 + 300 x 15) / 1200; KOR: (600 x 27.5 + 120 x 3) / 720;
    # JPN: (1000.5 x 15 + 250 x 12.385 + 40 x 35 + 7.25 x 10) / 1297.75, base (25.0125 + 10) / 1297.75
    same_text "$TMP/e.csv" "partner,effective_rate_pct,base_rate_pct,imports_usd
EU,24.3750,1.8750,1200
SVK,27.5000,2.5000,150
KOR,23.4167,2.5833,720
JPN,15.0848,2.6979,1298" || return 1
    grep -q "scenario small on 2025-09-17, 2024 applied base" "$OUT" || why "no title line"
    file_has "$TMP/lines.csv" "^JPN,8703230190,1000,2.5,15$" || return 1
    expect_ok "$TSC" tariffs effective "$TMP/s.yaml" --imports "$D/imp" --hs-concordance "$CONC" --out "$TMP/e0.csv" \
        --base zero --date 2025-04-01 || return 1
    # before April 5 and from a zero base: JPN (1000.5 x 25 + 250 x 2.385) / 1297.75
    file_has "$TMP/e0.csv" "^JPN,19.7332,0.0000,1298$" || return 1
}

case_errors_located() {
    printf '%s\n' "hs,sector" "84,c13" "847,c14" >"$TMP/badc.csv"
    expect_fail 1 "^tariffscope: $(re_escape "$TMP/badc.csv"):3:1: '847' is not an HS code" \
        "$TSC" tariffs aggregate --imports "$D/imp" --hs-concordance "$TMP/badc.csv" --out "$TMP/never.csv" || return 1
    expect_no_output "$TMP/never.csv" || return 1
    mkdir -p "$TMP/bad/imp" "$TMP/bad/hts"
    cp "$D/hts/census_to_iso3.csv" "$TMP/bad/hts/"
    printf '%s\n' "$HEAD" "X,1,0,8703230190,9999" >"$TMP/bad/imp/2024-hs10-imports9999.csv"
    expect_fail 1 "^tariffscope: $(re_escape "$TMP/bad/imp/2024-hs10-imports9999.csv"):2:18: unknown Census country code '9999'" \
        "$TSC" tariffs aggregate --imports "$TMP/bad/imp" --hs-concordance "$CONC" --out "$TMP/never.csv" || return 1
    expect_no_output "$TMP/never.csv" || return 1
    printf '%s\n' "name: x" "measures:" "  - {importer: USA, exporter: [JPN, XYZ], sectors: goods, add: 1}" >"$TMP/bad.yaml"
    expect_fail 1 "^tariffscope: $(re_escape "$TMP/bad.yaml"):3:31: unknown region code 'XYZ'" \
        "$TSC" tariffs effective "$TMP/bad.yaml" --imports "$D/imp" --hs-concordance "$CONC" --out "$TMP/never.csv" || return 1
    expect_no_output "$TMP/never.csv" || return 1
    printf '%s\n' "exporter,hs,rate_pct" "KOR,87,x" >"$TMP/badrates.csv"
    expect_fail 1 "^tariffscope: $(re_escape "$TMP/badrates.csv"):2:1: exporter 'KOR' is not in the weights" \
        "$TSC" tariffs aggregate --imports "$D/imp" --hs-concordance "$CONC" --regions JPN,RoW,DEU,ROM,SVK \
        --rates "$TMP/badrates.csv" --rates-out "$TMP/never.csv" || return 1
    expect_no_output "$TMP/never.csv" || return 1
}

run_case "usage errors" case_usage
run_case "aggregate: weights as filed" case_weights_as_filed
run_case "aggregate: table regions, EU split, rates" case_weights_on_regions_and_rates
run_case "aggregate: DEU beside a rest-of-EU region" case_weights_with_rest_of_eu
run_case "effective: rules on hand-made lines" case_effective
run_case "errors located at file:line:col" case_errors_located

# ---- with the shared data ----
US=$SHARED/data/us-tariffs-2025
WIOD=$SHARED/data/wiod2013/wiot_2011
if [ ! -d "$US/hs10-imports-2024" ] || [ ! -d "$WIOD" ]; then
    skip_part "$US or $WIOD absent: the shared-data cases"
    finish
fi

# regression: the committed base schedule is what the program wrote; a change in the aggregation shows here
case_real_weights() {
    expect_ok "$TSC" tariffs aggregate --imports "$US/hs10-imports-2024" --regions "$WIOD" --out "$TMP/wiod-w.csv" \
        --rates applied --rates-out "$TMP/applied.csv" || return 1
    # the sum of the rows is the total printed (bn USD, one decimal), and every exporter is a WIOD region
    _sum=$(awk -F, 'NR > 1 { s += $5 } END { printf "%.1f", s / 1e9 }' "$TMP/wiod-w.csv")
    grep -q "of US imports $_sum bn USD" "$OUT" || why "rows add up to $_sum bn, not the total printed"
    _bad=$(awk -F, 'NR > 1 && ($2 == "EU" || $2 == "THA" || $2 == "ROU") { print $2; exit }' "$TMP/wiod-w.csv")
    [ -z "$_bad" ] || { why "exporter $_bad is not a WIOD region"; return 1; }
    same_csv "$TMP/applied.csv" "$SRC/data/tariffs/us_2024_applied.csv" || return 1
}

# shock_ok NAME: the shipped scenario applies to WIOD 2011 through the weights.
shock_ok() {
    expect_ok "$TSC" shock "$WIOD" --rebalance "$SRC/scenarios/$1.yaml" --hs-weights "$TMP/wiod-w.csv" \
        --out "$TMP/shock-$1" || return 1
    [ -s "$TMP/shock-$1/prices.csv" ] || why "no prices.csv"
}

# applied_by_awk CODE ISO3: the 2024 applied rates of one partner (not an EU member: no split), by WIOD sector,
# straight from its raw Census file: each HS10 line goes to the sector of its longest prefix (6, 4 or 2 digits) in
# data/concordance/hs2017_wiod.csv, the rate is 100 x the sum of CAL_DUT_YR over the sum of CON_VAL_YR (lines with
# a positive value; chapters 98-99 have no sector). Printed as "ISO3 sector rate", rate with 10 decimals.
applied_by_awk() {
    gzip -dc "$US/hs10-imports-2024/2024-hs10-imports$1.csv.gz" |
        awk -F, -v iso="$2" 'FNR == NR { if (FNR > 1) sec[$1] = $2; next }
            FNR == 1 { for (i = 1; i <= NF; i++) { if ($i == "CON_VAL_YR") fv = i; if ($i == "CAL_DUT_YR") fd = i
                                                   if ($i == "I_COMMODITY") fh = i }; next }
            $fv > 0 { h = $fh; s = sec[substr(h, 1, 6)]; if (s == "") s = sec[substr(h, 1, 4)]
                      if (s == "") s = sec[substr(h, 1, 2)]; if (s == "") next
                      v[s] += $fv; d[s] += $fd }
            END { for (s in v) printf "%s %s %.10f\n", iso, s, 100 * d[s] / v[s] }' "$SRC/data/concordance/hs2017_wiod.csv" -
}

# independent: the applied rates of Japan, China and Mexico recomputed from the raw files agree with the program's
# to its 4 decimals (the CSV's rounding: 5e-5 points) in every sector, and the program has no other sector for them
case_applied_independent() {
    [ -s "$TMP/applied.csv" ] || { why "no applied.csv from the aggregate case"; return 1; }
    { applied_by_awk 5880 JPN; applied_by_awk 5700 CHN; applied_by_awk 2010 MEX; } >"$TMP/applied-awk.txt"
    [ "$(wc -l <"$TMP/applied-awk.txt")" -gt 40 ] || { why "awk found $(wc -l <"$TMP/applied-awk.txt") sectors"; return 1; }
    awk -F'[ ,]' 'FNR == NR { want[$1 " " $2] = $3; next }
        $2 == "JPN" || $2 == "CHN" || $2 == "MEX" { k = $2 " " $3; seen[k] = 1
            if (!(k in want)) { print k ": the program has a rate, the raw files no import"; bad = 1; next }
            d = $4 - want[k]; if (d < 0) d = -d
            if (d > 5e-5 + 1e-9) { print k ": program " $4 ", raw files " want[k]; bad = 1 } }
        END { for (k in want) if (!(k in seen)) { print k ": no rate from the program"; bad = 1 }; exit bad }' \
        "$TMP/applied-awk.txt" "$TMP/applied.csv" >"$TMP/applied-diff.txt" ||
        why "$(head -3 "$TMP/applied-diff.txt" | tr '\n' ';')"
}

case_tracker() {
    expect_ok "$TSC" tariffs effective "$SRC/scenarios/us-2025-08-deals.yaml" --imports "$US/hs10-imports-2024" \
        --base zero --out "$TMP/deals.csv" || return 1
    for _p in JPN:JAPAN CHN:CHINA MEX:MEXICO VNM:VIETNAM THA:THAILAND EU:"EUROPEAN UNION" TWN:TAIWAN CAN:CANADA; do
        _code=${_p%%:*}
        _country=${_p#*:}
        _ours=$(awk -F, -v p="$_code" '$1 == p { print $2 }' "$TMP/deals.csv")
        _theirs=$(awk -F, -v c="$_country" '$2 == c && $1 <= "2025-09-17" { v = $3 } END { print v }' "$US/country-by-time.csv")
        awk -v a="$_ours" -v b="$_theirs" 'BEGIN { d = a - b; exit !(d < 1.5 && d > -1.5) }' ||
            { why "$_code: $_ours vs the tracker's $_theirs"; return 1; }
    done
}

run_case "regression: aggregate on WIOD regions gives data/tariffs/us_2024_applied.csv" case_real_weights
run_case "independent: JPN, CHN, MEX applied rates recomputed from the raw Census files" case_applied_independent
for s in us-2024-applied us-2025-04-reciprocal us-china-geneva us-2025-08-deals cjk-fta; do
    run_case "shock applies scenarios/$s.yaml" shock_ok "$s"
done
run_case "effective: us-2025-08-deals against the tracker on 2025-09-17" case_tracker
finish
