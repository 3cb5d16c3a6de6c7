"""Customs lines: the effective tariff rates of a scenario, partner by partner (`tariffscope tariffs effective`)."""
import os

import pandas as pd

from . import _core


def effective(scenario, date=None, base="applied", imports=None, importer=None, **sources):
    """The import-weighted rate of every partner's customs lines after the scenario's measures in force on date
    (base: each line's 2024 applied rate, or zero): a DataFrame with the command's columns partner,
    effective_rate_pct, base_rate_pct, imports_usd. imports: the folder of US Census lines (default: the shared
    data's data/us-tariffs-2025/hs10-imports-2024)."""
    from . import _as_scenario, _dirs, _split_sources
    sc = _as_scenario(scenario)
    if imports is None:
        imports = os.path.join(_dirs()[1], "data", "us-tariffs-2025", "hs10-imports-2024")
    src = _split_sources(sources)
    if src["hs_concordance"] is None:
        hsc = os.path.join(_dirs()[0], "concordance", "hs2017_wiod.csv")
        src["hs_concordance"] = hsc if os.path.exists(hsc) else None
    r = _core.effective(sc._s, os.fspath(imports), src, date, base, importer)
    df = pd.DataFrame({"partner": r["partners"], "effective_rate_pct": r["rate_pct"], "base_rate_pct": r["base_pct"],
                       "imports_usd": r["value"]})
    df.attrs["date"] = r["date"]
    return df
