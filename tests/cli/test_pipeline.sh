# One pipeline: the report's figures are what shock and solve write for the same scenario and table, to 1e-9
# relative. On data/world2024 with the 2024 US customs lines (../shared), for each of the report's five scenarios:
# consumer prices of every region (report prices.csv, shock consumer_prices.csv), the burden on Japan's value added
# by route (report burden.csv, shock burden.csv summed by route), and welfare, the CP welfare, the real wage and
# exports of every region (report ge.csv, solve --baseline observed regions.csv), and their 90% bands over the draws
# of the elasticities (report ge.csv, solve --theta-draws uncertainty.csv).
. "$(dirname "$0")/lib.sh"

WORLD=$SRC/data/world2024
IMPORTS=$SHARED/data/us-tariffs-2025/hs10-imports-2024
skip_if_absent "$IMPORTS"
REP=$TMP/report
SCEN="us-2025-04-reciprocal us-china-geneva us-2025-08-deals cjk-fta us-2025-08-deals-cjk"

# close FILE_A FILE_B: "key value" lines of two files agree to 1e-9 relative (1e-12 absolute near zero), same keys
close() {
    awk 'NR == FNR { a[$1] = $2; n++; next }
         { if (!($1 in a)) { print "missing " $1; bad++; next }
           d = a[$1] - $2; if (d < 0) d = -d; s = $2 < 0 ? -$2 : $2
           if (d > 1e-9 * s && d > 1e-12) { print $1 ": report " a[$1] ", command " $2; bad++ }; m++ }
         END { if (m != n) { print m " keys against " n; bad++ } exit bad > 0 }' "$1" "$2" >"$TMP/close.txt" ||
        { why "$(head -3 "$TMP/close.txt")"; return 1; }
}

report_once() {
    [ -f "$REP/ge.csv" ] && return 0
    expect_ok "$TSC" report "$WORLD" --out "$REP" --quiet
}

case_prices() {  # first order: consumer prices of every region
    report_once || return 1
    for _s in $SCEN; do
        rm -rf "$TMP/sh_$_s"
        expect_ok "$TSC" shock "$WORLD" "$SRC/scenarios/$_s.yaml" --out "$TMP/sh_$_s" || return 1
        awk -F, -v s="$_s" '$1 == s { print $2, $4 }' "$REP/prices.csv" >"$TMP/a.txt"
        awk -F, 'NR > 1 { print $1, $2 }' "$TMP/sh_$_s/consumer_prices.csv" >"$TMP/b.txt"
        close "$TMP/a.txt" "$TMP/b.txt" || { why "$_s consumer prices: $WHY"; return 1; }
    done
}

case_burden_by_route() {  # first order: Japan's burden by route (direct and via each third country)
    report_once || return 1
    for _s in $SCEN; do
        [ -d "$TMP/sh_$_s" ] || expect_ok "$TSC" shock "$WORLD" "$SRC/scenarios/$_s.yaml" --out "$TMP/sh_$_s" || return 1
        awk -F, -v s="$_s" '$1 == s && $2 == "JPN" { print $3, $5 }' "$REP/burden.csv" >"$TMP/a.txt"
        awk -F, 'NR > 1 && $1 == "JPN" { b[$3] += $5 } END { for (r in b) printf "%s %.17g\n", r, b[r] }' \
            "$TMP/sh_$_s/burden.csv" >"$TMP/b.txt"
        [ -s "$TMP/a.txt" ] || { why "$_s: no burden rows in the report"; return 1; }
        close "$TMP/a.txt" "$TMP/b.txt" || { why "$_s burden by route: $WHY"; return 1; }
    done
}

case_ge() {  # general equilibrium: welfare, CP welfare, real wage and exports of every region
    report_once || return 1
    for _s in $SCEN; do
        rm -rf "$TMP/so_$_s"
        expect_ok "$TSC" solve "$WORLD" "$SRC/scenarios/$_s.yaml" --baseline observed --out "$TMP/so_$_s" || return 1
        # report ge.csv: scenario,region,compared,welfare_pct,welfare_cp_pct,real_wage_pct,exports_pct,...
        awk -F, -v s="$_s" '$1 == s { print $2 ".welfare", $4; print $2 ".welfare_cp", $5; print $2 ".real_wage", $6
                                      print $2 ".exports", $7 }' "$REP/ge.csv" >"$TMP/a.txt"
        # solve regions.csv: region,welfare_cp_pct,tot,vot,real_wage_pct,real_income_pct,w_hat,price_index_hat,exports_pct
        awk -F, 'NR > 1 { print $1 ".welfare", $6; print $1 ".welfare_cp", $2; print $1 ".real_wage", $5
                          print $1 ".exports", $9 }' "$TMP/so_$_s/regions.csv" >"$TMP/b.txt"
        close "$TMP/a.txt" "$TMP/b.txt" || { why "$_s GE: $WHY"; return 1; }
    done
}

case_bands() {  # uncertainty: the report's 90% bands are solve --theta-draws's percentiles (same draws, same seed)
    report_once || return 1
    _s=us-2025-08-deals
    rm -rf "$TMP/sd"
    expect_ok "$TSC" solve "$WORLD" "$SRC/scenarios/$_s.yaml" --baseline observed --theta-draws 200 --seed 0 \
        --out "$TMP/sd" || return 1
    # report ge.csv: ...,welfare_p05(9),welfare_p95,real_wage_p05,real_wage_p95,exports_p05,exports_p95(14)
    awk -F, -v s="$_s" '$1 == s { print $2 ".welfare.p05", $9; print $2 ".welfare.p95", $10
        print $2 ".real_wage.p05", $11; print $2 ".real_wage.p95", $12; print $2 ".exports.p05", $13
        print $2 ".exports.p95", $14 }' "$REP/ge.csv" >"$TMP/a.txt"
    # uncertainty.csv: region,measure,point,p05,p50,p95,mean,draws,failed
    awk -F, 'BEGIN { m["real_income_pct"] = "welfare"; m["real_wage_pct"] = "real_wage"; m["exports_pct"] = "exports" }
             NR > 1 && ($2 in m) { print $1 "." m[$2] ".p05", $4; print $1 "." m[$2] ".p95", $6 }' \
        "$TMP/sd/uncertainty.csv" >"$TMP/b.txt"
    close "$TMP/a.txt" "$TMP/b.txt" || { why "bands: $WHY"; return 1; }
}

run_case "consumer prices: report = shock" case_prices
run_case "burden on Japan's value added by route: report = shock" case_burden_by_route
run_case "welfare, real wage, exports of every region: report = solve" case_ge
run_case "90% bands of welfare, real wage, exports: report = solve --theta-draws" case_bands
finish
