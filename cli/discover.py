"""``python run.py discover``: scenario discovery (PRIM, EMA Workbench) over a batch of sampled parameters."""

import argparse
import sys
from pathlib import Path

HELP = "scenario discovery: the parameter ranges where an outcome passes a threshold (PRIM, EMA Workbench)"
DESCRIPTION = (
    "Read a batch whose parameters were sampled (python run.py batch SCENARIO --sample lhs:N[:KEY,...]), mark "
    "the runs whose summary OUTCOME is above (or below) a threshold, and find with PRIM (EMA Workbench) the box "
    "of parameter ranges that holds them: its coverage (share of those runs inside it) and density (share of "
    "its runs that are such runs), with the whole peeling trajectory and each parameter's feature score. "
    "Writes box.csv, trajectory.csv, feature_scores.csv and discovery.png/.svg (pip install -e '.[discover]')."
)


def add_arguments(p: argparse.ArgumentParser):
    p.add_argument("batch", type=Path, metavar="BATCH", help="a batch folder made with --sample")
    p.add_argument("--outcome", required=True, metavar="METRIC", help="a summary metric, e.g. peak_stranded")
    side = p.add_mutually_exclusive_group(required=True)
    side.add_argument("--above", type=float, metavar="VALUE", help="runs with OUTCOME above VALUE are of interest")
    side.add_argument("--below", type=float, metavar="VALUE", help="runs with OUTCOME below VALUE are of interest")
    p.add_argument(
        "--min-coverage",
        type=float,
        default=0.5,
        metavar="C",
        help="show the densest box that still holds this share of the runs of interest (default 0.5)",
    )
    p.add_argument("--out", type=Path, default=None, help="folder (default: BATCH/discover-OUTCOME)")


def main(args) -> int:
    try:
        import ema_workbench  # noqa: F401
    except ImportError:
        print("error: discover needs EMA Workbench: pip install -e '.[discover]'", file=sys.stderr)
        return 2
    from analysis.discovery import DiscoveryError, discover, write_discovery
    from analysis.results import load

    try:
        summary = load(args.batch)["summary"]
        found = discover(summary, args.outcome, args.above, args.below, args.min_coverage)
    except (FileNotFoundError, DiscoveryError) as exc:
        print(f"error: {args.batch}: {exc}", file=sys.stderr)
        return 2
    rule = f"above {args.above:,g}" if args.above is not None else f"below {args.below:,g}"
    out = args.out or args.batch / f"discover-{args.outcome}"
    paths = write_discovery(found, args.outcome, rule, out)
    row = found.trajectory.iloc[found.chosen]
    print(f"{int(found.of_interest.sum())} of {len(found.cases)} runs have {args.outcome} {rule}.")
    print(f"Box: coverage {row['coverage']:.2f}, density {row['density']:.2f}, {int(row['n'])} runs inside:")
    for name, b in found.box.iterrows():
        print(f"  {name}: {b['min']:.4g} to {b['max']:.4g} (sampled {b['sampled_min']:.4g} to {b['sampled_max']:.4g})")
    print("Feature scores: " + ", ".join(f"{k} {v:.2f}" for k, v in found.scores.head(5).items()))
    for path in paths.values():
        print(f"  {path}")
    return 0
