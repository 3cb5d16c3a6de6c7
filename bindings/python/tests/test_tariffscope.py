"""The Python package against the command: every binding function returns the command's numbers (to 1e-12
relative) on the example table, data/world2024 and WIOD 2011; pymrio's test system as the C tests read it; errors
carry file, line and column."""
import os
import re
import subprocess
import threading
import time

import numpy as np
import pandas as pd
import pytest

import tariffscope as ts

RTOL = 1e-12


def cli(tsc, *args):
    r = subprocess.run([tsc, *args], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r


def close(a, b, what, rtol=RTOL, atol=0.0):
    """Frames a (from Python) and b (the command's CSV) equal: same columns and keys, numbers to rtol relative."""
    assert list(a.columns) == list(b.columns), what
    assert len(a) == len(b), what
    for c in a.columns:
        x, y = a[c].to_numpy(), b[c].to_numpy()
        if a[c].dtype.kind in "fi" and b[c].dtype.kind in "fi":
            x, y = x.astype(float), y.astype(float)
            scale = np.maximum(np.abs(y), 1e-300)
            bad = np.abs(x - y) > rtol * scale + atol
            assert not bad.any(), "%s: column %s, %d values differ, first at row %d: %r vs %r" % (
                what, c, bad.sum(), np.argmax(bad), x[np.argmax(bad)], y[np.argmax(bad)])
        else:
            xs = pd.Series(x).fillna("").astype(str).to_numpy()
            ys = pd.Series(y).fillna("").astype(str).to_numpy()
            assert (xs == ys).all(), "%s: column %s differs" % (what, c)


def read(path):
    return pd.read_csv(path, keep_default_na=False, na_values=[])


@pytest.fixture(scope="module")
def example(src):
    return os.path.join(src, "data", "example", "table")


@pytest.fixture(scope="module")
def world(src):
    return os.path.join(src, "data", "world2024")


def need(path):
    if not os.path.exists(path):
        pytest.skip("%s is absent (../shared)" % path)
    return path


# ---- tables, arrays, frames ------------------------------------------------------------------------------------

def test_arrays_are_views_and_frames_are_labelled(example):
    t = ts.Table.load(example)
    assert t.Z.shape == (t.n, t.n) and t.Y.shape == (t.n, t.G * len(t.fd_categories))
    assert not t.Z.flags.owndata and not t.Z.flags.writeable  # a view of the table, no copy
    assert list(t.Z_df.index.names) == ["region", "sector"]
    assert t.Z_df.index[t.N] == (t.regions[1], t.sectors[0])
    # identities computed here, independently of the library: x = Z1 + Y1, A = Z x^-1, L (I - A) = I
    np.testing.assert_allclose(t.Z.sum(1) + t.Y.sum(1), t.x, rtol=1e-6)
    np.testing.assert_allclose(t.A, t.Z / t.x, rtol=1e-14)
    np.testing.assert_allclose(t.L @ (np.eye(t.n) - t.A), np.eye(t.n), atol=1e-9)


def test_from_arrays_reads_in_place_and_computes_x(example):
    t = ts.Table.load(example)
    Z, Y = np.asfortranarray(t.Z), np.asfortranarray(t.Y)
    u = ts.Table.from_arrays(Z, Y, t.regions, t.sectors, t.fd_categories)
    np.testing.assert_allclose(u.x, Z.sum(1) + Y.sum(1), rtol=1e-14)
    np.testing.assert_array_equal(u.Z, t.Z)
    d = ts.Table.from_dataframes(t.Z_df, t.Y_df)
    np.testing.assert_array_equal(d.Y, t.Y)


def test_aggregate_and_balance_vs_cli(tsc, example, tmp_path):
    t = ts.Table.load(example)
    conc = tmp_path / "c.csv"
    conc.write_text("kind,from,to\nregion,CAN,NAM\nregion,USA,NAM\nsector,METALS,HEAVY\nsector,CHEMICALS,HEAVY\n")
    a = t.aggregate(conc)
    cli(tsc, "aggregate", example, "--concordance", str(conc), "--out", str(tmp_path / "agg"))
    b = ts.Table.load(tmp_path / "agg")
    assert a.regions == b.regions and a.sectors == b.sectors and "NAM" in a.regions
    for name in ("Z", "Y", "x", "va"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=1e-15, err_msg=name)
    # sums kept, computed here
    assert abs(a.Z.sum() - t.Z.sum()) <= 1e-12 * t.Z.sum()
    bal = t.balance()
    assert abs(bal["total_output"] - t.x.sum()) <= 1e-12 * t.x.sum()
    assert bal["row_max_rel"] < 1e-6 and bal["degenerate"] == len(t.degenerate)


def test_pymrio_text_layout_round_trip(example, tmp_path):
    t = ts.Table.load(example)
    t.save(tmp_path / "p", "pymrio")
    u = ts.Table.load(tmp_path / "p", format="pymrio")
    assert u.format == "pymrio" and u.regions == t.regions and u.sectors == t.sectors
    for name in ("Z", "Y", "x", "va"):
        np.testing.assert_array_equal(getattr(u, name), getattr(t, name), err_msg=name)


def test_to_and_from_pymrio(example):
    pymrio = pytest.importorskip("pymrio")
    t = ts.Table.load(example)
    io = t.to_pymrio()
    io.calc_all()
    np.testing.assert_allclose(io.L.to_numpy(), t.L, rtol=1e-10)
    u = ts.Table.from_pymrio(io)
    np.testing.assert_allclose(u.Z, t.Z)
    assert pymrio  # imported


# ---- the command's numbers ----------------------------------------------------------------------------------------

def leontief_vs_cli(tsc, table, tmp_path, *opts):
    t = ts.Table.load(table, rebalance="--rebalance" in opts)
    cli(tsc, "leontief", table, "--out", str(tmp_path / "lf"), *opts)
    m, vby = t.leontief(va_by_destination=True)
    close(m, read(tmp_path / "lf" / "multipliers.csv"), "multipliers.csv")
    close(vby, read(tmp_path / "lf" / "va_origin_destination.csv"), "va_origin_destination.csv")
    return t


def decompose_vs_cli(tsc, t, table, tmp_path, method, *opts, **kw):
    out = str(tmp_path / ("%s.csv" % method))
    cli(tsc, "decompose", table, "--method", method, "--out", out, *opts)
    close(t.decompose(method, **kw), read(out), "decompose " + " ".join((method,) + opts))


def test_example_leontief_and_decompositions(tsc, example, tmp_path):
    t = leontief_vs_cli(tsc, example, tmp_path)
    decompose_vs_cli(tsc, t, example, tmp_path, "kww")
    decompose_vs_cli(tsc, t, example, tmp_path, "wwz")
    decompose_vs_cli(tsc, t, example, tmp_path, "tiva")
    decompose_vs_cli(tsc, t, example, tmp_path, "fdva")
    decompose_vs_cli(tsc, t, example, tmp_path, "bm", "--level", "bilateral", "--approach", "sink",
                     level="bilateral", approach="sink")
    decompose_vs_cli(tsc, t, example, tmp_path, "wwz2kww", "--level", "bilateral", level="bilateral")
    decompose_vs_cli(tsc, t, example, tmp_path, "exvatools-oecd")
    decompose_vs_cli(tsc, t, example, tmp_path, "routes", "--origin", "JPN", "--destination", "USA", origin="JPN",
                     destination="USA")
    decompose_vs_cli(tsc, t, example, tmp_path, "leontief", "--post", "exports", post="exports")
    out = str(tmp_path / "wide.csv")
    cli(tsc, "decompose", example, "--method", "wwz", "--layout", "wide", "--out", out)
    close(t.decompose("wwz", layout="wide"), read(out), "wwz wide")


def shock_vs_cli(tsc, t, table, scenario, tmp_path, *opts):
    cli(tsc, "shock", table, scenario, "--out", str(tmp_path / "sh"), *opts)
    s = t.shock(scenario)
    for name in ("prices", "consumer_prices", "revenue", "burden"):
        close(getattr(s, name), read(tmp_path / "sh" / ("%s.csv" % name)), "shock " + name)
    return s


def solve_vs_cli(tsc, t, table, scenario, tmp_path, *opts, **kw):
    cli(tsc, "solve", table, scenario, "--out", str(tmp_path / "ge"), *opts)
    g = t.solve(scenario, **kw)
    for name in ("regions", "region_sectors", "bilateral"):
        close(getattr(g, name), read(tmp_path / "ge" / ("%s.csv" % name)), "solve " + name)
    if kw.get("theta_draws"):
        close(g.uncertainty, read(tmp_path / "ge" / "uncertainty.csv"), "solve uncertainty")
    return g


def test_world2024_every_function(tsc, world, src, tmp_path):
    t = leontief_vs_cli(tsc, world, tmp_path)
    decompose_vs_cli(tsc, t, world, tmp_path, "kww")
    decompose_vs_cli(tsc, t, world, tmp_path, "routes", "--origin", "JPN", origin="JPN")
    geneva = os.path.join(src, "scenarios", "us-china-geneva.yaml")
    s = shock_vs_cli(tsc, t, world, geneva, tmp_path)
    # identity computed here: the burden summed over origins is the change in revenue
    assert abs(s.burden.burden.sum() - (s.raw["revenue"] - s.raw["revenue_base"]).sum()) <= 1e-9 * abs(
        s.burden.burden.sum())
    solve_vs_cli(tsc, t, world, geneva, tmp_path, "--baseline", "observed", "--theta-draws", "8", "--seed", "3",
                 baseline="observed", theta_draws=8, seed=3)


def test_wiod2011_every_function(tsc, shared, src, tmp_path):
    wiod = need(os.path.join(shared, "data", "wiod2013", "wiot_2011"))
    t = leontief_vs_cli(tsc, wiod, tmp_path, "--rebalance")
    decompose_vs_cli(tsc, t, wiod, tmp_path, "kww", "--rebalance")
    decompose_vs_cli(tsc, t, wiod, tmp_path, "tiva", "--rebalance")
    scen = os.path.join(src, "scenarios", "cjk-fta.yaml")
    cli(tsc, "shock", wiod, scen, "--rebalance", "--out", str(tmp_path / "sh"))
    s = t.shock(scen)
    for name in ("prices", "consumer_prices", "revenue", "burden"):
        close(getattr(s, name), read(tmp_path / "sh" / ("%s.csv" % name)), "shock " + name)
    cli(tsc, "solve", wiod, scen, "--rebalance", "--out", str(tmp_path / "ge"))
    g = t.solve(scen)
    for name in ("regions", "region_sectors", "bilateral"):
        close(getattr(g, name), read(tmp_path / "ge" / ("%s.csv" % name)), "solve " + name)


def test_caliendo_parro_solve_vs_cli(tsc, shared, src, tmp_path):
    cp = need(os.path.join(shared, "data", "cp2015"))
    scen = os.path.join(src, "scenarios", "cp2015-nafta.yaml")
    cli(tsc, "solve", cp, scen, "--out", str(tmp_path / "ge"))
    g = ts.solve(cp, scen)
    assert g.regions.region.tolist()[:1] and "MEX" in g.regions.region.tolist()
    for name in ("regions", "region_sectors", "bilateral"):
        close(getattr(g, name), read(tmp_path / "ge" / ("%s.csv" % name)), "solve cp " + name)


def test_effective_rates_vs_cli(tsc, shared, src, tmp_path):
    imports = need(os.path.join(shared, "data", "us-tariffs-2025", "hs10-imports-2024"))
    scen = os.path.join(src, "scenarios", "us-china-geneva.yaml")
    out = tmp_path / "eff.csv"
    cli(tsc, "tariffs", "effective", scen, "--out", str(out))
    e = ts.tariffs.effective(scen, imports=imports)
    ref = read(out)
    e = e.set_index("partner").loc[ref.partner].reset_index()
    # the command writes 4 decimals of percent and whole dollars
    close(e, ref, "tariffs effective", rtol=0, atol=5.01e-5 + 0.5)


# ---- pymrio's test system ---------------------------------------------------------------------------------------

def test_pymrio_test_system(shared):
    d = need(os.path.join(shared, "vectors", "pymrio"))

    def m(name):
        return np.loadtxt(os.path.join(d, name + ".csv"), delimiter=",", ndmin=2)

    regions = ["reg%d" % k for k in range(1, 7)]
    sectors = ["food", "mining", "manufactoring", "electricity", "construction", "trade", "transport", "other"]
    cats = ["hh", "npish", "gov", "gfcf", "inv", "val", "exp"]
    t = ts.Table.from_arrays(np.asfortranarray(m("Z")), np.asfortranarray(m("Y")), regions, sectors, cats)
    np.testing.assert_allclose(t.x, m("x").ravel(), rtol=1e-12)
    np.testing.assert_allclose(t.A, m("A"), rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(t.L, m("L"), rtol=1e-10, atol=1e-15)
    lf = t.leontief(extensions=True)
    np.testing.assert_allclose(lf.output_multiplier, m("L").sum(0), rtol=1e-10)
    np.testing.assert_allclose(lf.va_coefficient, m("ref_v").ravel(), rtol=1e-10, atol=1e-15)
    F = m("F_factor_inputs").sum(0)
    if np.allclose(F, t.va, rtol=1e-9):  # value added as pymrio's factor inputs: M = S L
        np.testing.assert_allclose(lf.va_multiplier, m("M_factor_inputs").sum(0), rtol=1e-9)


# ---- scenarios and errors ---------------------------------------------------------------------------------------

def test_scenario_from_dict_equals_file(example, src, tmp_path):
    d = {"name": "t", "measures": [{"importer": "USA", "exporter": "CHN", "sectors": "goods", "add": 12.5}]}
    (tmp_path / "t.yaml").write_text("name: t\nmeasures:\n  - {importer: USA, exporter: CHN, sectors: goods, "
                                     "add: 12.5}\n")
    t = ts.Table.load(example)
    a = t.shock(ts.Scenario.from_dict(d), no_imports=True)
    b = t.shock(ts.Scenario.load(tmp_path / "t.yaml"), no_imports=True)
    np.testing.assert_array_equal(a.raw["price_change"], b.raw["price_change"])
    assert a.prices.price_change_pct.abs().max() > 0


def test_errors_carry_file_line_column(tmp_path, example):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nmeasures:\n  - {importer: USA, exporter: CHN, sectors: goods, ad: 5}\n")
    with pytest.raises(ts.Error) as e:
        ts.Scenario.load(bad)
    assert e.value.file == str(bad) and e.value.line == 3 and e.value.column > 0
    assert re.match(r".*bad\.yaml:3:\d+: ", str(e.value))
    with pytest.raises(ts.Error) as e:
        ts.Scenario.from_dict({"name": "x", "measures": [{"importer": "USA", "add": "many"}]})
    assert e.value.line > 0 and e.value.file.endswith("<dict>")
    with pytest.raises(ts.FileError):
        ts.Table.load(tmp_path / "none")
    with pytest.raises(OSError):
        ts.Table.load(tmp_path / "none")
    t = ts.Table.load(example)
    with pytest.raises(ts.LabelError):
        t.decompose("routes", origin="XXX")
    # a malformed number in a table: a FormatError located at its line and column
    folder = tmp_path / "pm"
    t.save(folder, "pymrio")
    z = (folder / "Z.txt").read_text().split("\n")
    fields = z[3].split("\t")
    fields[4] = "1.5x"
    z[3] = "\t".join(fields)
    (folder / "Z.txt").write_text("\n".join(z))
    with pytest.raises(ts.FormatError) as e:
        ts.Table.load(folder)
    assert e.value.file.endswith("Z.txt") and e.value.line == 4 and e.value.column > 0
    with pytest.raises(ts.BalanceError):
        ts.Table.from_arrays(t.Z, t.Y, t.regions, t.sectors, t.fd_categories, x=np.asarray(t.x) * 2)
    with pytest.raises(ValueError):
        ts.Table.from_arrays(t.Z[:3], t.Y, t.regions, t.sectors, t.fd_categories)


def test_threads_share_a_table(example):
    """The long calls run without the GIL; threads on one table take turns on its engine and agree."""
    t = ts.Table.load(example)
    ref = t.decompose("wwz").value.to_numpy()
    out = [None] * 4

    def work(k):
        out[k] = t.decompose("wwz").value.to_numpy()

    th = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for x in th:
        x.start()
    for x in th:
        x.join()
    for o in out:
        np.testing.assert_array_equal(o, ref)


# ---- the README's ten lines -------------------------------------------------------------------------------------

def test_readme_snippet(tsc, src, tmp_path):
    """The README's lines give the report's headline numbers: the command's report on the same two scenarios."""
    with open(os.path.join(src, "README.md")) as f:
        text = f.read()
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    assert len(code.strip().split("\n")) <= 10
    env = {}
    exec(compile(code, "README.md", "exec"), env)
    world = os.path.join(src, "data", "world2024")
    scen = [os.path.join(src, "scenarios", k + ".yaml") for k in ("us-2025-08-deals", "us-2025-08-deals-cjk")]
    cli(tsc, "report", world, "--scenario", scen[0], "--scenario", scen[1], "--no-draws", "--quiet", "--out",
        str(tmp_path / "rep"))
    burden = read(tmp_path / "rep" / "burden.csv")
    burden = burden[(burden.scenario == "us-2025-08-deals") & (burden.origin == "JPN")]
    b = env["b"]
    assert abs(b.burden.sum() - burden.burden_usd_m.sum()) <= 1e-12 * burden.burden_usd_m.sum()
    third = burden[burden.route_kind != "direct"].burden_usd_m.sum()
    assert abs(b[b.route != "JPN"].burden.sum() - third) <= 1e-12 * third
    ge = read(tmp_path / "rep" / "ge.csv").set_index(["scenario", "region"])
    for k, r in env["g"].items():
        jpn = r.regions.set_index("region").loc["JPN"]
        for ours, theirs in (("real_wage_pct", "real_wage_pct"), ("real_income_pct", "welfare_pct")):
            ref = ge.loc[(k, "JPN"), theirs]
            assert abs(jpn[ours] - ref) <= 1e-12 * abs(ref), (k, ours, jpn[ours], ref)


def test_report_vs_cli(tsc, world, src, tmp_path):
    geneva = os.path.join(src, "scenarios", "us-china-geneva.yaml")
    cli(tsc, "report", world, "--scenario", geneva + "=Geneva", "--no-draws", "--quiet", "--out",
        str(tmp_path / "cli"))
    t = ts.Table.load(world)
    summary = t.report(tmp_path / "py", scenarios=[(geneva, "Geneva")], theta_draws=0)
    assert "Geneva" in summary
    files = sorted(f for f in os.listdir(tmp_path / "cli") if f.endswith(".csv"))
    assert files and files == sorted(f for f in os.listdir(tmp_path / "py") if f.endswith(".csv"))
    for f in files:
        a, b = read(tmp_path / "py" / f), read(tmp_path / "cli" / f)
        timing = [c for c in b.columns if "seconds" in c]
        close(a.drop(columns=timing), b.drop(columns=timing), "report " + f)
    assert ts.SHIPPED_SCENARIOS[1][0] == "us-china-geneva.yaml"


def test_long_calls_release_the_gil(example, src):
    """While a solve runs in another thread, this thread keeps running Python code: the solve does not hold the GIL
    (holding it, the loop below would get no more than a switch interval or two)."""
    t = ts.Table.load(example)
    geneva = os.path.join(src, "scenarios", "us-china-geneva.yaml")
    start = threading.Event()
    done = []

    def work():
        start.set()
        done.append(t.solve(geneva, theta_draws=50, threads=1, no_imports=True))

    th = threading.Thread(target=work)
    th.start()
    start.wait()
    spins = 0
    t0 = time.perf_counter()
    while th.is_alive():
        spins += 1
    elapsed = time.perf_counter() - t0
    th.join()
    assert done and elapsed > 0.05
    assert spins > 10000, "%d spins in %.2f s" % (spins, elapsed)
