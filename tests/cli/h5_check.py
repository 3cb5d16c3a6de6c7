"""Reads an HDF5 table of tariffscope with h5py into pandas, as docs/FORMATS.md shows, and compares it to the CSV of
the same result: same columns, same keys, the same doubles (to 0).

usage: python3 h5_check.py FILE.h5 DATASET FILE.csv"""
import csv
import sys

import h5py
import pandas as pd


def main(h5_path, name, csv_path):
    with h5py.File(h5_path, "r") as f:
        df = pd.DataFrame(f[name][:])
        unit = f[name].attrs["unit"]
    for col in df.columns:  # fixed-length text comes back as bytes
        if df[col].dtype == object:
            df[col] = df[col].str.decode("utf-8")
    with open(csv_path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    head, body = rows[0], rows[1:]
    assert list(df.columns) == head, f"columns {list(df.columns)} != {head}"
    assert len(df) == len(body), f"{len(df)} records, {len(body)} CSV rows"
    assert unit, "no unit attribute"
    nnum = 0
    for j, col in enumerate(head):
        values = df[col].tolist()
        if df[col].dtype.kind == "f":
            for i, row in enumerate(body):
                if float(row[j]) != values[i] or str(float(row[j])) != str(values[i]):
                    raise AssertionError(f"row {i + 1} {col}: CSV {row[j]}, HDF5 {values[i]!r}")
            nnum += len(body)
        else:
            for i, row in enumerate(body):
                if row[j] != values[i]:
                    raise AssertionError(f"row {i + 1} {col}: CSV {row[j]!r}, HDF5 {values[i]!r}")
    assert nnum > 0, "no number compared"
    print(f"{h5_path}: {len(df)} records, {nnum} numbers equal to the CSV's")


if __name__ == "__main__":
    main(*sys.argv[1:4])
