"""Writes a native table folder (tariffscope convert) in the one-sheet layouts of the WIOD 2013 release and ADB MRIO,
as .xlsx (zipfile + XML text, as Excel lays the parts out) or as a CSV export of the sheet (tests/cli/test_xlsx_readers.sh).

usage: python3 iosheet_write.py NATIVE OUT {wiod|adb} {xlsx|csv} [--inline] [--merged] [--blank-rows] [--legend-first]
                                [--bad=REF:TEXT]
       python3 iosheet_write.py --grid SHEET.csv OUT.xlsx [NAME]   (a CSV export back into a workbook: numbers as
                                numbers, other text as shared strings; sheet NAME, default "ADB MRIO 2017")
  --inline        text cells as inline strings (t="inlineStr") instead of shared strings
  --merged        the region row holds each region's code once, over merged cells, as a formatted sheet does
  --blank-rows    empty rows between the header and the data and between the blocks of rows
  --legend-first  an ADB-like legend sheet before the table's sheet
  --bad=F7:n/a    cell F7 holds the text n/a (errors are provoked so)
The layout (docs/FORMATS.md): label columns A-D (code, description, region, sector), a region row right above a row
of codes (c1..cN, the final-demand codes, the total column), the industry rows, then r60 (intermediate inputs), the
primary-input rows (value added split in three: taxes on products, value added proper, a row without a code), r69
(output). ADB's final-demand codes are F1..F5 and its economy codes ADB's own (PRC, GER ...); WIOD's c37..c42.
ADB files hold " " in cells with no value; the WIOD writer leaves such cells out. Standard library only.
"""
import csv
import sys
import zipfile
from xml.sax.saxutils import escape

ADB_CODE = {"CHN": "PRC", "DEU": "GER", "DNK": "DEN", "ESP": "SPA", "GBR": "UKG", "IDN": "INO", "IRL": "IRE",
            "NLD": "NET", "PRT": "POR", "TWN": "TAP", "RoW": "RoW", "ROM": "ROM"}
FD_CODES = {"wiod": ["c37", "c38", "c39", "c41", "c42"], "adb": ["F1", "F2", "F3", "F4", "F5"]}


def read(src, name):
    with open(f"{src}/{name}", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0][1:], [r[0] for r in rows[1:]], [[float(v) for v in r[1:]] for r in rows[1:]]


def col_name(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def build_grid(src, layout, opts):
    """The sheet as a list of (row index, {col: value}) in order; values are str (text) or float (number)."""
    zc, _, Z = read(src, "Z.csv")
    yc, _, Y = read(src, "Y.csv")
    _, _, XV = read(src, "x_va.csv")
    n, ny = len(zc), len(yc)
    regs = [l.split(".", 1)[0] for l in zc]
    secs = [l.split(".", 1)[1] for l in zc]
    G = len(dict.fromkeys(regs))
    F = ny // G
    code = (lambda r: ADB_CODE.get(r, r)) if layout == "adb" else (lambda r: r)
    fdreg = [l.split(".", 1)[0] for l in yc]
    fdcode = [FD_CODES[layout][k % F] for k in range(ny)]
    x = [r[0] for r in XV]
    va = [r[1] for r in XV]
    blank = " " if layout == "adb" else None
    total = 4 + n + ny
    rows = []
    r = 0

    def put(cells):
        nonlocal r
        rows.append((r, cells))
        r += 1

    def num(v):
        return blank if v == 0 and blank is not None else (v if v != 0 else None)

    put({0: "Multiregional input-output table 2011" if layout == "adb" else "World Input-Output Table 2011"})
    put({0: "(in millions of US dollars)"})
    if layout == "adb":
        for _ in range(3):
            put({})
    else:
        put({4 + j: f"ind{secs[j]}" for j in range(n)})
        put({**{4 + j: f"Industry {secs[j]}" for j in range(n)}, total: "Total output"})
    heads = [code(g) for g in regs] + [code(g) for g in fdreg]
    region_row = {}
    for j, h in enumerate(heads):
        if not opts["merged"] or j == 0 or heads[j - 1] != h or j == n:
            region_row[4 + j] = h
    put(region_row)
    codes = {4 + j: secs[j] for j in range(n)}
    codes.update({4 + n + k: fdcode[k] for k in range(ny)})
    if layout == "adb":
        codes[total] = "ToT"
    put(codes)
    if opts["blank_rows"]:
        r += 2
    for i in range(n):
        cells = {1: f"Industry {secs[i]}", 2: code(regs[i]), 3: secs[i]}
        if layout == "wiod":
            cells[0] = f"ind{secs[i]}"
        for j in range(n):
            v = num(Z[i][j])
            if v is not None:
                cells[4 + j] = v
        for k in range(ny):
            v = num(Y[i][k])
            if v is not None:
                cells[4 + n + k] = v
        cells[total] = x[i]
        put(cells)
    if opts["blank_rows"]:
        r += 1
    colz = [sum(Z[i][j] for i in range(n)) for j in range(n)]
    coly = [sum(Y[i][k] for i in range(n)) for k in range(ny)]
    put({1: "Total intermediate consumption", 2: "ToT" if layout == "adb" else "TOT", 3: "r60",
         **{4 + j: colz[j] for j in range(n)}, **{4 + n + k: coly[k] for k in range(ny)}})
    tax = [0.1 * v for v in va]
    other = [0.25 * v for v in va]
    rest = [va[j] - tax[j] - other[j] for j in range(n)]
    prim = [("taxes less subsidies on products", "r61", tax, 0.01),
            ("Cif/ fob adjustments on exports", "r62", [0.0] * n, 0.0),
            ("Value added at basic prices", "r64", rest, 0.0),
            ("International Transport Margins", "", other, 0.0)]
    for name, c, vals, fdshare in prim:
        cells = {1: name}
        if c:
            cells[3] = c
        for j in range(n):
            v = num(vals[j])
            if v is not None:
                cells[4 + j] = v
        if fdshare:
            for k in range(ny):
                cells[4 + n + k] = fdshare * coly[k]
        put(cells)
    put({1: "Output at basic prices", 3: "r69", **{4 + j: x[j] for j in range(n)}})
    if layout == "adb":
        put({0: "Source: a reshaped WIOD 2013 table (test data)"})
    return rows


def cell_xml(ref, v, strings, inline):
    if isinstance(v, float):
        return f'<c r="{ref}"><v>{v!r}</v></c>'
    if inline:
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(v)}</t></is></c>'
    if v not in strings:
        strings[v] = len(strings)
    return f'<c r="{ref}" t="s"><v>{strings[v]}</v></c>'


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NSR = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def sheet_xml(rows, strings, inline, merges=()):
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS} {NSR}><sheetData>']
    for r, cells in rows:
        if not cells:
            continue
        out.append(f'<row r="{r + 1}">')
        out.extend(cell_xml(f"{col_name(c)}{r + 1}", cells[c], strings, inline) for c in sorted(cells))
        out.append("</row>")
    out.append("</sheetData>")
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) +
                   "</mergeCells>")
    out.append("</worksheet>")
    return "".join(out)


def write_xlsx(path, sheets, inline):
    """sheets: [(name, rows, merges)]"""
    strings = {}
    parts = [sheet_xml(rows, strings, inline, merges) for _, rows, merges in sheets]
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>')
    wb = (f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {NSR}><sheets>' +
          "".join(f'<sheet name="{escape(s[0])}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, s in enumerate(sheets)) +
          "</sheets></workbook>")
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships">' +
            "".join(f'<Relationship Id="rId{i + 1}" Type="{REL}worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                    for i in range(len(sheets))) +
            f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL}sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>")
    sst = (f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} uniqueCount="{len(strings)}">' +
           "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings) + "</sst>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/sharedStrings.xml", sst)
        for i, p in enumerate(parts):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", p)


def write_csv(path, rows):
    width = max(max(c) for _, c in rows if c) + 1
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        last = -1
        for r, cells in rows:
            for _ in range(r - last - 1):
                w.writerow([])
            last = r
            w.writerow([("%r" % cells[c] if isinstance(cells[c], float) else cells[c]) if c in cells else ""
                        for c in range(width)])


def grid_to_xlsx(src, out, name):
    rows = []
    with open(src, newline="") as f:
        for r, line in enumerate(csv.reader(f)):
            cells = {}
            for c, v in enumerate(line):
                if v:
                    try:
                        cells[c] = float(v)
                    except ValueError:
                        cells[c] = v
            rows.append((r, cells))
    write_xlsx(out, [(name, rows, ())], False)


def main():
    if sys.argv[1] == "--grid":
        grid_to_xlsx(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "ADB MRIO 2017")
        return
    src, out, layout, kind = sys.argv[1:5]
    flags = sys.argv[5:]
    opts = {"merged": "--merged" in flags, "blank_rows": "--blank-rows" in flags}
    rows = build_grid(src, layout, opts)
    for f in flags:
        if f.startswith("--bad="):
            ref, text = f[6:].split(":", 1)
            letters = ref.rstrip("0123456789")
            col = 0
            for ch in letters:
                col = col * 26 + ord(ch) - 64
            row = int(ref[len(letters):]) - 1
            for r, cells in rows:
                if r == row:
                    cells[col - 1] = text
    if kind == "csv":
        write_csv(out, rows)
        return
    merges = []
    if opts["merged"]:
        region_row = rows[4][1] if layout == "wiod" else rows[5][1]
        rr = 5 if layout == "wiod" else 6
        cols = sorted(region_row)
        for a, b in zip(cols, cols[1:] + [None]):
            end = (b - 1) if b is not None else a
            if end > a:
                merges.append(f"{col_name(a)}{rr}:{col_name(end)}{rr}")
    name = "ADB MRIO 2011" if layout == "adb" else "WIOT_2011"
    sheets = [(name, rows, merges)]
    if "--legend-first" in flags:
        legend = [(0, {0: "Code", 1: "Economy"}), (1, {0: "PRC", 1: "People's Republic of China", 2: 8.0})]
        sheets.insert(0, ("Legend", legend, ()))
    write_xlsx(out, sheets, "--inline" in flags)


main()
