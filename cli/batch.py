"""``python run.py batch``: scenarios x parameter points x replicates, written to disk as runs end."""

import argparse
import sys
import time
from pathlib import Path

from cli.options import add_override_options, at_least_one, scheduler_address, seed

HELP = "run scenarios x parameter points x replicates; results to disk as each run ends"
DESCRIPTION = (
    "Run a batch: every scenario x sweep/sample point x replicate. Each run's tables go to "
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
