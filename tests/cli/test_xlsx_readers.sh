# The Excel readers: the WIOD 2013 world table as distributed (wiotYY_row_sep12.xlsx) and ADB MRIO (its .xlsx and
# CSV exports). The WIOD mock of ../shared/vectors/formats is read and its numbers reproduced (Z, Y and the total
# column, read independently with python3's zipfile and xml); the WIOD 2011 table (../shared/data/wiod2013, with
# --rebalance) reshaped into the WIOD and ADB layouts by tests/cli/iosheet_write.py (shared and inline strings, merged
# region cells, blank rows, a legend sheet first, ADB's economy codes and " " cells) gives the original's Leontief
# results within 1e-10; errors on a small table name the file, the sheet and the cell, and leave no output.
# shellcheck disable=SC2317  # the case functions are called through run_case
set -eu
. "$(dirname "$0")/lib.sh"

WIOD=$SHARED/data/wiod2013/wiot_2011
MOCK=$SHARED/vectors/formats/wiod_mock/wiot09_row_sep12.xlsx
WRITE="$HERE/iosheet_write.py"
command -v python3 >/dev/null 2>&1 || { skip_part "python3 absent (it writes and reads the workbooks)"; finish; }

# ---- a small table, for errors (no ../shared needed) ---------------------------------------------------------------
# (sectors renamed c1, c2: the layout's code row is found by its WIOD sector codes)
make_tiny "$TMP/tiny.lab"
for _f in "$TMP"/tiny.lab/*.csv; do edit "$_f" 's/\.s\([12]\)/.c\1/g'; done
"$TSC" convert "$TMP/tiny.lab" --out "$TMP/tiny" >/dev/null

case_tiny_both() {  # the small table in each layout reads back to the same multipliers
    "$TSC" leontief "$TMP/tiny" --out "$TMP/tiny.orig" >/dev/null 2>&1 || { why "leontief on the tiny table"; return 1; }
    for _v in "wiod xlsx" "wiod csv" "adb xlsx --inline" "adb csv"; do
        # shellcheck disable=SC2086
        python3 "$WRITE" "$TMP/tiny" "$TMP/tiny.sheet" $_v || { why "writing $_v"; return 1; }
        rm -rf "$TMP/tiny.out"
        expect_ok "$TSC" leontief "$TMP/tiny.sheet" --out "$TMP/tiny.out" || return 1
        same_csv "$TMP/tiny.orig/multipliers.csv" "$TMP/tiny.out/multipliers.csv" --rtol 1e-12 || return 1
    done
}

# bad_sheet LAYOUT KIND CELL:TEXT REGEX: the small table written with one cell replaced fails with REGEX on stderr
# and leaves no output
bad_sheet() {
    _f=$TMP/bad.$2
    python3 "$WRITE" "$TMP/tiny" "$_f" "$1" "$2" "--bad=$3" || { why "writing the workbook"; return 1; }
    rm -rf "$TMP/bad.out"
    expect_fail 1 "$4" "$TSC" convert "$_f" --format "$5" --out "$TMP/bad.out" || return 1
    expect_no_output "$TMP/bad.out"
}

case_errors() {
    _x=$(re_escape "$TMP/bad.xlsx")
    _c=$(re_escape "$TMP/bad.csv")
    bad_sheet wiod xlsx "F7:n/a" "^tariffscope: $_x:7:6: sheet 'WIOT_2011': cell F7: not a number: 'n/a'" wiod-xlsx ||
        return 1
    bad_sheet wiod xlsx "D8:c9" "$_x:8:4: sheet 'WIOT_2011': cell D8: row 'AA' 'c9' where 'AA' 'c2' is expected" \
        wiod-xlsx || return 1
    bad_sheet adb csv "G9:1e999" "$_c:9:7: cell G9 \(field 7\): not a finite number" adb || return 1
    bad_sheet adb xlsx "F7:c9" "$_x:7:8: sheet 'ADB MRIO 2011': cell H7: code 'c2' where 'c9' is expected" adb ||
        return 1
    bad_sheet adb xlsx "E6:" "$_x:6:5: sheet 'ADB MRIO 2011': cell E6: no region code above the columns" adb ||
        return 1
    printf 'just,a,csv\n1,2,3\n' >"$TMP/plain.csv"
    expect_fail 1 'no header of an input-output table' "$TSC" info "$TMP/plain.csv" --format adb || return 1
    printf 'PK\003\004 not really a zip' >"$TMP/fake.xlsx"
    expect_fail 1 'fake.xlsx: cannot open as an Excel workbook' "$TSC" info "$TMP/fake.xlsx"
}

case_unbalanced() {  # a published total that does not add up: a balance error at its line, unless --rebalance
    python3 "$WRITE" "$TMP/tiny" "$TMP/unbal.xlsx" wiod xlsx "--bad=M8:99.5" || { why "writing"; return 1; }
    expect_fail 1 "unbal.xlsx:8:.*row identity" "$TSC" info "$TMP/unbal.xlsx" || return 1
    expect_ok "$TSC" info "$TMP/unbal.xlsx" --rebalance
}

run_case "small table as WIOD and ADB workbooks and CSVs: same multipliers" case_tiny_both
run_case "errors name file, sheet and cell; no output" case_errors
run_case "unbalanced total column: located error, --rebalance reads it" case_unbalanced

# ---- the WIOD mock --------------------------------------------------------------------------------------------------
# mock_cells XLSX DIR: Z.csv, Y.csv and x.csv of the mock read with the standard library alone (labels REGION.SECTOR,
# final demand REGION.CATEGORY with WIOD's codes renamed as the reader names them)
mock_cells() {
    python3 - "$1" "$2" <<'EOF'
import re, sys, zipfile
import xml.etree.ElementTree as ET
path, out = sys.argv[1], sys.argv[2]
m = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
z = zipfile.ZipFile(path)
sst = ["".join(t.text or "" for t in si.iter(m + "t")) for si in ET.fromstring(z.read("xl/sharedStrings.xml"))]
cells = {}
for c in ET.fromstring(z.read("xl/worksheets/sheet1.xml")).iter(m + "c"):
    v = c.find(m + "v")
    if v is None:
        continue
    letters, row = re.match(r"([A-Z]+)(\d+)", c.get("r")).groups()
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    cells[(int(row) - 1, col - 1)] = sst[int(v.text)] if c.get("t") == "s" else float(v.text)
code_row = next(r for (r, c), v in cells.items() if c == 4 and v == "c1")
ncol = max(c for (r, c) in cells if r == code_row) + 1
heads = [(cells.get((code_row - 1, c)), cells.get((code_row, c))) for c in range(4, ncol + 1)]
cat = {"c37": "CONS_h", "c38": "CONS_np", "c39": "CONS_g", "c41": "GFCF", "c42": "INVEN"}
zcols = [c for c, (g, s) in enumerate(heads) if s and s not in cat]
ycols = [c for c, (g, s) in enumerate(heads) if s in cat]
total = ycols[-1] + 1
rows = [r for (r, c), v in cells.items() if c == 3 and re.fullmatch(r"c\d+", str(v))]
rows = sorted(set(rows))
lab = lambda r: f"{cells[(r, 2)]}.{cells[(r, 3)]}"
def write(name, cols, head):
    with open(f"{out}/{name}", "w") as f:
        f.write(",".join(['""'] + head) + "\n")
        for r in rows:
            f.write(",".join([lab(r)] + [repr(cells.get((r, 4 + c), 0.0)) for c in cols]) + "\n")
write("Z.csv", zcols, [f"{heads[c][0]}.{heads[c][1]}" for c in zcols])
write("Y.csv", ycols, [f"{heads[c][0]}.{cat[heads[c][1]]}" for c in ycols])
write("x.csv", [total], ["x"])
EOF
}

case_mock_info() {
    expect_ok "$TSC" info "$MOCK" --rebalance || return 1
    file_has "$OUT" '^format +wiod-xlsx$' || return 1
    file_has "$OUT" 'dimensions +6 regions x 8 sectors' || return 1
    file_has "$OUT" "sheet 'WIOT_2009'" || return 1
    file_has "$OUT" 'unit, year +USD million, 2009' || return 1
    expect_stderr 'note: value added: the sum of the 6 primary-input rows \(r99, r61, r62, r63, r64, International'
}

case_mock_unbalanced() {  # the mock's value added is made up: the column identity fails where the file says
    expect_fail 1 "wiot09_row_sep12.xlsx:8: column identity 1'Z \+ va = x fails at AUS.c2" "$TSC" info "$MOCK"
}

case_mock_numbers() {
    rm -rf "$TMP/mock.nat" "$TMP/mock.py"
    mkdir -p "$TMP/mock.py"
    mock_cells "$MOCK" "$TMP/mock.py" || { why "reading the mock with python3"; return 1; }
    expect_ok "$TSC" convert "$MOCK" --rebalance --out "$TMP/mock.nat" || return 1
    same_csv "$TMP/mock.py/Z.csv" "$TMP/mock.nat/Z.csv" --rtol 0 --atol 0 || return 1
    same_csv "$TMP/mock.py/Y.csv" "$TMP/mock.nat/Y.csv" --rtol 0 --atol 0 || return 1
    # gross output: the published total column against x = Z1 + Y1 of the rebalanced table
    cut -d, -f1,2 "$TMP/mock.nat/x_va.csv" | sed '1s/.*/"",x/' >"$TMP/mock.nat/x.csv"
    same_csv "$TMP/mock.py/x.csv" "$TMP/mock.nat/x.csv" --rtol 1e-12
}

if [ -f "$MOCK" ]; then
    run_case "WIOD mock: detected, its dimensions, year and notes" case_mock_info
    run_case "WIOD mock: unbalanced value added located" case_mock_unbalanced
    run_case "WIOD mock: Z, Y and x as python3 reads them" case_mock_numbers
else
    skip_part "$MOCK absent (mock cases not run)"
fi

# ---- WIOD 2011 reshaped -------------------------------------------------------------------------------------------
# to_iso LEONTIEF_DIR: the ADB reader's ISO3 codes back to WIOD's (ROU -> ROM, ROW -> RoW), in place
to_wiod_codes() {
    for _f in "$1"/multipliers.csv "$1"/va_origin_destination.csv; do
        sed -e 's/^ROU,/ROM,/' -e 's/^ROW,/RoW,/' -e 's/,ROU,/,ROM,/g' -e 's/,ROW,/,RoW,/g' "$_f" >"$_f.tmp" &&
            mv "$_f.tmp" "$_f"
    done
}

# same_leontief TABLE NAME FORMAT [map]: leontief on TABLE gives the original's results within 1e-10 (relative)
same_leontief() {
    rm -rf "$TMP/w.$2"
    expect_ok "$TSC" leontief "$1" --out "$TMP/w.$2" || return 1
    [ "${4:-}" = map ] && to_wiod_codes "$TMP/w.$2"
    same_csv "$TMP/w.orig/multipliers.csv" "$TMP/w.$2/multipliers.csv" --rtol 1e-10 --atol 0 || return 1
    same_csv "$TMP/w.orig/va_origin_destination.csv" "$TMP/w.$2/va_origin_destination.csv" --rtol 1e-10 \
        --atol 1e-9 || return 1
    expect_ok "$TSC" info "$1" || return 1
    file_has "$OUT" "^format +$3\$" || return 1
    file_has "$OUT" 'dimensions +41 regions x 35 sectors'
}

case_wiod_original() {
    rm -rf "$TMP/w.orig" "$TMP/w.nat"
    expect_ok "$TSC" leontief "$WIOD" --rebalance --out "$TMP/w.orig" || return 1
    expect_ok "$TSC" convert "$WIOD" --rebalance --out "$TMP/w.nat"
}

case_as_wiod_xlsx() {
    python3 "$WRITE" "$TMP/w.nat" "$TMP/wiot11_row_sep12.xlsx" wiod xlsx || { why "writing the workbook"; return 1; }
    same_leontief "$TMP/wiot11_row_sep12.xlsx" wiod.xlsx wiod-xlsx || return 1
    file_has "$OUT" 'unit, year +USD million, 2011'
}

case_as_wiod_quirks() {  # inline strings, merged region cells, blank rows
    python3 "$WRITE" "$TMP/w.nat" "$TMP/wq.xlsx" wiod xlsx --inline --merged --blank-rows || { why "writing"; return 1; }
    same_leontief "$TMP/wq.xlsx" wiod.quirks wiod-xlsx
}

case_as_adb_xlsx() {  # a legend sheet first, merged region cells, " " cells, ADB's economy codes
    python3 "$WRITE" "$TMP/w.nat" "$TMP/ADB-MRIO-2011.xlsx" adb xlsx --merged --legend-first || { why "writing"; return 1; }
    same_leontief "$TMP/ADB-MRIO-2011.xlsx" adb.xlsx adb map || return 1
    expect_stderr 'note: 12 ADB MRIO region codes carried to ISO 3166 alpha-3: PRC->CHN, GER->DEU' || return 1
    expect_stderr 'note: primary inputs under the final-demand columns'
}

case_as_adb_csv() {
    python3 "$WRITE" "$TMP/w.nat" "$TMP/ADB-MRIO-2011.csv" adb csv --blank-rows || { why "writing"; return 1; }
    same_leontief "$TMP/ADB-MRIO-2011.csv" adb.csv adb map
}

if [ -d "$WIOD" ]; then
    run_case "WIOD 2011: leontief and native copy" case_wiod_original
    run_case "WIOD 2011 as wiot11_row_sep12.xlsx: same Leontief results (1e-10)" case_as_wiod_xlsx
    run_case "WIOD 2011 as WIOD xlsx, inline strings, merged cells, blank rows (1e-10)" case_as_wiod_quirks
    run_case "WIOD 2011 as ADB MRIO xlsx: same Leontief results (1e-10)" case_as_adb_xlsx
    run_case "WIOD 2011 as ADB MRIO CSV export: same Leontief results (1e-10)" case_as_adb_csv
else
    skip_part "$WIOD absent (the reshaped WIOD 2011 cases not run)"
fi
finish
