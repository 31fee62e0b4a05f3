"""Global sensitivity analysis with SALib over the parameter ranges declared in the parameter models.

The samples (Morris trajectories or Saltelli's design for Sobol indices) are ordinary batch runs:
each sample row becomes a parameter point planned by :func:`runs.plan_runs` and run by
:func:`scenarios.run_batch`, so a sensitivity folder is a batch folder (same executors, same
resumable store) plus ``samples.csv`` (which run each sample row is) and ``indices.csv``. Every row
uses the same seeds (common random numbers), so the indices measure the parameters, not the noise
between seeds; with several replicates the output of a row is their mean.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.result_files import DamagedResults, flatten_summary, read_summary
from runs.plan import RunSpec, declared_ranges, plan_runs
from scenarios.loader import ScenarioError

METHODS = ("morris", "sobol")
MORRIS_LEVELS = 4


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

            if np.ptp(y) == 0:
                raise ScenarioError(f"--outputs: {output!r} is the same in every run; it has no variance to split")
            res = sobol.analyze(salib, y, calc_second_order=False, conf_level=0.95, seed=seed)
            for i, name in enumerate(prob["names"]):
                records += [
                    (output, name, "S1", res["S1"][i], res["S1_conf"][i]),
                    (output, name, "ST", res["ST"][i], res["ST_conf"][i]),
                ]
    return pd.DataFrame(records, columns=["output", "parameter", "index", "value", "conf"])


def plot_indices(indices: pd.DataFrame, method: str, out: Path) -> list[Path]:
    """A bar chart per output: each parameter's indices with 95 % confidence intervals."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = ("S1", "ST") if method == "sobol" else ("mu_star_norm",)
    labels = {
        "S1": "first-order S1",
        "ST": "total ST",
        "mu_star_norm": "Morris mu* / largest mu*",
    }
    colours = {"S1": "#0072B2", "ST": "#E69F00", "mu_star_norm": "#0072B2"}
    outputs = list(dict.fromkeys(indices.output))
    names = list(dict.fromkeys(indices.parameter))
    fig, axes = plt.subplots(1, len(outputs), figsize=(4.8 * len(outputs) + 1.5, 0.45 * len(names) + 1.8),
                             squeeze=False, sharey=True)  # fmt: skip
    height = 0.8 / len(shown)
    for ax, output in zip(axes[0], outputs, strict=True):
        for k, index in enumerate(shown):
            part = indices[(indices.output == output) & (indices["index"] == index)].set_index("parameter")
            y = np.arange(len(names)) + (k - (len(shown) - 1) / 2) * height
            ax.barh(y, part.loc[names, "value"], height=height, xerr=part.loc[names, "conf"], color=colours[index],
                    label=labels[index], error_kw={"lw": 1, "capsize": 2})  # fmt: skip
        ax.axvline(0, color="black", lw=0.8)
        ax.set_yticks(range(len(names)), names, fontsize=8)
        ax.invert_yaxis()
        ax.set_title(output, loc="left", fontsize=10)
        ax.set_xlabel("share of output variance" if method == "sobol" else "relative effect", fontsize=9)
        ax.grid(alpha=0.3, axis="x")
        ax.spines[["top", "right"]].set_visible(False)
    handles, texts = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, texts, loc="upper center", ncol=len(shown), frameon=False, fontsize=9)
    fig.suptitle(f"Sensitivity ({method}); bars: 95 % confidence intervals", x=0.01, ha="left", fontsize=11, y=0.99)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.7 / fig.get_figheight()))
    paths = [out / "indices.png", out / "indices.svg"]
    for path in paths:
        fig.savefig(path, dpi=150)
    plt.close(fig)
    return paths


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
    plan = {
        "scenarios": [scenario],
        "sensitivity": {"method": method, "n": n, "outputs": outputs, "parameters": prob["names"],
                        "bounds": prob["bounds"], "replicates": replicates, "seed": seed},
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
    plot_indices(indices, method, out)
    result["indices"] = indices
    return result
