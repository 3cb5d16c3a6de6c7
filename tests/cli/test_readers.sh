# The database readers on real data: the WIOD 2011 table (../shared/data/wiod2013, loaded with --rebalance) reshaped
# into the OECD ICIO 2023 layout (Mexico split into MEX and MX1, value added split into TLS and VA) and into pymrio's
# text layout (convert --to pymrio, and A.txt + x.txt as EXIOBASE ships it) reads back to the same Leontief results:
# multipliers.csv within 1e-10 relative of the WIOD original's. Also: the mocks of ../shared/vectors/formats are
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
    run_case "eora26 mock (rebalanced)" case_mock_info "$MOCKS/eora26_mock" eora --rebalance
    run_case "exio3 mock (pymrio layout, A.txt)" case_mock_info "$MOCKS/exio3_mock" pymrio ""
    run_case "notes on stderr; --keep-splits" case_mock_notes
    run_case "--format forces a layout" case_format_forced
    run_case "oecd2023 mock: convert gives expected_Z and expected_Y" case_oecd_expected
else
    echo "SKIP: $MOCKS absent (mock cases not run)"
fi

# ---- WIOD 2011 reshaped -------------------------------------------------------------------------------------------
# to_oecd NATIVE FILE: the native table in the ICIO 2023 layout: V1 corner, REGION_SECTOR labels, final demand
# REGION_HFCE/NPISH/GGFC/GFCF/INVNT, OUT column; rows TLS (a tenth of va), VA (the rest), OUT. Mexico's rows and
# columns are split in two halves, MEX_s and MX1_s interleaved as the 2023 release has them.
to_oecd() {
    python3 - "$1" "$2" <<'EOF'
import csv, sys
src, dst = sys.argv[1], sys.argv[2]
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
with open(dst, "w") as f:
    f.write(",".join(["V1"] + [r[0] for r in raw] + fd + ["OUT"]) + "\n")
    for (li, i, si) in raw:
        row = [g(Z[i][j] * si * sj) for (_, j, sj) in raw] + [g(v * si) for v in Y[i]]
        f.write(",".join([li] + row + [g(XV[i][0] * si)]) + "\n")
    tls = [XV[j][1] * 0.1 for j in range(len(zc))]
    for name, vals in (("TLS", tls), ("VA", [XV[j][1] - tls[j] for j in range(len(zc))]), ("OUT", [XV[j][0] for j in range(len(zc))])):
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

if [ -d "$WIOD" ] && command -v python3 >/dev/null 2>&1; then
    run_case "WIOD 2011: leontief and native copy" case_wiod_original
    run_case "WIOD 2011 as OECD ICIO 2023 (MEX split, TLS + VA): same multipliers (1e-10)" case_wiod_oecd
    run_case "WIOD 2011 as OECD ICIO 2023: --keep-splits" case_wiod_oecd_keep
    run_case "WIOD 2011 via convert --to pymrio: same multipliers; back to native byte for byte" case_wiod_pymrio
    run_case "WIOD 2011 as pymrio A.txt + x.txt: same multipliers (1e-10)" case_wiod_pymrio_a
else
    echo "SKIP: $WIOD or python3 absent (WIOD reshaping cases not run)"
fi
finish
