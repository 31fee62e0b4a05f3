"""How close runs come to what was counted: each recorded figure against its simulated counterpart.

``compare(tables, plan)`` takes the tidy tables of one or more replicate runs (``analysis.load``) and
the observations fitted to the run's dates (``observations.resolve_windows``) and gives one row per
observation with the simulated value (the replicates' mean and range) and the relative error.
``metrics`` summarises the compared rows two ways:

* the mean relative error, ``|simulated - observed| / observed`` averaged over the compared rows. A
  figure the source gives as a bound ("over 62,500", "up to 14,000") is read as one: the error is
  how far the simulated value lies on the wrong side of it (none if it lies on the right side).
  ``mean_relative_error_as_points`` reads every figure as a point value;
* FLEE's averaged relative difference (Suleimenova, Bell and Groen 2017, *Scientific Reports* 7:
  13377): for each date, the sum over places of ``|simulated - observed|`` over the sum of observed,
  averaged over dates. FLEE applies it to the number of people in each place, so it is computed here
  over the observations of people present or stranded in a place on a date.

Both are given for the replicates' mean and, replicate by replicate, as a mean, spread and range.
"""

from functools import reduce
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.observation_rules import COMPARE, FORCING, LOWER, POINT, RANGE, SKIP, UPPER, Rule, Term
from analysis.observations import (
    CORRIDOR,
    CORRIDOR_FILES,
    GROUPS,
    SOURCES_DIR,
    GivenFileError,
    classify,
    read_observations,
    resolve_windows,
)

POPULATION_COLUMNS = ("present", "stranded", "queue")
# Runs written before people crossed a closed border alone have no such column: none did.
ZERO_IF_ABSENT = ("crossed_alone",)
FACTOR = 2  # "within a factor of 2": simulated between half and twice what was observed
TABLE_COLUMNS = [
    "source_file",
    "row",
    "country_or_place",
    "measure",
    "period",
    "observed",
    "simulated",
    "relative_error",
    "bound",
    "relative_error_as_point",
    "status",
    "reason",
    "observed_as_recorded",
    "simulated_min",
    "simulated_max",
    "replicates",
    "confidence",
    "group",
    "observed_low",
    "observed_high",
]


def read_sources(sources_dir: str | Path | None = None, given: tuple[str | Path, ...] = ()) -> pd.DataFrame:
    """The recorded figures of ``sources_dir`` (default ``model/data/sources``; the branches file is
    read if there), with a one-line
    ``FileNotFoundError`` for a missing folder or file and ``ValueError`` for one that cannot be read."""
    sources_dir = Path(sources_dir or SOURCES_DIR)
    expected = ", ".join(CORRIDOR_FILES)
    if not sources_dir.is_dir():
        raise FileNotFoundError(f"--sources {sources_dir}: no such folder (expected one with {expected})")
    for name in CORRIDOR_FILES:
        if not (sources_dir / name).is_file():
            raise FileNotFoundError(f"--sources {sources_dir}: has no {name} (expected {expected})")
    for path in given:
        if not Path(path).is_file():
            raise FileNotFoundError(f"--observations {path}: no such file")
    try:
        return read_observations(sources_dir, tuple(given))
    except GivenFileError as exc:
        raise ValueError(f"--observations {exc}") from None
    except (ValueError, KeyError, AttributeError) as exc:  # unreadable CSV, or columns of another file
        if isinstance(exc, AttributeError | KeyError):
            detail = f"a file has no column {getattr(exc, 'name', None) or str(exc).strip(chr(39))!r}"
        else:
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ValueError(f"--sources {sources_dir}: cannot read the recorded figures ({detail})") from None


def run_period(tables: dict[str, pd.DataFrame]) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last simulated day common to all runs in ``tables``."""
    spans = tables["countries"].groupby("run_id").date.agg(["min", "max"])
    return spans["min"].max(), spans["max"].min()


def term_daily(tables: dict[str, pd.DataFrame], term: Term) -> pd.DataFrame:
    """One term's daily values: a date x run_id frame (zeros where the key is absent)."""
    frame = tables[term.table]
    if term.table == "countries":
        frame = frame[frame.country == term.key]
    elif term.table == "borders":
        frame = frame[frame.border == term.key]
    runs = tables["countries"].run_id.unique()
    dates = pd.DatetimeIndex(sorted(tables["countries"].date.unique()))
    if term.column not in frame and term.column in ZERO_IF_ABSENT:
        return pd.DataFrame(0.0, index=dates, columns=runs)
    wide = frame.pivot_table(index="date", columns="run_id", values=term.column, aggfunc="sum")
    return wide.reindex(index=dates, columns=runs).fillna(0.0) * term.sign


def rule_daily(tables: dict[str, pd.DataFrame], rule: Rule) -> pd.DataFrame:
    """The daily simulated series a rule compares with (date x run_id): its terms summed, or for a
    route's price the sum over its legs of the cheapest point of each leg that day."""
    if rule.legs:
        column = rule.terms[0].column
        return sum(reduce(np.fmin, (term_daily(tables, Term("borders", column, p)) for p in leg)) for leg in rule.legs)
    return sum(term_daily(tables, t) for t in rule.terms)


def missing_inputs(tables: dict[str, pd.DataFrame], rule: Rule) -> list[str]:
    """What a rule needs that the run's tables lack: a column, or a border point a price is read at
    (a count at an absent point is 0, a price is not)."""
    missing = [
        f"{t.table}.{t.column}"
        for t in rule.terms
        if t.table not in tables or (t.column not in tables[t.table] and t.column not in ZERO_IF_ABSENT)
    ]
    if rule.legs and "borders" in tables:
        known = set(tables["borders"].border)
        missing += [f"border point {p}" for leg in rule.legs for p in leg if p not in known]
    return list(dict.fromkeys(missing))


def simulate(daily: pd.DataFrame, kind: str, first, last) -> pd.Series:
    """Per run: the daily series summed over ``first``..``last`` (kind "sum"), averaged over them
    ("mean") or read on ``last`` ("level")."""
    if kind == "sum":
        return daily.loc[first:last].sum()
    if kind == "mean":
        return daily.loc[first:last].mean()
    return daily.loc[last]


def compare(tables: dict[str, pd.DataFrame], plan: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The comparison table (one row per observation) and the per-run simulated values (row x run_id)."""
    cache: dict[Rule, pd.DataFrame] = {}
    per_run = {}
    out = plan.copy()
    for i, row in plan.iterrows():
        if row.status == SKIP:
            continue
        missing = missing_inputs(tables, row.rule)
        if missing:
            out.loc[i, ["status", "reason"]] = [
                SKIP,
                f"the run's tables have no {', '.join(missing)} (written before the model had it); {row.reason}",
            ]
            continue
        if row.rule not in cache:
            cache[row.rule] = rule_daily(tables, row.rule)
        per_run[i] = simulate(cache[row.rule], row.kind, row.sim_start, row.sim_end)
    runs = pd.DataFrame(per_run, dtype=float).T.reindex(plan.index)
    out["observed_as_recorded"] = out.observed
    out["observed"] = out.value_compared
    out["simulated"] = runs.mean(axis=1)
    out["simulated_min"] = runs.min(axis=1)
    out["simulated_max"] = runs.max(axis=1)
    out["replicates"] = runs.notna().sum(axis=1)
    out["relative_error"] = relative_error(out.simulated, out.observed, out.bound, out.observed_low, out.observed_high)
    out["relative_error_as_point"] = relative_error(out.simulated, out.observed)
    return out, runs


def relative_error(simulated, observed, bound=None, low=None, high=None):
    """``|simulated - observed| / observed``; NaN where nothing was observed. Where ``bound`` is
    ``lower`` only a shortfall counts, where ``upper`` only an excess; where ``range``, the distance
    to the nearer of ``low`` and ``high`` relative to it (none inside)."""
    observed = pd.Series(observed, dtype=float)
    simulated = pd.Series(simulated, dtype=float)
    gap = simulated - observed
    if bound is not None:
        bound = pd.Series(bound, index=gap.index)
        gap = gap.where(~((bound == LOWER) & (gap > 0)) & ~((bound == UPPER) & (gap < 0)), 0.0)
    error = gap.abs() / observed.where(observed != 0)
    if bound is not None and low is not None and (bound == RANGE).any():
        low, high = pd.Series(low, index=gap.index, dtype=float), pd.Series(high, index=gap.index, dtype=float)
        below = (low - simulated) / low.where(low != 0)
        above = ((simulated - high) / high.where(high != 0)).clip(lower=0)
        error = error.where(bound != RANGE, below.where(simulated < low, above))
    return error


def within_factor(simulated, observed, bound, low, high, factor: float = FACTOR) -> pd.Series:
    """Whether each simulated value lies within ``factor`` of what was observed: between the lowest and
    highest values the figure allows (the value itself, a bound's one side, a range's ends), divided
    and multiplied by ``factor``. NaN where nothing was simulated."""
    frame = pd.DataFrame({"sim": simulated, "obs": observed, "bound": bound, "low": low, "high": high})
    lo = frame.obs.where(~frame.bound.isin((UPPER, RANGE)), frame.low.where(frame.bound == RANGE, 0.0))
    hi = frame.obs.where(~frame.bound.isin((LOWER, RANGE)), frame.high.where(frame.bound == RANGE, np.inf))
    inside = (frame.sim >= lo / factor) & (frame.sim <= hi * factor)
    return inside.where(frame.sim.notna())


def feeds_ard(rule: Rule) -> bool:
    """Whether an observation counts people in a place on a date (what FLEE's measure compares)."""
    return rule.kind == "level" and all(t.column in POPULATION_COLUMNS for t in rule.terms or ())


def averaged_relative_difference(dates, simulated, observed) -> float:
    """FLEE's measure: per date, sum over places of |sim - obs| over the sum of obs; averaged over dates."""
    frame = pd.DataFrame({"date": list(dates), "sim": list(simulated), "obs": list(observed)})
    frame["abs"] = (frame.sim - frame.obs).abs()
    by_date = frame.groupby("date")[["abs", "obs"]].sum()
    return float((by_date["abs"] / by_date["obs"]).mean()) if len(by_date) else float("nan")


def _spread(values: pd.Series) -> dict:
    values = values.dropna()
    return {
        "mean": float(values.mean()),
        "sd": float(values.std(ddof=1)) if len(values) > 1 else 0.0,
        "min": float(values.min()),
        "max": float(values.max()),
        "n": len(values),
    }


def _label(frame: pd.DataFrame) -> list[str]:
    return [f"{r.source_file}:{r.row} {r.country_or_place} {r.measure} {r.period}" for r in frame.itertuples()]


def _errors(simulated, compared: pd.DataFrame) -> pd.Series:
    return relative_error(simulated, compared.observed, compared.bound, compared.observed_low, compared.observed_high)


def group_metrics(rows: pd.DataFrame, runs: pd.DataFrame) -> dict:
    """One group's rows: counts, mean relative error (with its spread over replicates) and how many
    compared rows lie within a factor of 2 of the record (``within_factor``)."""
    compared = rows[rows.status == COMPARE]
    within = within_factor(
        compared.simulated, compared.observed, compared.bound, compared.observed_low, compared.observed_high
    )
    return {
        "observations": len(rows),
        "compared": len(compared),
        "forcing_checks": int((rows.status == FORCING).sum()),
        "skipped": int((rows.status == SKIP).sum()),
        "mean_relative_error": float(compared.relative_error.mean()),
        "median_relative_error": float(compared.relative_error.median()),
        "mean_relative_error_as_points": float(compared.relative_error_as_point.mean()),
        "mean_relative_error_by_replicate": _spread(runs.loc[compared.index].apply(_errors, args=(compared,)).mean()),
        f"within_factor_{FACTOR}": int(within.sum()),
    }


def metrics(table: pd.DataFrame, runs: pd.DataFrame) -> dict:
    """Summary of the compared rows: mean relative error and averaged relative difference, with spread.

    The top-level figures are the corridor group's (what calibration scores); ``groups`` has each
    group's own (``group_metrics``)."""
    groups = table.group if "group" in table else pd.Series(CORRIDOR, index=table.index)
    corridor = table[groups == CORRIDOR]
    compared = corridor[corridor.status == COMPARE]
    ard_rows = compared[compared.rule.map(feeds_ard).astype(bool)]  # bool even with no rows
    per_run_re = runs.loc[compared.index].apply(_errors, args=(compared,))
    per_run_ard = pd.Series(
        {
            run: averaged_relative_difference(ard_rows.sim_end, runs.loc[ard_rows.index, run], ard_rows.observed)
            for run in runs.columns
        },
        dtype=float,
    )
    return {
        "replicates": int(runs.shape[1]),
        "observations": len(corridor),
        "compared": len(compared),
        "forcing_checks": int((corridor.status == FORCING).sum()),
        "skipped": int((corridor.status == SKIP).sum()),
        "mean_relative_error": float(compared.relative_error.mean()),
        "median_relative_error": float(compared.relative_error.median()),
        "mean_relative_error_as_points": float(compared.relative_error_as_point.mean()),
        "bounds": _label(compared[compared.bound != POINT]),
        "mean_relative_error_by_replicate": _spread(per_run_re.mean()),
        "averaged_relative_difference": averaged_relative_difference(
            ard_rows.sim_end, ard_rows.simulated, ard_rows.observed
        ),
        "averaged_relative_difference_by_replicate": _spread(per_run_ard),
        "averaged_relative_difference_dates": sorted({str(d.date()) for d in ard_rows.sim_end}),
        "averaged_relative_difference_observations": _label(ard_rows),
        "worst": _label(compared.sort_values("relative_error", ascending=False).head(5)),
        "groups": {g: group_metrics(table[groups == g], runs) for g in GROUPS},
    }


def validate(tables: dict[str, pd.DataFrame], observations: pd.DataFrame | None = None) -> tuple[pd.DataFrame, dict]:
    """Compare the runs in ``tables`` (replicates of one scenario) with the record: (table, metrics).

    ``observations`` defaults to the bundled files (``read_observations()``)."""
    observations = read_observations() if observations is None else observations
    start, end = run_period(tables)
    plan = resolve_windows(classify(observations), start, end)
    table, runs = compare(tables, plan)
    return table, metrics(table, runs)


def published(table: pd.DataFrame) -> pd.DataFrame:
    """The comparison table as written to CSV: the stated columns, numbers rounded."""
    out = table[TABLE_COLUMNS].copy()
    for col in ("observed", "observed_as_recorded", "simulated", "simulated_min", "simulated_max"):
        out[col] = out[col].round(1)
    out["relative_error"] = out.relative_error.round(4)
    out["relative_error_as_point"] = out.relative_error_as_point.round(4)
    return out


def split_runs(tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, pd.DataFrame]]:
    """The tables of each scenario and parameter point of a batch (replicates kept together)."""
    summary = tables["summary"]
    points = summary.point.astype(object).where(summary.point.notna(), "").astype(str)
    keys = pd.Series(
        [f"{s} {p}".strip() for s, p in zip(summary.scenario.astype(str), points, strict=True)], index=summary.index
    )
    groups = {}
    for key in dict.fromkeys(keys):
        ids = set(summary.run_id[keys == key])
        groups[key] = {
            name: frame[frame.run_id.isin(ids)] if "run_id" in frame else frame for name, frame in tables.items()
        }
    return groups


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)


def _plot(table: pd.DataFrame, tables: dict[str, pd.DataFrame], folder: Path, title: str):
    """The figures of each group with something to show; the corridor's keep their plain names."""
    from analysis.validation_plots import plot_over_time, plot_scatter

    folder.mkdir(exist_ok=True)
    for name in GROUPS:
        rows = table[table.group == name]
        if not (rows.status != SKIP).any():
            continue
        suffix = "" if name == CORRIDOR else f"_{name}"
        plot_over_time(rows, tables, folder, f"{title}, {name}", suffix)
        plot_scatter(rows, folder, f"{title}, {name}", suffix)


def validate_results(tables: dict[str, pd.DataFrame], observations: pd.DataFrame, out, plots: bool = True) -> dict:
    """Validate each scenario and point of loaded results and write ``observations.csv``,
    ``metrics.json`` and plots for each into ``out`` (``plots/``: the corridor's figures, and each other
    group's with its name as suffix) (a sub-folder per group when there are several).
    Returns ``{group: (table, metrics)}``."""
    from runs.store import write_csv, write_json

    out = Path(out)
    groups = split_runs(tables)
    results = {}
    for name, group in groups.items():
        folder = out if len(groups) == 1 else out / _slug(name)
        folder.mkdir(parents=True, exist_ok=True)
        table, scores = validate(group, observations)
        write_csv(folder / "observations.csv", published(table), index=False)
        write_json(folder / "metrics.json", scores)
        if plots:
            title = f"{name}: observed against simulated ({scores['replicates']} replicates)"
            _plot(table, group, folder / "plots", title)
        results[name] = (table, scores)
    if len(groups) > 1:
        write_json(out / "metrics.json", {name: scores for name, (_, scores) in results.items()})
    return results
