"""What a calibration leaves behind: ``best.json``, ``calibrated.yaml`` (checked by running it again)
and ``history.png``, written from the finished search of :func:`analysis.calibration.calibrate`."""

import json
import math
from datetime import UTC, datetime
from pathlib import Path

from analysis.calibration import METRICS, evaluate, with_values
from analysis.calibration_trials import BRANCH_ERROR, PATTERN_COLUMNS, score
from analysis.patterns import PATTERNS
from runs.store import atomic_write_text, package_versions, write_json

METRIC_NAMES = {
    "mre": "mean relative error",
    "ard": "averaged relative difference",
    "both": "sum of the mean relative error and the averaged relative difference",
}


def _equal(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))  # a metric with no observation is NaN on both


def score_text(result: dict | None) -> str:
    """One line of a trial's scores, as the header of ``calibrated.yaml`` and the command print them."""
    if not result:
        return "not scored"
    if result.get("error"):
        return f"failed ({result['error']})"
    mre, ard = result["mean_relative_error"], result["averaged_relative_difference"]
    text = f"mean relative error {mre:.3f}, averaged relative difference {ard:.3f}"
    branches = result.get(BRANCH_ERROR, math.nan)
    if math.isfinite(branches):
        text += f", branch figures off by a factor of {2**branches:.2f} on average"
    scored = [p for p in PATTERNS if not math.isnan(result.get(p.name, math.nan))]
    if scored:
        text += "; patterns " + ", ".join(f"{p.name} {result[p.name]:.2f} (at least {p.minimum:g})" for p in scored)
    return text


def no_better(run: dict, objective: str) -> bool:
    """Whether no trial beat the scenario as it was (its score plus its patterns' shortfall)."""
    baseline = run["baseline"]
    if not baseline or baseline.get("error"):
        return False
    return run["best"]["score"] >= score(baseline, objective)


def _metrics(result: dict | None) -> dict | None:
    if not result:
        return None
    keys = ("mean_relative_error", "averaged_relative_difference", *PATTERN_COLUMNS, BRANCH_ERROR, "error")
    return {k: result[k] for k in keys if k in result}


def write_scenario(path: Path, run: dict, best: dict, command: str):
    """``calibrated.yaml``: extends the scenario with the fitted values; its header says how they were fitted."""
    import yaml

    settings, seeds, baseline = run["settings"], run["seeds"], run["baseline"]
    keys = settings["parameters"]
    log = run["log"].frame()
    runs = f"1 run, seed {seeds[0]}" if len(seeds) == 1 else f"mean of {len(seeds)} runs, seeds {seeds[0]}-{seeds[-1]}"
    header = [
        f"Calibrated on {datetime.now(UTC).date()} by",
        f"  {command}",
        f"Scores against the recorded observations ({runs}, {settings['people_per_agent']} people per agent):",
        f"  before ({Path(settings['scenario']).stem} as it is): {score_text(baseline)}",
        f"  after (trial {best['trial']}, the best of {len(log)}): {score_text(best)}",
        f"Minimising the {METRIC_NAMES[settings['metric']]} plus the relative shortfall of the record's patterns "
        f"(analysis/patterns.py); {(log.status == 'ok').sum()} trials scored, "
        f"{(log.status != 'ok').sum()} failed.",
    ]
    if no_better(run, METRICS[settings["metric"]]):
        header.append("No trial scored better than the scenario as it is: these values are no improvement.")
    if settings["set"]:
        header.append(f"Fitted with these overrides in force (--set), not written below: {json.dumps(settings['set'])}")
    observations = (baseline or {}).get("observations", [])
    header.append(f"Observations used ({len(observations)}):")
    header += [f"  {o['source_file']}:{o['row']} {o['place']} {o['measure']} {o['period']}" for o in observations]
    extends = settings["scenario"]
    body = {
        "extends": extends,
        "name": "calibrated",
        "description": (
            f"{Path(extends).stem} with {len(keys)} parameters fitted to the recorded observations by "
            f"python run.py calibrate ({score_text(best)})."
        ),
        "parameters": with_values({}, {k: best[k] for k in keys}),
    }
    comment = "".join(f"# {' '.join(line.splitlines())}\n" for line in header)
    atomic_write_text(path, comment + yaml.safe_dump(body, sort_keys=False, allow_unicode=True))


def plot_history(path: Path, run: dict, objective: str):
    """Objective per trial and best so far, with the scenario as it is for reference."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    log = run["log"].frame()
    ok = log[log.status == "ok"]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot(ok.trial, ok[objective], "o", color="tab:blue", alpha=0.6, label="trial")
    best = log[objective].where(log.status == "ok").cummin()
    ax.step(log.trial, best, where="post", color="tab:red", label="best so far")
    baseline = run["baseline"]
    if baseline and not baseline.get("error"):
        ax.axhline(baseline[objective], color="grey", ls="--", label="scenario as it is")
    failed = (log.status != "ok").sum()
    ax.set_xlabel("trial" + (f" ({failed} failed, not shown)" if failed else ""))
    ax.set_ylabel(objective.replace("_", " "))
    if (ok[objective] > 0).any():  # a few poor trials score many times worse than the rest
        ax.set_ylabel(objective.replace("_", " ") + " (log scale)")
        ax.set_yscale("log")
        plain = FuncFormatter(lambda value, _: f"{value:g}")
        ax.yaxis.set_major_formatter(plain)
        ax.yaxis.set_minor_formatter(plain)
    ax.set_title(f"Calibration of {Path(run['settings']['scenario']).stem}")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _versions() -> dict:
    import optuna

    return {**package_versions(), "optuna": optuna.__version__}


def write_outputs(run: dict, space: list, dropped: list[str], out: Path, metric: str, command: str) -> dict:
    """Write ``history.png``, ``calibrated.yaml`` (run again to check it scores as its trial did) and
    ``best.json``. Returns ``best.json``'s content plus ``recheck`` (the scores of the calibrated
    scenario run again) and ``held_out`` scores when the fit stopped at a date."""
    baseline, best = run["baseline"], run["best"]
    frame = run["log"].frame()
    failed = int((frame.status != "ok").sum())
    plot_history(out / "history.png", run, METRICS[metric])
    summary = {
        "scenario": run["settings"]["scenario"],
        "metric": metric,
        "best_trial": None,
        "parameters": None,
        "before": _metrics(baseline),
        "after": None,
        "after_rechecked": None,
        "trials": {"total": len(frame), "scored": len(frame) - failed, "failed": failed},
        "settings": run["settings"],
        "search_space": {
            d.key: {
                "low": float(d.low),
                "high": float(d.low + (d.count - 1) * d.step),
                "step": float(d.step),
                "integer": d.is_integer,
            }
            for d in space
        },  # fmt: skip
        "left_out": dropped,
        "observations": (baseline or {}).get("observations", []),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": _versions(),
    }
    if best is None:
        write_json(out / "best.json", summary)
        return summary
    scenario_file = out / "calibrated.yaml"
    write_scenario(scenario_file, run, best, command)
    until = run["settings"].get("fit_until")
    check = evaluate(str(scenario_file.resolve()), run["overrides"], run["seeds"], False, until)
    if until:
        scenario = run["settings"]["scenario"]
        held_before = evaluate(scenario, run["overrides"], run["seeds"], False, until, True)
        held_after = evaluate(str(scenario_file.resolve()), run["overrides"], run["seeds"], False, until, True)
        summary["held_out"] = {
            "observations": f"period ending after {until}",
            "compared": held_after.get("compared"),
            "before": _metrics(held_before),
            "after": _metrics(held_after),
        }
    same = not check["error"] and all(_equal(check[k], best[k]) for k in METRICS.values())
    summary.update(
        best_trial=best["trial"],
        parameters={d.key: best[d.key] for d in space},
        after=_metrics(best),
        after_rechecked={**_metrics(check), "same_as_best_trial": same},
    )
    write_json(out / "best.json", summary)
    return {**summary, "recheck": check}
