"""``python run.py calibrate``: fit the parameters the record leaves open to the recorded observations."""

import argparse
import sys
import time
from pathlib import Path

from analysis.calibration_trials import METRICS
from cli.options import add_override_options, at_least_one, iso_date, scheduler_address, seed

HELP = "fit open parameters to the recorded observations (optuna TPE, or a local search); writes a calibrated scenario"
DESCRIPTION = (
    "Search the declared ranges of the parameters the data leaves open (--parameters; default "
    "analysis.calibration.DEFAULT_PARAMETERS) with optuna's TPE sampler, or refine a close fit with a local "
    "pattern search (--method local). Each trial runs the scenario "
    "over --replicates seeds and scores the replicates' mean against the recorded observations, as "
    "`python run.py validate` does for a batch. Writes OUT/trials.csv (one row per trial, as it "
    "finishes; --resume goes on from it), OUT/best.json, OUT/calibrated.yaml (a scenario extending "
    "SCENARIO with the fitted values, its header giving the score before and after) and "
    "OUT/history.png. The same arguments give the same trials whatever --workers is."
)
DEFAULT_PEOPLE_PER_AGENT = 100


def add_arguments(p: argparse.ArgumentParser):
    p.add_argument(
        "scenario", nargs="?", default="historical", metavar="SCENARIO", help="name or YAML path (default historical)"
    )
    p.add_argument("--trials", type=at_least_one, default=60, metavar="N", help="trials in all (default 60)")
    p.add_argument(
        "--replicates",
        type=at_least_one,
        default=None,
        metavar="R",
        help="seeds per trial, averaged (default 2; abc: 1, the seed's noise is part of each simulation)",
    )
    p.add_argument("--seed", type=seed, default=42, metavar="S", help="seeds S..S+R-1; also the sampler's (default 42)")
    p.add_argument("--workers", type=at_least_one, default=2, metavar="W", help="local worker processes (default 2)")
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
    p.add_argument(
        "--method",
        choices=("tpe", "local", "abc"),
        default="tpe",
        help="tpe (the default): optuna's TPE sampler over the whole declared ranges; local: a coordinate "
        "pattern search from SCENARIO's own values, one parameter a step up and down at a time, halving its "
        "step when neither scores better (to refine a fit that is already close); abc: a Bayesian posterior "
        "by ABC-SMC (pyabc; pip install -e '.[abc]'), uniform priors over the declared ranges, the trial score "
        "as distance (--population, --generations; --trials is not used)",
    )
    p.add_argument("--population", type=at_least_one, default=100, metavar="N", help="abc: particles (default 100)")
    p.add_argument("--generations", type=at_least_one, default=5, metavar="G", help="abc: populations (default 5)")
    p.add_argument(
        "--transition",
        choices=("local", "normal"),
        default="local",
        help="abc: how a population proposes the next one's draws: local (the default), a kernel shaped by each "
        "particle's neighbours, which keeps a particle alone near a bound from taking all the weight; normal, one "
        "kernel for all",
    )
    p.add_argument(
        "--max-minutes",
        type=float,
        default=55.0,
        metavar="M",
        help="abc: start no population after M minutes; the posterior is the last one completed (default 55)",
    )
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="tcp://HOST:PORT",
        type=scheduler_address,
        help="abc: simulate on this Dask scheduler's workers instead of --workers local processes",
    )
    p.add_argument("--out", type=Path, default=Path("results/calibration"), help="folder (default results/calibration)")
    p.add_argument("--resume", action="store_true", help="go on from OUT/trials.csv up to --trials")
    p.add_argument(
        "--fit-until",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="fit only the observations whose period ends by this date, and score the fitted values on the "
        "later ones too (held out: an out-of-sample check)",
    )
    add_override_options(p, people_per_agent_default=DEFAULT_PEOPLE_PER_AGENT)
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def main(args) -> int:
    import importlib.util

    if importlib.util.find_spec("optuna") is None:
        print('error: calibrate needs optuna: pip install -e ".[calibrate]"', file=sys.stderr)
        return 2
    from analysis import calibration as cal
    from cli.options import overrides_from_args
    from model.parameters import flat_keys
    from runs.store import writable_folder
    from scenarios.loader import ScenarioError, load_scenario, scenario_ref

    if args.replicates is None:
        args.replicates = 1 if args.method == "abc" else 2
    overrides = overrides_from_args(args)
    keys = [k for item in args.parameters for k in item.split(",") if k] if args.parameters else None
    space, dropped = cal.search_space(keys)
    if dropped:
        print(f"note: left out of the default parameters, no declared range (yet): {', '.join(dropped)}")
    both = [d.key for d in space if d.key in flat_keys(overrides)]
    if both:
        raise ScenarioError(f"--set {both[0]}: also a calibrated parameter; drop it from --set or --parameters")
    ref = scenario_ref(args.scenario)
    writable_folder(args.out, kind="calibration folder", make=False)  # before any trial runs
    load_scenario(ref, overrides)  # a bad scenario or override fails here, not in every trial
    settings = {
        "scenario": ref,
        "seed": args.seed,
        "replicates": args.replicates,
        "people_per_agent": overrides.pop("people_per_agent"),
        "metric": args.metric,
        "set": overrides,
        "method": args.method,
    }
    if args.fit_until:
        settings["fit_until"] = args.fit_until
    if args.method == "abc":
        return _abc(args, settings, space, ref)
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


def _abc(args, settings: dict, space: list, ref: str) -> int:
    """The posterior by ABC-SMC (analysis.calibration_abc), with SCENARIO's own values as the point shown."""
    import importlib.util

    if importlib.util.find_spec("pyabc") is None:
        print('error: calibrate --method abc needs pyabc: pip install -e ".[abc]"', file=sys.stderr)
        return 2
    from analysis.calibration_abc import posterior
    from scenarios.loader import load_scenario

    params = load_scenario(ref).parameters.model_dump()
    point = {}
    for d in space:  # the scenario's own values (a calibrated.yaml's: the optuna fit), shown beside the posterior
        value = params
        for part in d.key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, int | float):
            point[d.key] = value
    settings = {**settings, "objective": METRICS[args.metric]}
    print(f"calibrate {ref} --method abc: {args.generations} populations of {args.population} over {len(space)} "
          f"parameters, {args.replicates} seed(s) a simulation")  # fmt: skip
    summary = posterior(settings, space, args.out, args.population, args.generations, args.workers, args.scheduler,
                        point, args.max_minutes, args.transition)  # fmt: skip
    intervals = summary.pop("intervals")
    for key, row in intervals.iterrows():
        fit = f"; point {row.point_fit:.4g}" if row.point_fit == row.point_fit else ""
        print(f"  {key}: median {row['median']:.4g}, 90 % credible {row.q05:.4g} to {row.q95:.4g} "
              f"(prior {row.prior_low:.4g} to {row.prior_high:.4g}){fit}")  # fmt: skip
    print(f"  {summary['simulations']} simulations in {summary['populations']} populations, {summary['wall_s']} s; "
          f"epsilons {', '.join(f'{e:.3g}' for e in summary['epsilons'])}; effective sample size "
          f"{summary['effective_sample_size']:.1f} of {summary['population_size']}")  # fmt: skip
    by_t = summary["effective_sample_size_by_population"]
    if summary["effective_sample_size"] < 10:
        best = max(range(len(by_t)), key=by_t.__getitem__)
        print(f"  warning: the last population rests on {summary['effective_sample_size']:.1f} particles' worth of "
              f"weight, so its intervals understate what is unknown; population {best} has {by_t[best]:.1f} "
              f"(populations/posterior_t{best}.csv); more --population helps")  # fmt: skip
    print(f"Posterior in {args.out.resolve()} (posterior.csv, populations/, credible_intervals.csv, pairs.png, "
          "abc.json)")  # fmt: skip
    return 0


def report(args, run: dict, space: list, dropped: list[str]) -> int:
    """Write the outputs (analysis.calibration_outputs) and print the scores."""
    from analysis import calibration_outputs as outputs

    out, baseline, best = args.out, run["baseline"], run["best"]
    frame = run["log"].frame()
    summary = outputs.write_outputs(run, space, dropped, out, args.metric, _command(args, [d.key for d in space]))
    failed = frame[frame.status != "ok"]
    print(f"  {len(frame) - len(failed)} scored, {len(failed)} failed")
    for row in failed.head(5).itertuples():
        print(f"  trial {row.trial} failed: {row.error}")
    print(f"  before: {outputs.score_text(baseline)}")
    if best is None:
        print(f"error: no trial could be scored; see {out.resolve()}/trials.csv", file=sys.stderr)
        return 1
    if "held_out" in summary:
        until = run["settings"]["fit_until"]
        held = summary["held_out"]
        print(f"  held out (observations after {until}, not fitted): before {outputs.score_text(held['before'])}")
        print(f"  held out, fitted values: {outputs.score_text(held['after'])}")
    print(f"  after:  {outputs.score_text(best)} (trial {best['trial']})")
    if outputs.no_better(run, METRICS[args.metric]):
        name = Path(run["settings"]["scenario"]).stem
        print(f"  note: no trial beat {name} as it is; try more --trials (TPE starts after 10 random ones)")
    scenario_file = out / "calibrated.yaml"
    if not summary["after_rechecked"]["same_as_best_trial"]:
        print(
            f"  warning: {scenario_file} run again scores {outputs.score_text(summary['recheck'])}, not the same",
            file=sys.stderr,
        )
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
