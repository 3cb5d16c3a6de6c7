#!/usr/bin/env python3
"""Re-estimates the Caliendo-Parro (2015) trade elasticities from the 1993 flows and tariffs in ../shared/data/cp2015,
with their triple-difference estimator (one regression per sector, no constant, heteroskedasticity-robust standard
errors), and prints each estimate beside the published theta (T.txt). Used to test whether standard errors could be
recomputed from the data at hand: they cannot (data/concordance/README_theta.md, "theta_se").

usage: python3 scripts/estimate-cp-theta.py [EXCLUDED,REGIONS] [TRIM]
  EXCLUDED: comma-separated region codes left out (e.g. ROW); TRIM: share of observations dropped, half in each tail
  of the dependent variable (0.01 = a 99% sample).
For triples of regions (n, i, h) and sector j, with X[a][b] imports of a from b and t = 1 + tariff:
  ln(X[n][i] X[i][h] X[h][n] / (X[i][n] X[h][i] X[n][h])) = -theta_j ln(t[n][i] t[i][h] t[h][n] / (t[i][n] t[h][i] t[n][h])) + e
"""
import csv
import itertools
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CP = os.path.join(HERE, "..", "..", "shared", "data", "cp2015")


def load():
    flows, tariffs, sectors = {}, {}, []
    with open(os.path.join(CP, "csv", "trade_tariffs_1993_2005_raw.csv"), newline="") as f:
        for r in csv.DictReader(f):
            key = (r["sector"], r["importer"], r["exporter"])
            if r["sector"] not in sectors:
                sectors.append(r["sector"])
            flows[key] = float(r["flow_usd_net_of_tariff_1993"])
            tariffs[key] = 1.0 + float(r["tariff_1993"])
    with open(os.path.join(CP, "original", "T.txt")) as f:
        published = [float(v) for v in f.read().split()]
    return flows, tariffs, sectors, published


def estimate(flows, tariffs, sector, regions, trim):
    obs = []
    for n, i, h in itertools.combinations(regions, 3):
        fwd, back = [(n, i), (i, h), (h, n)], [(i, n), (h, i), (n, h)]
        f = [flows[(sector, a, b)] for a, b in fwd + back]
        if min(f) <= 0:
            continue
        y = math.log(f[0] * f[1] * f[2] / (f[3] * f[4] * f[5]))
        x = sum(math.log(tariffs[(sector, a, b)]) for a, b in fwd) - sum(
            math.log(tariffs[(sector, a, b)]) for a, b in back)
        obs.append((x, y))
    if trim > 0 and obs:
        ys = sorted(y for _, y in obs)
        k = int(len(ys) * trim / 2)
        lo, hi = ys[k], ys[len(ys) - 1 - k]
        obs = [(x, y) for x, y in obs if lo <= y <= hi]
    sxx = sum(x * x for x, _ in obs)
    if sxx == 0:
        return len(obs), float("nan"), float("nan")
    b = sum(x * y for x, y in obs) / sxx
    se = math.sqrt(sum(x * x * (y - b * x) ** 2 for x, y in obs)) / sxx
    return len(obs), -b, se


def main():
    if not os.path.isdir(CP):
        sys.exit("estimate-cp-theta: %s not found (the Caliendo-Parro data beside the project)" % CP)
    excluded = sys.argv[1].split(",") if len(sys.argv) > 1 and sys.argv[1] else []
    trim = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    flows, tariffs, sectors, published = load()
    regions = sorted({k[1] for k in flows} - set(excluded))
    print("sector,observations,theta_estimated,se_robust,theta_published")
    for j, s in enumerate(sectors):
        n, theta, se = estimate(flows, tariffs, s, regions, trim)
        print("%s,%d,%.2f,%.2f,%.2f" % (s, n, theta, se, published[j]))


if __name__ == "__main__":
    main()
