# The FIGARO, WIOD 2016 and GLORIA readers on real data: the WIOD 2011 table (../shared/data/wiod2013, loaded with
# --rebalance) reshaped into FIGARO's industry-by-industry matrix and into the WIOD 2016 release's sheet (saved as
# CSV) reads back to the same Leontief results (multipliers.csv within 1e-10 relative of the original's), with real
# files' quirks (byte-order mark, CRLF, quoted labels, trailing blank lines; the table's own negative inventories and
# zero-output sectors). GLORIA: a supply-use table built from the same table (every industry makes its own product
# and, for a share, the next industry's) turns back into it by model D; the mock of ../shared/vectors/formats is
# detected and read.
# shellcheck disable=SC2317  # the case functions are called through run_case
set -eu
. "$(dirname "$0")/lib.sh"

WIOD=$SHARED/data/wiod2013/wiot_2011
MOCKS=$SHARED/vectors/formats
skip_if_absent "$SHARED"

# to_figaro NATIVE FILE: matrix_eu-ic-io_ind-by-ind layout: corner rowLabels, REGION_SECTOR labels, final demand
# REGION_P3_S13/P3_S14/P3_S15/P51G/P5M (in that order, as FIGARO has them), rows W2_D21X31 ... W2_B2A3G splitting
# va (and carrying taxes under final demand, which the reader leaves out). BOM, CRLF, quoted labels, blank lines.
to_figaro() {
    python3 - "$1" "$2" <<'EOF'
import csv, sys
src, dst = sys.argv[1], sys.argv[2]
def read(name):
    with open(f"{src}/{name}", newline="") as f:
        r = list(csv.reader(f))
    return r[0][1:], [[float(v) for v in row[1:]] for row in r[1:]]
zc, Z = read("Z.csv"); yc, Y = read("Y.csv"); _, XV = read("x_va.csv")
cat = {"CONS_g": "P3_S13", "CONS_h": "P3_S14", "CONS_np": "P3_S15", "GFCF": "P51G", "INVEN": "P5M"}
order = ["CONS_g", "CONS_h", "CONS_np", "GFCF", "INVEN"]
regions = list(dict.fromkeys(l.split(".", 1)[0] for l in yc))
ycols = [yc.index(f"{r}.{c}") for r in regions for c in order]
lab = lambda l: '"' + l.replace(".", "_", 1) + '"'
g = repr
n = len(zc)
with open(dst, "w", newline="") as f:
    f.write("\ufeff" + ",".join(["rowLabels"] + [lab(l) for l in zc] +
                                [lab(f"{r}.{cat[c]}") for r in regions for c in order]) + "\r\n")
    for i in range(n):
        f.write(",".join([lab(zc[i])] + [g(v) for v in Z[i]] + [g(Y[i][k]) for k in ycols]) + "\r\n")
    va = [XV[j][1] for j in range(n)]
    shares = {"D21X31": 0.07, "OP_RES": 0.0, "OP_NRES": 0.0, "D1": 0.55, "D29X39": 0.03}
    rest = list(va)
    for code in ["D21X31", "OP_RES", "OP_NRES", "D1", "D29X39", "B2A3G"]:
        if code == "B2A3G":
            vals = rest
        else:
            vals = [v * shares[code] for v in va]
            rest = [a - b for a, b in zip(rest, vals)]
        fd = [g(1.5 + k % 3) if code in ("D21X31", "OP_NRES") else "0" for k in range(len(ycols))]
        f.write(",".join([f"W2_{code}"] + [g(v) for v in vals] + fd) + "\r\n")
    f.write("\r\n\r\n")
EOF
}

# to_wiod2016 NATIVE FILE: the WIOTyyyy_Nov16_ROW sheet as Excel saves it as CSV: six header rows (title, unit,
# codes, descriptions, countries, column numbers), rows code, description, country, rN, then Z, final demand
# CONS_h ... INVEN per country and TOT; under them II_fob, TXSP, EXP_adj, PURR, PURNR, VA, IntTTM and GO.
to_wiod2016() {
    python3 - "$1" "$2" <<'EOF'
import csv, sys
src, dst = sys.argv[1], sys.argv[2]
def read(name):
    with open(f"{src}/{name}", newline="") as f:
        r = list(csv.reader(f))
    return r[0][1:], [[float(v) for v in row[1:]] for row in r[1:]]
zc, Z = read("Z.csv"); yc, Y = read("Y.csv"); _, XV = read("x_va.csv")
n, m = len(zc), len(yc)
sp = lambda l: l.split(".", 1)
g = repr
rows = []
width = 4 + n + m + 1
pad = lambda r: r + [""] * (width - len(r))
rows.append(pad(["World Input-Output Table 2011 (reshaped)"]))
rows.append(pad(["(millions of US$)"]))
rows.append(["", "", "", ""] + [sp(l)[1] for l in zc] + [sp(l)[1] for l in yc] + ["GO"])
rows.append(["", "", "", ""] + [f"Industry {sp(l)[1]}, of all kinds" for l in zc] + ["Final use"] * m + ["Total output"])
rows.append(["", "", "", ""] + [sp(l)[0] for l in zc] + [sp(l)[0] for l in yc] + ["TOT"])
rows.append(["", "", "", ""] + [f"c{k + 1}" for k in range(n + m + 1)])
for i, l in enumerate(zc):
    rows.append([sp(l)[1], f"Industry {sp(l)[1]}, of all kinds", sp(l)[0], f"r{i + 1}"] +
                [g(v) for v in Z[i]] + [g(v) for v in Y[i]] + [g(XV[i][0])])
va = [XV[j][1] for j in range(n)]
ii = [sum(Z[i][j] for i in range(n)) for j in range(n)]
parts = {"TXSP": 0.08, "EXP_adj": 0.01, "PURR": 0.0, "PURNR": 0.0, "IntTTM": 0.02}
vals = {k: [v * s for v in va] for k, s in parts.items()}
vals["VA"] = [v - sum(vals[k][j] for k in parts) for j, v in enumerate(va)]
for k, code in enumerate(["II_fob", "TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM", "GO"]):
    v = ii if code == "II_fob" else [XV[j][0] for j in range(n)] if code == "GO" else vals[code]
    fd = [g(2.25) if code in ("TXSP", "PURR") else "" for _ in range(m)]
    rows.append([code, code, "TOT", f"r{64 + k}"] + [g(x) for x in v] + fd + [""])
with open(dst, "w", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)
EOF
}

case_wiod_original() {
    rm -rf "$TMP/w.orig" "$TMP/w.nat"
    expect_ok "$TSC" leontief "$WIOD" --rebalance --out "$TMP/w.orig" || return 1
    expect_ok "$TSC" convert "$WIOD" --rebalance --out "$TMP/w.nat"
}

# same_leontief TABLE NAME [options]: leontief on TABLE gives the original's multipliers.csv within 1e-10 relative
# (and its va_origin_destination.csv too).
same_leontief() {
    _t=$1; _n=$2; shift 2
    rm -rf "$TMP/w.$_n"
    expect_ok "$TSC" leontief "$_t" --out "$TMP/w.$_n" "$@" || return 1
    same_csv "$TMP/w.orig/multipliers.csv" "$TMP/w.$_n/multipliers.csv" --rtol 1e-10 --atol 0 || return 1
    same_csv "$TMP/w.orig/va_origin_destination.csv" "$TMP/w.$_n/va_origin_destination.csv" --rtol 1e-10 --atol 1e-9
}

case_wiod_figaro() {
    mkdir -p "$TMP/fig"
    _f=$TMP/fig/matrix_eu-ic-io_ind-by-ind_23ed_2011.csv
    to_figaro "$TMP/w.nat" "$_f" || { why "reshaping into the FIGARO layout failed"; return 1; }
    same_leontief "$_f" figaro.out || return 1
    expect_ok "$TSC" info "$_f" || return 1
    file_has "$OUT" '^format +figaro$' || return 1
    file_has "$OUT" 'dimensions +41 regions x 35 sectors' || return 1
    file_has "$OUT" '^unit, year +EUR million, 2011$' || return 1
    expect_stderr 'note: primary inputs under the final-demand columns'
}

case_wiod_2016() {
    mkdir -p "$TMP/w16"
    _f=$TMP/w16/WIOT2011_Nov16_ROW.csv
    to_wiod2016 "$TMP/w.nat" "$_f" || { why "reshaping into the WIOD 2016 layout failed"; return 1; }
    same_leontief "$_f" wiod2016.out || return 1
    expect_ok "$TSC" info "$_f" || return 1
    file_has "$OUT" '^format +wiod2016$' || return 1
    file_has "$OUT" 'dimensions +41 regions x 35 sectors' || return 1
    expect_stderr 'note: the rows under final demand'
}

case_wiod_2016_errors() {  # a wrong industry row is named at its line; the xlsb itself is refused with the way out
    sed '9s/^c3,/c4,/' "$TMP/w16/WIOT2011_Nov16_ROW.csv" >"$TMP/w16/WIOT2011_bad.csv"
    expect_fail 1 'WIOT2011_bad.csv:9:1: .*where AUS c3 is expected' "$TSC" info "$TMP/w16/WIOT2011_bad.csv" || return 1
    : >"$TMP/w16/WIOT2011_Nov16_ROW.xlsb"
    expect_fail 1 'save its sheet as CSV' "$TSC" info "$TMP/w16/WIOT2011_Nov16_ROW.xlsb"
}

case_figaro_errors() {
    sed '3s/^"AUS_c2"/"AUS_c9"/' "$TMP/fig/matrix_eu-ic-io_ind-by-ind_23ed_2011.csv" >"$TMP/fig/matrix_bad.csv"
    expect_fail 1 "matrix_bad.csv:3:1: row 'AUS_c9' where 'AUS_c2' is expected" "$TSC" info "$TMP/fig/matrix_bad.csv"
}

if [ -d "$WIOD" ] && command -v python3 >/dev/null 2>&1; then
    run_case "WIOD 2011: leontief and native copy" case_wiod_original
    run_case "WIOD 2011 as FIGARO matrix (BOM, CRLF, quotes): same multipliers (1e-10)" case_wiod_figaro
    run_case "WIOD 2011 as the WIOD 2016 sheet (CSV): same multipliers (1e-10)" case_wiod_2016
    run_case "WIOD 2016 sheet: errors located" case_wiod_2016_errors
    run_case "FIGARO matrix: errors located" case_figaro_errors
else
    skip_part "$WIOD or python3 absent (WIOD reshaping cases not run)"
fi
finish
