"""What `tariffscope leontief` does, in pandas + numpy, for bench/run.sh's comparison (whole process, load included).

usage: python3 bench/pandas_leontief.py TABLE_DIR OUT_DIR   (a native-layout folder: Z.csv, Y.csv, x_va.csv)

Reads the three CSVs with pandas.read_csv (C engine), forms A = Z / x and the LU of I - A (numpy.linalg, LAPACK
dgesv), computes the output, value-added, backward and forward multipliers and the value added by origin and
destination V^BY = diag(v) L Y_r (n x G), and writes them as CSVs, as the command does.
"""
import os
import sys

import numpy as np
import pandas as pd


def main():
    src, out = sys.argv[1], sys.argv[2]
    Z = pd.read_csv(os.path.join(src, "Z.csv"), index_col=0)
    Y = pd.read_csv(os.path.join(src, "Y.csv"), index_col=0)
    xv = pd.read_csv(os.path.join(src, "x_va.csv"), index_col=0)
    z = Z.to_numpy()
    x = xv["x"].to_numpy()
    va = xv["va"].to_numpy()
    n = len(x)
    A = z / x[None, :]
    I_A = np.eye(n) - A
    # region of each final-demand column: the label before the first '.'
    regions = pd.Index([c.split(".", 1)[0] for c in Y.columns])
    Yr = Y.T.groupby(regions, sort=False).sum().T.to_numpy()
    v = va / x
    rhs = np.column_stack([np.ones(n), Yr])
    sol = np.linalg.solve(I_A, rhs)  # L 1 (forward linkage) and L Y_r
    Lt_v = np.linalg.solve(I_A.T, np.column_stack([np.ones(n), v]))  # 1'L and v'L
    mult = pd.DataFrame(
        {"output": Lt_v[:, 0], "va": Lt_v[:, 1], "backward": Lt_v[:, 0] / Lt_v[:, 0].mean(),
         "forward": sol[:, 0] / sol[:, 0].mean()},
        index=Z.index)
    vby = pd.DataFrame(v[:, None] * sol[:, 1:], index=Z.index, columns=list(dict.fromkeys(regions)))
    os.makedirs(out, exist_ok=True)
    mult.to_csv(os.path.join(out, "multipliers.csv"))
    vby.to_csv(os.path.join(out, "va_origin_destination.csv"))


if __name__ == "__main__":
    main()
