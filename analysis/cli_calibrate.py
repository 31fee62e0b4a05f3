"""``python run.py calibrate``: fit the parameters the record leaves open to the recorded observations."""

import argparse
import json
import math
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from analysis.calibration_trials import PATTERN_COLUMNS
from analysis.patterns import PATTERNS
from scenarios.loader import add_override_options

HELP = "fit open parameters to the recorded observations (optuna TPE); writes a calibrated scenario"
DESCRIPTION = (
    "Search the declared ranges of the parameters the data leaves open (--parameters; default "
    "analysis.calibration.DEFAULT_PARAMETERS) with optuna's TPE sampler. Each trial runs the scenario "
    "over --replicates seeds and scores the replicates' mean against the recorded observations, as "
    "`python run.py validate` does for a batch. Writes OUT/trials.csv (one row per trial, as it "
    "finishes; --resume goes on from it), OUT/best.json, OUT/calibrated.yaml (a scenario extending "
    "SCENARIO with the fitted values, its header giving the score before and after) and "
    "OUT/history.png. The same arguments give the same trials whatever --workers is."
)
DEFAULT_PEOPLE_PER_AGENT = 100
METRIC_NAMES = {
    "mre": "mean relative error",
    "ard": "averaged relative difference",
    "both": "sum of the mean relative error and the averaged relative difference",
}


def _equal(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))  # a metric with no observation is NaN on both


def _date(text: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def add_arguments(p: argparse.ArgumentParser):
    p.add_argument(
        "scenario", nargs="?", default="historical", metavar="SCENARIO", help="name or YAML path (default historical)"
    )
    p.add_argument("--trials", type=_at_least_one, default=60, metavar="N", help="trials in all (default 60)")
    p.add_argument(
        "--replicates", type=_at_least_one, default=2, metavar="R", help="seeds per trial, averaged (default 2)"
    )
    p.add_argument("--seed", type=int, default=42, metavar="S", help="seeds S..S+R-1; also the sampler's (default 42)")
    p.add_argument("--workers", type=_at_least_one, default=2, metavar="W", help="local worker processes (default 2)")
    p.add_argument(
        "--parameters",
        nargs="+",
        default=None,
        metavar="KEY",
        help="dotted keys with a declared range (default: analysis.calibration.DEFAULT_PARAMETERS)",
    )
    p.add_argument(
        "--metric",
        choices=("mre", "ard", "both"),
        default="mre",
        help="minimise the mean relative error (mre, the default), FLEE's averaged relative difference (ard) "
        "or their sum (both: one day's figure cannot outweigh the stock trajectory)",
    )
    p.add_argument("--out", type=Path, default=Path("results/calibration"), help="folder (default results/calibration)")
    p.add_argument("--resume", action="store_true", help="go on from OUT/trials.csv up to --trials")
    p.add_argument(
        "--fit-until",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="fit only the observations whose period ends by this date, and score the fitted values on the "
        "later ones too (held out: an out-of-sample check)",
    )
    add_override_options(p, people_per_agent_default=DEFAULT_PEOPLE_PER_AGENT)
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def scenario_ref(name_or_path: str) -> str:
    """The scenario as workers and the calibrated file name it: a library name, else an absolute path."""
    from scenarios.loader import SCENARIO_DIR, resolve

    path = resolve(name_or_path)
    if path.resolve().parent == SCENARIO_DIR.resolve() and path.suffix == ".yaml":
        return path.stem
    return str(path.resolve())


def _score(result: dict | None) -> str:
    if not result:
        return "not scored"
    if result.get("error"):
        return f"failed ({result['error']})"
    mre, ard = result["mean_relative_error"], result["averaged_relative_difference"]
    text = f"mean relative error {mre:.3f}, averaged relative difference {ard:.3f}"
    scored = [p for p in PATTERNS if math.isfinite(result.get(p.name, math.nan))]
    if scored:
        text += "; patterns " + ", ".join(f"{p.name} {result[p.name]:.2f} (at least {p.minimum:g})" for p in scored)
    return text


def _no_better(run: dict, objective: str) -> bool:
    baseline = run["baseline"]
    if not baseline or baseline.get("error"):
        return False
    return run["best"]["score"] >= baseline[objective] + baseline.get("pattern_shortfall", 0.0)


def _metrics(result: dict | None) -> dict | None:
    if not result:
        return None
    keys = ("mean_relative_error", "averaged_relative_difference", *PATTERN_COLUMNS, "error")
    return {k: result[k] for k in keys if k in result}


def write_scenario(path: Path, run: dict, best: dict, command: str):
    """``calibrated.yaml``: extends the scenario with the fitted values; its header says how they were fitted."""
    import yaml

    from analysis.calibration import METRICS, with_values

    settings, seeds, baseline = run["settings"], run["seeds"], run["baseline"]
    keys = settings["parameters"]
    log = run["log"].frame()
    runs = f"1 run, seed {seeds[0]}" if len(seeds) == 1 else f"mean of {len(seeds)} runs, seeds {seeds[0]}-{seeds[-1]}"
    header = [
        f"Calibrated on {datetime.now(UTC).date()} by",
        f"  {command}",
        f"Scores against the recorded observations ({runs}, {settings['people_per_agent']} people per agent):",
        f"  before ({Path(settings['scenario']).stem} as it is): {_score(baseline)}",
        f"  after (trial {best['trial']}, the best of {len(log)}): {_score(best)}",
        f"Minimising the {METRIC_NAMES[settings['metric']]} plus the relative shortfall of the record's patterns "
        f"(analysis/patterns.py); {(log.status == 'ok').sum()} trials scored, "
        f"{(log.status != 'ok').sum()} failed.",
    ]
    if _no_better(run, METRICS[settings["metric"]]):
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
            f"python run.py calibrate ({_score(best)})."
        ),
        "parameters": with_values({}, {k: best[k] for k in keys}),
    }
    comment = "".join(f"# {' '.join(line.splitlines())}\n" for line in header)
    path.write_text(comment + yaml.safe_dump(body, sort_keys=False, allow_unicode=True), encoding="utf-8")


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


def main(args) -> int:
    import importlib.util

    if importlib.util.find_spec("optuna") is None:
        print('error: calibrate needs optuna: pip install -e ".[calibrate]"', file=sys.stderr)
        return 2
    from analysis import calibration as cal
    from scenarios.loader import ScenarioError, load_scenario, overrides_from_args

    overrides = overrides_from_args(args)
    keys = [k for item in args.parameters for k in item.split(",") if k] if args.parameters else None
    space, dropped = cal.search_space(keys)
    if dropped:
        print(f"note: left out of the default parameters, no declared range (yet): {', '.join(dropped)}")
    both = [d.key for d in space if d.key in cal.flat_keys(overrides)]
    if both:
        raise ScenarioError(f"--set {both[0]}: also a calibrated parameter; drop it from --set or --parameters")
    ref = scenario_ref(args.scenario)
    load_scenario(ref, overrides)  # a bad scenario or override fails here, not in every trial
    settings = {
        "scenario": ref,
        "seed": args.seed,
        "replicates": args.replicates,
        "people_per_agent": overrides.pop("people_per_agent"),
        "metric": args.metric,
        "set": overrides,
    }
    if args.fit_until:
        settings["fit_until"] = args.fit_until
    count = f"{len(space)} parameter{'s' * (len(space) > 1)}, {args.replicates} replicate{'s' * (args.replicates > 1)}"
    print(f"calibrate {ref}: {args.trials} trials over {count} each")
    started = time.perf_counter()
    try:
        run = cal.calibrate(settings, space, args.trials, args.out, args.workers, args.resume, not args.quiet)
        print(f"\n{len(run['log'].rows)} trials in {time.perf_counter() - started:.1f} s")
        return report(args, run, space, dropped)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        where = args.out.resolve()
        print(f"\ninterrupted: finished trials are in {where}/trials.csv; go on with --resume", file=sys.stderr)
        return 130


def report(args, run: dict, space: list, dropped: list[str]) -> int:
    """Write best.json, calibrated.yaml (checked by running it again) and history.png; print the scores."""
    from analysis import calibration as cal

    out, baseline, best = args.out, run["baseline"], run["best"]
    objective = cal.METRICS[args.metric]
    frame = run["log"].frame()
    plot_history(out / "history.png", run, objective)
    failed = frame[frame.status != "ok"]
    print(f"  {len(frame) - len(failed)} scored, {len(failed)} failed")
    for row in failed.head(5).itertuples():
        print(f"  trial {row.trial} failed: {row.error}")
    print(f"  before: {_score(baseline)}")
    summary = {
        "scenario": run["settings"]["scenario"],
        "metric": args.metric,
        "best_trial": None,
        "parameters": None,
        "before": _metrics(baseline),
        "after": None,
        "after_rechecked": None,
        "trials": {"total": len(frame), "scored": len(frame) - len(failed), "failed": len(failed)},
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
        (out / "best.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        print(f"error: no trial could be scored; see {out.resolve()}/trials.csv", file=sys.stderr)
        return 1
    scenario_file = out / "calibrated.yaml"
    write_scenario(scenario_file, run, best, _command(args, [d.key for d in space]))
    until = run["settings"].get("fit_until")
    check = cal.evaluate(str(scenario_file.resolve()), run["overrides"], run["seeds"], False, until)
    if until:
        scenario = run["settings"]["scenario"]
        held_before = cal.evaluate(scenario, run["overrides"], run["seeds"], False, until, True)
        held_after = cal.evaluate(str(scenario_file.resolve()), run["overrides"], run["seeds"], False, until, True)
        summary["held_out"] = {
            "observations": f"period ending after {until}",
            "compared": held_after.get("compared"),
            "before": _metrics(held_before),
            "after": _metrics(held_after),
        }
        print(f"  held out (observations after {until}, not fitted): before {_score(held_before)}")
        print(f"  held out, fitted values: {_score(held_after)}")
    same = not check["error"] and all(_equal(check[k], best[k]) for k in cal.METRICS.values())
    summary.update(
        best_trial=best["trial"],
        parameters={d.key: best[d.key] for d in space},
        after=_metrics(best),
        after_rechecked={**_metrics(check), "same_as_best_trial": same},
    )
    (out / "best.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"  after:  {_score(best)} (trial {best['trial']})")
    if _no_better(run, objective):
        name = Path(run["settings"]["scenario"]).stem
        print(f"  note: no trial beat {name} as it is; try more --trials (TPE starts after 10 random ones)")
    if not same:
        print(f"  warning: {scenario_file} run again scores {_score(check)}, not the same", file=sys.stderr)
    print("  fitted: " + ", ".join(f"{d.key}={best[d.key]}" for d in space))
    print(f"Outputs in {out.resolve()}/ (calibrated.yaml, best.json, trials.csv, history.png)")
    print(f"  run it: python run.py run {scenario_file}")
    return 0


def _command(args, keys: list[str]) -> str:
    words = ["python run.py calibrate", args.scenario, f"--trials {args.trials}", f"--replicates {args.replicates}"]
    words += [f"--people-per-agent {args.people_per_agent}", f"--seed {args.seed}", f"--metric {args.metric}"]
    words += [f"--set {a}" for a in args.assignments]
    words += [f"--fit-until {args.fit_until}"] if args.fit_until else []
    return " ".join(words + ["--parameters", *keys])


def _versions() -> dict:
    import optuna

    from scenarios.batch import package_versions

    return {**package_versions(), "optuna": optuna.__version__}
