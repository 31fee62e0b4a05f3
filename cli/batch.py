"""``python run.py batch``: scenarios x parameter points x replicates, written to disk as runs end."""

import argparse
import sys
import time
from pathlib import Path

from cli.options import add_override_options, at_least_one, scheduler_address, seed

HELP = "run scenarios x parameter points x replicates; results to disk as each run ends"
DESCRIPTION = (
    "Run a batch: every scenario x sweep/sample point (x posterior draw) x replicate. Each run's tables go to "
    "OUT/runs/<run id>/*.parquet as it finishes, with OUT/manifest.csv; --resume skips runs "
    "already on disk. Exit code 1 if any run failed."
)


def add_arguments(p: argparse.ArgumentParser):
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario names or YAML paths")
    p.add_argument(
        "--replicates", type=at_least_one, default=1, metavar="N", help="seeds per scenario and point (default 1)"
    )
    p.add_argument("--seed", type=seed, default=0, metavar="S", help="replicate r uses seed S+r (default 0)")
    add_override_options(p)
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
    p.add_argument(
        "--posterior",
        type=Path,
        default=None,
        metavar="FILE",
        help="posterior-predictive: run every scenario over --draws parameter draws from FILE (the posterior.csv "
        "of calibrate --method abc), the same draws for every scenario, each draw on its own --replicates seeds",
    )
    p.add_argument("--draws", type=at_least_one, default=None, metavar="N", help="with --posterior: draws (default 20)")
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--workers", type=at_least_one, default=2, metavar="W", help="local worker processes (default 2)"
    )
    where.add_argument(
        "--scheduler",
        default=None,
        metavar="tcp://HOST:PORT",
        type=scheduler_address,
        help="send the runs to a Dask distributed scheduler instead (pip install -e .[dask])",
    )
    p.add_argument("--out", type=Path, default=None, help="batch folder (default: results/batch-<scenarios>)")
    p.add_argument("--resume", action="store_true", help="finish a batch folder, skipping runs already on disk")
    p.add_argument(
        "--force",
        action="store_true",
        help="if OUT holds a batch made with other settings or another model, rename it to OUT.old-<time> and "
        "start anew",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def main(args) -> int:
    from cli.options import overrides_from_args
    from runs.batch import cluster_executor, run_batch
    from runs.plan import parse_sweep, plan_runs

    overrides = overrides_from_args(args)
    if args.draws is not None and args.posterior is None:
        print("error: --draws needs --posterior FILE", file=sys.stderr)
        return 2
    draws, notes, tables = None, [], {}
    if args.posterior is not None:
        draws, tables = _draws(args)
    runs = plan_runs(args.scenarios, args.replicates, args.seed, overrides, parse_sweep(args.sweep), args.sample,
                     draws, notes)  # fmt: skip
    for note in notes:
        print(f"note: {note}")
    out = args.out or Path("results") / ("batch-" + "-".join(Path(s).stem for s in args.scenarios))
    plan = {
        "scenarios": args.scenarios,
        "replicates": args.replicates,
        "seed": args.seed,
        "set": args.assignments,
        "sweep": args.sweep,
        "sample": args.sample,
    }
    if draws:
        from runs.posterior import file_hash

        plan["posterior"] = {"file": str(args.posterior), "sha256": file_hash(args.posterior), "draws": len(draws)}
    started = time.perf_counter()
    try:
        with cluster_executor(args.scheduler) as executor:
            manifest = run_batch(
                runs,
                out,
                workers=args.workers,
                executor=executor,
                resume=args.resume,
                force=args.force,
                plan=plan,
                progress=not args.quiet,
                tables=tables,
            )
    except (FileExistsError, ImportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            f"\ninterrupted: finished runs are in {out.resolve()}/; finish with the same command and --resume",
            file=sys.stderr,
        )
        return 130
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


def _draws(args) -> tuple[list, dict]:
    """The posterior draws, their table for the batch folder, and a word on how many particles carry them."""
    from runs.posterior import DRAWS_FILE, draws_table, effective_sample_size, read_posterior, sample_draws

    args.draws = args.draws or 20
    particles, weights = read_posterior(args.posterior)
    draws = sample_draws(particles, weights, args.draws, args.seed)
    distinct, ess = len({d.particle for d in draws}), effective_sample_size(weights)
    print(f"posterior {args.posterior}: {len(draws)} draws of {len(draws[0].values)} parameters, {distinct} distinct "
          f"particles (effective sample size {ess:.1f}); each draw on {args.replicates} seed(s)")  # fmt: skip
    if ess < min(10, len(draws)):
        print(f"warning: the posterior's weight rests on {ess:.1f} particles' worth: its draws repeat a few particles, "
              "so the bands understate what is unknown of the parameters")  # fmt: skip
    return draws, {DRAWS_FILE: draws_table(draws, args.seed, args.replicates)}
