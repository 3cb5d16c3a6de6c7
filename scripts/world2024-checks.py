#!/usr/bin/env python3
"""The fidelity table of data/world2024: every published figure the table is checked against, the table's value,
the gap and its tolerance (docs/WORLD2024.md, "Fidelity").

usage: python3 scripts/world2024-checks.py TABLE SHARED_DIR > checks.csv
  TABLE: the table folder (data/world2024); SHARED_DIR: the folder holding data/ (../shared).
Exits 1 when a gap passes its tolerance (the file is still written, with ok = no on those rows).

The published figures are read from the sources themselves: Japan's export shares by partner from the Ministry of
Finance figures (../shared/data/facts/japan_trade_2024.csv), US imports for consumption 2024 by partner and sector as
the derivation sums them from the Census HS10 files (TABLE/derivation/us_imports_2024.csv, recomputed from the raw
files by tests/cli/test_world.sh), the US imports of the source article's six sectors (TABLE/derivation/
article_sectors.csv), and ADB MRIO 2022 sector shares of gross output and value added, summed here from
../shared/data/adb-mrio-2017-2022 by the table's concordance. The table's values are summed here from its Z, Y and
x_va files, independently of the update's own report.
"""
import csv
import gzip
import json
import os
import sys

MOF_2024 = [  # partner region(s), facts item, year, total item
    ("USA", "Japan exports to USA (MOF finalized)", 2024, "Japan total goods exports (MOF finalized)"),
    ("CHN", "Japan exports to China (MOF finalized)", 2024, "Japan total goods exports (MOF finalized)"),
    ("DEU|EU", "Japan exports to EU (MOF preliminary)", 2024, "Japan total goods exports (MOF preliminary)"),
    ("KOR", "Japan exports to South Korea", 2023, "Japan total goods exports"),
    ("TWN", "Japan exports to Taiwan", 2023, "Japan total goods exports"),
    ("THA", "Japan exports to Thailand", 2023, "Japan total goods exports"),
    ("VNM", "Japan exports to Vietnam", 2023, "Japan total goods exports"),
]
TOL_MOF_PT = 0.1  # Japan's export shares by partner, points
TOL_US_REL = 1e-6  # US imports by partner and sector (update targets met to 1e-9)
TOL_ARTICLE_REL = 0.02  # the article's six sectors
TOL_ADB_PT = 0.5  # ADB 2022 sector shares, points
TOL_ADB_CONFLICT_PT = 2.5  # sectors whose ADB output the US imports contradict (derive-world2024.sh, step 6)
TOL_SKIPPED_REL = 1.0  # US import targets the update skipped: the table has no such flow (all cells zero)


def read_matrix(path):
    with gzip.open(path, "rt", newline="") as f:
        rows = csv.reader(f)
        cols = next(rows)[1:]
        return cols, {r[0]: [float(v) for v in r[1:]] for r in rows}


def table_values(table):
    zc, Z = read_matrix(os.path.join(table, "Z.csv.gz"))
    yc, Y = read_matrix(os.path.join(table, "Y.csv.gz"))
    with gzip.open(os.path.join(table, "x_va.csv.gz"), "rt", newline="") as f:
        xva = {r["row"]: (float(r["x"]), float(r["va"])) for r in csv.DictReader(f)}
    sales = {}  # (from row, buyer region) -> Z + Y
    for row in Z:
        for cols, vals in ((zc, Z[row]), (yc, Y[row])):
            for c, v in zip(cols, vals):
                key = (row, c.split(".", 1)[0])
                sales[key] = sales.get(key, 0.0) + v
    return sales, xva


def mof_value(facts, item, year):
    for r in facts:
        if r["item"] == item and int(r["year"]) == year and r["unit"] == "trillion JPY":
            return float(r["value"])
    sys.exit("world2024-checks: %s (%d) not in japan_trade_2024.csv" % (item, year))


def adb_shares(shared, conc_path, regions):
    sector_of, region_of = {}, {}
    with open(conc_path, newline="") as f:
        for r in csv.reader(f):
            if r[0] == "sector":
                sector_of[r[1]] = r[2]
            elif r[0] == "region":
                region_of[r[1]] = r[2]
    x, va = {}, {}
    path = os.path.join(shared, "data", "adb-mrio-2017-2022", "country_sector_totals.csv.gz")
    with gzip.open(path, "rt", newline="") as f:
        for r in csv.DictReader(f):
            if r["year"] != "2022":
                continue
            e = r["economy"]
            g = e if e in regions else region_of.get(e, "ROW")
            s = sector_of[r["sector"]]
            x[g, s] = x.get((g, s), 0.0) + float(r["gross_output"])
            va[g, s] = va.get((g, s), 0.0) + float(r["value_added"])
    return x, va


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    table, shared = sys.argv[1], sys.argv[2]
    with open(os.path.join(table, "meta.json")) as f:
        meta = json.load(f)
    regions, sectors, goods = meta["regions"], meta["sectors"], set(meta["goods_sectors"])
    sales, xva = table_values(table)
    der = os.path.join(table, "derivation")
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["check", "region", "sector", "partner", "source", "year", "published", "table", "gap", "gap_unit",
                  "tolerance", "ok", "note"])
    bad = 0

    def emit(check, region, sector, partner, source, year, published, value, gap, unit, tol, note=""):
        nonlocal bad
        ok = abs(gap) <= tol
        bad += not ok
        out.writerow([check, region, sector, partner, source, year, "%.6f" % published, "%.6f" % value, "%.6g" % gap,
                      unit, "%g" % tol, "yes" if ok else "no", note])

    # 1. Japan's goods exports by partner: shares of its goods exports to every other region
    with open(os.path.join(shared, "data", "facts", "japan_trade_2024.csv"), newline="") as f:
        facts = list(csv.DictReader(f))
    jpn_goods = [r for r in xva if r.startswith("JPN.") and r.split(".", 1)[1] in goods]
    total = sum(sales.get((r, g), 0.0) for r in jpn_goods for g in regions if g != "JPN")
    for partners, item, year, total_item in MOF_2024:
        pub = 100 * mof_value(facts, item, year) / mof_value(facts, total_item, year)
        val = 100 * sum(sales.get((r, g), 0.0) for r in jpn_goods for g in partners.split("|")) / total
        emit("japan_export_share", "JPN", "@goods", partners, "MOF (Ministry of Finance)", year, pub, val, val - pub,
             "points", TOL_MOF_PT)

    # 2. US imports for consumption 2024 by partner and sector
    skipped = set()
    with open(os.path.join(der, "update_report.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if r["factor"] == "skipped" and r["kind"] == "ZY" and r["to_region"] == "USA":
                skipped.add((r["from_region"], r["from_sector"]))
    with open(os.path.join(der, "us_imports_2024.csv"), newline="") as f:
        for r in csv.DictReader(f):
            pub = float(r["us_imports_2024_musd"])
            val = sales.get((r["partner"] + "." + r["sector"], "USA"), 0.0)
            skip = (r["partner"], r["sector"]) in skipped
            emit("us_imports", r["partner"], r["sector"], "USA", "US Census HS10", 2024, pub, val, (val - pub) / pub,
                 "relative", TOL_SKIPPED_REL if skip else TOL_US_REL,
                 "skipped by the update: the table has no such flow" if skip else "")

    # 3. the source article's six sectors: US imports from Japan of their HS lines
    with open(os.path.join(der, "article_sectors.csv"), newline="") as f:
        for r in csv.DictReader(f):
            pub = float(r["us_imports_2024_musd"])
            val = float(r["hs_share"]) * sales.get(("JPN." + r["table_sector"], "USA"), 0.0)
            emit("article_sector", "JPN", r["article_sector"], "USA", "US Census HS10", 2024, pub, val,
                 (val - pub) / pub, "relative", TOL_ARTICLE_REL, "table sector " + r["table_sector"])

    # 4. ADB MRIO 2022 sector shares of gross output and value added within each region
    x22, va22 = adb_shares(shared, os.path.join(der, "concordance.csv"), set(regions) - {"EU", "ROW"})
    left = set()
    log = os.path.join(der, "derivation.log")
    with open(log) as f:
        for line in f:
            if line.startswith("# sector output targets left to the update"):
                for part in line.split(":", 1)[1].split(";"):
                    if part.strip():
                        left.add(part.strip().split(" ", 1)[0])
    for g in regions:
        for k, (adb, idx) in enumerate(((x22, 0), (va22, 1))):
            adb_total = sum(adb.get((g, s), 0.0) for s in sectors)
            tab_total = sum(xva[g + "." + s][idx] for s in sectors)
            for s in sectors:
                pub = 100 * adb.get((g, s), 0.0) / adb_total
                val = 100 * xva[g + "." + s][idx] / tab_total
                conflict = idx == 0 and (g + "." + s) in left
                emit("adb_output_share" if idx == 0 else "adb_va_share", g, s, "", "ADB MRIO (72 economies)", 2022, pub,
                     val, val - pub, "points", TOL_ADB_CONFLICT_PT if conflict else TOL_ADB_PT,
                     "output left to the update: US imports exceed 90% of the ADB-share output" if conflict else "")
    sys.stdout.flush()
    if bad:
        print("world2024-checks: %d gaps pass their tolerance" % bad, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
