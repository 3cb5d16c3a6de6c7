# The report's page rendered in headless Chromium: every chart is in the DOM with one bar per row of the CSV behind
# it, the data carried as attributes, and a screenshot that is not blank. On the example table (no ../shared needed);
# skipped (exit 77) when chromium is not installed (scripts/install-deps.sh --test installs it).
# shellcheck disable=SC2317  # the case functions are called through run_case
set -eu
. "$(dirname "$0")/lib.sh"

EX=$SRC/data/example/table
REP=$TMP/example.report

command -v chromium >/dev/null 2>&1 || {
    skip_part "chromium absent (install it: scripts/install-deps.sh --test); the page was not rendered"
    finish
}

# rows FILE [AWK_CONDITION]: the data rows of a CSV (optionally those where the condition holds, fields split on ,).
rows() { awk -F, -v c="${2:-1}" 'NR > 1 && (c == 1 || $0 ~ c) { n++ } END { print n + 0 }' "$1"; }

# in_chart DOM ID TEXT: how many times TEXT occurs inside the <svg id="ID"> element of the DOM dump.
in_chart() {
    awk -v id="id=\"$2\"" -v t="$3" 'BEGIN { RS = "</svg>" }
        index($0, id) { s = substr($0, index($0, id)); while ((i = index(s, t)) > 0) { n++; s = substr(s, i + length(t)) } }
        END { print n + 0 }' "$1"
}

# chromium [ARGS...]: headless Chromium with no network use and a throw-away profile.
chromium_run() {
    _prof=$(mktemp -d "$TMP/chromium.XXXXXX")
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage \
        --user-data-dir="$_prof" "$@"
}

case_chromium_renders_the_charts() {
    _dom=$TMP/dom.html
    chromium_run --dump-dom "file://$REP/index.html" >"$_dom" 2>"$TMP/chromium.err" || { why "chromium --dump-dom failed"; return 1; }
    [ -s "$_dom" ] || { why "empty DOM"; return 1; }
    for id in chart-trade-profile chart-dest-sectors chart-focus-sectors chart-va-routes chart-dest-tariffs chart-burden \
        chart-cpi chart-ge-welfare chart-ge-real-wage chart-ge-exports; do
        grep -q "<svg id=\"$id\"" "$_dom" || { why "no svg#$id in the DOM"; return 1; }
    done
    _n=$(in_chart "$_dom" chart-trade-profile 'class="bar ')
    [ "$_n" -eq "$(rows "$REP/trade_profile.csv")" ] || { why "trade profile: $_n bars for $(rows "$REP/trade_profile.csv") rows"; return 1; }
    _n=$(in_chart "$_dom" chart-dest-sectors 'class="bar ')
    [ "$_n" -eq "$(rows "$REP/dest_sectors.csv" ',1,[^,]*,[^,]*$')" ] || { why "sector exposure: $_n bars"; return 1; }
    _n=$(in_chart "$_dom" chart-focus-sectors 'class="bar model"')
    [ "$_n" -eq "$(rows "$REP/focus_sectors.csv")" ] || { why "focus sectors: $_n model bars"; return 1; }
    _c=$(rows "$REP/ge.csv" '^[^,]*,[^,]*,1,')
    for id in chart-ge-welfare chart-ge-real-wage chart-ge-exports chart-cpi; do
        _n=$(in_chart "$_dom" $id 'class="bar"')
        [ "$_n" -eq "$_c" ] || { why "$id: $_n bars for $_c compared rows of ge.csv"; return 1; }
    done
    _n=$(in_chart "$_dom" chart-dest-tariffs 'class="bar"')
    [ "$_n" -eq "$(rows "$REP/tariffs_dest.csv" '^[^,]*,[^,]*,[^,]*,1,')" ] || { why "tariffs: $_n bars"; return 1; }
    [ "$(in_chart "$_dom" chart-va-routes 'class="route-band"')" -ge 3 ] || { why "route diagram has fewer than 3 bands"; return 1; }
    [ "$(in_chart "$_dom" chart-burden 'class="bar segment"')" -ge 5 ] || { why "burden chart has fewer than 5 segments"; return 1; }
    # the data: the US bar of the trade profile carries the CSV's share
    _share=$(awk -F, '$2 == "USA" { printf "%.6g", $4 }' "$REP/trade_profile.csv")
    grep -q "data-key=\"USA\" data-value=\"$_share\"" "$_dom" || { why "no USA bar with data-value $_share"; return 1; }
    # and a screenshot that is not blank
    chromium_run --hide-scrollbars --window-size=1100,2400 --screenshot="$TMP/shot.png" "file://$REP/index.html" \
        >/dev/null 2>>"$TMP/chromium.err" || { why "chromium --screenshot failed"; return 1; }
    _kb=$(du -k "$TMP/shot.png" | cut -f1)
    [ "$_kb" -gt 30 ] || why "screenshot of $_kb KiB: blank?"
}

case_report_written() { expect_ok "$TSC" report "$EX" --no-imports --out "$REP" --quiet; }

run_case "the example report is written" case_report_written
run_case "headless chromium renders the charts" case_chromium_renders_the_charts
finish
