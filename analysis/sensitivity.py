"""Global sensitivity analysis with SALib over the parameter ranges declared in the parameter models.

The samples (Morris trajectories or Saltelli's design for Sobol indices) are ordinary batch runs:
each sample row becomes a parameter point planned by :func:`runs.plan_runs` and run by
:func:`scenarios.run_batch`, so a sensitivity folder is a batch folder (same executors, same
resumable store) plus ``samples.csv`` (which run each sample row is) and ``indices.csv``. Every row
uses the same seeds (common random numbers), so the indices measure the parameters, not the noise
between seeds; with several replicates the output of a row is their mean.

What the seeds alone do is measured beside them: ``noise_seeds`` runs of the scenario at its own
parameter values, one per seed, give each output's seed standard deviation (``noise.csv``). The
figure draws it as a floor in the output's units: a Morris mu* below it, or a Sobol index below the
seeds' share of the output's variance, is within what a change of seed alone would do.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.result_files import DamagedResults, flatten_summary, read_summary
from analysis.sensitivity_plot import MORRIS_LEVELS, plot_indices
from runs.plan import RunSpec, declared_ranges, plan_runs
from scenarios.loader import ScenarioError

METHODS = ("morris", "sobol")


def problem(keys: list[str] | None = None) -> dict:
    """SALib's problem over ``keys`` (default: every parameter with a declared range)."""
    ranges = declared_ranges()
    keys = list(keys) if keys else sorted(ranges)
    unknown = [k for k in keys if k not in ranges]
    if unknown:
        raise ScenarioError(
            f"--parameters: {unknown[0]!r} has no declared range; parameters with one: {', '.join(sorted(ranges))}"
        )
    if len(keys) < 2:
        raise ScenarioError("--parameters: name at least two parameters to compare")
    return {
        "num_vars": len(keys),
        "names": keys,
        "bounds": [[ranges[k][0], ranges[k][1]] for k in keys],
        "integer": [ranges[k][2] for k in keys],
    }


def sample(prob: dict, method: str, n: int, seed: int) -> np.ndarray:
    """Sample rows: Morris ``n`` trajectories (n x (D+1) rows) or Sobol's ``n`` base samples
    (n x (D+2) rows, first-order and total indices only)."""
    salib = {k: v for k, v in prob.items() if k != "integer"}
    if method == "morris":
        from SALib.sample import morris

        return morris.sample(salib, N=n, num_levels=MORRIS_LEVELS, seed=seed)
    if method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(salib, N=n, calc_second_order=False, scramble=True, seed=seed)
    raise ScenarioError(f"--method {method!r}: expected one of {', '.join(METHODS)}")


def row_points(prob: dict, rows: np.ndarray) -> list[dict]:
    """Each sample row as a parameter point (integer parameters rounded)."""
    return [
        {
            k: int(round(v)) if is_int else float(v)
            for k, v, is_int in zip(prob["names"], row, prob["integer"], strict=True)
        }
        for row in rows
    ]


def plan_samples(scenario: str, points: list[dict], replicates: int, seed: int, overrides: dict):
    """The batch runs of the samples, without duplicates (Morris trajectories share points), and
    for each sample row the ids of its runs."""
    runs: dict[str, RunSpec] = {}
    row_runs = []
    for point in points:
        specs = plan_runs([scenario], replicates, seed, overrides, sweeps={k: [v] for k, v in point.items()})
        row_runs.append([s.run_id for s in specs])
        for spec in specs:
            runs.setdefault(spec.run_id, spec)
    return list(runs.values()), row_runs


def read_outputs(
    folder: Path, row_runs: list[list[str]], outputs: list[str], skip_damaged: bool = False, skipped: list | None = None
) -> pd.DataFrame:
    """Each sample row's outputs: the mean over its runs of each summary metric.

    Each ``summary.json`` is checked (:func:`analysis.results.read_summary`): a damaged one raises
    :class:`~analysis.results.DamagedResults`, or with ``skip_damaged`` a row's mean is over its
    other runs and the damaged one is added to ``skipped`` (a row with no undamaged run still raises)."""
    cache: dict[str, dict | DamagedResults] = {}
    rows = []
    for k, ids in enumerate(row_runs):
        values = []
        for run_id in ids:
            if run_id not in cache:
                try:
                    cache[run_id] = flatten_summary(read_summary(folder / "runs" / run_id / "summary.json"))
                except DamagedResults as exc:
                    if not skip_damaged:
                        raise
                    cache[run_id] = exc
                    if skipped is not None:
                        skipped.append({"run_id": run_id, "path": str(exc.path), "problem": exc.problem})
            if not isinstance(cache[run_id], DamagedResults):
                values.append([cache[run_id].get(o) for o in outputs])
        if not values:
            damaged = cache[ids[0]]
            raise DamagedResults(
                damaged.path, f"{damaged.problem}; every run of sample row {k} is damaged, so it has no outputs"
            )
        rows.append(pd.DataFrame(values, columns=outputs).apply(pd.to_numeric, errors="coerce").mean())
    frame = pd.DataFrame(rows).reset_index(drop=True)
    missing = [o for o in outputs if frame[o].isna().any()]
    if missing:
        raise ScenarioError(
            f"--outputs: {missing[0]!r} has no value in {int(frame[missing[0]].isna().sum())} sample rows "
            "(a mission that never responded has no lag); choose an output every run has"
        )
    return frame


def analyze(prob: dict, method: str, rows: np.ndarray, outputs: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Tidy indices: ``output, parameter, index, value, conf`` (95 % confidence half-widths).

    Morris: ``mu_star`` (mean absolute elementary effect, in the output's unit) and ``sigma``;
    ``mu_star_norm`` is mu_star over the largest mu_star of that output, to compare outputs.
    Sobol: ``S1`` (first-order) and ``ST`` (total) shares of the output's variance."""
    salib = {k: v for k, v in prob.items() if k != "integer"}
    records = []
    for output in outputs.columns:
        y = outputs[output].to_numpy(dtype=float)
        if method == "morris":
            from SALib.analyze import morris

            res = morris.analyze(salib, rows, y, num_levels=MORRIS_LEVELS, conf_level=0.95, seed=seed)
            top = max(np.max(res["mu_star"]), 1e-300)
            for i, name in enumerate(prob["names"]):
                records += [
                    (output, name, "mu_star", res["mu_star"][i], res["mu_star_conf"][i]),
                    (output, name, "mu_star_norm", res["mu_star"][i] / top, res["mu_star_conf"][i] / top),
                    (output, name, "sigma", res["sigma"][i], np.nan),
                ]
        else:
            from SALib.analyze import sobol

            if np.ptp(y) == 0:  # nothing to split: the figure says the output does not vary
                records += [(output, name, i, np.nan, np.nan) for name in prob["names"] for i in ("S1", "ST")]
                continue
            res = sobol.analyze(salib, y, calc_second_order=False, conf_level=0.95, seed=seed)
            for i, name in enumerate(prob["names"]):
                records += [
                    (output, name, "S1", res["S1"][i], res["S1_conf"][i]),
                    (output, name, "ST", res["ST"][i], res["ST_conf"][i]),
                ]
    return pd.DataFrame(records, columns=["output", "parameter", "index", "value", "conf"])


def check_outputs(outputs: list[str]) -> None:
    """Every output is a number of a run's summary (checked before any sample runs): a one-line error otherwise."""
    from model.model import RouteModel
    from model.summary import summarize
    from scenarios.loader import load_scenario

    day = load_scenario("historical", {"people_per_agent": 10000, "end_date": "2015-06-02"})
    known = {k for k, v in flatten_summary(summarize(RouteModel(day).run())).items() if not isinstance(v, str)}
    if not outputs:
        raise ScenarioError("--outputs: name at least one summary metric, e.g. peak_stranded")
    unknown = [o for o in outputs if o not in known]
    if unknown:
        raise ScenarioError(
            f"--outputs: {unknown[0]!r} is not a number of a run's summary; some that are: "
            f"{', '.join(sorted(k for k in known if '.' not in k))}, and <mission>.response_lag_days and the like"
        )


def run_sensitivity(
    scenario: str,
    method: str,
    n: int,
    outputs: list[str],
    parameters: list[str] | None,
    replicates: int,
    seed: int,
    overrides: dict,
    out: Path,
    *,
    workers: int = 1,
    resume: bool = False,
    progress: bool = False,
    plan_extra: dict | None = None,
    on_planned=None,
    skip_damaged: bool = False,
    noise_seeds: int = 10,
) -> dict:
    """Sample, run every sample as a batch run into ``out`` (resumable), write ``samples.csv``, and,
    if every run finished, ``indices.csv`` and the indices figure. Returns ``rows``, ``runs``,
    ``manifest``, ``failed`` (the manifest's rows that did not finish), ``indices`` (or None) and
    ``skipped`` (runs with a damaged ``summary.json`` left out with ``skip_damaged``; without it one
    raises :class:`~analysis.results.DamagedResults`). ``on_planned(rows, prob, runs)`` is called
    before any run starts."""
    from runs.batch import run_batch

    if n < 1 or replicates < 1:
        raise ScenarioError("--n and --replicates must be 1 or more")
    check_outputs(outputs)
    prob = problem(parameters)
    rows = sample(prob, method, n, seed)
    runs, row_runs = plan_samples(scenario, row_points(prob, rows), replicates, seed, overrides)
    noise_runs = plan_runs([scenario], noise_seeds, seed, overrides) if noise_seeds > 1 else []
    known = {r.run_id for r in runs}
    runs += [r for r in noise_runs if r.run_id not in known]
    plan = {
        "scenarios": [scenario],
        "sensitivity": {"method": method, "n": n, "outputs": outputs, "parameters": prob["names"],
                        "bounds": prob["bounds"], "replicates": replicates, "seed": seed, "noise_seeds": noise_seeds},
        **(plan_extra or {}),
    }  # fmt: skip
    if on_planned is not None:
        on_planned(rows, prob, runs)
    manifest = run_batch(runs, out, workers=workers, resume=resume, plan=plan, progress=progress)
    samples = pd.DataFrame(rows, columns=prob["names"])
    samples.insert(0, "run_ids", [json.dumps(ids) for ids in row_runs])
    samples.to_csv(out / "samples.csv", index_label="row")
    failed = manifest[manifest.status != "ok"]
    result = {"rows": rows, "runs": runs, "manifest": manifest, "failed": failed, "indices": None, "skipped": []}
    if len(failed):
        return result
    values = read_outputs(out, row_runs, outputs, skip_damaged, result["skipped"])
    indices = analyze(prob, method, rows, values, seed)
    indices.to_csv(out / "indices.csv", index=False)
    noise = seed_noise(out, [r.run_id for r in noise_runs], outputs, skip_damaged, result["skipped"])
    noise.to_csv(out / "noise.csv", index_label="output")
    plot_indices(indices, method, out, values, noise)
    result["indices"], result["noise"] = indices, noise
    return result


def seed_noise(out: Path, run_ids: list[str], outputs: list[str], skip_damaged: bool, skipped: list) -> pd.DataFrame:
    """Per output: the mean and standard deviation over the base point's seeds (NaN without two seeds)."""
    if len(run_ids) < 2:
        return pd.DataFrame({"mean": np.nan, "seed_sd": np.nan, "seeds": len(run_ids)}, index=outputs)
    try:
        per_run = read_outputs(out, [[r] for r in run_ids], outputs, skip_damaged, skipped)
    except ScenarioError:  # an output some seed lacks (a lag): its noise is measured over the seeds that have it
        per_run = pd.DataFrame([flatten_summary(read_summary(out / "runs" / r / "summary.json")) for r in run_ids])
        per_run = per_run.reindex(columns=outputs).apply(pd.to_numeric, errors="coerce")
    return pd.DataFrame({"mean": per_run.mean(), "seed_sd": per_run.std(ddof=1), "seeds": per_run.count()})
