"""Uncertainty across replicates: quantile bands of time series, paired differences, interval tables.

A batch gives each scenario several replicates (seeds). A time series is held *wide*: one row per
date, one column per run. The band at a date is the replicates' own quantiles at that date (numpy's
default linear interpolation between order statistics), never a normal approximation, so a band
says what share of the simulated worlds fell inside it. Replicate r of every scenario uses the same
seed, so a difference from the baseline is taken run by run on the same seed before its band is
formed: common random numbers cancel, and the band is of the difference, not of two levels.
"""

import numpy as np
import pandas as pd

BAND = (0.05, 0.5, 0.95)  # low, median, high: the 5-95 % band and its median


def quantile_band(wide: pd.DataFrame, quantiles: tuple[float, float, float] = BAND) -> pd.DataFrame:
    """``low``, ``median`` and ``high`` across the columns (runs) of ``wide``, at each row (date).

    Missing values (a run that did not cover that date) are left out of that date's quantiles."""
    values = wide.to_numpy(dtype=float)
    out = np.full((len(wide), 3), np.nan)
    has_any = ~np.isnan(values).all(axis=1) if values.size else np.zeros(len(wide), bool)
    if has_any.any():
        out[has_any] = np.nanquantile(values[has_any], quantiles, axis=1).T
    return pd.DataFrame(out, index=wide.index, columns=["low", "median", "high"])


def weekly_by_run(table: pd.DataFrame, value: str, *, how: str = "sum") -> pd.DataFrame:
    """One column per run of ``table[value]`` per week (weeks end on Sunday), summed over the rows
    of each day (e.g. several borders) first. ``how="mean"`` averages the days of a week instead:
    for stocks (people stranded) rather than flows (people crossing)."""
    daily = table.pivot_table(index="date", columns="run_id", values=value, aggfunc="sum", observed=True)
    weekly = daily.resample("W")
    return weekly.sum(min_count=1) if how == "sum" else weekly.mean()


def paired_differences(wide: pd.DataFrame, baseline: pd.DataFrame, seeds: dict) -> pd.DataFrame:
    """Each run (column) of ``wide`` minus the run of ``baseline`` with the same seed.

    ``seeds`` maps every run id to its seed. Dates are aligned (missing on either side is NaN);
    a run with no baseline partner on its seed is dropped."""
    partner = {seeds[run]: run for run in baseline.columns}
    index = wide.index.union(baseline.index)
    out = {
        run: wide[run].reindex(index) - baseline[partner[seeds[run]]].reindex(index)
        for run in wide.columns
        if seeds[run] in partner
    }
    return pd.DataFrame(out, index=index)


def interval_table(summary: pd.DataFrame, by: str, metrics: list[str], level: float = 0.90) -> pd.DataFrame:
    """Mean and central ``level`` interval (replicates' quantiles) of each metric per group.

    Columns are ``(metric, "mean" | "low" | "high" | "n")``; a metric missing from every run of a
    group (a mission that never turned proactive has no response lag) is NaN with ``n`` = 0."""
    tail = (1 - level) / 2
    rows = {}
    for group, runs in summary.groupby(by, sort=False):
        row = {}
        for metric in metrics:
            values = pd.to_numeric(runs[metric], errors="coerce").dropna() if metric in runs else pd.Series([])
            row[(metric, "mean")] = values.mean() if len(values) else np.nan
            row[(metric, "low")] = values.quantile(tail) if len(values) else np.nan
            row[(metric, "high")] = values.quantile(1 - tail) if len(values) else np.nan
            row[(metric, "n")] = len(values)
        rows[group] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.columns = pd.MultiIndex.from_tuples(table.columns)
    return table
