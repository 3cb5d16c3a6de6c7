# The FIGARO, WIOD 2016 and GLORIA readers on real data: the WIOD 2011 table (../shared/data/wiod2013, loaded with
# --rebalance) reshaped into FIGARO's industry-by-industry matrix, into its flat CSV (zipped) and into the WIOD 2016 release's sheet (saved as
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

# to_xlsb SHEET.csv BOOK.xlsb: the sheet as an Excel binary workbook ([MS-XLSB]): xl/workbook.bin (one BrtBundleSh),
# xl/_rels/workbook.bin.rels, xl/sharedStrings.bin and xl/worksheets/sheet1.bin, as Excel writes them: strings
# shared (BrtCellIsst) but the descriptions inline (BrtCellSt), numbers as RK (integers, hundredths, doubles whose low
# 34 bits are zero) where exact, else BrtCellReal; empty cells left out.
to_xlsb() {
    python3 - "$1" "$2" <<'EOF'
import csv, struct, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
def rec(t, data=b""):
    out = bytearray([t]) if t < 0x80 else bytearray([(t & 0x7F) | 0x80, t >> 7])
    n = len(data)
    while True:
        b, n = n & 0x7F, n >> 7
        out.append(b | 0x80 if n else b)
        if not n:
            break
    return bytes(out) + data
def ws(s):
    u = s.encode("utf-16-le")
    return struct.pack("<I", len(u) // 2) + u
def rk(v):
    if v == int(v) and -2**29 <= v < 2**29:
        return ((int(v) << 2) | 2) & 0xFFFFFFFF
    k = round(v * 100)
    if k / 100 == v and -2**29 <= k < 2**29:
        return ((k << 2) | 3) & 0xFFFFFFFF
    u = struct.unpack("<Q", struct.pack("<d", v))[0]
    if u & 0x3FFFFFFFF == 0:
        return u >> 32
    return None
sst, index = [], {}
sheet = bytearray(rec(129) + rec(145))
with open(src, newline="") as f:
    for r, row in enumerate(csv.reader(f)):
        sheet += rec(0, struct.pack("<IIHBBB", r, 0, 300, 0, 0, 0) + bytes(8))
        for c, v in enumerate(row):
            if v == "":
                continue
            head = struct.pack("<II", c, 0)
            try:
                x = float(v)
            except ValueError:
                if c == 1:
                    sheet += rec(6, head + ws(v))
                    continue
                if v not in index:
                    index[v] = len(sst)
                    sst.append(v)
                sheet += rec(7, head + struct.pack("<I", index[v]))
                continue
            k = rk(x)
            sheet += rec(2, head + struct.pack("<I", k)) if k is not None else rec(5, head + struct.pack("<d", x))
sheet += rec(146) + rec(130)
strings = rec(159, struct.pack("<II", len(sst), len(sst))) + b"".join(rec(19, bytes(1) + ws(s)) for s in sst) + rec(160)
book = rec(131) + rec(143) + rec(156, struct.pack("<II", 0, 1) + ws("rId3") + ws("2011")) + rec(144) + rec(132)
ns = "http://schemas.openxmlformats.org/"
rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="' + ns + 'package/2006/'
        'relationships"><Relationship Id="rId1" Type="' + ns + 'officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.bin"/><Relationship Id="rId3" Type="' + ns + 'officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.bin"/></Relationships>')
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="' + ns + 'package/2006/content-types"/>')
    z.writestr("xl/workbook.bin", book)
    z.writestr("xl/_rels/workbook.bin.rels", rels)
    z.writestr("xl/sharedStrings.bin", strings)
    z.writestr("xl/worksheets/sheet1.bin", bytes(sheet))
EOF
}

# to_gloria NATIVE DIR: the table as GLORIA ships a year: DIR/GLORIA_MRIOs_59_2011/ with the T, Y and V CSVs of
# Markup001 (no header; per region its industries, then its products), and DIR/GLORIA_ReadMe_059.xlsx (sheets Regions,
# Sectors, Value added and final demand, Satellites; inline strings). The supply is a permutation: industry k of a
# region makes product N-1-k only (and all of it), so model D gives Z back exactly, through non-trivial market shares:
# the use row of product N-1-k is Z's row k, final demand likewise; value added is split into two items.
to_gloria() {
    python3 - "$1" "$2" <<'EOF'
import csv, os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
def read(name):
    with open(f"{src}/{name}", newline="") as f:
        r = list(csv.reader(f))
    return r[0][1:], [[float(v) for v in row[1:]] for row in r[1:]]
zc, Z = read("Z.csv"); yc, Y = read("Y.csv"); _, XV = read("x_va.csv")
regions = list(dict.fromkeys(l.split(".", 1)[0] for l in zc))
sectors = list(dict.fromkeys(l.split(".", 1)[1] for l in zc))
G, N = len(regions), len(sectors)
cats = ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"]
names = {"CONS_h": "Household final consumption P.3h", "CONS_np": "Non-profit institutions serving households P.3n",
         "CONS_g": "Government final consumption P.3g", "GFCF": "Gross fixed capital formation P.51",
         "INVEN": "Changes in inventories P.52"}
ycol = [yc.index(f"{r}.{c}") for r in regions for c in cats]
M = 2 * N
d = f"{dst}/GLORIA_MRIOs_59_2011"
os.makedirs(d, exist_ok=True)
base = "20230314_120secMother_AllCountries_002_%s-Results_2011_059_Markup001(full).csv"
g = lambda v: "0" if v == 0 else repr(v)
x = [r[0] for r in XV]; va = [r[1] for r in XV]
with open(f"{d}/" + base % "T", "w") as f:
    for r in range(G):
        for k in range(N):  # industry k of r: supply of product N-1-k of r
            row = ["0"] * (G * M)
            row[r * M + N + (N - 1 - k)] = g(x[r * N + k])
            f.write(",".join(row) + "\n")
        for p in range(N):  # product p of r is made by industry N-1-p: its use is Z's row of that industry
            i = r * N + (N - 1 - p)
            row = ["0"] * (G * M)
            for s in range(G):
                for j in range(N):
                    row[s * M + j] = g(Z[i][s * N + j])
            f.write(",".join(row) + "\n")
with open(f"{d}/" + base % "Y", "w") as f:
    for r in range(G):
        for k in range(N):
            f.write(",".join(["0"] * len(ycol)) + "\n")
        for p in range(N):
            i = r * N + (N - 1 - p)
            f.write(",".join(g(Y[i][c]) for c in ycol) + "\n")
with open(f"{d}/" + base % "V", "w") as f:
    for r in range(G):
        for share in (0.625, 0.375):
            row = ["0"] * (G * M)
            for j in range(N):
                row[r * M + j] = g(va[r * N + j] * share)
            f.write(",".join(row) + "\n")
def sheet(rows):
    out = []
    for i, row in enumerate(rows):
        cells = "".join(f'<c r="{chr(65 + j)}{i + 1}" t="inlineStr"><is><t>{v}</t></is></c>' if isinstance(v, str)
                        else f'<c r="{chr(65 + j)}{i + 1}"><v>{v}</v></c>' for j, v in enumerate(row))
        out.append(f'<row r="{i + 1}">{cells}</row>')
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main"><sheetData>' + "".join(out) + "</sheetData></worksheet>")
ns = "http://schemas.openxmlformats.org/"
sheets = [("Regions", [["Lfd_Nr", "Region_acronyms", "Region_names"]] + [[k + 1, r, f"Region {r}"] for k, r in enumerate(regions)]),
          ("Sectors", [["Lfd_Nr", "Sector_names"]] + [[k + 1, s] for k, s in enumerate(sectors)]),
          ("Value added and final demand", [["Lfd_Nr", "Value_added_names", "Final_demand_names"],
                                            [1, "Compensation of employees D.1", names[cats[0]]],
                                            [2, "Operating surplus B.2", names[cats[1]]]] +
                                           [[k + 3, "", names[c]] for k, c in enumerate(cats[2:])]),
          ("Satellites", [["Lfd_Nr", "Sat_head_indicator", "Sat_indicator", "Sat_unit"], [1, "Energy", "coal", "TJ"]])]
with zipfile.ZipFile(f"{dst}/GLORIA_ReadMe_059.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", f'<?xml version="1.0"?><Types xmlns="{ns}package/2006/content-types"/>')
    z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{ns}spreadsheetml/2006/main" xmlns:r="'
               f'{ns}officeDocument/2006/relationships"><sheets>' +
               "".join(f'<sheet name="{n}" sheetId="{k + 1}" r:id="rId{k + 1}"/>' for k, (n, _) in enumerate(sheets)) +
               "</sheets></workbook>")
    z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="{ns}package/2006/'
               'relationships">' + "".join(f'<Relationship Id="rId{k + 1}" Type="{ns}officeDocument/2006/'
               f'relationships/worksheet" Target="worksheets/sheet{k + 1}.xml"/>' for k in range(len(sheets))) +
               "</Relationships>")
    for k, (_, rows) in enumerate(sheets):
        z.writestr(f"xl/worksheets/sheet{k + 1}.xml", sheet(rows))
EOF
}

case_wiod_original() {
    rm -rf "$TMP/w.orig" "$TMP/w.nat"
    expect_ok "$TSC" leontief "$WIOD" --rebalance --out "$TMP/w.orig" || return 1
    expect_ok "$TSC" convert "$WIOD" --rebalance --out "$TMP/w.nat"
}

# max_rel A B: the largest relative difference between the numeric fields of two CSVs of the same shape.
max_rel() {
    awk -F, 'NR == FNR { if (FNR > 1) for (j = 1; j <= NF; j++) a[FNR, j] = $j; next }
        FNR > 1 { for (j = 1; j <= NF; j++) if ($j ~ /^-?[0-9.]/) { x = a[FNR, j] + 0; y = $j + 0; d = x - y; if (d < 0) d = -d
            s = (x < 0 ? -x : x); t = (y < 0 ? -y : y); if (t > s) s = t; if (s > 0 && d / s > m) m = d / s } }
        END { printf "%.3g\n", m + 0 }' "$1" "$2"
}

# same_leontief TABLE NAME [options]: leontief on TABLE gives the original's multipliers.csv within 1e-10 relative
# (and its va_origin_destination.csv too); prints the largest relative difference.
same_leontief() {
    _t=$1; _n=$2; shift 2
    rm -rf "$TMP/w.$_n"
    expect_ok "$TSC" leontief "$_t" --out "$TMP/w.$_n" "$@" || return 1
    same_csv "$TMP/w.orig/multipliers.csv" "$TMP/w.$_n/multipliers.csv" --rtol 1e-10 --atol 0 || return 1
    same_csv "$TMP/w.orig/va_origin_destination.csv" "$TMP/w.$_n/va_origin_destination.csv" --rtol 1e-10 --atol 1e-9 ||
        return 1
    echo "        $_n: multipliers.csv max relative difference $(max_rel "$TMP/w.orig/multipliers.csv" "$TMP/w.$_n/multipliers.csv")"
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

# to_figaro_flat NATIVE ZIP: FIGARO's flat CSV as Eurostat distributes it, flatfile_eu-ic-io_ind-by-ind_23ed_2011.csv
# zipped alone: header icioiRow,icioiCol,refArea,rowIi,counterpartArea,colIi,obsValue; one line per non-zero cell,
# industry rows (REGION, CODE) by final-demand and industry columns, then the primary-input rows (refArea W2, rowIi
# D21X31 ... B2A3G, splitting va as to_figaro does, taxes under final demand too); the lines of each row in a
# shuffled order (the reader does not rely on any), CRLF line ends.
to_figaro_flat() {
    python3 - "$1" "$2" <<'EOF'
import csv, random, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
def read(name):
    with open(f"{src}/{name}", newline="") as f:
        r = list(csv.reader(f))
    return r[0][1:], [[float(v) for v in row[1:]] for row in r[1:]]
zc, Z = read("Z.csv"); yc, Y = read("Y.csv"); _, XV = read("x_va.csv")
cat = {"CONS_g": "P3_S13", "CONS_h": "P3_S14", "CONS_np": "P3_S15", "GFCF": "P51G", "INVEN": "P5M"}
sp = lambda l: l.split(".", 1)
cols = [(sp(l)[0], sp(l)[1]) for l in zc] + [(sp(l)[0], cat[sp(l)[1]]) for l in yc]
rnd = random.Random(7)
out = ["icioiRow,icioiCol,refArea,rowIi,counterpartArea,colIi,obsValue"]
def line(ra, ri, vals):
    cells = [(c, v) for c, v in zip(cols, vals) if v != 0]
    rnd.shuffle(cells)
    for (ca, ci), v in cells:
        out.append(f"{ra}_{ri},{ca}_{ci},{ra},{ri},{ca},{ci},{v!r}")
for i, l in enumerate(zc):
    line(*sp(l), Z[i] + Y[i])
n = len(zc)
va = [XV[j][1] for j in range(n)]
shares = {"D21X31": 0.07, "D1": 0.55, "D29X39": 0.03}
rest = list(va)
for code in ["D21X31", "D1", "D29X39", "B2A3G"]:
    vals = rest if code == "B2A3G" else [v * shares[code] for v in va]
    if code != "B2A3G":
        rest = [a - b for a, b in zip(rest, vals)]
    line("W2", code, vals + [1.5 + k % 3 if code == "D21X31" else 0.0 for k in range(len(yc))])
name = dst.rsplit("/", 1)[-1].replace(".zip", ".csv")
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    z.writestr(name, "\r\n".join(out) + "\r\n")
EOF
}

case_wiod_figaro_flat() {
    mkdir -p "$TMP/fig"
    _f=$TMP/fig/flatfile_eu-ic-io_ind-by-ind_23ed_2011.zip
    to_figaro_flat "$TMP/w.nat" "$_f" || { why "reshaping into FIGARO's flat layout failed"; return 1; }
    same_leontief "$_f" figaro.flat || return 1
    expect_ok "$TSC" info "$_f" || return 1
    file_has "$OUT" '^format +figaro$' || return 1
    file_has "$OUT" 'dimensions +41 regions x 35 sectors' || return 1
    file_has "$OUT" '^unit, year +EUR million, 2011$' || return 1
    expect_stderr 'note: primary inputs under the final-demand columns'
}

case_figaro_flat_errors() {
    _d=$TMP/fig/flat_err
    mkdir -p "$_d"
    unzip -p "$TMP/fig/flatfile_eu-ic-io_ind-by-ind_23ed_2011.zip" >"$_d/all.csv" || return 1
    # a cell given twice
    { cat "$_d/all.csv"; sed -n 2p "$_d/all.csv"; } >"$_d/twice.csv"
    _n=$(wc -l <"$_d/twice.csv")
    expect_fail 1 "twice.csv:$_n: the cell of this line's row and column is given twice \(first on line 2\)" \
        "$TSC" info "$_d/twice.csv" || return 1
    # final demand of a region without industries
    { head -n 1 "$_d/all.csv"; echo 'AUS_c1,ZZ_P3_S14,AUS,c1,ZZ,P3_S14,2.5'; tail -n +2 "$_d/all.csv"; } >"$_d/fd.csv"
    expect_fail 1 "fd.csv:2:[0-9]+: final demand of ZZ, which has no industries" "$TSC" info "$_d/fd.csv" || return 1
    # a value that is not a number, located
    { head -n 1 "$_d/all.csv"; sed -n 2p "$_d/all.csv" | sed 's/,[^,]*$/,1.2.3/'; } >"$_d/num.csv"
    expect_fail 1 "num.csv:2:[0-9]+: '1.2.3' is not a number" "$TSC" info "$_d/num.csv"
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

case_wiod_2016_xlsb() {  # the same sheet as the Excel binary workbook the release ships
    mkdir -p "$TMP/w16b"
    _f=$TMP/w16b/WIOT2011_Nov16_ROW.xlsb
    to_xlsb "$TMP/w16/WIOT2011_Nov16_ROW.csv" "$_f" || { why "writing the xlsb failed"; return 1; }
    same_leontief "$_f" wiod2016xlsb.out || return 1
    expect_ok "$TSC" info "$_f" || return 1
    file_has "$OUT" '^format +wiod2016$' || return 1
    file_has "$OUT" 'dimensions +41 regions x 35 sectors'
}

case_wiod_2016_errors() {  # a wrong industry row is named at its line (CSV) or row (workbook); not a workbook
    sed '9s/^c3,/c4,/' "$TMP/w16/WIOT2011_Nov16_ROW.csv" >"$TMP/w16/WIOT2011_bad.csv"
    expect_fail 1 'WIOT2011_bad.csv:9:1: .*where AUS c3 is expected' "$TSC" info "$TMP/w16/WIOT2011_bad.csv" || return 1
    head -n 20 "$TMP/w16/WIOT2011_bad.csv" >"$TMP/w16/WIOT2011_head.csv"
    to_xlsb "$TMP/w16/WIOT2011_head.csv" "$TMP/w16/WIOT2011_bad.xlsb" || { why "writing the xlsb failed"; return 1; }
    expect_fail 1 'WIOT2011_bad.xlsb:9:1: .*where AUS c3 is expected' "$TSC" info "$TMP/w16/WIOT2011_bad.xlsb" || return 1
    printf 'PK, but no zip' >"$TMP/w16/WIOT2000_Nov16_ROW.xlsb"
    expect_fail 1 'not an Excel binary workbook' "$TSC" info "$TMP/w16/WIOT2000_Nov16_ROW.xlsb"
}

case_figaro_errors() {
    sed '3s/^"AUS_c2"/"AUS_c9"/' "$TMP/fig/matrix_eu-ic-io_ind-by-ind_23ed_2011.csv" >"$TMP/fig/matrix_bad.csv"
    expect_fail 1 "matrix_bad.csv:3:1: row 'AUS_c9' where 'AUS_c2' is expected" "$TSC" info "$TMP/fig/matrix_bad.csv"
}

case_wiod_gloria() {
    rm -rf "$TMP/gl"
    to_gloria "$TMP/w.nat" "$TMP/gl" || { why "reshaping into GLORIA's layout failed"; return 1; }
    same_leontief "$TMP/gl" gloria.out || return 1
    expect_ok "$TSC" info "$TMP/gl/GLORIA_MRIOs_59_2011" || return 1
    file_has "$OUT" '^format +gloria$' || return 1
    file_has "$OUT" 'dimensions +41 regions x 35 sectors' || return 1
    file_has "$OUT" '^unit, year +USD thousand, 2011$' || return 1
    expect_stderr 'note: industry-by-industry table built from GLORIA' || return 1
    expect_ok "$TSC" convert "$TMP/gl" --out "$TMP/gl.nat" || return 1
    head -n 1 "$TMP/gl.nat/Y.csv" | grep -q '^[^,]*,AUS.P.3h,AUS.P.3n,AUS.P.3g,AUS.P.51,AUS.P.52,' ||
        { why "final-demand categories are not the SNA codes of the ReadMe's names"; return 1; }
}

# GLORIA as it is downloaded: each year a zip, GLORIA_MRIOs_NN_YEAR.zip, beside the ReadMe; the CSVs at the archive's
# top, or in the year's folder inside it. Read without unpacking: the same multipliers as the folder (1e-10).
case_wiod_gloria_zip() {
    [ -d "$TMP/gl/GLORIA_MRIOs_59_2011" ] || { why "the GLORIA case did not run first"; return 1; }
    rm -rf "$TMP/glz" "$TMP/glzd" && mkdir -p "$TMP/glz" "$TMP/glzd"
    cp "$TMP/gl/GLORIA_ReadMe_059.xlsx" "$TMP/glz/" && cp "$TMP/gl/GLORIA_ReadMe_059.xlsx" "$TMP/glzd/"
    python3 - "$TMP/gl/GLORIA_MRIOs_59_2011" "$TMP/glz/GLORIA_MRIOs_59_2011.zip" "$TMP/glzd/GLORIA_MRIOs_59_2011.zip" <<'PY' ||
import os, sys, zipfile
src, flat, nested = sys.argv[1:4]
for dst, prefix in ((flat, ""), (nested, "GLORIA_MRIOs_59_2011/")):
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(os.listdir(src)):
            z.write(os.path.join(src, f), prefix + f)
PY
        { why "zipping the GLORIA year failed"; return 1; }
    same_leontief "$TMP/glz" gloria-zip || return 1
    same_leontief "$TMP/glzd" gloria-zip-folder || return 1
    expect_ok "$TSC" info "$TMP/glz/GLORIA_MRIOs_59_2011.zip" || return 1
    file_has "$OUT" '^format +gloria$'
}

case_gloria_mock() {
    expect_ok "$TSC" info "$MOCKS/gloria_mock" --rebalance || return 1
    file_has "$OUT" '^format +gloria$' || return 1
    file_has "$OUT" 'dimensions +3 regions x 3 sectors = 9 rows; 2 final-demand categories per region' || return 1
    file_has "$OUT" '^unit, year +USD thousand, 2022$' || return 1
    expect_stderr 'note: 1 other valuation\(s\) of the year beside Markup001' || return 1
    expect_stderr 'note: 5 satellite accounts \(.*GLORIA_SatelliteAccounts_059_2022: TQ, YQ\) not read' || return 1
    # the same from the MRIOs folder and from the T file itself; unbalanced without --rebalance (made-up numbers)
    expect_ok "$TSC" info "$MOCKS/gloria_mock/GLORIA_MRIOs_59_2022" --rebalance || return 1
    expect_ok "$TSC" info "$MOCKS/gloria_mock/GLORIA_MRIOs_59_2022/0_120secMother_AllCountries_002_T-Results_2022_059_Markup001(full).csv" --rebalance || return 1
    expect_fail 1 'rebalance' "$TSC" info "$MOCKS/gloria_mock"
}

if [ -d "$MOCKS/gloria_mock" ]; then
    run_case "GLORIA mock: detected, labels from the ReadMe, notes" case_gloria_mock
else
    skip_part "$MOCKS/gloria_mock absent (GLORIA mock case not run)"
fi

if [ -d "$WIOD" ] && command -v python3 >/dev/null 2>&1; then
    run_case "WIOD 2011: leontief and native copy" case_wiod_original
    run_case "WIOD 2011 as FIGARO matrix (BOM, CRLF, quotes): same multipliers (1e-10)" case_wiod_figaro
    run_case "WIOD 2011 as FIGARO's flat CSV, zipped (shuffled lines, zeros left out): same multipliers (1e-10)" case_wiod_figaro_flat
    run_case "FIGARO flat CSV: errors located" case_figaro_flat_errors
    run_case "WIOD 2011 as the WIOD 2016 sheet (CSV): same multipliers (1e-10)" case_wiod_2016
    run_case "WIOD 2011 as the WIOD 2016 workbook (xlsb): same multipliers (1e-10)" case_wiod_2016_xlsb
    run_case "WIOD 2011 as GLORIA supply-use tables (permuted supply): same multipliers by model D (1e-10)" case_wiod_gloria
    run_case "WIOD 2011 as GLORIA's year zip (files at the top, or in the year's folder): same multipliers" case_wiod_gloria_zip
    run_case "WIOD 2016 sheet: errors located" case_wiod_2016_errors
    run_case "FIGARO matrix: errors located" case_figaro_errors
else
    skip_part "$WIOD or python3 absent (WIOD reshaping cases not run)"
fi
finish
