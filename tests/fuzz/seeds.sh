#!/bin/sh
# Writes the seed corpora of the fuzz harnesses into OUT/<harness>/: the small seeds kept in tests/fuzz/seeds/ and
# short copies of the project's own files (data/, scenarios/), cut to a few kilobytes so the fuzzers stay fast.
# usage: sh tests/fuzz/seeds.sh SRC BUILD OUT    (BUILD: the fuzz build, for its mkcache)
set -eu
SRC=$1 BUILD=$2 OUT=$3
SEP=$(printf '\036')
rm -rf "$OUT"
mkdir -p "$OUT"
for d in "$SRC"/tests/fuzz/seeds/*/; do
    h=$(basename "$d")
    mkdir -p "$OUT/$h"
    cp "$d"* "$OUT/$h/"
done
cut3k() { head -c 3000 "$1"; }
# a table folder's files joined by the separator
join_table() {
    first=1
    for f in "$@"; do
        [ $first = 1 ] || printf '%s' "$SEP"
        first=0
        head -n 6 "$f" | cut -c1-400
    done
}
E=$SRC/data/example/table
join_table "$E/meta.json" "$E/Z.csv" "$E/Y.csv" "$E/x_va.csv" > "$OUT/table_native/example-cut"
{ head -c 2500 "$E/meta.json"; printf '%s' "$SEP"; } > "$OUT/table_native/example-meta"
# the cache of the tiny native table, written by the library
mkdir -p "$OUT/table_cache" "$OUT/tiny.dir"
awk -v RS="$SEP" -v dir="$OUT/tiny.dir" 'BEGIN { split("meta.json Z.csv Y.csv x_va.csv", name, " ") }
    { printf "%s", $0 > (dir "/" name[NR]) }' "$SRC/tests/fuzz/seeds/table_native/tiny"
"$BUILD/tests/fuzz/mkcache" "$OUT/tiny.dir" "$OUT/table_cache/tiny.tsc"
rm -rf "$OUT/tiny.dir"
for h in scenario; do
    for f in "$SRC"/scenarios/*.yaml; do cut3k "$f" > "$OUT/$h/$(basename "$f")"; done
done
# sweep plans: every kind of job, tables and years
mkdir -p "$OUT/sweep_plan"
printf 'tables: [data/example/table]\nrebalance: true\nscenarios: [s.yaml]\ndraws: 2\njobs:\n  - {name: k, decompose: {method: kww, level: country}}\n  - {name: m, leontief: {output: multipliers}}\n  - {name: p, shock: {output: prices, no-imports: true}}\n  - {name: w, solve: {output: regions, method: newton}}\n' >"$OUT/sweep_plan/plan.yaml"
printf 'years: {from: 2009, to: 2011, path: "wiot_{year}"}\njobs:\n  - {name: b, decompose: {method: bm, level: bilateral}}\n' >"$OUT/sweep_plan/years.yaml"
cut3k "$SRC/data/groups.csv" > "$OUT/groups/groups.csv"
cut3k "$SRC/data/example/concordance.csv" > "$OUT/aggregation/example.csv"
cut3k "$SRC/data/world2024/derivation/concordance.csv" > "$OUT/aggregation/world2024.csv"
cut3k "$SRC/data/concordance/hs2017_wiod.csv" > "$OUT/hs_concord/wiod.csv"
cut3k "$SRC/data/world2024/hs2017_world2024.csv" > "$OUT/hs_concord/world2024.csv"
{ cut3k "$SRC/data/concordance/theta_wiod.csv"; printf '%s' "$SEP"; cut3k "$SRC/data/example/concordance.csv"; } \
    > "$OUT/theta/wiod"
for f in "$SRC"/data/tariffs/*.csv; do cut3k "$f" > "$OUT/base/$(basename "$f")"; done
cut3k "$SRC/data/world2024/derivation/targets.csv" > "$OUT/targets/world2024.csv"
cut3k "$SRC/data/world2024/derivation/row_split_shares.csv" > "$OUT/split/world2024.csv"
# the readers of distributed databases: the mock files of ../shared/vectors/formats when they are there, cut short
F=$SRC/../shared/vectors/formats
mkdir -p "$OUT/table_oecd" "$OUT/table_eora" "$OUT/table_pymrio"
if [ -d "$F" ]; then
    for f in "$F"/oecd2023_mock/ICIO*.csv "$F"/oecd_mock/ICIO*; do
        [ -f "$f" ] && head -n 12 "$f" | cut -c1-600 > "$OUT/table_oecd/$(basename "$f")"
    done
    e=$F/eora26_mock
    [ -d "$e" ] && join_table "$e"/Eora26_2010_bp_T.txt "$e"/Eora26_2010_bp_FD.txt "$e"/Eora26_2010_bp_VA.txt \
        "$e"/labels_T.txt "$e"/labels_FD.txt "$e"/labels_VA.txt > "$OUT/table_eora/mock"
    x=$F/exio3_mock
    [ -d "$x" ] && join_table "$x"/file_parameters.json /dev/null "$x"/Y.txt /dev/null "$x"/unit.txt "$x"/A.txt \
        > "$OUT/table_pymrio/exio3-mock"
fi
# zip archives: the OECD mock's zip as distributed, the hand-made FIGARO flat file zipped alone, and the EXIOBASE
# mock's files (cut short) in a folder IOT_2011_pxp/ as EXIOBASE's zips hold them
mkdir -p "$OUT/table_zip"
[ -f "$F/oecd_mock/ICIO2018_2010.zip" ] && cp "$F/oecd_mock/ICIO2018_2010.zip" "$OUT/table_zip/icio.zip"
python3 - "$OUT/table_zip" "$SRC/tests/fuzz/seeds/table_figaro_flat/tiny.csv" "$F/exio3_mock" <<'PY'
import os, sys, zipfile
out, flat, exio = sys.argv[1], sys.argv[2], sys.argv[3]
with zipfile.ZipFile(os.path.join(out, "figaro-flat.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    z.write(flat, "flatfile_eu-ic-io_ind-by-ind_23ed_2021.csv")
if os.path.isdir(exio):
    with zipfile.ZipFile(os.path.join(out, "exio.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for root, _, files in os.walk(exio):
            for f in sorted(files):
                p = os.path.join(root, f)
                z.writestr("IOT_2011_pxp/" + os.path.relpath(p, exio), open(p, "rb").read()[:3000])
PY
# the .xlsx reader: the hand-made parts zipped as a workbook (the raw-zip path), and the parts of the WIOD mock's
# workbook cut short
python3 - "$OUT/xlsx" "$F/wiod_mock/wiot09_row_sep12.xlsx" <<'PY'
import os, sys, zipfile
out, mock = sys.argv[1], sys.argv[2]
names = ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
         "xl/worksheets/sheet2.xml"]
parts = open(os.path.join(out, "two-sheets"), "rb").read().split(b"\x1e")
with zipfile.ZipFile(os.path.join(out, "two-sheets.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
    for n, p in zip(names, parts):
        z.writestr(n, p)
if os.path.exists(mock):
    with zipfile.ZipFile(mock) as z:
        have = set(z.namelist())
        cut = [z.read(n)[:2500] if n in have else b"" for n in names]
    open(os.path.join(out, "wiod-mock-cut"), "wb").write(b"\x1e".join(cut))
PY
# the one-sheet layout: the hand-made CSV export as a workbook too (shared strings)
python3 "$SRC/tests/cli/iosheet_write.py" --grid "$OUT/table_iosheet/adb.csv" "$OUT/table_iosheet/adb.xlsx"
