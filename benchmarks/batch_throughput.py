"""Benchmark: batch throughput, 1 worker against 2.

    python benchmarks/batch_throughput.py [--runs 100] [--people-per-agent 100] [--workers 1 2]

Runs the historical scenario ``--runs`` times (replicates) at each worker count, into temporary
folders, and prints wall time, runs per minute and the speed-up over one worker.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from runs import plan_runs, run_batch  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=100)
    p.add_argument("--people-per-agent", type=int, default=100)
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = p.parse_args(argv)
    runs = plan_runs(
        ["historical"], replicates=args.runs, seed=0, overrides={"people_per_agent": args.people_per_agent}
    )
    walls = {}
    for workers in args.workers:
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            manifest = run_batch(runs, out, workers=workers)
            walls[workers] = time.perf_counter() - started
        ok = int((manifest.status == "ok").sum())
        print(
            f"{workers} worker(s): {ok}/{len(runs)} runs ok in {walls[workers]:.1f} s "
            f"({len(runs) / walls[workers] * 60:.0f} runs/min)"
        )
    if 1 in walls:
        for workers, wall in walls.items():
            if workers != 1:
                print(f"speed-up {workers} workers over 1: {walls[1] / wall:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
