"""tariffscope: inter-country input-output tables and tariff models, from Python (docs/PYTHON.md).

The numbers come from the same C library as the tariffscope command (the extension tariffscope._core); this layer
names them as pymrio does and lays them out as the command's CSV files, as pandas DataFrames.
"""
import json
import os
import warnings

import numpy as np
import pandas as pd

from . import _core
from ._errors import (BalanceError, ConvergenceError, DimensionError, Error, FileError, FormatError, InvalidError,
                      LabelError, NumericError, OutOfMemoryError, CLASSES as _CLASSES)

_core._register_errors(_CLASSES)

from . import tariffs  # noqa: E402  (uses the classes above)

__all__ = ["Table", "Scenario", "Error", "FileError", "FormatError", "LabelError", "DimensionError", "InvalidError",
           "BalanceError", "NumericError", "ConvergenceError", "OutOfMemoryError", "tariffs", "report",
           "data_path", "solve", "SHIPPED_SCENARIOS"]


def _dirs():
    try:
        from . import _paths
        data, shared = _paths.DATA_DIR, _paths.SHARED_DIR
    except ImportError:  # pragma: no cover - the build writes _paths.py
        data = shared = None
    data = os.environ.get("TARIFFSCOPE_DATA") or data
    shared = os.environ.get("TARIFFSCOPE_SHARED") or shared
    return data, shared


def data_path(rel=""):
    """The path of rel in the project's data folder (TARIFFSCOPE_DATA when set), as the command finds it."""
    return os.path.join(_dirs()[0], rel)


def _sources(aggregation=None, hs_concordance=None, theta=None, base=None, imports=None, no_imports=False,
             countries=None, members=None, hs2=None, hs_weights=None, groups=None):
    """The options of a table's tariff sources (the command's --concordance ... --hs-weights) for _core."""
    data, shared = _dirs()
    d = dict(data_dir=data, shared_dir=shared, aggregation=aggregation, hs_concordance=hs_concordance, theta=theta,
             base=base, imports=imports, no_imports=no_imports, countries=countries, members=members, hs2=hs2,
             hs_weights=hs_weights, groups=groups)
    return {k: (os.fspath(v) if isinstance(v, os.PathLike) else v) for k, v in d.items()}


_SOURCE_KEYS = ("aggregation", "hs_concordance", "theta", "base", "imports", "no_imports", "countries", "members",
                "hs2", "hs_weights", "groups")


def _split_sources(kw):
    src = {k: kw.pop(k) for k in list(kw) if k in _SOURCE_KEYS}
    if kw:
        raise TypeError("unexpected keyword arguments: %s" % ", ".join(sorted(kw)))
    return _sources(**src)


class Scenario:
    """A tariff scenario (docs/SCENARIOS.md): Scenario.load(path) or Scenario.from_dict(dict)."""

    def __init__(self, core):
        self._s = core
        info = core.info()
        self.name = info["name"]
        self.description = info["description"]
        self.base = info["base"]
        self.measures = info["measures"]

    @classmethod
    def load(cls, path):
        """Reads a scenario file (YAML); errors name the file, line and column."""
        return cls(_core.scenario_load(os.fspath(path)))

    @classmethod
    def from_dict(cls, d, folder="."):
        """A scenario from a dict shaped as the YAML file (name, measures: [{importer, exporter, sectors, add | set
        | floor_inclusive, ...}]); "extends:" and "base:" are resolved against folder. Errors name the line and
        column of the dict written as JSON, one key a line."""
        text = json.dumps(d, indent=1)
        return cls(_core.scenario_load_text(text, os.path.join(os.fspath(folder), "<dict>")))

    def __repr__(self):
        return "Scenario(%r, %d measures)" % (self.name, len(self.measures))


def _as_scenario(s):
    if isinstance(s, Scenario):
        return s
    if isinstance(s, dict):
        return Scenario.from_dict(s)
    return Scenario.load(s)


def _warn_sources(r, hs_weights):
    """The command's warnings, as Python warnings: customs lines absent, cells clipped deriving the GE data."""
    if r["sources"]["lines_absent"] and not hs_weights:
        warnings.warn("the 2024 US customs lines are absent: US measures on HS lines reach no cell (give imports= or "
                      "hs_weights=, or no_imports=True to say so)", RuntimeWarning, stacklevel=3)
    if r.get("clipped"):
        warnings.warn("%d cells clipped to zero deriving the model data (negative net purchases, or value added below "
                      "the tariffs on inputs)" % r["clipped"], RuntimeWarning, stacklevel=3)


class ShockResult:
    """First-order effects: the DataFrames of the command's prices.csv, consumer_prices.csv, revenue.csv and
    burden.csv, and the raw arrays."""

    def __init__(self, table, r):
        regions, sectors = table.regions, table.sectors
        G, N = len(regions), len(sectors)
        self.raw = r
        self.sources = r["sources"]
        self.prices = pd.DataFrame({"region": np.repeat(regions, N), "sector": np.tile(sectors, G),
                                    "price_change_pct": r["price_change"]})
        self.consumer_prices = pd.DataFrame({"region": regions, "cpi_change_pct": r["cpi_change"]})
        self.revenue = pd.DataFrame({"importer": regions, "tariff_revenue": r["revenue"]})
        b = r["burden"]
        o, n, m, k = np.nonzero(b)
        R, S = np.asarray(regions, dtype=object), np.asarray(sectors, dtype=object)
        self.burden = pd.DataFrame({"origin": R[o], "importer": R[n], "route": R[m], "sector": S[k],
                                    "burden": b[o, n, m, k]})
        self.residual = r["residual"]


class SolveResult:
    """General equilibrium: the DataFrames of the command's regions.csv, region_sectors.csv, bilateral.csv and, with
    theta_draws, uncertainty.csv; iterations and residual of the solve."""

    def __init__(self, r):
        regions, sectors = r["regions"], r["sectors"]
        G, N = len(regions), len(sectors)
        self.raw = r
        self.sources = r["sources"]
        names = r["measure_names"]
        m = r["measures"]
        cols = {"region": regions, "welfare_cp_pct": r["welfare_cp"], "terms_of_trade_pct": r["terms_of_trade"],
                "volume_of_trade_pct": r["volume_of_trade"], "real_wage_pct": r["real_wage"],
                "real_income_pct": r["real_income"], "w_hat": r["w_hat"], "price_index_hat": r["price_index_hat"],
                "exports_pct": m[:, names.index("exports_pct")]}
        self.regions = pd.DataFrame(cols)
        y0, y1 = r["output_base"].ravel(), r["output_new"].ravel()
        with np.errstate(divide="ignore", invalid="ignore"):
            change = np.where(y0 > 0, 100 * (y1 / np.where(y0 > 0, y0, 1) - 1), 0.0)
        self.region_sectors = pd.DataFrame({"region": np.repeat(regions, N), "sector": np.tile(sectors, G),
                                            "c_hat": r["c_hat"].ravel(), "P_hat": r["P_hat"].ravel(),
                                            "gross_output_change_pct": change, "gross_output_base": y0,
                                            "gross_output_new": y1})
        F0, F1 = r["flow_base"], r["flow_new"]
        n, i, j = np.nonzero((F0 != 0) | (F1 != 0))
        R, S = np.asarray(regions, dtype=object), np.asarray(sectors, dtype=object)
        self.bilateral = pd.DataFrame({"importer": R[n], "exporter": R[i], "sector": S[j], "flow_base": F0[n, i, j],
                                       "flow_new": F1[n, i, j], "tariff_base_pct": 100 * r["tariff_base"][n, i, j],
                                       "tariff_new_pct": 100 * r["tariff_new"][n, i, j]})
        self.residual = r["residual"]
        self.iterations = r["iterations"]
        self.uncertainty = None
        d = r["draws"]
        if d is not None:
            M = len(names)
            self.uncertainty = pd.DataFrame({"region": np.repeat(regions, M), "measure": np.tile(names, G),
                                             "point": d["point"].ravel(), "p05": d["p05"].ravel(),
                                             "p50": d["p50"].ravel(), "p95": d["p95"].ravel(),
                                             "mean": d["mean"].ravel(), "draws": d["draws"], "failed": d["failed"]})


# the report's scenarios when none are given (tsc_report_default_scenarios): (path in scenarios/, label)
SHIPPED_SCENARIOS = _core.default_scenarios()


class Table:
    """An inter-country input-output table: G regions x N sectors, rows region-major.

    Arrays with pymrio's names: Z (n x n), Y (n x G*F), x (n), va (n) are read-only views of the table (no copy); A and
    L are computed on request. The same as DataFrames on a (region, sector) MultiIndex: Z_df, Y_df, x_df, va_df, A_df,
    L_df."""

    def __init__(self, core, path=None):
        self._t = core
        self.path = path
        info = core.info()
        self.regions = info["regions"]
        self.sectors = info["sectors"]
        self.fd_categories = info["fd_categories"]
        self.unit = info["unit"]
        self.year = info["year"]
        self.source = info["source"]
        self.format = info["format"]
        self.notes = info["notes"]
        self.degenerate = info["degenerate"]
        self._A = self._L = None

    # ---- construction ----
    @classmethod
    def load(cls, path, format=None, rebalance=False, strict=False, tolerance=None, keep_splits=False):
        """Reads a table (any layout the command reads; detected unless format names it) and checks it."""
        core, status = _core.table_load(os.fspath(path), format, rebalance, strict, tolerance or 0.0, keep_splits)
        t = cls(core, os.fspath(path))
        t._warn(status)
        return t

    @classmethod
    def from_arrays(cls, Z, Y, regions, sectors, fd_categories=None, va=None, x=None, strict=False, tolerance=None):
        """A table from arrays: Z n x n, Y n x G*F (column r*F + f: category f of region r), va and x n-vectors (None:
        x = Z1 + Y1, va = x - 1'Z). Column-major float64 arrays are read in place."""
        G = len(regions)
        Y = np.asarray(Y)
        if fd_categories is None:
            F = Y.shape[1] // G if Y.ndim == 2 and G else 1
            fd_categories = ["fd%d" % (f + 1) for f in range(F)] if F > 1 else ["fd"]
        core, status = _core.table_from_arrays(list(regions), list(sectors), list(fd_categories), Z, Y, va, x, strict,
                                               tolerance or 0.0)
        t = cls(core)
        t._warn(status)
        return t

    @classmethod
    def from_dataframes(cls, Z, Y, va=None, x=None, **kw):
        """A table from DataFrames as pymrio holds them: Z and Y indexed by (region, sector), Y's columns (region,
        category)."""
        regions = list(dict.fromkeys(Z.index.get_level_values(0)))
        sectors = list(dict.fromkeys(Z.index.get_level_values(1)))
        cats = list(dict.fromkeys(Y.columns.get_level_values(1))) if Y.columns.nlevels > 1 else ["fd"]
        va = None if va is None else np.asfortranarray(np.asarray(va, dtype=float).ravel())
        x = None if x is None else np.asfortranarray(np.asarray(x, dtype=float).ravel())
        return cls.from_arrays(np.asfortranarray(Z.to_numpy(dtype=float)), np.asfortranarray(Y.to_numpy(dtype=float)),
                               regions, sectors, cats, va, x, **kw)

    @classmethod
    def from_pymrio(cls, io, **kw):
        """A table from a pymrio IOSystem (its Z and Y; x and the value added recomputed from them)."""
        if io.Z is None or io.Y is None:
            io.calc_system()
        return cls.from_dataframes(io.Z, io.Y, **kw)

    def to_pymrio(self):
        """A pymrio IOSystem with Z, Y, x and the extension factor_inputs (row "VA"); needs pymrio importable."""
        import pymrio
        ext = pymrio.Extension(name="factor_inputs", F=pd.DataFrame([self.va], index=["VA"], columns=self.index),
                               unit=pd.DataFrame({"unit": [self.unit]}, index=["VA"]))
        return pymrio.IOSystem(Z=self.Z_df.copy(), Y=self.Y_df.copy(), x=self.x_df.to_frame("indout"),
                               unit=pd.DataFrame({"unit": self.unit}, index=self.index), factor_inputs=ext)

    def _warn(self, status):
        if status == 1 and self.degenerate:
            warnings.warn("%d sectors with zero or negative gross output get zero coefficients" % len(self.degenerate),
                          RuntimeWarning, stacklevel=3)

    def save(self, path, layout="native"):
        """Writes the table: layout native, native-gz, cache or pymrio (pymrio's text layout, read back bit for
        bit)."""
        self._t.save(os.fspath(path), layout)

    def aggregate(self, concordance):
        """`tariffscope aggregate`: regions and/or sectors summed by a concordance CSV kind,from,to (kind region or
        sector); codes it does not name keep their own. A new Table."""
        core, status = self._t.aggregate(os.fspath(concordance))
        t = Table(core)
        t._warn(status)
        return t

    def balance(self):
        """What `tariffscope info` says of the accounting: totals, the largest relative gaps of the row and column
        identities (row_max_rel, col_max_rel) and their worst rows as ((region, sector), absolute gap)."""
        b = self._t.balance()
        idx = self.index
        for key in ("row_worst", "col_worst"):
            b[key] = [(idx[i], gap) for i, gap in b[key]]
        return b

    # ---- arrays and frames ----
    @property
    def G(self):
        return len(self.regions)

    @property
    def N(self):
        return len(self.sectors)

    @property
    def n(self):
        return self.G * self.N

    @property
    def index(self):
        return pd.MultiIndex.from_product([self.regions, self.sectors], names=["region", "sector"])

    @property
    def Y_columns(self):
        return pd.MultiIndex.from_product([self.regions, self.fd_categories], names=["region", "category"])

    @property
    def Z(self):
        return self._t.array("Z")

    @property
    def Y(self):
        return self._t.array("Y")

    @property
    def x(self):
        return self._t.array("x")

    @property
    def va(self):
        return self._t.array("va")

    @property
    def A(self):
        """A = Z x^-1 (zero columns where x <= 0), computed once."""
        if self._A is None:
            self._A = self._t.matrix("A")
        return self._A

    @property
    def L(self):
        """The Leontief inverse (I - A)^-1: computed when first asked for, then kept."""
        if self._L is None:
            self._L = self._t.matrix("L")
        return self._L

    def _frame(self, a, columns=None):
        return pd.DataFrame(a, index=self.index, columns=self.index if columns is None else columns)

    @property
    def Z_df(self):
        return self._frame(self.Z)

    @property
    def Y_df(self):
        return self._frame(self.Y, self.Y_columns)

    @property
    def A_df(self):
        return self._frame(self.A)

    @property
    def L_df(self):
        return self._frame(self.L)

    @property
    def x_df(self):
        return pd.Series(self.x, index=self.index, name="x")

    @property
    def va_df(self):
        return pd.Series(self.va, index=self.index, name="va")

    def __repr__(self):
        return "Table(%d regions x %d sectors, %s)" % (self.G, self.N, self.unit or "no unit")

    # ---- accounting ----
    def _labels(self):
        return np.repeat(self.regions, self.N), np.tile(self.sectors, self.G)

    def leontief(self, linkages=True, va_by_destination=False, extensions=False):
        """The command's multipliers.csv as a DataFrame: region, sector, x, output_multiplier, va_coefficient,
        backward_linkage, forward_linkage (linkages=False leaves the two linkages out; extensions=True adds
        va_multiplier, v'L, the multiplier of the factor_inputs extension). With va_by_destination=True, returns
        (multipliers, va_origin_destination) where the second is the command's va_origin_destination.csv."""
        m = self._t.multipliers()
        r, s = self._labels()
        cols = {"region": r, "sector": s}
        for k, name in enumerate(m["columns"]):  # the library's columns of multipliers.csv, in its order
            if linkages or not name.endswith("_linkage"):
                cols[name] = m["table"][:, k]
        if extensions:
            cols["va_multiplier"] = m["va_multiplier"]
        df = pd.DataFrame(cols)
        if not va_by_destination:
            return df
        v = self._t.matrix("vby")
        vby = pd.DataFrame({"origin_region": np.repeat(r, self.G), "origin_sector": np.repeat(s, self.G),
                            "destination_region": np.tile(self.regions, self.n), "value": v.ravel(order="C")})
        return df, vby

    def decompose(self, method, level="country", perspective="exporter", approach="source", origin=None,
                  destination=None, layout="long", post="none"):
        """A decomposition as the command writes it (decompose --method METHOD): the long layout (key columns
        exporter, exporter_sector, importer as the result has them, then term, value), or decompr's wide layout
        with layout="wide". method: kww, wwz, wwz2kww, bm, tiva, fdva, routes (origin=, destination=),
        exvatools-M[-terms], or leontief (V^B post-multiplied by post: none, exports, output, final_demand)."""
        if method == "leontief":
            return self._decompose_leontief(post, layout)
        if method == "routes":
            return self._routes(origin, destination)
        if layout not in ("long", "wide"):
            raise ValueError("layout is long or wide")
        lv, terms, ex, se, im, v = self._t.decompose(method, level, perspective, approach, origin, destination)
        R = np.asarray(self.regions + [""], dtype=object)
        S = np.asarray(self.sectors + [""], dtype=object)
        keys = []
        for name, idx, lab in (("exporter", ex, R), ("exporter_sector", se, S), ("importer", im, R)):
            if (idx >= 0).any():
                keys.append((name, lab[idx]))
        nrow, nterm = v.shape
        if layout == "long":
            cols = {name: np.repeat(vals, nterm) for name, vals in keys}
            cols["term"] = np.tile(np.asarray(terms, dtype=object), nrow)
            cols["value"] = v.ravel()
            return pd.DataFrame(cols)
        country = lv == 0 and method in ("kww", "wwz2kww", "tiva")
        wide = {"exporter": "Exporting_Country", "exporter_sector": "Exporting_Industry",
                "importer": "Importing_Country"}
        cols = {("Country" if country else wide[name]): vals for name, vals in keys}
        df = pd.DataFrame(cols)
        for k, t in enumerate(terms):
            df[t] = v[:, k]
        return df

    def _decompose_leontief(self, post, layout):
        which = {"none": "vb", "exports": "vbe", "output": "vbx", "final_demand": "vby"}
        if post not in which:
            raise ValueError("post is none, exports, output or final_demand")
        m = self._t.matrix(which[post])
        fd = post == "final_demand"
        cols = pd.Index(self.regions) if fd else self.index
        if layout == "wide":
            return self._frame(m, cols)
        r, s = self._labels()
        ncol = m.shape[1]
        d = {"origin_region": np.repeat(r, ncol), "origin_sector": np.repeat(s, ncol)}
        if fd:
            d["destination_region"] = np.tile(self.regions, self.n)
        else:
            d["column_region"] = np.tile(r, self.n)
            d["column_sector"] = np.tile(s, self.n)
        d["value"] = m.ravel(order="C")
        return pd.DataFrame(d)

    def _routes(self, origin, destination):
        if origin is None:
            raise ValueError("method routes needs origin=REGION")
        _, _, ex, _, im, v = self._t.decompose("routes", origin=origin, destination=destination, finish=True)
        _, _, cx, cs, ci, cv = self._t.decompose("routes", origin=origin, destination=destination, finish=False)
        s = self.regions.index(origin)
        R, S = self.regions, self.sectors
        rows = []
        for m, d, val in zip(ex, im, v[:, 0]):
            kind = "direct" if m == s else "at_destination" if m == d else "via_third"
            rows.append((origin, "absorbed", R[m], kind, "", R[d], val))
        for m, k, d, val in zip(cx, cs, ci, cv[:, 0]):
            if m == d:
                continue
            rows.append((origin, "crossing", R[m], "direct" if m == s else "via_third", S[k], R[d], val))
        return pd.DataFrame(rows, columns=["origin", "measure", "route", "route_kind", "route_sector", "destination",
                                           "value"])

    # ---- scenarios ----
    def shock(self, scenario, date=None, **sources):
        """First-order tariff effects (`tariffscope shock`): a ShockResult. sources: the command's options of a
        table's tariff sources (aggregation, hs_concordance, theta, base, imports, no_imports, countries, members,
        hs2, hs_weights, groups), else what the table and the project name."""
        sc = _as_scenario(scenario)
        src = _split_sources(sources)
        r = self._t.shock(sc._s, src, date)
        _warn_sources(r, src["hs_weights"])
        return ShockResult(self, r)

    def solve(self, scenario, baseline="zero-deficit", theta_draws=0, date=None, method="newton", tol=None,
              max_iter=0, seed=0, theta_se=None, threads=0, **sources):
        """The scenario in the Caliendo-Parro general-equilibrium model (`tariffscope solve`): a SolveResult.
        baseline: zero-deficit or observed; theta_draws: draws of the elasticities for the uncertainty bands."""
        sc = _as_scenario(scenario)
        src = _split_sources(sources)
        r = self._t.solve(sc._s, src, date, baseline, method, tol or 0.0, max_iter, theta_draws,
                          seed, -1.0 if theta_se is None else theta_se, threads)
        _warn_sources(r, src["hs_weights"])
        return SolveResult(r)

    def report(self, out, scenarios=None, focus=None, destination=None, compare=None, article=None,
               baseline="observed", theta_draws=None, seed=0, **sources):
        """`tariffscope report` on this table: writes out/index.html and the CSVs, returns the summary it prints.
        scenarios: paths, or (path, label) pairs; default the shipped ones (SHIPPED_SCENARIOS)."""
        if scenarios is None:
            sdir = data_path("../scenarios")
            scenarios = [(os.path.join(sdir, p), label) for p, label in SHIPPED_SCENARIOS]
        paths, labels = [], []
        for s in scenarios:
            p, label = (s if isinstance(s, tuple) else (s, ""))
            paths.append(os.fspath(p))
            labels.append(label or "")
        if article is None and self.path:
            cand = os.path.join(self.path, "derivation", "article_sectors.csv")
            article = cand if os.path.exists(cand) else None
        return self._t.report(os.fspath(out), paths, labels, _split_sources(sources), focus, destination,
                              None if compare is None else list(compare), article, self.path, baseline,
                              -1 if theta_draws is None else theta_draws, seed)


def solve(table, scenario, baseline="zero-deficit", theta_draws=0, date=None, method="newton", tol=None, max_iter=0,
          seed=0, theta_se=None, threads=0, **sources):
    """`tariffscope solve TABLE SCENARIO`: table is a Table, a table's path, or the Caliendo-Parro data folder
    (../shared/data/cp2015, detected as the command does: its own 1993 rates and elasticities unless the scenario,
    base= or theta= name others). A SolveResult; see Table.solve."""
    kw = dict(baseline=baseline, theta_draws=theta_draws, date=date, method=method, tol=tol, max_iter=max_iter,
              seed=seed, theta_se=theta_se, threads=threads)
    if isinstance(table, Table):
        return table.solve(scenario, **kw, **sources)
    if not _core.is_cp_folder(os.fspath(table)):
        return Table.load(table).solve(scenario, **kw, **sources)
    sc = _as_scenario(scenario)
    src = _split_sources(sources)
    r = _core.solve_cp(os.fspath(table), sc._s, src, date, baseline, method, tol or 0.0, max_iter, theta_draws, seed,
                       -1.0 if theta_se is None else theta_se, threads)
    return SolveResult(r)


def report(table=None, out="report", **kw):
    """`tariffscope report [TABLE]`: table is a Table or a path (default data/world2024); see Table.report."""
    if table is None:
        table = data_path("world2024")
    if not isinstance(table, Table):
        table = Table.load(table)
    return table.report(out, **kw)
