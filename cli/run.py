"""``python run.py run``: one scenario, its tables and plots (and the default command)."""

import argparse
import time
from pathlib import Path

from cli.options import add_override_options, seed

HELP = "run one scenario and write its tables and plots"
DEFAULT_SCENARIO = "historical"
DEFAULT_SEED = 42


def add_arguments(p: argparse.ArgumentParser):
    p.add_argument(
        "scenario",
        nargs="?",
        default=DEFAULT_SCENARIO,
        help=f"scenario name from scenarios/ (e.g. historical) or a path to a YAML file (default: {DEFAULT_SCENARIO})",
    )
    p.add_argument("--seed", type=seed, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})")
    p.add_argument("--out", type=Path, default=None, help="output folder (default: results/<scenario name>)")
    add_override_options(p)
    p.add_argument("--no-plots", action="store_true", help="write the tables only")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def main(args) -> int:
    from tqdm import tqdm

    from analysis.run_plots import plot_run
    from cli.options import overrides_from_args
    from model.recorder import TABLES
    from runs.runner import simulate, write_run
    from runs.store import check_run_folder
    from scenarios.loader import load_scenario

    overrides = overrides_from_args(args)
    scenario = load_scenario(args.scenario, overrides)
    out = args.out or Path("results") / scenario.name
    check_run_folder(out)  # a bad --out fails now, not after the simulation
    started = time.perf_counter()
    n_days = (scenario.parameters.end_date - scenario.parameters.start_date).days + 1
    with tqdm(total=n_days, unit="day", desc=f"{scenario.name} seed {args.seed}", disable=args.quiet) as bar:
        model = simulate(scenario, args.seed, progress=lambda day: bar.update(1))
    figures = []
    summary = write_run(model, out, also=None if args.no_plots else lambda folder: figures.extend(plot_run(folder)))
    elapsed = time.perf_counter() - started
    print(f"\n{scenario.name}: {summary['arrivals_in_greece_and_bulgaria']:,} people simulated in {elapsed:.1f} s")
    print(
        f"  arrived at destinations {summary['arrivals_at_destinations']:,}; peak stranded "
        f"{summary['peak_stranded']:,} on {summary['peak_stranded_date']}; "
        f"smuggled share {summary['smuggled_share']:.1%}"
    )
    print(f"Results in {out.resolve()}/")
    print(f"  tables: {', '.join(f'{name}.csv' for name in TABLES)}, summary.json")
    if figures:
        print(f"  plots:  {', '.join('plots/' + f.name for f in figures)}")
    return 0
