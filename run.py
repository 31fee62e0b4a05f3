"""Command line of the Balkans route simulation.

    python run.py                                   the historical 2015-16 scenario -> results/historical/
    python run.py run SCENARIO [--seed N] [--out DIR] [--set key.path=value ...]
    python run.py batch SCENARIO... --replicates N [--sweep k=v1,v2 | --sample lhs:N] [--workers W]

Run ``python run.py COMMAND --help`` for each command's options.
"""

import argparse
import sys
import time
from pathlib import Path

DEFAULT_SCENARIO = "historical"
DEFAULT_SEED = 42


def _add_run_options(p: argparse.ArgumentParser):
    p.add_argument(
        "scenario",
        nargs="?",
        default=DEFAULT_SCENARIO,
        help=f"scenario name from scenarios/ (e.g. historical) or a path to a YAML file (default: {DEFAULT_SCENARIO})",
    )
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})")
    p.add_argument("--out", type=Path, default=None, help="output folder (default: results/<scenario name>)")
    p.add_argument(
        "--people-per-agent",
        type=int,
        default=None,
        metavar="N",
        help="people each migrant agent stands for; larger is faster and coarser (default: 1)",
    )
    p.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="KEY.PATH=VALUE",
        help="override a parameter, e.g. --set migrants.smuggler_price_eur=800 (repeatable)",
    )
    p.add_argument("--no-plots", action="store_true", help="write the tables only")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="run.py",
        description="Agent-based simulation of the 2015-16 Balkans migration route: migrants, border "
        "points and OSCE field missions. With no command, runs the historical scenario.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    _add_run_options(sub.add_parser("run", help="run one scenario and write its tables and plots"))
    _add_batch_options(
        sub.add_parser(
            "batch",
            help="run scenarios x parameter points x replicates; results to disk as each run ends",
            description="Run a batch: every scenario x sweep/sample point x replicate. Each run's tables go to "
            "OUT/runs/<run id>/*.parquet as it finishes, with OUT/manifest.csv; --resume skips runs "
            "already on disk. Exit code 1 if any run failed.",
        )
    )
    return p


def _add_batch_options(p: argparse.ArgumentParser):
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario names or YAML paths")
    p.add_argument("--replicates", type=int, default=1, metavar="N", help="seeds per scenario and point (default 1)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="replicate r uses seed S+r (default 0)")
    p.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="KEY.PATH=VALUE",
        help="override a parameter in every run (repeatable)",
    )
    p.add_argument(
        "--people-per-agent", type=int, default=None, metavar="N", help="shorthand for --set people_per_agent=N"
    )
    p.add_argument(
        "--sweep",
        action="append",
        default=[],
        metavar="KEY.PATH=V1,V2,...",
        help="run every value (repeatable: the grid of all combinations)",
    )
    p.add_argument(
        "--sample",
        default=None,
        metavar="lhs:N[:KEY,KEY...]",
        help="N Latin-hypercube points over the parameters' declared ranges (all, or those named)",
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=2, metavar="W", help="local worker processes (default 2)")
    where.add_argument(
        "--scheduler",
        default=None,
        metavar="tcp://HOST:PORT",
        help="send the runs to a Dask distributed scheduler instead (pip install -e .[dask])",
    )
    p.add_argument("--out", type=Path, default=None, help="batch folder (default: results/batch-<scenarios>)")
    p.add_argument("--resume", action="store_true", help="finish a batch folder, skipping runs already on disk")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def command_run(args) -> int:
    from tqdm import tqdm

    from analysis.run_plots import plot_run
    from scenarios.loader import load_scenario, parse_set
    from scenarios.runner import simulate, write_run

    overrides = parse_set(args.assignments)
    if args.people_per_agent is not None:
        overrides["people_per_agent"] = args.people_per_agent
    scenario = load_scenario(args.scenario, overrides)
    out = args.out or Path("results") / scenario.name
    started = time.perf_counter()
    n_days = (scenario.parameters.end_date - scenario.parameters.start_date).days + 1
    with tqdm(total=n_days, unit="day", desc=f"{scenario.name} seed {args.seed}", disable=args.quiet) as bar:
        model = simulate(scenario, args.seed, progress=lambda day: bar.update(1))
    summary = write_run(model, out)
    figures = [] if args.no_plots else plot_run(out)
    elapsed = time.perf_counter() - started
    print(f"\n{scenario.name}: {summary['arrivals_in_greece_and_bulgaria']:,} people simulated in {elapsed:.1f} s")
    print(
        f"  arrived at destinations {summary['arrivals_at_destinations']:,}; peak stranded "
        f"{summary['peak_stranded']:,} on {summary['peak_stranded_date']}; "
        f"smuggled share {summary['smuggled_share']:.1%}"
    )
    print(f"Results in {out.resolve()}/")
    print("  tables: countries.csv, borders.csv, missions.csv, visits.csv, statuses.csv, summary.json")
    if figures:
        print(f"  plots:  {', '.join('plots/' + f.name for f in figures)}")
    return 0


def command_batch(args) -> int:
    from scenarios.batch import run_batch
    from scenarios.loader import parse_set
    from scenarios.plan import parse_sweep, plan_runs

    overrides = parse_set(args.assignments)
    if args.people_per_agent is not None:
        overrides["people_per_agent"] = args.people_per_agent
    runs = plan_runs(args.scenarios, args.replicates, args.seed, overrides, parse_sweep(args.sweep), args.sample)
    out = args.out or Path("results") / ("batch-" + "-".join(Path(s).stem for s in args.scenarios))
    plan = {
        "scenarios": args.scenarios,
        "replicates": args.replicates,
        "seed": args.seed,
        "set": args.assignments,
        "sweep": args.sweep,
        "sample": args.sample,
    }
    started = time.perf_counter()
    executor, client = None, None
    if args.scheduler:
        try:
            from distributed import Client
        except ImportError:
            print("error: --scheduler needs Dask: pip install -e '.[dask]'", file=sys.stderr)
            return 2
        client = Client(args.scheduler)
        executor = client.get_executor()
    try:
        manifest = run_batch(
            runs, out, workers=args.workers, executor=executor, resume=args.resume, plan=plan, progress=not args.quiet
        )
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            f"\ninterrupted: finished runs are in {out.resolve()}/; finish with the same command and --resume",
            file=sys.stderr,
        )
        return 130
    finally:
        if client is not None:
            client.close()
    counts = manifest.status.value_counts().to_dict()
    elapsed = time.perf_counter() - started
    print(
        f"\n{len(manifest)} runs: {counts.get('ok', 0)} ok, {counts.get('failed', 0)} failed "
        f"in {elapsed:.1f} s ({len(manifest) / elapsed * 60:.0f} runs/min)"
    )
    for row in manifest[manifest.status == "failed"].itertuples():
        print(f"  failed {row.run_id} ({row.scenario}, seed {row.seed}): {row.error}")
    print(f"Results in {out.resolve()}/ (manifest.csv; runs/<run id>/*.parquet; read with analysis.load)")
    return 1 if counts.get("failed", 0) else 0


COMMANDS = ("run", "batch")


def main(argv=None) -> int:
    argv = list(argv or [])
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv = ["run", *argv]  # no command: run (the historical scenario unless one is named)
    args = parser().parse_args(argv)
    from scenarios.loader import ScenarioError

    try:
        return {"run": command_run, "batch": command_batch}[args.command](args)
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
