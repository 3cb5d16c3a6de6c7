# tariffscope scenario check: the printed table per measure (cells, lines, imports, rate before -> after), measures
# that reach nothing flagged, --out CSV written whole or not at all, scenario errors located (exit 1), usage errors
# (exit 2). On a hand-made table; then on data/world2024 with the 2024 US customs lines (../shared), where the
# measures' changes must add up to the scenario's.
. "$(dirname "$0")/lib.sh"

TINY=$TMP/tiny
make_tiny "$TINY"
cat >"$TMP/s.yaml" <<'EOT'
name: tiny
regions_optional: true
measures:
  - {importer: AA, exporter: BB, sectors: s1, add: 10, note: "AA on BB's s1"}
  - {importer: AA, exporter: BB, sectors: all, floor_inclusive: 12.5, from: 2025-01-01}
  - {importer: BB, exporter: CC, sectors: all, add: 3}
  - {importer: AA, exporter: BB, sectors: {hs: [8703]}, add: 3}
  - {importer: BB, exporter: AA, sectors: [s1, s2], set: 4.25}
EOT

# the rows of the printed table, spaces squeezed
rows() { tr -s ' ' <"$OUT"; }

case_table() {
    expect_ok "$TSC" scenario check "$TMP/s.yaml" "$TINY" --date 2024-06-01 --no-imports || return 1
    rows >"$TMP/rows.txt"
    file_has "$TMP/rows.txt" '^measures in force on 2024-06-01 \(--date\): 4 of 5$' || return 1
    # AA's imports of BB's s1: Z row BB.s1 in AA's columns (2.7 + 0.6) + AA's final demand (5.5 + 3.3) = 12.1
    file_has "$TMP/rows.txt" '^ 1 s\.yaml:4 yes 1 - 12\.1 0\.00 -> 10\.00 AA on BB.s s1$' || return 1
    file_has "$TMP/rows.txt" '^ 2 s\.yaml:5 no - - - - $' || return 1
    file_has "$TMP/rows.txt" '^ ! reaches nothing on this table: importer BB, exporter CC, sectors all$' || return 1
    file_has "$TMP/rows.txt" '^ ! reaches nothing on this table: importer AA, exporter BB, sectors \{hs: \[8703\]\}$' ||
        return 1
    # BB's imports of AA's s1 and s2: (4.1 + 0.8 + 6.1 + 3) + (1.9 + 6.4 + 10.2 + 2.1) = 34.6
    file_has "$TMP/rows.txt" '^ 5 s\.yaml:8 yes 2 - 34\.6 0\.00 -> 4\.25 $' || return 1
    # every cell: 12.1 + 34.6 + AA from BB s2 (8.4 + 1.15 + 4.35 + 2) = 62.6; 10 on 12.1 and 4.25 on 34.6
    file_has "$TMP/rows.txt" '^ all cells: 4 cells, 62\.6 of imports; import-weighted rate 0\.00 -> 4\.28$' || return 1
    file_has "$TMP/rows.txt" 'measures: 5, in force 4, not in force 1 on 2024-06-01; reaching nothing on this table: 2$'
}

case_every_measure_without_a_date() {
    expect_ok "$TSC" scenario check "$TMP/s.yaml" "$TINY" --no-imports || return 1
    rows >"$TMP/rows.txt"
    file_has "$TMP/rows.txt" "^every measure counts \(no --date, and the scenario has no date:\): 5$" || return 1
    # measure 2 now counts: the floor lifts AA's BB s1 from 10 to 12.5 and s2 from 0
    file_has "$TMP/rows.txt" '^ 2 s\.yaml:5 yes 2 - ' || return 1
}

case_csv() {
    expect_ok "$TSC" scenario check "$TMP/s.yaml" "$TINY" --date 2024-06-01 --no-imports --out "$TMP/check.csv" ||
        return 1
    file_has "$TMP/check.csv" '^measure,in_force,reaches_nothing,line_cells,lines,line_value_usd,' || return 1
    [ "$(wc -l <"$TMP/check.csv")" -eq 7 ] || { why "expected a header, 5 measures and a total"; return 1; }
    # measure,in_force,reaches_nothing,line_cells,lines,line_value_usd,line_rate_before_pct,line_rate_after_pct,
    # cells,cell_rows,cell_imports,cell_rate_before_pct,cell_rate_after_pct,file,line,op,value,importer,... note
    awk -F, 'function near(a, b) { return a - b < 1e-12 && b - a < 1e-12 }
             NR == 2 && !($2 == 1 && $9 == 1 && near($11, 12.1) && $12 == 0 && $13 == 10 && $15 == 4 &&
                         $16 == "add" && $NF == "AA on BB'"'"'s s1") { bad = 1 }
             NR == 3 && !($2 == 0 && $9 == 0 && $12 == "" && $16 == "floor_inclusive") { bad = 1 }
             NR == 4 && !($3 == 1) { bad = 1 }
             NR == 5 && !($3 == 1 && $0 ~ /,\{hs: \[8703\]\},/) { bad = 1 }
             NR == 6 && !(near($11, 34.6) && $13 == 4.25) { bad = 1 }
             NR == 7 && !($1 == "total" && $9 == 4 && near($11, 62.6)) { bad = 1 }
             END { exit bad }' "$TMP/check.csv" || { why "check.csv: $(sed -n 2,7p "$TMP/check.csv")"; return 1; }
    [ -z "$(find "$TMP" -name 'check.csv.tmp')" ] || why "a temporary file was left behind"
}

case_csv_failure_leaves_nothing() {
    expect_fail 1 "cannot write" "$TSC" scenario check "$TMP/s.yaml" "$TINY" --no-imports --out "$TMP/no/such/x.csv" ||
        return 1
    expect_no_output "$TMP/no"
}

case_errors_located() {
    printf 'name: bad\nmeasures:\n  - {importer: AA, exporter: ZZ, sectors: s1, add: 10}\n' >"$TMP/b1.yaml"
    expect_fail 1 "b1\.yaml:3:30: unknown region code 'ZZ'" "$TSC" scenario check "$TMP/b1.yaml" "$TINY" --no-imports ||
        return 1
    printf 'name: bad\nmeasures:\n  - {importer: AA, exportr: BB, sectors: s1, add: 10}\n' >"$TMP/b2.yaml"
    expect_fail 1 "b2\.yaml:3:20: unknown key 'exportr' \(did you mean 'exporter'\?\)" \
        "$TSC" scenario check "$TMP/b2.yaml" "$TINY" --no-imports || return 1
    printf 'name: bad\nmeasures:\n  - {importer: AA, exporter: BB, sectors: s1, add: 10, from: 2025-02-30}\n' \
        >"$TMP/b3.yaml"
    expect_fail 1 "b3\.yaml:3:62: date '2025-02-30'" "$TSC" scenario check "$TMP/b3.yaml" "$TINY" --no-imports ||
        return 1
    printf 'name: bad\nmeasures:\n  - {importer: AA, exporter: BB, sectors: s9, add: 10}\n' >"$TMP/b4.yaml"
    expect_fail 1 "b4\.yaml:3:43: unknown sector 's9'" "$TSC" scenario check "$TMP/b4.yaml" "$TINY" --no-imports
}

case_usage() {
    expect_fail 2 "--date takes a date YYYY-MM-DD" "$TSC" scenario check "$TMP/s.yaml" "$TINY" --date 2025-13-01 ||
        return 1
    expect_fail 2 "needs SCENARIO" "$TSC" scenario check || return 1
    expect_ok "$TSC" scenario check --help || return 1
    file_has "$OUT" '^usage: tariffscope scenario check SCENARIO \[TABLE\] \[options\]$'
}

run_case "the table: cells, imports, rate before -> after, measures that reach nothing" case_table
run_case "without a date every measure counts" case_every_measure_without_a_date
run_case "--out writes the same as CSV" case_csv
run_case "--out that cannot be written leaves nothing" case_csv_failure_leaves_nothing
run_case "scenario errors exit 1 with file:line:col" case_errors_located
run_case "usage errors exit 2; --help" case_usage

IMPORTS=$SHARED/data/us-tariffs-2025/hs10-imports-2024
if [ ! -e "$IMPORTS" ]; then
    echo "skip    data/world2024 with the US customs lines: $IMPORTS absent"
    finish
fi

case_world_deals() {
    expect_ok "$TSC" scenario check "$SRC/scenarios/us-2025-08-deals.yaml" --out "$TMP/deals.csv" || return 1
    rows >"$TMP/rows.txt"
    file_has "$TMP/rows.txt" '^scenario us-2025-08-deals on data/world2024 \(14 regions x 18 sectors, unit: USD million\)$' ||
        return 1
    file_has "$TMP/rows.txt" '^measures in force on 2025-09-17 \(the scenario.s date:\): 37 of 77$' || return 1
    # Japan's automobiles: the 25% of Section 232 replaced by 15% inclusive of MFN (two measures)
    file_has "$TMP/rows.txt" '^ 74 us-2025-08-deals\.yaml:59 yes 6 300 56\.22 bn USD 27\.51 -> 2\.51 ' || return 1
    file_has "$TMP/rows.txt" '^ 75 us-2025-08-deals\.yaml:60 yes 6 300 56\.22 bn USD 2\.51 -> 15\.00 ' || return 1
    file_has "$TMP/rows.txt" '^ USA, customs lines: 204880 lines in 170 cells, 3084\.25 bn USD; import-weighted rate 2\.45 -> 19\.16$' ||
        return 1
    file_has "$TMP/rows.txt" 'reaching nothing on this table: 0$' || return 1
    file_has "$TMP/rows.txt" '^ left out: 3\.8822% of USA.s imports' || return 1
    # the measures' changes add up to the scenario's, for the lines and for the other cells
    awk -F, 'NR > 1 && $1 != "total" { if ($6 > 0) dl += $6 * ($8 - $7); if ($11 > 0) dc += $11 * ($13 - $12) }
             $1 == "total" { tl = $6 * ($8 - $7); tc = $11 * ($13 - $12) }
             END { d = dl - tl; if (d < 0) d = -d; e = dc - tc; if (e < 0) e = -e
                   if (d > 1e-9 * tl || e > 1e-9 * (tc < 0 ? -tc : tc) + 1e-6) { print dl, tl, dc, tc; exit 1 } }' \
        "$TMP/deals.csv" >"$TMP/sum.txt" || { why "sums of the measures' changes: $(cat "$TMP/sum.txt")"; return 1; }
}

case_world_cjk() {
    expect_ok "$TSC" scenario check "$SRC/scenarios/cjk-fta.yaml" || return 1
    rows >"$TMP/rows.txt"
    file_has "$TMP/rows.txt" '^ 1 cjk-fta\.yaml:14 yes 76 - [0-9.]+ USD million [0-9.]+ -> 0\.00 trilateral FTA' || return 1
    # the import value it reaches is the goods trade among the three in the table, summed here from Z and Y
    _got=$(awk '$2 == "cjk-fta.yaml:14" { print $6 }' "$TMP/rows.txt")
    _want=$( (gzip -dc "$SRC/data/world2024/Z.csv.gz"; echo "--"; gzip -dc "$SRC/data/world2024/Y.csv.gz") | awk -F, '
        BEGIN { split("CHN JPN KOR", c, " "); for (k in c) cjk[c[k]] = 1
                n = split("AGRI_FOOD MINING_ENERGY TEXTILES WOOD_PAPER PETROLEUM CHEMICALS RUBBER_PLASTICS MINERALS METALS MACHINERY ELECTRICAL_OPTICAL TRANSPORT_EQUIPMENT OTHER_MANUFACTURING", g, " ")
                for (k = 1; k <= n; k++) goods[g[k]] = 1 }
        $0 == "--" { head = 1; next }
        NR == 1 || head { for (i = 2; i <= NF; i++) { split($i, a, "."); buyer[i] = a[1] }; head = 0; next }
        { split($1, a, "."); if (!(a[1] in cjk) || !(a[2] in goods)) next
          for (i = 2; i <= NF; i++) if (buyer[i] in cjk && buyer[i] != a[1]) s += $i }
        END { printf "%.1f", s }')
    [ "$_got" = "$_want" ] || { why "the FTA reaches $_got USD million; the table's goods trade among CHN, JPN, KOR is $_want"; return 1; }
    file_has "$TMP/rows.txt" '^ USA, customs lines: .* import-weighted rate 2\.45 -> 2\.45$'
}

case_world_reaches_nothing() {
    # Cambodia is no region of the table, but the US customs lines have it (placed in ROW); Japan has no lines
    cat >"$TMP/w.yaml" <<'EOT'
name: w
regions_optional: true
measures:
  - {importer: USA, exporter: KHM, sectors: goods, add: 10}
  - {importer: JPN, exporter: KHM, sectors: goods, add: 10}
  - {importer: JPN, exporter: CHN, sectors: {hs: [8703]}, add: 10}
EOT
    expect_ok "$TSC" scenario check "$TMP/w.yaml" || return 1
    rows >"$TMP/rows.txt"
    file_has "$TMP/rows.txt" '^ 1 w\.yaml:4 yes [0-9]+ [0-9]+ [0-9.]+ bn USD ' || return 1
    file_has "$TMP/rows.txt" '^ ! reaches nothing on this table: importer JPN, exporter KHM, sectors goods$' || return 1
    file_has "$TMP/rows.txt" '^ ! reaches nothing on this table: importer JPN, exporter CHN, sectors \{hs: \[8703\]\}$'
}

run_case "data/world2024, us-2025-08-deals: rows, totals, the measures add up" case_world_deals
run_case "data/world2024, cjk-fta: the FTA's cells" case_world_cjk
run_case "data/world2024: measures that reach nothing" case_world_reaches_nothing
finish
