# The database readers on real data: the WIOD 2011 table (../shared/data/wiod2013, loaded with --rebalance) reshaped
# into the OECD ICIO 2023 layout (Mexico split into MEX and MX1, value added split into TLS and VA; also gzip-compressed)
# and the 2016/2018 one (TAXSUB, VALU, OUTPUT; two years in one zip, --year), into pymrio's text layout (convert --to
# pymrio, and A.txt + x.txt as EXIOBASE ships it, also as its IOT_2011_pxp.zip) and into Eora26's files reads back to
# the same Leontief results: multipliers.csv within 1e-10 relative of the WIOD original's. Also: the mocks of ../shared/vectors/formats are
# detected and read by the command (info names the format, notes on stderr), --format forces a layout, --keep-splits.
# shellcheck disable=SC2317  # the case functions are called through run_case
set -eu
. "$(dirname "$0")/lib.sh"

WIOD=$SHARED/data/wiod2013/wiot_2011
MOCKS=$SHARED/vectors/formats
skip_if_absent "$SHARED"

# max_rel A B: the largest relative difference between the numeric fields of two CSVs of the same shape (header
# skipped; a pair where both are zero counts 0).
max_rel() {
    awk -F, 'NR == FNR { if (FNR > 1) for (j = 1; j <= NF; j++) a[FNR, j] = $j; next }
        FNR > 1 { for (j = 1; j <= NF; j++) if ($j ~ /^-?[0-9.]/) { x = a[FNR, j] + 0; y = $j + 0; d = x - y; if (d < 0) d = -d
            s = (x < 0 ? -x : x); t = (y < 0 ? -y : y); if (t > s) s = t; if (s > 0 && d / s > m) m = d / s } }
        END { printf "%.3g\n", m + 0 }' "$1" "$2"
}

# ---- the mocks ------------------------------------------------------------------------------------------------------
case_mock_info() {  # $1 = path, $2 = format, $3 = extra option
    # shellcheck disable=SC2086
    expect_ok "$TSC" info "$1" $3 || return 1
    file_has "$OUT" "^format +$2\$"
}

case_mock_notes() {
    expect_ok "$TSC" info "$MOCKS/oecd2023_mock" || return 1
    expect_stderr '^tariffscope: note: split region MX1 summed into MEX' || return 1
    file_has "$OUT" 'dimensions +4 regions x 3 sectors' || return 1
    expect_ok "$TSC" info "$MOCKS/oecd2023_mock/ICIO2023_2020.csv" --keep-splits || return 1
    file_has "$OUT" 'dimensions +6 regions x 3 sectors' || return 1
    expect_ok "$TSC" info "$MOCKS/exio3_mock" || return 1
    expect_stderr 'note: x solved from' || return 1
    file_has "$OUT" 'extensions +satellite: 2 accounts \(and final demand.s own, F_Y\): emission_type1 \[kg\]'
}

case_format_forced() {
    expect_fail 1 'not a tariffscope cache file' "$TSC" info "$MOCKS/oecd2023_mock/ICIO2023_2020.csv" --format cache || return 1
    expect_fail 1 'file_parameters.json' "$TSC" info "$MOCKS/eora26_mock" --format pymrio || return 1
    expect_ok "$TSC" info "$MOCKS/oecd2023_mock/ICIO2023_2020.csv" --format oecd
}

case_oecd_expected() {  # convert --to native reproduces expected_Z.csv and expected_Y.csv (labels REGION_SECTOR)
    rm -rf "$TMP/o23"
    expect_ok "$TSC" convert "$MOCKS/oecd2023_mock" --out "$TMP/o23" || return 1
    for _m in Z Y; do
        sed 's/^""/,/; s/^,,/,/' "$TMP/o23/$_m.csv" | sed 's/\([A-Z][A-Z][A-Z]\)\./\1_/g' >"$TMP/o23/$_m.cmp"
        sed 's/^,/,/' "$MOCKS/oecd2023_mock/expected_$_m.csv" >"$TMP/o23/$_m.want"
        same_csv "$TMP/o23/$_m.cmp" "$TMP/o23/$_m.want" --rtol 1e-15 || return 1
    done
}

if [ -d "$MOCKS" ]; then
    run_case "oecd2023 mock: info names the format" case_mock_info "$MOCKS/oecd2023_mock/ICIO2023_2020.csv" oecd ""
    run_case "oecd 2016 mock (rebalanced)" case_mock_info "$MOCKS/oecd_mock/ICIO2016_2003.csv" oecd --rebalance
    run_case "oecd 2018 mock (rebalanced)" case_mock_info "$MOCKS/oecd_mock/ICIO2018_2010.CSV" oecd --rebalance
    run_case "oecd 2018 mock as distributed (zip, rebalanced)" case_mock_info "$MOCKS/oecd_mock/ICIO2018_2010.zip" oecd --rebalance
    run_case "eora26 mock (rebalanced)" case_mock_info "$MOCKS/eora26_mock" eora --rebalance
    run_case "exio3 mock (pymrio layout, A.txt)" case_mock_info "$MOCKS/exio3_mock" pymrio ""
    run_case "notes on stderr; --keep-splits" case_mock_notes
    run_case "--format forces a layout" case_format_forced
    run_case "oecd2023 mock: convert gives expected_Z and expected_Y" case_oecd_expected
else
    echo "SKIP: $MOCKS absent (mock cases not run)"
fi

# ---- WIOD 2011 reshaped -------------------------------------------------------------------------------------------
# to_oecd NATIVE FILE [2018]: the native table in the ICIO 2023 layout: V1 corner, REGION_SECTOR labels, final demand
# REGION_HFCE/NPISH/GGFC/GFCF/INVNT, OUT column; rows TLS (a tenth of va), VA (the rest), OUT. Mexico's rows and
# columns are split in two halves, MEX_s and MX1_s interleaved as the 2023 release has them. With 2018: the 2016/2018
# layout: empty corner, TOTAL column, rows AUS_TAXSUB and AUT_TAXSUB (taxes paid in two regions: 4 and 6 % of va),
# the other regions' TAXSUB rows zero, VALU (the rest) and OUTPUT.
to_oecd() {
    python3 - "$1" "$2" "${3:-2023}" <<'EOF'
import csv, sys
src, dst, layout = sys.argv[1], sys.argv[2], sys.argv[3]
def read(name):
    with open(f"{src}/{name}", newline="") as f:
        r = list(csv.reader(f))
    return r[0][1:], [row[0] for row in r[1:]], [[float(v) for v in row[1:]] for row in r[1:]]
zc, zr, Z = read("Z.csv"); yc, _, Y = read("Y.csv")
_, _, XV = read("x_va.csv")
cat = {"CONS_h": "HFCE", "CONS_np": "NPISH", "CONS_g": "GGFC", "GFCF": "GFCF", "INVEN": "INVNT"}
lab = lambda l: l.replace(".", "_", 1)
# raw industries: (label, table index, share)
raw = []
for i, l in enumerate(zc):
    if l.startswith("MEX."):
        raw += [(lab(l), i, 0.5), ("MX1_" + l[4:], i, 0.5)]
    else:
        raw.append((lab(l), i, 1.0))
fd = [l.split(".", 1)[0] + "_" + cat[l.split(".", 1)[1]] for l in yc]
g = repr
old = layout == "2018"
with open(dst, "w") as f:
    f.write(",".join(["" if old else "V1"] + [r[0] for r in raw] + fd + ["TOTAL" if old else "OUT"]) + "\n")
    for (li, i, si) in raw:
        row = [g(Z[i][j] * si * sj) for (_, j, sj) in raw] + [g(v * si) for v in Y[i]]
        f.write(",".join([li] + row + [g(XV[i][0] * si)]) + "\n")
    n = len(zc)
    if old:
        regs = list(dict.fromkeys(l.split(".", 1)[0] for l in zc)) + ["MX1"]
        rows = [(f"{r}_TAXSUB", [XV[j][1] * {"AUS": 0.04, "AUT": 0.06}.get(r, 0.0) for j in range(n)]) for r in regs]
        rows += [("VALU", [XV[j][1] * 0.9 for j in range(n)]), ("OUTPUT", [XV[j][0] for j in range(n)])]
    else:
        tls = [XV[j][1] * 0.1 for j in range(n)]
        rows = [("TLS", tls), ("VA", [XV[j][1] - tls[j] for j in range(n)]), ("OUT", [XV[j][0] for j in range(n)])]
    for name, vals in rows:
        f.write(",".join([name] + [g(vals[j] * sj) for (_, j, sj) in raw] + ["0"] * (len(fd) + 1)) + "\n")
EOF
}

# to_pymrio_a NATIVE DIR: pymrio's layout with A.txt (A = Z / x, zero where x = 0) and x.txt, as EXIOBASE ships it.
to_pymrio_a() {
    python3 - "$1" "$2" <<'EOF'
import csv, json, os, sys
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
def read(name):
    with open(f"{src}/{name}", newline="") as f:
        r = list(csv.reader(f))
    return r[0][1:], [row[0] for row in r[1:]], [[float(v) for v in row[1:]] for row in r[1:]]
zc, _, Z = read("Z.csv"); yc, _, Y = read("Y.csv"); _, _, XV = read("x_va.csv")
x = [r[0] for r in XV]
sp = lambda l: l.split(".", 1)
def header(f, cols, second):
    f.write("region\t\t" + "\t".join(sp(c)[0] for c in cols) + "\n")
    f.write(second + "\t\t" + "\t".join(sp(c)[1] for c in cols) + "\n")
    f.write("region\tsector" + "\t" * len(cols) + "\n")
with open(f"{dst}/A.txt", "w") as f:
    header(f, zc, "sector")
    for i, l in enumerate(zc):
        f.write("\t".join(sp(l) + [repr(Z[i][j] / x[j] if x[j] != 0 else 0.0) for j in range(len(zc))]) + "\n")
with open(f"{dst}/Y.txt", "w") as f:
    header(f, yc, "category")
    for i, l in enumerate(zc):
        f.write("\t".join(sp(l) + [repr(v) for v in Y[i]]) + "\n")
with open(f"{dst}/x.txt", "w") as f:
    f.write("region\tsector\tindout\n")
    for i, l in enumerate(zc):
        f.write("\t".join(sp(l) + [repr(x[i])]) + "\n")
e = lambda n, i, h: {"name": n, "nr_index_col": str(i), "nr_header": str(h)}
json.dump({"files": {"A": e("A.txt", 2, 2), "Y": e("Y.txt", 2, 2), "x": e("x.txt", 2, 1)}, "systemtype": "IOSystem"},
          open(f"{dst}/file_parameters.json", "w"), indent=4)
EOF
}

# to_eora NATIVE DIR: Eora26's files: T, FD and VA tab-separated without header (VA in two rows: a third and the
# rest), labels_T/FD/VA.txt (region name, code, Industries / Final Demand, sector or category).
to_eora() {
    python3 - "$1" "$2" <<'EOF'
import csv, os, sys
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
def read(name):
    with open(f"{src}/{name}", newline="") as f:
        r = list(csv.reader(f))
    return r[0][1:], [[float(v) for v in row[1:]] for row in r[1:]]
zc, Z = read("Z.csv"); yc, Y = read("Y.csv"); _, XV = read("x_va.csv")
sp = lambda l: l.split(".", 1)
g = repr
def mat(name, rows):
    with open(f"{dst}/Eora26_2011_bp_{name}.txt", "w") as f:
        for r in rows:
            f.write("\t".join(g(v) for v in r) + "\n")
mat("T", Z); mat("FD", Y)
va = [r[1] for r in XV]
mat("VA", [[v / 3 for v in va], [v - v / 3 for v in va]])
with open(f"{dst}/labels_T.txt", "w") as f:
    for l in zc:
        f.write(f"Region {sp(l)[0]}\t{sp(l)[0]}\tIndustries\t{sp(l)[1]}\n")
with open(f"{dst}/labels_FD.txt", "w") as f:
    for l in yc:
        f.write(f"Region {sp(l)[0]}\t{sp(l)[0]}\tFinal Demand\t{sp(l)[1]}\n")
with open(f"{dst}/labels_VA.txt", "w") as f:
    f.write("Primary Inputs\tCompensation of employees D.1\nPrimary Inputs\tOperating surplus B.2n\n")
EOF
}

# zip_dir DIR ZIP [PREFIX]: the files of DIR (recursively) into ZIP, under the folder PREFIX when given (deflated).
zip_dir() {
    python3 - "$1" "$2" "${3:-}" <<'EOF'
import os, sys, zipfile
src, dst, prefix = sys.argv[1], sys.argv[2], sys.argv[3]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    for root, _, files in os.walk(src):
        for name in sorted(files):
            p = os.path.join(root, name)
            z.write(p, os.path.join(prefix, os.path.relpath(p, src)))
EOF
}

case_wiod_original() {
    rm -rf "$TMP/w.orig" "$TMP/w.nat"
    expect_ok "$TSC" leontief "$WIOD" --rebalance --out "$TMP/w.orig" || return 1
    expect_ok "$TSC" convert "$WIOD" --rebalance --out "$TMP/w.nat"
}

# same_leontief TABLE NAME [options]: leontief on TABLE gives the original's multipliers.csv within 1e-10 relative
# (and its va_origin_destination.csv too); prints the largest relative difference.
same_leontief() {
    _t=$1; _n=$2; shift 2
    rm -rf "$TMP/w.$_n"
    expect_ok "$TSC" leontief "$_t" --out "$TMP/w.$_n" "$@" || return 1
    same_csv "$TMP/w.orig/multipliers.csv" "$TMP/w.$_n/multipliers.csv" --rtol 1e-10 --atol 0 || return 1
    same_csv "$TMP/w.orig/va_origin_destination.csv" "$TMP/w.$_n/va_origin_destination.csv" --rtol 1e-10 --atol 1e-9 || return 1
    echo "        $_n: multipliers.csv max relative difference $(max_rel "$TMP/w.orig/multipliers.csv" "$TMP/w.$_n/multipliers.csv")"
}

case_wiod_oecd() {
    mkdir -p "$TMP/w.oecd"
    to_oecd "$TMP/w.nat" "$TMP/w.oecd/ICIO2023_2011.csv" || { why "reshaping into the OECD layout failed"; return 1; }
    same_leontief "$TMP/w.oecd" oecd.out || return 1
    expect_ok "$TSC" info "$TMP/w.oecd" || return 1
    file_has "$OUT" '^format +oecd$' || return 1
    file_has "$OUT" 'dimensions +41 regions x 35 sectors' || return 1
    expect_stderr 'note: split region MX1 summed into MEX'
}

case_wiod_oecd_keep() {  # --keep-splits: one region more, the same world totals
    expect_ok "$TSC" info "$TMP/w.oecd" --keep-splits || return 1
    file_has "$OUT" 'dimensions +42 regions x 35 sectors'
}

case_wiod_pymrio() {
    rm -rf "$TMP/w.pm"
    expect_ok "$TSC" convert "$TMP/w.nat" --to pymrio --out "$TMP/w.pm" || return 1
    for _f in Z.txt Y.txt x.txt unit.txt file_parameters.json metadata.json factor_inputs/F.txt \
        factor_inputs/file_parameters.json; do
        [ -f "$TMP/w.pm/$_f" ] || { why "$_f not written"; return 1; }
    done
    same_leontief "$TMP/w.pm" pymrio.out || return 1
    # and bit for bit: pymrio -> native rewrites the native CSVs byte for byte
    rm -rf "$TMP/w.pm.nat"
    expect_ok "$TSC" convert "$TMP/w.pm" --out "$TMP/w.pm.nat" || return 1
    for _f in Z.csv Y.csv x_va.csv; do
        cmp -s "$TMP/w.nat/$_f" "$TMP/w.pm.nat/$_f" || { why "$_f differs after native -> pymrio -> native"; return 1; }
    done
}

case_wiod_pymrio_a() {
    rm -rf "$TMP/w.pma"
    to_pymrio_a "$TMP/w.nat" "$TMP/w.pma" || { why "writing A.txt failed"; return 1; }
    same_leontief "$TMP/w.pma" pymrio_a.out
}

case_wiod_eora() {
    rm -rf "$TMP/w.eora"
    to_eora "$TMP/w.nat" "$TMP/w.eora" || { why "reshaping into Eora26's layout failed"; return 1; }
    same_leontief "$TMP/w.eora" eora.out || return 1
    expect_ok "$TSC" info "$TMP/w.eora" || return 1
    file_has "$OUT" '^format +eora$' || return 1
    file_has "$OUT" 'dimensions +41 regions x 35 sectors'
}

case_wiod_oecd_gz() {  # the 2023 layout gzip-compressed
    gzip -1 -c "$TMP/w.oecd/ICIO2023_2011.csv" >"$TMP/ICIO2023_2011.csv.gz" || return 1
    same_leontief "$TMP/ICIO2023_2011.csv.gz" oecd.gz
}

case_wiod_oecd_2018_zip() {  # the 2016/2018 layout, two years in one zip as the releases ship them: --year picks
    rm -rf "$TMP/o18" "$TMP/ICIO2018.zip"
    mkdir -p "$TMP/o18"
    to_oecd "$TMP/w.nat" "$TMP/o18/ICIO2018_2011.csv" 2018 || { why "reshaping into the 2018 layout failed"; return 1; }
    to_oecd "$TMP/w.nat" "$TMP/o18/ICIO2018_2012.csv" 2018 || return 1
    zip_dir "$TMP/o18" "$TMP/ICIO2018.zip" || { why "zipping"; return 1; }
    expect_fail 1 'ICIO2018.zip/: 2 ICIO\*.csv files here \(years 2011, 2012\): give the year to read \(--year\)' \
        "$TSC" info "$TMP/ICIO2018.zip" || return 1
    same_leontief "$TMP/ICIO2018.zip" oecd.2018.zip --year 2011 || return 1
    expect_ok "$TSC" info "$TMP/ICIO2018.zip" --year 2012 || return 1
    file_has "$OUT" '^table .*ICIO2018.zip/ICIO2018_2012.csv$' || return 1
    file_has "$OUT" '^format +oecd$' || return 1
    file_has "$OUT" '^unit, year +USD million, 2012$' || return 1
    expect_fail 1 'no ICIO\*.csv file of 2013 here \(years: 2011, 2012\)' "$TSC" info "$TMP/ICIO2018.zip" --year 2013
}

case_wiod_exio_zip() {  # EXIOBASE 3's zip: IOT_2011_pxp.zip holding the folder IOT_2011_pxp/ (A.txt, x.txt ...)
    rm -f "$TMP/IOT_2011_pxp.zip"
    zip_dir "$TMP/w.pma" "$TMP/IOT_2011_pxp.zip" IOT_2011_pxp || { why "zipping"; return 1; }
    same_leontief "$TMP/IOT_2011_pxp.zip" pymrio_a.zip || return 1
    expect_ok "$TSC" info "$TMP/IOT_2011_pxp.zip" || return 1
    file_has "$OUT" '^format +pymrio$' || return 1
    file_has "$OUT" '^table .*IOT_2011_pxp.zip/IOT_2011_pxp$' || return 1
    file_has "$OUT" ', 2011$' || return 1
    # --format names the layout of the folder the archive holds
    expect_ok "$TSC" info "$TMP/IOT_2011_pxp.zip" --format pymrio
}

case_no_progress_in_pipes() {  # stderr not a terminal: notes only, no progress line, whatever the load's length
    expect_ok "$TSC" info "$TMP/IOT_2011_pxp.zip" || return 1
    if grep -q 'reading' "$ERR"; then why "progress text on a stderr that is not a terminal"; return 1; fi
}

# stderr a terminal (script(1) gives the command a pseudo-terminal): the progress line is drawn from the start of the
# load with TARIFFSCOPE_PROGRESS_DELAY=0, redrawn in place and erased at the end; with the default second a short
# load draws nothing
case_progress_on_a_terminal() {
    command -v script >/dev/null 2>&1 || { why "script(1) is needed (Debian: bsdutils)"; return 1; }
    TARIFFSCOPE_PROGRESS_DELAY=0 script -qec "'$TSC' info '$SRC/data/world2024'" /dev/null >"$OUT" 2>&1 || {
        why "info on a terminal failed"; return 1; }
    grep -q 'tariffscope: reading Z.csv.gz' "$OUT" || { why "no progress line on a terminal"; return 1; }
    grep -q "$(printf '\r\033\\[K')" "$OUT" || { why "the progress line is not erased"; return 1; }
    grep -q '^dimensions' "$OUT" || { why "info's output is missing"; return 1; }
    script -qec "'$TSC' info '$SRC/data/world2024'" /dev/null >"$OUT" 2>&1 || { why "info failed"; return 1; }
    if grep -q 'reading' "$OUT"; then why "a load shorter than a second drew a progress line"; return 1; fi
}
run_case "progress line on a terminal (script), erased at the end" case_progress_on_a_terminal

if [ -d "$WIOD" ] && command -v python3 >/dev/null 2>&1; then
    run_case "WIOD 2011: leontief and native copy" case_wiod_original
    run_case "WIOD 2011 as OECD ICIO 2023 (MEX split, TLS + VA): same multipliers (1e-10)" case_wiod_oecd
    run_case "WIOD 2011 as OECD ICIO 2023: --keep-splits" case_wiod_oecd_keep
    run_case "WIOD 2011 via convert --to pymrio: same multipliers; back to native byte for byte" case_wiod_pymrio
    run_case "WIOD 2011 as pymrio A.txt + x.txt: same multipliers (1e-10)" case_wiod_pymrio_a
    run_case "WIOD 2011 as Eora26 (T, FD, VA and labels): same multipliers (1e-10)" case_wiod_eora
    run_case "WIOD 2011 as OECD ICIO 2023, gzip-compressed: same multipliers (1e-10)" case_wiod_oecd_gz
    run_case "WIOD 2011 as OECD ICIO 2018 in a two-year zip, --year: same multipliers (1e-10)" case_wiod_oecd_2018_zip
    run_case "WIOD 2011 as EXIOBASE 3's IOT_2011_pxp.zip: same multipliers (1e-10)" case_wiod_exio_zip
    run_case "no progress line when stderr is not a terminal" case_no_progress_in_pipes
else
    echo "SKIP: $WIOD or python3 absent (WIOD reshaping cases not run)"
fi
finish
