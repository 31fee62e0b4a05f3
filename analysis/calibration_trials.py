"""One trial of a calibration: its runs scored against the record (in a worker), and ``trials.csv``."""

import csv
import io
import math
import time
import traceback
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.patterns import PATTERNS, pattern_values, shortfall
from runs.store import atomic_write_text
from scenarios.loader import ScenarioError

METRICS = {
    "mre": "mean_relative_error",
    "ard": "averaged_relative_difference",
    # both at once: point figures and the stock trajectory, so neither a single day nor the stocks dominate
    "both": "mre_plus_ard",
}
PATTERN_COLUMNS = (*(p.name for p in PATTERNS), "pattern_shortfall")
BRANCH_ERROR = "branch_log2_error"
# A branch figure is a few hundred people against the corridor's hundreds of thousands: its error is
# read on a log scale (1 = a factor of 2 off), and weighs a tenth, so that a fit meets the branches'
# order of magnitude without buying it with the corridor's counts.
BRANCH_WEIGHT = 0.1
# people added to both sides of a branch ratio: a run at 10 people per agent cannot tell 0 from 5
BRANCH_FLOOR_PEOPLE = 10
# what the search minimises: the chosen metric, the patterns' relative shortfall and the branches' error
SCORE = "score"


def branch_log2_error(table: pd.DataFrame) -> float:
    """Mean over the compared figures beyond the corridor (``group`` branches: the branch countries; later:
    the other countries in 2016-2017; added: Idomeni at its evacuation, Bulgaria's exits and centres) of
    |log2 simulated/observed|, each side plus BRANCH_FLOOR_PEOPLE; NaN if none falls in the run. A figure
    given as a bound counts only on its wrong side. ``table`` holds only fitted observations: nothing
    after ``observations.FIT_LIMIT``."""
    from analysis.observations import ADDED, BRANCHES, LATER, LOWER, UPPER

    rows = table[(table.status == "compared") & table.group.isin((BRANCHES, LATER, ADDED))]
    if rows.empty:
        return math.nan
    simulated, observed = rows.simulated.astype(float), rows.observed.astype(float)
    log2 = np.log2((simulated + BRANCH_FLOOR_PEOPLE) / (observed + BRANCH_FLOOR_PEOPLE))
    right_side = ((rows.bound == LOWER) & (log2 > 0)) | ((rows.bound == UPPER) & (log2 < 0))
    return float(np.where(right_side, 0.0, np.abs(log2)).mean())


def replicate_tables(scenario_ref: str, overrides: dict, seeds: list[int]) -> dict[str, pd.DataFrame]:
    """Run the scenario once per seed: tables laid out as ``analysis.load`` gives a batch's."""
    from analysis.results import flatten_summary
    from model.model import RouteModel
    from model.summary import summarize
    from runs.runner import tables
    from scenarios.loader import load_scenario

    scenario = load_scenario(scenario_ref, overrides)
    frames: dict[str, list] = {}
    summaries = []
    for seed in seeds:
        model = RouteModel(scenario, seed=seed).run()
        run_id = f"seed{seed}"
        for name, frame in tables(model).items():
            frame.insert(0, "seed", seed)
            frame.insert(0, "scenario", scenario.name)
            frame.insert(0, "run_id", run_id)
            frames.setdefault(name, []).append(frame)
        summaries.append({"run_id": run_id, "point": "", **flatten_summary(summarize(model))})
    out = {name: pd.concat(parts, ignore_index=True) for name, parts in frames.items()}
    out["summary"] = pd.DataFrame(summaries)
    return out


def recorded(fit_until: str | None = None, held_out: bool = False) -> pd.DataFrame:
    """The recorded observations a calibration fits: those whose period ends on or before ``fit_until``
    and never after ``observations.FIT_LIMIT`` (later counts are predictions); with ``held_out``,
    those ending after ``fit_until``, which a calibration fitted until then has not seen (scored, not
    fitted)."""
    from analysis.observations import fitted_observations, read_observations

    obs = read_observations()
    if held_out and fit_until is not None:
        return obs[obs.period_end > pd.Timestamp(fit_until)]
    return fitted_observations(obs, fit_until)


def evaluate(
    scenario_ref: str,
    overrides: dict,
    seeds: list[int],
    observations: bool = False,
    fit_until: str | None = None,
    held_out: bool = False,
) -> dict:
    """Score one set of values: both metrics over the replicates' mean. Never raises: an error is returned.

    With ``observations``, also the compared observations (source file, row, place, measure, period).
    ``fit_until`` and ``held_out`` choose the observations scored (``recorded``)."""
    from analysis.observations import CORRIDOR
    from analysis.validation import validate

    started = time.perf_counter()
    result = {key: math.nan for key in (*METRICS.values(), *PATTERN_COLUMNS, BRANCH_ERROR)} | {"error": ""}
    try:
        runs = replicate_tables(scenario_ref, overrides, seeds)
        table, metrics = validate(runs, recorded(fit_until, held_out))
        mre, ard = metrics["mean_relative_error"], metrics["averaged_relative_difference"]
        both = mre + (ard if math.isfinite(ard) else 0.0)  # no stock figure in the window: the error alone
        result.update(mean_relative_error=mre, averaged_relative_difference=ard, mre_plus_ard=both)
        result.update(compared=metrics["compared"], **{BRANCH_ERROR: branch_log2_error(table)})
        patterns = pattern_values(runs)
        result.update(patterns, pattern_shortfall=shortfall(patterns))
        if observations:  # the ones the score used: the corridor group's
            compared = table[(table.status == "compared") & (table.group == CORRIDOR)]
            columns = {"source_file": "source_file", "row": "row", "place": "country_or_place"}
            result["observations"] = [
                {**{k: _plain(getattr(r, c)) for k, c in columns.items()}, "measure": r.measure, "period": r.period}
                for r in compared.itertuples()
            ]
    except Exception as exc:  # a failed trial is recorded and the search goes on
        last = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" at {Path(last.filename).name}:{last.lineno}" if last else ""
        result["error"] = f"{type(exc).__name__}: {exc}{where}"[:500]
    result["duration_s"] = round(time.perf_counter() - started, 3)
    return result


def _plain(value):
    return value.item() if hasattr(value, "item") else value


class TrialLog:
    """``trials.csv``: one row per finished trial, appended as it finishes (rewritten in trial order)."""

    def __init__(self, path: Path, space: list):
        self.path, self.space = path, space
        self.columns = [
            "trial", "status", *(d.key for d in space), *METRICS.values(), *PATTERN_COLUMNS, BRANCH_ERROR, SCORE,
            "duration_s",
            "error",
        ]  # fmt: skip
        self.rows: dict[int, dict] = {}

    def read(self):
        """The trials already on disk (a missing file is an empty log)."""
        if not self.path.exists():
            return
        with self.path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames != self.columns:
                raise ScenarioError(f"{self.path}: columns {reader.fieldnames}; expected {self.columns}")
            for raw in reader:
                row = {"trial": int(raw["trial"]), "status": raw["status"], "error": raw["error"]}
                row.update({d.key: d.value(d.index(raw[d.key])) for d in self.space})
                numbers = (*METRICS.values(), *PATTERN_COLUMNS, BRANCH_ERROR, SCORE, "duration_s")
                row.update({k: float(raw[k]) if raw[k] else math.nan for k in numbers})
                self.rows[row["trial"]] = row

    def append(self, row: dict):
        new = not self.path.exists()
        with self.path.open("a", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, self.columns)
            if new:
                writer.writeheader()
            writer.writerow(self._text(row))
        self.rows[row["trial"]] = row

    def rewrite(self):
        text = io.StringIO(newline="")
        writer = csv.DictWriter(text, self.columns)
        writer.writeheader()
        writer.writerows(self._text(self.rows[n]) for n in sorted(self.rows))
        atomic_write_text(self.path, text.getvalue())

    @staticmethod
    def _text(row: dict) -> dict:
        return {k: "" if isinstance(v, float) and math.isnan(v) else repr(v) if isinstance(v, float) else v
                for k, v in row.items()}  # fmt: skip

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([self.rows[n] for n in sorted(self.rows)], columns=self.columns)


def trial_row(number: int, values: dict, result: dict, objective: str) -> dict:
    """A row of ``trials.csv``: failed if the runs raised or the objective could not be computed."""
    error = result["error"]
    if not error and not math.isfinite(result[objective]):
        error = f"{objective} undefined: no observation of that kind falls in the run's period"
    return {
        "trial": number,
        "status": "failed" if error else "ok",
        **values,
        **{k: result[k] for k in (*METRICS.values(), *PATTERN_COLUMNS, BRANCH_ERROR)},
        SCORE: math.nan if error else score(result, objective),
        "duration_s": result["duration_s"],
        "error": error,
    }


def score(result: dict, objective: str) -> float:
    """What the search minimises: the objective, the patterns' shortfall and the weighted branch error
    (left out when no branch figure falls in the run)."""
    branches = result.get(BRANCH_ERROR, math.nan)
    return (
        result[objective] + result["pattern_shortfall"] + (BRANCH_WEIGHT * branches if math.isfinite(branches) else 0.0)
    )


def best_row(log: TrialLog, objective: str) -> dict | None:
    """The trial with the lowest score (:func:`score`; the earliest among equals); None if none
    succeeded."""
    ok = [row for _, row in sorted(log.rows.items()) if row["status"] == "ok"]
    return min(ok, key=lambda row: row[SCORE]) if ok else None
