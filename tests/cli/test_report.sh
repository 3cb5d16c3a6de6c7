# tariffscope report: the focus-country report on the committed tables (the example table without customs lines,
# data/world2024 with them when ../shared is there), its CSV files and page, errors that leave nothing behind. The
# page rendered in headless Chromium is tests/cli/test_report_page.sh (a test of its own, skipped without chromium).
# shellcheck disable=SC2317  # the case functions are called through run_case
set -eu
. "$(dirname "$0")/lib.sh"

EX=$SRC/data/example/table
WORLD=$SRC/data/world2024
REP=$TMP/example.report

# rows FILE [AWK_CONDITION]: the data rows of a CSV (optionally those where the condition holds, fields split on ,).
rows() { awk -F, -v c="${2:-1}" 'NR > 1 && (c == 1 || $0 ~ c) { n++ } END { print n + 0 }' "$1"; }

case_usage() {
    expect_fail 2 "unknown option" "$TSC" report "$EX" --bogus || return 1
    expect_fail 2 "needs a value" "$TSC" report "$EX" --focus || return 1
    expect_fail 2 "baseline" "$TSC" report "$EX" --baseline sometimes --out "$TMP/never" || return 1
    expect_no_output "$TMP/never"
}

case_example() {  # the committed example table, no customs lines: runs without ../shared
    expect_ok "$TSC" report "$EX" --no-imports --out "$REP" || return 1
    cp "$OUT" "$TMP/example.summary"
    for f in index.html trade_profile.csv focus_sectors.csv dest_sectors.csv va_routes.csv scenarios.csv \
        tariffs_dest.csv tariffs_focus.csv burden.csv prices.csv ge.csv ge_focus_sectors.csv; do
        [ -s "$REP/$f" ] || { why "missing $REP/$f"; return 1; }
    done
    [ "$(head -1 "$REP/trade_profile.csv")" = "region,partner,exports_usd_m,share_pct" ] || { why "trade_profile.csv header"; return 1; }
    [ "$(head -1 "$REP/focus_sectors.csv")" = "sector,model_usd_bn,data_2024_usd_bn" ] || { why "focus_sectors.csv header"; return 1; }
    # shares add up to 100
    awk -F, 'NR > 1 { s += $4 } END { exit !(s > 99.999 && s < 100.001) }' "$REP/trade_profile.csv" ||
        { why "trade profile shares do not add up to 100"; return 1; }
    # five scenarios, the combined one among them, each with a GE solve
    [ "$(rows "$REP/scenarios.csv")" -eq 5 ] || { why "scenarios.csv has $(rows "$REP/scenarios.csv") rows"; return 1; }
    file_has "$REP/scenarios.csv" "^us-2025-08-deals-cjk," || return 1
    for s in "1. Trade profile" "2. Value-added routes" "3a\\." "3b\\." "3c\\." "3d\\." "^Report: "; do
        file_has "$OUT" "$s" || return 1
    done
    expect_stderr "GE 5/5 us-2025-08-deals-cjk" || return 1
    # the page fetches nothing
    ! grep -Eq '<script|<link|<img|url\(|@import|https:' "$REP/index.html" || { why "index.html refers to outside resources"; return 1; }
}

# The report's burden by route (burden.csv: scenario,origin,route,route_kind,burden_usd_m,share_pct) against the
# shock command's burden.csv for the same scenario (origin,importer,route,sector,burden), summed over importers
# and sectors for JPN: route by route, not only the total. The CJK FTA has three importers, the US scenarios one.
case_burden_by_route() {
    for _s in us-2025-04-reciprocal cjk-fta; do
        rm -rf "$TMP/shock-$_s"
        expect_ok "$TSC" shock "$EX" "$SRC/scenarios/$_s.yaml" --no-imports --out "$TMP/shock-$_s" || return 1
        awk -F, '$1 == "JPN" { s[$3] += $5 } END { for (r in s) printf "%s %.17g\n", r, s[r] }' \
            "$TMP/shock-$_s/burden.csv" | sort >"$TMP/burden-shock.txt"
        awk -F, -v s="$_s" '$1 == s && $2 == "JPN" { printf "%s %.17g\n", $3, $5 }' "$REP/burden.csv" |
            sort >"$TMP/burden-report.txt"
        [ -s "$TMP/burden-report.txt" ] || { why "$_s: no burden rows in the report"; return 1; }
        # every route of the report equals the shock's (1e-9 relative), and no route of the shock above 1e-9 of
        # the largest is missing from the report
        awk 'FNR == NR { want[$1] = $2; a = $2 < 0 ? -$2 : $2; if (a > big) big = a; next }
            { got[$1] = $2; d = $2 - want[$1]; if (d < 0) d = -d; if (!($1 in want) || d > 1e-9 * (big + 1)) {
                  print "route " $1 ": report " $2 ", shock " want[$1]; bad = 1 } }
            END { for (r in want) { a = want[r] < 0 ? -want[r] : want[r]
                      if (!(r in got) && a > 1e-9 * big) { print "route " r " missing from the report"; bad = 1 } }
                  exit bad }' "$TMP/burden-shock.txt" "$TMP/burden-report.txt" >"$TMP/burden-diff.txt" ||
            { why "$_s: $(head -3 "$TMP/burden-diff.txt" | tr '\n' ';')"; return 1; }
    done
}

# has_sources DIR SUMMARY: every chart and table of the page carries its source line (<p class="source"
# data-for=ID>) naming at least one year, sources.csv has its row with the same line, and every section of the
# terminal summary (the header, 1, 2, 3, 3a-3e) has a "Sources:" line.
has_sources() {
    grep -o '<svg id="chart-[a-z-]*"\|<table class="[a-z ]*" id="table-[a-z-]*"' "$1/index.html" |
        sed 's/.*id="//; s/"$//' | sort -u >"$TMP/ids.txt"
    _n=$(awk 'END { print NR }' "$TMP/ids.txt")
    [ "$_n" -ge 11 ] || { why "only $_n charts and tables in $1/index.html"; return 1; }
    [ "$(grep -c '<p class="source" data-for=' "$1/index.html")" -eq $((_n + 1)) ] ||
        { why "$_n charts and tables, $(grep -c '<p class="source"' "$1/index.html") source lines (one more: the key figures)"; return 1; }
    while read -r _id; do
        grep -Eq "<p class=\"source\" data-for=\"$_id\">Sources: [^<]*[12][0-9]{3}" "$1/index.html" ||
            { why "$_id: no source line with a year on the page"; return 1; }
        grep -q "^$_id," "$1/sources.csv" || { why "sources.csv has no row for $_id"; return 1; }
    done <"$TMP/ids.txt"
    [ "$(head -1 "$1/sources.csv")" = "figure,file,what,source" ] || { why "sources.csv header"; return 1; }
    awk '/^tariffscope report: / || /^[123]\. / || /^3[a-e]\. / { if (sec != "" && !seen) { print sec; bad = 1 } sec = $0; seen = 0 }
        /^  Sources: / { seen = 1 } END { if (sec == "" || !seen) { print sec; bad = 1 } exit bad }' "$2" >"$TMP/nosrc.txt" ||
        { why "summary sections without a source line: $(tr '\n' ';' <"$TMP/nosrc.txt")"; return 1; }
}

case_example_sources() {  # without sources.csv: the table's own description and year, the files' names
    has_sources "$REP" "$TMP/example.summary" || return 1
    file_has "$REP/sources.csv" '^chart-ge-welfare,ge.csv,welfare,"Sources: trade structure: .*\(2011\); tariffs: April 2025 reciprocal as of 2025-04-09, .*; base tariffs: us_2024_applied.csv and cjk_2005_applied.csv; elasticities: theta_wiod.csv.' || return 1
    # a sources file (--sources) names the data: its rows replace the names, rows whose file the run does not
    # use are left out, and a bad row is an error at file:line:col that leaves nothing behind
    printf 'part,source,year,file\ntable,Structure of test,1999,\nupdate,First update,2003,\nupdate,"Second, update",2004,\nbase,Base of test,2002,../../tariffs/cjk_2005_applied.csv\ntheta,Unused elasticities,2015,../../concordance/other.csv\n' >"$TMP/src.csv"
    expect_ok "$TSC" report "$EX" --no-imports --no-draws --sources "$TMP/src.csv" --out "$TMP/src.report" || return 1
    file_has "$TMP/src.report/sources.csv" '^chart-trade-profile,.*"Sources: trade structure: Structure of test \(1999\), updated to First update \(2003\) and Second, update \(2004\)\."$' || return 1
    file_has "$TMP/src.report/sources.csv" '^chart-ge-welfare,.*; base tariffs: us_2024_applied.csv and Base of test \(2002\); elasticities: theta_wiod.csv\."$' || return 1
    file_has "$TMP/src.report/index.html" 'data-for="chart-va-routes">Sources: trade structure: Structure of test \(1999\)' || return 1
    printf 'part,source,year,file\ntable,Structure,1999,\nupdate,Update,20x4,\n' >"$TMP/bad-src.csv"
    expect_fail 1 "bad-src.csv:3:" "$TSC" report "$EX" --no-imports --no-draws --sources "$TMP/bad-src.csv" --out "$TMP/bad3" || return 1
    expect_no_output "$TMP/bad3" || return 1
    printf 'part,source,year,file\ntables,Structure,1999,\n' >"$TMP/bad-src.csv"
    expect_fail 1 "bad-src.csv:2:1: unknown part 'tables'" "$TSC" report "$EX" --no-imports --no-draws --sources "$TMP/bad-src.csv" --out "$TMP/bad3" || return 1
    expect_no_output "$TMP/bad3"
}

case_errors_leave_nothing() {
    expect_fail 1 "unknown region code 'XYZ'" "$TSC" report "$EX" --no-imports --focus XYZ --out "$TMP/bad1" || return 1
    expect_no_output "$TMP/bad1" || return 1
    expect_fail 1 "cannot open" "$TSC" report "$EX" --no-imports --scenario "$TMP/none.yaml" --out "$TMP/bad2" || return 1
    expect_no_output "$TMP/bad2"
}

case_world() {  # the world table; line by line when the customs lines are there
    expect_ok "$TSC" report "$WORLD" --out "$TMP/world.report" --quiet || return 1
    _r=$TMP/world.report
    # every figure names its data and their years, from data/world2024/sources.csv (the derivation's)
    has_sources "$_r" "$OUT" || return 1
    file_has "$_r/sources.csv" '^chart-trade-profile,.*"Sources: trade structure: WIOD 2013 release \(2011\) .*updated to .*Ministry of Finance \(2024\).*ADB MRIO sector shares of gross output and value added \(2022\)' || return 1
    file_has "$_r/sources.csv" '^chart-ge-welfare,.*August 2025 deals as of 2025-09-17.*; elasticities: Caliendo-Parro trade elasticities, Review of Economic Studies \(2015\)\."$' || return 1
    [ "$(rows "$_r/focus_sectors.csv")" -eq 6 ] || { why "focus_sectors.csv: expected the article's 6 sectors"; return 1; }
    file_has "$_r/focus_sectors.csv" "^autos_and_parts," || return 1
    # the US and China shares of Japan's goods exports are the Ministry of Finance's (targets of the table)
    awk -F, '$2 == "USA" { u = $4 } $2 == "CHN" { c = $4 } END { exit !(u > 19.8 && u < 19.95 && c > 17.55 && c < 17.7) }' \
        "$_r/trade_profile.csv" || { why "JPN export shares to USA, CHN"; return 1; }
}

case_world_lines() {  # with the customs lines (../shared): model against the 2024 customs data, Japan's 15% deal
    _r=$TMP/world.report
    [ -s "$_r/focus_sectors.csv" ] || { why "the world report was not written"; return 1; }
    awk -F, 'NR > 1 { d = $2 / $3 - 1; if (d < -0.001 || d > 0.001) bad++ } END { exit bad > 0 }' "$_r/focus_sectors.csv" ||
        { why "focus_sectors.csv: model and data differ"; return 1; }
    awk -F, '$1 == "us-2025-08-deals" && $3 == "JPN" { r = $6 } END { exit !(r > 14 && r < 17) }' "$_r/tariffs_dest.csv" ||
        why "US tariff on JPN with the August deals outside 14-17%"
}

run_case "usage errors" case_usage
run_case "example table, no customs lines" case_example
run_case "burden by route equals the shock command's burden.csv, route by route" case_burden_by_route
run_case "every figure's source line, without and with a sources file" case_example_sources
run_case "errors leave nothing behind" case_errors_leave_nothing
run_case "world table" case_world
if [ -d "$SHARED/data/us-tariffs-2025/hs10-imports-2024" ]; then
    run_case "world table, line by line" case_world_lines
else
    skip_part "$SHARED/data/us-tariffs-2025/hs10-imports-2024 absent: the world report without customs lines"
fi
finish
